// A call that survives a page reload and a navigation within the site (`resume="on"`), against
// the real stack and the real AgentSession agent: the widget rejoins the same room with the same
// identity while its token is valid, and Sofia keeps the conversation. Ended or expired calls are
// not rejoined.
import { test, expect } from '@playwright/test';
import { askByChat } from './agents.mjs';
import { roomService, whoIsIn } from './room-service.mjs';

/** The resume tickets in the page's sessionStorage, parsed. */
function tickets(page) {
  return page.evaluate(() =>
    Object.keys(sessionStorage)
      .filter((key) => key.startsWith('lkw-resume:'))
      .map((key) => JSON.parse(sessionStorage.getItem(key))),
  );
}

test('a reload and a move to another page rejoin the call: same room, same identity, Sofia remembers', async ({ page, request }) => {
  test.setTimeout(120_000);
  const api = await roomService(request);
  await page.goto('/examples/resume/');
  const widget = page.locator('lk-voice-widget');
  // The practice asks for consent (not remembered): the rejoined call carries it.
  await widget.locator('input.lkw-consent-check').check();
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await askByChat(widget, 'Hello, I would like to book an appointment.', 'Shall I book it?');
  const [ticket] = await tickets(page);
  expect(ticket.room).toMatch(/^call-/);
  const before = await whoIsIn(api, ticket.room);
  expect(before.people).toEqual([ticket.identity]);
  expect(before.agents).toHaveLength(1);

  await page.reload();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect(widget.locator('.lkw-log')).toContainText(`rejoining room ${ticket.room} with the saved token`);
  await expect.poll(() => whoIsIn(api, ticket.room), { timeout: 15_000 }).toEqual(before);
  await expect(widget.locator('button.lkw-call')).toBeEnabled(); // Hang up, despite nothing stored
  // The agent's history survived: "yes" books the slot it offered before the reload.
  await askByChat(widget, 'Yes, please.', 'Done, I booked');

  await page.locator('#prices').click();
  await expect(page).toHaveURL(/prices\.html$/);
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect.poll(() => whoIsIn(api, ticket.room), { timeout: 15_000 }).toEqual(before);

  // Hung up: nothing is kept, and the next page starts no call.
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  expect(await tickets(page)).toEqual([]);
  await page.reload();
  await widget.locator('input.lkw-consent-check').hover(); // the wasm loads; nothing may start by itself
  await expect(widget.locator('.lkw:not(.lkw-placeholder)')).toHaveAttribute('data-stage', 'idle', { timeout: 15_000 });
  await page.waitForTimeout(2_000);
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'idle');
  await expect(widget.locator('button.lkw-call')).toBeDisabled(); // a new call asks again
});

test('a call whose token has expired is not rejoined, and its ticket is dropped', async ({ page }) => {
  await page.goto('/examples/resume/');
  const widget = page.locator('lk-voice-widget');
  await widget.locator('input.lkw-consent-check').check();
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect.poll(async () => (await tickets(page)).length).toBe(1);
  await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('lkw-resume:'));
    const ticket = JSON.parse(sessionStorage.getItem(key));
    sessionStorage.setItem(key, JSON.stringify({ ...ticket, expires: Math.floor(Date.now() / 1000) - 1 }));
  });
  await page.reload();
  // The loader sees a ticket and loads the wasm at once; the wasm finds it expired.
  await expect(widget.locator('.lkw:not(.lkw-placeholder)')).toHaveAttribute('data-stage', 'idle', { timeout: 15_000 });
  await expect.poll(() => tickets(page)).toEqual([]);
  await page.waitForTimeout(2_000);
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'idle');
});
