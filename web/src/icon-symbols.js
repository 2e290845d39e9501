// The icon symbols of the page: an <svg class="icon-symbols"> holding one
// <symbol> per icon of icons.js usedIcons(). They come with the page's code,
// not with its HTML: the code has a content-hashed name, is cached for a
// year and precompressed at the densest setting when it is built, while
// every profile's HTML document is sent again whenever it changes. The build
// (web/build.mjs) defines VITA_ICON_SYMBOLS as the icons' data, taken from
// the Font Awesome and Academicons packages: [{ id, width, paths }], the
// symbol's viewBox being width by 512 and paths the "d" of its <path>s.
import { SVG_NS } from './dom.js';

/* global VITA_ICON_SYMBOLS */

/**
 * Puts the icon symbols first in the body, once, where dom.js icon() and the
 * <use> elements of index.html find them by id.
 * @param {Document} doc a parsed document (its body exists)
 * @param {{id: string, width: number, paths: string[]}[]} [icons]
 */
export function installIconSymbols(doc, icons = VITA_ICON_SYMBOLS) {
  if (doc.querySelector('body > svg.icon-symbols')) return;
  const make = (tag, attrs) => {
    const e = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const sprite = make('svg', { class: 'icon-symbols', width: '0', height: '0', 'aria-hidden': 'true',
    focusable: 'false' });
  for (const { id, width, paths } of icons) {
    const symbol = make('symbol', { id, viewBox: `0 0 ${width} 512` });
    for (const d of paths) symbol.appendChild(make('path', { d }));
    sprite.appendChild(symbol);
  }
  doc.body.prepend(sprite);
}
