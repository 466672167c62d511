// Playwright against the cluster stack (scripts/cluster.mjs): two LiveKit nodes on Redis, two
// token servers. Its own config, so its tests never run against the single-node stack (the main
// config ignores this folder). The stack is started by global-setup.mjs unless LKW_CLUSTER_STATE
// names the state file of one that runs (scripts/test starts one).
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.mjs';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  testIgnore: [],
  outputDir: '../results-cluster',
  timeout: 240_000,
  globalSetup: './global-setup.mjs',
  use: { ...base.use, baseURL: undefined },
});
