// The Experience section.
import { arr, obj, str } from '../format.js';
import { section } from './common.js';
import { renderEntry } from './entry.js';

/**
 * @param {object} profile vita.v1.Profile
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function renderExperience(profile, ctx) {
  const p = obj(profile);
  const list = arr(p.experience).map(obj);
  if (!list.length) return null;
  return section('experience', 'Experience', list.map((e, i) => renderEntry({
    title: str(e.organization), url: e.url, logo: e.logo, start: e.start, end: e.end,
    role: str(e.role), notes: e.notes, notesKey: `${str(p.name)}#experience[${i}].notes`,
  }, ctx)));
}
