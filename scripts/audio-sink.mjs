// A PulseAudio null sink for Firefox. With no sound device Firefox's AudioContext stays suspended
// forever and every AnalyserNode reads 0 (see /work/shared/BROWSERS.md); a private PulseAudio
// daemon with one null sink gives it a device that plays into nothing. Loopback only: the daemon
// listens on a unix socket in a private directory, no TCP, no D-Bus, no system daemon touched.
//
// As a module (the Firefox e2e runner, scripts):
//   import { startAudioSink } from './audio-sink.mjs';
//   const sink = await startAudioSink();            // or startAudioSink({ dir })
//   spawn('geckodriver', …, { env: { ...process.env, ...sink.env } });
//   …
//   await sink.stop();                               // kills the daemon by PID and waits for it
// `dir` (default .stack/audio-sink-<pid>) becomes the daemon's XDG_RUNTIME_DIR and HOME and holds
// its socket `native` and log `pulseaudio.log`; a default dir is removed again by stop(). The
// daemon stays in the caller's process group, so a Ctrl-C in a terminal ends it too; stop() is
// also run when the calling process exits normally.
//
// From bash:
//   node scripts/audio-sink.mjs run [--dir DIR] -- CMD ARGS…
//       starts the sink, runs CMD with PULSE_SERVER/PULSE_SINK set, stops the sink, exits with
//       CMD's status (SIGINT/SIGTERM are passed on to CMD; the sink is stopped either way).
//   node scripts/audio-sink.mjs start [DIR]
//       starts the sink, prints `PULSE_SERVER=unix:…`, `PULSE_SINK=null`, then a line
//       `LKW_AUDIO_SINK_READY`, and keeps it up until SIGTERM/SIGINT (then stops it, exits 0):
//         node scripts/audio-sink.mjs start >.stack/sink.out & SINK_PID=$!
//         until grep -q LKW_AUDIO_SINK_READY .stack/sink.out; do sleep 0.1; done
//         export $(grep '^PULSE_' .stack/sink.out)
//         … ; kill "$SINK_PID"; wait "$SINK_PID"
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as osConstants } from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves true when something accepts a connection on the unix socket `path`. */
function socketAnswers(path) {
  return new Promise((res) => {
    const sock = connect(path);
    const done = (ok) => {
      sock.destroy();
      res(ok);
    };
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.setTimeout(1000, () => done(false));
  });
}

/** The daemon's environment: a private runtime dir and home, no X11 or D-Bus session to find. */
function daemonEnv(dir) {
  const env = { ...process.env, XDG_RUNTIME_DIR: dir, HOME: dir };
  for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'PULSE_SERVER', 'PULSE_SINK']) delete env[k];
  return env;
}

function logTail(log) {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').slice(-8).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts a private PulseAudio daemon with a null sink.
 * @param {{dir?: string}} [options]
 * @returns {Promise<{env: {PULSE_SERVER: string, PULSE_SINK: string}, dir: string, pid: number,
 *   stop: () => Promise<void>}>}
 */
export async function startAudioSink({ dir } = {}) {
  const ownDir = !dir;
  dir = resolve(dir || join(ROOT, '.stack', `audio-sink-${process.pid}`));
  const socket = join(dir, 'native');
  // A unix socket path is limited to 107 bytes.
  if (Buffer.byteLength(socket) > 107) throw new Error(`audio sink: socket path too long: ${socket}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(socket)) {
    if (await socketAnswers(socket)) throw new Error(`audio sink: one is already running in ${dir}`);
    rmSync(socket, { force: true }); // left by a daemon that was killed
  }
  const log = join(dir, 'pulseaudio.log');
  const logFd = openSync(log, 'w');
  const child = spawn(
    'pulseaudio',
    [
      '-n', // no default.pa: only the two modules below
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--disallow-exit',
      '--use-pid-file=no',
      `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '--load=module-null-sink sink_name=null',
    ],
    {
      cwd: dir,
      env: daemonEnv(dir),
      stdio: ['ignore', logFd, logFd],
    },
  );
  closeSync(logFd);

  let exited = false;
  const exitedPromise = new Promise((res) => {
    child.once('exit', () => {
      exited = true;
      res();
    });
    child.once('error', (err) => {
      exited = true;
      res(err);
    });
  });

  let stopped = false;
  const killNow = () => {
    if (!exited) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {}
    }
  };
  process.once('exit', killNow);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killNow);
    if (!exited && child.pid) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {}
      const timedOut = await Promise.race([exitedPromise.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
      if (timedOut) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {}
        await exitedPromise;
      }
    }
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      const err = await exitedPromise;
      await stop();
      throw new Error(
        err instanceof Error
          ? `audio sink: cannot run pulseaudio (${err.message}); scripts/setup installs it`
          : `audio sink: pulseaudio exited before its socket answered:\n${logTail(log)}`,
      );
    }
    if (existsSync(socket) && (await socketAnswers(socket))) break;
    if (Date.now() > deadline) {
      const tail = logTail(log);
      await stop();
      throw new Error(`audio sink: pulseaudio's socket did not answer in ${READY_TIMEOUT_MS / 1000} s:\n${tail}`);
    }
    await sleep(50);
  }

  return { env: { PULSE_SERVER: `unix:${socket}`, PULSE_SINK: 'null' }, dir, pid: child.pid, stop };
}

async function cli(argv) {
  const usage = 'usage: node scripts/audio-sink.mjs start [DIR] | run [--dir DIR] -- CMD ARGS…';
  const [mode, ...rest] = argv;
  if (mode === 'start') {
    const sink = await startAudioSink({ dir: rest[0] });
    for (const [k, v] of Object.entries(sink.env)) console.log(`${k}=${v}`);
    console.log('LKW_AUDIO_SINK_READY');
    const end = async () => {
      await sink.stop();
      process.exit(0);
    };
    process.once('SIGTERM', end);
    process.once('SIGINT', end);
    process.once('SIGHUP', end);
    setInterval(() => {}, 1 << 30); // stay up until signalled
    return;
  }
  if (mode === 'run') {
    let dir;
    let i = 0;
    if (rest[i] === '--dir') {
      dir = rest[i + 1];
      i += 2;
    }
    if (rest[i] === '--') i += 1;
    const cmd = rest.slice(i);
    if (!cmd.length) throw new Error(usage);
    const sink = await startAudioSink({ dir });
    const child = spawn(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...sink.env } });
    const forward = (sig) => () => {
      try {
        child.kill(sig);
      } catch {}
    };
    process.on('SIGTERM', forward('SIGTERM'));
    process.on('SIGINT', forward('SIGINT'));
    const status = await new Promise((res) => {
      child.once('error', (err) => {
        console.error(`audio-sink run: ${err.message}`);
        res(127);
      });
      child.once('exit', (code, signal) => res(code ?? 128 + (osConstants.signals[signal] || 15)));
    });
    await sink.stop();
    process.exit(status);
  }
  throw new Error(usage);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
