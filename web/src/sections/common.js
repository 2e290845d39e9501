// Pieces the sections share: a titled <section>, pictures, Markdown boxes.
import { h } from '../dom.js';
import { obj, str } from '../format.js';
import { safeImageSrc } from '../safe-url.js';

/**
 * A section with its h2 as its accessible name.
 * @param {string} id
 * @param {string} title
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function section(id, title, ...children) {
  return h('section', { className: 'section', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), ...children);
}

/**
 * A picture from this origin, or null.
 * @param {object|undefined} image vita.v1.Image
 * @param {string} className
 * @param {string} origin
 * @param {boolean} [eager]
 * @returns {HTMLImageElement|null}
 */
export function picture(image, className, origin, eager = false) {
  const i = obj(image);
  const src = safeImageSrc(i.url, origin);
  if (!src) return null;
  return h('img', { className, src, alt: str(i.altText), loading: eager ? 'eager' : 'lazy',
    decoding: 'async' });
}

/**
 * A Markdown field, rendered, in a div (or a span with inline).
 * @param {{markdown: function(string, string, boolean): Node}} ctx
 * @param {string} key "<resource name>#<field>"
 * @param {string} text the Markdown
 * @param {string} className
 * @param {boolean} [inline]
 * @returns {HTMLElement}
 */
export function markdownBox(ctx, key, text, className, inline = false) {
  return h(inline ? 'span' : 'div', { className }, ctx.markdown(key, text, inline));
}
