// Firefox ESR over WebDriver (classic + BiDi) for the e2e leg: the processes and the page helpers.
// Test instrumentation, not part of the widget. Facts this relies on: /work/shared/BROWSERS.md.
//
// - startFirefoxRig(): a private PulseAudio null sink (scripts/audio-sink.mjs; without a sound
//   device Firefox's AudioContext never starts), a meter on that sink's monitor (what Firefox
//   actually plays, i.e. what a person would hear), and one geckodriver (explicit binary, never
//   downloaded; `--websocket-port 0`, its BiDi default 9222 clashes) with the sink in its
//   environment. Every process it starts, rig.stop() stops by PID.
// - rig.open({prefs, preloads, …}): a fresh headless Firefox session (selenium-webdriver's classic
//   client over a plain http executor — Selenium Manager never runs) with its BiDi socket:
//   preload scripts (the BiDi equivalent of Playwright's addInitScript), console lines, token
//   request interception. Clicks go through WebDriver's element click — real input with user
//   activation; script runs (`page.eval`) grant none. The engine-independent helpers (eval,
//   click, attr/text/count, poll, waitAttr/waitText/waitCount) are e2e/webdriver-page.mjs's.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import http from 'selenium-webdriver/http/index.js';
import { startAudioSink } from '../../scripts/audio-sink.mjs';
import { WebDriverPage, sleep, why } from '../webdriver-page.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS = process.env.LKW_TOOLS || join(homedir(), '.cache', 'lk-voice-widget');
export const FIREFOX_BIN = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
export const GECKODRIVER_BIN = process.env.GECKODRIVER || join(TOOLS, 'geckodriver', 'bin', 'geckodriver');

/**
 * Prefs of every session. The autoplay pair is Firefox's real blocking policy: block audible
 * autoplay (1), decided by user activation (policy 0, "sticky" activation) — nothing emulated.
 */
export const BASE_PREFS = {
  // Fake microphone (a tone), no permission prompt.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 1,
  'media.autoplay.blocking_policy': 0,
  // ICE: Firefox gathers no 127.0.0.1 candidate (the loopback pref does not change that here);
  // it pairs the machine's own address with the server's 127.0.0.1 candidate, which stays on the
  // host — but only with the loopback pref on (without it every call fails to connect). The
  // server's join answer names public STUN servers (livekit-server's defaults): their names
  // resolve to loopback here (network.dns.localDomains below), so Firefox neither looks them up
  // nor asks them.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.loopback': true,
  // No traffic off the machine: geckodriver's recommended prefs stop most background services;
  // the names still looked up (checked with MOZ_LOG=nsHostResolver:5) resolve to loopback.
  'network.dns.localDomains': 'stun.l.google.com,stun1.l.google.com,global.stun.twilio.com,firefox.settings.services.mozilla.com',
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'browser.region.network.url': '',
  'app.normandy.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.startup.homepage': 'about:blank',
  'media.gmp-manager.url': '',
};

/**
 * Reads the null sink's monitor (what Firefox plays out) with `parec` and keeps a timeline of
 * 20 ms RMS levels: `peak(fromMs, toMs)` over Date.now() times.
 */
function startSinkMeter(env) {
  const rate = 16000;
  const win = rate / 50; // 20 ms
  const child = spawn('parec', ['-d', 'null.monitor', '--format=s16le', `--rate=${rate}`, '--channels=1', '--raw', '--latency-msec=20'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const levels = []; // [t, rms]
  let carry = Buffer.alloc(0);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (chunk) => {
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const now = Date.now();
    while (buf.length >= win * 2) {
      let sum = 0;
      for (let i = 0; i < win; i += 1) {
        const v = buf.readInt16LE(2 * i) / 32768;
        sum += v * v;
      }
      levels.push([now, Math.sqrt(sum / win)]);
      buf = buf.subarray(win * 2);
    }
    carry = Buffer.from(buf);
    if (levels.length > 60_000) levels.splice(0, 30_000); // ~20 min kept
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    /** Peak 20 ms RMS the sink carried between two Date.now() times (0 if nothing was read). */
    peak(from, to = Date.now()) {
      let p = 0;
      for (const [t, rms] of levels) if (t >= from && t <= to && rms > p) p = rms;
      return p;
    },
    /**
     * Date.now() time of the first 20 ms window from `from` on whose RMS is above `threshold`
     * (stamped when parec delivered it: up to ~20 ms after it played), or null.
     */
    firstAbove(threshold, from, to = Date.now()) {
      for (const [t, rms] of levels) if (t >= from && t <= to && rms > threshold) return t;
      return null;
    },
    /** How many 20 ms windows were read in all (0 means the meter does not run). */
    windows: () => levels.length,
    error: () => stderr.trim(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(3000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Starts geckodriver on a free port; resolves { url, stop() } once it listens. */
async function startGeckodriver({ env, logFile, profileRoot }) {
  if (!existsSync(GECKODRIVER_BIN)) throw new Error(`geckodriver missing (${GECKODRIVER_BIN}): run scripts/setup`);
  if (!existsSync(FIREFOX_BIN)) throw new Error(`Firefox missing (${FIREFOX_BIN}): run scripts/setup`);
  mkdirSync(profileRoot, { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(GECKODRIVER_BIN, ['--port', '0', '--websocket-port', '0', '--profile-root', profileRoot, '--log', 'info'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  let out = '';
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`geckodriver did not listen within 10 s: ${out}`)), 10_000);
    child.once('error', (err) => { clearTimeout(timer); rej(err); });
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`geckodriver exited (${code}): ${out}`)); });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Listening on (\S+:\d+)/.exec(out);
      if (m) { clearTimeout(timer); res(`http://${m[1]}`); }
    });
  });
  // Keep draining its stdout (browser output goes there) into nothing.
  child.stdout.on('data', () => {});
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) {
        child.kill('SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      }
    },
  };
}

/**
 * The audio sink, its meter and geckodriver. `open()` starts one Firefox session at a time.
 * Logs go to `logDir` (default .stack/firefox).
 */
export async function startFirefoxRig({ logDir = join(ROOT, '.stack', 'firefox') } = {}) {
  mkdirSync(logDir, { recursive: true });
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    stops.length = 0;
  };
  try {
    const sink = await startAudioSink();
    stops.push(() => sink.stop());
    const meter = startSinkMeter(sink.env);
    stops.push(() => meter.stop());
    const profileRoot = join(logDir, 'profiles');
    rmSync(profileRoot, { recursive: true, force: true });
    const gecko = await startGeckodriver({ env: sink.env, logFile: join(logDir, 'geckodriver.log'), profileRoot });
    stops.push(async () => {
      await gecko.stop();
      rmSync(profileRoot, { recursive: true, force: true });
    });
    // The meter must be reading before a test trusts a quiet sink.
    const deadline = Date.now() + 5000;
    while (meter.windows() === 0) {
      if (Date.now() > deadline) throw new Error(`the sink meter reads nothing (parec: ${meter.error() || 'no output'})`);
      await sleep(50);
    }
    return { sink, meter, open: (options) => openFirefox(gecko.url, options), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A fresh Firefox session. Options: `prefs` (over BASE_PREFS), `preloads` (page function sources,
 * `() => {…}`, run in every document before its own scripts). Returns the page helpers.
 */
async function openFirefox(serverUrl, { prefs = {}, preloads = [] } = {}) {
  const options = new firefox.Options();
  options.setBinary(FIREFOX_BIN);
  options.addArguments('-headless');
  for (const [k, v] of Object.entries({ ...BASE_PREFS, ...prefs })) options.setPreference(k, v);
  options.enableBidi();
  const executor = new http.Executor(new http.HttpClient(serverUrl));
  const driver = await firefox.Driver.createSession(options, executor);
  const console = []; // { level, text, t }
  let bidi;
  try {
    bidi = await driver.getBidi();
    await bidi.subscribe(['log.entryAdded']);
    bidi.on('log.entryAdded', (e) => console.push({ level: e.level, type: e.type, text: e.text, t: Date.now() }));
    for (const functionDeclaration of preloads) {
      unwrap(await bidi.send({ method: 'script.addPreloadScript', params: { functionDeclaration } }));
    }
  } catch (err) {
    await driver.quit().catch(() => {});
    throw err;
  }
  return new FirefoxPage(driver, bidi, console);
}

class FirefoxPage extends WebDriverPage {
  constructor(driver, bidi, console) {
    super(driver, { pollInterval: 100 });
    this.bidi = bidi;
    this.console = console;
  }

  /**
   * WebDriver's own CSS locator in the document (throws while there is no such element); inside a
   * shadow root (`within`), which that locator does not enter, the shared query.
   */
  find(selector) {
    return this.host ? super.find(selector) : this.driver.findElement(By.css(selector));
  }

  /**
   * Intercepts the page's requests to a URL (BiDi network.addIntercept, before the request is
   * sent) and answers them with `{ status, contentType, body }` — the network-layer equivalent of
   * Playwright's route.fulfill; the page's own code runs unchanged.
   */
  async fulfill(url, { status, reason = '', contentType, body }) {
    await this.bidi.subscribe(['network.beforeRequestSent']);
    const { intercept } = await this.bidi.send({
      method: 'network.addIntercept',
      params: { phases: ['beforeRequestSent'], urlPatterns: [{ type: 'string', pattern: url }] },
    }).then(unwrap);
    this.bidi.on('network.beforeRequestSent', (e) => {
      if (!e.isBlocked || !(e.intercepts || []).includes(intercept)) return;
      this.bidi.send({
        method: 'network.provideResponse',
        params: {
          request: e.request.request,
          statusCode: status,
          reasonPhrase: reason,
          headers: [{ name: 'content-type', value: { type: 'string', value: contentType } }],
          body: { type: 'string', value: body },
        },
      }).then(unwrap).catch((err) => this.console.push({ level: 'error', type: 'harness', text: `provideResponse: ${why(err)}`, t: Date.now() }));
    });
  }

  /** The console lines and page errors seen so far, one string. */
  consoleText() {
    return this.console.map((c) => `[${c.level}] ${c.text}`).join('\n');
  }

  async close() {
    try { this.bidi.close(); } catch { /* closed */ }
    await super.close();
  }
}

/** A BiDi answer's result, or its error thrown. */
function unwrap(answer) {
  if (answer && answer.type === 'error') throw new Error(`${answer.error}: ${answer.message}`);
  return answer && answer.result !== undefined ? answer.result : answer;
}

/**
 * Source of a preload script that runs the plain-JS file `path` (an IIFE like audio-probe.js) in
 * every http(s) document (not in the session's first about:blank, which has no mediaDevices).
 */
export function fileScript(path) {
  return `() => {\nif (!/^https?:$/.test(location.protocol)) return;\n${readFileSync(path, 'utf8')}\n}`;
}

