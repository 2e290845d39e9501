// One education or experience entry: logo, title (linked), dates, the role line.
import { h, link } from '../dom.js';
import { arr, formatRange, nameSeparator, obj, str } from '../format.js';
import { safeHref } from '../safe-url.js';
import { markdownBox, picture } from './common.js';

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
