// The walking skeleton, end to end against the real LiveKit server, token server and agent:
// click Call → connected → agent joined → agent audio subscribed, playing and audible → the agent
// hears the browser's fake mic → Hang up leaves no <audio> and a disconnected room.
// "The agent hears the mic" is read from the lab worker's probe attribute `demo.heard_user` (the
// fake mic's beep is no speech for a real agent; voice.spec.mjs proves the real one hears speech).
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { useAgent, LAB_AGENT } from './agents.mjs';

const probePath = fileURLToPath(new URL('./audio-probe.js', import.meta.url));

test('a call reaches the agent, both directions carry audio, and hang up cleans up', async ({ page }) => {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.addInitScript({ path: probePath });
  await useAgent(page, LAB_AGENT);
  await page.goto('/');

  const widget = page.locator('.lkw');
  const call = page.locator('button.lkw-call');
  const log = page.locator('.lkw-log');
  await expect(call).toHaveText('Call');
  await expect(widget).toHaveAttribute('data-stage', 'idle');

  await call.click();

  await expect(log).toContainText('connected to the room', { timeout: 20_000 });
  await expect(widget).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect(log).toContainText(/agent .* joined/, { timeout: 20_000 });
  await expect(log).toContainText(/subscribed to agent .*'s microphone track/, { timeout: 20_000 });
  await expect(log).toContainText('microphone on');

  const audio = page.locator('.lkw-audio audio');
  await expect(audio).toHaveCount(1);
  await expect
    .poll(() => audio.evaluate((a) => !a.paused && a.currentTime > 0), { timeout: 20_000, message: '<audio> is playing' })
    .toBe(true);

  // The greeting arrives as non-silent audio (RMS well above the noise floor of silence).
  await expect
    .poll(() => page.evaluate(() => window.__lkwProbe.peakRms), { timeout: 20_000, message: 'agent greeting is audible' })
    .toBeGreaterThan(0.01);

  // The agent measured the fake microphone's beep and says so through its attributes.
  await expect(log).toContainText('demo.heard_user = true', { timeout: 20_000 });

  await call.click();
  await expect(call).toHaveText('Call');
  await expect(widget).toHaveAttribute('data-stage', 'ended');
  await expect(page.locator('audio')).toHaveCount(0);
  await expect(log).toContainText('disconnected (hung up)');
  await expect(page.locator('.lkw-status')).toHaveText('Call ended.');
  expect(pageErrors).toEqual([]);
});
