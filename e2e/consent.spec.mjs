// Consent before a call (issue 17, item 1), on the example page of a German dental practice
// (examples/consent/: `consent`, `consent-privacy-url`, `consent-remember`), against the real
// stack: Call waits for the box (keyboard and screen-reader operable), a call works once given,
// the choice is stored only when the visitor asks for it, a withdrawal is as easy as giving it
// (and ends a call under way), the host page hears `lkw-consent`, the preflight needs no consent,
// and the loader's early button never starts a call without it.
import { test, expect } from '@playwright/test';

const PAGE = '/examples/consent/';
const KEY = 'lk-voice-widget.consent';
const SENTENCE = 'Ich bin einverstanden, dass meine Stimme zur Terminvereinbarung von einem KI-Assistenten verarbeitet wird.';

/** Records the host events (test instrumentation, before the page's scripts). */
function recordConsentEvents() {
  window.__consent = [];
  document.addEventListener('lkw-consent', (e) => window.__consent.push(e.detail));
}

async function open(page) {
  await page.addInitScript(recordConsentEvents);
  await page.goto(PAGE);
  return mounted(page);
}

/** The widget once the wasm replaced the loader's button. */
async function mounted(page) {
  const widget = page.locator('#praxis');
  await widget.locator('.lkw-consent-text').hover(); // intent: the wasm loads (Call itself is disabled)
  await expect(widget.locator('.lkw-placeholder')).toHaveCount(0, { timeout: 15_000 });
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'idle');
  return widget;
}

const parts = (widget) => ({
  call: widget.locator('button.lkw-call'),
  given: widget.locator('input.lkw-consent-check'),
  remember: widget.locator('input.lkw-consent-remember-check'),
  stage: widget.locator('.lkw'),
});
const events = (page) => page.evaluate(() => window.__consent);
const stored = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);
const focused = (page) => page.evaluate(() => document.getElementById('praxis').shadowRoot.activeElement?.className ?? '');

async function tabTo(page, className, most = 8) {
  for (let i = 0; i < most && !(await focused(page)).split(' ').includes(className); i++) await page.keyboard.press('Tab');
  expect((await focused(page)).split(' '), `Tab reaches .${className}`).toContain(className);
}

test('Call waits for consent; by keyboard alone (Tab, Space, Tab, Enter) it is given and a call starts', async ({ page }) => {
  const widget = await open(page);
  const { call, given, remember, stage } = parts(widget);
  await expect(call).toBeDisabled();
  // A screen reader hears why: Call is described by the sentence, the box is labelled by it.
  const sentence = widget.locator('.lkw-consent-text');
  await expect(sentence).toHaveText(SENTENCE);
  await expect(call).toHaveAttribute('aria-describedby', await sentence.getAttribute('id'));
  await expect(widget.getByRole('checkbox', { name: SENTENCE })).not.toBeChecked();
  await expect(widget.getByRole('checkbox', { name: 'Meine Auswahl auf dieser Website merken' })).not.toBeChecked();
  const link = widget.getByRole('link', { name: 'Datenschutzerklärung' });
  await expect(link).toHaveAttribute('href', 'datenschutz.html');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener');
  expect(await stored(page)).toBeNull();

  await tabTo(page, 'lkw-consent-check');
  await page.keyboard.press('Space');
  await expect(given).toBeChecked();
  await expect(call).toBeEnabled();
  await expect(call).not.toHaveAttribute('aria-describedby', /./);
  expect(await events(page)).toEqual([{ given: true, remembered: false }]);
  await tabTo(page, 'lkw-call');
  await page.keyboard.press('Enter');
  await expect(stage).toHaveAttribute('data-stage', 'agent-joined', { timeout: 25_000 });
  await expect(widget.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hallo', { timeout: 20_000 });
  await expect(remember).not.toBeChecked();
  expect(await stored(page), 'nothing is stored unless the visitor asks').toBeNull();
  await call.click();
  await expect(stage).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
  await expect(call).toBeEnabled(); // consent lasts for the page
});

test('remembered only when asked: not ticked → asked again after a reload; ticked → still given; withdrawn → cleared', async ({ page }) => {
  const widget = await open(page);
  const { call, given, remember } = parts(widget);
  await given.check();
  await expect(call).toBeEnabled();
  await page.reload();
  await mounted(page);
  await expect(given).not.toBeChecked();
  await expect(call).toBeDisabled();
  expect(await events(page)).toEqual([]);

  await given.check();
  await remember.check();
  await expect.poll(() => stored(page)).toMatch(/^given:[0-9a-f]{16}$/);
  expect(await events(page)).toEqual([
    { given: true, remembered: false },
    { given: true, remembered: true },
  ]);
  await page.reload();
  await mounted(page);
  await expect(given).toBeChecked();
  await expect(remember).toBeChecked();
  await expect(call).toBeEnabled();
  expect(await events(page), 'a restored consent is told once as the widget mounts').toEqual([{ given: true, remembered: true }]);

  await given.uncheck();
  await expect(call).toBeDisabled();
  await expect(remember).not.toBeChecked();
  expect(await stored(page)).toBeNull();
  expect((await events(page)).at(-1)).toEqual({ given: false, remembered: false });
  await page.reload();
  await mounted(page);
  await expect(given).not.toBeChecked();
  await expect(call).toBeDisabled();
});

test('withdrawing consent during a call ends the call', async ({ page }) => {
  const widget = await open(page);
  const { call, given, stage } = parts(widget);
  await given.check();
  await call.click();
  await expect(stage).toHaveAttribute('data-stage', 'agent-joined', { timeout: 25_000 });
  await given.uncheck();
  await expect(stage).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
  await expect(call).toHaveText('Anrufen');
  await expect(call).toBeDisabled();
});

test('the preflight runs without consent (and gives none)', async ({ page }) => {
  const widget = await open(page);
  const { call, stage } = parts(widget);
  await expect(call).toBeDisabled();
  await widget.locator('button.lkw-preflight-run').click();
  await expect(widget.locator('.lkw-preflight')).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
  await expect(widget.locator('.lkw-check[data-check="token-endpoint"]')).toHaveAttribute('data-status', 'pass');
  await expect(widget.locator('.lkw-check[data-check="publish-audio"]')).toHaveAttribute('data-status', 'pass');
  await expect(call).toBeDisabled();
  await expect(stage).toHaveAttribute('data-stage', 'idle');
});

/** Holds the wasm until the returned function is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('before the wasm: the consent is shown and Call waits; what the visitor ticked is handed over', async ({ page }) => {
  await page.addInitScript(recordConsentEvents);
  const release = await holdWasm(page);
  await page.goto(PAGE);
  const widget = page.locator('#praxis');
  const early = widget.locator('.lkw-placeholder');
  await expect(early).toHaveCount(1);
  await expect(early.locator('.lkw-consent-text')).toHaveText(SENTENCE);
  await expect(early.locator('a.lkw-consent-privacy')).toHaveAttribute('rel', 'noopener');
  const earlyCall = early.locator('button.lkw-call');
  await expect(earlyCall).toBeDisabled();
  await expect(earlyCall).toHaveAttribute('aria-describedby', 'lkw-consent-early');
  await early.getByRole('checkbox', { name: SENTENCE }).check();
  await expect(earlyCall).toBeEnabled();
  release();
  await expect(early).toHaveCount(0, { timeout: 15_000 });
  const { call, given } = parts(widget);
  await expect(given).toBeChecked();
  await expect(call).toBeEnabled();
  expect(await events(page)).toEqual([{ given: true, remembered: false }]);
});

test('an early click on a remembered consent the widget does not confirm goes to the consent, not a call', async ({ page }) => {
  // Stored for another consent text (the practice changed its sentence): the loader guesses
  // "given" from storage, the wasm checks the text and asks again.
  await page.addInitScript((key) => localStorage.setItem(key, 'given:0000000000000000'), KEY);
  const tokenRequests = [];
  page.on('request', (r) => r.url().endsWith('/api/token') && tokenRequests.push(r.url()));
  const release = await holdWasm(page);
  await page.goto(PAGE);
  const widget = page.locator('#praxis');
  const early = widget.locator('.lkw-placeholder');
  await expect(early.locator('input.lkw-consent-check')).toBeChecked();
  await early.locator('button.lkw-call').click();
  release();
  await expect(early).toHaveCount(0, { timeout: 15_000 });
  const { call, given, stage } = parts(widget);
  await expect(given).not.toBeChecked();
  await expect(call).toBeDisabled();
  await expect.poll(() => focused(page)).toContain('lkw-consent-check');
  await page.waitForTimeout(1000); // a call would have fetched its token by now
  await expect(stage).toHaveAttribute('data-stage', 'idle');
  expect(tokenRequests).toEqual([]);
});
