// The WebKitGTK driver for wasm-bindgen-test, run as `SAFARIDRIVER=scripts/webkit-driver-shim`
// (the bash wrapper execs this file). Why a shim: wasm-bindgen-test-runner's Safari path sends
// empty capabilities and ignores webdriver.json, and WebKitGTK needs MiniBrowser's arguments in
// `webkitgtk:browserOptions` (without `--automation` new-session hangs; without the mock capture
// devices getUserMedia throws OverconstrainedError — /work/shared/BROWSERS.md).
//
// What it does, for one runner invocation (`--port=P` is given by the runner):
//   1. starts a private Xvfb (WebKitGTK has no headless mode) on a free display, unix socket only;
//   2. starts WebKitWebDriver on a free loopback port with DISPLAY set to it;
//   3. proxies 127.0.0.1:P to it, adding `webkitgtk:browserOptions` {binary MiniBrowser, args
//      --automation --enable-media-stream=true --enable-mock-capture-devices=true} to the
//      new-session request (alwaysMatch).
// Every process it starts is stopped: the runner SIGKILLs its driver (this shim), so a detached
// watchdog (`sh`, reading a pipe from this process) kills Xvfb's and WebKitWebDriver's process
// groups — MiniBrowser and its WebKit helper processes are in the latter — when the pipe closes,
// however this process ends. On SIGTERM/SIGINT, or when the runner is gone (re-parented), the
// shim stops them itself and exits.
//
// Env: LKW_MINIBROWSER (default /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser),
// LKW_WEBKIT_ARGS (extra MiniBrowser arguments, space-separated), LKW_WEBKITDRIVER (default
// WebKitWebDriver on PATH).
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import { existsSync } from 'node:fs';

const MINIBROWSER = process.env.LKW_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const DRIVER = process.env.LKW_WEBKITDRIVER || 'WebKitWebDriver';
const BROWSER_ARGS = [
  '--automation',
  '--enable-media-stream=true',
  '--enable-mock-capture-devices=true',
  ...(process.env.LKW_WEBKIT_ARGS || '').split(/\s+/).filter(Boolean),
];

const log = (msg) => process.stderr.write(`webkit-driver-shim: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const portArg = process.argv.slice(2).find((a) => a.startsWith('--port='));
if (!portArg) {
  log('usage: webkit-driver-shim --port=PORT');
  process.exit(2);
}
const listenPort = Number(portArg.slice('--port='.length));
if (!existsSync(MINIBROWSER)) {
  log(`${MINIBROWSER} missing: scripts/setup installs webkit2gtk-driver`);
  process.exit(1);
}

const children = []; // {child, name}; each leads its own process group

// The watchdog: kills the groups once our end of its stdin closes (we exited, however).
const watchdog = spawn(
  'sh',
  [
    '-c',
    'trap "" INT TERM HUP; while read -r pgid; do set -- "$@" "$pgid"; done; ' +
      '[ $# -gt 0 ] || exit 0; for g; do kill -TERM "-$g" 2>/dev/null; done; sleep 2; ' +
      'for g; do kill -KILL "-$g" 2>/dev/null; done; exit 0',
    'lkw-webkit-watchdog',
  ],
  { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
);
watchdog.unref();

function startGroup(name, cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  children.push({ child, name });
  watchdog.stdin.write(`${child.pid}\n`);
  child.once('error', (err) => log(`${name}: ${err.message}`));
  return child;
}

let stopping = null;
function stopAll() {
  if (stopping) return stopping;
  stopping = (async () => {
    for (const { child } of children) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && children.some(({ child }) => groupAlive(child.pid))) await sleep(50);
    for (const { child } of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  })();
  return stopping;
}
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
async function exit(code) {
  await stopAll();
  try {
    process.kill(watchdog.pid, 'SIGKILL'); // nothing left for it to stop
  } catch {}
  process.exit(code);
}
process.on('SIGTERM', () => exit(143));
process.on('SIGINT', () => exit(130));
process.on('SIGHUP', () => exit(129));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) exit(1); // the runner is gone
}, 1000).unref();

function freePort() {
  return new Promise((res, rej) => {
    const srv = createNetServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function startXvfb() {
  return new Promise((res, rej) => {
    const xvfb = startGroup(
      'Xvfb',
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
    );
    let out = '';
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) res(`:${out.trim()}`);
    });
    xvfb.once('exit', (code) => rej(new Error(`Xvfb exited (${code}) before naming its display`)));
    setTimeout(() => rej(new Error('Xvfb named no display in 10 s')), 10_000).unref();
  });
}

async function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    const ok = await new Promise((res) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`WebKitWebDriver did not listen on ${port} in ${timeoutMs / 1000} s`);
}

function withBrowserOptions(body) {
  let json;
  try {
    json = JSON.parse(body || '{}');
  } catch {
    return body;
  }
  json.capabilities ||= {};
  json.capabilities.alwaysMatch ||= {};
  const options = (json.capabilities.alwaysMatch['webkitgtk:browserOptions'] ||= {});
  options.binary ||= MINIBROWSER;
  options.args = [...new Set([...(options.args || []), ...BROWSER_ARGS])];
  delete json.desiredCapabilities; // legacy (non-W3C) form; WebKitWebDriver speaks W3C only
  return JSON.stringify(json);
}

async function main() {
  const display = await startXvfb();
  const driverPort = await freePort();
  const driver = startGroup(DRIVER, DRIVER, [`--port=${driverPort}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '', GDK_BACKEND: 'x11' },
  });
  await waitForPort(driverPort, driver, 15_000);
  driver.once('exit', (code, signal) => {
    if (!stopping) {
      log(`WebKitWebDriver ended (${code ?? signal})`);
      exit(1);
    }
  });

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST' && /^\/session\/?$/.test(req.url)) body = withBrowserOptions(body);
      const headers = { ...req.headers, host: `127.0.0.1:${driverPort}` };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      if (req.method !== 'GET' && req.method !== 'HEAD') headers['content-length'] = Buffer.byteLength(body);
      const upstream = httpRequest(
        { host: '127.0.0.1', port: driverPort, method: req.method, path: req.url, headers },
        (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: { error: 'unknown error', message: `webkit-driver-shim: ${err.message}` } }));
      });
      if (req.method !== 'GET' && req.method !== 'HEAD') upstream.end(body);
      else upstream.end();
    });
  });
  server.listen(listenPort, '127.0.0.1');
}

main().catch((err) => {
  log(err.message);
  exit(1);
});
