// Speed to first word in Firefox (issue 13): the widget against the plain-JS reference, both in
// Firefox ESR, measured in the page by the same bench/probe.js as the Chromium speed runs
// (bench/speed.mjs) — reported, not asserted.
//
// Firefox is driven over WebDriver BiDi by the e2e leg's rig (e2e/firefox/firefox.mjs: a private
// PulseAudio null sink, geckodriver, one headless session at a time); Playwright cannot drive it
// here (/work/shared/BROWSERS.md). Differences from the Chromium runs, all forced by the engine
// or the driver:
//   - one fresh Firefox session (a new profile: empty HTTP cache) per run instead of a fresh
//     context in one browser — BiDi has no cheap per-context init script with a per-run config;
//   - the probe is a BiDi preload script (script.addPreloadScript) instead of addInitScript;
//   - the click is a WebDriver element click (trusted input, user activation) and every wait is
//     a poll over WebDriver script execution (no user activation);
//   - audible autoplay is allowed (media.autoplay.default 0), mirroring Chromium's
//     --autoplay-policy=no-user-gesture-required: the bench measures speed, not the gesture path;
//   - no main-thread work figures (CDP only);
//   - extra: the first agent audio as Firefox plays it out — the first 20 ms window above the same
//     RMS threshold on the audio sink's monitor (the rig's meter), from the click's wall clock.
//
// Used by bench/run.mjs (section `firefox`). Runs are interleaved ours / plain JS per SDK mode
// (cold, warm) like bench/speed.mjs, after one discarded warm-up pair per mode, 1 s apart.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIREFOX_BIN, GECKODRIVER_BIN, startFirefoxRig } from '../e2e/firefox/firefox.mjs';
import { ROOT, probeScript, sleep, stats } from './lib.mjs';
import { addMarks, readMarks, summarize } from './speed.mjs';

const CALL = 'button.lkw-call, button.ref-call';
const SETTLE_MS = 1000;
/** The probe's threshold (bench/probe.js), applied to the sink's 20 ms windows. */
const RMS_THRESHOLD = 0.01;
/** Over the rig's BASE_PREFS: audible autoplay allowed (see the head of this file). */
const PREFS = { 'media.autoplay.default': 0 };
/** Time a new Firefox process gets to finish its own start-up work before the page loads. */
const BROWSER_SETTLE_MS = 1000;

/** BiDi preload: the probe with its config, in every http(s) document (not about:blank). */
function probePreload(config) {
  return `() => {\nif (!/^https?:$/.test(location.protocol)) return;\n${probeScript(config)}\n}`;
}

const version = (bin, args = ['--version']) => {
  try {
    return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return null;
  }
};

/** Why Firefox cannot run here, or null. */
export function firefoxMissing() {
  if (!existsSync(FIREFOX_BIN)) return `Firefox missing (${FIREFOX_BIN}): run scripts/setup`;
  if (!existsSync(GECKODRIVER_BIN)) return `geckodriver missing (${GECKODRIVER_BIN}): run scripts/setup`;
  for (const tool of ['pulseaudio', 'parec']) {
    if (!version(tool)) return `${tool} missing (the audio sink needs it): run scripts/setup`;
  }
  return null;
}

async function oneRun(rig, state, { kind, mode, url }) {
  const result = { kind, mode, ok: false };
  const page = await rig.open({
    prefs: PREFS,
    preloads: [probePreload({ audioProbe: true, countAudioContexts: true, suppressIdlePreload: mode === 'cold' })],
  });
  state.page = page;
  // Ours draws into its <lk-voice-widget>'s shadow root, which WebDriver's CSS locator does not enter.
  const dom = kind === 'widget' ? page.within('lk-voice-widget') : page;
  try {
    if (!state.browserVersion) {
      const caps = await page.driver.getCapabilities();
      state.browserVersion = `${caps.get('browserName')} ${caps.get('browserVersion')}`;
    }
    await sleep(BROWSER_SETTLE_MS);
    await page.goto(url);
    const has = (key) => page.eval((k) => Boolean(window.__lkwBench && k in window.__lkwBench.t), key);
    await page.poll(() => has('interactive'), Boolean, { timeout: 30_000, interval: 50, message: 'the call button interactive' });
    if (mode === 'warm') {
      await page.poll(
        () => page.eval(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/livekit-client.min.js') && r.responseEnd > 0)),
        Boolean,
        { timeout: 15_000, interval: 50, message: 'the SDK preloaded' },
      );
    }
    await sleep(SETTLE_MS);
    await dom.click(CALL);
    await page.poll(() => has('firstAudio'), Boolean, { timeout: 30_000, interval: 100, message: 'the first agent audio' });
    // The marks read and filed as bench/speed.mjs does (its resourcesBeforeClick is not kept here).
    const data = await page.eval(readMarks);
    const { t } = data;
    addMarks(result, data);
    // What Firefox played out: the first loud 20 ms window at the audio sink after the click
    // (the meter stamps a window when parec delivers it: up to ~20 ms late). Waited for briefly:
    // the in-page analyser reads the stream before the <audio> element's output reaches the sink.
    if (result.ok) {
      const wallAudio = data.origin + t.firstAudio;
      const deadline = Date.now() + 3000;
      let at = null;
      while (at == null && Date.now() < deadline) {
        at = rig.meter.firstAbove(RMS_THRESHOLD, data.origin + t.click);
        if (at == null) await sleep(50);
      }
      if (at != null) {
        result.sink = { firstAudioMs: at - (data.origin + t.click), afterPageMs: Math.round((at - wallAudio) * 10) / 10 };
      }
    }
  } catch (err) {
    result.error = err.message.split('\n')[0];
    try {
      result.raw = await page.eval(() => window.__lkwBench && window.__lkwBench.t);
    } catch {
      /* page gone */
    }
  }
  // Hang up the same way in both pages and wait for it (no participant, no agent job left).
  try {
    if ((await page.text(CALL))?.trim() === 'Hang up') {
      await dom.click(CALL);
      await page.poll(() => page.eval(() => window.__lkwBench.query('[data-stage]')?.dataset.stage), (s) => s === 'ended', { timeout: 10_000, message: 'the call ended' });
    }
  } catch (err) {
    result.hangUpError = err.message.split('\n')[0];
  }
  const errors = page.console.filter((c) => c.level === 'error').map((c) => c.text);
  if (errors.length) result.consoleErrors = errors.slice(0, 5);
  await page.close();
  state.page = null;
  result.wallEnd = Date.now();
  return result;
}

/**
 * Runs `pairs` interleaved pairs per SDK mode in Firefox (after one discarded warm-up pair per
 * mode). targets: { widget: url, reference: url }; register(fn) → unregister: a cleanup for
 * Ctrl-C (bench/run.mjs). Returns the section for bench/results.json ({ status: 'skipped',
 * reason } when Firefox, geckodriver or PulseAudio is missing).
 */
export async function runFirefoxSpeed({ targets, pairs, modes = ['cold', 'warm'], logDir = join(ROOT, '.stack', 'bench-harness', 'firefox'), register, log = console.log }) {
  const missing = firefoxMissing();
  if (missing) {
    log(`firefox: skipped: ${missing}`);
    return { status: 'skipped', reason: missing };
  }
  const started = Date.now();
  // Its own log dir: the rig clears its profile directory on start, and an e2e Firefox run may
  // use the default one (.stack/firefox) at the same time.
  const rig = await startFirefoxRig({ logDir });
  const state = { page: null, browserVersion: null };
  const stop = async () => {
    if (state.page) await state.page.close().catch(() => {});
    await rig.stop();
  };
  const unregister = register ? register(stop) : () => {};
  const runs = [];
  try {
    log(`firefox: ${pairs} pairs × ${modes.join(' + ')} SDK, interleaved, +1 warm-up pair each; a fresh session per run`);
    for (let i = 0; i <= pairs; i += 1) {
      for (const mode of modes) {
        for (const kind of ['widget', 'reference']) {
          const r = await oneRun(rig, state, { kind, mode, url: targets[kind] });
          r.pair = i;
          r.warmup = i === 0;
          runs.push(r);
          const fmt = (k) => (Number.isFinite(r.ms?.[k]) ? Math.round(r.ms[k]) : '—');
          log(
            `firefox: ${i === 0 ? 'warm-up' : `pair ${String(i).padStart(2)}`} ${mode} ${kind.padEnd(9)} ` +
              (r.ok
                ? `interactive ${fmt('interactive')} ms · connected ${fmt('connected')} · mic ${fmt('micPublished')} · first audio ${fmt('firstAudio')} ms` +
                  (r.sink ? ` (at the sink ${Math.round(r.sink.firstAudioMs)})` : ' (sink: nothing)')
                : `FAILED: ${r.error}`),
          );
          await sleep(1000);
        }
      }
    }
  } finally {
    await stop();
    unregister();
  }
  const summary = summarize(runs, modes);
  for (const mode of modes) {
    const of = (kind) => runs.filter((r) => !r.warmup && r.ok && r.mode === mode && r.kind === kind);
    const sinkStat = (kind, key) => stats(of(kind).map((r) => r.sink?.[key]));
    const pair = (key) => {
      const ours = sinkStat('widget', key);
      const plain = sinkStat('reference', key);
      const ratio = ours.median != null && plain.median ? Math.round((ours.median / plain.median) * 1000) / 1000 : null;
      return { ours, plain, ratio, diffMs: ours.median != null && plain.median != null ? Math.round((ours.median - plain.median) * 10) / 10 : null };
    };
    summary[mode].sinkFirstAudio = pair('firstAudioMs');
    summary[mode].sinkAfterPage = pair('afterPageMs');
    summary[mode].sinkMissing = { widget: of('widget').filter((r) => !r.sink).length, reference: of('reference').filter((r) => !r.sink).length };
    delete summary[mode].mainThreadMs; // CDP only
  }
  return {
    status: 'measured',
    date: new Date(started).toISOString().replace(/\.\d+Z$/, 'Z'),
    browser: state.browserVersion,
    firefoxBin: FIREFOX_BIN,
    geckodriver: version(GECKODRIVER_BIN),
    prefs: PREFS,
    pairs,
    modes,
    durationS: Math.round((Date.now() - started) / 1000),
    runs,
    summary,
  };
}
