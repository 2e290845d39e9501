// The gateway's transport and limits (deploy/envoy.yaml, docs/security.md):
// TLS on the listener with a certificate made for the test (HTTP/1.1 and
// HTTP/2 by ALPN; the page, REST, gRPC-Web and `vita` over it), request
// bodies over the limit refused with 413 before vita-server sees them,
// bounded headers and URLs, and the per-client rate limits on writes and on
// calls carrying a token (429 as JSON). Real vita-server, real Envoy, curl
// and the real `vita`.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const S = require('../support/web');

const { VITA_BIN } = S;

// GetPageRequest{name: "profiles/hexu-zhao"} in one gRPC-Web data frame.
function grpcWebFrame(message) {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}
const GET_PAGE_FRAME = (() => {
  const name = Buffer.from('profiles/hexu-zhao');
  return grpcWebFrame(Buffer.concat([Buffer.from([0x0a, name.length]), name]));
})();
const GRPC_WEB = ['-H', 'content-type: application/grpc-web+proto', '-H', 'x-grpc-web: 1'];

// A file in a fresh directory holding `bytes`, for curl's --data-binary.
function bodyFile(bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-body-'));
  const file = path.join(dir, 'body');
  fs.writeFileSync(file, bytes);
  return file;
}

// The JSON body of every 4xx Envoy makes itself (local_reply_config).
function localReply(status, message, details) {
  return { httpStatus: status, message, details };
}

// How many requests Envoy has sent to vita-server (health checks aside).
async function upstreamRequests(gw) {
  const r = await fetch(`http://127.0.0.1:${gw.adminPort}/stats?filter=^cluster\\.vita_server\\.upstream_rq_total$`);
  const m = /upstream_rq_total: (\d+)/.exec(await r.text());
  assert.ok(m, 'the admin interface reports upstream_rq_total');
  return Number(m[1]);
}

describe('gateway over TLS (VITA_TLS_CERT, VITA_TLS_KEY)', () => {
  const cert = S.makeTestCert();
  const ca = ['--cacert', cert.cert];
  const stack = S.stackForBlock({ env: { VITA_TLS_CERT: cert.cert, VITA_TLS_KEY: cert.key } });
  let server, gw;
  before(() => ({ server, gw } = stack));
  after(() => fs.rmSync(cert.dir, { recursive: true, force: true }));

  it('serves the page over HTTP/1.1 and HTTP/2, as the client asks by ALPN', () => {
    assert.match(gw.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    for (const [flag, version] of [['--http1.1', '1.1'], ['--http2', '2']]) {
      const r = S.curl(gw.url + '/', [...ca, flag]);
      assert.equal(r.status, 200, `${flag}: ${r.stderr}`);
      assert.equal(r.httpVersion, version, flag);
      assert.match(r.body, /^<!doctype html>/, flag);
    }
  });

  it('serves REST over https: the page, and a write with the token', () => {
    const page = S.curl(gw.url + '/v1/profiles/hexu-zhao/page', [...ca, '--http2']);
    assert.equal(page.status, 200, page.stderr);
    assert.equal(JSON.parse(page.body).profile.displayName, 'Hexu Zhao');
    const write = S.curl(gw.url + '/v1/profiles/hexu-zhao/news', [...ca, '--http1.1', '-X', 'POST',
      '-H', 'content-type: application/json', '-H', `authorization: Bearer ${server.token}`,
      '--data', '{"date":{"year":2031,"month":2},"text":"Over TLS."}']);
    assert.equal(write.status, 200, write.body + write.stderr);
    assert.equal(JSON.parse(write.body).text, 'Over TLS.');
  });

  it('serves gRPC-Web over https', () => {
    const r = S.curl(gw.url + '/vita.v1.ProfileService/GetPage',
      [...ca, '--http2', '-X', 'POST', ...GRPC_WEB, '--data-binary', `@${bodyFile(GET_PAGE_FRAME)}`]);
    assert.equal(r.status, 200, r.stderr);
    assert.equal(r.body.charCodeAt(0), 0, 'first frame is a message');
    assert.ok(r.body.includes('Hexu Zhao'), 'the page is in the message');
    assert.match(r.body, /grpc-status:\s*0/);
  });

  it('serves `vita` (gRPC over TLS, trusting the certificate with --ca)', () => {
    const r = spawnSync(VITA_BIN, ['--server', new URL(gw.url).host, '--ca', cert.cert,
      '--profile', 'hexu-zhao', '-o', 'json', 'page'], { encoding: 'utf8', env: { HOME: os.tmpdir() } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).profile.displayName, 'Hexu Zhao');
  });

  it('answers neither plaintext nor a client that does not trust the certificate', () => {
    const plain = S.curl(gw.url.replace('https:', 'http:') + '/');
    assert.equal(plain.status, 0, 'no HTTP response over plaintext');
    const untrusted = S.curl(gw.url + '/');
    assert.equal(untrusted.status, 0);
    assert.equal(untrusted.exitCode, 60, `curl: certificate not trusted: ${untrusted.stderr}`);
  });
});

describe('limits at the gateway: request bodies and headers', () => {
  const stack = S.stackForBlock();
  let server, gw;
  before(() => ({ server, gw } = stack));

  const auth = () => ['-H', `authorization: Bearer ${server.token}`];
  const JSON_POST = ['--http1.1', '-X', 'POST', '-H', 'content-type: application/json'];

  it('refuses a 1 MB body with 413 JSON before vita-server sees it, on REST and gRPC-Web', async () => {
    const before = await upstreamRequests(gw);
    const text = 'x'.repeat(1 << 20);
    const rest = S.curl(gw.url + '/v1/profiles/hexu-zhao/news', [...JSON_POST, ...auth(),
      '--data-binary', `@${bodyFile(JSON.stringify({ date: { year: 2031 }, text }))}`]);
    assert.equal(rest.status, 413, rest.stderr);
    assert.deepEqual(JSON.parse(rest.body), localReply(413, 'Payload Too Large', 'request_payload_too_large'));
    const grpcWeb = S.curl(gw.url + '/vita.v1.ProfileService/CreateNewsItem', ['--http1.1', '-X', 'POST',
      ...GRPC_WEB, ...auth(), '--data-binary', `@${bodyFile(grpcWebFrame(Buffer.alloc(1 << 20, 0x41)))}`]);
    assert.equal(grpcWeb.status, 413, grpcWeb.stderr);
    assert.equal(await upstreamRequests(gw), before, 'vita-server saw none of them');
    // A small body goes through.
    const small = S.curl(gw.url + '/v1/profiles/hexu-zhao/news', [...JSON_POST, ...auth(),
      '--data', JSON.stringify({ date: { year: 2031 }, text: 'Small enough.' })]);
    assert.equal(small.status, 200, small.body);
    assert.equal(await upstreamRequests(gw), before + 1);
  });

  it('lets the whole-page import send up to 4 MiB, and refuses more with 413', async () => {
    // 1 MB: over the default limit, under the import's; vita-server answers
    // (the profile exists already: 409).
    const page = S.demoPage();
    page.profile.bio = 'y'.repeat(1 << 20);
    const before = await upstreamRequests(gw);
    const mb = S.curl(gw.url + '/v1/profiles:importPage', [...JSON_POST, ...auth(),
      '--data-binary', `@${bodyFile(JSON.stringify({ page }))}`]);
    assert.notEqual(mb.status, 413, mb.body);
    assert.equal(await upstreamRequests(gw), before + 1, 'vita-server saw the 1 MB import');
    page.profile.bio = 'y'.repeat(5 << 20);
    const big = S.curl(gw.url + '/v1/profiles:importPage', [...JSON_POST, ...auth(),
      '--data-binary', `@${bodyFile(JSON.stringify({ page }))}`]);
    assert.equal(big.status, 413, big.stderr);
    assert.equal(await upstreamRequests(gw), before + 1, 'vita-server did not see the 5 MB import');
  });

  it('refuses a 20 kB URL and 100 headers with 431 JSON', async () => {
    const url = await S.rawRequest(gw.url, '/v1/profiles/' + 'a'.repeat(20000));
    assert.equal(url.status, 431);
    assert.deepEqual(JSON.parse(url.body), localReply(431, 'Request Header Fields Too Large', 'http1.headers_too_large'));
    const headers = {};
    for (let i = 0; i < 100; i++) headers[`x-h${i}`] = '1';
    const many = await S.rawRequest(gw.url, '/v1/profiles/hexu-zhao', { headers });
    assert.equal(many.status, 431);
    assert.deepEqual(JSON.parse(many.body), localReply(431, 'Request Header Fields Too Large', 'http1.too_many_headers'));
  });
});

describe('limits at the gateway: per-client rate limits', () => {
  let server;
  before(async () => {
    server = await S.startServer();
  });
  after(async () => {
    if (server) await server.stop();
  });

  const RATE_LIMITED = localReply(429, 'local_rate_limited', 'local_rate_limited');
  const write = (url, extra = []) => S.curl(url + '/v1/profiles/hexu-zhao/news', ['--http1.1', '-X', 'POST',
    '-H', 'content-type: application/json', '--data', '{}', ...extra]);

  it('answers a burst of writes from one client with 429 JSON once its bucket is empty; reads and other clients pass', async () => {
    const gw = await S.startGateway(server.address, { env: { VITA_WRITES_PER_MINUTE: '5' } });
    try {
      await S.waitForApi(gw.url);
      const statuses = [];
      for (let i = 0; i < 8; i++) {
        const r = write(gw.url);
        statuses.push(r.status);
        if (r.status === 429) assert.deepEqual(JSON.parse(r.body), RATE_LIMITED);
      }
      // Without a token each allowed write is 401 (it reached vita-server).
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
      // gRPC-Web writes share the bucket; a made-up x-forwarded-for does
      // not give a new one.
      const grpcWeb = S.curl(gw.url + '/vita.v1.ProfileService/CreateNewsItem',
        ['--http1.1', '-X', 'POST', ...GRPC_WEB, '--data-binary', `@${bodyFile(GET_PAGE_FRAME)}`]);
      assert.equal(grpcWeb.status, 429);
      assert.equal(write(gw.url, ['-H', 'x-forwarded-for: 10.9.8.7']).status, 429);
      // Reads are not limited, and another client has its own bucket.
      for (let i = 0; i < 10; i++) {
        assert.equal(S.curl(gw.url + '/v1/profiles/hexu-zhao').status, 200);
        assert.equal(S.curl(gw.url + '/vita.v1.ProfileService/GetPage',
          ['-X', 'POST', ...GRPC_WEB, '--data-binary', `@${bodyFile(GET_PAGE_FRAME)}`]).status, 200);
      }
      assert.equal(write(gw.url, ['--interface', '127.0.0.2']).status, 401);
    } finally {
      await gw.stop();
    }
  });

  it('answers calls carrying a token with 429 JSON once the client used up its bucket, right token or wrong', async () => {
    const gw = await S.startGateway(server.address, { env: { VITA_TOKEN_CALLS_PER_MINUTE: '3' } });
    try {
      await S.waitForApi(gw.url);
      const statuses = [];
      for (const token of ['wrong-1', 'wrong-2', 'wrong-3', server.token, 'wrong-4']) {
        const r = S.curl(gw.url + '/v1/profiles/hexu-zhao', ['-H', `authorization: Bearer ${token}`]);
        statuses.push(r.status);
        if (r.status === 429) assert.deepEqual(JSON.parse(r.body), RATE_LIMITED);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.equal(S.curl(gw.url + '/v1/profiles/hexu-zhao').status, 200, 'a call without a token passes');
    } finally {
      await gw.stop();
    }
  });

  it('renders the documented defaults: 256 KiB bodies, 4 MiB imports, 120 writes and token calls a minute', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-render-'));
    const config = path.join(dir, 'envoy.yaml');
    const env = S.gatewayEnv({ port: 8080, adminPort: 9901, server: '127.0.0.1:50051', config });
    const r = spawnSync(path.join(S.SOURCE_DIR, 'deploy', 'render-envoy-config.sh'), [config], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const rendered = fs.readFileSync(config, 'utf8');
    assert.match(rendered, /max_request_bytes: 262144\n/);
    assert.match(rendered, /buffer: \{ max_request_bytes: 4194304 \}/);
    assert.match(rendered, /key: vita_write, value: "1" \}, \{ key: remote_address \}\]\n\s+token_bucket: \{ max_tokens: 120, tokens_per_fill: 120, fill_interval: 60s \}/);
    assert.match(rendered, /key: vita_token, value: "1" \}, \{ key: remote_address \}\]\n\s+token_bucket: \{ max_tokens: 120, tokens_per_fill: 120, fill_interval: 60s \}/);
    assert.doesNotMatch(rendered, /transport_socket/, 'plaintext unless VITA_TLS_CERT is set');
    for (const [name, value, message] of [
      ['VITA_MAX_BODY_BYTES', '0', "VITA_MAX_BODY_BYTES must be a whole number above 0, got '0'"],
      ['VITA_WRITES_PER_MINUTE', 'many', "VITA_WRITES_PER_MINUTE must be a whole number above 0, got 'many'"],
      ['VITA_TLS_CERT', '/etc/hostname', 'VITA_TLS_CERT and VITA_TLS_KEY go together: set both, or neither'],
    ]) {
      const bad = spawnSync(path.join(S.SOURCE_DIR, 'deploy', 'render-envoy-config.sh'), [config],
        { env: { ...env, [name]: value }, encoding: 'utf8' });
      assert.equal(bad.status, 2, name);
      assert.equal(bad.stderr, `render-envoy-config: ${message}\n`, name);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
