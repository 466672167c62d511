// The widget's AudioContexts (issue 15): one per call for all its meters and checks, made once
// the call is connected, when its first meter starts (not in the click, where constructing one —
// milliseconds of main thread, ~200 ms for a browser's first — held back the token's answer on
// its way to `room.connect()`), and closed when the call ends. A rejoined call (no click) shares
// one too.
//
// Every `new AudioContext()` of the page is counted by who called the constructor: the SDK's own
// (livekit-client makes one for the room at connect and one per silence check of the
// microphone, as in any page that uses it) or the widget's. Nothing else in the page changes.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { useAgent, LAB_AGENT } from './agents.mjs';

const shadowRoots = fileURLToPath(new URL('./shadow-roots.js', import.meta.url));

/** Counts the AudioContexts the page makes, by creator, with their creation times. */
function countAudioContexts() {
  const Native = window.AudioContext;
  const made = [];
  const closed = new WeakSet();
  Object.defineProperty(window, '__lkwAudioContexts', {
    value: {
      made,
      widget: () => made.filter((m) => m.by === 'widget'),
      open: (by) => made.filter((m) => m.by === by && !closed.has(m.context) && m.context.state !== 'closed').length,
    },
  });
  const close = Native.prototype.close;
  Native.prototype.close = function () {
    closed.add(this);
    return close.call(this);
  };
  const Counted = function __lkwCountedAudioContext(...args) {
    // The constructor's caller: the first frame below this one.
    const frames = new Error().stack.split('\n').filter((l) => l.trim().startsWith('at ') && !l.includes('__lkwCountedAudioContext'));
    const caller = frames[0] || '';
    const context = new Native(...args);
    made.push({ at: performance.now(), by: caller.includes('livekit-client') ? 'sdk' : 'widget', caller: caller.trim(), context });
    return context;
  };
  Counted.prototype = Native.prototype;
  Object.setPrototypeOf(Counted, Native);
  window.AudioContext = Counted;
  // When each call's log said it was connected. The log is in the widget's shadow root
  // (e2e/shadow-roots.js sees into it).
  const connected = [];
  Object.defineProperty(window, '__lkwConnectedAt', { value: connected });
  window.__lkwShadowRoots.watch(() => {
    const lines = window.__lkwShadowRoots.queryAll('.lkw-log-entry');
    const shown = lines.some((l) => l.textContent.includes('connected to the room'));
    if (shown && connected.length === 0) connected.push(performance.now());
    if (shown && connected.at(-1) === null) connected[connected.length - 1] = performance.now();
    if (!shown && connected.length && connected.at(-1) !== null) connected.push(null);
  });
}

/** The widget's AudioContexts so far: creation times and callers. */
const widgetContexts = (page) => page.evaluate(() => window.__lkwAudioContexts.widget().map(({ at, caller }) => ({ at, caller })));
const openContexts = (page, by) => page.evaluate((who) => window.__lkwAudioContexts.open(who), by);
/** When the current call's log said it was connected. */
const connectedAt = (page) => page.evaluate(() => window.__lkwConnectedAt.at(-1));

test('a call makes one AudioContext of its own, once connected, for all its meters, and closes it', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript({ path: shadowRoots });
  await page.addInitScript(countAudioContexts);
  await useAgent(page, LAB_AGENT);
  await page.goto('/');
  const call = page.locator('button.lkw-call');
  const log = page.locator('.lkw-log');
  await expect(call).toHaveText('Call');

  for (const round of [1, 2]) {
    await call.click();
    await expect(log).toContainText('microphone on', { timeout: 20_000 });
    await expect(log).toContainText(/subscribed to agent .*'s microphone track/, { timeout: 20_000 });
    // Every meter and check of the call is running: both level meters, the microphone's silence
    // check, the playback watchdog's level of the agent's voice.
    await expect(page.locator('.lkw-level-agent')).toHaveAttribute('data-active', 'true');
    await expect(page.locator('.lkw-level-mic')).toHaveAttribute('data-active', 'true');
    await page.waitForTimeout(1500);
    const made = await widgetContexts(page);
    expect(made, `call ${round}: the widget's AudioContexts so far`).toHaveLength(round);
    // Not in the click, nor anywhere on the way to connected: once the call is in the room.
    expect(made.at(-1).at, `call ${round}: the widget's AudioContext is made once connected`).toBeGreaterThanOrEqual(await connectedAt(page));
    expect(await openContexts(page, 'widget')).toBe(1);

    await call.click();
    await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
    await expect.poll(() => openContexts(page, 'widget'), { message: `call ${round}: closed when the call ends` }).toBe(0);
  }
});

test('a rejoined call (started without a click) shares one AudioContext too', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript({ path: shadowRoots });
  await page.addInitScript(countAudioContexts);
  await page.goto('/examples/resume/');
  const widget = page.locator('lk-voice-widget');
  await widget.locator('input.lkw-consent-check').check();
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });

  await page.reload();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect(widget.locator('.lkw-log')).toContainText('microphone on', { timeout: 20_000 });
  // The meters of both voices, the microphone's silence check, and the playback watchdog on the
  // agent's <audio>. (The agent's meter needs her track, which the SDK subscribes to during a
  // rejoin's connect, before the participants already there are reported.)
  await expect(widget.locator('.lkw-level-mic')).toHaveAttribute('data-active', 'true');
  await expect(widget.locator('.lkw-level-agent')).toHaveAttribute('data-active', 'true');
  await expect(widget.locator('.lkw-audio audio')).toHaveCount(1, { timeout: 20_000 });
  await page.waitForTimeout(1500);
  expect(await widgetContexts(page), "the rejoined call's own AudioContexts").toHaveLength(1);

  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  await expect.poll(() => openContexts(page, 'widget')).toBe(0);
});
