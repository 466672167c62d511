// Talking to the real agent (`sofia`: a livekit-agents AgentSession with offline speech) through
// the widget, with speech: each test writes an espeak-ng WAV and launches its own Chromium whose
// fake microphone plays it (`--use-file-for-fake-audio-capture`, a launch flag). Chromium starts
// the file when the page captures the microphone (≈ the Call click) and loops it, so the pauses
// in each file decide when the agent hears what; the loop only repeats the exchange.
//
// `window.__lkwVoice` (speech.mjs) keeps a timeline of the call, attached to each test's report
// and summed up on the console (times in ms from the capture).
import { test, expect } from '@playwright/test';
import { speechWav, launchSpeaking, voiceProbe } from './speech.mjs';
import { askByChat } from './agents.mjs';

// Measured from the capture: Sofia's greeting starts after ~1.5 s (~5 s when the agent waits out
// its 3 s for a pre-connect buffer that comes late) and plays ~4 s: a first question said after
// LEAD seconds comes after it (said earlier it would cut her greeting short, which she also
// answers). Her offer starts ~1 s after the question and plays ~5.5 s.
const LEAD = 10;
const QUESTION = 'I would like an appointment';

/**
 * Runs `body({ page, wav })` in a Chromium of its own whose microphone says `parts` (see
 * speechWav), with the voice probe installed; always closes it. The call's timeline is attached
 * to the report, and printed when the test fails or LKW_VOICE_TIMELINE=1. (Playwright's own
 * `trace` option records contexts of browsers launched by hand too.)
 */
async function speaking(testInfo, baseURL, parts, body, { route, noiseDbfs } = {}) {
  const wav = speechWav(parts, { dir: testInfo.outputDir, noiseDbfs });
  const browser = await launchSpeaking(wav.path);
  let page;
  try {
    const context = await browser.newContext({ baseURL });
    page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(voiceProbe);
    if (route) await route(page);
    let failed = true;
    try {
      await body({ page, wav });
      expect(errors).toEqual([]);
      failed = false;
    } finally {
      const timeline = await page.evaluate(() => window.__lkwVoice).catch(() => null);
      if (timeline) {
        await testInfo.attach('voice-timeline.json', { body: JSON.stringify({ wav: wav.words, ...timeline }, null, 1), contentType: 'application/json' });
        if (failed || process.env.LKW_VOICE_TIMELINE === '1') console.log(`${testInfo.title}\n${summary(wav, timeline)}`);
      }
    }
  } finally {
    await browser.close();
  }
}

/** One line per event, in time order: the file's words, the mic, states, lines, agent audio. */
function summary(wav, v) {
  const rows = [];
  for (const w of wav.words) rows.push([Math.round(w.start * 1000), `file says "${w.text}" (${Math.round((w.end - w.start) * 1000)} ms, then repeats every ${Math.round(wav.duration * 1000)} ms)`]);
  for (const b of v.mic) rows.push([b.start, `mic  speech until ${b.end ?? '…'}`]);
  for (const s of v.stages) rows.push([s.t, `stage ${s.value}`]);
  for (const s of v.states) rows.push([s.t, `agent ${s.value}`]);
  for (const b of v.agentLoud) rows.push([b.start, `agent audio until ${b.end ?? '…'}`]);
  for (const l of v.lines) rows.push([l.seen, `line ${l.side}/${l.kind} final@${l.final ?? '-'}${l.cutOff ? ' CUT OFF' : ''}: ${l.text}`]);
  return rows.sort((a, b) => a[0] - b[0]).map(([t, what]) => `  ${String(t).padStart(6)} ${what}`).join('\n');
}

const timeline = (page) => page.evaluate(() => window.__lkwVoice);

/** The widget's transcript lines under `root` (a page or the embed's element). */
const lines = (root, side, kind, hasText) => root.locator(`.lkw-line[data-side="${side}"][data-kind="${kind}"]`, hasText ? { hasText } : undefined);

/** Nothing says the microphone is silent in a healthy call (the SDK's early false alarm is not repeated). */
async function expectNoSilenceAlarm(root) {
  await expect(root.locator('.lkw-log')).toContainText('microphone on');
  await expect(root.locator('.lkw-log')).not.toContainText('sends silence');
  await expect(root.locator('.lkw-warning[data-warning="microphone-silent"]')).toHaveCount(0);
}

test('calendar by voice: "I would like an appointment" → the offer is heard and shown → "yes please" → booked', async ({ baseURL }, testInfo) => {
  // One exchange per loop: the question after her greeting, "yes please" once the offer is over.
  const parts = [LEAD, QUESTION, 11, 'yes please', 5];
  await speaking(testInfo, baseURL, parts, async ({ page }) => {
    await page.goto('/examples/calendar/');
    const widget = page.locator('lk-voice-widget');
    await widget.locator('button.lkw-call').click();
    await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });

    // The person's words, as the agent recognized them, on the person's side (final only).
    const asked = lines(widget, 'user', 'speech', /i would like an appointment/i);
    await expect(asked).toHaveCount(1, { timeout: LEAD * 1000 + 15_000 });
    await expect(asked).toHaveAttribute('data-state', 'final');

    // The offer: shown, and heard while shown.
    const offer = lines(widget, 'agent', 'speech', 'Shall I book it?');
    await expect(offer).toHaveCount(1, { timeout: 20_000 });
    await expect(offer).toContainText('The next free slot is');
    await expect(offer).toHaveAttribute('data-state', 'final', { timeout: 20_000 });
    const v = await timeline(page);
    const shown = v.lines.find((l) => l.side === 'agent' && l.text.includes('Shall I book it?'));
    const heard = v.agentLoud.filter((b) => (b.end ?? Infinity) > shown.seen && b.start < shown.final);
    expect(heard.length, 'agent audio above -40 dBFS while the offer is shown').toBeGreaterThan(0);
    expect(v.peakAgentRms).toBeGreaterThan(0.01);

    // "yes please" books the offered slot in the page's calendar.
    await expect(lines(widget, 'user', 'speech', /yes please/i)).toHaveCount(1, { timeout: 30_000 });
    const booked = page.locator('.event-booked');
    await expect(booked).toHaveCount(1, { timeout: 20_000 });
    await expect(page.locator('#bookings li')).toHaveCount(1);
    await expect(lines(widget, 'agent', 'speech', 'Done, I booked')).toHaveCount(1, { timeout: 20_000 });
    // Each said once so far: one line each (the streams and legacy packets double nothing).
    await expect(asked).toHaveCount(1);
    await expect(offer).toHaveCount(1);
    // The SDK's early silence event is not repeated (the pauses here are digital silence, so the
    // widget's own level check may rightly warn; the healthy-microphone test checks it stays quiet).
    await expect(widget.locator('.lkw-log')).toContainText('microphone on');
    await expect(widget.locator('.lkw-log')).not.toContainText('sends silence');
    await widget.locator('button.lkw-call').click();
    await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  });
});

test('pre-connect: what is said during the click, before the agent is there, is answered (not swallowed by the greeting)', async ({ baseURL }, testInfo) => {
  // The words start at once; the LiveKit signal connection is held 2.5 s (a slow network), so
  // they are over before the room connects and only the pre-connect buffer can carry them.
  const parts = [0.3, QUESTION, 30];
  const slowSignal = async (page) => {
    await page.routeWebSocket(/\/rtc/, async (ws) => {
      await new Promise((r) => setTimeout(r, 2500));
      ws.connectToServer();
    });
  };
  await speaking(testInfo, baseURL, parts, async ({ page, wav }) => {
    await page.goto('/');
    await page.locator('button.lkw-call').click();
    const asked = lines(page, 'user', 'speech', /i would like an appointment/i);
    await expect(asked).toHaveCount(1, { timeout: 20_000 });
    const offer = lines(page, 'agent', 'speech', 'Shall I book it?');
    await expect(offer).toHaveCount(1, { timeout: 15_000 });
    await expect(offer).toHaveAttribute('data-state', 'final', { timeout: 15_000 });
    const v = await timeline(page);
    // The words were over before the agent was in the room: nothing but the buffer heard them.
    const joined = v.stages.find((s) => s.value === 'agent-joined');
    expect(v.mic[0].start).toBeLessThan(1000);
    expect(v.mic[0].end).toBeLessThan(wav.words[0].end * 1000 + 300);
    expect(v.mic[0].end, 'the question ended before the agent joined').toBeLessThan(joined.t);
    // Her first words answer the question (a greeting first would have swallowed it).
    const agentLines = v.lines.filter((l) => l.side === 'agent');
    expect(agentLines[0].text).toContain('Shall I book it?');
    await expect(asked).toHaveCount(1);
    await page.locator('button.lkw-call').click();
    await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  }, { route: slowSignal });
});

test('barge-in: the person talks while Sofia speaks → she stops, her line is marked cut off, she answers', async ({ baseURL }, testInfo) => {
  // The question makes her offer a slot (~6 s); "what is your name" starts ~2 s into the offer.
  const parts = [LEAD, QUESTION, 3, 'what is your name', 12];
  await speaking(testInfo, baseURL, parts, async ({ page }) => {
    await page.goto('/examples/calendar/');
    const widget = page.locator('lk-voice-widget');
    await widget.locator('button.lkw-call').click();
    await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
    await expect(lines(widget, 'user', 'speech', /i would like an appointment/i)).toHaveCount(1, { timeout: LEAD * 1000 + 15_000 });

    // Her offer is cut short: the line is final, marked, and lacks its end.
    const offer = lines(widget, 'agent', 'speech', 'The next free slot');
    await expect(offer).toHaveCount(1, { timeout: 15_000 });
    await expect(offer).toHaveAttribute('data-cut-off', 'true', { timeout: 15_000 });
    await expect(offer).toHaveAttribute('data-state', 'final');
    await expect(offer.locator('.lkw-line-cut')).toBeVisible();
    await expect(offer.locator('.lkw-line-text')).not.toContainText('Shall I book it?');

    // She answers the barge-in.
    await expect(lines(widget, 'user', 'speech', /what is your name/i)).toHaveCount(1, { timeout: 15_000 });
    const answer = lines(widget, 'agent', 'speech', 'My name is Sofia');
    await expect(answer).toHaveCount(1, { timeout: 15_000 });
    await expect(answer).not.toHaveAttribute('data-cut-off', 'true');

    // She stopped speaking soon after the person started (the offer alone lasts ~6 s).
    const v = await timeline(page);
    const shown = v.lines.find((l) => l.side === 'agent' && l.text.startsWith('The next free slot'));
    const spokeFrom = [...v.states].reverse().find((s) => s.value === 'speaking' && s.t <= shown.seen);
    const stoppedAt = v.states.find((s) => s.t > shown.seen && s.value !== 'speaking');
    const bargeIn = v.mic.find((b) => b.start > spokeFrom.t);
    expect(bargeIn, 'the person spoke while she offered').toBeTruthy();
    expect(stoppedAt.t - bargeIn.start, 'she stops within 2 s of the person starting').toBeLessThan(2000);
    expect(stoppedAt.t - spokeFrom.t, 'she spoke less than the whole offer').toBeLessThan(5000);
    // The host page is told too: the offer's last lkw-transcript event is final and cut off.
    const offerEvents = v.transcripts.filter((d) => d.speaker === 'agent' && d.text.startsWith('The next free slot'));
    expect(offerEvents.at(-1)).toMatchObject({ final: true, cutOff: true, kind: 'speech' });
    expect(offerEvents.slice(0, -1).every((d) => !d.cutOff)).toBe(true);
    await widget.locator('button.lkw-call').click();
    await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  });
});

test('a typed message while the microphone is open: one line for it, one spoken answer, no silence alarm', async ({ baseURL }, testInfo) => {
  // The microphone carries a room's quiet noise floor (-55 dBFS) and no words.
  await speaking(testInfo, baseURL, [20], async ({ page }) => {
    await page.goto('/');
    await page.locator('button.lkw-call').click();
    await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 20_000 });
    const greeting = lines(page, 'agent', 'speech', 'Hello, this is Sofia');
    await expect(greeting).toHaveAttribute('data-state', 'final', { timeout: 20_000 });
    await expect(page.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 20_000 });
    await askByChat(page, 'What is your name?', 'My name is Sofia');
    await expect(lines(page, 'user', 'speech')).toHaveCount(0);
    await expectNoSilenceAlarm(page);
    await page.locator('button.lkw-call').click();
    await expect(page.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
  }, { noiseDbfs: -55 });
});
