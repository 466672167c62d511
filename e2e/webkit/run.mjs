// The WebKitGTK e2e leg: MiniBrowser over classic WebDriver against the real stack (node:test).
//
//   node e2e/webkit/run.mjs                     starts the 'test' stack itself (and stops it)
//   LKW_STACK_URL=… node e2e/webkit/run.mjs     uses a running stack (scripts/test does this)
//
// WebKitGTK as Debian builds it has no WebRTC (/work/shared/BROWSERS.md), so this leg proves what
// a person sees in a browser that cannot call, in a real one rather than with RTCPeerConnection
// deleted from Chromium (tests/widget_ui.rs): a real click on Call fails at once with the browser
// hop — before any token request or SDK download (Resource Timing of the page, checked against
// what the page did load) —, "Check connection" names the browser and skips the connection checks,
// and the one-tag embed (calendar example, in its shadow root) shows the same diagnosis and tells
// the host page (lkw-error). The expected words: ../fault-cases.mjs NO_WEBRTC. And a crash (the
// drill) is caught there too.
//
// Every process it starts (Xvfb, WebKitWebDriver, MiniBrowser and WebKit's helpers via
// scripts/webkit-driver-shim; the stack if it started one) is stopped at the end, on failure and
// on SIGINT/SIGTERM too; the rig checks that none is left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { crashDrillReachesEveryWidget } from '../crash-drill.mjs';
import { startStack } from '../../scripts/stack.mjs';
import { startWebKitRig } from './webkit.mjs';
import { NO_WEBRTC } from '../fault-cases.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How soon after the click the failure must show ("at once": no network, no SDK in between). */
const AT_ONCE_MS = 2000;
/** How long to wait after the failure for a request the click might still have started. */
const SETTLE_MS = 1500;
/** The 10 checks of "Check connection", in order. */
const PASSING_CHECKS = ['secure-context', 'sdk-load'];
const AFTER_BROWSER_CHECKS = ['token-endpoint', 'token-claims', 'server-url'];
const CONNECTION_CHECKS = ['websocket', 'webrtc', 'turn', 'publish-audio'];

let stack; // the stack this file started, if any
let baseUrl;
let rig;

async function cleanUp() {
  const errors = [];
  if (rig) await rig.stop().catch((err) => errors.push(err));
  if (stack) await stack.stop().catch((err) => errors.push(err));
  if (errors.length) throw errors[0];
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => {
    cleanUp().finally(() => process.exit(code));
  });
}

before(async () => {
  if (process.env.LKW_STACK_URL) {
    baseUrl = process.env.LKW_STACK_URL.replace(/\/$/, '');
  } else {
    // No agent workers: no call gets that far in this browser.
    stack = await startStack({ profile: 'test', agent: false });
    baseUrl = stack.baseUrl;
  }
  // A dead stack would only show as an empty page in MiniBrowser (it loads no error page here).
  const health = await fetch(`${baseUrl}/healthz`).catch((err) => ({ ok: false, statusText: err.cause?.code || err.message }));
  if (!health.ok) throw new Error(`the stack at ${baseUrl} does not answer (/healthz: ${health.status ?? ''} ${health.statusText})`);
  rig = await startWebKitRig();
});

after(cleanUp);

/** Opens a MiniBrowser session, runs `body(page)`, adds what the page shows to a failure, closes. */
async function withWebKit(body) {
  const page = await rig.open();
  try {
    await body(page);
  } catch (err) {
    const seen = await page
      .eval(() => {
        const roots = [document, ...[...document.querySelectorAll('lk-voice-widget')].map((e) => e.shadowRoot).filter(Boolean)];
        const text = (s) => roots.map((r) => r.querySelector(s)).find(Boolean)?.textContent ?? null;
        return { url: location.href, status: text('.lkw-status'), error: text('.lkw-error'), log: text('.lkw-log') };
      })
      .catch((e) => ({ unreadable: e.message }));
    const resources = await page.resources().catch(() => []);
    err.message += `\n--- the page ---\n${JSON.stringify(seen, null, 1)}\n--- its requests ---\n${resources.map((r) => `${r.type} ${r.url}`).join('\n')}`;
    throw err;
  } finally {
    await page.close();
  }
}

/**
 * What the page fetched: asserts the widget's wasm is among it (Resource Timing records this
 * page's requests: the check below means something), and that no token request went out and
 * the SDK was never loaded.
 */
async function assertNothingFetchedForTheCall(page) {
  const urls = (await page.resources()).map((r) => new URL(r.url));
  assert.ok(urls.some((u) => u.pathname.endsWith('.wasm')), `Resource Timing lists the widget's wasm (${urls.map((u) => u.pathname).join(', ')})`);
  const token = urls.filter((u) => u.pathname.endsWith('/api/token'));
  assert.deepEqual(token.map(String), [], 'no request to the token endpoint');
  const sdk = urls.filter((u) => /livekit-client/.test(u.pathname));
  assert.deepEqual(sdk.map(String), [], 'the SDK (vendor/livekit-client.min.js) was not fetched');
}

/** The diagnosis in `scope` (the page or the embed's shadow root) names this browser. */
async function assertBrowserDiagnosis(scope) {
  await scope.waitAttr('.lkw-error', 'data-hop', NO_WEBRTC.hop, { timeout: 1000 });
  const user = await scope.text('.lkw-error .lkw-error-user');
  assert.ok(user.startsWith(NO_WEBRTC.user), `the person is told: ${user}`);
  const fix = await scope.text('.lkw-error .lkw-error-fix');
  assert.ok(fix.includes(NO_WEBRTC.fix), `the owner's fix: ${fix}`);
  const evidence = await scope.text('.lkw-error .lkw-error-evidence');
  assert.ok(evidence.includes(NO_WEBRTC.evidence), `evidence: ${evidence}`);
  assert.equal(await scope.text('button.lkw-call'), 'Call', 'the Call button is back');
  assert.equal(await scope.count('audio'), 0, 'no <audio>');
}

test('WebKitGTK has no WebRTC: the premise of this leg', { timeout: 60_000 }, async () => {
  await withWebKit(async (page) => {
    await page.goto(`${baseUrl}/`);
    const seen = await page.eval(() => ({
      peerConnection: typeof RTCPeerConnection,
      getUserMedia: typeof navigator.mediaDevices?.getUserMedia,
      secure: window.isSecureContext,
    }));
    assert.deepEqual(seen, { peerConnection: 'undefined', getUserMedia: 'function', secure: true });
  });
});

test('a click on Call fails at once with the browser hop; no token request, no SDK download', { timeout: 60_000 }, async () => {
  await withWebKit(async (page) => {
    await page.goto(`${baseUrl}/`);
    const widget = page.within('lk-voice-widget');
    // The real widget, mounted in the element's shadow root once the wasm is in (idle time).
    await widget.element('.lkw-mount button.lkw-call', 20_000);
    assert.equal(await widget.attr('.lkw', 'data-stage'), 'idle');
    await widget.recordStages('.lkw');
    const clicked = Date.now();
    await widget.click('button.lkw-call'); // pointer over it (the SDK preload's cue), press, release
    await widget.waitAttr('.lkw', 'data-stage', 'failed', { timeout: AT_ONCE_MS, interval: 10 });
    const ms = Date.now() - clicked;
    assert.deepEqual(await widget.stages(), ['idle', 'failed'], 'straight from idle to failed: no token, SDK or connecting stage');
    await assertBrowserDiagnosis(widget);
    await sleep(SETTLE_MS);
    await assertNothingFetchedForTheCall(page);
    assert.equal(await widget.attr('.lkw', 'data-stage'), 'failed');
    console.log(`# failed ${ms} ms after the click (WebDriver round trips included)`);
  });
});

test('"Check connection" fails browser support (hop browser), skips the connection checks and finishes', { timeout: 60_000 }, async () => {
  await withWebKit(async (page) => {
    await page.goto(`${baseUrl}/`);
    const widget = page.within('lk-voice-widget');
    await widget.click('button.lkw-preflight-run');
    const all = PASSING_CHECKS.length + 1 + AFTER_BROWSER_CHECKS.length + CONNECTION_CHECKS.length;
    await widget.waitCount('.lkw-check', all, { timeout: 20_000 });
    await widget.waitAttr('.lkw-preflight', 'data-running', 'false', { timeout: 5_000 });
    const checks = await widget.evalIn((query) =>
      query('.lkw-check', true).map((li) => ({
        check: li.dataset.check,
        status: li.dataset.status,
        hop: li.dataset.hop,
        detail: li.querySelector('.lkw-check-detail')?.textContent ?? '',
      })),
    );
    const by = Object.fromEntries(checks.map((c) => [c.check, c]));
    const browser = by['browser-support'];
    assert.ok(browser, `a browser-support row (${checks.map((c) => c.check).join(', ')})`);
    assert.deepEqual([browser.status, browser.hop], ['fail', NO_WEBRTC.hop], JSON.stringify(browser));
    assert.ok(browser.detail.includes(NO_WEBRTC.fix), `browser-support says why: ${browser.detail}`);
    for (const name of CONNECTION_CHECKS) {
      assert.equal(by[name]?.status, 'skipped', `${name}: ${JSON.stringify(by[name])}`);
    }
    // What does not need WebRTC still runs, and passes against the real stack.
    for (const name of [...PASSING_CHECKS, ...AFTER_BROWSER_CHECKS]) {
      assert.equal(by[name]?.status, 'pass', `${name}: ${JSON.stringify(by[name])}`);
    }
    assert.deepEqual(checks.filter((c) => c.status === 'fail').map((c) => c.check), ['browser-support'], 'only browser support fails');
    // Finished: the button can run it again; no call was started.
    assert.equal(await widget.evalIn((query) => query('button.lkw-preflight-run').disabled), false);
    assert.equal(await widget.attr('.lkw', 'data-stage'), 'idle');
  });
});

test('the one-tag embed (calendar example) shows the same diagnosis and tells the host page', { timeout: 60_000 }, async () => {
  await withWebKit(async (page) => {
    await page.goto(`${baseUrl}/examples/calendar/`);
    const widget = page.within('lk-voice-widget');
    // The real widget, mounted in the shadow root once the wasm is in (idle time, no intent).
    await widget.element('.lkw-mount button.lkw-call', 20_000);
    await page.eval(() => {
      window.__lkwErrors = [];
      document.addEventListener('lkw-error', (e) => window.__lkwErrors.push(e.detail));
    });
    await widget.recordStages('.lkw-mount > .lkw');
    await widget.click('.lkw-mount button.lkw-call');
    await widget.waitAttr('.lkw-mount > .lkw', 'data-stage', 'failed', { timeout: AT_ONCE_MS, interval: 10 });
    assert.deepEqual(await widget.stages(), ['idle', 'failed'], 'straight from idle to failed');
    await assertBrowserDiagnosis(widget);
    const events = await page.poll(() => page.eval(() => window.__lkwErrors), (e) => e.length > 0, { timeout: 2000, message: 'an lkw-error event' });
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].hop, NO_WEBRTC.hop);
    assert.equal(events[0].code, 'call-failed');
    assert.ok(events[0].message.startsWith(NO_WEBRTC.user), events[0].message);
    assert.ok(events[0].evidence.includes(NO_WEBRTC.evidence), events[0].evidence);
    await sleep(SETTLE_MS);
    await assertNothingFetchedForTheCall(page);
    // The diagnosis is in the widget's shadow root only: nothing leaked into the page.
    assert.equal(await page.count('.lkw-error'), 0);
  });
});

// A crash drill reaches every widget in WebKit too (e2e/crash-drill.mjs says why per engine).
test('a crash (the drill) is caught: every widget says so and the host page hears it', { timeout: 60_000 }, async () => {
  await withWebKit(async (page) => {
    await crashDrillReachesEveryWidget(page, baseUrl);
  });
});
