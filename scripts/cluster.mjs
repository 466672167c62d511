// The `cluster` profile (issue 16): LiveKit's multi-node mode on loopback, as a fleet runs it —
//   redis-server          private, no persistence, on its own port (not the system service)
//   livekit-server a, b   both on that Redis (routing, room → node map, agent dispatch over its bus)
//   agent `sofia`         the real AgentSession, registered with node a only
//   token server a, b     each answering its own node's URL as `server_url`, each serving dist/
// A room lives on one node. Each node is its own region here (`regionaware` selector), so a
// room is placed on the node its first participant signalled to: a call through token server b
// is hosted by node b, and the agent, registered at node a, joins it through node a, which
// relays its signal to node b via Redis. (The default selector, `any`, picks a random node:
// fine for a fleet, but a test could not tell which node to kill.)
//
//   node scripts/stack.mjs cluster   prints LKW_CLUSTER_READY <state.json>, stays up until killed
//   import { startCluster } …        from e2e/cluster/global-setup.mjs and the bench
// The state file names every URL, node id and process id, for the test that kills a node.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, livekitConfig, livekitServerBin, tokenServerBin, venvPython } from './stack.mjs';
import { processGroups, waitFor, waitForLog } from './children.mjs';

export const CLUSTER_PORTS = {
  redis: 26479,
  nodes: {
    a: { livekit: 27880, rtcTcp: 27881, rtcUdp: 27882 },
    b: { livekit: 27980, rtcTcp: 27981, rtcUdp: 27982 },
  },
  web: { a: 28080, b: 28180 },
};

/** The node the agent worker registers with. */
export const AGENT_NODE = 'a';

/** Where `node scripts/stack.mjs cluster` writes its state (LKW_CLUSTER_STATE overrides). */
export const DEFAULT_STATE = join(ROOT, '.stack', 'cluster', 'cluster.json');

/** One Redis command through redis-cli (Debian's redis-tools, which redis-server depends on). */
export function redis(port, ...args) {
  return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 }).trim();
}

/** The id of the node hosting `room` (LiveKit's `room_node_map`), or null. */
export function nodeOfRoom(port, room) {
  return redis(port, 'HGET', 'room_node_map', room) || null;
}

/** Lines of a node's config: the shared Redis, its own region; rooms stay in their node's region. */
function clusterLines(region, redisPort) {
  return [
    `region: ${region}`,
    'redis:',
    `  address: 127.0.0.1:${redisPort}`,
    'node_selector:',
    '  kind: regionaware',
    // The selector first drops nodes whose 1-min load per CPU is over `sysload_limit` (0.9 by
    // default). Both nodes share this machine, so under a busy test run one node's last report can
    // be over it and the other's under, and a room then lands on the far node (seen in CI: a call
    // through node a hosted by node b). Placement here must depend on the region alone.
    '  sysload_limit: 1000000',
    '  regions:',
    ...Object.keys(CLUSTER_PORTS.nodes).flatMap((name, i) => [`    - name: ${name}`, '      lat: 0', `      lon: ${i * 90}`]),
  ];
}

/**
 * Starts the cluster. Options: logDir, agent (default true). Returns the state (see the module
 * doc) with stop() and kill(name) ('livekit-a', 'livekit-b', …).
 */
export async function startCluster({ logDir = join(ROOT, '.stack', 'cluster'), agent = true } = {}) {
  const ports = CLUSTER_PORTS;
  mkdirSync(logDir, { recursive: true });
  const env = { ...process.env, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' };
  const { start, stop, kill } = processGroups({ logDir, env, cwd: ROOT });
  const nodeUrl = (name) => `ws://127.0.0.1:${ports.nodes[name].livekit}`;
  const state = { redis: { port: ports.redis }, nodes: {}, web: {}, agent: null, logDir };
  try {
    // A Redis already on the port (a stale run) would answer our PING and hand us its rooms.
    let stale = false;
    try { stale = redis(ports.redis, 'PING') === 'PONG'; } catch { /* free */ }
    if (stale) throw new Error(`127.0.0.1:${ports.redis} already answers as Redis: stop that redis-server (a stale cluster?) first`);
    // No persistence: every start begins with an empty room → node map and node list.
    const redisChild = start('redis', 'redis-server', [
      '--bind', '127.0.0.1', '--port', String(ports.redis), '--save', '', '--appendonly', 'no',
      '--dir', logDir, '--protected-mode', 'yes',
    ]);
    await waitFor(`redis-server on 127.0.0.1:${ports.redis}`, 15000, async () => redis(ports.redis, 'PING') === 'PONG', redisChild);
    state.redis.pid = redisChild.pid;

    for (const name of Object.keys(ports.nodes)) {
      const configPath = join(logDir, `livekit-${name}.yaml`);
      writeFileSync(configPath, livekitConfig(ports.nodes[name], clusterLines(name, ports.redis)));
      const child = start(`livekit-${name}`, livekitServerBin(), ['--dev', '--config', configPath]);
      const started = await waitForLog(`livekit-server ${name}`, 30000, child, /starting LiveKit server.*"nodeID": "([^"]+)"/);
      await waitFor(`livekit-server ${name}`, 30000, async () => (await fetch(`http://127.0.0.1:${ports.nodes[name].livekit}/`)).ok, child);
      state.nodes[name] = { url: nodeUrl(name), nodeId: started[1], pid: child.pid, process: `livekit-${name}`, ...ports.nodes[name] };
    }
    const nodeIds = Object.values(state.nodes).map((n) => n.nodeId);
    await waitFor('both nodes in Redis', 15000, async () => nodeIds.every((id) => redis(ports.redis, 'HEXISTS', 'nodes', id) === '1'));

    for (const name of Object.keys(ports.web)) {
      const child = start(`token-server-${name}`, tokenServerBin(), [], {
        LIVEKIT_URL: nodeUrl(name),
        LK_BIND: `127.0.0.1:${ports.web[name]}`,
        LK_STATIC_DIR: join(ROOT, 'dist'),
        RUST_LOG: 'info',
        // Like the test profile: tests name their rooms; many calls a minute from 127.0.0.1.
        LK_ALLOW_ROOM_NAMES: '1',
        LK_RATE_LIMIT_PER_MIN: '0',
        LK_ALLOWED_AGENTS: 'sofia',
      });
      const url = `http://127.0.0.1:${ports.web[name]}`;
      await waitFor(`token server ${name}`, 15000, async () => (await fetch(`${url}/healthz`)).ok, child);
      state.web[name] = { url, node: name, pid: child.pid, process: `token-server-${name}` };
    }

    if (agent) {
      const child = start('agent', venvPython(), [join(ROOT, 'agent', 'sofia.py'), 'start'], {
        LIVEKIT_URL: nodeUrl(AGENT_NODE),
        SOFIA_AGENT_NAME: 'sofia',
      });
      await waitForLog('agent worker registration', 60000, child, /registered worker/);
      state.agent = { name: 'sofia', node: AGENT_NODE, pid: child.pid };
    }
    return { ...state, stop, kill };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The CLI: starts the cluster, writes its state file, stops everything on a signal. */
export async function main() {
  const statePath = process.env.LKW_CLUSTER_STATE || DEFAULT_STATE;
  let cluster;
  try {
    cluster = await startCluster();
  } catch (err) {
    console.error(`stack: cluster: ${err.message}`);
    process.exit(1);
  }
  const { stop, kill, ...state } = cluster;
  mkdirSync(join(statePath, '..'), { recursive: true });
  writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    rmSync(statePath, { force: true });
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, shutdown);
  console.log(`LKW_CLUSTER_READY ${statePath}`);
  console.log(`  nodes: a ${state.nodes.a.url} (${state.nodes.a.nodeId}), b ${state.nodes.b.url} (${state.nodes.b.nodeId}); Redis 127.0.0.1:${state.redis.port}`);
  console.log(`  token servers: a ${state.web.a.url}, b ${state.web.b.url}; agent 'sofia' at node ${AGENT_NODE}; logs in ${state.logDir}`);
  await new Promise(() => {});
}
