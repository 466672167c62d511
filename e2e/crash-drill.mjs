// The crash drill in a WebDriver leg (Firefox, WebKitGTK): the crash watch (js/crash_watch.js)
// knows our wasm's trap by the page addresses in its stack, which each engine writes its own way,
// so each engine is checked: a drill in one widget of the two-widgets page reaches every widget,
// and the host page hears it from each.
import assert from 'node:assert/strict';

/** `page`: an e2e/webdriver-page.mjs page. */
export async function crashDrillReachesEveryWidget(page, baseUrl) {
  await page.goto(`${baseUrl}/examples/two-widgets/`);
  await page.eval(() => {
    window.__lkwErrors = [];
    document.addEventListener('lkw-error', (e) => window.__lkwErrors.push(`${e.target.id}:${e.detail.code}`));
  });
  // Both mounted first: a crash reaches the widgets the wasm has mounted.
  const loaded = () => page.eval(() => ['one', 'two'].map((id) => document.getElementById(id).loadState));
  await page.poll(loaded, (s) => s.every((state) => state === 'ready'), { timeout: 20_000, message: 'both widgets mounted' });
  await page.eval(() => document.getElementById('one').crashDrill());
  const stages = () =>
    page.eval(() => ['one', 'two'].map((id) => document.getElementById(id).shadowRoot?.querySelector('.lkw')?.getAttribute('data-stage')));
  await page.poll(stages, (s) => s.every((stage) => stage === 'crashed'), { timeout: 20_000, message: 'both widgets crashed' });
  assert.deepEqual((await page.eval(() => window.__lkwErrors)).sort(), ['one:crashed', 'two:crashed']);
  assert.equal(await page.eval(() => document.getElementById('one').loadState), 'crashed');
}
