// Where the page data comes from: the JSON the server embedded in the HTML
// (<script type="application/json" id="vita-page">), or GET
// /v1/profiles/{id}/page through Envoy.
import { obj, str } from './format.js';

/** Profile names: one URL segment, as the server accepts them. */
export const PROFILE_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The embedded page data, or null when there is none (or it is not a page).
 * @param {Document} doc
 * @returns {{page: object, html: Record<string, string>}|null}
 */
export function readEmbedded(doc) {
  const el = doc.getElementById('vita-page');
  if (!el || el.tagName !== 'SCRIPT' || el.type !== 'application/json') return null;
  let data;
  try {
    data = JSON.parse(el.textContent || '');
  } catch (e) {
    return null;
  }
  const page = obj(obj(data).page);
  if (!str(obj(page.profile).name)) return null;
  const html = {};
  for (const [k, v] of Object.entries(obj(obj(data).html))) if (typeof v === 'string') html[k] = v;
  return { page, html };
}

/**
 * The profile id of a resource name "profiles/{id}", or "".
 * @param {string} name
 * @returns {string}
 */
export function profileIdOf(name) {
  const m = /^profiles\/([^/]+)$/.exec(name);
  return m ? m[1] : '';
}

/**
 * The profile named by the address: /p/{id}, or null for "/" (the default).
 * @param {string} pathname
 * @returns {string|null}
 */
export function profileIdFromPath(pathname) {
  const m = /^\/p\/([^/]*)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch (e) {
    return m[1];
  }
}

/**
 * The address of a publication's own page (published by vita-server beside
 * the profile's page): "profiles/{p}/publications/{id}" -> "/p/{p}/pub/{id}";
 * null for any other name.
 * @param {unknown} name
 * @returns {string|null}
 */
export function paperPath(name) {
  const m = /^profiles\/([a-z0-9-]+)\/publications\/([a-z0-9-]+)$/.exec(typeof name === 'string' ? name : '');
  return m ? `/p/${m[1]}/pub/${m[2]}` : null;
}

/**
 * What a failed GET of the page means, from its HTTP status and the gRPC
 * status the transcoder puts in the body.
 * @param {number} httpStatus
 * @param {unknown} body
 * @returns {'not-found'|'unavailable'|'error'}
 */
export function failureKind(httpStatus, body) {
  const code = body && typeof body.code === 'number' ? body.code : null;
  if (httpStatus === 404 && (code === 5 || code === null)) return 'not-found';
  if ([502, 503, 504].includes(httpStatus) || code === 14 || code === 4) return 'unavailable';
  return 'error';
}
