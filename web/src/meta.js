// The <head> of a profile: title, meta description, Open Graph and a
// schema.org Person as JSON-LD, so link previews and crawlers see them.
import { str, arr, obj } from './format.js';
import { safeHref } from './safe-url.js';

/**
 * "Name – headline, affiliation", or the name alone.
 * @param {object} profile vita.v1.Profile (proto3 JSON)
 * @param {string} profileId
 * @returns {string}
 */
export function pageTitle(profile, profileId) {
  const p = obj(profile);
  const name = str(p.displayName) || profileId;
  const sub = [str(p.headline), str(p.affiliation)].filter(Boolean).join(', ');
  return sub ? `${name} \u2013 ${sub}` : name;
}

/**
 * The meta description: the bio's text, else "headline, affiliation", else
 * the name; at most 300 characters (297 and an ellipsis).
 * @param {object} profile
 * @param {string} profileId
 * @param {string} bioText the bio as plain text
 * @returns {string}
 */
export function description(profile, profileId, bioText) {
  const p = obj(profile);
  const sub = [str(p.headline), str(p.affiliation)].filter(Boolean).join(', ');
  const d = bioText || sub || str(p.displayName) || profileId;
  return d.length > 300 ? `${d.slice(0, 297)}\u2026` : d;
}

/**
 * The schema.org Person describing a profile.
 * @param {object} profile
 * @param {{profileId: string, bioText: string, url: string, image: string}} at
 *   image: the photo's absolute URL, or "" for none
 * @returns {object}
 */
export function person(profile, { profileId, bioText, url, image }) {
  const p = obj(profile);
  const name = str(p.displayName) || profileId;
  const headline = str(p.headline);
  const affiliation = str(p.affiliation);
  const out = { '@context': 'https://schema.org', '@type': 'Person', name };
  const variants = arr(p.nameVariants).map(str).filter((v) => v && v !== name);
  if (variants.length) out.alternateName = variants;
  if (headline) out.jobTitle = headline;
  if (affiliation) out.affiliation = { '@type': 'Organization', name: affiliation };
  if (bioText) out.description = bioText;
  if (image) out.image = image;
  out.url = url;
  const emails = arr(p.emails).map((e) => str(obj(e).address)).filter(Boolean);
  if (emails.length) out.email = emails[0];
  const address = str(obj(p.office).address);
  if (address) out.workLocation = { '@type': 'Place', address };
  const interests = arr(p.researchInterests).map(str).filter(Boolean);
  if (interests.length) out.knowsAbout = interests;
  const alumni = arr(p.education).map((e) => str(obj(e).institution)).filter(Boolean);
  if (alumni.length) out.alumniOf = alumni.map((n) => ({ '@type': 'EducationalOrganization', name: n }));
  const sameAs = arr(p.links).map(obj).map((l) => {
    const href = safeHref(l.url);
    return href && /^https?:/.test(href) && l.kind !== 'CV' && l.kind !== 'EMAIL' ? href : null;
  }).filter(Boolean);
  if (sameAs.length) out.sameAs = sameAs;
  return out;
}

/**
 * The schema.org ProfilePage whose mainEntity is `person` (as person()
 * makes it): what the page's JSON-LD block holds, as vita-server publishes it.
 * @param {object} personLd
 * @returns {object}
 */
export function profilePage(personLd) {
  const { '@context': context, ...mainEntity } = personLd;
  return { '@context': context, '@type': 'ProfilePage', mainEntity };
}

/**
 * JSON for a <script type="application/ld+json"> element: "<" written as
 * \u003c, so no text can end the element or open a comment in a serialised
 * copy of the page.
 * @param {object} value
 * @returns {string}
 */
export function jsonLdText(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function setMeta(doc, selector, value) {
  const m = doc.head.querySelector(selector);
  if (m) m.setAttribute('content', value);
}

/**
 * Writes title, description, Open Graph and the JSON-LD block into the head.
 * @param {Document} doc
 * @param {{title: string, description: string, url: string, image: string, person: object}} m
 */
export function applyHead(doc, m) {
  doc.title = m.title;
  setMeta(doc, 'meta[name="description"]', m.description);
  setMeta(doc, 'meta[property="og:title"]', m.person.name);
  setMeta(doc, 'meta[property="og:description"]', m.description);
  setMeta(doc, 'meta[property="og:url"]', m.url);
  setMeta(doc, 'meta[property="og:image"]', m.image);
  const old = doc.getElementById('person-jsonld');
  if (old) old.remove();
  const ld = doc.createElement('script');
  ld.type = 'application/ld+json';
  ld.id = 'person-jsonld';
  ld.textContent = jsonLdText(profilePage(m.person));
  doc.head.appendChild(ld);
}
