// Light and dark colours: the remembered choice (localStorage "vita-theme"),
// else the system's (prefers-color-scheme), and the toggle in the top bar.

const KEY = 'vita-theme';

/** Applies the remembered colour scheme; run before the first paint. */
export function applyStoredTheme() {
  try {
    const t = window.localStorage.getItem(KEY);
    if (t === 'light' || t === 'dark') document.documentElement.setAttribute('data-theme', t);
  } catch (e) {
    // Storage may be disabled; then the page follows the system.
  }
}

function effectiveTheme() {
  const t = document.documentElement.getAttribute('data-theme');
  if (t === 'light' || t === 'dark') return t;
  return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

// A toggle button: its name stays "Dark mode"; aria-pressed (and the switch
// drawn next to the label) says whether it is on, the tooltip what a click does.
function updateButton() {
  const button = document.getElementById('theme-toggle');
  if (!button) return;
  const dark = effectiveTheme() === 'dark';
  button.setAttribute('aria-pressed', dark ? 'true' : 'false');
  button.title = dark ? 'Dark mode is on: switch to light colours' : 'Dark mode is off: switch to dark colours';
}

/** Wires the top bar's toggle and follows system changes. */
export function setupThemeToggle() {
  const button = document.getElementById('theme-toggle');
  if (button) {
    button.addEventListener('click', () => {
      const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
      document.documentElement.setAttribute('data-theme', next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (e) {
        // Not remembered then.
      }
      updateButton();
    });
  }
  if (window.matchMedia) {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    if (mq.addEventListener) mq.addEventListener('change', updateButton);
  }
  updateButton();
}
