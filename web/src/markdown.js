// Markdown to HTML in the browser, with markdown-it in safe mode: raw HTML
// off, pictures off, links only where safeHref() allows. Built as a chunk of
// its own (app/markdown.<hash>.js) that the page imports only when the HTML
// does not carry the server's rendering.
import MarkdownIt from 'markdown-it';
import { safeHref, isExternal } from './safe-url.js';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.disable(['image']);
md.validateLink = (url) => safeHref(url) !== null;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = tokens[idx].attrGet('href') || '';
  if (isExternal(href)) tokens[idx].attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/**
 * Renders Markdown as HTML: a block (paragraphs) or, with inline, one line.
 * @param {string} text
 * @param {boolean} [inline]
 * @returns {string}
 */
export function renderMarkdown(text, inline = false) {
  return inline ? md.renderInline(text) : md.render(text);
}
