// The standalone page (index.html, what the token server serves at /) draws at once: the embed
// loader's Call button is there before the wasm is even requested, and a click on it while the
// wasm is still loading starts the call once the wasm is up (replayed, not lost). Back to Trunk's
// eager loader, the wasm is requested before any button exists and this fails (as does
// bench/size-budget.mjs, on the page's first load).
import { test, expect } from '@playwright/test';
import { holdWasm } from './hold-wasm.mjs';
import { fileURLToPath } from 'node:url';

const shadowRoots = fileURLToPath(new URL('./shadow-roots.js', import.meta.url));

/**
 * Init script: the moment a Call button first exists in the widget's shadow root (seen through
 * e2e/shadow-roots.js: its observer runs right after the loader draws, before any idle callback
 * could ask for the wasm), page clock.
 */
function firstButton() {
  const seen = { buttonAt: null };
  Object.defineProperty(window, '__lkwFirstButton', { value: seen });
  window.__lkwShadowRoots.watch(() => {
    if (seen.buttonAt === null && window.__lkwShadowRoots.query('button.lkw-call')) seen.buttonAt = performance.now();
  });
}

test('the page draws Call before the wasm is requested; a click while it loads starts the call', async ({ page }) => {
  await page.addInitScript({ path: shadowRoots });
  await page.addInitScript(firstButton);
  // Hold the wasm: the button must be there, and take a click, without it.
  const wasm = await holdWasm(page);
  const sdkRequests = [];
  page.on('request', (r) => {
    if (r.url().includes('livekit-client')) sdkRequests.push(r.url());
  });
  await page.goto('/');

  const host = page.locator('lk-voice-widget');
  const call = host.locator('button.lkw-call');
  await expect(call).toHaveText('Call');
  await expect(host.locator('.lkw-placeholder')).toHaveCount(1);
  // Idle time asks for the wasm, after the button was drawn.
  await expect.poll(wasm.requested, { timeout: 10_000 }).toBe(true);
  const buttonAt = await page.evaluate(() => window.__lkwFirstButton.buttonAt);
  expect(buttonAt, 'the Call button was drawn').not.toBeNull();
  expect(await host.evaluate((el) => el.loadState)).toBe('loading');

  // The early click: taken by the loader's button, the wasm still held.
  await call.click();
  await expect(host.locator('.lkw-placeholder .lkw-status')).toHaveText('Loading…');
  expect(sdkRequests).toEqual([]);
  wasm.release();

  // Replayed on the real widget once the wasm is up: the call starts with no second click.
  await expect(host.locator('.lkw-placeholder')).toHaveCount(0, { timeout: 15_000 });
  await expect(host.locator('.lkw-log')).toContainText('connected to the room', { timeout: 20_000 });
  await expect(host.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  // When the wasm was requested (its Resource Timing entry exists once it arrived): after the button.
  const wasmAt = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('_bg.wasm'))?.startTime ?? null);
  expect(wasmAt, 'the wasm was fetched').not.toBeNull();
  expect(buttonAt, 'the button was drawn before the wasm was requested').toBeLessThan(wasmAt);

  await call.click();
  await expect(host.locator('.lkw')).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
});

/**
 * Init script: the selectors of the rules the widget's shadow root has when its Call button first
 * exists (issue 15: only those that can style the early button are parsed then).
 */
function earlyRules() {
  const seen = { selectors: null };
  Object.defineProperty(window, '__lkwEarlyRules', { value: seen });
  window.__lkwShadowRoots.watch(() => {
    const button = seen.selectors === null && window.__lkwShadowRoots.query('button.lkw-call');
    if (!button) return;
    // Style rules have a (nested) cssRules too: only @media / @supports are opened.
    const rules = (sheets) => sheets.flatMap((sheet) => [...sheet.cssRules].flatMap((r) => (r.selectorText === undefined && r.cssRules ? [...r.cssRules] : [r])));
    seen.selectors = rules(button.getRootNode().adoptedStyleSheets).map((r) => r.selectorText).filter(Boolean);
  });
}

// The page's first load is the HTML and the loader, nothing else: the widget's CSS comes inside
// the loader (styling the shadow root), so a stylesheet <link> back in index.html would be a
// second, render-blocking request for the same rules. The loader's tag carries its integrity.
// The button is drawn with only the rules that can style it; the rest arrive with the wasm.
test('the page loads no stylesheet: the widget is styled by the loader, the page by its own rules', async ({ page }) => {
  await page.addInitScript({ path: shadowRoots });
  await page.addInitScript(earlyRules);
  const wasm = await holdWasm(page);
  const stylesheets = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'stylesheet') stylesheets.push(r.url());
  });
  await page.goto('/');
  const call = page.locator('lk-voice-widget').locator('button.lkw-call');
  await expect(call).toHaveText('Call');
  await expect.poll(wasm.requested, { timeout: 10_000 }).toBe(true);
  expect(stylesheets, 'stylesheet requests').toEqual([]);
  expect(await page.evaluate(() => document.styleSheets.length), 'the page has only its inline rules').toBe(1);
  const loaderIntegrity = await page.locator('script[src$="embed/lk-voice-widget.js"]').getAttribute('integrity');
  expect(loaderIntegrity).toMatch(/^sha384-/);
  // Styled all the same: the widget's button by the loader's CSS, the page by index.html's rules.
  const looks = await call.evaluate((button) => ({
    radius: getComputedStyle(button).borderRadius,
    minHeight: getComputedStyle(button).minHeight,
    pageWidth: getComputedStyle(document.querySelector('.page')).maxWidth,
  }));
  expect(looks).toEqual({ radius: '999px', minHeight: '44px', pageWidth: '640px' });
  const early = await page.evaluate(() => window.__lkwEarlyRules.selectors);
  expect(early, 'the early rules were seen').not.toBeNull();
  expect(early).toContain('.lkw button');
  expect(early.filter((s) => s.includes('.lkw-log')), 'rules of the wasm widget only are not parsed for the button').toEqual([]);
  wasm.release();
  // The real widget gets the whole stylesheet: its call log is styled.
  const host = page.locator('lk-voice-widget');
  await expect(host.locator('.lkw-placeholder')).toHaveCount(0, { timeout: 15_000 });
  expect(await host.locator('.lkw-log').evaluate((log) => getComputedStyle(log).listStyleType)).toBe('none');
  expect(await host.evaluate((el) => [...el.shadowRoot.adoptedStyleSheets[0].cssRules].some((r) => r.selectorText === '.lkw-log'))).toBe(true);
});
