// Starts the real stack on loopback — livekit-server --dev, the agent workers (the real agent
// `sofia`, an AgentSession, and the lab worker `sofia-lab` with the fault modes), the token server
// (which also serves dist/) — and stops every process it started.
//
// Used three ways:
//   node scripts/stack.mjs dev      the run command: dev ports, stays up until Ctrl-C
//   node scripts/stack.mjs test     test ports, prints LKW_STACK_READY <base-url>, stays up until killed
//   node scripts/stack.mjs cluster  two LiveKit nodes on Redis, two token servers (scripts/cluster.mjs)
//   import { startStack } …         from Playwright's global setup
// Each child runs in its own process group; stop() signals the groups (SIGTERM, then SIGKILL).
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { createHash } from 'node:crypto';
import { processGroups, waitFor } from './children.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const PROFILES = {
  dev: { livekit: 7880, rtcTcp: 7881, rtcUdp: 7882, web: 8080 },
  test: { livekit: 17880, rtcTcp: 17881, rtcUdp: 17882, web: 18080 },
  // Same settings as `test` on other ports, so a benchmark and a test run can share a machine.
  bench: { livekit: 37880, rtcTcp: 37881, rtcUdp: 37882, web: 38080 },
  // A stack of its own for the fault test that kills livekit-server mid-call.
  faults: { livekit: 47880, rtcTcp: 47881, rtcUdp: 47882, web: 48080 },
  // For running the autoplay fault test beside a test run on the same machine.
  autoplay: { livekit: 57880, rtcTcp: 57881, rtcUdp: 57882, web: 58080 },
};

/**
 * The one page origin other than its own that calls the `test` stack's token server: the
 * wasm-bindgen-test runner's, pinned there by scripts/test (WASM_BINDGEN_TEST_ADDRESS). Token
 * servers serve only their own pages unless told otherwise (LK_ALLOWED_ORIGINS).
 */
export const WASM_TEST_PAGE_ADDRESS = '127.0.0.1:18089';

/** Profiles whose token server allows named rooms and has no per-IP rate limit. */
const TEST_LIKE = new Set(['test', 'bench', 'faults', 'autoplay']);

const TOOLS = process.env.LKW_TOOLS || join(homedir(), '.cache', 'lk-voice-widget');

export function venvPython() {
  const lock = readFileSync(join(ROOT, 'agent', 'requirements.lock'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  const python = join(TOOLS, `venv-${hash}`, 'bin', 'python');
  if (!existsSync(python)) throw new Error(`agent venv missing (${python}): run scripts/setup`);
  return python;
}

export function livekitServerBin() {
  if (process.env.LIVEKIT_SERVER_BIN) return process.env.LIVEKIT_SERVER_BIN;
  const tools = join(TOOLS, 'bin', 'livekit-server');
  if (existsSync(tools)) return tools;
  return 'livekit-server';
}

export function tokenServerBin() {
  const bin = join(ROOT, 'target', 'release', 'lk-token-server');
  if (!existsSync(bin)) throw new Error(`${bin} missing: run cargo build --release -p lk-token-server`);
  return bin;
}

/**
 * livekit-server config for loopback: the ICE traps are explained in agent/README.md. `extra`:
 * more top-level lines (the cluster's `redis:`, `region:`).
 */
export function livekitConfig(ports, extra = []) {
  return [
    `port: ${ports.livekit}`,
    'bind_addresses: ["127.0.0.1"]',
    'rtc:',
    `  tcp_port: ${ports.rtcTcp}`,
    `  udp_port: ${ports.rtcUdp}`,
    '  node_ip: 127.0.0.1',
    '  use_external_ip: false',
    '  enable_loopback_candidate: true',
    // Without its own, the server hands every client Google's and Twilio's public STUN servers:
    // browsers then look their names up off the machine. A loopback one keeps tests on the host.
    '  stun_servers: ["127.0.0.1:3478"]',
    '  interfaces:',
    '    includes: [lo]',
    'keys:',
    '  devkey: secret',
    'logging:',
    '  level: info',
    ...extra,
    '',
  ].join('\n');
}

/**
 * Starts the stack. Options: profile ('dev' | 'test'), agent (default true), logDir.
 * Returns { baseUrl, tokenUrl, livekitUrl, logDir, stopAgent(), stop() }.
 */
export async function startStack({ profile = 'test', agent = true, logDir, external } = {}) {
  const ports = PROFILES[profile];
  logDir = logDir || join(ROOT, '.stack', profile);
  mkdirSync(logDir, { recursive: true });
  // `external`: { url, apiKey, apiSecret } of a LiveKit server we do not start (LiveKit Cloud).
  const livekitUrl = external ? external.url : `ws://127.0.0.1:${ports.livekit}`;
  const env = {
    ...process.env,
    LIVEKIT_URL: livekitUrl,
    LIVEKIT_API_KEY: external ? external.apiKey : 'devkey',
    LIVEKIT_API_SECRET: external ? external.apiSecret : 'secret',
  };

  const { start, stopChild, stop, kill } = processGroups({ logDir, env, cwd: ROOT });

  try {
    if (!external) {
      const configPath = join(logDir, 'livekit.yaml');
      writeFileSync(configPath, livekitConfig(ports));
      const livekit = start('livekit-server', livekitServerBin(), ['--dev', '--config', configPath]);
      await waitFor('livekit-server', 30000, async () => (await fetch(`http://127.0.0.1:${ports.livekit}/`)).ok, livekit);
    }

    const web = start('token-server', tokenServerBin(), [], {
      LK_BIND: `127.0.0.1:${ports.web}`,
      LK_STATIC_DIR: join(ROOT, 'dist'),
      RUST_LOG: 'info',
      // Tests put two participants into one named room (data and RPC tests).
      // Many calls a minute come from 127.0.0.1 in tests: no per-IP limit there.
      // `absent-agent` is allowed but no worker serves it (the "agent never joins" fault).
      ...(TEST_LIKE.has(profile)
        ? { LK_ALLOW_ROOM_NAMES: '1', LK_RATE_LIMIT_PER_MIN: '0', LK_ALLOWED_AGENTS: 'sofia,sofia-lab,absent-agent' }
        : { LK_ALLOWED_AGENTS: 'sofia-lab' }),
      ...(profile === 'test' ? { LK_ALLOWED_ORIGINS: `http://${WASM_TEST_PAGE_ADDRESS}` } : {}),
    });
    await waitFor('token server', 15000, async () => (await fetch(`http://127.0.0.1:${ports.web}/healthz`)).ok, web);

    // Two workers, each with its own log: agent.log (sofia, the default agent) and agent-lab.log.
    const agentChildren = [];
    if (agent) {
      const python = venvPython();
      const workers = [
        ['agent', 'sofia.py', { SOFIA_AGENT_NAME: 'sofia' }],
        ['agent-lab', 'lab_agent.py', { LK_AGENT_NAME: 'sofia-lab' }],
      ];
      for (const [name, script, extraEnv] of workers) {
        agentChildren.push(start(name, python, [join(ROOT, 'agent', script), 'start'], extraEnv));
      }
      await Promise.all(agentChildren.map((child) => {
        const log = join(logDir, `${child.lkwName}.log`);
        return waitFor(`${child.lkwName} worker registration`, 60000, async () => /registered worker/.test(readFileSync(log, 'utf8')), child);
      }));
    }
    const baseUrl = `http://127.0.0.1:${ports.web}`;
    return {
      baseUrl,
      tokenUrl: `${baseUrl}/api/token`,
      livekitUrl,
      logDir,
      /** Stops both agent workers (the "no agent worker" fault test). */
      stopAgent: async () => { await Promise.all(agentChildren.map(stopChild)); },
      /** Kills one process of the stack at once (SIGKILL), e.g. 'livekit-server' for a fault test. */
      kill,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function main() {
  const profile = process.argv[2] || 'dev';
  // Two LiveKit nodes on one Redis, two token servers: scripts/cluster.mjs.
  if (profile === 'cluster') return (await import('./cluster.mjs')).main();
  if (!PROFILES[profile]) {
    console.error(`usage: node scripts/stack.mjs [${Object.keys(PROFILES).join('|')}|cluster]`);
    process.exit(2);
  }
  // The run command against LiveKit Cloud (or any server you run): set LIVEKIT_URL, key and
  // secret; no local livekit-server is started. LKW_NO_AGENT=1 skips the local agent workers (when
  // your project runs its own agent).
  let external;
  if (profile === 'dev' && process.env.LIVEKIT_URL) {
    const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = process.env;
    if (!apiKey || !apiSecret) {
      console.error('stack: LIVEKIT_URL is set, so LIVEKIT_API_KEY and LIVEKIT_API_SECRET are needed too');
      process.exit(2);
    }
    external = { url, apiKey, apiSecret };
  }
  let stack;
  try {
    stack = await startStack({ profile, external, agent: process.env.LKW_NO_AGENT !== '1' });
  } catch (err) {
    console.error(`stack: ${err.message}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping livekit-server, agents and token server…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
  if (TEST_LIKE.has(profile)) {
    console.log(`LKW_STACK_READY ${stack.baseUrl}`);
  } else {
    console.log(`\n  lk-voice-widget is running: open ${stack.baseUrl}/examples/calendar/\n`);
    console.log(`  (the calendar page, widget embedded by one tag; the plain widget page: ${stack.baseUrl}/)`);
    console.log(`  LiveKit ${stack.livekitUrl} · agents 'sofia' (default) and 'sofia-lab' · logs in ${stack.logDir}`);
    console.log('  Ctrl-C stops everything.\n');
  }
  await new Promise(() => {});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
