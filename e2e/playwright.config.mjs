// Playwright against the real stack (started by global-setup.mjs unless LKW_STACK_URL names one).
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  // The cluster's tests need the cluster stack: their own config (cluster/playwright.config.mjs).
  testIgnore: ['cluster/**'],
  outputDir: './results',
  timeout: 90_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './global-setup.mjs',
  use: {
    baseURL: process.env.LKW_STACK_URL || 'http://127.0.0.1:18080',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
