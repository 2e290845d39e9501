// The gateway without a browser: config validation, static files, JSON
// errors, and that writes need the bearer token. Real vita-server, real Envoy.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const S = require('./support');

describe('rendered Envoy config', () => {
  it('passes envoy --mode validate', async () => {
    S.ensureWebRoot();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-validate-'));
    try {
      const config = path.join(dir, 'envoy.yaml');
      const env = S.gatewayEnv({ port: 8080, adminPort: 9901, upstream: '127.0.0.1:50051', config });
      const out = execFileSync(path.join(S.SOURCE_DIR, 'deploy', 'run-gateway.sh'), ['--validate'],
        { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      assert.match(out, /OK/);
      const rendered = fs.readFileSync(config, 'utf8');
      assert.doesNotMatch(rendered, /@@/, 'every placeholder replaced');
      assert.match(rendered, /address: 127\.0\.0\.1, port_value: 9901/, 'admin on loopback');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad setting', () => {
    const env = S.gatewayEnv({ port: 8080, adminPort: 9901, upstream: '127.0.0.1:50051',
      config: path.join(os.tmpdir(), 'never-written.yaml'), defaultProfile: 'Bad Profile!' });
    assert.throws(() => execFileSync(path.join(S.SOURCE_DIR, 'deploy', 'render-envoy-config.sh'),
      [env.VITA_ENVOY_CONFIG], { env, stdio: 'pipe' }));
  });
});

describe('gateway in front of a real vita-server', () => {
  let server, gw;

  before(async () => {
    server = await S.startServer();
    gw = await S.startGateway(server.address);
    await S.waitForApi(gw.url);
  });
  after(async () => {
    if (gw) await gw.stop();
    if (server) await server.stop();
  });

  it('serves the page with a strict Content-Security-Policy', async () => {
    for (const p of ['/', '/p/hexu-zhao']) {
      const r = await fetch(gw.url + p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), /^text\/html/);
      const csp = r.headers.get('content-security-policy');
      assert.match(csp, /default-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.match(await r.text(), /<script src="\/app\/app.js" defer><\/script>/);
    }
  });

  it('serves static files with their content types', async () => {
    const cases = [
      ['/app/app.js', /^text\/javascript/],
      ['/app/style.css', /^text\/css/],
      ['/assets/demo/photo.svg', /^image\/svg\+xml/],
      ['/vendor/fontawesome/webfonts/fa-brands-400.woff2', /^font\/woff2/],
      ['/vendor/academicons/fonts/academicons.ttf', /^font\/ttf/],
      ['/vendor/markdown-it/markdown-it.min.js', /^text\/javascript/],
    ];
    for (const [p, type] of cases) {
      const r = await fetch(gw.url + p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), type, p);
      await r.arrayBuffer();
    }
  });

  it('tells the default profile to the page at "/"', async () => {
    const r = await fetch(gw.url + '/vita-config.json');
    assert.deepEqual(await r.json(), { defaultProfile: 'hexu-zhao' });
  });

  it('answers errors as JSON, never HTML', async () => {
    for (const p of ['/no-such-file', '/app/no-such.js', '/v1/no-such-method',
      '/app/../../etc/passwd', '/v1/profiles/no-such-profile/page']) {
      const r = await fetch(gw.url + p);
      assert.ok(r.status >= 400, `${p}: ${r.status}`);
      assert.match(r.headers.get('content-type') || '', /^application\/json/, p);
      const body = await r.json();
      assert.equal(typeof body, 'object', p);
    }
    for (const [p, init] of [
      ['/v1/profiles/hexu-zhao/page?noSuchParameter=1', {}],
      ['/v1/profiles/hexu-zhao/news', { method: 'POST', body: '{not json',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } }],
      ['/app/app.js', { method: 'POST', body: 'x' }],
    ]) {
      const bad = await fetch(gw.url + p, init);
      assert.ok(bad.status >= 400 && bad.status < 500, `${p}: ${bad.status}`);
      assert.match(bad.headers.get('content-type') || '', /^application\/json/, p);
      await bad.json();
    }
    const r = await fetch(gw.url + '/v1/profiles/no-such-profile/page');
    assert.equal(r.status, 404);
    const body = await r.json();
    assert.equal(body.code, 5, 'gRPC NOT_FOUND');
    assert.equal(typeof body.message, 'string');
  });

  it('transcodes GetPage to proto3 JSON', async () => {
    const r = await fetch(gw.url + '/v1/profiles/hexu-zhao/page');
    assert.equal(r.status, 200);
    const page = await r.json();
    const demo = S.demoPage();
    assert.equal(page.profile.name, 'profiles/hexu-zhao');
    assert.equal(page.profile.displayName, demo.profile.displayName);
    assert.equal(page.publications.length, demo.publications.length);
    assert.equal(page.profile.links[0].kind, demo.profile.links[0].kind, 'enums as strings');
  });

  it('health-checks vita-server over gRPC', async () => {
    let clusters = '';
    for (let i = 0; i < 50; i++) {
      clusters = await (await fetch(`http://127.0.0.1:${gw.adminPort}/clusters`)).text();
      if (/vita_server::[^\n]*::health_flags::healthy/.test(clusters)) break;
      await S.sleep(200);
    }
    assert.match(clusters, /vita_server::[^\n]*::health_flags::healthy/);
  });

  it('proxies gRPC-Web to the server', async () => {
    // GetPageRequest{name: "profiles/hexu-zhao"} in the protobuf wire format,
    // in one gRPC-Web data frame.
    const name = Buffer.from('profiles/hexu-zhao');
    const msg = Buffer.concat([Buffer.from([0x0a, name.length]), name]);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(msg.length, 1);
    const r = await fetch(gw.url + '/vita.v1.ProfileService/GetPage', {
      method: 'POST',
      body: Buffer.concat([header, msg]),
      headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/grpc-web/);
    const body = Buffer.from(await r.arrayBuffer());
    assert.equal(body[0], 0, 'first frame is a message');
    assert.ok(body.includes(Buffer.from('Hexu Zhao')), 'the page is in the message');
    assert.match(body.toString('latin1'), /grpc-status:\s*0/);
  });

  it('refuses writes without the bearer token', async () => {
    const body = JSON.stringify({ date: { year: 2030, month: 1 }, text: 'no token' });
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }]) {
      const r = await fetch(gw.url + '/v1/profiles/hexu-zhao/news', {
        method: 'POST', body, headers: { 'content-type': 'application/json', ...headers },
      });
      assert.equal(r.status, 401);
      assert.match(r.headers.get('content-type'), /^application\/json/);
      const err = await r.json();
      assert.equal(err.code, 16, 'UNAUTHENTICATED');
    }
    const page = await (await fetch(gw.url + '/v1/profiles/hexu-zhao/page')).json();
    assert.ok(!page.news.some((n) => n.text === 'no token'));
  });

  it('accepts writes with the bearer token', async () => {
    const r = await fetch(gw.url + '/v1/profiles/hexu-zhao/news?newsItemId=gateway-test', {
      method: 'POST',
      body: JSON.stringify({ date: { year: 2001, month: 2 }, text: 'written through the gateway' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    });
    assert.equal(r.status, 200, await r.clone().text());
    const item = await r.json();
    assert.equal(item.name, 'profiles/hexu-zhao/news/gateway-test');
    const del = await fetch(gw.url + '/v1/profiles/hexu-zhao/news/gateway-test', {
      method: 'DELETE', headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(del.status, 200);
  });

  it('writes an access log, with the method the client sent', async () => {
    await fetch(gw.url + '/vita-config.json');
    // The transcoder turns this GET into a POST to vita-server.
    await fetch(gw.url + '/v1/profiles/hexu-zhao/page', { headers: { 'x-vita-method': 'FAKE' } });
    const want = /"GET \/v1\/profiles\/hexu-zhao\/page HTTP\/1.1" 200/;
    // Envoy flushes file access logs about once a second.
    let log = '';
    for (let i = 0; i < 100 && !(/"GET \/vita-config.json HTTP\/1.1" 200/.test(log) && want.test(log)); i++) {
      await S.sleep(100);
      log = fs.existsSync(gw.accessLog) ? fs.readFileSync(gw.accessLog, 'utf8') : '';
    }
    assert.match(log, /"GET \/vita-config.json HTTP\/1.1" 200/);
    assert.match(log, want);
  });
});

describe('gateway with the server down', () => {
  let gw;
  before(async () => {
    const deadPort = await S.freePort();
    gw = await S.startGateway(`127.0.0.1:${deadPort}`);
  });
  after(async () => {
    if (gw) await gw.stop();
  });

  it('answers API calls with a JSON 503', async () => {
    const r = await fetch(gw.url + '/v1/profiles/hexu-zhao/page');
    assert.equal(r.status, 503);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    await r.json();
  });
});
