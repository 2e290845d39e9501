// Start-up of Vita's homepage. Runs last in the body (inline in the
// document): applies the remembered colour scheme and renders the page at
// once, in the parser's task, from the data embedded in the HTML or fetched
// from the API. No frame is drawn
// between the two, and none of the "Loading" state before the page when its
// data is embedded (with the script in <head>, the browser laid out and
// painted that state before DOMContentLoaded: one frame more before the
// largest paint). A colour scheme the reader chose, other than their
// system's, can be missing from the first frame: the browser may paint the
// parsed body before the script has run (while it downloads, and now and
// then even when it comes from the cache, where it stays a year).
//
// Safety rules: every text from the data goes into the DOM as text or
// attributes; the only HTML inserted is Markdown rendered (by the server's
// cmark or by markdown-it in safe mode) and re-checked by html.js; every link
// passes safeHref(), every picture comes from this origin.
import { obj, str } from './format.js';
import { checkedFragment } from './html.js';
import { installIconSymbols } from './icon-symbols.js';
import { PROFILE_ID, failureKind, profileIdFromPath, profileIdOf, readEmbedded } from './data.js';
import { renderPage } from './page.js';
import { showStatus } from './status.js';
import { applyStoredTheme, setupThemeToggle } from './theme.js';

// Replaced by the build with the hashed name of the markdown-it chunk.
/* global VITA_MARKDOWN_CHUNK */
const loadMarkdown = () => import(VITA_MARKDOWN_CHUNK);

applyStoredTheme();

function context(profileId, markdownHtml, published = false) {
  return {
    profileId,
    origin: location.origin,
    path: location.pathname,
    url: location.href,
    search: location.search,
    setSearch: (s) => history.replaceState(history.state, '', location.pathname + s + location.hash),
    markdownHtml,
    markdown: (key, text, inline) => checkedFragment(markdownHtml(key, text, inline), inline),
    // The page is a published document: its paper pages, their cite.bib and
    // the profile's publications.bib are published beside it.
    published,
  };
}

const escapeHtml = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// From the HTML: the server's rendering of each Markdown field; a field it
// did not render is shown as its text.
function renderEmbedded({ page, html }) {
  const id = profileIdOf(str(obj(page.profile).name));
  renderPage(page, context(id, (key, text) =>
    (Object.prototype.hasOwnProperty.call(html, key) ? html[key] : escapeHtml(text)), true));
}

async function defaultProfile() {
  try {
    const r = await fetch('/vita-config.json', { headers: { accept: 'application/json' } });
    return str(obj(r.ok ? await r.json() : {}).defaultProfile) || 'hexu-zhao';
  } catch (e) {
    return 'hexu-zhao';
  }
}

async function readJson(response) {
  try {
    return JSON.parse(await response.text());
  } catch (e) {
    return null;
  }
}

async function fetchAndRender() {
  const id = profileIdFromPath(location.pathname) ?? await defaultProfile();
  if (!PROFILE_ID.test(id)) {
    showStatus('not-found', 'Profile not found', `\u201c${id}\u201d is not a valid profile name.`);
    return;
  }
  showStatus('loading', '', 'Loading the page\u2026');
  // markdown-it loads while the data does.
  const markdown = loadMarkdown();
  markdown.catch(() => {});
  let response;
  try {
    response = await fetch(`/v1/profiles/${encodeURIComponent(id)}/page`,
      { headers: { accept: 'application/json' }, cache: 'no-cache' });
  } catch (e) {
    showStatus('offline', 'Gateway unreachable',
      'The site\u2019s gateway cannot be reached. Check your connection, or try again later.');
    return;
  }
  const body = await readJson(response);
  if (response.ok && body && body.profile) {
    let render;
    try {
      ({ renderMarkdown: render } = await markdown);
    } catch (e) {
      // Without markdown-it the Markdown is shown as its text.
      render = escapeHtml;
    }
    renderPage(body, context(id, (key, text, inline) => render(text, inline)));
    return;
  }
  const kind = failureKind(response.status, body);
  if (kind === 'not-found') {
    showStatus(kind, 'Profile not found', `There is no profile \u201c${id}\u201d on this site.`);
  } else if (kind === 'unavailable') {
    showStatus(kind, 'Server unavailable', 'The gateway is up, but the profile server cannot be ' +
      'reached right now. Please try again in a moment.');
  } else {
    const message = body && typeof body.message === 'string' ? body.message : '';
    showStatus(kind, 'The page could not be loaded',
      `The server answered with HTTP ${response.status}${message ? `: ${message}` : ''}.`);
  }
}

function start() {
  installIconSymbols(document);
  setupThemeToggle();
  const embedded = readEmbedded(document);
  if (embedded) {
    renderEmbedded(embedded);
  } else {
    fetchAndRender();
  }
  // "Try again" loads the data again without reloading the page.
  window.addEventListener('vita-retry', () => fetchAndRender());
}

// Last in the body, the script runs once the elements it fills are parsed;
// anywhere earlier it waits for the rest of the document.
if (document.getElementById('footer-text')) {
  start();
} else {
  document.addEventListener('DOMContentLoaded', start);
}
