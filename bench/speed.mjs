// Speed to first word: the widget against the plain-JS reference, interleaved (A B A B …) in one
// browser, a fresh browser context (empty HTTP cache) per run, measured in the page by
// bench/probe.js from the click.
//
// Two SDK states, both measured:
//   cold  the SDK is fetched at the click: the idle preload of both pages is suppressed
//         (requestIdleCallback stubbed by the probe), so nothing but the click loads it;
//   warm  both pages preloaded the SDK at idle (the widget's default behaviour, mirrored by the
//         reference); the click comes once the SDK response has arrived plus a settle time.
// In both, the click comes SETTLE_MS after the button became interactive (and, warm, after the
// SDK arrived), so both pages are equally idle when it comes.
import { launchChromium, probeScript, sleep, stats, tokenAgents } from './lib.mjs';

const CALL = 'button.lkw-call, button.ref-call';
const SETTLE_MS = 1000;
export const METRICS = [
  { key: 'interactive', label: 'page load → button interactive', from: 'navigation' },
  { key: 'connected', label: 'click → connected', from: 'click' },
  { key: 'micPublished', label: 'click → microphone published', from: 'click' },
  { key: 'firstAudio', label: 'click → first non-silent agent audio', from: 'click' },
];
// Diagnostics (from the click), to explain a difference.
const DETAIL = ['tokenStart', 'tokenLoaded', 'sdkStart', 'sdkLoaded', 'gumStart', 'gumEnd', 'pcConnected', 'audioElement'];
// Diagnostics of the page load (from navigation start).
const LOAD_DETAIL = ['docResponseEnd', 'domContentLoaded', 'wasmStarted'];

/**
 * The in-page marks of bench/probe.js plus the Resource and Navigation Timing figures, read after
 * the run. Runs in the page (self-contained): Playwright's page.evaluate(readMarks) here, the
 * Firefox rig's page.eval(readMarks) in bench/firefox-speed.mjs.
 */
export function readMarks() {
  const b = window.__lkwBench;
  const res = performance.getEntriesByType('resource');
  const last = (suffix) => res.filter((r) => new URL(r.name).pathname.endsWith(suffix)).pop();
  const sdk = last('/livekit-client.min.js');
  const token = last('/api/token');
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    t: {
      ...b.t,
      sdkStart: sdk ? sdk.startTime : undefined,
      sdkLoaded: sdk ? sdk.responseEnd : undefined,
      tokenStart: token ? token.startTime : undefined,
      tokenLoaded: token ? token.responseEnd : undefined,
      docResponseEnd: nav ? nav.responseEnd : undefined,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : undefined,
    },
    clickTrusted: b.clickTrusted,
    origin: performance.timeOrigin,
    counts: { ...b.counts },
    resourcesBeforeClick: b.resourcesBeforeClick,
  };
}

/**
 * Fills a run's `result` from readMarks()'s `data`: raw marks, the METRICS (ms), the diagnostics,
 * the click's wall clock, the per-call counts, ok (or the error naming the missing marks).
 */
export function addMarks(result, data) {
  const { t } = data;
  result.raw = t;
  result.ms = {};
  for (const m of METRICS) result.ms[m.key] = m.from === 'navigation' ? t[m.key] : t[m.key] - t.click;
  result.detail = {};
  for (const k of DETAIL) if (typeof t[k] === 'number') result.detail[k] = t[k] - t.click;
  for (const k of LOAD_DETAIL) if (typeof t[k] === 'number') result.detail[k] = t[k];
  result.clickTrusted = data.clickTrusted;
  // Wall clock (ms since the epoch) of the click: lines the run up with the agent's log.
  result.wallClick = Math.round(data.origin + t.click);
  result.counts = data.counts; // AudioContexts / peer connections / capture tracks of this call
  result.ok = ['connected', 'micPublished', 'firstAudio'].every((k) => Number.isFinite(result.ms[k]));
  if (!result.ok) result.error = `missing marks: ${JSON.stringify(t)}`;
}

export async function oneRun(browser, { kind, mode, url }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // Which agent the page had dispatched (roomConfig.agents of the token it received).
  const dispatched = [];
  page.on('response', async (res) => {
    if (new URL(res.url()).pathname.endsWith('/api/token') && res.request().method() === 'POST') {
      dispatched.push(tokenAgents(await res.json().catch(() => null)));
    }
  });
  await page.addInitScript({ content: probeScript({ audioProbe: true, countAudioContexts: true, suppressIdlePreload: mode === 'cold' }) });
  const result = { kind, mode, ok: false };
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => window.__lkwBench && 'interactive' in window.__lkwBench.t, null, { timeout: 30_000, polling: 50 });
    if (mode === 'warm') {
      await page.waitForFunction(
        () => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/livekit-client.min.js') && r.responseEnd > 0),
        null,
        { timeout: 15_000, polling: 50 },
      );
    }
    await sleep(SETTLE_MS);
    // Main-thread work of the renderer from just before the click to the first agent audio
    // (CDP Performance metrics, seconds): explains a page that is slower because it is busier.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpu = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const cpuBefore = await cpu();
    await page.locator(CALL).click({ timeout: 10_000 });
    await page.waitForFunction(() => 'firstAudio' in window.__lkwBench.t, null, { timeout: 30_000, polling: 100 });
    const cpuAfter = await cpu();
    result.mainThreadMs = {};
    for (const [key, name] of [['task', 'TaskDuration'], ['script', 'ScriptDuration'], ['layout', 'LayoutDuration'], ['style', 'RecalcStyleDuration']]) {
      result.mainThreadMs[key] = Math.round((cpuAfter[name] - cpuBefore[name]) * 10000) / 10;
    }
    const data = await page.evaluate(readMarks);
    addMarks(result, data);
    result.resourcesBeforeClick = data.resourcesBeforeClick.map((r) => ({ path: new URL(r.name).pathname, bytes: r.decodedBodySize }));
  } catch (err) {
    result.error = err.message.split('\n')[0];
    try {
      result.raw = await page.evaluate(() => window.__lkwBench && window.__lkwBench.t);
      // What the page showed when it stopped: a failed run names its stage and last log lines.
      result.shown = await page.evaluate(() => ({
        stage: window.__lkwBench.query('[data-stage]')?.dataset.stage,
        status: window.__lkwBench.query('.lkw-status, .ref-status')?.textContent,
        log: [...(window.__lkwBench.query('.lkw-log, .ref-log')?.children ?? [])].slice(-6).map((li) => li.textContent),
      }));
    } catch {
      /* page gone */
    }
  }
  // Hang up the same way in both pages and wait for it, so no run leaves a participant (and an
  // agent job) behind for the next one.
  try {
    if ((await page.locator(CALL).textContent({ timeout: 2000 }))?.trim() === 'Hang up') {
      await page.locator(CALL).click({ timeout: 5000 });
      await page.waitForFunction(() => window.__lkwBench.query('[data-stage]')?.dataset.stage === 'ended', null, { timeout: 10_000, polling: 100 });
    }
  } catch (err) {
    result.hangUpError = err.message.split('\n')[0];
  }
  if (pageErrors.length) result.pageErrors = pageErrors;
  result.dispatched = dispatched.at(-1) ?? null;
  await context.close();
  result.wallEnd = Date.now();
  return result;
}

/**
 * Runs `pairs` interleaved pairs per SDK mode (after one discarded warm-up pair per mode).
 * targets: { widget: url, reference: url }. Returns { runs, summary }.
 */
export async function runSpeed({ targets, pairs, modes = ['cold', 'warm'], log = console.log }) {
  const browser = await launchChromium();
  const runs = [];
  try {
    log(`speed: Chromium ${browser.version()}; ${pairs} pairs × ${modes.join(' + ')} SDK, interleaved, +1 warm-up pair each`);
    for (let i = 0; i <= pairs; i += 1) {
      for (const mode of modes) {
        for (const kind of ['widget', 'reference']) {
          const r = await oneRun(browser, { kind, mode, url: targets[kind] });
          r.pair = i;
          r.warmup = i === 0;
          runs.push(r);
          const fmt = (k) => (Number.isFinite(r.ms?.[k]) ? Math.round(r.ms[k]) : '—');
          log(
            `speed: ${i === 0 ? 'warm-up' : `pair ${String(i).padStart(2)}`} ${mode} ${kind.padEnd(9)} ` +
              (r.ok
                ? `interactive ${fmt('interactive')} ms · connected ${fmt('connected')} · mic ${fmt('micPublished')} · first audio ${fmt('firstAudio')} ms`
                : `FAILED: ${r.error}${r.shown ? ` (shown: ${JSON.stringify(r.shown)})` : ''}`),
          );
          await sleep(1000);
        }
      }
    }
    return { chromium: browser.version(), runs, summary: summarize(runs, modes) };
  } finally {
    await browser.close();
  }
}

export function summarize(runs, modes) {
  const counted = runs.filter((r) => !r.warmup);
  const out = {};
  for (const mode of modes) {
    out[mode] = {};
    const of = (kind) => counted.filter((r) => r.mode === mode && r.kind === kind && r.ok);
    for (const m of [...METRICS.map((x) => x.key), ...DETAIL, ...LOAD_DETAIL]) {
      const pick = (r) => (METRICS.some((x) => x.key === m) ? r.ms[m] : r.detail[m]);
      const ours = stats(of('widget').map(pick));
      const plain = stats(of('reference').map(pick));
      const ratio = ours.median != null && plain.median ? Math.round((ours.median / plain.median) * 1000) / 1000 : null;
      out[mode][m] = { ours, plain, ratio, diffMs: ours.median != null && plain.median != null ? Math.round((ours.median - plain.median) * 10) / 10 : null };
    }
    const perCall = (kind) => {
      const list = of(kind).filter((r) => r.counts);
      const med = (k) => stats(list.map((r) => r.counts[k])).median;
      return { audioContexts: med('audioContextsCreated'), peerConnections: med('pcsCreated'), captureTracks: med('tracksCaptured') };
    };
    out[mode].perCall = { widget: perCall('widget'), reference: perCall('reference') };
    const busy = (kind) => {
      const list = of(kind).filter((r) => r.mainThreadMs);
      return Object.fromEntries(['task', 'script', 'layout', 'style'].map((k) => [k, stats(list.map((r) => r.mainThreadMs[k])).median]));
    };
    out[mode].mainThreadMs = { widget: busy('widget'), reference: busy('reference') };
    out[mode].dispatched = [...new Set(counted.filter((r) => r.mode === mode).map((r) => JSON.stringify(r.dispatched ?? null)))].map((x) => JSON.parse(x));
    out[mode].failures = {
      widget: counted.filter((r) => r.mode === mode && r.kind === 'widget' && !r.ok).length,
      reference: counted.filter((r) => r.mode === mode && r.kind === 'reference' && !r.ok).length,
    };
  }
  return out;
}
