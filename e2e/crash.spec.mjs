// A panic in the widget's code (the release build aborts: a wasm trap, Leptos never runs again)
// still reaches the person and the host page, and ends the call: fired by the crash drill
// (`el.crashDrill()`) on the embed page with two widgets, one of them in a call.
//
// "The call ended" is read where it cannot be faked by the page: the LiveKit server's own
// participant list (its RoomService, e2e/room-service.mjs),
// and the microphone track the browser handed out.
import { test, expect } from '@playwright/test';
import { micProbe } from './microphone.mjs';
import { roomServiceAt } from './room-service.mjs';

const CRASHED_EN = 'The voice assistant stopped working and the call was ended. Reload the page to call again.';
const CRASHED_DE = 'Der Sprachassistent funktioniert nicht mehr, der Anruf wurde beendet. Laden Sie die Seite neu, um erneut anzurufen.';

/** The identities the LiveKit server has in `room` now. */
async function participantsIn(serverUrl, room) {
  return (await roomServiceAt(serverUrl).listParticipants(room)).map((p) => p.identity);
}

test('a panic ends the call, and every widget and the host page say so', async ({ page, request }) => {
  await page.addInitScript({ path: micProbe });
  await page.addInitScript(() => {
    const errors = [];
    Object.defineProperty(window, '__lkwErrors', { value: errors });
    document.addEventListener('lkw-error', (e) => errors.push({ target: e.target.id, detail: e.detail }));
  });
  const grants = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/token') || !response.ok()) return;
    const { participant_token: token, server_url: serverUrl } = await response.json();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    grants.push({ serverUrl, room: claims.video.room, identity: claims.sub });
  });
  await page.goto('/examples/two-widgets/');
  const one = page.locator('#one');
  const two = page.locator('#two');

  await one.locator('button.lkw-call').click();
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 25_000 });
  await expect(two.locator('.lkw')).toHaveAttribute('data-stage', 'idle', { timeout: 15_000 });
  expect(grants).toHaveLength(1);
  const [{ serverUrl, room, identity }] = grants;
  await expect.poll(() => participantsIn(serverUrl, room), { timeout: 10_000 }).toContain(identity);
  await expect.poll(() => page.evaluate(() => window.__lkwMicProbe.live()), { timeout: 10_000 }).toBe(1);

  await one.evaluate((el) => el.crashDrill());

  // The person: each widget says it in its own language, as an alert; nothing is left to press.
  for (const [widget, sentence] of [[one, CRASHED_EN], [two, CRASHED_DE]]) {
    await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'crashed');
    await expect(widget.getByRole('alert')).toHaveText(sentence);
    await expect(widget.locator('.lkw-status')).toHaveAttribute('aria-live', 'assertive');
    await expect(widget.locator('button.lkw-call')).toBeDisabled();
  }
  await expect(one.locator('button.lkw-mute')).toBeDisabled();

  // The host page: one lkw-error `crashed` per widget, with the drill's panic as evidence.
  const errors = await page.evaluate(() => window.__lkwErrors);
  expect(errors.map((e) => `${e.target}:${e.detail.hop}:${e.detail.code}`).sort()).toEqual(['one:widget:crashed', 'two:widget:crashed']);
  const fromOne = errors.find((e) => e.target === 'one').detail;
  expect(fromOne.message).toBe(CRASHED_EN);
  expect(errors.find((e) => e.target === 'two').detail.message).toBe(CRASHED_DE);
  expect(fromOne.evidence).toMatch(/^lk-voice-widget crashed: crash drill: crashDrill\(\) was called at .+:\d+:\d+$/);
  expect(fromOne.fix).toContain('Reload the page');
  expect(await one.evaluate((el) => el.loadState)).toBe('crashed');

  // The call really ended: the microphone is off and the server no longer has the person.
  await expect.poll(() => page.evaluate(() => window.__lkwMicProbe.live()), { timeout: 10_000, message: 'the microphone track is stopped' }).toBe(0);
  await expect.poll(() => participantsIn(serverUrl, room), { timeout: 10_000, message: 'the participant left the room' }).not.toContain(identity);
});

test("another wasm module's trap on the page is not the widget's crash", async ({ page }) => {
  await page.addInitScript(() => {
    const errors = [];
    Object.defineProperty(window, '__lkwErrors', { value: errors });
    document.addEventListener('lkw-error', (e) => errors.push(e.detail.code));
  });
  await page.goto('/examples/two-widgets/');
  const one = page.locator('#one');
  await expect.poll(() => one.evaluate((el) => el.loadState), { timeout: 15_000 }).toBe('ready');
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'idle');

  // (module (func (export "t") unreachable)), called from a timer: its RuntimeError reaches the
  // window's `error` listeners as the widget's own trap would.
  const trapped = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const bytes = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 116, 0, 0, 10, 5, 1, 3, 0, 0, 11];
        const foreign = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)));
        addEventListener('error', (e) => resolve(e.error instanceof WebAssembly.RuntimeError), { once: true });
        setTimeout(() => foreign.exports.t());
      }),
  );
  expect(trapped).toBe(true);

  await page.waitForTimeout(500);
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'idle');
  await expect(one.locator('button.lkw-call')).toBeEnabled();
  expect(await page.evaluate(() => window.__lkwErrors)).toEqual([]);
  expect(await one.evaluate((el) => el.loadState)).toBe('ready');
});
