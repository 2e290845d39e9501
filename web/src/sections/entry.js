// One education or experience entry: logo, title (linked), dates, the role
// line; and the section of such entries.
import { h, link } from '../dom.js';
import { arr, formatRange, nameSeparator, obj, str } from '../format.js';
import { safeHref } from '../safe-url.js';
import { markdownBox, picture, section } from './common.js';

function people(list) {
  return list.map((person, i) => [nameSeparator(i, list.length),
    str(person.honorific) && `${person.honorific} `,
    person.url ? link(person.url, str(person.name)) : h('span', null, str(person.name))]);
}

/**
 * @param {{title: string, url?: string, logo?: object, start?: object, end?: object,
 *   role: string, advisors?: Array<object>, notes?: string, notesKey: string,
 *   notesInline?: boolean}} e
 * @param {object} ctx
 * @returns {HTMLElement}
 */
export function renderEntry(e, ctx) {
  const range = formatRange(e.start, e.end);
  const notes = str(e.notes);
  // Education: "**Degree (notes)**, advised by Prof. A and Prof. B", all in
  // italics as on the reference page. Experience: the role in italics, the
  // notes as a paragraph below.
  const role = e.notesInline
    ? h('strong', { className: 'entry-degree' }, e.role, notes && [' (',
      markdownBox(ctx, e.notesKey, notes, 'markdown entry-notes', true), ')'])
    : h('span', null, e.role);
  const advisors = arr(e.advisors).map(obj).filter((a) => str(a.name));
  return h('article', { className: 'entry' },
    picture(e.logo, 'entry-logo', ctx.origin),
    h('h3', { className: 'entry-title' }, safeHref(e.url) ? link(e.url, e.title) : e.title),
    range && h('p', { className: 'entry-dates' }, range),
    h('p', { className: 'entry-role' }, role, advisors.length > 0 && [', advised by ', people(advisors)]),
    !e.notesInline && notes && markdownBox(ctx, e.notesKey, notes, 'markdown entry-notes'));
}

/**
 * The section of the profile's list field `field` (education, experience),
 * one entry per element, or null when the list is empty.
 * @param {object} profile vita.v1.Profile
 * @param {string} field the list field, also the section's id
 * @param {string} title
 * @param {function(object): {title: string, role: string, advisors?: Array<object>,
 *   notesInline?: boolean}} fields what is particular to this field's entries
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function entrySection(profile, field, title, fields, ctx) {
  const p = obj(profile);
  const list = arr(p[field]).map(obj);
  if (!list.length) return null;
  return section(field, title, list.map((e, i) => renderEntry({
    url: e.url, logo: e.logo, start: e.start, end: e.end, notes: e.notes,
    notesKey: `${str(p.name)}#${field}[${i}].notes`, ...fields(e),
  }, ctx)));
}
