// How the page writes dates, people, venues and e-mail addresses. Pure
// functions of the page data (proto3 JSON: int64 may come as strings).

const MONTHS = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.',
  'Oct.', 'Nov.', 'Dec.'];

/** @param {unknown} v @returns {string} */
export const str = (v) => (typeof v === 'string' ? v : '');
/** @param {unknown} v @returns {Array<any>} */
export const arr = (v) => (Array.isArray(v) ? v : []);
/** @param {unknown} v @returns {Record<string, any>} */
export const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
/** @param {unknown} v @returns {number} */
export function num(v) {
  const n = typeof v === 'string' ? parseInt(v, 10) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/**
 * "Sept. 2023", or the year alone without a month, or "" without a year.
 * @param {{year?: number, month?: number}|undefined} d a vita.v1.Date
 * @returns {string}
 */
export function formatMonthYear(d) {
  const o = obj(d);
  const y = num(o.year);
  const m = num(o.month);
  if (!y) return '';
  return m >= 1 && m <= 12 ? `${MONTHS[m - 1]} ${y}` : String(y);
}

/**
 * "Sept. 2019 – June 2023"; an entry without an end is "– Present".
 * @param {object|undefined} start
 * @param {object|undefined} end
 * @returns {string}
 */
export function formatRange(start, end) {
  const s = formatMonthYear(start);
  const e = end ? formatMonthYear(end) : 'Present';
  if (!s) return e === 'Present' ? '' : e;
  return `${s} \u2013 ${e || 'Present'}`;
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;

/**
 * News dates as the reference page writes them: "03/2024", "03/05/2024", "2024".
 * @param {object|undefined} d a vita.v1.Date
 * @returns {string}
 */
export function formatNewsDate(d) {
  const o = obj(d);
  const y = num(o.year);
  const m = num(o.month);
  const day = num(o.day);
  if (!y) return '';
  if (!m) return String(y);
  if (!day) return `${pad2(m)}/${y}`;
  return `${pad2(m)}/${pad2(day)}/${y}`;
}

/**
 * The newest of the RFC 3339 times given, or null.
 * @param {Array<unknown>} times
 * @returns {Date|null}
 */
export function newestTime(times) {
  let best = null;
  for (const t of times) {
    const d = typeof t === 'string' && t ? new Date(t) : null;
    if (d && !Number.isNaN(d.getTime()) && (!best || d > best)) best = d;
  }
  return best;
}

/**
 * "Nov. 27, 2026": the day in UTC, the same for every visitor.
 * @param {Date} d
 * @returns {string}
 */
export function formatDay(d) {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/**
 * An address as the page shows it: "hz3496 [at] nyu [dot] edu".
 * @param {string} address
 * @returns {string}
 */
export function obfuscateEmail(address) {
  return address.replace(/@/g, ' [at] ').replace(/\./g, ' [dot] ');
}

/**
 * The italic line under a publication's authors, from its status and venue.
 * @param {{status?: string, venue?: string}} pub
 * @returns {string}
 */
export function venueLine(pub) {
  const venue = str(pub.venue);
  switch (pub.status) {
    case 'UNDER_SUBMISSION': return venue ? `Under Submission to ${venue}` : 'Under Submission';
    case 'ACCEPTED': return venue ? `Accepted at ${venue}` : 'Accepted';
    case 'PREPRINT': return venue ? `Preprint, ${venue}` : 'Preprint';
    default: return venue;
  }
}

/**
 * An author as listed: "*" before for equal contribution, "†" after for the
 * corresponding author.
 * @param {{name?: string, equalContribution?: boolean, corresponding?: boolean}} a
 * @returns {string}
 */
export function authorLabel(a) {
  return (a.equalContribution ? '*' : '') + str(a.name) + (a.corresponding ? '\u2020' : '');
}

/**
 * What goes before the i-th of n names in "A, B and C".
 * @param {number} i
 * @param {number} n
 * @returns {string}
 */
export function nameSeparator(i, n) {
  if (i === 0) return '';
  return i === n - 1 ? ' and ' : ', ';
}

/**
 * The publications' footnote, naming the marks the list uses, or "".
 * @param {boolean} anyEqual
 * @param {boolean} anyCorresponding
 * @returns {string}
 */
export function authorFootnote(anyEqual, anyCorresponding) {
  const notes = [];
  if (anyEqual) notes.push('* Equal contribution.');
  if (anyCorresponding) notes.push('\u2020 Corresponding author.');
  return notes.join(' ');
}

/** The values of Publication.Type but TYPE_UNSPECIFIED, in the proto's order. */
export const PUBLICATION_TYPES = ('CONFERENCE_PAPER JOURNAL_ARTICLE MANUSCRIPT THESIS TALK BOOK ' +
  'BOOK_CHAPTER WORKSHOP_PAPER TECHNICAL_REPORT PATENT OTHER').split(' ');

/**
 * How the page names a Publication.Type: "CONFERENCE_PAPER" is
 * "Conference paper"; "" for no type or one it does not know.
 * @param {unknown} type
 * @returns {string}
 */
export function typeName(type) {
  const t = str(type);
  return PUBLICATION_TYPES.includes(t) ? t[0] + t.slice(1).toLowerCase().replace(/_/g, ' ') : '';
}
