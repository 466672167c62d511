// The LiveKit cluster against the single-node stack (issue 16): click → connected and click →
// first agent audio of the same widget page, interleaved in one browser on one machine —
//   single     the single-node stack (scripts/stack.mjs, its agents at its one node)
//   cluster-a  the cluster through token server a: room on node a, where the agent is registered
//   cluster-b  the cluster through token server b: room on node b; the agent joins through node
//              a, which relays its signal to node b over Redis (the cross-node path)
// Each page is the token server's own (`/`, the same dist/), warm SDK (preloaded at idle), so the
// runs differ only in the servers behind them. Both stacks run for the whole measure.
import { startStack } from '../scripts/stack.mjs';
import { startCluster } from '../scripts/cluster.mjs';
import { join } from 'node:path';
import { oneRun } from './speed.mjs';
import { ROOT, launchChromium, sleep, stats } from './lib.mjs';

export const CLUSTER_KINDS = ['single', 'cluster-a', 'cluster-b'];
const METRICS = ['connected', 'firstAudio'];

/** { runs, summary }: `pairs` interleaved rounds of the three kinds after one discarded round. */
export async function runClusterBench({ pairs, profile, register, log = console.log }) {
  const single = await startStack({ profile, logDir: join(ROOT, '.stack', 'bench-cluster-single') });
  const unregisterSingle = register(() => single.stop());
  let cluster;
  try {
    cluster = await startCluster({ logDir: join(ROOT, '.stack', 'bench-cluster') });
  } catch (err) {
    await single.stop();
    unregisterSingle();
    throw err;
  }
  const unregisterCluster = register(() => cluster.stop());
  const urls = { single: `${single.baseUrl}/`, 'cluster-a': `${cluster.web.a.url}/`, 'cluster-b': `${cluster.web.b.url}/` };
  const browser = await launchChromium();
  const runs = [];
  try {
    log(`cluster: ${pairs} rounds of ${CLUSTER_KINDS.join(' / ')} (+1 warm-up round), warm SDK, Chromium ${browser.version()}`);
    for (let i = 0; i <= pairs; i += 1) {
      for (const kind of CLUSTER_KINDS) {
        const r = await oneRun(browser, { kind, mode: 'warm', url: urls[kind] });
        r.round = i;
        r.warmup = i === 0;
        runs.push(r);
        const fmt = (k) => (Number.isFinite(r.ms?.[k]) ? Math.round(r.ms[k]) : '—');
        log(`cluster: ${i === 0 ? 'warm-up ' : `round ${String(i).padStart(2)}`} ${kind.padEnd(9)} ${r.ok ? `connected ${fmt('connected')} ms · first audio ${fmt('firstAudio')} ms` : `FAILED: ${r.error}`}`);
        await sleep(1000);
      }
    }
  } finally {
    await browser.close();
    await cluster.stop();
    unregisterCluster();
    await single.stop();
    unregisterSingle();
  }
  for (const r of runs) delete r.resourcesBeforeClick;
  return { chromium: browser.version(), pairs, stackProfile: profile, runs, summary: summarizeCluster(runs) };
}

/** Per kind and metric: stats over the counted (non-warm-up, ok) runs, and failures. */
export function summarizeCluster(runs) {
  const counted = runs.filter((r) => !r.warmup);
  const out = {};
  for (const kind of CLUSTER_KINDS) {
    const ok = counted.filter((r) => r.kind === kind && r.ok);
    out[kind] = { failures: counted.filter((r) => r.kind === kind && !r.ok).length };
    for (const m of METRICS) out[kind][m] = stats(ok.map((r) => r.ms[m]));
  }
  return out;
}
