// Which agent a test's call dispatches (test instrumentation, not part of the widget).
//
// The stack runs two workers: `sofia`, a real livekit-agents AgentSession (the token server's
// default, what every site runs), and `sofia-lab`, the hand-written worker that keeps what only a
// test needs — the probe attributes `demo.user_audio_dbfs` / `demo.user_muted` /
// `demo.heard_user`, fault modes in its dispatch metadata (`{"fault": "no-audio"}`), and a start
// in `lk.agent.state = initializing`. Tests that check one of those ask for `sofia-lab`;
// everything else talks to the real `sofia`.
import { expect } from '@playwright/test';
import { REAL_AGENT, LAB_AGENT, dispatchAgent } from './agent-dispatch.mjs';

export { REAL_AGENT, LAB_AGENT };

/**
 * Makes every token request of `page` dispatch agent `name` (with dispatch `metadata`, an object
 * sent as JSON or a string, if given) instead of what the widget asked for (`dispatchAgent`, shared
 * with the Firefox leg). Other request fields stay; it falls back to routes registered before it,
 * so it composes with a test's own rewriting of the token request (room name, identity).
 */
export async function useAgent(page, name, metadata) {
  await page.route('**/api/token', async (route) => {
    const body = JSON.parse(route.request().postData() || '{}');
    await route.fallback({ postData: JSON.stringify(dispatchAgent(body, name, metadata)) });
  });
}

/**
 * Types `text` into the widget under `root` (a page, or the `lk-voice-widget` locator of an
 * embed), waits for the agent's spoken answer containing `answer` to be final and the agent to
 * listen again, and checks that the question and the answer each appear exactly once: both
 * agents answer a typed message by speech only (`lk.transcription`), nothing comes back as chat,
 * and no stream or legacy transcription packet may double a line. Returns the answer's line.
 */
export async function askByChat(root, text, answer) {
  await root.locator('.lkw-chat-input').fill(text);
  await root.locator('.lkw-chat-send').click();
  const question = root.locator('.lkw-line[data-side="user"][data-kind="chat"]', { hasText: text });
  const spoken = root.locator('.lkw-line[data-side="agent"][data-kind="speech"]', { hasText: answer });
  await expect(spoken.last()).toHaveAttribute('data-state', 'final', { timeout: 20_000 });
  await expect(root.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 15_000 });
  await new Promise((r) => setTimeout(r, 500)); // a late duplicate would land by now
  await expect(question).toHaveCount(1);
  await expect(spoken).toHaveCount(1);
  await expect(root.locator('.lkw-line[data-side="agent"][data-kind="chat"]')).toHaveCount(0);
  return spoken;
}
