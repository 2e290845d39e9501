// The Education section.
import { str } from '../format.js';
import { entrySection } from './entry.js';

/**
 * @param {object} profile vita.v1.Profile
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function renderEducation(profile, ctx) {
  return entrySection(profile, 'education', 'Education', (e) => ({
    title: str(e.institution), role: str(e.degree), advisors: e.advisors, notesInline: true,
  }), ctx);
}
