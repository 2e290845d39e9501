// Puts Markdown rendered as HTML (by markdown-it in the browser, or by the
// server's cmark) into the page, re-checked: the HTML is parsed in an inert
// <template>, and only the elements and attributes CommonMark produces are
// rebuilt, every link through safeHref(). Anything else becomes its text.
import { safeHref, isExternal } from './safe-url.js';

// Elements CommonMark writes, and the attributes kept on each.
const ALLOWED = {
  P: [], EM: [], STRONG: [], CODE: [], PRE: [], BLOCKQUOTE: [], UL: [], OL: ['start'], LI: [],
  H1: [], H2: [], H3: [], H4: [], H5: [], H6: [], HR: [], BR: [], A: ['href', 'title'],
};

function clean(node, doc) {
  if (node.nodeType === 3) return doc.createTextNode(node.data);
  if (node.nodeType !== 1) return null;
  const tag = node.tagName.toUpperCase();
  // Pictures in Markdown would load from anywhere: they are shown as their text.
  if (tag === 'IMG') return doc.createTextNode(node.getAttribute('alt') || '');
  const kept = node.namespaceURI === 'http://www.w3.org/1999/xhtml' ? ALLOWED[tag] : undefined;
  if (!kept) return doc.createTextNode(node.textContent || '');
  let out;
  if (tag === 'A') {
    const href = safeHref(node.getAttribute('href'));
    if (!href) {
      // A link to nowhere safe: its text, without the link.
      out = doc.createDocumentFragment();
    } else {
      out = doc.createElement('a');
      out.setAttribute('href', href);
      if (isExternal(href)) out.setAttribute('rel', 'noopener noreferrer');
      if (node.hasAttribute('title')) out.setAttribute('title', node.getAttribute('title'));
    }
  } else {
    out = doc.createElement(tag.toLowerCase());
    for (const a of kept) {
      if (node.hasAttribute(a)) out.setAttribute(a, node.getAttribute(a));
    }
    if (tag === 'OL' && out.hasAttribute('start') && !/^\d{1,9}$/.test(out.getAttribute('start'))) {
      out.removeAttribute('start');
    }
  }
  for (const c of node.childNodes) {
    const cc = clean(c, doc);
    if (cc) out.appendChild(cc);
  }
  return out;
}

/**
 * Parses HTML without running or loading anything and returns a fragment of
 * checked nodes. With inline, a lone top-level <p> is unwrapped (the
 * server renders whole documents; news and education notes are inline).
 * @param {string} html
 * @param {boolean} [inline]
 * @returns {DocumentFragment}
 */
export function checkedFragment(html, inline = false) {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  let roots = [...tpl.content.childNodes];
  if (inline) {
    const elements = roots.filter((n) => n.nodeType === 1);
    const onlyP = elements.length === 1 && elements[0].tagName === 'P' &&
      roots.every((n) => n === elements[0] || (n.nodeType === 3 && !n.data.trim()));
    if (onlyP) roots = [...elements[0].childNodes];
  }
  const frag = document.createDocumentFragment();
  for (const n of roots) {
    const c = clean(n, document);
    if (c) frag.appendChild(c);
  }
  return frag;
}

/**
 * The text of some HTML, whitespace collapsed (for meta descriptions).
 * @param {string} html
 * @returns {string}
 */
export function htmlText(html) {
  return (checkedFragment(html).textContent || '').replace(/\s+/g, ' ').trim();
}
