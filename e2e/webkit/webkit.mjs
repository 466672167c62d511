// WebKitGTK (MiniBrowser) over classic WebDriver for the e2e leg: the processes and the page
// helpers. Test instrumentation, not part of the widget. Facts this relies on:
// /work/shared/BROWSERS.md (WebKitGTK: no headless mode, classic WebDriver only, no WebRTC).
//
// - startWebKitRig(): runs scripts/webkit-driver-shim (the SAFARIDRIVER of the wasm browser tests)
//   as our driver: it starts a private Xvfb and WebKitWebDriver, adds `webkitgtk:browserOptions`
//   to new-session, and stops both process groups (MiniBrowser and WebKit's helper processes are
//   in the driver's) when it is stopped or when this process is gone. rig.stop() stops the shim
//   and then checks that every process under it is gone (kills and throws if one is left).
// - rig.open(): one MiniBrowser session (selenium-webdriver's classic client over a plain http
//   executor: no Selenium Manager). MiniBrowser keeps its real autoplay policy (no
//   --autoplay-policy), mock capture devices on. Clicks are WebDriver element clicks (real input);
//   `page.eval` runs script with no user activation. `page.within(host)` gives the same helpers
//   inside `host`'s open shadow root (the <lk-voice-widget>). The engine-independent
//   helpers (eval, click, attr/text/count, poll, waitAttr/waitText/waitCount) are
//   e2e/webdriver-page.mjs's, as is that scoping.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Capabilities, WebDriver } from 'selenium-webdriver';
import http from 'selenium-webdriver/http/index.js';
import { WebDriverPage, sleep } from '../webdriver-page.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHIM = join(ROOT, 'scripts', 'webkit-driver-shim');
export const MINIBROWSER = process.env.LKW_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** MiniBrowser's arguments (the shim adds the same; listed so a session says what it runs). */
export const MINIBROWSER_ARGS = ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'];

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Every process on the machine: pid → { ppid, pgid, start, comm } (from /proc). */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' '); // state ppid pgrp session … starttime (22nd)
      table.set(Number(name), { ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19], comm });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The processes under `pid` (children, grandchildren, …), as { pid, start, comm }. */
function descendants(pid) {
  const table = processTable();
  const found = [];
  const walk = (parent) => {
    for (const [child, p] of table) {
      if (p.ppid === parent) {
        found.push({ pid: child, pgid: p.pgid, start: p.start, comm: p.comm });
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Those of `procs` still running (same pid and start time: not a re-used pid). */
function stillRunning(procs) {
  const table = processTable();
  return procs.filter((p) => table.get(p.pid)?.start === p.start && table.get(p.pid)?.comm === p.comm);
}

/**
 * Starts the driver (via the shim); resolves { open(), stop(), processes() } once it answers
 * /status. Its output (and WebKitWebDriver's) goes to `logDir`/driver.log.
 */
export async function startWebKitRig({ logDir = join(ROOT, '.stack', 'webkit') } = {}) {
  if (!existsSync(MINIBROWSER)) throw new Error(`MiniBrowser missing (${MINIBROWSER}): run scripts/setup (webkit2gtk-driver)`);
  mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const log = openSync(join(logDir, 'driver.log'), 'w');
  const shim = spawn(SHIM, [`--port=${port}`], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((r) => shim.once('exit', r));
  const seen = new Map(); // pid → process, every one seen under the shim
  const note = () => {
    for (const p of descendants(shim.pid)) seen.set(p.pid, p);
  };
  const sessions = new Set();

  let stopped = null;
  const stop = () => {
    stopped ||= (async () => {
      for (const page of sessions) await page.close();
      note();
      if (shim.exitCode === null && shim.signalCode === null) {
        shim.kill('SIGTERM'); // the shim stops Xvfb's and WebKitWebDriver's groups, then exits
        if (!(await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]))) shim.kill('SIGKILL');
      }
      // The shim's watchdog finishes the job if the shim itself had to be killed.
      const procs = [...seen.values()];
      const deadline = Date.now() + 5000;
      while (stillRunning(procs).length && Date.now() < deadline) await sleep(100);
      const left = stillRunning(procs);
      for (const p of left) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      if (left.length) {
        throw new Error(`left running after the WebKit rig stopped (killed now): ${left.map((p) => `${p.comm} ${p.pid}`).join(', ')}`);
      }
      return procs;
    })();
    return stopped;
  };

  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (shim.exitCode !== null || shim.signalCode !== null) throw new Error(`webkit-driver-shim exited (${shim.exitCode ?? shim.signalCode}); see ${join(logDir, 'driver.log')}`);
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/status`);
        if (answer.ok && (await answer.json()).value?.ready) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver not ready in 30 s; see ${join(logDir, 'driver.log')}`);
      await sleep(100);
    }
    note();
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }

  return {
    /** A fresh MiniBrowser session (one at a time is what WebKitWebDriver allows). */
    async open() {
      if (stopped) throw new Error('the WebKit rig is stopped');
      const caps = new Capabilities();
      caps.set('webkitgtk:browserOptions', { binary: MINIBROWSER, args: MINIBROWSER_ARGS });
      const executor = new http.Executor(new http.HttpClient(`http://127.0.0.1:${port}`));
      const driver = await WebDriver.createSession(executor, caps);
      await driver.manage().setTimeouts({ pageLoad: 30_000, script: 10_000 });
      note(); // MiniBrowser and its WebKit processes
      const page = new WebKitPage(driver, () => sessions.delete(page));
      sessions.add(page);
      return page;
    },
    stop,
    /** The processes seen under the shim so far (Xvfb, WebKitWebDriver, MiniBrowser, WebKit's). */
    processes: () => {
      note();
      return [...seen.values()];
    },
  };
}

class WebKitPage extends WebDriverPage {
  constructor(driver, onClose) {
    super(driver, { pollInterval: 50 });
    this.onClose = onClose;
  }

  /** The resources the document fetched so far (Resource Timing): [{ url, type }]. */
  resources() {
    return this.eval(() => performance.getEntriesByType('resource').map((e) => ({ url: e.name, type: e.initiatorType })));
  }

  /**
   * Records every value attribute `data-stage` of `selector` takes from now on (a
   * MutationObserver in this scope); read them with `stages()`.
   */
  recordStages(selector) {
    return this.evalIn((query, s) => {
      const seen = [];
      const read = () => {
        const el = query(s);
        const stage = el ? el.getAttribute('data-stage') : null;
        if (stage !== null && seen[seen.length - 1] !== stage) seen.push(stage);
      };
      read();
      const el = query(s);
      const root = el ? el.getRootNode() : document; // the document, or the embed's shadow root
      new MutationObserver(read).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
      window.__lkwStages = seen;
    }, selector);
  }

  stages() {
    return this.eval(() => window.__lkwStages || null);
  }

  async close() {
    this.onClose();
    await super.close();
  }
}
