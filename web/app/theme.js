// Applies the remembered colour scheme before the page is painted. Without a
// remembered choice the page follows the system (prefers-color-scheme).
(function () {
  'use strict';
  try {
    var t = window.localStorage.getItem('vita-theme');
    if (t === 'light' || t === 'dark') {
      document.documentElement.setAttribute('data-theme', t);
    }
  } catch (e) {
    // Storage may be disabled; then the page just follows the system.
  }
})();
