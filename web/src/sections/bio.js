// The Bio section: the bio in Markdown, or the research interests when
// there is no bio (they are always in the JSON-LD as knowsAbout).
import { h } from '../dom.js';
import { arr, obj, str } from '../format.js';
import { markdownBox, section } from './common.js';

/**
 * The Bio section, or null when there is nothing to say.
 * @param {object} profile vita.v1.Profile
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function renderBio(profile, ctx) {
  const p = obj(profile);
  const bio = str(p.bio);
  const interests = arr(p.researchInterests).map(str).filter(Boolean);
  if (!bio.trim() && !interests.length) return null;
  return section('bio', 'Bio',
    bio && markdownBox(ctx, `${str(p.name)}#bio`, bio, 'markdown bio-text'),
    interests.length > 0 && !bio.trim() && h('p', { className: 'interests' },
      h('strong', null, 'Research interests: '), interests.join(', ')));
}
