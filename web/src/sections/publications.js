// The publications, in the order the server gives: "Selected publications"
// (when any publication is selected), then "Publications", all of them, in
// groups by year (pinned ones first, without a year: the owner's order),
// with the filter above them. The owner is the author the server marks with
// isOwner; other authors link to their own url or their co-author's
// (Profile.coauthors).
import { h, icon, link } from '../dom.js';
import { coauthorUrls, authorUrl } from '../coauthors.js';
import { paperPath } from '../data.js';
import { arr, authorFootnote, authorLabel, obj, str, typeName, venueLine } from '../format.js';
import { PUBLICATION_LINK_KINDS } from '../icons.js';
import { groupByYear, selected } from '../pub-groups.js';
import { publicationLinks } from '../pub-links.js';
import { safeHref } from '../safe-url.js';
import { section } from './common.js';
import { publicationFilter } from './publication-filter.js';

function author(a, urls) {
  const name = authorLabel(a);
  if (a.isOwner === true) return h('u', { className: 'author owner' }, name);
  const url = authorUrl(a, urls);
  if (safeHref(url)) return link(url, name, { className: 'author' });
  return h('span', { className: 'author' }, name);
}

function pubLink(l) {
  const kind = PUBLICATION_LINK_KINDS[l.kind] || PUBLICATION_LINK_KINDS.OTHER;
  const a = link(l.url, [icon(kind.icon), ` ${l.label || kind.name}`], { className: 'publication-link' });
  a.setAttribute('data-kind', l.kind);
  return a;
}

// The Cite control of one paper: its BibTeX (as the server wrote it beside
// the paper's page, byte for byte what `vita pub export` writes) copied to
// the clipboard or downloaded as {citation key}.bib. The BibTeX is read
// when a reader points at the control (or focuses it), not sent with every
// page: a profile's document does not grow with each paper.
function cite(pub, paper) {
  const url = `${paper}/cite.bib`;
  const key = str(pub.citationKey) || paper.slice(paper.lastIndexOf('/') + 1);
  // Read once; read again after a failure.
  let text = null;
  const load = () => {
    if (!text) {
      text = fetch(url, { cache: 'no-cache' }).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      });
      text.catch(() => { text = null; });
    }
    return text;
  };
  const copy = h('button', { type: 'button', className: 'cite-copy' }, 'Copy BibTeX');
  copy.addEventListener('click', async () => {
    try {
      if (typeof ClipboardItem === 'function' && navigator.clipboard.write) {
        // The text as a promise, so the browser still counts the click as
        // what allows the write while the file is read (WebKit requires it).
        await navigator.clipboard.write([new ClipboardItem({
          'text/plain': load().then((t) => new Blob([t], { type: 'text/plain' })) })]);
      } else {
        await navigator.clipboard.writeText(await load());
      }
      copy.textContent = 'Copied';
    } catch (e) {
      copy.textContent = 'Copy failed';
    }
  });
  const download = h('button', { type: 'button', className: 'cite-download' }, 'Download .bib');
  download.addEventListener('click', async () => {
    let url;
    try {
      url = URL.createObjectURL(new Blob([await load()], { type: 'application/x-bibtex' }));
    } catch (e) {
      download.textContent = 'Download failed';
      return;
    }
    const a = h('a', { href: url, download: `${key}.bib`, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const group = h('span', { className: 'publication-cite', role: 'group', 'aria-label': `Cite ${str(pub.title)}` },
    copy, ' ', download);
  const early = () => load().catch(() => {});
  group.addEventListener('pointerenter', early, { once: true });
  group.addEventListener('focusin', early, { once: true });
  return group;
}

const badge = (kind, text) => h('span', { className: `badge badge-${kind}` }, text);

// One publication; its title a heading of the given level (3 or 4), linked
// to the paper's page; with its Cite control when the page is published
// (`published`: the paper's cite.bib is beside its page).
function publication(pub, level, urls, published) {
  const venue = venueLine(pub);
  const links = publicationLinks(pub);
  const type = typeName(pub.type);
  const badges = [str(pub.venueShort) && badge('venue', pub.venueShort), type && badge('type', type),
    arr(pub.awards).filter((a) => str(a)).map((a) => badge('award', a))].flat().filter(Boolean);
  const abstract = str(pub.abstract);
  const paper = paperPath(pub.name);
  return h('li', { className: 'publication' },
    h(`h${level}`, { className: 'publication-title' }, paper
      ? link(paper, str(pub.title), { className: 'publication-title-link' })
      : str(pub.title)),
    h('p', { className: 'publication-authors' },
      arr(pub.authors).map(obj).map((a, i) => [i > 0 && ', ', author(a, urls)]),
      pub.moreAuthors === true && ', et al.'),
    h('p', { className: 'publication-meta' },
      venue && h('em', { className: 'publication-venue' }, venue),
      badges.length > 0 && h('span', { className: 'publication-badges' }, badges),
      links.length > 0 && h('span', { className: 'publication-links' }, links.map(pubLink)),
      published && paper && cite(pub, paper)),
    abstract && h('details', { className: 'publication-abstract' },
      h('summary', null, 'Abstract'), h('p', null, abstract)));
}

const list = (items) => h('ol', { className: 'publication-list' }, items);

/**
 * The "Selected publications" section (or null) and the "Publications"
 * section; nothing without publications.
 * @param {Array<object>} publications vita.v1.Publication list
 * @param {object} profile vita.v1.Profile (its coauthors)
 * @param {{search: string, setSearch: function(string): void,
 *   profileId: string, published: boolean}} ctx the address's query
 *   string, and how to replace it (the filter's state); the profile's id;
 *   whether the page is published (its papers' cite.bib exist)
 * @returns {Array<HTMLElement|null>}
 */
export function renderPublications(publications, profile, ctx) {
  const pubs = arr(publications).map(obj);
  if (!pubs.length) return [];
  const urls = coauthorUrls(obj(profile).coauthors);
  const published = ctx.published === true;
  const picked = selected(pubs);
  const groups = groupByYear(pubs).map((g) => {
    const items = g.publications.map((pub) => publication(pub, g.label ? 4 : 3, urls, published));
    const el = g.label
      ? h('div', { className: 'publication-group', 'data-year': g.key },
        h('h3', { className: 'publication-year' }, g.label), list(items))
      : list(items);
    return { el, items, publications: g.publications };
  });
  const authors = pubs.flatMap((p) => arr(p.authors).map(obj));
  const footnote = authorFootnote(authors.some((a) => a.equalContribution),
    authors.some((a) => a.corresponding));
  return [
    picked.length > 0 && section('selected-publications', 'Selected publications',
      list(picked.map((pub) => publication(pub, 3, urls, published)))),
    section('publications', 'Publications',
      pubs.length > 1 && publicationFilter(pubs, groups, ctx),
      groups.map((g) => g.el),
      footnote && h('p', { className: 'footnote' }, footnote),
      published && h('p', { className: 'publications-bib' },
        link(`/p/${ctx.profileId}/publications.bib`, 'All publications as BibTeX (.bib)', { className: 'bib-all' }))),
  ];
}
