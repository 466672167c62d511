// Shared helpers of the bench: Chromium, statistics, machine facts, port checks.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { cpus, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS as E2E_CHROMIUM_ARGS } from '../e2e/playwright.config.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PROBE_SRC = readFileSync(join(ROOT, 'bench', 'probe.js'), 'utf8');

/** The project's Chromium flags (e2e/playwright.config.mjs), plus the autoplay policy: the bench
 * measures speed, not the gesture path, so it lets audio (and the probe's AudioContext) start
 * without a user activation. */
export const CHROMIUM_ARGS = [...E2E_CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'];
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** extraArgs: e.g. `--use-file-for-fake-audio-capture=<wav>` for the speech runs. */
export async function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** addInitScript content: the config, then the probe. */
export function probeScript(config) {
  return `window.__lkwBenchConfig = ${JSON.stringify(config)};\n${PROBE_SRC}`;
}

/** The agents a token answer dispatches (roomConfig.agents of its JWT; not verified: the page
 * already used it), e.g. ['sofia']; null when unreadable. */
export function tokenAgents(body) {
  try {
    const token = body.participant_token || body.participantToken || body.token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    const agents = claims.roomConfig?.agents ?? claims.room_config?.agents ?? [];
    return agents.map((a) => a.agentName ?? a.agent_name ?? '');
  } catch {
    return null;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function quantile(sorted, q) {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { n: 0, median: null, p25: null, p75: null, min: null, max: null };
  const r1 = (x) => Math.round(x * 10) / 10;
  return { n: v.length, median: r1(quantile(v, 0.5)), p25: r1(quantile(v, 0.25)), p75: r1(quantile(v, 0.75)), min: r1(v[0]), max: r1(v[v.length - 1]) };
}

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

export function loadavg() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return null;
  }
}

export function machine() {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  let memTotalKb = Math.round(totalmem() / 1024);
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const m = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
    if (m) cpuModel = m[1].trim();
  } catch {
    /* not Linux */
  }
  try {
    const m = /^MemTotal:\s*(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) memTotalKb = Number(m[1]);
  } catch {
    /* not Linux */
  }
  const head = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    nproc: Number(run('nproc', [])) || cpus().length,
    cpuModel,
    memTotalGiB: Math.round((memTotalKb / 1024 / 1024) * 10) / 10,
    kernel: release(),
    node: process.version,
    git: head ? `${head}${dirty ? ' (uncommitted changes in the tree)' : ''}` : null,
  };
}

/** True when something already listens on / holds the port on 127.0.0.1. */
function tcpBusy(port) {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(false)));
  });
}
function udpBusy(port) {
  return new Promise((ok) => {
    const sock = createSocket('udp4');
    sock.once('error', () => ok(true));
    sock.bind(port, '127.0.0.1', () => sock.close(() => ok(false)));
  });
}

/**
 * Waits until the ports of one of `candidates` ({ name, ports: {livekit, rtcTcp, rtcUdp, web} },
 * in order of preference) are free and returns that candidate; fails after `waitSeconds` with a
 * message naming the busy ports.
 */
export async function pickFreeProfile(candidates, waitSeconds) {
  const deadline = Date.now() + waitSeconds * 1000;
  let lastSay = 0;
  for (;;) {
    const busyBy = [];
    for (const c of candidates) {
      const busy = [];
      for (const p of [c.ports.livekit, c.ports.rtcTcp, c.ports.web]) if (await tcpBusy(p)) busy.push(`${p}/tcp`);
      if (await udpBusy(c.ports.rtcUdp)) busy.push(`${c.ports.rtcUdp}/udp`);
      if (!busy.length) return c;
      busyBy.push(`'${c.name}' (${busy.join(', ')})`);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `the ports of the stack profile${candidates.length > 1 ? 's' : ''} ${busyBy.join(' and ')} are in use: ` +
          'a scripts/test run or another bench (node scripts/stack.mjs …) is probably active. Run the ' +
          `bench when it is done, or set LKW_BENCH_WAIT_S to wait longer (waited ${waitSeconds} s).`,
      );
    }
    if (Date.now() - lastSay > 60_000) {
      console.log(`bench: ports busy: ${busyBy.join(', ')}; waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for the other run to finish…`);
      lastSay = Date.now();
    }
    await sleep(5000);
  }
}
