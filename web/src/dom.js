// Building DOM nodes, Preact-style: h(tag, props, ...children). Text goes in
// as text nodes, never as HTML; links pass safeHref().
import { safeHref, isExternal } from './safe-url.js';

/** The SVG namespace. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. props: className, and any attribute (values set with
 * setAttribute; null/undefined/false are left out). Children: nodes or
 * strings (as text); null, false and undefined are skipped, arrays flattened.
 * @param {string} tag
 * @param {Record<string, any>|null} [props]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'className') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

/**
 * Appends children as h() does.
 * @param {Node} parent
 * @param {Array<any>} children
 */
export function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/**
 * An icon: <svg class="icon"><use href="#ID"></svg>, as wide as the symbol
 * of the same id says (icon-symbols.js) (a 512-unit em, as the icon fonts had).
 * @param {string} id e.g. "fa-github", "ai-cv"
 * @returns {SVGSVGElement}
 */
export function icon(id) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const symbol = document.getElementById(id);
  const box = symbol && symbol.getAttribute('viewBox');
  const width = box ? Number(box.split(/\s+/)[2]) : 512;
  svg.setAttribute('width', `${Math.round((width / 512) * 1000) / 1000}em`);
  svg.setAttribute('height', '1em');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#${id}`);
  svg.appendChild(use);
  return svg;
}

/**
 * A link if the URL is safe, otherwise the same content in a
 * <span class="unlinked">.
 * @param {unknown} url
 * @param {any} content text or nodes
 * @param {{className?: string, label?: string, title?: string}} [opts]
 * @returns {HTMLElement}
 */
export function link(url, content, opts = {}) {
  const href = safeHref(url);
  if (!href) {
    return h('span', { className: (opts.className ? `${opts.className} ` : '') + 'unlinked' }, content);
  }
  return h('a', {
    className: opts.className, href, rel: isExternal(href) ? 'noopener noreferrer' : null,
    'aria-label': opts.label, title: opts.title,
  }, content);
}
