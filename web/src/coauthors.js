// Co-author links: Profile.coauthors names people (with other spellings)
// and their homepages; an author of a publication without a url of its own
// whose name is one of those links to that homepage. Names compare without
// case and with runs of space as one ("J.  Li" is "j. li").
//
//   const urls = coauthorUrls(profile.coauthors);
//   authorUrl({ name: 'J. Li' }, urls);  // "https://www.news.cs.nyu.edu/~jinyang/"
import { arr, obj, str } from './format.js';

const key = (name) => str(name).normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Each name and variant of the co-authors, to the co-author's url; the first
 * co-author with a name wins. Co-authors without a url are left out.
 * @param {unknown} coauthors vita.v1.Coauthor list (proto3 JSON)
 * @returns {Map<string, string>}
 */
export function coauthorUrls(coauthors) {
  const urls = new Map();
  for (const c of arr(coauthors).map(obj)) {
    const url = str(c.url);
    if (!url) continue;
    for (const name of [c.name, ...arr(c.nameVariants)]) {
      const k = key(name);
      if (k && !urls.has(k)) urls.set(k, url);
    }
  }
  return urls;
}

/**
 * The url an author's name links to: its own, else its co-author's, else "".
 * @param {{name?: string, url?: string}} author vita.v1.Author
 * @param {Map<string, string>} urls from coauthorUrls
 * @returns {string}
 */
export function authorUrl(author, urls) {
  return str(author.url) || urls.get(key(author.name)) || '';
}
