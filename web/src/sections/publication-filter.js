// The filter above the publications: a search field, chips for year and
// type, "n of m publications", "Clear filter". Its state is the address's
// query string (?q=&year=&type=, pub-filter.js), read when the page renders
// and replaced (history.replaceState, through ctx.setSearch) on every
// change; it hides the publications and groups that do not match.
import { h } from '../dom.js';
import { countLine, facets, filterSearch, isActive, matches, parseFilter } from '../pub-filter.js';

/**
 * The filter's controls and its count line, applied once to the groups
 * before they are shown.
 * @param {Array<object>} pubs every publication
 * @param {Array<{el: HTMLElement, items: HTMLElement[], publications: object[]}>} groups
 *   the rendered groups: each group's element, its items and their publications
 * @param {{search: string, setSearch: function(string): void}} ctx
 * @returns {HTMLElement[]}
 */
export function publicationFilter(pubs, groups, ctx) {
  let filter = parseFilter(ctx.search);
  const { years, types } = facets(pubs);
  const chips = [];
  const input = h('input', { type: 'search', id: 'publication-search', className: 'filter-search',
    autocomplete: 'off', spellcheck: 'false', placeholder: 'Title, author or venue' });
  input.value = filter.q;
  const count = h('p', { className: 'publication-count', role: 'status' });
  const empty = h('p', { className: 'publication-empty' }, 'No publications match the filter.');
  const clear = h('button', { type: 'button', className: 'chip filter-clear' }, 'Clear filter');

  function apply() {
    let shown = 0;
    for (const g of groups) {
      let any = false;
      g.items.forEach((li, i) => {
        li.hidden = !matches(g.publications[i], filter);
        any = any || !li.hidden;
        shown += li.hidden ? 0 : 1;
      });
      g.el.hidden = !any;
    }
    const active = isActive(filter);
    count.textContent = countLine(shown, pubs.length, active);
    empty.hidden = shown > 0;
    clear.hidden = !active;
    for (const { facet, key, button } of chips) button.setAttribute('aria-pressed', String(filter[facet] === key));
  }
  function set(change) {
    filter = { ...filter, ...change };
    apply();
    ctx.setSearch(filterSearch(ctx.search, filter));
  }
  const chipGroup = (facet, label, options) => options.length > 1 &&
    h('div', { className: 'chips', role: 'group', 'aria-label': label }, options.map(({ key, label: text }) => {
      const button = h('button', { type: 'button', className: 'chip', 'data-key': key }, text);
      button.addEventListener('click', () => set({ [facet]: filter[facet] === key ? '' : key }));
      chips.push({ facet, key, button });
      return button;
    }));

  input.addEventListener('input', () => set({ q: input.value }));
  clear.addEventListener('click', () => {
    input.value = '';
    set({ q: '', year: '', type: '' });
    input.focus();
  });
  const controls = h('div', { className: 'publication-filter', role: 'search', 'aria-label': 'Publications' },
    h('label', { className: 'visually-hidden', for: 'publication-search' }, 'Search publications'),
    input, chipGroup('year', 'Year', years), chipGroup('type', 'Type', types), clear);
  apply();
  return [controls, count, empty];
}
