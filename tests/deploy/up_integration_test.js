// deploy/up.sh, the run command, as a user runs it: on free loopback ports
// (chosen below the ephemeral range, which the other tests' servers bind
// port 0 in; Envoy's admin interface on port 0), with a fresh data
// directory and the binaries already built (VITA_NO_BUILD), in front of a
// real Envoy. Start, restart of a killed vita-server, SIGTERM, a second
// start that keeps the token and the records, the server address in
// VITA_SERVER and in its deprecated alias VITA_GRPC_LISTEN, a busy port. As a
// newcomer runs it: from another working directory, with a data directory
// whose path has spaces, and with every command of the test-only packages
// (deploy/install-deps.sh --for-tests) hidden from its PATH.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const S = require('../support/web');

const UP = path.join(S.SOURCE_DIR, 'deploy', 'up.sh');

// A directory of stand-ins for every command that only the test packages
// install: each says it was called and fails, so a run path that needs one
// fails loudly (and its output names it).
function hiddenTestCommands(dir) {
  const packages = execFileSync(path.join(S.SOURCE_DIR, 'deploy', 'install-deps.sh'),
    ['--for-tests', '--print-packages'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const files = execFileSync('dpkg', ['-L', ...packages], { encoding: 'utf8' }).split('\n');
  const commands = new Set(files.filter((f) => /^\/usr\/(s?bin|local\/bin)\/[^/]+$/.test(f))
    .map((f) => path.basename(f)));
  assert.ok(commands.has('jq') && commands.has('chromium'), 'the test packages are installed');
  fs.mkdirSync(dir);
  for (const c of commands) {
    fs.writeFileSync(path.join(dir, c),
      `#!/bin/sh\necho "TEST-ONLY COMMAND ${c} called by the run path" >&2\nexit 127\n`, { mode: 0o755 });
  }
  return commands;
}

// Starts up.sh; resolves once it printed the URL (or rejects with its output).
// With `logFile`, its standard output and error go to that file, opened
// without O_APPEND, as `deploy/up.sh > up.log 2>&1` opens it.
function startUp(env, { logFile } = {}) {
  // Its own process group, as in a terminal: Ctrl-C signals the whole group.
  // Started from another directory than the checkout, as `deploy/up.sh` may be.
  const fd = logFile ? fs.openSync(logFile, 'w') : null;
  const child = spawn(UP, [], {
    env, cwd: os.tmpdir(), stdio: fd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd], detached: true,
  });
  if (fd !== null) fs.closeSync(fd);
  let piped = '';
  const out = () => (logFile ? fs.readFileSync(logFile, 'utf8') : piped);
  if (!logFile) {
    child.stdout.on('data', (d) => { piped += d; });
    child.stderr.on('data', (d) => { piped += d; });
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const done = (err) => {
      clearInterval(timer);
      clearTimeout(timeout);
      if (err) reject(err);
      else resolve();
    };
    // Printed the URL, and the gateway there is ours: it names this run's
    // own default profile (not some other test's Envoy on the same port).
    let checking = false;
    const timer = setInterval(async () => {
      const url = /^(https?:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out());
      if (!url || checking) return;
      checking = true;
      try {
        // curl: over https (VITA_TLS_CERT) it trusts the run's certificate.
        const r = S.curl(url[1] + 'vita-config.json', env.VITA_TLS_CERT ? ['--cacert', env.VITA_TLS_CERT] : []);
        const config = JSON.parse(r.body || `"${r.stderr}"`);
        if (config.defaultProfile === env.VITA_DEFAULT_PROFILE) done();
        else done(new Error(`${url[1]} is not this up.sh's gateway: ${JSON.stringify(config)}\n${out()}`));
      } catch (e) {
        done(new Error(`${url[1]}vita-config.json: ${e}\n${out()}`));
      }
    }, 50);
    const timeout = setTimeout(() => done(new Error('up.sh printed no URL in 60 s:\n' + out())), 60000);
    exited.then((r) => done(new Error(`up.sh exited (${r.code ?? r.signal}) before it printed the URL:\n${out()}`)));
  });
  return { child, exited, ready, out };
}

function childPid(parent, name) {
  const lines = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(parent)], { encoding: 'utf8' });
  const line = lines.split('\n').find((l) => l.trim().endsWith(name));
  return line ? Number(line.trim().split(/\s+/)[0]) : null;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

describe('deploy/up.sh', () => {
  let dir, env, port, up;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-up-test-'));
    port = await S.freePort();
    const hidden = path.join(dir, 'hidden-test-commands');
    hiddenTestCommands(hidden);
    env = {
      ...process.env,
      PATH: `${hidden}:${process.env.PATH}`,
      VITA_NO_BUILD: '1',
      VITA_BUILD_DIR: S.BUILD_DIR,
      VITA_DATA_DIR: path.join(dir, 'data dir with spaces'),
      VITA_SERVER: `127.0.0.1:${await S.freePort()}`,
      VITA_LISTEN_PORT: String(port),
      // A free port: tests run in parallel.
      VITA_ADMIN_PORT: String(await S.freePort()),
      // Unique to this run: the gateway that answers is this up.sh's.
      VITA_DEFAULT_PROFILE: `up-test-${process.pid}-${Math.floor(Math.random() * 1e9)}`,
      VITA_WEB_ROOT: S.WEB_ROOT,
      VITA_ENVOY_CONFIG: path.join(dir, 'envoy.yaml'),
      VITA_ACCESS_LOG: '/dev/null',
      ENVOY_BIN: S.envoyBin(),
    };
    delete env.VITA_ADMIN_TOKEN;
    delete env.VITA_GRPC_LISTEN;
    delete env.VITA_UPSTREAM;
    S.ensureWebRoot();
  });

  async function stopUp() {
    if (up && up.child.exitCode === null && up.child.signalCode === null) {
      up.child.kill('SIGTERM');
      await up.exited;
    }
  }
  after(async () => {
    await stopUp();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // The steps of one run of the stack, in order: once one fails, the later
  // ones are skipped (naming it) instead of failing for the same reason.
  let failedStep = null;
  function step(name, fn) {
    it(name, async (t) => {
      if (failedStep) {
        t.skip(`needs the step "${failedStep}", which failed`);
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        failedStep = name;
        throw e;
      }
    });
  }

  const origin = () => `http://127.0.0.1:${port}`;
  const serverPort = () => Number(env.VITA_SERVER.split(':')[1]);
  const dataDir = () => env.VITA_DATA_DIR;
  const token = () => fs.readFileSync(path.join(dataDir(), 'admin-token'), 'utf8').trim();
  async function addNews(id, auth) {
    return fetch(`${origin()}/v1/profiles/hexu-zhao/news?newsItemId=${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ date: { year: 2025, month: 1 }, text: `news ${id}` }),
    });
  }
  async function newsIds() {
    const r = await fetch(`${origin()}/v1/profiles/hexu-zhao/page`);
    assert.equal(r.status, 200);
    return (await r.json()).news.map((n) => n.name.split('/').pop());
  }

  step('starts the stack, prints the URL and where the token is', async () => {
    up = startUp(env);
    await up.ready;
    assert.match(up.out(), new RegExp(`^http://127\\.0\\.0\\.1:${port}/$`, 'm'));
    const tokenFile = path.join(dataDir(), 'admin-token');
    assert.ok(up.out().includes(`admin token: ${tokenFile} `), up.out());
    // The hint it prints works when pasted into a shell, spaces and all.
    const hint = up.out().match(/\(export VITA_TOKEN=(.*)\)$/m);
    assert.ok(hint, up.out());
    assert.equal(execFileSync('bash', ['-c', `printf %s ${hint[1]}`], { encoding: 'utf8' }), token());
    assert.equal(fs.statSync(tokenFile).mode & 0o777, 0o600);
    assert.ok(fs.existsSync(path.join(dataDir(), 'vita.db')));
    assert.doesNotMatch(up.out(), /TEST-ONLY COMMAND/);
    assert.doesNotMatch(up.out(), /deprecated/);
    assert.ok(await portOpen(serverPort()), `vita-server listens on VITA_SERVER ${env.VITA_SERVER}`);
    const page = await fetch(origin() + '/p/hexu-zhao');
    assert.equal(page.status, 200);
    assert.equal((await addNews('no-token')).status, 401);
    assert.equal((await addNews('first', token())).status, 200);
    assert.ok((await newsIds()).includes('first'));
  });

  step('does not hand the admin token to Envoy', () => {
    const envoy = childPid(up.child.pid, 'envoy');
    assert.ok(envoy, 'envoy runs under up.sh');
    assert.doesNotMatch(fs.readFileSync(`/proc/${envoy}/environ`, 'utf8'), /VITA_ADMIN_TOKEN=/);
  });

  step('starts vita-server again when it is killed; the gateway stays up', async () => {
    const server = childPid(up.child.pid, 'vita-server');
    assert.ok(server);
    process.kill(server, 'SIGKILL');
    // The page JSON is a published file: it stays up while the server is
    // down; a transcoded call shows when the server is back.
    const published = await fetch(`${origin()}/v1/profiles/hexu-zhao/page`);
    assert.equal(published.status, 200, 'the published page JSON is served while the server is down');
    assert.ok((await published.json()).news.some((n) => n.name.endsWith('/first')));
    let ids = null;
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      const r = await fetch(`${origin()}/v1/profiles/hexu-zhao/news`);
      if (r.status === 200) {
        ids = (await r.json()).newsItems.map((n) => n.name.split('/').pop());
        break;
      }
      assert.equal(r.status, 503, 'the gateway answers 503 while the server is down');
      await S.sleep(200);
    }
    assert.ok(ids && ids.includes('first'), up.out());
    assert.match(up.out(), /vita-server ended \(exit status 137\); starting it again/);
    assert.notEqual(childPid(up.child.pid, 'vita-server'), server);
  });

  step('stops everything on SIGTERM and exits 0', async () => {
    up.child.kill('SIGTERM');
    const r = await up.exited;
    assert.deepEqual(r, { code: 0, signal: null }, up.out());
    assert.equal(await portOpen(port), false);
    assert.equal(await portOpen(serverPort()), false);
  });

  step('keeps the token and every record when started again', async () => {
    const before = token();
    up = startUp(env);
    await up.ready;
    assert.equal(token(), before);
    assert.ok((await newsIds()).includes('first'));
    assert.equal((await addNews('second', before)).status, 200);
  });

  step('stops gracefully on Ctrl-C (SIGINT to its whole process group) and exits 0', async () => {
    process.kill(-up.child.pid, 'SIGINT');
    assert.deepEqual(await up.exited, { code: 0, signal: null }, up.out());
    assert.doesNotMatch(up.out(), /gateway ended/);
    assert.match(up.out(), /vita-server: stopped/);
    assert.match(up.out(), /vita: stopped/);
    assert.equal(await portOpen(port), false);
    assert.doesNotMatch(up.out(), /TEST-ONLY COMMAND/);
  });

  step('serves vita-server at the deprecated VITA_GRPC_LISTEN, saying in one line that it is deprecated', async () => {
    const old = { ...env, VITA_GRPC_LISTEN: `127.0.0.1:${await S.freePort()}` };
    delete old.VITA_SERVER;
    up = startUp(old);
    await up.ready;
    try {
      assert.ok(await portOpen(Number(old.VITA_GRPC_LISTEN.split(':')[1])), up.out());
      assert.equal(await portOpen(serverPort()), false, 'nothing on VITA_SERVER\'s former port');
      assert.match(up.out(), new RegExp(`^vita: gRPC: ${old.VITA_GRPC_LISTEN.replace(/\./g, '\\.')} `, 'm'));
      assert.deepEqual(up.out().split('\n').filter((l) => /deprecated/.test(l)),
        ['up.sh: note: VITA_GRPC_LISTEN is a deprecated name of VITA_SERVER (the server address); use VITA_SERVER']);
      assert.ok((await newsIds()).includes('second'), 'the gateway proxies to the server there');
    } finally {
      up.child.kill('SIGTERM');
    }
    assert.deepEqual(await up.exited, { code: 0, signal: null }, up.out());
  });

  step('takes vita-server and Envoy down with it when killed outright (SIGKILL)', async () => {
    up = startUp(env);
    await up.ready;
    const server = childPid(up.child.pid, 'vita-server');
    const envoy = childPid(up.child.pid, 'envoy');
    assert.ok(server && envoy, up.out());
    up.child.kill('SIGKILL');
    await up.exited;
    const alive = (pid) => {  // a zombie is gone but for its exit status
      try {
        return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 20000;
    while ((alive(server) || alive(envoy)) && Date.now() < deadline) await S.sleep(100);
    const survivors = [server, envoy].filter(alive);
    survivors.forEach((pid) => process.kill(pid, 'SIGKILL'));  // not left to other tests
    assert.equal(survivors.includes(server), false, `vita-server ${server} outlived up.sh`);
    assert.equal(survivors.includes(envoy), false, `envoy ${envoy} outlived up.sh`);
    assert.equal(await portOpen(port), false);
    assert.equal(await portOpen(serverPort()), false);
  });

  it('serves at VITA_SERVER when the deprecated VITA_GRPC_LISTEN is set as well', async () => {
    await stopUp();
    const [newPort, oldPort] = [await S.freePort(), await S.freePort()];
    // Both ports busy: up.sh names the one it would serve at, and exits.
    const blockers = [newPort, oldPort].map((p) => net.createServer().listen(p, '127.0.0.1'));
    await Promise.all(blockers.map((b) => new Promise((r) => b.once('listening', r))));
    try {
      up = startUp({ ...env, VITA_SERVER: `127.0.0.1:${newPort}`, VITA_GRPC_LISTEN: `127.0.0.1:${oldPort}` });
      await assert.rejects(up.ready);
      assert.equal((await up.exited).code, 1);
      assert.match(up.out(), new RegExp(`^vita: vita-server's gRPC port ${newPort} is in use already.*; stop what listens there or set VITA_SERVER$`, 'm'));
      assert.doesNotMatch(up.out(), new RegExp(`port ${oldPort}`));
      assert.match(up.out(), /^up\.sh: note: VITA_GRPC_LISTEN is a deprecated name of VITA_SERVER; both are set, VITA_SERVER wins$/m);
    } finally {
      blockers.forEach((b) => b.close());
    }
  });

  it('names a busy port and exits 1 without starting anything', async () => {
    await stopUp();  // in case a step above failed with the stack running
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      up = startUp(env);
      await assert.rejects(up.ready);
      assert.equal((await up.exited).code, 1);
      // One line naming the port and the setting that moves it.
      assert.match(up.out(), new RegExp(`^vita: the page's port ${port} is in use already.*; stop what listens there or set VITA_LISTEN_PORT$`, 'm'));
      assert.doesNotMatch(up.out(), /vita-server: listening/);
    } finally {
      blocker.close();
    }
  });

  it('serves the page over https with VITA_TLS_CERT and VITA_TLS_KEY, and plain http no more', async () => {
    await stopUp();
    const cert = S.makeTestCert();
    try {
      up = startUp({ ...env, VITA_TLS_CERT: cert.cert, VITA_TLS_KEY: cert.key });
      await up.ready;
      assert.match(up.out(), new RegExp(`^https://127\\.0\\.0\\.1:${port}/$`, 'm'));
      const page = S.curl(`https://127.0.0.1:${port}/p/hexu-zhao`, ['--cacert', cert.cert, '--http2']);
      assert.equal(page.status, 200, page.stderr);
      assert.equal(page.httpVersion, '2');
      assert.match(page.body, /Hexu Zhao/);
      assert.equal(S.curl(`http://127.0.0.1:${port}/p/hexu-zhao`).status, 0, 'no plain http');
      up.child.kill('SIGTERM');
      assert.equal((await up.exited).code, 0);
    } finally {
      fs.rmSync(cert.dir, { recursive: true, force: true });
    }
  });

  it('keeps every access-log line whole in a file it logs to with `> file 2>&1` (the default access log)', async () => {
    await stopUp();
    const logFile = path.join(dir, 'up.log');
    const logged = { ...env };
    delete logged.VITA_ACCESS_LOG;  // the default: the gateway's standard output
    up = startUp(logged, { logFile });
    await up.ready;
    const n = 20;
    for (let i = 0; i < n; i++) {
      assert.equal((await fetch(`${origin()}/vita-config.json?n=${i}`)).status, 200);
    }
    // Envoy writes its access log out on its flush timer and at the
    // latest when it stops; then up.sh and vita-server write their stop
    // lines, at the offset they share.
    await S.sleep(1500);
    up.child.kill('SIGTERM');
    assert.equal((await up.exited).code, 0);
    const log = fs.readFileSync(logFile, 'utf8');
    // No line is what is left of one written over.
    for (const line of log.split('\n').filter(Boolean)) {
      assert.match(line, /^(\[\d{4}-\d\d-\d\d[T ]|vita(-server)?: |https?:\/\/)/, `a cut line in:\n${log}`);
    }
    for (let i = 0; i < n; i++) {
      assert.match(log, new RegExp(`^\\[\\d{4}-\\d\\d-\\d\\dT[^\\]]+\\] 127\\.0\\.0\\.1 "GET /vita-config\\.json\\?n=${i} HTTP/1\\.1" 200 `, 'm'),
        `request ${i} has no whole line in:\n${log}`);
    }
    assert.match(log, /^vita: stopped/m);
  });

  it('explains its settings with --help', () => {
    const help = execFileSync(UP, ['--help'], { encoding: 'utf8' });
    for (const v of ['VITA_DATA_DIR', 'VITA_ADMIN_TOKEN', 'VITA_SERVER', 'VITA_LISTEN_PORT',
      'VITA_ADMIN_PORT', 'VITA_DEFAULT_PROFILE', 'VITA_SEED', 'VITA_NO_BUILD', 'VITA_TLS_CERT, VITA_TLS_KEY']) {
      assert.match(help, new RegExp(`^  ${v} `, 'm'));
    }
    const words = (text) => text.replace(/\s+/g, ' ');
    assert.ok(words(help).includes('VITA_SERVER [127.0.0.1:50051] where vita-server serves gRPC'), help);
    assert.ok(words(help).includes('the deprecated name VITA_GRPC_LISTEN is still read (VITA_SERVER wins)'), help);
    const gw = execFileSync(path.join(S.SOURCE_DIR, 'deploy', 'run-gateway.sh'), ['--help'],
      { encoding: 'utf8' });
    assert.ok(words(gw).includes("VITA_SERVER [127.0.0.1:50051] vita-server's gRPC address, proxied to"), gw);
    assert.ok(words(gw).includes('the deprecated name VITA_UPSTREAM is still read (VITA_SERVER wins)'), gw);
  });
});
