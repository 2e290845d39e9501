// The status area: loading, not found, server unavailable, errors.
import { h } from './dom.js';

/**
 * Shows a state in the status area and hides the page. Not "loading": a
 * heading, the document title, and data-state on <html>.
 * @param {string} kind loading | not-found | unavailable | offline | error
 * @param {string} title
 * @param {string} detail
 */
export function showStatus(kind, title, detail) {
  const status = document.getElementById('status');
  document.getElementById('page').hidden = true;
  status.hidden = false;
  status.className = `status status-${kind}`;
  status.setAttribute('data-state', kind);
  status.textContent = '';
  if (kind !== 'loading') status.appendChild(h('h1', { className: 'status-title' }, title));
  status.appendChild(h('p', { className: 'status-text' }, detail));
  if (kind !== 'loading' && kind !== 'not-found') {
    const retry = h('button', { className: 'retry', type: 'button' }, 'Try again');
    retry.addEventListener('click', () => window.dispatchEvent(new Event('vita-retry')));
    status.appendChild(retry);
  }
  if (kind === 'loading') {
    document.documentElement.removeAttribute('data-state');
  } else {
    document.title = `${title} \u00b7 Vita`;
    document.documentElement.setAttribute('data-state', kind);
  }
}
