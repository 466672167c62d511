// The agent workers of the bench's stack: start time (process start → "registered worker" in its
// log) and memory (RSS and PSS summed over all the worker's processes) idle and in a call — for
// the real agent (`sofia`, livekit-agents AgentSession) and the lab worker (`sofia-lab`, the old
// hand-written worker) for comparison. Linux only (/proc).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findWorker, measureStart, memorySampler, treeMemory, watchRegistration, commandOf } from './agent-proc.mjs';
import { launchChromium, probeScript, sleep, stats } from './lib.mjs';

/** The workers scripts/stack.mjs starts, by the log it gives each. */
export const WORKERS = [
  { agent: 'sofia', log: 'agent.log' },
  { agent: 'sofia-lab', log: 'agent-lab.log' },
];

const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

/** Call before startStack: times each worker's first start from its log (null: no such log). */
export function watchWorkers(logDir, timeoutMs) {
  return WORKERS.map((w) => ({ ...w, logPath: join(logDir, w.log), registration: watchRegistration(join(logDir, w.log), timeoutMs) }));
}

/** Median of a few samples of a worker's memory, `everyMs` apart. */
async function idleMemory(pid, samples = 5, everyMs = 400) {
  const list = [];
  for (let i = 0; i < samples; i += 1) {
    list.push(treeMemory(pid));
    await sleep(everyMs);
  }
  return {
    processes: Math.max(...list.map((m) => m.processes)),
    rssMB: mb(stats(list.map((m) => m.rssKb)).median),
    pssMB: mb(stats(list.map((m) => m.pssKb)).median),
  };
}

/**
 * After startStack: which workers run (pid, command), their first start, `starts` more starts of
 * each (a copy of the same command, one at a time) and their idle memory.
 */
export async function measureWorkers({ watched, starts, register, log = console.log }) {
  const out = [];
  for (const w of watched) {
    // The stack has started: a worker it starts has its log by now.
    const first = existsSync(w.logPath) ? await w.registration : { error: `the stack wrote no ${w.log}` };
    const pid = first.pid ?? findWorker(w.logPath);
    if (!pid) {
      out.push({ agent: w.agent, log: w.log, running: false, reason: first.error ?? 'no process writes to its log' });
      log(`agents: ${w.agent}: not running in this stack (${first.error ?? 'no process'})`);
      continue;
    }
    const { argv, env } = commandOf(pid);
    const entry = {
      agent: w.agent,
      log: w.log,
      running: true,
      pid,
      command: argv.map((a) => a.replace(/^.*\/(venv-[^/]+)\//, '…/$1/').replace(/^.*\/agent\//, 'agent/')).join(' '),
      env: Object.fromEntries(Object.entries(env).filter(([k]) => /^(SOFIA_|LK_AGENT|LIVEKIT_AGENTS_)/.test(k))),
      firstStartS: first.seconds ?? null,
    };
    out.push(entry);
  }
  for (const entry of out.filter((e) => e.running)) {
    try {
      // The copies log to <log>-start.log.1, .2, …
      const logPath = watched.find((w) => w.agent === entry.agent).logPath.replace(/\.log$/, '-start.log');
      entry.startS = await measureStart({ pid: entry.pid, runs: starts, logPath, register });
    } catch (err) {
      entry.startError = err.message;
      entry.startS = [];
    }
    const all = [entry.firstStartS, ...entry.startS].filter((x) => typeof x === 'number');
    entry.start = stats(all.map((s) => s * 1000));
    log(`agents: ${entry.agent}: process start → registered ${all.map((s) => `${s.toFixed(2)} s`).join(', ')}${entry.startError ? ` (${entry.startError})` : ''}`);
  }
  await sleep(2000);
  for (const entry of out.filter((e) => e.running)) {
    entry.idle = await idleMemory(entry.pid);
    log(`agents: ${entry.agent}: idle ${entry.idle.rssMB} MB RSS / ${entry.idle.pssMB} MB PSS over ${entry.idle.processes} process(es)`);
  }
  return out;
}

/** Memory of the worker during calls: per-call peaks from memorySampler. */
export function callMemory(pid) {
  const calls = [];
  return {
    onCall(kind, warmup) {
      const s = memorySampler(pid);
      s.start();
      return () => {
        const peak = s.stop();
        const rec = { kind, warmup, peakRssMB: mb(peak.peakRssKb), peakPssMB: mb(peak.peakPssKb), processes: peak.maxProcesses };
        calls.push(rec);
        return rec;
      };
    },
    summary() {
      const counted = calls.filter((c) => Number.isFinite(c.peakRssMB));
      return {
        calls: counted.length,
        peakRssMB: stats(counted.map((c) => c.peakRssMB)),
        peakPssMB: stats(counted.map((c) => c.peakPssMB)),
        maxRssMB: counted.length ? Math.max(...counted.map((c) => c.peakRssMB)) : null,
        maxProcesses: counted.length ? Math.max(...counted.map((c) => c.processes)) : null,
      };
    },
  };
}

/**
 * `calls` calls from the plain-JS page to `agent` (?agent=…; the default fake microphone), each
 * held `holdMs` after the agent's first audio, the worker's memory sampled throughout.
 */
export async function agentCalls({ url, agent, pid, calls = 3, holdMs = 4000, log = console.log }) {
  const browser = await launchChromium();
  const mem = callMemory(pid);
  const firstAudio = [];
  const errors = [];
  try {
    for (let i = 0; i < calls; i += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript({ content: probeScript({ audioProbe: true }) });
      const done = mem.onCall('reference', false);
      try {
        await page.goto(`${url}?agent=${encodeURIComponent(agent)}`, { waitUntil: 'load', timeout: 30_000 });
        await page.waitForFunction(() => window.__lkwBench && 'interactive' in window.__lkwBench.t, null, { timeout: 30_000, polling: 50 });
        await sleep(1000);
        await page.locator('button.ref-call').click({ timeout: 10_000 });
        await page.waitForFunction(() => 'firstAudio' in window.__lkwBench.t, null, { timeout: 30_000, polling: 50 });
        firstAudio.push(await page.evaluate(() => window.__lkwBench.t.firstAudio - window.__lkwBench.t.click));
        await sleep(holdMs);
      } catch (err) {
        errors.push(err.message.split('\n')[0]);
      }
      const rec = done();
      try {
        if ((await page.locator('button.ref-call').textContent({ timeout: 2000 }))?.trim() === 'Hang up') {
          await page.locator('button.ref-call').click();
          await page.waitForFunction(() => window.__lkwBench.query('[data-stage]')?.dataset.stage === 'ended', null, { timeout: 10_000, polling: 100 });
        }
      } catch {
        /* reported by the next call if it matters */
      }
      await context.close();
      log(`agents: ${agent}: call ${i + 1}/${calls}: peak ${rec.peakRssMB} MB RSS / ${rec.peakPssMB} MB PSS${errors.length ? ` (errors: ${errors.join('; ')})` : ''}`);
      await sleep(1000);
    }
  } finally {
    await browser.close();
  }
  return { ...mem.summary(), firstAudioMs: stats(firstAudio), errors };
}


export { idleMemory };

/** The JSON lines of a livekit-agents log: [{ at (ms since the epoch), message }]. */
export function agentLogLines(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const j = JSON.parse(line);
      if (j.timestamp && j.message) out.push({ at: Date.parse(j.timestamp), message: j.message });
    } catch {
      /* not JSON */
    }
  }
  return out;
}

/**
 * How the agent opened each speed run's call, from its log line "call opened: <outcome>"
 * (greeted / greeted-after-buffer / answered-buffer …) between the run's click and its end:
 * sets run.agentOpened; returns { widget: {outcome: n}, reference: {…} } per SDK mode.
 */
export function tagOpenings(runs, lines) {
  const out = {};
  for (const r of runs) {
    if (!r.wallClick) continue;
    const line = lines.find((l) => l.at >= r.wallClick && l.at <= r.wallEnd && /^call opened: /.test(l.message));
    r.agentOpened = line ? line.message.replace(/^call opened: /, '') : null;
    if (r.warmup) continue;
    const m = (out[r.mode] ??= { widget: {}, reference: {} })[r.kind];
    const k = r.agentOpened ?? '(not logged)';
    m[k] = (m[k] ?? 0) + 1;
  }
  return out;
}
