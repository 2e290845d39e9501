// The page around the profile: the top bar's name and the footer.
import { h } from '../dom.js';
import { arr, formatDay, newestTime, obj, str } from '../format.js';

/**
 * Top bar: the person's name, linking to this page.
 * @param {object} profile
 * @param {{profileId: string, path: string}} ctx
 */
export function renderBrand(profile, ctx) {
  const brand = document.getElementById('brand');
  if (!brand) return;
  brand.textContent = str(obj(profile).displayName) || ctx.profileId;
  brand.setAttribute('href', ctx.path === '/' ? '/' : `/p/${encodeURIComponent(ctx.profileId)}`);
}

/**
 * Footer: copyright, the day of the newest change (UTC), what made the page.
 * @param {object} page vita.v1.Page
 * @param {{profileId: string}} ctx
 */
export function renderFooter(page, ctx) {
  const footer = document.getElementById('footer-text');
  if (!footer) return;
  const p = obj(page.profile);
  const updated = newestTime([p.updateTime,
    ...arr(page.news).map((n) => obj(n).updateTime),
    ...arr(page.publications).map((x) => obj(x).updateTime)]);
  const who = str(p.displayName) || ctx.profileId;
  const parts = [`\u00a9 ${updated ? `${updated.getUTCFullYear()} ` : ''}${who}`,
    updated && h('span', { className: 'footer-updated' }, 'Last updated ',
      h('time', { datetime: updated.toISOString() }, formatDay(updated))),
    'Made with Vita'].filter(Boolean);
  footer.textContent = '';
  parts.forEach((node, i) => {
    if (i > 0) footer.appendChild(h('span', { className: 'footer-sep' }, ' \u00b7 '));
    footer.appendChild(typeof node === 'string' ? document.createTextNode(node) : node);
  });
}
