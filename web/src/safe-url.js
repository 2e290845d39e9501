// Which URLs the page puts into links and pictures. Every href and src the
// page writes passes one of these, whatever made it: the page's own
// rendering, markdown-it, or HTML pre-rendered by the server.

const UNSAFE_CHARS = /[\u0000-\u001f\u007f\s\\]/;

/**
 * Returns a URL safe to put in href, or null: http, https, mailto, or a path
 * on this origin ("/..." but not "//host").
 * @param {unknown} raw
 * @returns {string|null}
 */
export function safeHref(raw) {
  const s = typeof raw === 'string' ? raw.trim() : '';
  if (!s || UNSAFE_CHARS.test(s)) return null;
  if (s.charAt(0) === '/') return s.charAt(1) === '/' ? null : s;
  let u;
  try {
    u = new URL(s);
  } catch (e) {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
}

/**
 * Returns a picture URL to load, or null: only paths on this origin (given
 * as a path, or as an absolute URL of `origin`), so the page never loads
 * anything from another host.
 * @param {unknown} raw
 * @param {string} origin the page's origin, e.g. "http://127.0.0.1:8080"
 * @returns {string|null}
 */
export function safeImageSrc(raw, origin) {
  const s = typeof raw === 'string' ? raw.trim() : '';
  if (!s || UNSAFE_CHARS.test(s)) return null;
  if (s.charAt(0) === '/') return s.charAt(1) === '/' ? null : s;
  try {
    const u = new URL(s);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin) {
      return u.pathname + u.search;
    }
  } catch (e) {
    // Not a URL.
  }
  return null;
}

/**
 * Whether a link (already through safeHref) leaves this site, and so gets
 * rel="noopener noreferrer".
 * @param {string} href
 * @returns {boolean}
 */
export function isExternal(href) {
  return !/^\/|^mailto:/.test(href);
}
