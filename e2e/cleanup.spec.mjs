// Cleanup is total: many calls leave nothing behind, and the widget never touches a page's own
// `window.LivekitClient`.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const micProbe = fileURLToPath(new URL('./mic-probe.js', import.meta.url));

async function callUntilAgentAudio(page) {
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect(page.locator('.lkw-audio audio')).toHaveCount(1, { timeout: 20_000 });
}

async function hangUp(page) {
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
}

test('20 call / hang-up cycles leave no <audio>, no room listener and no live microphone', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript({ path: micProbe });
  await page.goto('/');
  for (let cycle = 1; cycle <= 20; cycle += 1) {
    await test.step(`cycle ${cycle}`, async () => {
      await callUntilAgentAudio(page);
      await expect(page.locator('.lkw')).not.toHaveAttribute('data-room-listeners', '0');
      await hangUp(page);
    });
  }
  await expect(page.locator('audio')).toHaveCount(0);
  await expect(page.locator('.lkw')).toHaveAttribute('data-room-listeners', '0');
  await expect.poll(() => page.evaluate(() => window.__lkwMicProbe.live()), { timeout: 5_000 }).toBe(0);
  expect(await page.evaluate(() => window.__lkwMicProbe.total())).toBeGreaterThanOrEqual(20);
});

test("a page's own window.LivekitClient is left untouched", async ({ page }) => {
  await page.addInitScript(() => {
    const host = { hostOwned: true, version: 'host-0.9', connect() { return 'host'; } };
    window.LivekitClient = host;
    window.__hostLivekitClient = host;
  });
  await page.goto('/');
  await callUntilAgentAudio(page);
  await hangUp(page);
  const untouched = await page.evaluate(() => {
    const lk = window.LivekitClient;
    return (
      lk === window.__hostLivekitClient &&
      JSON.stringify(Object.keys(lk)) === JSON.stringify(['hostOwned', 'version', 'connect']) &&
      lk.version === 'host-0.9' &&
      lk.connect() === 'host'
    );
  });
  expect(untouched).toBe(true);
});
