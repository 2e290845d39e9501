// The Publications section, in the order the server gives; the owner is the
// author the server marks with isOwner.
import { h, icon, link } from '../dom.js';
import { paperPath } from '../data.js';
import { arr, authorFootnote, authorLabel, obj, str, venueLine } from '../format.js';
import { PUBLICATION_LINK_KINDS } from '../icons.js';
import { safeHref } from '../safe-url.js';
import { section } from './common.js';

function author(a) {
  const name = authorLabel(a);
  if (a.isOwner === true) return h('u', { className: 'author owner' }, name);
  if (safeHref(a.url)) return link(a.url, name, { className: 'author' });
  return h('span', { className: 'author' }, name);
}

function pubLink(l) {
  const kind = PUBLICATION_LINK_KINDS[l.kind] || PUBLICATION_LINK_KINDS.OTHER;
  const a = link(l.url, [icon(kind.icon), ` ${str(l.label) || kind.name}`], { className: 'publication-link' });
  a.setAttribute('data-kind', str(l.kind) || 'OTHER');
  return a;
}

// The Cite control of one paper: its BibTeX (as the server wrote it, byte
// for byte what `vita pub export` writes) copied to the clipboard or
// downloaded as {key}.bib.
function cite(pub, bibtex) {
  const key = (/^@\w+\{([^,\s]+),/.exec(bibtex) || [])[1] || 'publication';
  const copy = h('button', { type: 'button', className: 'cite-copy' }, 'Copy BibTeX');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(bibtex);
      copy.textContent = 'Copied';
    } catch (e) {
      copy.textContent = 'Copy failed';
    }
  });
  const download = h('button', { type: 'button', className: 'cite-download' }, 'Download .bib');
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([bibtex], { type: 'application/x-bibtex' }));
    const a = h('a', { href: url, download: `${key}.bib`, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return h('span', { className: 'publication-cite', role: 'group', 'aria-label': `Cite ${str(pub.title)}` },
    copy, ' ', download);
}

/**
 * @param {Array<object>} publications vita.v1.Publication list
 * @param {{profileId: string, bibtex: function(string): string}} [ctx]
 *   ctx.bibtex gives a publication's BibTeX when the server embedded it
 * @returns {HTMLElement|null}
 */
export function renderPublications(publications, ctx = { profileId: '', bibtex: () => '' }) {
  const list = arr(publications).map(obj);
  if (!list.length) return null;
  const authors = list.flatMap((p) => arr(p.authors).map(obj));
  const hasBibtex = list.some((p) => ctx.bibtex(str(p.name)));
  const footnote = authorFootnote(authors.some((a) => a.equalContribution),
    authors.some((a) => a.corresponding));
  return section('publications', 'Publications',
    h('ol', { className: 'publication-list' }, list.map((pub) => {
      const venue = venueLine(pub);
      const links = arr(pub.links).map(obj);
      return h('li', { className: 'publication' },
        h('h3', { className: 'publication-title' }, paperPath(pub.name)
          ? link(paperPath(pub.name), str(pub.title), { className: 'publication-title-link' })
          : str(pub.title)),
        h('p', { className: 'publication-authors' },
          arr(pub.authors).map(obj).map((a, i) => [i > 0 && ', ', author(a)]),
          pub.moreAuthors === true && ', et al.'),
        h('p', { className: 'publication-meta' },
          venue && h('em', { className: 'publication-venue' }, venue),
          links.length > 0 && h('span', { className: 'publication-links' }, links.map(pubLink)),
          ctx.bibtex(str(pub.name)) && cite(pub, ctx.bibtex(str(pub.name)))));
    })),
    footnote && h('p', { className: 'footnote' }, footnote),
    hasBibtex && h('p', { className: 'publications-bib' },
      link(`/p/${ctx.profileId}/publications.bib`, 'All publications as BibTeX (.bib)', { className: 'bib-all' })));
}
