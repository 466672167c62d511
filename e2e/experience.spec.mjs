// The voice-agent experience against the real agent: transcript, agent state, a typed question
// answered once by speech, mute with the agent-side effect (lab worker), devices, German,
// untrusted names shown as text, and screenshots.
import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { micProbe, callAndPickOtherMicrophone } from './microphone.mjs';
import { useAgent, askByChat, LAB_AGENT } from './agents.mjs';

const shots = new URL('./results/screenshots/', import.meta.url).pathname;

async function startCall(page) {
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
}

test('greeting transcript, agent state, a typed question answered once by speech, devices, screenshots', async ({ page }) => {
  await page.goto('/');
  await startCall(page);
  const widget = page.locator('.lkw');
  const agentLines = page.locator('.lkw-line[data-side="agent"]');

  // The greeting is transcribed while spoken, then final; the agent speaks, then listens.
  await expect(widget).toHaveAttribute('data-agent-state', 'speaking', { timeout: 15_000 });
  await expect(agentLines.first()).toContainText('Hello, this is Sofia', { timeout: 15_000 });
  await expect(agentLines.first()).toHaveAttribute('data-state', 'final', { timeout: 15_000 });
  await expect(widget).toHaveAttribute('data-agent-state', 'listening', { timeout: 15_000 });
  await expect(page.locator('.lkw-status')).toHaveText('Sofia is listening.');

  // Devices: the fake ones are listed.
  await expect(page.locator('.lkw-device-microphone option').first()).toContainText('Fake');

  // Chat: typed question, spoken answer (this page has no calendar: the canned Tuesday slot).
  await askByChat(page, 'Do you have an appointment on Tuesday?', 'Tuesday');
  await expect(page.locator('.lkw-line[data-side="user"][data-kind="chat"]')).toHaveText(/Do you have an appointment on Tuesday\?/);

  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}desktop-call.png`, fullPage: true });
  await page.locator('button.lkw-call').click();
  await expect(widget).toHaveAttribute('data-stage', 'ended');
});

test('mute is seen by the agent (lab worker: demo.user_muted), unmute restores it', async ({ page }) => {
  await useAgent(page, LAB_AGENT);
  await page.goto('/');
  await startCall(page);
  await page.locator('button.lkw-mute').click();
  await expect(page.locator('button.lkw-mute')).toHaveAttribute('aria-pressed', 'true');
  const log = page.locator('.lkw-log');
  await expect(log).toContainText('demo.user_muted = true', { timeout: 15_000 });
  await page.locator('button.lkw-mute').click();
  await expect(page.locator('button.lkw-mute')).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(async () => {
      const text = (await log.textContent()) || '';
      return text.lastIndexOf('demo.user_muted = false') > text.lastIndexOf('demo.user_muted = true');
    }, { timeout: 15_000, message: 'the agent hears the microphone again' })
    .toBe(true);
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
});

test('320 px wide: everything fits and a call works', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
  const page = await context.newPage();
  await page.goto('/');
  await startCall(page);
  await expect(page.locator('.lkw-line[data-side="agent"]').first()).toContainText('Sofia', { timeout: 15_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no horizontal scrolling at 320 px').toBeLessThanOrEqual(0);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}phone-320-call.png`, fullPage: true });
  await page.locator('button.lkw-call').click();
  await context.close();
});

test('German: the UI follows the browser language and the agent answers in German', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('button.lkw-call')).toHaveText('Anrufen');
  await expect(page.locator('.lkw-status')).toHaveText('Bereit zum Anrufen.');
  await startCall(page);
  await expect(page.locator('button.lkw-call')).toHaveText('Auflegen');
  await expect(page.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hallo, hier ist Sofia', { timeout: 20_000 });
  // Typed German, answered once in German speech.
  await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 20_000 });
  await askByChat(page, 'Haben Sie am Dienstag einen Termin frei?', 'Dienstag');
  await page.locator('button.lkw-call').click();
  await context.close();
});

test('a participant named like HTML is shown as that literal text', async ({ page, browser }) => {
  const room = `call-xss-${Date.now()}`;
  const hostile = '<img src=x onerror=alert(1)>';
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  // Put the widget's call into a known room (the test stack's token server allows named rooms).
  await page.route('**/api/token', async (route) => {
    const body = JSON.parse(route.request().postData() || '{}');
    await route.continue({ postData: JSON.stringify({ ...body, room_name: room }) });
  });
  await page.goto('/');
  await startCall(page);

  // A second participant with a hostile name joins and chats, from another page.
  const other = await browser.newPage();
  await other.goto('/');
  await other.evaluate(async ({ room, hostile }) => {
    const res = await fetch('/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room_name: room, participant_name: hostile, participant_identity: `guest-${Date.now()}` }),
    });
    const { server_url, participant_token } = await res.json();
    const sdk = await import('/vendor/livekit-client.min.js');
    const lkRoom = new sdk.Room();
    await lkRoom.connect(server_url, participant_token);
    await lkRoom.localParticipant.sendText('<b>not bold</b>', { topic: 'lk.chat' });
    window.__guestRoom = lkRoom;
  }, { room, hostile });

  await expect(page.locator('.lkw-log')).toContainText(`${hostile} joined`, { timeout: 15_000 });
  const guestLine = page.locator('.lkw-line[data-side="other"]');
  await expect(guestLine.locator('.lkw-line-who')).toHaveText(hostile, { timeout: 15_000 });
  await expect(guestLine.locator('.lkw-line-text')).toHaveText('<b>not bold</b>');
  expect(await page.locator('.lkw img, .lkw b').count()).toBe(0);
  expect(dialogs).toBe(0);
  await other.evaluate(() => window.__guestRoom.disconnect());
  await other.close();
  await page.locator('button.lkw-call').click();
});

test('the microphone picked in one call is the one the next call captures from', async ({ page }) => {
  await page.addInitScript({ path: micProbe });
  await page.goto('/');
  const pick = await callAndPickOtherMicrophone(page);
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');

  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw-log')).toContainText('microphone on', { timeout: 20_000 });
  expect(await page.evaluate(() => window.__lkwMicProbe.liveDevices())).toEqual([pick]);
  await page.waitForTimeout(1000); // the device check runs after the mic is published
  await expect(page.locator('.lkw-warning[data-warning="microphone-not-chosen"]')).toHaveCount(0);
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
});
