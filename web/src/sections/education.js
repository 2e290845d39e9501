// The Education section.
import { arr, obj, str } from '../format.js';
import { section } from './common.js';
import { renderEntry } from './entry.js';

/**
 * @param {object} profile vita.v1.Profile
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function renderEducation(profile, ctx) {
  const p = obj(profile);
  const list = arr(p.education).map(obj);
  if (!list.length) return null;
  return section('education', 'Education', list.map((e, i) => renderEntry({
    title: str(e.institution), url: e.url, logo: e.logo, start: e.start, end: e.end,
    role: str(e.degree), advisors: e.advisors, notes: e.notes, notesInline: true,
    notesKey: `${str(p.name)}#education[${i}].notes`,
  }, ctx)));
}
