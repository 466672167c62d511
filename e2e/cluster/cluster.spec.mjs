// The widget on a LiveKit cluster (issue 16), against scripts/cluster.mjs: nodes a and b on one
// Redis, the real agent `sofia` registered with node a only, token server a/b answering node a/b.
//
// One call is made through token server b, so its signal goes to node b and node b hosts its room
// (each node is its own region); the agent joins it through node a, which relays to node b via
// Redis. That call must reach the agent with audio both ways: the person's words come back as the
// agent's transcript of them (she heard them), and her voice is loud in the page. A second call
// through node a runs at the same time. Then node b is killed (SIGKILL, like a crash): its call
// reconnects, gives up and ends with the reason; the call on node a goes on; a new call through
// token server a succeeds on the surviving node.
import { test, expect, chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { speechWav, launchSpeaking, voiceProbe } from '../speech.mjs';
import { SERVER_KILLED } from '../fault-cases.mjs';
import { CHROMIUM_ARGS } from '../playwright.config.mjs';
import { nodeOfRoom } from '../../scripts/cluster.mjs';

// Sofia's greeting is over by then (speech.mjs, voice.spec.mjs: it starts ~1.5 s after the
// capture and plays ~4 s).
const LEAD = 8;
const QUESTION = 'I would like an appointment';

function cluster() {
  const path = process.env.LKW_CLUSTER_STATE;
  if (!path) throw new Error('LKW_CLUSTER_STATE is not set: run through e2e/cluster/playwright.config.mjs');
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Opens the widget page of token server `web` in `context`, with the voice probe, its token
 * requests naming room `room` (the token server takes names with its prefix, `call-`); clicks Call. Returns { page, token } (`token`: the answer's JSON).
 */
async function call(context, web, room) {
  const page = await context.newPage();
  await page.addInitScript(voiceProbe);
  await page.route('**/api/token', async (route) => {
    const body = JSON.parse(route.request().postData() || '{}');
    await route.continue({ postData: JSON.stringify({ ...body, room_name: room }) });
  });
  await page.goto(`${web.url}/`);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/token') && r.request().method() === 'POST');
  await page.locator('button.lkw-call').click();
  const token = await (await answered).json();
  return { page, token };
}

const stage = (page) => page.locator('.lkw');
const peakAgentRms = (page) => page.evaluate(() => window.__lkwVoice.peakAgentRms);

test('a call through node b reaches the agent at node a with audio both ways, beside a call on node a; node b dies → its call ends with the reason; a new call succeeds on node a', async ({}, testInfo) => {
  const { nodes, web, redis } = cluster();
  const stamp = Date.now();
  const wav = speechWav([LEAD, QUESTION, 20], { dir: testInfo.outputDir });
  const speaking = await launchSpeaking(wav.path);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // Call 1: token server b → node b hosts the room; the agent comes through node a.
    const roomB = `call-cluster-b-${stamp}`;
    const b = await call(await speaking.newContext(), web.b, roomB);
    expect(b.token, "token server b's answer").toMatchObject({ server_url: nodes.b.url });
    await expect(stage(b.page)).toHaveAttribute('data-stage', 'agent-joined', { timeout: 30_000 });
    expect(nodeOfRoom(redis.port, roomB), 'the room of the call through node b lives on node b').toBe(nodes.b.nodeId);

    // Call 2, at the same time: token server a → node a.
    const roomA = `call-cluster-a-${stamp}`;
    const a = await call(await browser.newContext(), web.a, roomA);
    expect(a.token, "token server a's answer").toMatchObject({ server_url: nodes.a.url });
    await expect(stage(a.page)).toHaveAttribute('data-stage', 'agent-joined', { timeout: 30_000 });
    expect(nodeOfRoom(redis.port, roomA)).toBe(nodes.a.nodeId);
    await expect.poll(() => peakAgentRms(a.page), { timeout: 20_000, message: 'the agent is heard in the call on node a' }).toBeGreaterThan(0.01);

    // Call 1 both ways: the agent heard the person (her transcript of the words) and is heard.
    const asked = b.page.locator('.lkw-line[data-side="user"][data-kind="speech"]', { hasText: /i would like an appointment/i });
    await expect(asked).toHaveCount(1, { timeout: LEAD * 1000 + 20_000 });
    await expect(asked).toHaveAttribute('data-state', 'final');
    await expect.poll(() => peakAgentRms(b.page), { timeout: 20_000, message: 'the agent is heard in the call on node b' }).toBeGreaterThan(0.01);
    await expect(stage(b.page)).toHaveAttribute('data-stage', 'agent-joined');
    await expect(stage(a.page)).toHaveAttribute('data-stage', 'agent-joined');

    // Node b crashes.
    process.kill(-nodes.b.pid, 'SIGKILL');
    await expect(stage(b.page)).toHaveAttribute('data-stage', 'reconnecting', { timeout: 20_000 });
    await expect(b.page.locator('.lkw-status')).toHaveText(SERVER_KILLED.reconnectingStatus);
    await expect(stage(b.page)).toHaveAttribute('data-stage', 'ended', { timeout: 120_000 });
    await expect(b.page.locator('.lkw-status')).toContainText(SERVER_KILLED.endedStatus);
    await expect(b.page.locator('.lkw-error')).toHaveAttribute('data-hop', SERVER_KILLED.hop);
    await expect(b.page.locator('audio')).toHaveCount(0);
    await expect(b.page.locator('button.lkw-call')).toHaveText('Call');
    // The call on node a did not notice.
    await expect(stage(a.page)).toHaveAttribute('data-stage', 'agent-joined');

    // A new call through the surviving node: the agent (registered there) answers it.
    const roomNew = `call-cluster-after-${stamp}`;
    const next = await call(await browser.newContext(), web.a, roomNew);
    await expect(stage(next.page)).toHaveAttribute('data-stage', 'agent-joined', { timeout: 30_000 });
    expect(nodeOfRoom(redis.port, roomNew)).toBe(nodes.a.nodeId);
    await expect.poll(() => peakAgentRms(next.page), { timeout: 20_000, message: 'the agent is heard in the new call' }).toBeGreaterThan(0.01);

    for (const page of [a.page, next.page]) {
      await page.locator('button.lkw-call').click();
      await expect(stage(page)).toHaveAttribute('data-stage', 'ended');
    }
  } finally {
    await speaking.close();
    await browser.close();
  }
});
