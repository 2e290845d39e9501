// The publication filter: free text over title, authors and venue, one year
// and one type, kept in the page's address
// (/p/hexu-zhao?q=gaussian&year=2025&type=journal-article). Pure functions of
// the page data and the query string; the section applies them
// (sections/publication-filter.js).
//
//   const f = parseFilter(location.search);   // {q: 'gaussian', year: '2025', type: ''}
//   list.filter((p) => matches(p, f));
//   filterSearch(location.search, { ...f, year: '' });  // "?q=gaussian"
import { arr, num, obj, str, typeName, PUBLICATION_TYPES } from './format.js';

/** The year key of publications without a year (Publication.year 0). */
export const FORTHCOMING = 'forthcoming';

/**
 * A publication's year as the filter names it: "2025", or "forthcoming".
 * @param {{year?: number|string}} pub
 * @returns {string}
 */
export function yearKey(pub) {
  const y = num(pub.year);
  return y ? String(y) : FORTHCOMING;
}

/**
 * A Publication.Type as the filter names it: "CONFERENCE_PAPER" is
 * "conference-paper"; no type (or TYPE_UNSPECIFIED) is "".
 * @param {unknown} type
 * @returns {string}
 */
export function typeKey(type) {
  return typeName(type) && str(type).toLowerCase().replace(/_/g, '-');
}

/**
 * The filter in a query string; absent parameters are "".
 * @param {string} search e.g. location.search
 * @returns {{q: string, year: string, type: string}}
 */
export function parseFilter(search) {
  const p = new URLSearchParams(search);
  return { q: p.get('q') || '', year: p.get('year') || '', type: p.get('type') || '' };
}

/**
 * The query string with the filter in it, other parameters kept: "" or "?...".
 * @param {string} search the current query string
 * @param {{q: string, year: string, type: string}} filter
 * @returns {string}
 */
export function filterSearch(search, filter) {
  const p = new URLSearchParams(search);
  for (const k of ['q', 'year', 'type']) {
    if (filter[k]) p.set(k, filter[k]);
    else p.delete(k);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Whether the filter leaves anything out.
 * @param {{q: string, year: string, type: string}} filter
 * @returns {boolean}
 */
export function isActive(filter) {
  return words(filter.q).length > 0 || !!filter.year || !!filter.type;
}

// Text as the search compares it: lower case, accents dropped ("Gödel" is
// found by "godel"), runs of space as one.
const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const words = (q) => fold(str(q)).split(/\s+/).filter(Boolean);

/**
 * Whether a publication passes the filter: every word of q is in its title,
 * an author's name, its venue or its short venue, and year and type (when
 * set) are its own.
 * @param {object} pub vita.v1.Publication (proto3 JSON)
 * @param {{q: string, year: string, type: string}} filter
 * @returns {boolean}
 */
export function matches(pub, filter) {
  if (filter.year && yearKey(pub) !== filter.year) return false;
  if (filter.type && typeKey(pub.type) !== filter.type) return false;
  const want = words(filter.q);
  if (!want.length) return true;
  const text = fold([str(pub.title), ...arr(pub.authors).map((a) => str(obj(a).name)), str(pub.venue),
    str(pub.venueShort)].join('\n'));
  return want.every((w) => text.includes(w));
}

/**
 * The chips the filter offers for a list: its years ("forthcoming" first,
 * then newest first) and its types (in the order of Publication.Type), each
 * with its label.
 * @param {Array<object>} list
 * @returns {{years: Array<{key: string, label: string}>, types: Array<{key: string, label: string}>}}
 */
export function facets(list) {
  const years = [...new Set(list.map(yearKey))]
    .sort((a, b) => (a === FORTHCOMING ? -1 : b === FORTHCOMING ? 1 : Number(b) - Number(a)));
  const present = new Set(list.map((p) => str(p.type)));
  return {
    years: years.map((key) => ({ key, label: key === FORTHCOMING ? 'Forthcoming' : key })),
    types: PUBLICATION_TYPES.filter((t) => present.has(t)).map((t) => ({ key: typeKey(t), label: typeName(t) })),
  };
}

/**
 * What the count line says: "12 publications", or "3 of 12 publications"
 * while the filter is active.
 * @param {number} shown
 * @param {number} total
 * @param {boolean} active
 * @returns {string}
 */
export function countLine(shown, total, active) {
  const noun = total === 1 ? 'publication' : 'publications';
  return active ? `${shown} of ${total} ${noun}` : `${total} ${noun}`;
}
