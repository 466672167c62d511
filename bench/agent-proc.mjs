// The agent workers as processes (Linux /proc): which processes belong to a worker the stack
// started, their memory, and how long a worker takes from process start to "registered worker".
//
// A worker is found by its log: scripts/stack.mjs starts each worker with stdout and stderr on
// <logDir>/<name>.log, so the worker is the process whose fd 1 is that file and whose parent's is
// not (its job processes, if any, inherit the same fd). Other stacks on the machine (a test run)
// write to other logs, so theirs are never counted.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, readdirSync, readlinkSync, existsSync } from 'node:fs';
import { sleep } from './lib.mjs';

const CLK_TCK = 100; // USER_HZ on Linux
const REGISTERED = /registered worker/;

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};
const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, …]; null when gone. */
function stat(pid) {
  const s = read(`/proc/${pid}/stat`);
  if (!s) return null;
  return s.slice(s.lastIndexOf(')') + 2).split(' ');
}
const ppid = (pid) => Number(stat(pid)?.[1] ?? -1);
/** Process start, seconds since boot (field 22 of stat). */
const startedAt = (pid) => Number(stat(pid)?.[19] ?? NaN) / CLK_TCK;
const uptime = () => Number(read('/proc/uptime')?.split(' ')[0] ?? NaN);
const stdoutOf = (pid) => {
  try {
    return readlinkSync(`/proc/${pid}/fd/1`);
  } catch {
    return null;
  }
};

/** The pid of the worker writing to `logPath`, or null. */
export function findWorker(logPath) {
  const writers = new Set(pids().filter((p) => stdoutOf(p) === logPath));
  for (const p of writers) if (!writers.has(ppid(p))) return p;
  return null;
}

/** `root` and all its descendants. */
export function processTree(root) {
  const children = new Map();
  for (const p of pids()) {
    const pp = ppid(p);
    if (!children.has(pp)) children.set(pp, []);
    children.get(pp).push(p);
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  if (stat(root)) walk(root);
  return out;
}

const kbField = (text, name) => {
  const m = text && new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
};

/**
 * Memory of a worker: RSS summed over all its processes (what `ps` shows, shared pages counted
 * in every process) and PSS summed (shared pages split between the processes sharing them).
 */
export function treeMemory(root) {
  const tree = processTree(root);
  let rssKb = 0;
  let pssKb = 0;
  for (const p of tree) {
    rssKb += kbField(read(`/proc/${p}/status`), 'VmRSS');
    pssKb += kbField(read(`/proc/${p}/smaps_rollup`), 'Pss');
  }
  return { processes: tree.length, rssKb, pssKb };
}

/** Samples treeMemory(root) every `everyMs` until stop(); stop() returns the peaks and samples. */
export function memorySampler(root, everyMs = 250) {
  const samples = [];
  let timer = null;
  const take = () => samples.push({ at: Date.now(), ...treeMemory(root) });
  return {
    start() {
      samples.length = 0;
      take();
      timer = setInterval(take, everyMs);
    },
    stop() {
      clearInterval(timer);
      take();
      return {
        samples: samples.length,
        peakRssKb: Math.max(...samples.map((s) => s.rssKb)),
        peakPssKb: Math.max(...samples.map((s) => s.pssKb)),
        maxProcesses: Math.max(...samples.map((s) => s.processes)),
      };
    },
  };
}

/**
 * Watches a log file from now on (the stack creates it when it starts the worker): resolves with
 * the seconds from the worker's process start to the moment "registered worker" shows in its log
 * (polled every 20 ms; process start from /proc, 10 ms resolution).
 */
export function watchRegistration(logPath, timeoutMs = 90_000) {
  return (async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (REGISTERED.test(read(logPath) ?? '')) {
        const up = uptime();
        const pid = findWorker(logPath);
        if (!pid) return { error: 'registered, but no process writes to the log' };
        return { pid, seconds: Math.round((up - startedAt(pid)) * 1000) / 1000 };
      }
      await sleep(20);
    }
    return { error: `no "registered worker" in ${logPath} within ${timeoutMs / 1000} s` };
  })();
}

/** How the worker `pid` was started: argv, environment, working directory. */
export function commandOf(pid) {
  const argv = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
  const env = Object.fromEntries(
    (read(`/proc/${pid}/environ`) ?? '')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  let cwd = null;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    /* gone */
  }
  return { argv, env, cwd };
}

async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  if (!(await Promise.race([exited.then(() => true), sleep(6000).then(() => false)]))) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await Promise.race([exited, sleep(2000)]);
  }
}

/**
 * Starts the same worker again (same argv, environment and directory as `pid`), `runs` times one
 * after the other, each until "registered worker" shows in its output, then stops it (its whole
 * process group). A second worker under the same agent name is harmless while no call is made.
 * `register(cleanup)` hands the harness a way to stop a run that is under way (Ctrl-C).
 * Returns the seconds from spawn to registration of each run.
 */
export async function measureStart({ pid, runs, logPath, register = () => {}, timeoutMs = 90_000 }) {
  const { argv, env, cwd } = commandOf(pid);
  if (!argv.length) throw new Error(`cannot read the command of process ${pid}`);
  const seconds = [];
  for (let i = 0; i < runs; i += 1) {
    const fd = openSync(`${logPath}.${i + 1}`, 'w');
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: cwd ?? undefined, env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    const unregister = register(() => stopGroup(child));
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (REGISTERED.test(read(`${logPath}.${i + 1}`) ?? '')) {
          seconds.push(Math.round(performance.now() - t0) / 1000);
          break;
        }
        if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode} before registering (see ${logPath}.${i + 1})`);
        if (Date.now() > deadline) throw new Error(`the worker did not register within ${timeoutMs / 1000} s (see ${logPath}.${i + 1})`);
        await sleep(20);
      }
    } finally {
      await stopGroup(child);
      unregister?.();
    }
    await sleep(500);
  }
  return seconds;
}

export const hasProc = () => existsSync('/proc/self/stat');
