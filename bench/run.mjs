// The bench (issue 8): sizes, speed to first word against plain JS, leaks over many calls, and
// the token server's throughput → bench/results.json and BENCHMARKS.md.
// Run it through scripts/bench (which sets up and builds first).
//
//   node bench/run.mjs [--pairs N] [--cycles N] [--skip-token-server] [--only size,speed,speech,agents,firefox,leaks,cluster,token]
//
//   [--profile bench|test] [--speed-modes cold,warm] [--speech-pairs N] [--agent-starts N] [--firefox-pairs N] [--cluster-pairs N] [--merge]
// --merge: keep what the existing bench/results.json has for the sections this run does not
// measure (e.g. `--only firefox --merge` adds the Firefox leg to the last full run's figures).
// Environment: LKW_BENCH_WAIT_S (900): how long to wait while other runs hold the stack's ports;
// LKW_BENCH_PROFILE: the scripts/stack.mjs profile (default: 'bench' when the script has it and
// its ports are free, else 'test' when free; waits for whichever frees first).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStack, PROFILES } from '../scripts/stack.mjs';
import { startReferenceServer } from './reference/server.mjs';
import { startStaticServer } from './static-server.mjs';
import { measureSizes, SDK_PATH } from './size.mjs';
import { runSpeed } from './speed.mjs';
import { runLeaks } from './leaks.mjs';
import { agentBreakdown, runSpeech } from './speech.mjs';
import { agentCalls, agentLogLines, callMemory, idleMemory, measureWorkers, tagOpenings, watchWorkers } from './agent-bench.mjs';
import { runFirefoxSpeed } from './firefox-speed.mjs';
import { runClusterBench } from './cluster.mjs';
import { renderMarkdown } from './report.mjs';
import { ROOT, loadavg, machine, pickFreeProfile, sleep } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    pairs: { type: 'string', default: process.env.LKW_BENCH_PAIRS || '15' },
    cycles: { type: 'string', default: process.env.LKW_BENCH_CYCLES || '100' },
    // End of speech → first agent audio: fewer pairs (each call waits for the greeting to end).
    'speech-pairs': { type: 'string', default: process.env.LKW_BENCH_SPEECH_PAIRS || '8' },
    // Extra starts of each agent worker for its start time (besides the stack's own start).
    'agent-starts': { type: 'string', default: process.env.LKW_BENCH_AGENT_STARTS || '3' },
    // Speed to first word in Firefox (issue 13): pairs per SDK state (a Firefox start per run).
    // Which SDK states the Chromium speed leg measures (cold,warm): one alone halves a quick A/B.
    'speed-modes': { type: 'string', default: process.env.LKW_BENCH_SPEED_MODES || 'cold,warm' },
    'firefox-pairs': { type: 'string', default: process.env.LKW_BENCH_FIREFOX_PAIRS || '5' },
    // The LiveKit cluster against the single-node stack (issue 16): rounds of three calls.
    'cluster-pairs': { type: 'string', default: process.env.LKW_BENCH_CLUSTER_PAIRS || '8' },
    // Keep the existing results of the sections this run does not measure.
    merge: { type: 'boolean', default: false },
    'skip-token-server': { type: 'boolean', default: false },
    only: { type: 'string' },
    // The stack profile; by default 'bench' (its own ports, beside a test run) when
    // scripts/stack.mjs has it, else — or while it is busy — 'test'.
    profile: { type: 'string', default: process.env.LKW_BENCH_PROFILE },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
    md: { type: 'string', default: join(ROOT, 'BENCHMARKS.md') },
  },
});
const pairs = Number(opts.pairs);
const cycles = Number(opts.cycles);
const speechPairs = Number(opts['speech-pairs']);
const agentStarts = Number(opts['agent-starts']);
const firefoxPairs = Number(opts['firefox-pairs']);
const clusterPairs = Number(opts['cluster-pairs']);
const only = new Set((opts.only || 'size,speed,speech,agents,firefox,leaks,cluster,token').split(',').map((s) => s.trim()));
if (opts['skip-token-server']) only.delete('token');
const waitSeconds = Number(process.env.LKW_BENCH_WAIT_S || 900);
const log = (msg) => console.log(msg);

// ---- everything started here is stopped here, also on Ctrl-C / SIGTERM -------------------------
const cleanups = [];
let cleaning = null;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`bench: cleanup: ${err.message}`);
      }
    }
  })());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    console.error(`\nbench: ${sig}: stopping everything it started…`);
    await cleanup();
    process.exit(130);
  });
}

function runTokenServerBench() {
  const script = join(ROOT, 'bench', 'token-server', 'run.sh');
  if (!existsSync(script)) return Promise.resolve({ status: 'missing' });
  const out = join(ROOT, 'target', 'bench', 'token-server.json');
  mkdirSync(join(ROOT, 'target', 'bench'), { recursive: true });
  log(`token server: bash bench/token-server/run.sh (OUT=${out})`);
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { cwd: ROOT, env: { ...process.env, OUT: out }, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    const kill = () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    };
    cleanups.push(kill);
    const timer = setTimeout(kill, 30 * 60 * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return resolve({ status: 'failed', reason: `bench/token-server/run.sh exited with ${code ?? signal}` });
      try {
        resolve({ status: 'measured', script: 'bench/token-server/run.sh', data: JSON.parse(readFileSync(out, 'utf8')) });
      } catch (err) {
        resolve({ status: 'failed', reason: `could not read ${out}: ${err.message}` });
      }
    });
    child.on('error', (err) => resolve({ status: 'failed', reason: err.message }));
  });
}

/**
 * Copies dist/ to target/bench/dist-snapshot, so that a rebuild of dist/ by someone else during
 * the run cannot change the widget under test (it happened). The copy must be consistent: every
 * file index.html names is there and matches its Trunk `integrity` hash.
 */
async function snapshotDist() {
  const src = join(ROOT, 'dist');
  const dst = join(ROOT, 'target', 'bench', 'dist-snapshot');
  let problem = '';
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    const before = readFileSync(join(src, 'index.html'));
    rmSync(dst, { recursive: true, force: true });
    cpSync(src, dst, { recursive: true });
    const html = readFileSync(join(dst, 'index.html'), 'utf8');
    problem = before.equals(readFileSync(join(src, 'index.html'))) ? '' : 'index.html changed while copying';
    for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\bintegrity="(sha384-[^"]+)"/g)) {
      const file = join(dst, m[1].replace(/^\//, ''));
      const digest = existsSync(file) ? `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}` : null;
      if (digest !== m[2]) problem ||= `${m[1]} ${digest ? 'does not match its integrity hash' : 'is missing'}`;
    }
    if (!existsSync(join(dst, SDK_PATH))) problem ||= `${SDK_PATH} is missing`;
    if (!problem) {
      return { dir: dst, indexSha256: createHash('sha256').update(html).digest('hex').slice(0, 16) };
    }
    log(`bench: dist/ is being rebuilt (${problem}); retrying the snapshot…`);
    await sleep(3000);
  }
  throw new Error(`could not take a consistent snapshot of dist/: ${problem}`);
}

/**
 * Files the widget page fetched before the click vs the files the size table counts: its first
 * load, then what the embed loader fetches at idle time (glue, snippets, wasm), which comes in the
 * second before the click.
 */
function firstLoadCheck(sizes, speed) {
  const run = speed?.runs.find((r) => r.kind === 'widget' && r.mode === 'cold' && r.ok && !r.warmup && r.resourcesBeforeClick);
  if (!run) return null;
  const observed = [...new Set(run.resourcesBeforeClick.map((r) => r.path.replace(/^\//, '')))].filter((p) => p !== SDK_PATH && p !== 'favicon.ico').sort();
  const atIdle = sizes.embed ? sizes.embed.after.map((f) => f.path) : [];
  const counted = [...new Set([...sizes.files.filter((f) => f.kind !== 'loader').map((f) => f.path), ...atIdle])].sort();
  return { observed, counted, match: JSON.stringify(observed) === JSON.stringify(counted) };
}

/** The keys of bench/results.json each section writes. */
const SECTION_KEYS = {
  size: ['sizes', 'snapshot'],
  speed: ['speed', 'firstLoadCheck'],
  speech: ['speech'],
  agents: ['agents'],
  firefox: ['firefox'],
  leaks: ['leaks', 'leaksReference'],
  cluster: ['cluster'],
  token: ['tokenServer'],
};

/**
 * --merge: the existing results with the sections of this run replaced (the date, machine and
 * parameters of the run that wrote the rest stay; this run is listed in `updates`).
 */
function merged(results) {
  if (!existsSync(opts.out)) return results;
  const prev = JSON.parse(readFileSync(opts.out, 'utf8'));
  const out = { ...prev };
  for (const section of only) for (const key of SECTION_KEYS[section] ?? []) if (key in results) out[key] = results[key];
  const update = { date: results.date, sections: [...only], git: results.machine.git, loadavg: results.loadavg, durationS: results.durationS };
  // A newer run of the same sections supersedes the older one's line.
  const superseded = (u) => u.sections.every((section) => only.has(section));
  out.updates = [...(prev.updates ?? []).filter((u) => !superseded(u)), update];
  return out;
}

async function main() {
  const started = new Date();
  const results = {
    date: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: machine(),
    livekitServer: process.env.LKW_LIVEKIT_VERSION || null,
    parameters: { pairs, cycles, speechPairs, agentStarts, firefoxPairs, clusterPairs, sections: [...only] },
    loadavg: { before: loadavg(), after: null },
  };
  log(`bench: ${results.machine.cpuModel}, ${results.machine.nproc} CPUs, ${results.machine.memTotalGiB} GiB; load ${results.loadavg.before}`);

  const snapshot = await snapshotDist();
  results.snapshot = { dir: 'target/bench/dist-snapshot', indexHtmlSha256: snapshot.indexSha256 };
  results.sizes = measureSizes(snapshot.dir);
  log(`size: widget first load ${results.sizes.firstLoad.gzip} bytes gzip (budget ${results.sizes.budget.limitBytes}: ${results.sizes.budget.ok ? 'ok' : 'OVER'})`);

  if (['speed', 'speech', 'agents', 'firefox', 'leaks'].some((x) => only.has(x))) {
    const names = opts.profile ? [opts.profile] : ['bench', 'test'].filter((n) => PROFILES[n]);
    for (const n of names) {
      if (!PROFILES[n]) throw new Error(`unknown stack profile '${n}' (scripts/stack.mjs has: ${Object.keys(PROFILES).join(', ')})`);
    }
    const { name: profile, ports } = await pickFreeProfile(names.map((name) => ({ name, ports: PROFILES[name] })), waitSeconds);
    // 100+ calls from one address in minutes: keep the token server's per-address rate limit out
    // of reach (test-like profiles of scripts/stack.mjs switch it off themselves).
    process.env.LK_RATE_LIMIT_PER_MIN = '1000000';
    process.env.LK_RATE_LIMIT_BURST = '1000000';
    const logDir = join(ROOT, '.stack', 'bench-harness');
    // The agents' start is timed from their logs: no stale log of an earlier run may answer.
    mkdirSync(logDir, { recursive: true });
    for (const f of readdirSync(logDir)) if (/^agent.*\.log(\.\d+)?$/.test(f)) rmSync(join(logDir, f), { force: true });
    const watched = watchWorkers(logDir, 120_000);
    log(`bench: starting the real stack (profile '${profile}': LiveKit ${ports.livekit}, token server ${ports.web}; logs in .stack/bench-harness/)…`);
    const stack = await startStack({ profile, logDir });
    results.stack = { profile, ports };
    cleanups.push(() => stack.stop());
    // Stops a worker copy that measureStart has under way (Ctrl-C) — it is ours too.
    const register = (fn) => {
      cleanups.push(fn);
      return () => {
        const i = cleanups.indexOf(fn);
        if (i >= 0) cleanups.splice(i, 1);
      };
    };
    if (only.has('agents') || only.has('speech')) {
      results.agents = { workers: await measureWorkers({ watched, starts: only.has('agents') ? agentStarts : 0, register, log }) };
    }
    const worker = (agent) => results.agents?.workers.find((w) => w.agent === agent && w.running);
    const ours = await startStaticServer({ mounts: [{ prefix: '/', dir: snapshot.dir }], upstream: stack.baseUrl });
    cleanups.push(() => ours.close());
    const ref = await startReferenceServer({ dist: snapshot.dir, upstream: stack.baseUrl });
    cleanups.push(() => ref.close());
    const targets = { widget: `${ours.url}/`, reference: `${ref.url}/` };
    log(`bench: ours ${targets.widget} · plain JS ${targets.reference}`);
    if (only.has('speed')) {
      results.speed = await runSpeed({ targets, pairs, modes: opts['speed-modes'].split(',').map((m) => m.trim()), log });
      results.firstLoadCheck = firstLoadCheck(results.sizes, results.speed);
      try {
        results.speed.agentOpenings = tagOpenings(results.speed.runs, agentLogLines(readFileSync(join(logDir, 'agent.log'), 'utf8')));
      } catch (err) {
        log(`speed: could not read the agent's log: ${err.message}`);
      }
      for (const r of results.speed.runs) delete r.resourcesBeforeClick; // checked; keep the JSON small
    }
    if (only.has('speech')) {
      // The real agent's memory is sampled during every speech call.
      const sofia = worker('sofia');
      const mem = sofia ? callMemory(sofia.pid) : null;
      results.speech = await runSpeech({ targets, pairs: speechPairs, log, onCall: mem ? (kind, warmup) => mem.onCall(kind, warmup) : undefined });
      if (sofia) sofia.inCall = { ...mem.summary(), during: 'the speech runs (greeting, the words, the reply)' };
      try {
        results.speech.summary.agentLog = agentBreakdown(results.speech.runs, readFileSync(join(logDir, 'agent.log'), 'utf8'));
      } catch (err) {
        log(`speech: could not read the agent's log: ${err.message}`);
      }
    }
    if (only.has('agents')) {
      const lab = worker('sofia-lab');
      if (lab) {
        lab.inCall = { ...(await agentCalls({ url: targets.reference, agent: 'sofia-lab', pid: lab.pid, log })), during: 'calls from the plain-JS page (?agent=sofia-lab), held 4 s after its first audio' };
      }
      const sofia = worker('sofia');
      if (sofia && !sofia.inCall) {
        sofia.inCall = { ...(await agentCalls({ url: targets.reference, agent: 'sofia', pid: sofia.pid, log })), during: 'calls from the plain-JS page, held 4 s after its first audio' };
      }
      for (const w of results.agents.workers.filter((x) => x.running)) {
        w.idleAfterCalls = await idleMemory(w.pid);
        log(`agents: ${w.agent}: idle after the calls ${w.idleAfterCalls.rssMB} MB RSS / ${w.idleAfterCalls.pssMB} MB PSS`);
      }
    }
    if (only.has('firefox')) {
      // The same pages and stack in Firefox ESR (bench/firefox-speed.mjs): reported, not asserted.
      const before = loadavg();
      results.firefox = await runFirefoxSpeed({ targets, pairs: firefoxPairs, register, log, logDir: join(logDir, 'firefox') });
      if (results.firefox.status === 'measured') {
        Object.assign(results.firefox, { loadavg: { before, after: loadavg() }, machine: results.machine, snapshot: results.snapshot, stack: results.stack });
        try {
          results.firefox.agentOpenings = tagOpenings(results.firefox.runs, agentLogLines(readFileSync(join(logDir, 'agent.log'), 'utf8')));
        } catch (err) {
          log(`firefox: could not read the agent's log: ${err.message}`);
        }
      }
    }
    if (only.has('leaks')) {
      results.leaks = await runLeaks({ url: targets.widget, cycles, label: 'leaks (ours)', log });
      // The same cycles on the plain-JS page tell the SDK's share from the widget's.
      results.leaksReference = await runLeaks({ url: targets.reference, cycles, label: 'leaks (plain JS)', log });
    }
    log('bench: stopping the stack…');
    await cleanup();
    cleanups.length = 0;
    cleaning = null;
  }

  if (only.has('cluster')) {
    // Its own stacks: the single-node one on a free profile, and the cluster (scripts/cluster.mjs).
    const names = opts.profile ? [opts.profile] : ['bench', 'test'].filter((n) => PROFILES[n]);
    const { name: profile } = await pickFreeProfile(names.map((name) => ({ name, ports: PROFILES[name] })), waitSeconds);
    const register = (fn) => {
      cleanups.push(fn);
      return () => {
        const i = cleanups.indexOf(fn);
        if (i >= 0) cleanups.splice(i, 1);
      };
    };
    const before = loadavg();
    results.cluster = await runClusterBench({ pairs: clusterPairs, profile, register, log });
    results.cluster.loadavg = { before, after: loadavg() };
  }

  results.tokenServer = only.has('token') ? await runTokenServerBench() : { status: 'skipped', reason: 'skipped in this run (--skip-token-server)' };
  results.loadavg.after = loadavg();
  results.durationS = Math.round((Date.now() - started) / 1000);

  const out = opts.merge ? merged(results) : results;
  writeFileSync(opts.out, `${JSON.stringify(out, null, 2)}\n`);
  writeFileSync(opts.md, renderMarkdown(out));
  log(`bench: wrote ${opts.out} and ${opts.md} in ${results.durationS} s`);
}

main()
  .catch(async (err) => {
    console.error(`bench: ${err.stack || err.message}`);
    await cleanup();
    process.exit(1);
  })
  .then(() => cleanup());
