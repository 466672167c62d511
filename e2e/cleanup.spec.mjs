// Cleanup is total: many calls leave nothing behind, and the widget never touches a page's own
// `window.LivekitClient`.
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { mintToken } from './tokens.mjs';
import { micProbe, holdMicPrompt } from './microphone.mjs';

/** Init script: every RTCPeerConnection the page makes, and how many are not closed. */
const peerConnections = fileURLToPath(new URL('./peer-connections.js', import.meta.url));

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

/** Counts microphone tracks, and keeps the prompt open until the test answers it. */
async function countAndHoldMicPrompt(page) {
  await page.addInitScript({ path: micProbe });
  await holdMicPrompt(page);
}

async function expectLateCaptureStopped(page) {
  await page.evaluate(() => window.__lkwAnswerMicPrompt());
  await expect.poll(() => page.evaluate(() => window.__lkwMicProbe.total()), { timeout: 5_000 }).toBe(1);
  await expect.poll(() => page.evaluate(() => window.__lkwMicProbe.live()), { timeout: 5_000, message: 'the late capture is stopped' }).toBe(0);
  await expect(page.locator('.lkw-log')).not.toContainText('microphone on');
}

test('a connection that fails while the microphone prompt is open leaves no live microphone once it is answered', async ({ page, request }) => {
  await countAndHoldMicPrompt(page);
  const { server_url } = await (await request.post('/api/token', { data: {} })).json();
  await page.route('**/api/token', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ server_url, participant_token: mintToken({ secret: 'not-the-servers-secret' }) }),
  }));
  await page.goto('/');
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw-error')).toHaveAttribute('data-hop', 'signal', { timeout: 20_000 });
  await expectLateCaptureStopped(page);
});

test('hanging up while the microphone prompt is open leaves no live microphone once it is answered', async ({ page }) => {
  await countAndHoldMicPrompt(page);
  await page.goto('/');
  await page.locator('button.lkw-call').click();
  // The room connects while the prompt is open (the microphone is captured in parallel).
  await expect(page.locator('.lkw-log')).toContainText('connected to the room', { timeout: 20_000 });
  await expect(page.locator('.lkw-log')).not.toContainText('microphone on');
  await hangUp(page);
  await expectLateCaptureStopped(page);
});

test('hanging up while the room connects leaves no peer connection open', async ({ page }) => {
  // A person who clicks Call and then Hang up at once. livekit-client 2.23.0 cannot close the
  // peer connection it makes at the start of the signal join when the disconnect comes before the
  // join has answered (js/connect_gate.js); without the widget's remedies 3–9 of these 12 hang-ups
  // left one open. A connect that completes after the hang-up is left as well.
  test.setTimeout(180_000);
  await page.addInitScript({ path: peerConnections });
  await page.goto('/');
  const widget = page.locator('.lkw');
  // The wasm's widget, not the loader's early button (whose element the mount replaces).
  await expect.poll(() => page.evaluate(() => document.querySelector('lk-voice-widget').loadState), { timeout: 20_000 }).toBe('ready');
  await expect(widget).toHaveAttribute('data-stage', 'idle');
  for (let cycle = 1; cycle <= 12; cycle += 1) {
    // Hang up at a different moment of the connect each time, 0–330 ms after the call shows
    // 'connecting' (timed in the page: a stage that short can pass between two polls).
    const delay = (cycle * 30) % 360;
    await test.step(`cycle ${cycle}: hang up ${delay} ms into the connect`, async () => {
      await page.evaluate((delay) => new Promise((resolve) => {
        const root = document.querySelector('lk-voice-widget').shadowRoot;
        const lkw = root.querySelector('.lkw');
        const call = () => root.querySelector('button.lkw-call');
        const observer = new MutationObserver(() => {
          if (lkw.dataset.stage !== 'connecting') return;
          observer.disconnect();
          setTimeout(() => {
            call().click();
            resolve();
          }, delay);
        });
        observer.observe(lkw, { attributes: true, attributeFilter: ['data-stage'] });
        call().click();
      }), delay);
      await expect(widget).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
    });
  }
  expect(await page.evaluate(() => window.__lkwPeerConnections.made())).toBeGreaterThan(0);
  await expect
    .poll(() => page.evaluate(() => window.__lkwPeerConnections.open()), { timeout: 10_000, message: 'peer connections still open' })
    .toBe(0);
});

test('connects the signal server refuses leave no peer connection open', async ({ page, request }) => {
  // livekit-client 2.23.0 makes a peer connection before its signal join and cannot close it when
  // the join fails; the widget closes it (js/connect_gate.js, through SDK internals: this test
  // says when an SDK update takes them away).
  const { server_url } = await (await request.post('/api/token', { data: {} })).json();
  await page.route('**/api/token', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ server_url, participant_token: mintToken({ secret: 'not-the-servers-secret' }) }),
  }));
  await page.addInitScript({ path: peerConnections });
  await page.goto('/');
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await page.locator('button.lkw-call').click();
    await expect(page.locator('.lkw-error')).toHaveAttribute('data-hop', 'signal', { timeout: 20_000 });
  }
  expect(await page.evaluate(() => window.__lkwPeerConnections.made())).toBeGreaterThan(0);
  await expect
    .poll(() => page.evaluate(() => window.__lkwPeerConnections.open()), { timeout: 5_000, message: 'peer connections still open' })
    .toBe(0);
});

test('hanging up while the signal server does not answer still ends promptly', async ({ page }) => {
  // Leaving a connecting room waits for its signal join (the test above), but not for long: here
  // the signal websocket never opens, and the SDK would give up only after its 15 s timeout.
  await page.routeWebSocket(/\/rtc/, () => new Promise(() => {}));
  await page.goto('/');
  const widget = page.locator('.lkw');
  await expect.poll(() => page.evaluate(() => document.querySelector('lk-voice-widget').loadState), { timeout: 20_000 }).toBe('ready');
  await page.locator('button.lkw-call').click();
  await expect(widget).toHaveAttribute('data-stage', 'connecting');
  await page.waitForTimeout(1000);
  const hungUp = Date.now();
  await page.locator('button.lkw-call').click();
  await expect(widget).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
  expect(Date.now() - hungUp, 'ms from Hang up to ended').toBeLessThan(5000);
});
