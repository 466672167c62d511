// Page load → button interactive only, with its timeline: the widget page (dist/) against the
// plain-JS reference (bench/reference/), interleaved, in Chromium and/or Firefox — the first row
// of the speed tables in a minute or two instead of a whole bench run, and where its
// milliseconds go.
//
//   node bench/page-load.mjs [--pairs N] [--engines chromium,firefox] [--dist DIR] [--baseline DIR] [--json FILE]
//
// --baseline DIR: a second built dist/ (e.g. a copy made before a change) measured in the same
// rounds (ours, baseline, plain JS, interleaved), so a before/after survives a busy machine.
//
// Needs a built dist/ (scripts/build) and no stack: nothing is clicked, so no token is asked for
// (/api/* goes to a closed port). Starts a browser: run it under `flock /tmp/lkw-e2e.lock`.
// Runs as bench/speed.mjs (a fresh Chromium context per run) and bench/firefox-speed.mjs (a fresh
// Firefox session per run) do, with the same probe (bench/probe.js), plus bench/load-timeline.js,
// after one discarded warm-up pair per engine. The idle preloads are left alone: they start after
// the button is interactive.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStaticServer } from './static-server.mjs';
import { startReferenceServer } from './reference/server.mjs';
import { ROOT, launchChromium, probeScript, sleep, stats } from './lib.mjs';

const TIMELINE_SRC = readFileSync(join(ROOT, 'bench', 'load-timeline.js'), 'utf8');
/** The steps, in page order (ms from navigation start); `scriptFetched` is the page's module. */
export const STEPS = [
  ['responseEnd', 'HTML received'],
  ['domInteractive', 'HTML parsed'],
  ['scriptFetched', 'module fetched'],
  ['scriptActs', 'script acts (first get/define/query)'],
  ['defineStart', 'define() called'],
  ['shadowRoot', 'shadow root attached'],
  ['styleStart', 'stylesheet parse start'],
  ['styleEnd', 'stylesheet parsed'],
  ['storage', 'sessionStorage read'],
  ['idleAsked', 'requestIdleCallback asked'],
  ['defineEnd', 'define() returned (upgrade done)'],
  ['interactive', 'button interactive'],
  ['domContentLoaded', 'DOMContentLoaded'],
  ['idleRan', 'idle callback ran'],
  ['frame', 'first frame after it (rAF)'],
  ['framePresented', 'that frame produced'],
  ['fcp', 'first contentful paint'],
];

/** In the page: the probe's and the timeline's marks with Navigation, Resource and Paint Timing. */
function readTimeline() {
  const b = window.__lkwBench;
  const nav = performance.getEntriesByType('navigation')[0];
  const script = performance
    .getEntriesByType('resource')
    .find((r) => /\/(lk-voice-widget|app)\.js$/.test(new URL(r.name).pathname));
  const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint');
  return {
    responseEnd: nav?.responseEnd,
    domInteractive: nav?.domInteractive,
    domContentLoaded: nav?.domContentLoadedEventStart,
    scriptFetched: script?.responseEnd,
    scriptBytes: script?.decodedBodySize,
    fcp: fcp?.startTime,
    interactive: b.t.interactive,
    ...b.timeline,
    // performance.mark()s a build under investigation adds (e.g. an esbuild banner in the loader).
    ...Object.fromEntries(performance.getEntriesByType('mark').map((m) => [`mark:${m.name}`, m.startTime])),
  };
}

const done = () => window.__lkwBench && 'interactive' in window.__lkwBench.t && window.__lkwBench.timeline && 'framePresented' in window.__lkwBench.timeline;
const SCRIPT = `${probeScript({})}\n${TIMELINE_SRC}`;

async function chromiumLeg({ targets, kinds, pairs, log }) {
  const browser = await launchChromium();
  const runs = [];
  try {
    log(`page-load: Chromium ${browser.version()}`);
    for (let i = 0; i <= pairs; i += 1) {
      for (const kind of kinds) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript({ content: SCRIPT });
        const run = { engine: 'chromium', kind, warmup: i === 0 };
        try {
          await page.goto(targets[kind], { waitUntil: 'load', timeout: 30_000 });
          await page.waitForFunction(done, null, { timeout: 30_000, polling: 50 });
          run.t = await page.evaluate(readTimeline);
        } catch (err) {
          run.error = err.message.split('\n')[0];
        }
        await context.close();
        runs.push(run);
        report(run, i, log);
        await sleep(300);
      }
    }
  } finally {
    await browser.close();
  }
  return runs;
}

async function firefoxLeg({ targets, kinds, pairs, log }) {
  const { firefoxMissing } = await import('./firefox-speed.mjs');
  const missing = firefoxMissing();
  if (missing) {
    log(`page-load: Firefox skipped: ${missing}`);
    return [];
  }
  const { startFirefoxRig } = await import('../e2e/firefox/firefox.mjs');
  const rig = await startFirefoxRig({ logDir: join(ROOT, '.stack', 'bench-harness', 'page-load-firefox') });
  const preload = `() => {\nif (!/^https?:$/.test(location.protocol)) return;\n${SCRIPT}\n}`;
  const runs = [];
  try {
    log('page-load: Firefox (a fresh session per run)');
    for (let i = 0; i <= pairs; i += 1) {
      for (const kind of kinds) {
        const page = await rig.open({ preloads: [preload] });
        const run = { engine: 'firefox', kind, warmup: i === 0 };
        try {
          await sleep(1000); // the new Firefox process's own start-up work, as bench/firefox-speed.mjs
          await page.goto(targets[kind]);
          await page.poll(() => page.eval(done), Boolean, { timeout: 30_000, interval: 50, message: 'the button interactive and a frame after it' });
          run.t = await page.eval(readTimeline);
        } catch (err) {
          run.error = err.message.split('\n')[0];
        }
        await page.close();
        runs.push(run);
        report(run, i, log);
      }
    }
  } finally {
    await rig.stop();
  }
  return runs;
}

function report(run, i, log) {
  const f = (k) => (Number.isFinite(run.t?.[k]) ? Math.round(run.t[k]) : '—');
  log(
    `page-load: ${run.engine} ${i === 0 ? 'warm-up' : `pair ${String(i).padStart(2)}`} ${run.kind.padEnd(9)} ` +
      (run.error ? `FAILED: ${run.error}` : `parsed ${f('domInteractive')} · fetched ${f('scriptFetched')} · acts ${f('scriptActs')} · interactive ${f('interactive')} · frame ${f('framePresented')} ms`),
  );
}

/** Medians per step and page, and ours/plain (and baseline/plain) for interactive and the frame. */
export function summarizeLoad(runs) {
  const out = {};
  for (const engine of [...new Set(runs.map((r) => r.engine))]) {
    const kinds = [...new Set(runs.filter((r) => r.engine === engine).map((r) => r.kind))];
    const of = (kind) => runs.filter((r) => r.engine === engine && r.kind === kind && !r.warmup && r.t);
    const steps = {};
    for (const [key] of STEPS) steps[key] = Object.fromEntries(kinds.map((kind) => [kind, stats(of(kind).map((r) => r.t[key]))]));
    const ratio = (kind, key) => {
      const a = steps[key][kind]?.median;
      const b = steps[key].reference?.median;
      return a && b ? Math.round((a / b) * 1000) / 1000 : null;
    };
    const ratios = Object.fromEntries(kinds.filter((k) => k !== 'reference').map((k) => [k, { interactive: ratio(k, 'interactive'), frame: ratio(k, 'framePresented') }]));
    out[engine] = { kinds, steps, ratios, failures: runs.filter((r) => r.engine === engine && !r.warmup && !r.t).length };
  }
  return out;
}

function printSummary(summary, log) {
  for (const [engine, s] of Object.entries(summary)) {
    log(`\n${engine}: median ms from navigation start (p25–p75): ${s.kinds.join(' | ')}`);
    for (const [key, label] of STEPS) {
      const cells = s.kinds.map((kind) => s.steps[key][kind]);
      if (cells.every((x) => x.n === 0)) continue;
      const cell = (x) => (x.n ? `${x.median} (${x.p25}–${x.p75})` : '—');
      log(`  ${label.padEnd(38)} ${cells.map((x) => cell(x).padEnd(22)).join(' | ')}`);
    }
    for (const [kind, r] of Object.entries(s.ratios)) log(`  ${kind}/plain: interactive ${r.interactive} · frame after it ${r.frame}`);
    if (s.failures) log(`  ${s.failures} failed runs`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { values: opts } = parseArgs({
    options: {
      pairs: { type: 'string', default: '10' },
      engines: { type: 'string', default: 'chromium,firefox' },
      dist: { type: 'string', default: join(ROOT, 'dist') },
      baseline: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const pairs = Number(opts.pairs);
  if (!Number.isInteger(pairs) || pairs < 1) {
    console.error(`page-load: --pairs must be a whole number ≥ 1 (got ${opts.pairs})`);
    process.exit(2);
  }
  const engines = opts.engines.split(',').map((e) => e.trim());
  const unknown = engines.filter((e) => e !== 'chromium' && e !== 'firefox');
  if (unknown.length) {
    console.error(`page-load: unknown engine ${unknown.join(', ')} (--engines takes chromium, firefox)`);
    process.exit(2);
  }
  for (const dir of [opts.dist, opts.baseline].filter(Boolean)) {
    try {
      readFileSync(join(dir, 'embed', 'lk-voice-widget.js'));
    } catch {
      console.error(`page-load: no built widget in ${dir} (embed/lk-voice-widget.js missing): run scripts/build first`);
      process.exit(2);
    }
  }
  // No stack: /api/* is never asked for before a click; a closed loopback port answers if it is.
  const upstream = 'http://127.0.0.1:9';
  const ours = await startStaticServer({ mounts: [{ prefix: '/', dir: opts.dist }], upstream });
  const ref = await startReferenceServer({ dist: opts.dist, upstream });
  const base = opts.baseline ? await startStaticServer({ mounts: [{ prefix: '/', dir: opts.baseline }], upstream }) : null;
  const targets = { widget: `${ours.url}/`, reference: `${ref.url}/`, ...(base ? { baseline: `${base.url}/` } : {}) };
  const kinds = base ? ['widget', 'baseline', 'reference'] : ['widget', 'reference'];
  const log = (m) => console.log(m);
  const runs = [];
  try {
    if (engines.includes('chromium')) runs.push(...(await chromiumLeg({ targets, kinds, pairs, log })));
    if (engines.includes('firefox')) runs.push(...(await firefoxLeg({ targets, kinds, pairs, log })));
  } finally {
    await ours.close();
    await ref.close();
    await base?.close();
  }
  const summary = summarizeLoad(runs);
  printSummary(summary, log);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ runs, summary }, null, 2));
}
