// The Experience section.
import { str } from '../format.js';
import { entrySection } from './entry.js';

/**
 * @param {object} profile vita.v1.Profile
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function renderExperience(profile, ctx) {
  return entrySection(profile, 'experience', 'Experience', (e) => ({
    title: str(e.organization), role: str(e.role),
  }), ctx);
}
