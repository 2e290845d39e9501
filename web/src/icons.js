// The icons of the page: link kinds of the protos (vita.v1.ProfileLink.Kind,
// vita.v1.PublicationLink.Kind) and the few of the page's own lines. The
// build (web/build.mjs) puts exactly the icons named here (usedIcons()) into
// index.html, as SVG symbols taken from the Font Awesome and Academicons
// packages; it fails on an icon it has no source for.

/** Icon and name of each ProfileLink.Kind. */
export const PROFILE_LINK_KINDS = {
  CV: { icon: 'ai-cv', name: 'CV' },
  EMAIL: { icon: 'fa-envelope', name: 'E-mail' },
  GOOGLE_SCHOLAR: { icon: 'ai-google-scholar', name: 'Google Scholar' },
  DBLP: { icon: 'ai-dblp', name: 'DBLP' },
  GITHUB: { icon: 'fa-github', name: 'GitHub' },
  LINKEDIN: { icon: 'fa-linkedin', name: 'LinkedIn' },
  ORCID: { icon: 'ai-orcid', name: 'ORCID' },
  ZHIHU: { icon: 'fa-zhihu', name: 'Zhihu' },
  X: { icon: 'fa-x-twitter', name: 'X' },
  HOMEPAGE: { icon: 'fa-house', name: 'Homepage' },
  OTHER: { icon: 'fa-link', name: 'Link' },
};

/** Icon and label of each PublicationLink.Kind. */
export const PUBLICATION_LINK_KINDS = {
  ARXIV: { icon: 'ai-arxiv', name: 'arXiv' },
  PDF: { icon: 'fa-file-pdf', name: 'PDF' },
  CODE: { icon: 'fa-github', name: 'Code' },
  PROJECT_PAGE: { icon: 'fa-link', name: 'Project Page' },
  DOI: { icon: 'ai-doi', name: 'DOI' },
  GOOGLE_SCHOLAR: { icon: 'ai-google-scholar', name: 'Scholar' },
  VIDEO: { icon: 'fa-video', name: 'Video' },
  SLIDES: { icon: 'fa-person-chalkboard', name: 'Slides' },
  POSTER: { icon: 'fa-image', name: 'Poster' },
  OTHER: { icon: 'fa-link', name: 'Link' },
};

/** Icons of the page's own lines: office, e-mail, the dark-mode toggle. */
export const PAGE_ICONS = { office: 'fa-building', email: 'fa-inbox', theme: 'fa-moon' };

/** Labels of EmailAddress.Kind. */
export const EMAIL_KINDS = { WORK: 'Work Email', PERSONAL: 'Personal Email', OTHER: 'Email' };

/**
 * Every icon the page can show, sorted: the icons of both kind maps and of
 * the page's own lines.
 * @returns {string[]}
 */
export function usedIcons() {
  const all = [...Object.values(PROFILE_LINK_KINDS), ...Object.values(PUBLICATION_LINK_KINDS)]
    .map((k) => k.icon).concat(Object.values(PAGE_ICONS));
  return [...new Set(all)].sort();
}
