// The processes of a stack (scripts/stack.mjs, scripts/cluster.mjs): each child runs in its own
// process group with its own log file, so that stopping it also stops what it started (an agent
// worker's job processes), and nothing outlives the stack.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is truthy; fails early (naming `what`) when `child` has exited. */
export async function waitFor(what, timeoutMs, check, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} (see its log)`);
    try {
      if (await check()) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${what} not ready within ${timeoutMs / 1000} s (see its log)`);
}

/** Waits until the log of `child` (from `start`) matches `pattern`; its first match. */
export async function waitForLog(what, timeoutMs, child, pattern) {
  let match = null;
  await waitFor(what, timeoutMs, async () => (match = readFileSync(child.lkwLog, 'utf8').match(pattern)), child);
  return match;
}

/**
 * A set of children started with `env` (plus each child's own) in `cwd`, logging to
 * `<logDir>/<name>.log`. `stop()` stops them in reverse order: SIGTERM to the group, SIGKILL
 * after 8 s.
 */
export function processGroups({ logDir, env, cwd }) {
  const children = [];

  const start = (name, cmd, args, extraEnv = {}) => {
    const logPath = join(logDir, `${name}.log`);
    const log = openSync(logPath, 'w');
    const child = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', log, log], detached: true });
    child.on('error', (err) => writeFileSync(join(logDir, `${name}.spawn-error`), String(err)));
    child.lkwName = name;
    child.lkwLog = logPath;
    children.push(child);
    return child;
  };

  const stopChild = async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
    if (!done) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      await Promise.race([exited, sleep(2000)]);
    }
  };

  const stop = async () => {
    for (const child of [...children].reverse()) await stopChild(child);
  };

  /** Kills one child's group at once (SIGKILL), as a crash would. */
  const kill = (name) => {
    const child = children.find((c) => c.lkwName === name);
    if (child && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  };

  return { start, stopChild, stop, kill };
}
