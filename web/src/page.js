// Renders a whole vita.v1.Page into #page, with the head, top bar and footer.
import { obj, str } from './format.js';
import { htmlText } from './html.js';
import { applyHead, description, pageTitle, person } from './meta.js';
import { safeImageSrc } from './safe-url.js';
import { renderBio } from './sections/bio.js';
import { renderBrand, renderFooter } from './sections/chrome.js';
import { renderEducation } from './sections/education.js';
import { renderExperience } from './sections/experience.js';
import { renderHeader } from './sections/header.js';
import { renderNews } from './sections/news.js';
import { renderPublications } from './sections/publications.js';

/**
 * Renders the page. ctx.markdown(key, text, inline) gives a Markdown field
 * as checked nodes; ctx.markdownHtml(key, text) the same as HTML (for the
 * description's text). ctx.search is the address's query string (the
 * publication filter), ctx.setSearch(s) replaces it without a reload.
 * @param {object} page vita.v1.Page (proto3 JSON)
 * @param {{profileId: string, origin: string, path: string, url: string,
 *   search: string, setSearch: function(string): void,
 *   markdown: function(string, string, boolean): Node,
 *   markdownHtml: function(string, string): string,
 *   published: boolean}} ctx
 */
export function renderPage(page, ctx) {
  const p = obj(page.profile);
  const root = document.getElementById('page');
  root.textContent = '';
  root.setAttribute('data-profile', ctx.profileId);
  // A section with nothing in it is left out, as on the reference page.
  const sections = [renderHeader(p, ctx), renderBio(p, ctx), renderNews(page.news, ctx),
    renderEducation(p, ctx), renderExperience(p, ctx), ...renderPublications(page.publications, p, ctx)];
  for (const s of sections) if (s) root.appendChild(s);
  renderBrand(p, ctx);
  renderFooter(page, ctx);
  const bio = str(p.bio);
  const bioText = bio ? htmlText(ctx.markdownHtml(`${str(p.name)}#bio`, bio)) : '';
  const photo = safeImageSrc(obj(p.photo).url, ctx.origin);
  const image = photo ? new URL(photo, ctx.origin).href : '';
  applyHead(document, {
    title: pageTitle(p, ctx.profileId),
    description: description(p, ctx.profileId, bioText),
    url: ctx.url,
    image,
    person: person(p, { profileId: ctx.profileId, bioText, url: ctx.url, image }),
  });
  document.getElementById('status').hidden = true;
  root.hidden = false;
  document.documentElement.setAttribute('data-state', 'ready');
}

