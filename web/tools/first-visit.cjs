#!/usr/bin/env node
// Measures what a first visit of /p/hexu-zhao transfers, and takes
// screenshots of the page at 1280 and 360 px, light and dark.
//
// Usage: node web/tools/first-visit.cjs WEB_ROOT SCREENSHOT_DIR
// Starts a real vita-server (demo data) and Envoy through tests/web/support.js
// (so the build tree must have vita-server, the descriptor set and Envoy),
// opens the page in Debian's Chromium with an empty cache and lists every
// response: bytes of the body as served, and for text the size after
// gzip -9 (what a compressing server would send). Prints a table and totals.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const [webRoot, shots] = process.argv.slice(2);
if (!webRoot || !shots) {
  console.error('usage: first-visit.cjs WEB_ROOT SCREENSHOT_DIR');
  process.exit(2);
}
process.env.VITA_WEB_ROOT = path.resolve(webRoot);
const S = require('../../tests/web/support');

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const server = await S.startServer();
  const gw = await S.startGateway(server.address, { webRoot: path.resolve(webRoot) });
  const browser = await S.launchBrowser();
  try {
    await S.waitForApi(gw.url);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const rows = [];
    page.on('response', async (r) => {
      const body = await r.body().catch(() => Buffer.alloc(0));
      const type = r.headers()['content-type'] || '';
      const text = /text|json|javascript|svg|xml/.test(type);
      rows.push({ url: r.url().replace(gw.url, ''), status: r.status(), bytes: body.length,
        gzip: text ? zlib.gzipSync(body, { level: 9 }).length : body.length, type });
    });
    await page.goto(gw.url + '/p/hexu-zhao');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
    await page.waitForLoadState('networkidle');
    rows.sort((a, b) => a.url.localeCompare(b.url));
    let bytes = 0;
    let gz = 0;
    for (const r of rows) {
      bytes += r.bytes;
      gz += r.gzip;
      console.log(`${String(r.bytes).padStart(8)} ${String(r.gzip).padStart(8)}  ${r.status} ${r.url}`);
    }
    console.log(`${String(bytes).padStart(8)} ${String(gz).padStart(8)}  total of ${rows.length} requests ` +
      '(bytes as served, gzip -9 of the text files)');
    await context.close();

    for (const colorScheme of ['light', 'dark']) {
      for (const width of [1280, 360]) {
        const c = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
        const p = await c.newPage();
        await p.goto(gw.url + '/p/hexu-zhao');
        await p.waitForFunction(() => document.documentElement.dataset.state === 'ready');
        await p.waitForLoadState('networkidle');
        await p.screenshot({ path: path.join(shots, `${colorScheme}-${width}.png`), fullPage: true });
        await c.close();
      }
    }
  } finally {
    await browser.close();
    await gw.stop();
    await server.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
