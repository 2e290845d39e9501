// The News section, in the order the server gives (pinned first, newest first).
import { h } from '../dom.js';
import { arr, formatNewsDate, obj, str } from '../format.js';
import { markdownBox, section } from './common.js';

/**
 * @param {Array<object>} news vita.v1.NewsItem list
 * @param {object} ctx
 * @returns {HTMLElement|null}
 */
export function renderNews(news, ctx) {
  const items = arr(news).map(obj);
  if (!items.length) return null;
  return section('news', 'News', h('ul', { className: 'news-list' }, items.map((n) =>
    h('li', { className: n.pinned ? 'news-item pinned' : 'news-item' },
      h('span', { className: 'news-date' }, `[${formatNewsDate(n.date)}]`), ' ',
      markdownBox(ctx, `${str(n.name)}#text`, str(n.text), 'markdown news-text', true)))));
}
