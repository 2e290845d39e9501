// The profile's header: name, photo at the right, office, e-mails, icon links.
import { h, icon, link } from '../dom.js';
import { arr, obj, obfuscateEmail, str } from '../format.js';
import { EMAIL_KINDS, PAGE_ICONS, PROFILE_LINK_KINDS } from '../icons.js';
import { safeHref } from '../safe-url.js';
import { picture } from './common.js';

/**
 * @param {object} profile vita.v1.Profile
 * @param {{profileId: string, origin: string}} ctx
 * @returns {HTMLElement}
 */
export function renderHeader(profile, ctx) {
  const p = obj(profile);
  // The reference page says position and institution in the bio's first
  // sentence; the header repeats them only when there is no bio.
  const sub = [str(p.headline), str(p.affiliation)].filter(Boolean);
  const office = obj(p.office);
  const officeLine = str(office.address) && h('p', { className: 'profile-office' },
    icon(PAGE_ICONS.office), ' Office: ',
    safeHref(office.mapUrl) ? link(office.mapUrl, office.address, { title: 'Map of the office' })
      : h('span', null, office.address));
  const emails = arr(p.emails).map(obj).filter((e) => str(e.address)).map((e) =>
    h('p', { className: 'profile-email' }, icon(PAGE_ICONS.email),
      ` ${EMAIL_KINDS[e.kind] || 'Email'}: `,
      link(`mailto:${e.address}`, obfuscateEmail(e.address), { className: 'email' })));
  const links = arr(p.links).map(obj);
  const nav = links.length > 0 && h('nav', { className: 'profile-links', 'aria-label': 'Profiles and contact' },
    h('ul', null, links.map((l) => {
      const kind = PROFILE_LINK_KINDS[l.kind] || PROFILE_LINK_KINDS.OTHER;
      const label = str(l.label) || kind.name;
      const a = link(l.url, icon(kind.icon), { label, title: label, className: 'icon-link' });
      // h-card: the researcher's own profiles elsewhere (rel="me"); a CV
      // is a document, not the person.
      if (a.tagName === 'A' && l.kind !== 'CV') a.rel = ['me', a.rel].filter(Boolean).join(' ');
      // Unsafe URL: the label as plain text next to the icon.
      if (a.tagName !== 'A') a.appendChild(document.createTextNode(` ${label}`));
      return h('li', { 'data-kind': str(l.kind) || 'OTHER' }, a);
    })));
  // h-card microformats (microformats.org/wiki/h-card): name, photo, the
  // page's own URL (u-url u-uid) and the rel="me" links.
  const own = ctx.origin && ctx.profileId ? `${ctx.origin}/p/${ctx.profileId}` : '';
  return h('header', { className: 'profile-header h-card' },
    h('div', { className: 'profile-text' },
      h('h1', { className: 'profile-name' }, h('span', { className: 'p-name' }, str(p.displayName) || ctx.profileId),
        own && h('data', { className: 'u-url u-uid', value: own })),
      sub.length > 0 && !str(p.bio).trim() && h('p', { className: 'profile-headline' }, sub.join(', ')),
      officeLine, emails, nav),
    picture(p.photo, 'profile-photo u-photo', ctx.origin, true));
}
