// Starts the cluster for the e2e run unless LKW_CLUSTER_STATE names a running one's state file.
// Returns the teardown that stops what it started.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from '../../scripts/cluster.mjs';
import { ROOT } from '../../scripts/stack.mjs';

export default async function globalSetup() {
  if (process.env.LKW_CLUSTER_STATE) return undefined;
  const { stop, kill, ...state } = await startCluster();
  const path = join(ROOT, '.stack', 'cluster', 'cluster-e2e.json');
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(state, null, 2));
  process.env.LKW_CLUSTER_STATE = path;
  return async () => stop();
}
