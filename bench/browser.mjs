// First visits in headless Debian Chromium, each in a fresh browser context
// (an empty cache), for one or more pages, interleaved so that both see the
// same machine noise. For each visit: bytes transferred (what DevTools calls
// "transferred": headers and bodies as they came over the wire, compressed or
// not), the number of requests, the time from navigation start until a given
// text is laid out on the page (the publications), and the Largest
// Contentful Paint.
//
// Usage: node bench/browser.mjs RUNS TIMEOUT_MS TEXT URL...
// Prints JSON: {"<url>": [{"bytes":..,"requests":..,"failed":..,
//   "visibleMs":..|null,"lcpMs":..|null}, ...], ...}
// playwright-core comes from tests/node_modules (npm ci in tests/); the browser
// is Debian's /usr/bin/chromium, never a downloaded one.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'package.json'));
const { chromium } = require('playwright-core');

const [runsArg, timeoutArg, text, ...urls] = process.argv.slice(2);
const runs = Number(runsArg);
const timeout = Number(timeoutArg);
if (!(runs > 0) || !(timeout > 0) || !text || urls.length === 0) {
  console.error('usage: node bench/browser.mjs RUNS TIMEOUT_MS TEXT URL...');
  process.exit(2);
}

// Runs in the page before any of its own scripts: records when TEXT is first
// in a laid-out element (not in a script or a hidden template), and every
// LCP candidate.
const probe = (wanted) => {
  window.__benchVisible = null;
  window.__benchLcp = null;
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TITLE']);
  const check = () => {
    if (window.__benchVisible !== null || !document.body) return;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || skip.has(parent.tagName) || !n.data.includes(wanted)) continue;
      const box = parent.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) {
        window.__benchVisible = performance.now();
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

async function visit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  const requests = new Map();
  let bytes = 0;
  let failed = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('data:')) requests.set(e.requestId, e.request.url);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (requests.has(e.requestId)) bytes += e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (requests.has(e.requestId)) failed += 1;
  });
  await page.addInitScript(probe, text);
  await page.goto(url, { waitUntil: 'load', timeout });
  const deadline = Date.now() + timeout;
  let visibleMs = null;
  while (Date.now() < deadline) {
    visibleMs = await page.evaluate(() => window.__benchVisible);
    if (visibleMs !== null) break;
    await page.waitForTimeout(50);
  }
  // Late requests (fonts, pictures the renderer adds) and the last LCP
  // candidate settle after the content is there.
  await page.waitForLoadState('networkidle', { timeout }).catch(() => {});
  await page.waitForTimeout(300);
  const lcpMs = await page.evaluate(() => window.__benchLcp);
  await context.close();
  return { bytes, requests: requests.size, failed, visibleMs, lcpMs };
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    // The machine may have no Internet: other hosts fail at once, the same
    // way for every page, rather than after a DNS timeout.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
const results = Object.fromEntries(urls.map((u) => [u, []]));
try {
  for (let i = 0; i < runs; i += 1) {
    for (const url of urls) results[url].push(await visit(browser, url));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
