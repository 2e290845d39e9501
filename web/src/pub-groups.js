// How the page arranges the publications the server gives, without
// re-sorting them: the selected ones, and the list in groups by year.
//
//   selected(list)     // the publications with `selected`, in the given order
//   groupByYear(list)  // [{key: 'pinned', label: '', publications}, {key: '2025', label: '2025', ...}]
import { num } from './format.js';
import { FORTHCOMING, yearKey } from './pub-filter.js';

/**
 * The selected publications, in the order given.
 * @param {Array<object>} list vita.v1.Publication list
 * @returns {Array<object>}
 */
export function selected(list) {
  return list.filter((p) => p.selected === true);
}

/**
 * The list cut into groups of consecutive publications: pinned ones
 * (display_order > 0, the owner's own order) in one group without a label,
 * the others by year ("Forthcoming" for year 0). The server lists pinned
 * publications first and the rest newest first with year 0 before every
 * year, so each year is one group; a list in another order gets a group
 * for each run, still in the order given.
 * @param {Array<object>} list vita.v1.Publication list
 * @returns {Array<{key: string, label: string, publications: Array<object>}>}
 */
export function groupByYear(list) {
  const groups = [];
  for (const pub of list) {
    const key = num(pub.displayOrder) > 0 ? 'pinned' : yearKey(pub);
    const last = groups[groups.length - 1];
    if (last && last.key === key) {
      last.publications.push(pub);
    } else {
      const label = key === 'pinned' ? '' : key === FORTHCOMING ? 'Forthcoming' : key;
      groups.push({ key, label, publications: [pub] });
    }
  }
  return groups;
}
