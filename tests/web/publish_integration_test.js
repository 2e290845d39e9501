// Publish on write (server/publish/, deploy/envoy.yaml with VITA_PUBLISH_DIR):
// a real vita-server writing its published tree into a real directory, real
// Envoy serving it as files, the real `vita` CLI and curl. Self-contained: it
// starts its own vita-server (support.js's has no --publish-dir) and uses
// support.js only for Envoy and small helpers.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const S = require('../support/web');

const { vita } = S;

const DEMO_FILE = path.join(S.SOURCE_DIR, 'deploy', 'demo', 'hexu-zhao.json');
const PUBLIC_URL = 'https://hexu.example.org';

// Starts vita-server on `dir` (its database, token and publish dir stay
// there across restarts), on `port` (0: any); without `publicUrlFlag`, no
// --public-url. Resolves to { child, address, log(), kill(sig), stop() } once
// it listens.
async function startPublishingServer(dir, { env = {}, port = 0, publicUrlFlag = true } = {}) {
  const tokenFile = path.join(dir, 'token');
  if (!fs.existsSync(tokenFile)) fs.writeFileSync(tokenFile, S.ADMIN_TOKEN + '\n', { mode: 0o600 });
  const args = ['--listen', `127.0.0.1:${port}`, '--db', path.join(dir, 'vita.db'),
    '--admin-token-file', tokenFile, '--seed', DEMO_FILE,
    '--publish-dir', path.join(dir, 'published'), '--web-root', S.WEB_ROOT,
    ...(publicUrlFlag ? ['--public-url', PUBLIC_URL] : [])];
  const child = spawn(S.SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env } });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const address = await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /vita-server: listening on (\S+?):(\d+)/.exec(log);
      if (m) {
        clearInterval(timer);
        resolve(`${m[1]}:${m[2]}`);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error('vita-server exited:\n' + log));
      }
    }, 20);
  });
  return {
    child, address, log: () => log,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

// A gateway with (publishDir set) or without (the transcoder) published files.
async function gateway(upstream, publishDir) {
  const saved = process.env.VITA_PUBLISH_DIR;
  if (publishDir) process.env.VITA_PUBLISH_DIR = publishDir;
  else delete process.env.VITA_PUBLISH_DIR;
  try {
    return await S.startGateway(upstream);
  } finally {
    if (saved === undefined) delete process.env.VITA_PUBLISH_DIR;
    else process.env.VITA_PUBLISH_DIR = saved;
  }
}

// A publishing vita-server on a fresh directory and a gateway serving its
// published files: { dir, server, gw, port } (port: the server's, kept across
// its restarts).
async function startPublishingStack(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const port = await S.freePort();
  const server = await startPublishingServer(dir, { port });
  const gw = await gateway(server.address, path.join(dir, 'published'));
  return { dir, server, gw, port };
}

// Ends what a suite's before() started, any of which may be missing when it
// failed: closes the browser, stops the gateways and the server, removes the
// directory.
async function stopAll({ browser = null, gateways = [], server = null, dir = null }) {
  if (browser) await browser.close();
  for (const gw of gateways) if (gw) await gw.stop();
  if (server) await server.kill('SIGTERM');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

async function get(url) {
  const r = await fetch(url);
  return { status: r.status, type: r.headers.get('content-type') || '', body: Buffer.from(await r.arrayBuffer()) };
}

function curl(url) {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', url], { encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

// The embedded data block of a published document.
function embedded(html) {
  const m = /<script type="application\/json" id="vita-page">(.*?)<\/script>/s.exec(html);
  assert.ok(m, 'the document has the vita-page data block');
  return JSON.parse(m[1]);
}

// The temporary files (".*") below `dir`; .gateway is the gateway index's
// directory, not one.
function dotFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.name.startsWith('.') && entry.name !== '.gateway') found.push(entry.name);
  }
  return found;
}

describe('publish on write through the gateway', () => {
  let dir, server, gw, plain, port;

  before(async () => {
    S.ensureWebRoot();
    ({ dir, server, gw, port } = await startPublishingStack('vita-publish-test-'));
    plain = await gateway(server.address, null);
    await S.waitForApi(plain.url);
  });
  after(() => stopAll({ gateways: [gw, plain], server, dir }));

  it('serves the page JSON byte for byte as the transcoder prints GetPage (demo data)', async () => {
    const published = await get(`${gw.url}/v1/profiles/hexu-zhao/page`);
    const transcoded = await get(`${plain.url}/v1/profiles/hexu-zhao/page`);
    assert.equal(published.status, 200);
    assert.equal(published.type, 'application/json');
    assert.equal(transcoded.status, 200);
    assert.ok(published.body.length > 5000, `a whole page (${published.body.length} bytes)`);
    assert.equal(published.body.toString('utf8'), transcoded.body.toString('utf8'));
    assert.ok(published.body.equals(transcoded.body), 'the same bytes');
    // Served from the file, not by vita-server: the access log names no upstream.
    await S.sleep(300);
    const line = fs.readFileSync(gw.accessLog, 'utf8').split('\n')
      .filter((l) => l.includes('GET /v1/profiles/hexu-zhao/page')).pop();
    assert.match(line, /upstream=-/);
  });

  it('serves the same bytes as the transcoder for hostile and unicode text', async () => {
    const page = {
      profile: {
        name: 'profiles/hostile',
        displayName: '<script>alert(1)</script> & "q" \'a\' \u{1F600} \u{1D518} \u00e9 >',
        headline: 'h</title>',
        bio: '</script><!-- x --> **b** & <b>raw</b>\n\ttab \u{1F600} \u2028 \u00a0 [x](https://ex.com/?a=1&b=<2>)',
      },
      news: [{ name: 'profiles/hostile/news/n1', date: { year: 2024, month: 1 },
        text: '<img src=x onerror=alert(1)> & [l](https://ex.com/?a=1&b=2) \u{1F600} \\u0007' }],
    };
    const r = await fetch(`${gw.url}/v1/profiles:importPage`, { method: 'POST', body: JSON.stringify(page),
      headers: { authorization: `Bearer ${S.ADMIN_TOKEN}`, 'content-type': 'application/json' } });
    assert.equal(r.status, 200, await r.text());
    const published = await get(`${gw.url}/v1/profiles/hostile/page`);
    const transcoded = await get(`${plain.url}/v1/profiles/hostile/page`);
    assert.equal(published.status, 200);
    assert.ok(published.body.equals(transcoded.body),
      `published:\n${published.body}\ntranscoded:\n${transcoded.body}`);
    assert.match(published.body.toString('utf8'), /\\u003cscript\\u003e/);
    // The document: text escaped in the head, "<" escaped in both data blocks.
    const html = (await get(`${gw.url}/p/hostile`)).body.toString('utf8');
    assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;q&quot; &#39;a&#39; \u{1F600} \u{1D518} \u00e9 &gt; \u2013 h&lt;\/title&gt;<\/title>/u);
    assert.equal((html.match(/<\/script>/g) || []).length, (html.match(/<script/g) || []).length,
      'no text ends a script element early');
    const data = embedded(html);
    assert.equal(data.page.profile.displayName, page.profile.displayName);
    assert.equal(data.html['profiles/hostile#bio'],
      '<p><!-- raw HTML omitted --><!-- raw HTML omitted --> <strong>b</strong> &amp; ' +
      '<!-- raw HTML omitted -->raw<!-- raw HTML omitted -->\ntab \u{1F600} \u2028 \u00a0 ' +
      '<a href="https://ex.com/?a=1&amp;b=%3C2%3E" rel="noopener noreferrer">x</a></p>\n');
  });

  it('shows og:title and the schema.org Person to curl, without JavaScript', async () => {
    const html = await curl(`${gw.url}/p/hexu-zhao`);
    assert.match(html, /<title>Hexu Zhao \u2013 Ph\.D\. student of Computer Science, New York University Courant Institute<\/title>/);
    assert.match(html, /<meta property="og:title" content="Hexu Zhao">/);
    assert.match(html, /<meta property="og:type" content="profile">/);
    assert.match(html, /<meta property="og:url" content="https:\/\/hexu\.example\.org\/p\/hexu-zhao">/);
    assert.match(html, /<meta property="og:image" content="https:\/\/hexu\.example\.org\/assets\/demo\/photo\.svg">/);
    assert.equal((html.match(/<title>/g) || []).length, 1, 'one title');
    assert.equal((html.match(/<meta property="og:title"/g) || []).length, 1, 'one og:title');
    assert.match(html, /<meta name="description" content="I am a Ph\.D\. student of Computer Science at NYU Courant, advised by Prof\. Jinyang Li and Prof\. Aurojit Panda\. My research interest is in machine learning systems, with a current focus on distributed machine learning\. Recently, I have been building the Grendel-GS system for the emerging and promis\u2026">/);
    const ld = /<script type="application\/ld\+json" id="person-jsonld">(.*?)<\/script>/s.exec(html);
    assert.ok(ld, 'a JSON-LD block');
    const profilePage = JSON.parse(ld[1]);
    assert.equal(typeof profilePage.mainEntity.description, 'string');
    delete profilePage.mainEntity.description;  // The whole bio; its start is checked above.
    assert.deepEqual(profilePage, S.demoProfilePage('https://hexu.example.org'));
    // "/" is the default profile's document.
    assert.equal(await curl(`${gw.url}/`), html);
  });

  it('embeds the page and its Markdown as HTML in the document', async () => {
    const html = (await get(`${gw.url}/p/hexu-zhao`)).body.toString('utf8');
    const json = (await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body.toString('utf8');
    const data = embedded(html);
    assert.deepEqual(data.page, JSON.parse(json));
    assert.equal(data.html['profiles/hexu-zhao#education[1].notes'], '<p>Honored Yao Class</p>\n');
    assert.match(data.html['profiles/hexu-zhao#bio'],
      /^<p>I am a Ph\.D\. student of Computer Science at <a href="https:\/\/cs\.nyu\.edu\/home\/index\.html" rel="noopener noreferrer">NYU Courant<\/a>, advised by Prof\. <a href/);
    assert.deepEqual(Object.keys(data.html).sort(), ['profiles/hexu-zhao#bio',
      'profiles/hexu-zhao#education[1].notes',
      'profiles/hexu-zhao/news/deepspeed-internship#text']);
  });

  it('renders the published document in Chromium as today\'s page, with one title and one Person', async () => {
    const browser = await S.launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text()); });
      await page.goto(`${gw.url}/p/hexu-zhao`);
      await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
      const seen = await page.evaluate(() => ({
        title: document.title,
        name: document.querySelector('.profile-name').textContent,
        titles: document.querySelectorAll('title').length,
        persons: document.querySelectorAll('script[type="application/ld+json"]').length,
        ogTitles: document.querySelectorAll('meta[property="og:title"]').length,
      }));
      assert.deepEqual(seen, { title: 'Hexu Zhao \u2013 Ph.D. student of Computer Science, New York University Courant Institute',
        name: 'Hexu Zhao', titles: 1, persons: 1, ogTitles: 1 });
      // The publication filter in the address: the published document
      // answers /p/{id}?q=..., filtered.
      await page.goto(`${gw.url}/p/hexu-zhao?q=gaussian&year=2024`);
      await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
      assert.deepEqual(await page.evaluate(() => ({
        count: document.querySelector('.publication-count').textContent,
        shown: [...document.querySelectorAll('.publication')].filter((li) => !li.hidden)
          .map((li) => li.querySelector('.publication-title').textContent),
        embedded: document.getElementById('vita-page') !== null,
      })), { count: '1 of 4 publications', shown: ['On Scaling Up 3D Gaussian Splatting Training'], embedded: true });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it('shows a write made with `vita` at once: page JSON and document', async () => {
    const added = await vita(server.address, ['news', 'add', '--date', '2025-01', '--id', 'rw-check',
      'Read your *own* writes']);
    assert.equal(added.code, 0, added.stderr);
    const json = JSON.parse((await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body);
    assert.deepEqual(json.news.map((n) => n.text), ['Read your *own* writes',
      'I will join Microsoft DeepSpeed Team as a Research Scientist Intern in 2024 Summer. See you in Seattle!']);
    const data = embedded((await get(`${gw.url}/p/hexu-zhao`)).body.toString('utf8'));
    assert.equal(data.html['profiles/hexu-zhao/news/rw-check#text'], '<p>Read your <em>own</em> writes</p>\n');
  });

  it('answers a repeat visit with 304 by etag, and a write with a new etag (document, "/" and page JSON)', async () => {
    for (const p of ['/p/hexu-zhao', '/', '/v1/profiles/hexu-zhao/page']) {
      const first = await S.rawRequest(gw.url, p);
      assert.equal(first.status, 200, p);
      assert.equal(first.headers['cache-control'], 'no-cache', p);
      assert.match(first.headers.etag, /^"[0-9a-f]{32}"$/, p);
      // Any query string (the page's own filters) still serves the page.
      const queried = await S.rawRequest(gw.url, `${p}?q=gaussian&year=2024`);
      assert.equal(queried.status, 200, p);
      assert.equal(queried.headers.etag, first.headers.etag, p);
      assert.ok(queried.body.equals(first.body), p);
      const again = await S.rawRequest(gw.url, p, { headers: { 'if-none-match': first.headers.etag } });
      assert.equal(again.status, 304, p);
      assert.equal(again.headers.etag, first.headers.etag, p);
      assert.equal(again.raw.split('\r\n\r\n')[1], '', `${p}: no body`);
      // A weak comparison, and one etag among others, match too.
      const listed = await S.rawRequest(gw.url, p, { headers: { 'if-none-match': `"x", W/${first.headers.etag}` } });
      assert.equal(listed.status, 304, p);
      assert.equal((await S.rawRequest(gw.url, p, { headers: { 'if-none-match': '"other"' } })).status, 200, p);
    }
    const before = await S.rawRequest(gw.url, '/p/hexu-zhao');
    const jsonBefore = await S.rawRequest(gw.url, '/v1/profiles/hexu-zhao/page');
    const added = await vita(server.address, ['news', 'add', '--date', '2025-01', '--id', 'etag-check', 'A new etag']);
    assert.equal(added.code, 0, added.stderr);
    for (const [p, old] of [['/p/hexu-zhao', before], ['/v1/profiles/hexu-zhao/page', jsonBefore]]) {
      const after = await S.rawRequest(gw.url, p, { headers: { 'if-none-match': old.headers.etag } });
      assert.equal(after.status, 200, p);
      assert.notEqual(after.headers.etag, old.headers.etag, p);
      assert.match(after.body.toString(), /A new etag/, p);
    }
    const removed = await vita(server.address, ['news', 'delete', 'etag-check']);
    assert.equal(removed.code, 0, removed.stderr);
    // The same bytes as before the write: the same etag again.
    assert.equal((await S.rawRequest(gw.url, '/p/hexu-zhao')).headers.etag, before.headers.etag);
  });

  it('serves a write at once, compressed or not, and its brotli variant soon after, never one of older bytes', async () => {
    const added = await vita(server.address, ['news', 'add', '--date', '2025-02', '--id', 'lag-check', 'Variants lag']);
    assert.equal(added.code, 0, added.stderr);
    try {
      for (const p of ['/p/hexu-zhao', '/v1/profiles/hexu-zhao/page', '/p/hexu-zhao/news.atom']) {
        // At once: the new bytes, as they are or in a variant of exactly them.
        const now = await S.rawRequest(gw.url, p, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
        const plain = await S.rawRequest(gw.url, p);
        assert.equal(now.headers.etag, plain.headers.etag, p);
        assert.match(plain.body.toString(), /Variants lag/, p);
        const coding = now.headers['content-encoding'];
        const decoded = coding === 'br' ? zlib.brotliDecompressSync(now.body) : now.body;
        assert.ok(decoded.equals(plain.body), `${p} (${coding || 'identity'}): the bytes of its etag`);
        // Soon after: the variant.
        const br = await S.untilEncoded(gw.url, p, 'br');
        assert.equal(br.headers.etag, plain.headers.etag, p);
        assert.ok(zlib.brotliDecompressSync(br.body).equals(plain.body), p);
      }
    } finally {
      const removed = await vita(server.address, ['news', 'delete', 'lag-check']);
      assert.equal(removed.code, 0, removed.stderr);
    }
  });

  it('sends the precompressed brotli or gzip variant to a client that accepts it', async () => {
    for (const p of ['/p/hexu-zhao', '/v1/profiles/hexu-zhao/page']) {
      const plainBody = (await S.rawRequest(gw.url, p)).body;
      // The previous test wrote: its variants come a little after.
      const br = await S.untilEncoded(gw.url, p, 'br');
      assert.equal(br.headers.vary, 'accept-encoding', p);
      assert.ok(br.body.length < plainBody.length / 2, `${p}: ${br.body.length} of ${plainBody.length} bytes`);
      assert.ok(zlib.brotliDecompressSync(br.body).equals(plainBody), p);
      const gz = await S.rawRequest(gw.url, p, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip', p);
      assert.ok(zlib.gunzipSync(gz.body).equals(plainBody), p);
      assert.equal(gz.headers.etag, br.headers.etag, p);
    }
  });

  it('names an encoding only when Accept-Encoding lists it without parameters (a q-value gets the file as it is)', async () => {
    const plainBody = (await S.rawRequest(gw.url, '/p/hexu-zhao')).body;
    for (const [accepted, coding] of [['br;q=0', undefined], ['gzip;q=0', undefined], ['br;q=0, gzip;q=0', undefined],
      ['identity', undefined], ['BR', 'br'], ['deflate, gzip', 'gzip'], [' gzip , br ', 'br']]) {
      const r = await S.rawRequest(gw.url, '/p/hexu-zhao', { headers: { 'accept-encoding': accepted } });
      assert.equal(r.status, 200, accepted);
      assert.equal(r.headers['content-encoding'], coding, accepted);
      if (!coding) assert.ok(r.body.equals(plainBody), accepted);
    }
  });

  it('answers 405 with Allow to other methods than GET and HEAD on a published file, and 304 to If-None-Match: *', async () => {
    for (const target of ['/', '/p/hexu-zhao', '/p/hexu-zhao/news.atom', '/v1/profiles/hexu-zhao/page']) {
      const r = await S.rawRequest(gw.url, target, { method: 'DELETE' });
      assert.equal(r.status, 405, target);
      assert.equal(r.headers.allow, 'GET, HEAD', target);
      const any = await S.rawRequest(gw.url, target, { headers: { 'if-none-match': '*' } });
      assert.equal(any.status, 304, target);
    }
  });

  it('answers each URL with the bytes of its etag, even when its file is replaced on disk before the index names the new one', async () => {
    // As vita-server does mid-publish (rename, then the index after): the
    // gateway reads the index's blob, never the file by its name.
    const file = path.join(dir, 'published', 'p', 'hexu-zhao', 'resume.json');
    const indexed = await S.rawRequest(gw.url, '/p/hexu-zhao/resume.json');
    const variant = fs.readFileSync(file + '.gz');
    for (const f of [file, file + '.gz']) {
      fs.renameSync(f, f + '-aside');
      fs.writeFileSync(f + '.tmp', f.endsWith('.gz') ? zlib.gzipSync('{"not":"indexed"}') : '{"not":"indexed"}');
      fs.renameSync(f + '.tmp', f);
    }
    try {
      for (let i = 0; i < 6; ++i) {
        const gz = await S.rawRequest(gw.url, '/p/hexu-zhao/resume.json', { headers: { 'accept-encoding': 'gzip' } });
        assert.equal(gz.status, 200);
        assert.equal(gz.headers.etag, indexed.headers.etag);
        assert.ok(gz.body.equals(variant), 'the indexed variant');
        const plain = await S.rawRequest(gw.url, '/p/hexu-zhao/resume.json');
        assert.ok(plain.body.equals(indexed.body), 'the indexed file');
      }
    } finally {
      for (const f of [file, file + '.gz']) fs.renameSync(f + '-aside', f);
    }
  });

  it('serves a publish dir made anew while the gateway runs (a new counter file) within seconds', async () => {
    // vita-server never replaces .gateway/generation, but an operator who
    // empties the publish dir and restarts vita-server does: the gateway
    // maps the counter again every second (deploy/published_files.lua).
    await get(`${gw.url}/v1/profiles/hexu-zhao/page`);
    await server.kill('SIGTERM');
    fs.rmSync(path.join(dir, 'published'), { recursive: true });
    server = await startPublishingServer(dir, { port });
    const added = await vita(server.address, ['news', 'add', '--date', '2025-07', '--id', 'made-anew', 'Made anew']);
    assert.equal(added.code, 0, added.stderr);
    const deadline = Date.now() + 5000;
    for (;;) {
      const r = await get(`${gw.url}/v1/profiles/hexu-zhao/page`);
      if (r.status === 200 && r.body.toString().includes('Made anew')) break;
      assert.ok(Date.now() < deadline, `still ${r.status} ${r.body.toString().slice(0, 80)}`);
      await S.sleep(100);
    }
  });

  it('serves any file of the published tree at its URL with its content type (the index is generic)', async () => {
    const index = fs.readFileSync(path.join(dir, 'published', '.gateway', 'index.lua'), 'utf8');
    const urls = [...index.matchAll(/^\["([^"]+)"\] = /gm)].map((m) => m[1]).sort();
    // Each profile's page JSON and document, its artefacts (the news feed,
    // BibTeX, CSL-JSON, JSON Resume, the sitemap) and the site's sitemap
    // index and robots.txt; paper pages are files of the file server, not
    // entries of the index.
    const artefacts = (id) => [`/p/${id}/news.atom`, `/p/${id}/publications.bib`,
      `/p/${id}/publications.csl.json`, `/p/${id}/resume.json`, `/p/${id}/sitemap.xml`];
    assert.deepEqual(urls, ['/p/hexu-zhao', '/p/hexu-zhao/', ...artefacts('hexu-zhao'),
      '/p/hostile', '/p/hostile/', ...artefacts('hostile'),
      '/robots.txt', '/sitemap.xml', '/v1/profiles/hexu-zhao/page', '/v1/profiles/hostile/page']);
    const doc = await S.rawRequest(gw.url, '/p/hexu-zhao/');
    assert.equal(doc.status, 200);
    assert.equal(doc.headers['content-type'], 'text/html; charset=utf-8');
  });

  it('unpublishes a deleted profile: 404, HTML for people and JSON for the API', async () => {
    const auth = { authorization: `Bearer ${S.ADMIN_TOKEN}`, 'content-type': 'application/json' };
    let r = await fetch(`${gw.url}/v1/profiles?profileId=short-lived`, { method: 'POST', headers: auth,
      body: JSON.stringify({ displayName: 'Short Lived' }) });
    assert.equal(r.status, 200, await r.text());
    const doc = await get(`${gw.url}/p/short-lived`);
    assert.equal(doc.status, 200);
    assert.match(doc.body.toString(), /<meta property="og:title" content="Short Lived">/);
    r = await fetch(`${gw.url}/v1/profiles/short-lived`, { method: 'DELETE', headers: auth });
    assert.equal(r.status, 200, await r.text());
    const gone = await get(`${gw.url}/p/short-lived`);
    assert.equal(gone.status, 404);
    assert.match(gone.type, /^text\/html/);
    assert.match(gone.body.toString(), /<h1 class="status-title">Profile not found<\/h1>/);
    const goneJson = await get(`${gw.url}/v1/profiles/short-lived/page`);
    assert.equal(goneJson.status, 404);
    assert.equal(goneJson.type, 'application/json');
    assert.deepEqual(JSON.parse(goneJson.body), { code: 5, message: 'profile not found' });
    assert.equal(fs.existsSync(path.join(dir, 'published', 'p', 'short-lived')), false);
    assert.equal(fs.existsSync(path.join(dir, 'published', 'v1', 'profiles', 'short-lived')), false);
  });

  it('never serves a temporary file', async () => {
    const probe = path.join(dir, 'published', 'p', 'hexu-zhao', '.index.html.probe');
    fs.writeFileSync(probe, 'half');
    try {
      for (const p of ['/p/hexu-zhao/.index.html.probe', '/p/.gone-x', '/v1/profiles/hexu-zhao/.page.x']) {
        const r = await get(gw.url + p);
        assert.equal(r.status, 404, p);
        assert.doesNotMatch(r.body.toString(), /half/, p);
      }
    } finally {
      fs.rmSync(probe);
    }
  });

  it('acknowledges a write whose publishing fails, says so loudly, and republishes on the next write', async () => {
    const before = (await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body;
    // The compressor writes variants behind earlier writes, into the profile's
    // directory: once the page JSON's variant is served, it is done with it.
    await S.untilEncoded(gw.url, '/v1/profiles/hexu-zhao/page', 'br');
    const profileDir = path.join(dir, 'published', 'v1', 'profiles', 'hexu-zhao');
    fs.renameSync(profileDir, profileDir + '-saved');
    fs.writeFileSync(profileDir, 'a file where the directory should be');
    try {
      const added = await vita(server.address, ['news', 'add', '--date', '2025-02', '--id', 'unpublished',
        'Durable but not published']);
      assert.equal(added.code, 0, added.stderr);
      assert.match(server.log(), /PUBLISH FAILED for profile hexu-zhao: .*; the published page is stale until the next write or restart/);
    } finally {
      fs.rmSync(profileDir);
      fs.renameSync(profileDir + '-saved', profileDir);
    }
    assert.ok((await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body.equals(before), 'the last good version');
    const again = await vita(server.address, ['news', 'delete', 'rw-check']);
    assert.equal(again.code, 0, again.stderr);
    const json = JSON.parse((await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body);
    assert.ok(json.news.some((n) => n.text === 'Durable but not published'), 'republished on the next write');
  });
});

describe('concurrent writes through the gateway', () => {
  let dir, server, gw;

  before(async () => {
    S.ensureWebRoot();
    ({ dir, server, gw } = await startPublishingStack('vita-publish-concurrent-'));
  });
  after(async () => {
    if (gw) await gw.stop();
    if (server) await server.kill('SIGTERM');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows each of 8 concurrent writers its own write through the gateway once acknowledged, and logs every write', async () => {
    // Writers that commit while a page is published share the next publish
    // and its gateway confirmation; each must still read its own write.
    const stale = [];
    const writer = async (w) => {
      for (let round = 0; round < 3; round++) {
        const id = `cw-${w}-${round}`;
        const added = await vita(server.address, ['news', 'add', '--date', '2025-02', '--id', id, `Concurrent ${w}.${round}`]);
        assert.equal(added.code, 0, added.stderr);
        const [json, doc] = await Promise.all([get(`${gw.url}/v1/profiles/hexu-zhao/page`), get(`${gw.url}/p/hexu-zhao`)]);
        const name = `profiles/hexu-zhao/news/${id}`;
        if (!JSON.parse(json.body).news.some((n) => n.name === name)) stale.push(`${id}: page JSON`);
        if (!embedded(doc.body.toString('utf8')).page.news.some((n) => n.name === name)) stale.push(`${id}: document`);
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(writer));
    assert.deepEqual(stale, []);
    // Every write has its own change in the log, also those that shared a publish.
    const audit = await vita(server.address, ['audit', '-o', 'json']);
    assert.equal(audit.code, 0, audit.stderr);
    const logged = JSON.parse(audit.stdout).changes
      .filter((c) => c.method === 'CreateNewsItem').map((c) => c.resource).sort();
    const expected = [];
    for (let w = 0; w < 8; w++) for (let round = 0; round < 3; round++) expected.push(`profiles/hexu-zhao/news/cw-${w}-${round}`);
    assert.deepEqual(logged, expected.sort());
  });
});

describe('published pages without vita-server', () => {
  let dir, server, gw, port;

  before(async () => {
    S.ensureWebRoot();
    ({ dir, server, gw, port } = await startPublishingStack('vita-publish-down-'));
  });
  after(() => stopAll({ gateways: [gw], server, dir }));

  it('keeps serving /, /p/{id} and the page JSON with vita-server stopped; writes fail with 503 JSON', async () => {
    const added = await vita(server.address, ['news', 'add', '--date', '2025-03', '--id', 'last-words', 'Last words']);
    assert.equal(added.code, 0, added.stderr);
    await server.kill('SIGTERM');
    for (const p of ['/', '/p/hexu-zhao', '/v1/profiles/hexu-zhao/page']) {
      const r = await get(gw.url + p);
      assert.equal(r.status, 200, p);
      assert.match(r.body.toString(), /Last words/, p);
    }
    const write = await fetch(`${gw.url}/v1/profiles/hexu-zhao/news`, { method: 'POST',
      headers: { authorization: `Bearer ${S.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ date: { year: 2025, month: 4 }, text: 'lost' }) });
    assert.equal(write.status, 503);
    assert.match(write.headers.get('content-type'), /^application\/json/);
    assert.equal((await write.json()).httpStatus, 503);
  });

  it('keeps serving the last published version, with its etag, after the gateway restarts (vita-server still stopped)', async () => {
    const before = await S.rawRequest(gw.url, '/p/hexu-zhao');
    await gw.stop();
    gw = null;
    gw = await gateway(`127.0.0.1:${port}`, path.join(dir, 'published'));
    for (const p of ['/', '/p/hexu-zhao', '/v1/profiles/hexu-zhao/page']) {
      const r = await get(gw.url + p);
      assert.equal(r.status, 200, p);
      assert.match(r.body.toString(), /Last words/, p);
    }
    const after = await S.rawRequest(gw.url, '/p/hexu-zhao', { headers: { 'if-none-match': before.headers.etag } });
    assert.equal(after.status, 304);
  });

  it('leaves the last complete version when killed (SIGKILL) between writing and renaming, and republishes on restart', async () => {
    server = await startPublishingServer(dir, { env: { VITA_TEST_PUBLISH_PAUSE: '30000' }, port });
    const jsonBefore = (await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body;
    const htmlBefore = (await get(`${gw.url}/p/hexu-zhao`)).body;
    assert.match(jsonBefore.toString(), /Last words/);
    const write = vita(server.address, ['news', 'add', '--date', '2025-05', '--id', 'mid-crash', 'Committed before the crash']);
    const deadline = Date.now() + 20000;
    while (!/test hook: publish paused before renaming/.test(server.log())) {
      assert.ok(Date.now() < deadline, 'the publish paused:\n' + server.log());
      await S.sleep(20);
    }
    await server.kill('SIGKILL');
    assert.notEqual((await write).code, 0, 'the write was never acknowledged');
    const temp = dotFiles(path.join(dir, 'published'));
    assert.equal(temp.length, 1, `one temporary file left: ${temp}`);
    assert.match(temp[0], /^\.page\./);
    assert.ok((await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body.equals(jsonBefore), 'the previous page JSON');
    assert.ok((await get(`${gw.url}/p/hexu-zhao`)).body.equals(htmlBefore), 'the previous document');

    // Restart: the tree is rebuilt from the database, the commit included,
    // stale files and profiles removed.
    fs.mkdirSync(path.join(dir, 'published', 'p', 'ghost'));
    fs.writeFileSync(path.join(dir, 'published', 'p', 'ghost', 'index.html'), 'stale');
    fs.rmSync(path.join(dir, 'published', 'p', 'hexu-zhao', 'index.html'));
    server = await startPublishingServer(dir, { port });
    assert.match(server.log(), /published 1 profile\(s\)/);
    const json = JSON.parse((await get(`${gw.url}/v1/profiles/hexu-zhao/page`)).body);
    assert.ok(json.news.some((n) => n.text === 'Committed before the crash'), 'the committed write is published');
    const doc = await get(`${gw.url}/p/hexu-zhao`);
    assert.equal(doc.status, 200);
    assert.match(doc.body.toString(), /Committed before the crash/);
    assert.equal((await get(`${gw.url}/p/ghost`)).status, 404);
    assert.deepEqual(dotFiles(path.join(dir, 'published')), []);
  });
});

// Found and cited (issue 14): what each profile publishes beside its page,
// fetched through Envoy and read by Chromium's HTML parser.
describe('found and cited: published paper pages', () => {
  let dir, server, gw, browser;
  // What `vita pub export` writes for the demo's "Fully Hyperbolic Neural Networks".
  const FHNN_BIBTEX = '@inproceedings{fully-hyperbolic-nn,\n  title = {{Fully Hyperbolic Neural Networks}},\n'
    + '  author = {Weize Chen and Xu Han and Yankai Lin and Hexu Zhao and Zhiyuan Liu and Peng Li and Maosong Sun and Jie Zhou},\n'
    + '  booktitle = {ACL2022},\n  year = {2022},\n  url = {https://arxiv.org/pdf/2105.14686.pdf},\n}\n';
  const auth = { authorization: `Bearer ${S.ADMIN_TOKEN}`, 'content-type': 'application/json' };

  // The citation_* tags of `url` as Chromium parses them: [[name, content], ...].
  async function citationTags(url) {
    const page = await browser.newPage();
    try {
      const response = await page.goto(url);
      assert.equal(response.status(), 200, url);
      return await page.evaluate(() => [...document.querySelectorAll('meta[name^="citation_"]')]
        .map((m) => [m.name, m.content]));
    } finally {
      await page.close();
    }
  }

  before(async () => {
    S.ensureWebRoot();
    ({ dir, server, gw } = await startPublishingStack('vita-found-test-'));
    browser = await S.launchBrowser();
  });
  after(() => stopAll({ browser, gateways: [gw], server, dir }));

  it('gives every published HTML document, and its 304, the page\'s policy and no-referrer; other files default-src \'none\'', async () => {
    const policyOf = async (target, headers = {}) => {
      const r = await S.rawRequest(gw.url, target, { headers });
      return { status: r.status, csp: r.headers['content-security-policy'], referrer: r.headers['referrer-policy'],
        etag: r.headers.etag };
    };
    // The page's own inline script and style sheet, by the hashes the build
    // wrote (web/build.mjs), and nothing else inline.
    const hashes = Object.fromEntries(fs.readFileSync(path.join(S.WEB_ROOT, 'inline-hashes.txt'), 'utf8')
      .trim().split('\n').map((line) => line.split(' ')));
    const pagePolicy = `default-src 'self'; script-src 'self' ${hashes['script-src']}; ` +
      `style-src 'self' ${hashes['style-src']}; object-src 'none'; base-uri 'none'; form-action 'none'; ` +
      "frame-ancestors 'none'";
    for (const target of ['/', '/p/hexu-zhao', '/p/hexu-zhao/', '/p/hexu-zhao/pub/fully-hyperbolic-nn']) {
      const doc = await policyOf(target, { 'accept-encoding': 'br' });
      assert.equal(doc.status, 200, target);
      assert.equal(doc.csp, pagePolicy, target);
      assert.equal(doc.referrer, 'no-referrer', target);
      // The index's documents revalidate; a paper page is a file of
      // the file server, which sends no etag.
      assert.equal(Boolean(doc.etag), !target.includes('/pub/'), `${target}: etag ${doc.etag}`);
      if (doc.etag) {
        const again = await policyOf(target, { 'if-none-match': doc.etag });
        assert.equal(again.status, 304, `${target} revalidated`);
        assert.equal(again.csp, pagePolicy, `${target}: a 304 keeps the page's policy in the browser's cache`);
        assert.equal(again.referrer, 'no-referrer', `${target} 304`);
      }
    }
    for (const target of ['/v1/profiles/hexu-zhao/page', '/p/hexu-zhao/news.atom',
      '/p/hexu-zhao/pub/fully-hyperbolic-nn/cite.bib', '/p/hexu-zhao/publications.bib']) {
      const file = await policyOf(target);
      assert.equal(file.status, 200, target);
      assert.equal(file.csp, "default-src 'none'", target);
      assert.equal(file.referrer, undefined, target);
    }
  });

  it('serves /p/{id}/pub/{pub} as HTML with Google Scholar\'s tags, and the page links each title to it', async () => {
    const doc = await get(`${gw.url}/p/hexu-zhao/pub/fully-hyperbolic-nn`);
    assert.equal(doc.status, 200);
    assert.equal(doc.type, 'text/html; charset=utf-8');
    assert.deepEqual(await citationTags(`${gw.url}/p/hexu-zhao/pub/fully-hyperbolic-nn`), [
      ['citation_title', 'Fully Hyperbolic Neural Networks'],
      ['citation_author', 'Weize Chen'], ['citation_author', 'Xu Han'], ['citation_author', 'Yankai Lin'],
      ['citation_author', 'Hexu Zhao'], ['citation_author', 'Zhiyuan Liu'], ['citation_author', 'Peng Li'],
      ['citation_author', 'Maosong Sun'], ['citation_author', 'Jie Zhou'],
      ['citation_publication_date', '2022'],
      ['citation_conference_title', 'ACL2022'],
      ['citation_abstract_html_url', 'https://hexu.example.org/p/hexu-zhao/pub/fully-hyperbolic-nn'],
    ]);
    const page = await browser.newPage();
    try {
      await page.goto(`${gw.url}/p/hexu-zhao`);
      await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
      await page.click('a.publication-title-link >> text=Fully Hyperbolic Neural Networks');
      await page.waitForURL(`${gw.url}/p/hexu-zhao/pub/fully-hyperbolic-nn`);
      const seen = await page.evaluate(() => ({
        h1: document.querySelector('h1').textContent,
        bibtex: document.querySelector('pre.bibtex').textContent,
        jsonld: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)['@type'],
      }));
      assert.deepEqual(seen, {
        h1: 'Fully Hyperbolic Neural Networks',
        bibtex: FHNN_BIBTEX,
        jsonld: 'ScholarlyArticle',
      });
    } finally {
      await page.close();
    }
  });

  it('marks the page up as an h-card (parsed by a microformats parser) with rel="me" profile links, and a ProfilePage', async () => {
    const { mf2 } = require(path.join(S.SOURCE_DIR, 'tests', 'node_modules', 'microformats-parser'));
    const page = await browser.newPage();
    try {
      await page.goto(`${gw.url}/p/hexu-zhao`);
      await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
      const html = await page.content();
      const parsed = mf2(html, { baseUrl: `${gw.url}/p/hexu-zhao` });
      const cards = parsed.items.filter((i) => i.type.includes('h-card'));
      assert.equal(cards.length, 1, JSON.stringify(parsed.items));
      assert.deepEqual(cards[0].properties.name, ['Hexu Zhao']);
      assert.deepEqual(cards[0].properties.url, [`${gw.url}/p/hexu-zhao`]);
      assert.deepEqual(cards[0].properties.uid, [`${gw.url}/p/hexu-zhao`]);
      assert.deepEqual(cards[0].properties.photo, [{ value: `${gw.url}/assets/demo/photo.svg`, alt: 'Portrait of Hexu Zhao (demo stand-in: a monogram "HZ")' }]);
      assert.deepEqual(parsed.rels.me, [
        'mailto:hz3496@nyu.edu',
        'https://scholar.google.com/citations?hl=en&user=ylKFMAkAAAAJ',
        'https://dblp.org/pid/293/9714.html',
        'https://github.com/TarzanZhao',
        'https://www.linkedin.com/in/hexu-zhao-203304244/',
        'https://www.zhihu.com/people/zhao-he-xu-61',
      ]);
      const ld = await page.evaluate(() => JSON.parse(document.getElementById('person-jsonld').textContent));
      assert.equal(ld['@type'], 'ProfilePage');
      assert.equal(ld.mainEntity['@type'], 'Person');
      assert.deepEqual(ld.mainEntity.sameAs, S.demoPerson('').sameAs);
    } finally {
      await page.close();
    }
  });

  it('serves the news as Atom 1.0 (parsed by a feed parser), advertised by the page, with stable ids updated by edits', async () => {
    const { parseFeed } = require(path.join(S.SOURCE_DIR, 'tests', 'node_modules', '@rowanmanning', 'feed-parser'));
    const url = `${gw.url}/p/hexu-zhao/news.atom`;
    let r = await get(url);
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/atom+xml');
    let feed = parseFeed(r.body.toString('utf8'));
    assert.equal(feed.meta.type, 'atom');
    assert.equal(feed.title, 'Hexu Zhao: news');
    assert.equal(feed.items.length, 1);
    const page = (await get(`${gw.url}/p/hexu-zhao`)).body.toString('utf8');
    assert.match(page, /<link rel="alternate" type="application\/atom\+xml" title="Hexu Zhao: news" href="https:\/\/hexu\.example\.org\/p\/hexu-zhao\/news\.atom">/);
    const hostile = 'Met <script>alert(1)</script> & "friends"';
    r = await fetch(`${gw.url}/v1/profiles/hexu-zhao/news?newsItemId=feed-check`, { method: 'POST', headers: auth,
      body: JSON.stringify({ date: { year: 2025, month: 2 }, text: hostile }) });
    const created = JSON.parse(await r.text());
    assert.equal(r.status, 200, JSON.stringify(created));
    feed = parseFeed((await get(url)).body.toString('utf8'));
    const entry = feed.items.find((i) => i.id === 'https://hexu.example.org/p/hexu-zhao#news-feed-check');
    assert.ok(entry, JSON.stringify(feed.items.map((i) => i.id)));
    assert.equal(entry.title, hostile);
    // The parser decodes the HTML's entities; the script tag is gone (cmark safe mode).
    assert.equal(entry.content, '<p>Met <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> & "friends"</p>');
    assert.equal(entry.updated.toISOString(), new Date(created.updateTime).toISOString());
    await S.sleep(1100);
    r = await fetch(`${gw.url}/v1/profiles/hexu-zhao/news/feed-check?updateMask=text`, { method: 'PATCH', headers: auth,
      body: JSON.stringify({ text: 'Edited' }) });
    const edited = JSON.parse(await r.text());
    assert.equal(r.status, 200, JSON.stringify(edited));
    feed = parseFeed((await get(url)).body.toString('utf8'));
    const again = feed.items.find((i) => i.id === 'https://hexu.example.org/p/hexu-zhao#news-feed-check');
    assert.equal(again.title, 'Edited');
    assert.equal(again.updated.toISOString(), new Date(edited.updateTime).toISOString());
    assert.ok(again.updated > entry.updated);
  });

  it('serves /sitemap.xml and each profile\'s sitemap valid against the sitemaps.org schema (xmllint), and /robots.txt naming it', async () => {
    const { validateXML } = require(path.join(S.SOURCE_DIR, 'tests', 'node_modules', 'xmllint-wasm'));
    const schema = (name) => ({ fileName: name, contents: fs.readFileSync(path.join(__dirname, 'testdata', name), 'utf8') });
    const index = await get(`${gw.url}/sitemap.xml`);
    assert.equal(index.status, 200);
    assert.equal(index.type, 'application/xml');
    let result = await validateXML({ xml: [{ fileName: 'sitemap.xml', contents: index.body.toString('utf8') }], schema: [schema('siteindex.xsd')] });
    assert.deepEqual(result.errors, []);
    assert.ok(result.valid);
    const locs = [...index.body.toString('utf8').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(locs, ['https://hexu.example.org/p/hexu-zhao/sitemap.xml']);
    const profile = await get(`${gw.url}/p/hexu-zhao/sitemap.xml`);
    assert.equal(profile.status, 200);
    result = await validateXML({ xml: [{ fileName: 'hexu-zhao.xml', contents: profile.body.toString('utf8') }], schema: [schema('sitemap.xsd')] });
    assert.deepEqual(result.errors, []);
    assert.ok(result.valid);
    const urls = [...profile.body.toString('utf8').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(urls.sort(), ['https://hexu.example.org/p/hexu-zhao',
      'https://hexu.example.org/p/hexu-zhao/pub/doctor-in-the-loop-insulin',
      'https://hexu.example.org/p/hexu-zhao/pub/fully-hyperbolic-nn',
      'https://hexu.example.org/p/hexu-zhao/pub/model-parallelism-communication',
      'https://hexu.example.org/p/hexu-zhao/pub/scaling-up-3dgs']);
    const robots = await get(`${gw.url}/robots.txt`);
    assert.equal(robots.status, 200);
    assert.equal(robots.type, 'text/plain; charset=utf-8');
    assert.equal(robots.body.toString(), 'User-agent: *\nAllow: /\nSitemap: https://hexu.example.org/sitemap.xml\n');
  });

  it('cites a paper from the page (Copy BibTeX, Download .bib) as `vita pub export` writes it, and links all as one .bib', async () => {
    const exported = await vita(server.address, ['pub', 'export']);
    assert.equal(exported.code, 0, exported.stderr);
    assert.ok(exported.stdout.includes(FHNN_BIBTEX), exported.stdout);
    const bib = await get(`${gw.url}/p/hexu-zhao/publications.bib`);
    assert.equal(bib.status, 200);
    assert.equal(bib.type, 'application/x-bibtex; charset=utf-8');
    assert.equal(bib.body.toString('utf8'), exported.stdout);
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(`${gw.url}/p/hexu-zhao`);
      await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
      const item = page.locator('li.publication', { has: page.locator('a.publication-title-link', { hasText: 'Fully Hyperbolic Neural Networks' }) });
      await item.locator('button.cite-copy').click();
      await page.waitForFunction(() => [...document.querySelectorAll('button.cite-copy')].some((b) => b.textContent === 'Copied'));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), FHNN_BIBTEX);
      const [download] = await Promise.all([page.waitForEvent('download'), item.locator('button.cite-download').click()]);
      assert.equal(download.suggestedFilename(), 'fully-hyperbolic-nn.bib');
      assert.equal(fs.readFileSync(await download.path(), 'utf8'), FHNN_BIBTEX);
      assert.equal(await page.getAttribute('a.bib-all', 'href'), '/p/hexu-zhao/publications.bib');
      // A paper whose cite.bib cannot be read: both buttons say so.
      const bibFile = path.join(dir, 'published', 'p', 'hexu-zhao', 'pub', 'model-parallelism-communication', 'cite.bib');
      const kept = fs.readFileSync(bibFile);
      fs.rmSync(bibFile);
      try {
        const other = page.locator('li.publication', { has: page.locator('a.publication-title-link',
          { hasText: 'On Optimizing the Communication of Model Parallelism' }) }).first();
        await other.locator('button.cite-copy').click();
        await other.locator('button.cite-copy', { hasText: 'Copy failed' }).waitFor();
        await other.locator('button.cite-download').click();
        await other.locator('button.cite-download', { hasText: 'Download failed' }).waitFor();
      } finally {
        fs.writeFileSync(bibFile, kept);
      }
    } finally {
      await context.close();
    }
  });

  it('serves CSL-JSON and JSON Resume valid against their schemas (ajv), as `vita export --format csl|jsonresume` writes them', async () => {
    const Ajv = require(path.join(S.SOURCE_DIR, 'tests', 'node_modules', 'ajv'));
    const addFormats = require(path.join(S.SOURCE_DIR, 'tests', 'node_modules', 'ajv-formats'));
    const { schema: resumeSchema } = require(path.join(S.SOURCE_DIR, 'tests', 'node_modules', '@jsonresume', 'schema'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const csl = await get(`${gw.url}/p/hexu-zhao/publications.csl.json`);
    assert.equal(csl.status, 200);
    assert.equal(csl.type, 'application/json');
    const items = JSON.parse(csl.body);
    const validCsl = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, 'testdata', 'csl-data.schema.json'), 'utf8')));
    assert.ok(validCsl(items), JSON.stringify(validCsl.errors));
    const fhnn = items.find((i) => i.id === 'fully-hyperbolic-nn');
    assert.deepEqual(fhnn, {
      id: 'fully-hyperbolic-nn', type: 'paper-conference', title: 'Fully Hyperbolic Neural Networks',
      author: [{ given: 'Weize', family: 'Chen' }, { given: 'Xu', family: 'Han' }, { given: 'Yankai', family: 'Lin' },
        { given: 'Hexu', family: 'Zhao' }, { given: 'Zhiyuan', family: 'Liu' }, { given: 'Peng', family: 'Li' },
        { given: 'Maosong', family: 'Sun' }, { given: 'Jie', family: 'Zhou' }],
      issued: { 'date-parts': [[2022]] }, 'container-title': 'ACL2022', URL: 'https://arxiv.org/pdf/2105.14686.pdf',
    });
    const cli = await vita(server.address, ['export', '--format', 'csl']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout, csl.body.toString('utf8'));

    const resume = await get(`${gw.url}/p/hexu-zhao/resume.json`);
    assert.equal(resume.status, 200);
    const doc = JSON.parse(resume.body);
    const validResume = ajv.compile(resumeSchema);
    assert.ok(validResume(doc), JSON.stringify(validResume.errors));
    assert.equal(doc.basics.name, 'Hexu Zhao');
    assert.equal(doc.basics.url, 'https://hexu.example.org/p/hexu-zhao');
    assert.deepEqual(doc.basics.profiles.map((p) => p.network), ['Google Scholar', 'DBLP', 'GitHub', 'LinkedIn', 'Zhihu']);
    assert.deepEqual(doc.education.map((e) => e.institution), ['New York University Courant Institute', 'Tsinghua University']);
    assert.equal(doc.publications.length, 4);
    const cliResume = await vita(server.address, ['export', '--format', 'jsonresume']);
    assert.equal(cliResume.code, 0, cliResume.stderr);
    const fromCli = JSON.parse(cliResume.stdout);
    assert.ok(validResume(fromCli), JSON.stringify(validResume.errors));
    assert.equal(fromCli.basics.url, undefined);  // `vita` knows no public URL
    assert.deepEqual(fromCli.publications, doc.publications);
    const bad = await vita(server.address, ['export', '--format', 'rss']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--format/);
  });

  it('takes the public URL from VITA_PUBLIC_URL when --public-url is not given', async () => {
    const envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-public-url-test-'));
    const envServer = await startPublishingServer(envDir,
      { env: { VITA_PUBLIC_URL: 'https://env.example.org' }, publicUrlFlag: false });
    try {
      const published = path.join(envDir, 'published');
      assert.equal(fs.readFileSync(path.join(published, 'robots.txt'), 'utf8'),
        'User-agent: *\nAllow: /\nSitemap: https://env.example.org/sitemap.xml\n');
      assert.match(fs.readFileSync(path.join(published, 'p', 'hexu-zhao', 'index.html'), 'utf8'),
        /<meta property="og:url" content="https:\/\/env\.example\.org\/p\/hexu-zhao">/);
    } finally {
      await envServer.kill('SIGTERM');
      fs.rmSync(envDir, { recursive: true, force: true });
    }
  });

  it('publishes a new paper with every tag, updates it after an edit (hostile title kept as text), and removes it when deleted', async () => {
    let r = await fetch(`${gw.url}/v1/profiles/hexu-zhao/publications?publicationId=tagged`, {
      method: 'POST', headers: auth, body: JSON.stringify({
        title: 'Tagged', authors: [{ name: 'Hexu Zhao', isOwner: true }, { name: 'Jinyang Li' }],
        venue: 'Journal of Systems', type: 'JOURNAL_ARTICLE', status: 'PUBLISHED', year: 2024,
        date: { year: 2024, month: 6 }, doi: '10.1000/xyz123', arxivId: '2406.18533',
        links: [{ kind: 'PDF', url: 'https://example.org/tagged.pdf' }],
      }) });
    assert.equal(r.status, 200, await r.text());
    const url = `${gw.url}/p/hexu-zhao/pub/tagged`;
    assert.deepEqual(await citationTags(url), [
      ['citation_title', 'Tagged'], ['citation_author', 'Hexu Zhao'], ['citation_author', 'Jinyang Li'],
      ['citation_publication_date', '2024/06'], ['citation_journal_title', 'Journal of Systems'],
      ['citation_pdf_url', 'https://example.org/tagged.pdf'], ['citation_doi', '10.1000/xyz123'],
      ['citation_arxiv_id', '2406.18533'],
      ['citation_abstract_html_url', 'https://hexu.example.org/p/hexu-zhao/pub/tagged'],
    ]);
    const hostile = '<img src=x onerror="window.pwned=1">&\'"</title><script>window.pwned=2</script>';
    r = await fetch(`${gw.url}/v1/profiles/hexu-zhao/publications/tagged?updateMask=title`, {
      method: 'PATCH', headers: auth, body: JSON.stringify({ title: hostile }) });
    assert.equal(r.status, 200, await r.text());
    const page = await browser.newPage();
    try {
      await page.goto(url);
      const seen = await page.evaluate(() => ({
        pwned: window.pwned ?? null,
        tag: document.querySelector('meta[name="citation_title"]').content,
        h1: document.querySelector('h1').textContent,
        jsonld: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).name,
        scripts: document.querySelectorAll('script').length,
      }));
      assert.deepEqual(seen, { pwned: null, tag: hostile, h1: hostile, jsonld: hostile, scripts: 1 });
    } finally {
      await page.close();
    }
    r = await fetch(`${gw.url}/v1/profiles/hexu-zhao/publications/tagged`, { method: 'DELETE', headers: auth });
    assert.equal(r.status, 200, await r.text());
    const gone = await get(url);
    assert.equal(gone.status, 404);
    assert.match(gone.type, /^text\/html/);
    assert.match(gone.body.toString(), /<h1 class="status-title">Paper not found<\/h1>/);
    const bib = await get(`${url}/cite.bib`);
    assert.equal(bib.status, 404);
    assert.match(bib.body.toString(), /Paper not found/);
    assert.equal(fs.existsSync(path.join(dir, 'published', 'p', 'hexu-zhao', 'pub', 'tagged')), false);
  });
});
