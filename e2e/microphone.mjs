// Microphone helpers shared by the e2e specs (test instrumentation, not part of the widget).
import { expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

/** Init script: `window.__lkwMicProbe.{live, total, liveDevices}` over every captured track. */
export const micProbe = fileURLToPath(new URL('./mic-probe.js', import.meta.url));

/**
 * Keeps the microphone prompt open until the page calls `window.__lkwAnswerMicPrompt()` (headless
 * Chromium answers at once). Add `micProbe` first to count the tracks it hands out once answered.
 */
export async function holdMicPrompt(page) {
  await page.addInitScript(() => {
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    let answer;
    const answered = new Promise((resolve) => { answer = resolve; });
    Object.defineProperty(window, '__lkwAnswerMicPrompt', { value: () => answer() });
    navigator.mediaDevices.getUserMedia = (constraints) => answered.then(() => getUserMedia(constraints));
  });
}

/** Starts a call, waits for the microphone, and picks one other than the system default: its id. */
export async function callAndPickOtherMicrophone(page) {
  await page.locator('button.lkw-call').click();
  await expect(page.locator('.lkw-log')).toContainText('microphone on', { timeout: 20_000 });
  const picker = page.locator('.lkw-device-microphone select');
  await expect(picker.locator('option').nth(1)).toBeAttached();
  const pick = (await picker.locator('option').evaluateAll((os) => os.map((o) => o.value))).find((v) => v !== 'default');
  await picker.selectOption(pick);
  return pick;
}
