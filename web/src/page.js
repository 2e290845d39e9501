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

// The element id a fragment ("#news-2024") names, or "".
function decodeHash(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch (e) {
    return '';
  }
}

// Counts renderPage calls: the rest of an older render is dropped.
let renders = 0;

/**
 * Renders the page: the header and bio at once, the rest after the next
 * frame (data-state="ready" then). ctx.markdown(key, text, inline) gives a Markdown field
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
  const generation = ++renders;
  const p = obj(page.profile);
  const root = document.getElementById('page');
  root.textContent = '';
  root.setAttribute('data-profile', ctx.profileId);
  // A section with nothing in it is left out, as on the reference page.
  for (const s of [renderHeader(p, ctx), renderBio(p, ctx)]) if (s) root.appendChild(s);
  document.getElementById('status').hidden = true;
  root.hidden = false;
  const rest = () => {
    if (generation !== renders) return; // a newer render took the page
    const sections = [renderNews(page.news, ctx), renderEducation(p, ctx), renderExperience(p, ctx),
      ...renderPublications(page.publications, p, ctx)];
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
    document.documentElement.setAttribute('data-state', 'ready');
    // The browser looked for the address's fragment (#publications) while
    // the document was parsed, before this part of the page existed: go to
    // it now, unless the reader has scrolled meanwhile.
    const id = decodeHash(location.hash);
    const target = id && document.getElementById(id);
    if (target && root.contains(target) && window.scrollY === 0) target.scrollIntoView();
  };
  // The top of the page (header and bio, the largest text) is drawn in a
  // frame of its own, before the rest is built: the browser lays out and
  // paints the first screen without the fonts and boxes of the sections
  // below it. A hidden document draws no frames: it gets the rest at once
  // (one hidden after this point gets it when it is shown again).
  if (document.visibilityState === 'visible' && typeof requestAnimationFrame === 'function') {
    requestAnimationFrame(() => setTimeout(rest, 0));
  } else {
    rest();
  }
}
