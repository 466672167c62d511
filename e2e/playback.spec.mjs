// The agent's voice, kept playing (issue 13), in Chromium against the real stack and the real
// agent: the click that starts a call unlocks the element the agent will play in; the playback
// watchdog restarts a voice the page stopped, and when nothing helps it tells the person and the
// owner; a screen wake lock is held while the call runs and the call goes on while the tab is
// hidden. Firefox runs the same breakages in e2e/firefox/.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { useAgent, REAL_AGENT, askByChat } from './agents.mjs';

const shadowRoots = fileURLToPath(new URL('./shadow-roots.js', import.meta.url));

/** Records every "Enable audio" the page ever shows and every wake lock it holds. */
function recordPage() {
  const record = { enableAudioShown: false, wakeLocks: { requested: 0, held: 0 } };
  Object.defineProperty(window, '__lkwPlayback', { value: record });
  // The widget draws into its element's shadow root (e2e/shadow-roots.js sees into it).
  window.__lkwShadowRoots.watch(() => {
    if (window.__lkwShadowRoots.query('.lkw-enable-audio')) record.enableAudioShown = true;
  });
  if (navigator.wakeLock) {
    const request = navigator.wakeLock.request.bind(navigator.wakeLock);
    navigator.wakeLock.request = async (kind) => {
      record.wakeLocks.requested += 1;
      const sentinel = await request(kind);
      record.wakeLocks.held += 1;
      sentinel.addEventListener('release', () => { record.wakeLocks.held -= 1; });
      record.sentinels = [...(record.sentinels || []), sentinel];
      return sentinel;
    };
  }
}

const audio = (page) => page.locator('.lkw-audio audio');

/** Resolves once the agent's <audio> plays a track (not paused, its clock moving). */
async function agentAudioPlays(page) {
  await expect
    .poll(
      () => audio(page).first().evaluate(async (a) => {
        const t = a.currentTime;
        await new Promise((r) => setTimeout(r, 300));
        return !!a.srcObject && !a.paused && a.currentTime > t;
      }).catch(() => false),
      { timeout: 20_000, message: "the agent's <audio> plays" },
    )
    .toBe(true);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript({ path: shadowRoots });
  await page.addInitScript(recordPage);
  await useAgent(page, REAL_AGENT);
});

test('a call started by a click plays the agent in the element the click unlocked, with no "Enable audio"', async ({ page }) => {
  await page.goto('/');
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await agentAudioPlays(page);
  // One element: the one the click played (unlocked) now carries the agent's track.
  await expect(audio(page)).toHaveCount(1);
  await expect(audio(page)).toHaveAttribute('data-lkw-primed', '');
  await expect(audio(page)).toHaveAttribute('data-lk-track-sid', /.+/);
  expect(await page.evaluate(() => window.__lkwPlayback.enableAudioShown)).toBe(false);
  // A healthy call gives the watchdog nothing to do (no false alarm while she greets and answers).
  await askByChat(page, 'What are your opening hours?', 'open');
  await expect(page.locator('.lkw-log')).not.toContainText('not heard');
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  await expect(page.locator('audio')).toHaveCount(0);
});

test('the watchdog plays the agent again when the page pauses its voice mid-sentence', async ({ page }) => {
  await page.goto('/');
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 30_000 });
  await agentAudioPlays(page);
  // Pause the agent's voice as soon as she starts her answer (what an OS interruption does).
  await page.evaluate(() => {
    const root = document.querySelector('lk-voice-widget').shadowRoot;
    const widget = root.querySelector('.lkw');
    new MutationObserver((_, observer) => {
      if (widget.getAttribute('data-agent-state') === 'speaking') {
        root.querySelector('.lkw-audio audio').pause();
        window.__lkwPausedAt = performance.now();
        observer.disconnect();
      }
    }).observe(widget, { attributes: true, attributeFilter: ['data-agent-state'] });
  });
  await page.locator('.lkw-chat-input').fill('What are your opening hours?');
  await page.locator('.lkw-chat-send').click();
  await expect.poll(() => page.evaluate(() => window.__lkwPausedAt ?? null), { timeout: 20_000 }).not.toBeNull();
  const log = page.locator('.lkw-log');
  await expect(log).toContainText("not heard (the agent's <audio> is paused): play again", { timeout: 10_000 });
  await agentAudioPlays(page);
  await expect(log).toContainText('the agent is heard again (after: play again)', { timeout: 10_000 });
  await expect(page.locator('.lkw-warning[data-warning="agent-not-heard"]')).toHaveCount(0);
});

test('when nothing brings the voice back, the person is told what to check and the owner what was seen', async ({ page }) => {
  test.setTimeout(150_000); // the call, then up to 60 s of asking, then the last answer
  // Every play() of an <audio> is swallowed and the element pauses: a page (or an OS) that will
  // not let the agent be heard, whatever the widget does.
  await page.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play;
    window.__lkwBreakPlayback = false;
    HTMLMediaElement.prototype.play = function () {
      if (!window.__lkwBreakPlayback) return play.call(this);
      this.pause();
      return Promise.resolve();
    };
  });
  await page.goto('/');
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 30_000 });
  await page.evaluate(() => {
    window.__lkwBreakPlayback = true;
    document.querySelector('lk-voice-widget').shadowRoot.querySelector('.lkw-audio audio').pause();
  });
  const warning = page.locator('.lkw-warning[data-warning="agent-not-heard"]');
  // She needs to speak for the steps to run (each waits 1.5 s of unheard speech): ask until told.
  // How many answers that takes depends on how long each one is heard to last on a loaded
  // machine, so the bound is time (60 s of asking), not a count of questions.
  const questions = ['What are your opening hours?', 'What is your name?'];
  const askUntil = Date.now() + 60_000;
  for (let asked = 0; Date.now() < askUntil; asked += 1) {
    if (await warning.count()) break;
    await page.locator('.lkw-chat-input').fill(questions[asked % questions.length]);
    await page.locator('.lkw-chat-send').click();
    await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'speaking', { timeout: 15_000 }).catch(() => {});
    await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 20_000 });
  }
  await expect(warning).toHaveCount(1, { timeout: 5_000 });
  await expect(warning).toHaveAttribute('data-hop', 'playback');
  await expect(warning.locator('.lkw-warning-user')).toHaveText(/Check your volume and your speaker or headphones/);
  const log = page.locator('.lkw-log');
  for (const step of ['play again', 're-attach the track', 'resume the audio context', 're-apply the output device']) {
    await expect(log).toContainText(`: ${step}`);
  }
  const tried = "the widget's recovery (play again, re-attach the track, resume the audio context, re-apply the output device) did not help";
  await expect(warning.locator('.lkw-warning-fix')).toContainText(tried);
  await expect(log).toContainText(tried);
  // The call itself goes on.
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined');
});

test('a screen wake lock is held while the call runs, survives a hidden tab, and is released at hang-up', async ({ page }) => {
  await page.goto('/');
  test.skip(!(await page.evaluate(() => 'wakeLock' in navigator)), 'no Wake Lock API in this browser');
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => window.__lkwPlayback.wakeLocks.held), { timeout: 10_000 }).toBe(1);

  // The tab goes to the background. Headless Chromium never hides a page, so the test does what
  // a browser does then: the document reports hidden and the browser releases every wake lock.
  const setVisibility = (state) => page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
    if (state === 'hidden') for (const s of window.__lkwPlayback.sentinels) s.release();
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
  await setVisibility('hidden');
  await expect.poll(() => page.evaluate(() => window.__lkwPlayback.wakeLocks.held)).toBe(0);
  await page.waitForTimeout(4_000);
  expect(await page.locator('.lkw').getAttribute('data-stage')).toBe('agent-joined');
  expect(await page.evaluate(() => window.__lkwPlayback.wakeLocks.requested)).toBe(1); // not while hidden
  // Back in front: the lock is taken again, and the call answers.
  await setVisibility('visible');
  await expect.poll(() => page.evaluate(() => window.__lkwPlayback.wakeLocks), { timeout: 10_000 })
    .toMatchObject({ requested: 2, held: 1 });
  await askByChat(page, 'What are your opening hours?', 'open');

  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  await expect.poll(() => page.evaluate(() => window.__lkwPlayback.wakeLocks.held), { timeout: 5_000 }).toBe(0);
});
