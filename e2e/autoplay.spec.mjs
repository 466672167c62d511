// The autoplay fault, against Chromium's own autoplay policy (nothing in the page emulates it):
// the call starts without a user gesture, the browser refuses the agent's audio, the widget shows
// "Enable audio", and a real click lets the agent be heard.
//
// Two facts shape this test:
// - Chromium lets a document autoplay while it captures the microphone (Blink's
//   AutoplayPolicy::IsDocumentAllowedToPlay answers yes for DocumentIsCapturingUserMedia before
//   it looks at user activation; no switch turns that off). The widget asks for the microphone
//   while it connects and the call goes on without waiting for the answer, so the real block hits
//   when the agent speaks while the microphone prompt is still unanswered. Headless Chromium answers prompts at once (fake UI: allow, else deny),
//   so the test holds the getUserMedia request unanswered — the only thing it changes in the page;
//   play() and the AudioContext are Chromium's own.
// - Playwright grants user activation with almost every page call (its evaluations run with
//   `userGesture: true`). Tracing with DOM snapshots does it too, without any call: it reads the
//   page's title on every DOMContentLoaded and load that way, also in a browser launched by hand.
//   So this file keeps tracing without DOM snapshots (`trace` is a per-file option), the page
//   starts the call from script (an untrusted click), and it records what it showed before
//   Playwright touches it.
import { test, expect, chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './playwright.config.mjs';
import { holdMicPrompt } from './microphone.mjs';

test.use({ trace: { mode: 'retain-on-failure', snapshots: false, screenshots: true, sources: true } });

test('autoplay blocked (call started without a user gesture) → Enable audio → the agent is heard', async ({ baseURL }) => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    // Chromium's desktop default, stated so that a changed default cannot hide the block.
    args: [...CHROMIUM_ARGS, '--autoplay-policy=document-user-activation-required'],
  });
  try {
    const page = await browser.newPage({ baseURL });
    // The microphone prompt, unanswered until the test answers it.
    await holdMicPrompt(page);
    await page.addInitScript(() => {
      const record = { startedWithActivation: null, enableAudioShown: false, activeWhenShown: null, agentAudio: null };
      Object.defineProperty(window, '__lkwAutoplay', { value: record });
      // The widget draws into its element's shadow root: observe that root and query it.
      let root = null;
      const observer = new MutationObserver(() => {
        if (!root) return;
        const call = root.querySelector('button.lkw-call');
        if (call && record.startedWithActivation === null) {
          record.startedWithActivation = navigator.userActivation.hasBeenActive;
          call.click(); // a script's click: no user activation
        }
        if (root.querySelector('.lkw-enable-audio') && !record.enableAudioShown) {
          record.enableAudioShown = true;
          record.activeWhenShown = navigator.userActivation.hasBeenActive;
        }
        const audio = root.querySelector('.lkw-audio audio');
        if (audio && !record.agentAudio) {
          record.agentAudio = { played: false };
          audio.addEventListener('playing', () => { record.agentAudio.played = true; });
          // The SDK calls play() on attach; give the refusal time to land, then report.
          setTimeout(() => {
            Object.assign(record.agentAudio, { paused: audio.paused, active: navigator.userActivation.hasBeenActive });
            console.log('lkw-test: agent audio attached');
          }, 1500);
        }
      });
      const attachShadow = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        root = attachShadow.call(this, init);
        observer.observe(root, { childList: true, subtree: true });
        return root;
      };
    });
    const attached = page.waitForEvent('console', { predicate: (m) => m.text() === 'lkw-test: agent audio attached', timeout: 30_000 });
    await page.goto('/');
    await attached; // waits in Node: the page is not touched
    expect(await page.evaluate(() => window.__lkwAutoplay)).toEqual({
      startedWithActivation: false,
      enableAudioShown: true,
      activeWhenShown: false,
      agentAudio: { played: false, paused: true, active: false },
    });
    await expect(page.locator('.lkw-enable-audio')).toBeVisible();
    await expect(page.locator('.lkw-log')).toContainText('blocked audio playback');

    await page.locator('.lkw-enable-audio').click();
    await expect(page.locator('.lkw-enable-audio')).toHaveCount(0);
    await expect(page.locator('.lkw-log')).toContainText('audio playback allowed');
    // The agent is heard: its <audio> plays and carries sound. (Her greeting may be over by now —
    // the real agent then listens in silence — so she is asked something to answer aloud.)
    const audio = page.locator('.lkw-audio audio');
    await expect.poll(() => audio.evaluate((a) => !a.paused && a.currentTime > 0), { timeout: 20_000 }).toBe(true);
    await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 20_000 });
    await page.locator('.lkw-chat-input').fill('What is your name?');
    await page.locator('.lkw-chat-send').click();
    await expect
      .poll(() => audio.evaluate(async (a) => {
        const ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        ctx.createMediaStreamSource(a.srcObject).connect(analyser);
        const buf = new Float32Array(2048);
        let peak = 0;
        for (let i = 0; i < 40; i += 1) {
          await new Promise((r) => setTimeout(r, 50));
          analyser.getFloatTimeDomainData(buf);
          peak = Math.max(peak, Math.sqrt(buf.reduce((s, v) => s + v * v, 0) / buf.length));
        }
        await ctx.close();
        return peak;
      }), { timeout: 30_000, message: 'the agent is heard' })
      .toBeGreaterThan(0.01);

    // The person answers the prompt: the call goes on with the microphone, then hangs up cleanly.
    await page.evaluate(() => window.__lkwAnswerMicPrompt());
    await expect(page.locator('.lkw-log')).toContainText('microphone on');
    await page.locator('button.lkw-call').click();
    await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
    await expect(page.locator('audio')).toHaveCount(0);
  } finally {
    await browser.close();
  }
});
