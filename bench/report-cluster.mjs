// BENCHMARKS.md's rows and section for the LiveKit cluster against the single-node stack
// (bench/cluster.mjs, issue 16).
const ms = (x) => (x == null ? '—' : `${Math.round(x)} ms`);
const range = (x) => `${ms(x.median)} (${ms(x.p25)}–${ms(x.p75)})`;
const ratio = (a, b) => (a.median != null && b.median ? Math.round((a.median / b.median) * 1000) / 1000 : '—');

const LABELS = {
  connected: 'click → connected',
  firstAudio: 'click → first non-silent agent audio',
};

/** Summary-table rows: the cross-node path (node b) against the single node. */
export function clusterSummaryRows(r) {
  const c = r.cluster?.summary;
  if (!c) return [];
  return Object.entries(LABELS).map(([key, label]) => {
    const b = c['cluster-b'][key];
    const one = c.single[key];
    return `| LiveKit cluster, warm SDK | ${label}: through node b (room on b, agent registered at a) against the single-node stack (median of ${b.n} / ${one.n}) | ${ms(b.median)} | single node ${ms(one.median)} | ${ratio(b, one)} (cluster / single) | reported | |`;
  });
}

/** The section: all three paths, median (p25–p75). */
export function clusterSection(r) {
  const c = r.cluster;
  if (!c?.summary) return [];
  const s = c.summary;
  const L = [];
  L.push('## LiveKit cluster against one node');
  L.push('');
  L.push(`[\`bench/cluster.mjs\`](bench/cluster.mjs): the same widget page (each token server's own \`/\`, warm SDK), ${c.pairs} rounds after one discarded round, each round one call per path in turn (1 s apart, a fresh browser context each), in one Chromium ${c.chromium}, both stacks up for the whole measure on this one machine (load average ${c.loadavg?.before ?? '—'} before, ${c.loadavg?.after ?? '—'} after). The single node is \`scripts/stack.mjs\` (profile \`${c.stackProfile}\`); the cluster is \`scripts/cluster.mjs\`: two \`livekit-server\` nodes on one \`redis-server\`, the agent \`sofia\` registered with node a, a token server per node. Through node b the room is hosted by node b and the agent joins it through node a, which relays its signal to node b over Redis: the path a call takes when it lands on another node than the agent's.`);
  L.push('');
  L.push('| path | click → connected | click → first agent audio | failed runs |');
  L.push('|---|---:|---:|---:|');
  const name = { single: 'single node (livekit-server --dev, no Redis)', 'cluster-a': 'cluster through node a (room and agent at a)', 'cluster-b': 'cluster through node b (room at b, agent registered at a)' };
  for (const kind of Object.keys(name)) {
    if (!s[kind]) continue;
    L.push(`| ${name[kind]} | ${range(s[kind].connected)} | ${range(s[kind].firstAudio)} | ${s[kind].failures} |`);
  }
  L.push('');
  return L;
}
