// The gateway without a browser: config validation, static files, JSON
// errors, security headers on every response, path traversal sent byte for
// byte, conditional updates (etags) over REST, and that writes need the
// bearer token. Real vita-server, real Envoy.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const S = require('../support/web');

// What docs/gateway.md promises on every response of the gateway: nosniff,
// and a Content-Security-Policy. An HTML document's (content-type text/html,
// or `document` for its 304, which has none) is the page's policy, with
// no-referrer; any other response is never a document: "default-src 'none'".
function assertSecurityHeaders(headers, what, { document = false } = {}) {
  const get = (name) => (typeof headers.get === 'function' ? headers.get(name) : headers[name]);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: x-content-type-options`);
  const csp = get('content-security-policy');
  if (document || /^text\/html/.test(get('content-type') || '')) {
    assert.equal(get('referrer-policy'), 'no-referrer', `${what}: referrer-policy`);
    assert.match(csp || '', /^default-src 'self';/, `${what}: content-security-policy`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${what}: content-security-policy`);
  } else {
    assert.equal(csp, "default-src 'none'", `${what}: content-security-policy`);
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

// The web root's bundled files have content-hashed names (web/build.mjs),
// e.g. "/app/markdown.5XJQ2K4B.js": the one file of its app/ of that kind.
function built(kind) {
  S.ensureWebRoot();
  const re = new RegExp(`^${kind.replace('.', '\\.[A-Z0-9]{8}\\.')}$`);
  const names = fs.readdirSync(path.join(S.WEB_ROOT, 'app')).filter((n) => re.test(n));
  assert.equal(names.length, 1, `one ${kind} in the web root: ${names}`);
  return `/app/${names[0]}`;
}
const MARKDOWN_JS = built('markdown.js');

describe('rendered Envoy config', () => {
  it('passes envoy --mode validate', async () => {
    S.ensureWebRoot();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-validate-'));
    try {
      const config = path.join(dir, 'envoy.yaml');
      const env = S.gatewayEnv({ port: 8080, adminPort: 9901, server: '127.0.0.1:50051', config });
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

  // Runs SCRIPT (in deploy/) with the environment of a gateway whose server
  // address is SERVER in VARIABLE, plus EXTRA; returns { status, stderr,
  // rendered (the config written) }.
  function render(script, args, { server, variable, extra = {} }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-render-'));
    try {
      const config = path.join(dir, 'envoy.yaml');
      const env = { ...S.gatewayEnv({ port: 8080, adminPort: 9901, server, serverVariable: variable, config }), ...extra };
      const r = spawnSync(path.join(S.SOURCE_DIR, 'deploy', script), args.length ? args : [config],
        { env, encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr, rendered: fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : '' };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // The address of the vita_server cluster in a rendered config.
  function serverAddressIn(rendered) {
    const m = /cluster_name: vita_server\n[\s\S]*?socket_address: \{ address: ([^,]+), port_value: (\d+) \}/.exec(rendered);
    return m ? `${m[1]}:${m[2]}` : '(no address of the vita_server cluster in the config)';
  }

  it('refuses to render its config without the web root\'s inline hashes', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-webroot-'));
    try {
      fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
      const options = { server: '127.0.0.1:50051', extra: { VITA_WEB_ROOT: root } };
      const missing = render('render-envoy-config.sh', [], options);
      assert.equal(missing.status, 2, missing.stderr);
      assert.match(missing.stderr, /no inline-hashes\.txt in .*: build the web root again/);
      assert.equal(missing.rendered, '');
      fs.writeFileSync(path.join(root, 'inline-hashes.txt'), "script-src 'unsafe-inline'\nstyle-src 'sha256-AA=='\n");
      const bad = render('render-envoy-config.sh', [], options);
      assert.equal(bad.status, 2, bad.stderr);
      assert.match(bad.stderr, /has no valid script-src hash/);
      assert.equal(bad.rendered, '');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('proxies to the server address in VITA_SERVER, with nothing on stderr', () => {
    const r = render('render-envoy-config.sh', [], { server: '127.0.0.2:50123' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(serverAddressIn(r.rendered), '127.0.0.2:50123');
  });

  it('still reads the deprecated VITA_UPSTREAM, and says in one line that it is deprecated', () => {
    const r = render('render-envoy-config.sh', [], { server: '127.0.0.3:50124', variable: 'VITA_UPSTREAM' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, 'render-envoy-config.sh: note: VITA_UPSTREAM is a deprecated name of VITA_SERVER ' +
      '(the server address); use VITA_SERVER\n');
    assert.equal(serverAddressIn(r.rendered), '127.0.0.3:50124');
  });

  it('proxies to VITA_SERVER when the deprecated VITA_UPSTREAM is set as well', () => {
    const r = render('render-envoy-config.sh', [],
      { server: '127.0.0.4:50125', extra: { VITA_UPSTREAM: '127.0.0.5:50126' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, 'render-envoy-config.sh: note: VITA_UPSTREAM is a deprecated name of VITA_SERVER; ' +
      'both are set, VITA_SERVER wins\n');
    assert.equal(serverAddressIn(r.rendered), '127.0.0.4:50125');
    assert.doesNotMatch(r.rendered, /127\.0\.0\.5|50126/);
  });

  it('run-gateway.sh --validate with the deprecated VITA_UPSTREAM notes it once and validates a config for that server', () => {
    const r = render('run-gateway.sh', ['--validate'], { server: '127.0.0.6:50127', variable: 'VITA_UPSTREAM' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stderr.split('\n').filter((l) => /deprecated/.test(l)),
      ['run-gateway.sh: note: VITA_UPSTREAM is a deprecated name of VITA_SERVER (the server address); use VITA_SERVER']);
    assert.equal(serverAddressIn(r.rendered), '127.0.0.6:50127');
  });

  it('refuses a web root whose text file has no precompressed variant, and notes a stale one, naming the file and the fix', () => {
    S.ensureWebRoot();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-webroot-'));
    try {
      fs.cpSync(S.WEB_ROOT, root, { recursive: true });
      assert.equal(render('render-envoy-config.sh', [], { server: '127.0.0.1:50051',
        extra: { VITA_WEB_ROOT: root } }).status, 0, 'a built web root is taken');
      fs.writeFileSync(path.join(root, 'assets', 'added.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      const r = render('render-envoy-config.sh', [], { server: '127.0.0.1:50051', extra: { VITA_WEB_ROOT: root } });
      assert.equal(r.status, 2);
      assert.equal(r.stderr, `render-envoy-config: assets/added.svg in ${fs.realpathSync(root)} has no br/ ` +
        `variant: build the web root again (web/build-web-root.sh ${fs.realpathSync(root)})\n`);
      // A file replaced after the build: taken, and said once.
      fs.rmSync(path.join(root, 'assets', 'added.svg'));
      const later = new Date(Date.now() + 60000);
      fs.utimesSync(path.join(root, 'assets', 'favicon.svg'), later, later);
      const stale = render('render-envoy-config.sh', [], { server: '127.0.0.1:50051', extra: { VITA_WEB_ROOT: root } });
      assert.equal(stale.status, 0, stale.stderr);
      assert.match(stale.stderr, /^render-envoy-config\.sh: note: assets\/favicon\.svg in .* is newer than its precompressed variants/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a bad setting', () => {
    const env = S.gatewayEnv({ port: 8080, adminPort: 9901, server: '127.0.0.1:50051',
      config: path.join(os.tmpdir(), 'never-written.yaml'), defaultProfile: 'Bad Profile!' });
    assert.throws(() => execFileSync(path.join(S.SOURCE_DIR, 'deploy', 'render-envoy-config.sh'),
      [env.VITA_ENVOY_CONFIG], { env, stdio: 'pipe' }));
  });
});

describe('gateway in front of a real vita-server', () => {
  const stack = S.stackForBlock();
  let server, gw;
  before(() => ({ server, gw } = stack));

  it('proxies to the server given in the deprecated VITA_UPSTREAM too', async () => {
    const old = await S.startGateway(server.address, { serverVariable: 'VITA_UPSTREAM' });
    try {
      await S.waitForApi(old.url);
      const page = await (await fetch(old.url + '/v1/profiles/hexu-zhao/page')).json();
      assert.equal(page.profile.displayName, 'Hexu Zhao');
      assert.match(old.log(), /^run-gateway\.sh: note: VITA_UPSTREAM is a deprecated name of VITA_SERVER/m);
    } finally {
      await old.stop();
    }
  });

  it('serves the page with a strict Content-Security-Policy that allows its own inline script and style sheet by their hashes', async () => {
    const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    for (const p of ['/', '/p/hexu-zhao']) {
      const r = await fetch(gw.url + p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), /^text\/html/);
      const csp = r.headers.get('content-security-policy');
      assert.match(csp, /default-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      const html = await r.text();
      const script = /<script>([\s\S]*?)<\/script>/.exec(html);
      const style = /<style>([\s\S]*?)<\/style>/.exec(html);
      assert.ok(script && style, `${p}: an inline script and style sheet`);
      assert.ok(csp.includes(`script-src 'self' ${hash(script[1])};`), `${p}: ${csp}`);
      assert.ok(csp.includes(`style-src 'self' ${hash(style[1])};`), `${p}: ${csp}`);
      assert.doesNotMatch(html, /<script src=|<link rel="stylesheet"/, p);
    }
  });

  it('serves static files with their content types', async () => {
    const cases = [
      ['/assets/demo/photo.svg', /^image\/svg\+xml/],
      [MARKDOWN_JS, /^text\/javascript/],
    ];
    for (const [p, type] of cases) {
      const r = await fetch(gw.url + p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), type, p);
      await r.arrayBuffer();
    }
  });

  it('sends the web root\'s precompressed files as they are to clients that take their encoding', async () => {
    const variants = [['br', 'br'], ['gzip', 'gz']];
    for (const p of [MARKDOWN_JS, '/assets/demo/photo.svg', '/assets/favicon.svg']) {
      for (const [encoding, dir] of variants) {
        const made = fs.readFileSync(path.join(S.WEB_ROOT, dir, p));
        const accept = encoding === 'br' ? 'gzip, deflate, br, zstd' : 'gzip, deflate';
        const r = await S.rawRequest(gw.url, p, { headers: { 'accept-encoding': accept } });
        assert.equal(r.status, 200, `${p} ${encoding}`);
        assert.equal(r.headers['content-encoding'], encoding, `${p} ${encoding}`);
        assert.equal(r.headers.vary, 'accept-encoding', p);
        assert.equal(r.headers['cache-control'], p.startsWith('/app/')
          ? 'max-age=31536000, immutable' : 'max-age=3600', p);
        assert.ok(r.body.equals(made), `${p}: the bytes of ${dir}${p}, as the build made them`);
        const head = await S.rawRequest(gw.url, p, { method: 'HEAD', headers: { 'accept-encoding': accept } });
        assert.equal(head.headers['content-length'], String(made.length), `HEAD ${p} ${encoding}`);
      }
      // Without an encoding the client takes: the file itself.
      const plain = await S.rawRequest(gw.url, p);
      assert.equal(plain.headers['content-encoding'], undefined, p);
      assert.match(plain.headers['cache-control'], /^max-age=/, p);
      assert.ok(plain.body.equals(fs.readFileSync(path.join(S.WEB_ROOT, p))), p);
    }
    // A range of a variant is a range of its encoded bytes, labelled so.
    const range = await S.rawRequest(gw.url, MARKDOWN_JS, { headers: { 'accept-encoding': 'br', range: 'bytes=0-9' } });
    assert.equal(range.status, 206);
    assert.equal(range.headers['content-encoding'], 'br');
    assert.ok(range.body.equals(fs.readFileSync(path.join(S.WEB_ROOT, 'br', MARKDOWN_JS)).subarray(0, 10)));
    // Errors are never labelled as encoded, and other methods are refused.
    const missing = await S.rawRequest(gw.url, '/app/no-such.js', { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-encoding'], undefined);
    assert.equal(missing.headers['cache-control'], undefined, 'a missing file is not kept a year');
    JSON.parse(missing.body.toString());
    const plainMissing = await S.rawRequest(gw.url, '/assets/no-such.svg');
    assert.equal(plainMissing.status, 404);
    assert.equal(plainMissing.headers['cache-control'], undefined, 'a missing file is not kept an hour');
    const post = await S.rawRequest(gw.url, MARKDOWN_JS, { method: 'POST', headers: { 'accept-encoding': 'br' }, body: 'x' });
    assert.equal(post.status, 405);
    assert.equal(post.headers['content-encoding'], undefined);
  });

  it('tells the default profile to the page at "/"', async () => {
    const r = await fetch(gw.url + '/vita-config.json');
    assert.deepEqual(await r.json(), { defaultProfile: 'hexu-zhao' });
  });

  it('answers errors as JSON, never HTML', async () => {
    for (const p of ['/no-such-file', '/app/no-such.js', '/v1/no-such-method',
      '/v1/profiles/no-such-profile/page']) {
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
      [MARKDOWN_JS, { method: 'POST', body: 'x' }],
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
    try {
      const r = await fetch(gw.url + '/v1/profiles/hexu-zhao/news?newsItemId=gateway-test', {
        method: 'POST',
        body: JSON.stringify({ date: { year: 2001, month: 2 }, text: 'written through the gateway' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      });
      assert.equal(r.status, 200, await r.clone().text());
      const item = await r.json();
      assert.equal(item.name, 'profiles/hexu-zhao/news/gateway-test');
    } finally {
      const del = await fetch(gw.url + '/v1/profiles/hexu-zhao/news/gateway-test', {
        method: 'DELETE', headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(del.status, 200);
    }
  });

  it('sends nosniff and a CSP on every response (the page\'s policy and no-referrer on HTML): files, page, API, errors', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    // [kind, method, target, headers, body, expected status]
    const requests = [
      ['static file', 'GET', MARKDOWN_JS, {}, undefined, 200],
      ['static file', 'GET', '/assets/favicon.svg', {}, undefined, 200],
      ['static file', 'GET', '/assets/demo/photo.svg', {}, undefined, 200],
      ['static file', 'GET', MARKDOWN_JS, {}, undefined, 200],
      ['static file', 'HEAD', MARKDOWN_JS, {}, undefined, 200],
      ['page (HTML)', 'GET', '/', {}, undefined, 200],
      ['page (HTML)', 'GET', '/p/hexu-zhao', {}, undefined, 200],
      ['page (HTML)', 'GET', '/p/x', {}, undefined, 200],
      ['direct response', 'GET', '/vita-config.json', {}, undefined, 200],
      ['API JSON', 'GET', '/v1/profiles/hexu-zhao/page', {}, undefined, 200],
      ['API JSON', 'GET', '/v1/profiles', {}, undefined, 200],
      ['API JSON', 'GET', '/v1/profiles/hexu-zhao/news?pageSize=1', {}, undefined, 200],
      ['API error', 'GET', '/v1/profiles/no-such-profile/page', {}, undefined, 404],
      ['API error', 'GET', '/v1/profiles/hexu-zhao/page?noSuchParameter=1', {}, undefined, 400],
      ['API error', 'POST', '/v1/profiles/hexu-zhao/news', JSON_HEADERS, '{"text":"no token"}', 401],
      ['API error', 'POST', '/v1/profiles/hexu-zhao/news', { ...JSON_HEADERS, ...auth }, '{not json', 400],
      ['API error', 'POST', '/v1/profiles/hexu-zhao/news', { ...JSON_HEADERS, ...auth },
        '{"date":{"year":2001,"month":13},"text":"bad month"}', 400],
      ['not found', 'GET', '/no-such-file', {}, undefined, 404],
      ['not found', 'GET', '/app/no-such.js', {}, undefined, 404],
      ['not found', 'GET', '/vendor/no-such/file.css', {}, undefined, 404],
      ['not found', 'GET', '/v1/no-such-method', {}, undefined, 404],
      ['other error', 'POST', MARKDOWN_JS, {}, 'x', 405],
      ['other error', 'GET', `/app/..%2f${MARKDOWN_JS.slice(1)}`, {}, undefined, 400],
    ];
    const seen = new Map();
    for (const [kind, method, target, headers, body, status] of requests) {
      const r = await S.rawRequest(gw.url, target, { method, headers, body });
      const what = `${kind}: ${method} ${target}`;
      assert.equal(r.status, status, `${what}: ${r.body}`);
      assertSecurityHeaders(r.headers, what);
      seen.set(kind, (seen.get(kind) || 0) + 1);
      if (/^text\/html/.test(r.headers['content-type'])) seen.set('HTML', (seen.get('HTML') || 0) + 1);
    }
    for (const kind of ['static file', 'page (HTML)', 'direct response', 'API JSON', 'API error',
      'not found', 'other error', 'HTML']) {
      assert.ok(seen.get(kind) > 0, `no ${kind} response was checked`);
    }
  });

  it('compresses text with brotli or gzip as the client asks, and the bytes decode to the plain response', async () => {
    const texts = [['page', '/p/hexu-zhao'], ['script', MARKDOWN_JS], ['picture', '/assets/demo/photo.svg'],
      ['API JSON', '/v1/profiles/hexu-zhao/publications']];
    assert.equal(texts.length, 4);
    for (const [what, target] of texts) {
      const plain = await S.rawRequest(gw.url, target);
      assert.equal(plain.status, 200, `${what}: ${target}`);
      assert.equal(plain.headers['content-encoding'], undefined, `${what}: nothing asked, nothing compressed`);
      // As Chromium asks: brotli wins a tie, being the smaller.
      const br = await S.rawRequest(gw.url, target, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      assert.equal(br.headers['content-encoding'], 'br', `${what}: br preferred when the client takes both alike`);
      assert.match(br.headers.vary || '', /accept-encoding/i, `${what}: vary`);
      assert.ok(br.body.length < plain.body.length, `${what}: ${br.body.length} < ${plain.body.length}`);
      const gz = await S.rawRequest(gw.url, target, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip', `${what}: gzip when only gzip is taken`);
      if (what === 'API JSON') {
        // The transcoder makes the JSON anew per call; compare what it says.
        assert.deepEqual(JSON.parse(zlib.brotliDecompressSync(br.body)), JSON.parse(plain.body));
        assert.deepEqual(JSON.parse(zlib.gunzipSync(gz.body)), JSON.parse(plain.body));
      } else {
        assert.ok(zlib.brotliDecompressSync(br.body).equals(plain.body), `${what}: br decodes to the plain bytes`);
        assert.ok(zlib.gunzipSync(gz.body).equals(plain.body), `${what}: gzip decodes to the plain bytes`);
      }
    }
    // gRPC-Web is binary framing: never compressed by the gateway.
    const grpcWeb = await S.rawRequest(gw.url, '/vita.v1.ProfileService/GetPage', {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', 'accept-encoding': 'br, gzip' },
      body: '\0\0\0\0\0',
    });
    assert.equal(grpcWeb.headers['content-encoding'], undefined);
    // GetPage's etag header is what clients write with: it stays, uncompressed.
    const getPage = await S.rawRequest(gw.url, '/v1/profiles/hexu-zhao/page',
      { headers: { 'accept-encoding': 'br, gzip' } });
    assert.match(getPage.headers.etag || '', /^"[0-9a-f]+"$/);
    assert.equal(getPage.headers['content-encoding'], undefined);
  });

  it('lets browsers keep the content-hashed files for a year and the assets for an hour', async () => {
    for (const file of [MARKDOWN_JS]) {
      const r = await S.rawRequest(gw.url, file);
      assert.equal(r.status, 200, file);
      assert.equal(r.headers['cache-control'], 'max-age=31536000, immutable', file);
      assert.match(file, /\/app\/markdown\.[A-Z0-9]{8}\.js$/, 'a name that carries its content hash');
    }
    const asset = await S.rawRequest(gw.url, '/assets/favicon.svg');
    assert.equal(asset.status, 200);
    assert.equal(asset.headers['cache-control'], 'max-age=3600');
    const page = await S.rawRequest(gw.url, '/p/hexu-zhao');
    assert.equal(page.headers['cache-control'], 'no-cache', 'the page itself is asked for again');
  });

  it('refuses an update with a stale etag (409 ABORTED) and changes nothing', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    const profile = `${gw.url}/v1/profiles/etag-test`;
    const patch = (etag, headline) => fetch(`${profile}?updateMask=headline`, {
      method: 'PATCH', headers: { ...JSON_HEADERS, ...auth },
      body: JSON.stringify({ headline, ...(etag ? { etag } : {}) }),
    });
    const page = async () => {
      const r = await fetch(`${profile}/page`);
      assert.equal(r.status, 200);
      return { header: r.headers.get('etag'), json: await r.json() };
    };
    const created = await fetch(`${gw.url}/v1/profiles?profileId=etag-test`, {
      method: 'POST', headers: { ...JSON_HEADERS, ...auth },
      body: JSON.stringify({ displayName: 'Etag Test', headline: 'first headline' }),
    });
    assert.equal(created.status, 200, await created.clone().text());
    try {
      const original = await created.json();
      assert.equal(original.headline, 'first headline');
      assert.match(original.etag, /^\S+$/);
      const page1 = await page();
      // The page's etag goes out as a strong HTTP etag: the JSON's, quoted.
      assert.equal(page1.header, `"${page1.json.etag}"`);

      const fresh = await patch(original.etag, 'second headline');
      assert.equal(fresh.status, 200, await fresh.clone().text());
      const updated = await fresh.json();
      assert.equal(updated.headline, 'second headline');
      assert.notEqual(updated.etag, original.etag);

      const stale = await patch(original.etag, 'lost update');
      assert.equal(stale.status, 409);
      assertSecurityHeaders(stale.headers, 'stale etag');
      assert.match(stale.headers.get('content-type'), /^application\/json/);
      const err = await stale.json();
      assert.equal(err.code, 10, 'gRPC ABORTED');

      const now = await (await fetch(profile)).json();
      assert.equal(now.headline, 'second headline', 'the refused update changed nothing');
      assert.equal(now.etag, updated.etag);

      const page2 = await page();
      assert.equal(page2.json.profile.headline, 'second headline');
      assert.equal(page2.header, `"${page2.json.etag}"`);
      assert.notEqual(page2.json.etag, page1.json.etag, 'a write changes the page etag');
    } finally {
      const del = await fetch(`${profile}?force=true`, { method: 'DELETE', headers: auth });
      assert.equal(del.status, 200, await del.text());
    }
  });

  it('writes an access log, with the method the client sent', async () => {
    await fetch(gw.url + '/vita-config.json');
    // The transcoder turns this GET into a POST to vita-server.
    await fetch(gw.url + '/v1/profiles/hexu-zhao/page', { headers: { 'x-vita-method': 'FAKE' } });
    const want = /"GET \/v1\/profiles\/hexu-zhao\/page HTTP\/1.1" 200/;
    // The test gateway flushes its access log every 0.1 s (Envoy's default
    // is 10 s).
    let log = '';
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !(/"GET \/vita-config.json HTTP\/1.1" 200/.test(log) && want.test(log))) {
      await S.sleep(50);
      log = fs.existsSync(gw.accessLog) ? fs.readFileSync(gw.accessLog, 'utf8') : '';
    }
    assert.match(log, /"GET \/vita-config.json HTTP\/1.1" 200/);
    assert.match(log, want);
  });

  it('gives a failed API call its real gRPC status, in a grpc-status header and in the access log', async () => {
    // The transcoder turns vita-server's status of a failed call into the
    // HTTP status and the JSON body's code, and drops the gRPC status itself
    // (envoy.yaml keeps it aside and puts it back).
    const calls = [
      { path: '/v1/profiles/nobody', status: 404, code: 5, name: 'NotFound' },
      { path: '/v1/profiles/Not_An_Id', status: 400, code: 3, name: 'InvalidArgument' },
    ];
    for (const call of calls) {
      const r = await fetch(gw.url + call.path);
      assert.equal(r.status, call.status, call.path);
      assert.equal((await r.json()).code, call.code, call.path);
      assert.equal(r.headers.get('grpc-status'), String(call.code), call.path);
    }
    const ok = await fetch(gw.url + '/v1/profiles/hexu-zhao');
    assert.equal(ok.status, 200);
    // As the transcoder says of a success itself.
    assert.equal(ok.headers.get('grpc-status'), '0');
    for (const r of [ok, await fetch(gw.url + '/v1/profiles/nobody')]) {
      assert.equal(r.headers.get('x-vita-grpc-status'), null, 'the status kept aside stays inside');
    }
    const lines = calls.map((c) => new RegExp(`"GET ${c.path.replace(/\//g, '\\/')} HTTP/1.1" ${c.status} .* grpc=${c.name} `));
    // The success too: the log is flushed in batches, and the success, asked
    // last, can come in a later one than the failures (waiting for those
    // alone once read the log too early).
    lines.push(/"GET \/v1\/profiles\/hexu-zhao HTTP\/1.1" 200 .* grpc=OK /);
    let log = '';
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !lines.every((l) => l.test(log))) {
      await S.sleep(50);
      log = fs.existsSync(gw.accessLog) ? fs.readFileSync(gw.accessLog, 'utf8') : '';
    }
    for (const line of lines) assert.match(log, line);
  });
});

describe('static routes, with paths sent byte for byte', () => {
  // A private copy of the web root, with a file next to it (outside the web
  // root) and one inside it but outside the served directories: neither may
  // be served, nor /etc/passwd. The upstream is down; files need none.
  let gw, dir;
  const OUTSIDE = 'OUTSIDE-THE-WEB-ROOT-7f3a9c';
  const INSIDE = 'NOT-UNDER-A-STATIC-PREFIX-5d21e8';

  before(async () => {
    S.ensureWebRoot();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-traversal-'));
    const webRoot = path.join(dir, 'web-root');
    fs.cpSync(S.WEB_ROOT, webRoot, { recursive: true });
    fs.writeFileSync(path.join(dir, 'outside.txt'), OUTSIDE);
    fs.writeFileSync(path.join(webRoot, 'inside.txt'), INSIDE);
    gw = await S.startGateway(`127.0.0.1:${await S.freePort()}`, { webRoot });
  });
  after(async () => {
    if (gw) await gw.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a file of the web root when asked plainly (the probe works)', async () => {
    const r = await S.rawRequest(gw.url, MARKDOWN_JS);
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /markdown-it/);
    const encoded = await S.rawRequest(gw.url, MARKDOWN_JS.replace('/app/markdown', '/app/%6darkdown'));
    assert.equal(encoded.status, 200, 'an encoded letter is decoded');
  });

  it('serves nothing outside the static directories for "..", %2e%2e, %2f, %5c or double encoding', async () => {
    const dots = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae'];
    const seps = ['/', '%2f', '%2F', '%5c', '%5C', '\\', '%252f', '%255c'];
    // [file, how many levels up from a static directory it is]
    const targets = [['etc/passwd', 8], ['outside.txt', 2], ['inside.txt', 1], ['index.html', 1]];
    const requests = [];
    for (const prefix of ['/app/', '/assets/', '/vendor/', '/vendor/markdown-it/']) {
      const depth = prefix.split('/').length - 2;
      for (const dot of dots) {
        for (const sep of seps) {
          for (const [file, up] of targets) {
            const ups = Array(up + depth - 1).fill(dot).join(sep) + sep;
            requests.push(prefix + ups + file.replace('/', sep));
          }
        }
      }
    }
    requests.push('/app//etc/passwd', '//etc/passwd', '/app/..;/inside.txt', '/app/%2e%2e%2f',
      '/app/%00/../inside.txt', '/app/....//....//inside.txt');
    assert.ok(requests.length > 900, `${requests.length} requests`);
    const statuses = new Map();
    for (const target of requests) {
      const r = await S.rawRequest(gw.url, target);
      assert.ok([400, 404].includes(r.status), `${target}: status ${r.status}`);
      assert.doesNotMatch(r.raw, /root:[^:\r\n]*:0:0:/, `${target}: /etc/passwd served`);
      assert.ok(!r.raw.includes(OUTSIDE), `${target}: a file outside the web root served`);
      assert.ok(!r.raw.includes(INSIDE), `${target}: a file outside the static directories served`);
      assert.ok(!r.raw.includes('<!doctype html>'), `${target}: index.html served as a file`);
      assert.match(r.headers['content-type'] || '', /^application\/json/, target);
      assertSecurityHeaders(r.headers, target);
      statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
    }
    // Both ways of refusing happen: rejected (400) and not found (404).
    assert.ok(statuses.get(400) > 0 && statuses.get(404) > 0, JSON.stringify([...statuses]));
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

  it('answers API calls with a JSON 503, with the security headers', async () => {
    for (const [method, target] of [['GET', '/v1/profiles/hexu-zhao/page'], ['GET', '/v1/profiles'],
      ['POST', '/v1/profiles/hexu-zhao/news']]) {
      const r = await S.rawRequest(gw.url, target, { method, headers: JSON_HEADERS, body: method === 'POST' ? '{}' : undefined });
      assert.equal(r.status, 503, `${method} ${target}`);
      assert.match(r.headers['content-type'], /^application\/json/);
      JSON.parse(r.body.toString());
      assertSecurityHeaders(r.headers, `${method} ${target} (server down)`);
    }
  });
});
