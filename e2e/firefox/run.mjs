// The Firefox e2e leg: Firefox ESR over WebDriver BiDi against the real stack (node:test).
//
//   node e2e/firefox/run.mjs            starts the 'test' stack itself (and stops it)
//   LKW_STACK_URL=… node e2e/firefox/run.mjs   uses a running stack (scripts/test does this)
//
// What it proves in Firefox, with Firefox's own autoplay policy (audible autoplay blocked, decided
// by user activation; a WebDriver element click is real input, a script click is not):
// a call started by a click is heard (measured where a person hears it: the level Firefox plays
// into the audio sink, plus the page's <audio> playing and carrying the agent's level) and never
// asks to enable audio (nor wakes the playback watchdog); the watchdog plays her voice again when
// the page pauses it mid-sentence; a call started without a gesture shows "Enable audio" and is heard after
// one click on it; hang up leaves no <audio> and no live microphone, and a hang-up during the
// connect no peer connection; and four faults get their
// diagnosis — microphone denied by the browser, token endpoint 500, agent never joins, LiveKit
// server killed mid-call; and a crash (the drill) is caught. Helpers shared with the Playwright
// specs: ../agent-dispatch.mjs, ../audio-probe.js, ../mic-probe.js, ../fault-cases.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { crashDrillReachesEveryWidget } from '../crash-drill.mjs';
import { fileURLToPath } from 'node:url';
import { startStack } from '../../scripts/stack.mjs';
import { startFirefoxRig, fileScript } from './firefox.mjs';
import { agentFetchScript, REAL_AGENT } from '../agent-dispatch.mjs';
import { TOKEN_500, MIC_DENIED, AGENT_ABSENT, SERVER_KILLED } from '../fault-cases.mjs';

const audioProbe = fileScript(fileURLToPath(new URL('../audio-probe.js', import.meta.url)));
const shadowRoots = fileScript(fileURLToPath(new URL('../shadow-roots.js', import.meta.url)));
const micProbe = fileScript(fileURLToPath(new URL('../mic-probe.js', import.meta.url)));
const peerConnections = fileScript(fileURLToPath(new URL('../peer-connections.js', import.meta.url)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The agent's voice at the audio sink: a 20 ms RMS above this (speech peaks at ~0.2–0.3). */
const HEARD_RMS = 0.01;

let stack; // the stack this file started, if any
let faultsStack; // the stack of the server-killed test, while it runs
let baseUrl;
let rig;

before(async () => {
  if (process.env.LKW_STACK_URL) {
    baseUrl = process.env.LKW_STACK_URL;
  } else {
    stack = await startStack({ profile: 'test' });
    baseUrl = stack.baseUrl;
  }
  rig = await startFirefoxRig();
});

async function stopAll() {
  for (const s of [rig, faultsStack, stack]) if (s) await s.stop();
  rig = undefined;
  faultsStack = undefined;
  stack = undefined;
}

after(stopAll);

// Interrupted (Ctrl-C, scripts/test stopped): the stack's processes run in groups of their own and
// would outlive this one.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => stopAll().finally(() => process.exit(130)));
}

/**
 * Opens a Firefox session, runs `body(page)`, adds the page's console to a failure, closes. Every
 * page here is the standalone page, whose widget draws into its <lk-voice-widget>'s shadow root:
 * `page`'s element queries (click, attr, text, count, evalIn) look inside it.
 */
async function withFirefox(options, body) {
  const page = await rig.open(options);
  try {
    await body(page.within('lk-voice-widget'));
  } catch (err) {
    err.message += `\n--- Firefox console (last lines) ---\n${page.consoleText().split('\n').slice(-25).join('\n')}`;
    throw err;
  } finally {
    await page.close();
  }
}

/**
 * Preload: records whether "Enable audio" ever showed (`window.__lkwEnableAudioSeen`), with the
 * page's user activation at that moment.
 */
const enableAudioWatch = `() => {
  const seen = { shown: false, activeWhenShown: null };
  Object.defineProperty(window, '__lkwEnableAudioSeen', { value: seen });
  // The widget draws into its element's shadow root (shadowRoots, preloaded first, sees into it).
  if (!window.__lkwShadowRoots) return;
  window.__lkwShadowRoots.watch(() => {
    if (!seen.shown && window.__lkwShadowRoots.query('.lkw-enable-audio')) {
      seen.shown = true;
      seen.activeWhenShown = navigator.userActivation ? navigator.userActivation.hasBeenActive : null;
    }
  });
}`;

/**
 * The agent's audio plays in the page, measured over `windowMs`: the widget's <audio> is not
 * paused and its currentTime advances, the level on its stream (audio-probe.js) and — what a
 * person hears — the level Firefox plays into the audio sink are above HEARD_RMS.
 */
async function playback(page, windowMs = 1000) {
  const read = () => page.evalIn((query) => {
    const a = query('.lkw-audio audio');
    return a ? { paused: a.paused, currentTime: a.currentTime, peakRms: window.__lkwProbe.peakRms } : null;
  });
  const from = Date.now();
  const first = await read();
  await sleep(windowMs);
  const last = await read();
  return {
    present: Boolean(first && last),
    playing: Boolean(first && last && !first.paused && !last.paused && last.currentTime > first.currentTime),
    streamPeak: last ? last.peakRms : 0,
    sinkPeak: rig.meter.peak(from),
  };
}

/** Waits until the agent is heard (see `playback`); returns the last measurement. */
function heard(page, { timeout = 20_000 } = {}) {
  return page.poll(() => playback(page), (p) => p.playing && p.streamPeak > HEARD_RMS && p.sinkPeak > HEARD_RMS, {
    timeout,
    interval: 0,
    message: 'the agent to be heard (playing <audio>, level on its stream and at the audio sink)',
  });
}

async function hangUp(page) {
  await page.click('button.lkw-call');
  await page.waitAttr('.lkw', 'data-stage', 'ended', { timeout: 10_000 });
}

test('a call started by a click is heard, and never asks to enable audio', { timeout: 60_000 }, async () => {
  await withFirefox({ preloads: [audioProbe, shadowRoots, enableAudioWatch, agentFetchScript(REAL_AGENT)] }, async (page) => {
    await page.goto(`${baseUrl}/`);
    assert.equal(await page.eval(() => navigator.userActivation.hasBeenActive), false, 'no activation before the click');
    const quietFrom = Date.now();
    await page.click('button.lkw-call');
    await page.waitAttr('.lkw', 'data-stage', 'agent-joined');
    const p = await heard(page);
    assert.ok(p.sinkPeak > HEARD_RMS, `sink level ${p.sinkPeak}`);
    assert.equal(await page.eval(() => window.__lkwEnableAudioSeen.shown), false, '"Enable audio" never shows');
    assert.equal(await page.count('.lkw-enable-audio'), 0);
    // The sink was quiet before this call (nothing else plays into it).
    assert.ok(rig.meter.peak(quietFrom - 3000, quietFrom) < HEARD_RMS, 'the sink is quiet before the call');
    // A healthy call gives the playback watchdog nothing to do (Firefox's clock for a live
    // stream moves like Chromium's: no false "stalled").
    await sleep(3000);
    assert.doesNotMatch(await page.text('.lkw-log'), /not heard/);
    await hangUp(page);
  });
});

test('the playback watchdog plays the agent again when the page pauses her voice mid-sentence', { timeout: 90_000 }, async () => {
  await withFirefox({ preloads: [audioProbe, agentFetchScript(REAL_AGENT)] }, async (page) => {
    await page.goto(`${baseUrl}/`);
    await page.click('button.lkw-call');
    await page.waitAttr('.lkw', 'data-agent-state', 'listening', { timeout: 30_000 });
    await heard(page);
    // Pause her voice as soon as she starts to answer (what an OS audio interruption does).
    await page.evalIn((query) => {
      const widget = query('.lkw');
      new MutationObserver((_, observer) => {
        if (widget.getAttribute('data-agent-state') === 'speaking') {
          query('.lkw-audio audio').pause();
          window.__lkwPausedAt = Date.now();
          observer.disconnect();
        }
      }).observe(widget, { attributes: true, attributeFilter: ['data-agent-state'] });
    });
    await page.type('.lkw-chat-input', 'What are your opening hours?');
    await page.click('.lkw-chat-send');
    await page.poll(() => page.eval(() => window.__lkwPausedAt ?? null), (t) => t !== null, { message: 'the voice paused' });
    await page.waitText('.lkw-log', "not heard (the agent's <audio> is paused): play again", { timeout: 10_000 });
    const after = Date.now();
    await page.poll(() => playback(page), (p) => p.playing, { timeout: 10_000, interval: 0, message: 'playing again' });
    await page.waitText('.lkw-log', 'the agent is heard again (after: play again)', { timeout: 10_000 });
    // Heard where a person hears it, after the watchdog acted.
    await page.poll(() => rig.meter.peak(after), (peak) => peak > HEARD_RMS, { timeout: 15_000, message: 'her voice at the audio sink again' });
    assert.equal(await page.count('.lkw-warning[data-warning="agent-not-heard"]'), 0);
    await hangUp(page);
  });
});

test('a call started without a gesture shows "Enable audio"; one click on it and the agent is heard', { timeout: 90_000 }, async () => {
  // The page clicks Call from script (an untrusted click: no user activation), like
  // autoplay.spec.mjs in Chromium; Firefox blocks audible autoplay even while the microphone is
  // captured, so nothing else needs holding.
  const scriptCall = `() => {
    if (!/^https?:$/.test(location.protocol)) return;
    const record = { startedWithActivation: null };
    Object.defineProperty(window, '__lkwScriptCall', { value: record });
    // In the widget's shadow root (the loader's button: the click is replayed once the wasm is up).
    let root = null;
    const observer = new MutationObserver(() => {
      const call = root && root.querySelector('button.lkw-call');
      if (call && record.startedWithActivation === null) {
        record.startedWithActivation = navigator.userActivation.hasBeenActive;
        call.click();
      }
    });
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      root = attachShadow.call(this, init);
      observer.observe(root, { childList: true, subtree: true });
      return root;
    };
  }`;
  await withFirefox({ preloads: [audioProbe, shadowRoots, enableAudioWatch, scriptCall, agentFetchScript(REAL_AGENT)] }, async (page) => {
    const from = Date.now();
    await page.goto(`${baseUrl}/`);
    // Waited for without touching the page's activation (script runs grant none).
    await page.poll(() => page.count('.lkw-enable-audio'), (n) => n === 1, { message: '"Enable audio"', timeout: 30_000 });
    assert.deepEqual(await page.eval(() => window.__lkwScriptCall), { startedWithActivation: false });
    assert.deepEqual(await page.eval(() => window.__lkwEnableAudioSeen), { shown: true, activeWhenShown: false });
    await page.waitText('.lkw-log', 'blocked audio playback');
    // Blocked for real: while she greets (her state says speaking), the <audio> is paused and
    // nothing reaches the sink. (The probe's AudioContext is blocked too until the click.)
    await page.waitAttr('.lkw', 'data-agent-state', 'speaking', { timeout: 30_000 });
    const blocked = await playback(page);
    assert.equal(blocked.present, true);
    assert.equal(blocked.playing, false, '<audio> does not play before the click');
    assert.ok(rig.meter.peak(from) < HEARD_RMS, `nothing was heard before the click (sink peak ${rig.meter.peak(from)})`);

    await page.click('.lkw-enable-audio');
    await page.waitCount('.lkw-enable-audio', 0, { timeout: 5_000 });
    await page.waitText('.lkw-log', 'audio playback allowed');
    // Her greeting may be over by now (she then listens in silence): ask her something.
    await page.waitAttr('.lkw', 'data-agent-state', 'listening', { timeout: 20_000 });
    await page.type('.lkw-chat-input', 'What is your name?');
    await page.click('.lkw-chat-send');
    await heard(page, { timeout: 30_000 });
    await hangUp(page);
  });
});

test('hang up leaves no <audio> in the widget and no live microphone track', { timeout: 60_000 }, async () => {
  await withFirefox({ preloads: [micProbe, agentFetchScript(REAL_AGENT)] }, async (page) => {
    await page.goto(`${baseUrl}/`);
    await page.click('button.lkw-call');
    await page.waitAttr('.lkw', 'data-stage', 'agent-joined');
    await page.waitCount('.lkw-audio audio', 1);
    await page.waitText('.lkw-log', 'microphone on');
    assert.equal(await page.eval(() => window.__lkwMicProbe.live()), 1, 'the call captures one microphone track');
    await hangUp(page);
    await page.waitText('.lkw-log', 'disconnected (hung up)');
    await page.waitCount('audio', 0, { timeout: 5_000 });
    await page.poll(() => page.eval(() => window.__lkwMicProbe.live()), (n) => n === 0, { timeout: 5_000, message: 'no live microphone' });
    assert.equal(await page.text('.lkw-status'), 'Call ended.');
    assert.equal(await page.text('button.lkw-call'), 'Call');
  });
});

test('hanging up while the room connects leaves no peer connection open, and each hang-up ends promptly', { timeout: 120_000 }, async () => {
  // The Chromium spec (e2e/cleanup.spec.mjs) finds livekit-client 2.23.0's leak there; Firefox makes
  // its peer connection only after the signal join answered, so here this guards the connect gate's
  // wait (js/connect_gate.js): a hang-up at any moment of the connect ends, and leaves nothing open.
  await withFirefox({ preloads: [peerConnections] }, async (page) => {
    await page.goto(`${baseUrl}/`);
    await page.poll(() => page.eval(() => document.querySelector('lk-voice-widget').loadState), (s) => s === 'ready', { message: 'the wasm widget' });
    for (let cycle = 1; cycle <= 6; cycle += 1) {
      const delay = (cycle * 60) % 360;
      const hungUpAfter = await page.eval((delay) => new Promise((resolve) => {
        const root = document.querySelector('lk-voice-widget').shadowRoot;
        const lkw = root.querySelector('.lkw');
        const call = () => root.querySelector('button.lkw-call');
        let hungUp;
        const observer = new MutationObserver(() => {
          if (hungUp === undefined && lkw.dataset.stage === 'connecting') {
            setTimeout(() => {
              hungUp = performance.now();
              call().click();
            }, delay);
          }
          if (hungUp !== undefined && lkw.dataset.stage === 'ended') {
            observer.disconnect();
            resolve(performance.now() - hungUp);
          }
        });
        observer.observe(lkw, { attributes: true, attributeFilter: ['data-stage'] });
        call().click();
        // Not ended 15 s after Call: answered as such (WebDriver's script timeout says less).
        setTimeout(() => resolve(Infinity), 15_000);
      }), delay);
      assert.ok(hungUpAfter < 5000, `cycle ${cycle} (hang up ${delay} ms into the connect): ${hungUpAfter === Infinity ? 'not ended 15 s after Call' : `ended ${Math.round(hungUpAfter)} ms after Hang up`}`);
    }
    assert.ok((await page.eval(() => window.__lkwPeerConnections.made())) > 0, 'some connects got as far as a peer connection');
    await page.poll(() => page.eval(() => window.__lkwPeerConnections.open()), (n) => n === 0, { timeout: 10_000, message: 'no peer connection left open' });
  });
});

test('microphone denied by the browser → the microphone hop', { timeout: 60_000 }, async () => {
  // Firefox's own answer, no page script: the permission prompt is on and the site default for
  // the microphone is "block", so getUserMedia rejects with NotAllowedError.
  const prefs = { 'media.navigator.permission.disabled': false, 'permissions.default.microphone': 2 };
  await withFirefox({ prefs, preloads: [micProbe] }, async (page) => {
    await page.goto(`${baseUrl}/`);
    await page.click('button.lkw-call');
    await page.waitAttr('.lkw-error', 'data-hop', MIC_DENIED.hop);
    await page.waitText('.lkw-error .lkw-error-user', MIC_DENIED.user);
    await page.waitText('.lkw-error .lkw-error-fix', MIC_DENIED.fix);
    await page.waitAttr('.lkw', 'data-stage', 'failed');
    await page.waitCount('audio', 0, { timeout: 5_000 });
    assert.equal(await page.eval(() => window.__lkwMicProbe.total()), 0, 'no microphone track was handed out');
    await page.poll(() => page.text('button.lkw-call'), (t) => t === 'Call', { message: 'the Call button back' });
  });
});

// A crash drill reaches every widget in Firefox too (e2e/crash-drill.mjs says why per engine).
test('a crash (the drill) is caught: every widget says so and the host page hears it', { timeout: 60_000 }, async () => {
  await withFirefox({}, async (page) => {
    await crashDrillReachesEveryWidget(page, baseUrl);
  });
});

test('token endpoint 500 → the token-endpoint hop', { timeout: 60_000 }, async () => {
  await withFirefox({}, async (page) => {
    await page.fulfill(`${baseUrl}/api/token`, TOKEN_500.answer);
    await page.goto(`${baseUrl}/`);
    await page.click('button.lkw-call');
    await page.waitAttr('.lkw-error', 'data-hop', TOKEN_500.hop);
    await page.waitText('.lkw-error .lkw-error-fix', TOKEN_500.fix);
    await page.waitAttr('.lkw', 'data-stage', 'failed');
    assert.equal(await page.text('button.lkw-call'), 'Call');
    await page.waitCount('audio', 0, { timeout: 5_000 });
  });
});

test('agent never joins → the agent hop', { timeout: 60_000 }, async () => {
  await withFirefox({ preloads: [agentFetchScript(AGENT_ABSENT.agent)] }, async (page) => {
    await page.goto(`${baseUrl}/`);
    await page.click('button.lkw-call');
    await page.waitAttr('.lkw', 'data-stage', 'connected');
    const warning = `.lkw-warning[data-warning="${AGENT_ABSENT.warning}"]`;
    await page.waitAttr(warning, 'data-hop', AGENT_ABSENT.hop, { timeout: 30_000 });
    await page.waitText(warning, AGENT_ABSENT.text);
    await hangUp(page);
  });
});

test('LiveKit server killed mid-call → reconnecting → ended with its reason', { timeout: 200_000 }, async () => {
  const faults = await startStack({ profile: 'faults' });
  faultsStack = faults;
  try {
    await withFirefox({ preloads: [agentFetchScript(REAL_AGENT)] }, async (page) => {
      await page.goto(`${faults.baseUrl}/`);
      await page.click('button.lkw-call');
      await page.waitAttr('.lkw', 'data-stage', 'agent-joined');
      faults.kill('livekit-server');
      await page.waitAttr('.lkw', 'data-stage', 'reconnecting');
      assert.equal(await page.text('.lkw-status'), SERVER_KILLED.reconnectingStatus);
      await page.waitAttr('.lkw', 'data-stage', 'ended', { timeout: 120_000 });
      await page.waitText('.lkw-status', SERVER_KILLED.endedStatus);
      assert.equal(await page.attr('.lkw-error', 'data-hop'), SERVER_KILLED.hop);
      await page.waitCount('audio', 0, { timeout: 5_000 });
      assert.equal(await page.text('button.lkw-call'), 'Call');
    });
  } finally {
    faultsStack = undefined;
    await faults.stop();
  }
});
