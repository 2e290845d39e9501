// A publication's links: the stored ones in their order, then one to the
// DOI resolver (https://doi.org/{doi}) and one to arXiv
// (https://arxiv.org/abs/{arxiv_id}) when the publication has the
// identifier and no stored link of that kind. The page still puts every URL
// through safeHref.
//
//   publicationLinks({ doi: '10.1145/3620666.3651380', links: [] })
//   // [{ kind: 'DOI', url: 'https://doi.org/10.1145/3620666.3651380', label: '' }]
import { arr, obj, str } from './format.js';

// Each "/"-separated part percent-encoded: a DOI may hold "<", "#" or "?".
const path = (id) => id.split('/').map(encodeURIComponent).join('/');

/**
 * @param {string} doi e.g. "10.1145/3620666.3651380"
 * @returns {string}
 */
export const doiUrl = (doi) => `https://doi.org/${path(doi)}`;

/**
 * @param {string} id e.g. "2406.18533" or "hep-th/9901001"
 * @returns {string}
 */
export const arxivUrl = (id) => `https://arxiv.org/abs/${path(id)}`;

/**
 * @param {object} pub vita.v1.Publication (proto3 JSON)
 * @returns {Array<{kind: string, url: string, label: string}>}
 */
export function publicationLinks(pub) {
  const links = arr(pub.links).map(obj).map((l) => ({ kind: str(l.kind) || 'OTHER', url: str(l.url),
    label: str(l.label) }));
  const has = (kind) => links.some((l) => l.kind === kind);
  const doi = str(pub.doi).trim();
  const arxiv = str(pub.arxivId).trim();
  const derived = [];
  if (doi && !has('DOI')) derived.push({ kind: 'DOI', url: doiUrl(doi), label: '' });
  if (arxiv && !has('ARXIV')) derived.push({ kind: 'ARXIV', url: arxivUrl(arxiv), label: '' });
  return links.concat(derived);
}
