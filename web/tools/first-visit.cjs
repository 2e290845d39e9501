#!/usr/bin/env node
// Measures what a first visit of /p/hexu-zhao transfers, and takes
// screenshots of the page at 1280 and 360 px, light and dark.
//
// Usage: node web/tools/first-visit.cjs WEB_ROOT SCREENSHOT_DIR [--embed]
// --embed: the HTML of /p/hexu-zhao carries the page data as the coming
// server-side publisher will send it (web/README.md), Markdown rendered here
// with markdown-it as a stand-in for the server's cmark.
// Starts a real vita-server (demo data) and Envoy through tests/web/support.js
// (so the build tree must have vita-server, the descriptor set and Envoy),
// opens the page in Debian's Chromium with an empty cache and lists every
// response: bytes of the body as served, and for text the size after
// gzip -9 and brotli -q 11 (what a compressing server would send). Prints
// a table and totals.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const [webRoot, shots, flag] = process.argv.slice(2);
const embed = flag === '--embed';
if (!webRoot || !shots) {
  console.error('usage: first-visit.cjs WEB_ROOT SCREENSHOT_DIR');
  process.exit(2);
}
process.env.VITA_WEB_ROOT = path.resolve(webRoot);
const S = require('../../tests/support/web');

// Serves /p/hexu-zhao with the page data embedded.
async function embedData(page, origin) {
  const { renderMarkdown } = await import('../src/markdown.js');
  const data = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
  const p = data.profile;
  const html = {};
  const put = (key, text) => { if (text) html[key] = renderMarkdown(text); };
  put(`${p.name}#bio`, p.bio);
  (p.education || []).forEach((e, i) => put(`${p.name}#education[${i}].notes`, e.notes));
  (p.experience || []).forEach((e, i) => put(`${p.name}#experience[${i}].notes`, e.notes));
  (data.news || []).forEach((n) => put(`${n.name}#text`, n.text));
  const json = JSON.stringify({ page: data, html }).replace(/</g, '\\u003c');
  await page.route('**/p/hexu-zhao', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('</body>',
      `<script type="application/json" id="vita-page">${json}</script>\n</body>`);
    await route.fulfill({ response, body });
  });
}

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const server = await S.startServer();
  const gw = await S.startGateway(server.address, { webRoot: path.resolve(webRoot) });
  const browser = await S.launchBrowser();
  try {
    await S.waitForApi(gw.url);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    if (embed) await embedData(page, gw.url);
    const rows = [];
    page.on('response', async (r) => {
      const body = await r.body().catch(() => Buffer.alloc(0));
      const type = r.headers()['content-type'] || '';
      const text = /text|json|javascript|svg|xml/.test(type);
      rows.push({ url: r.url().replace(gw.url, ''), status: r.status(), bytes: body.length,
        gzip: text ? zlib.gzipSync(body, { level: 9 }).length : body.length,
        br: text ? zlib.brotliCompressSync(body).length : body.length, type });
    });
    await page.goto(gw.url + '/p/hexu-zhao');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
    await page.waitForLoadState('networkidle');
    rows.sort((a, b) => a.url.localeCompare(b.url));
    let bytes = 0;
    let gz = 0;
    let br = 0;
    const pad = (n) => String(n).padStart(8);
    console.log(`${pad('bytes')} ${pad('gzip -9')} ${pad('brotli')}`);
    for (const r of rows) {
      bytes += r.bytes;
      gz += r.gzip;
      br += r.br;
      console.log(`${pad(r.bytes)} ${pad(r.gzip)} ${pad(r.br)}  ${r.status} ${r.url}`);
    }
    console.log(`${pad(bytes)} ${pad(gz)} ${pad(br)}  total of ${rows.length} requests ` +
      '(bytes as served; gzip -9 and brotli -q 11 of the text files)');
    await context.close();

    for (const colorScheme of ['light', 'dark']) {
      for (const width of [1280, 360]) {
        const c = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
        const p = await c.newPage();
        if (embed) await embedData(p, gw.url);
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
