// End of the person's speech → first agent audio, measured in the page, the widget against the
// plain-JS reference with the same agent.
//
// The person is a WAV file: espeak-ng says the words (`-w`, en-us voice), padded here with
// silence before (the lead) and after (the tail). Chromium plays it as the fake microphone
// (`--use-file-for-fake-audio-capture`), from its start for every capture, and loops it with
// ~0.3 s between repeats — the tail is long enough that a run ends before the words come again.
//
// The lead is chosen so that the words start after the agent's greeting has ended: a person
// waits for the greeting, and a real AgentSession discards speech while its first 3 s are not
// interruptible and treats later speech as a barge-in. The warm-up pair runs with a long lead,
// measures where the greeting ends relative to the words, and the browser is relaunched with the
// shortest lead that leaves SPEECH_AFTER_GREETING_S of quiet before the words (a run whose words
// still overlap agent audio is reported as failed, never counted).
//
// In the page (bench/probe.js, the same code for both pages), two level timelines: the captured
// microphone track and the agent's <audio>. End of speech = the last loud window of the first
// microphone segment as long as the words (a 300 ms gap closes a segment); the reply = the first
// agent segment that starts after it; the metric is the time between the two.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchChromium, probeScript, sleep, stats, tokenAgents } from './lib.mjs';
import { agentLogLines } from './agent-bench.mjs';

const CALL = 'button.lkw-call, button.ref-call';
const SETTLE_MS = 1000;
const GAP_MS = 300;
export const SPEECH_TEXT = 'I would like an appointment'; // capital I: the pronoun (a lower-case i is read differently), as the e2e tests say it
const VOICE = 'en-us';
const SPEED = 165; // words per minute, as the e2e tests speak (e2e/speech.mjs)
const CALIBRATION_LEAD_S = 9;
const SPEECH_AFTER_GREETING_S = 1.0;
const TAIL_S = 6;
const NOISE_DBFS = -55;

/** The samples of a PCM WAV (16-bit), with its format. */
function readWav(buf) {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let pos = 12;
  let fmt = null;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(pos + 8), channels: buf.readUInt16LE(pos + 10), sampleRate: buf.readUInt32LE(pos + 12), bits: buf.readUInt16LE(pos + 22) };
    } else if (id === 'data') {
      if (!fmt || fmt.format !== 1 || fmt.bits !== 16) throw new Error('expected 16-bit PCM');
      return { ...fmt, data: buf.subarray(pos + 8, Math.min(buf.length, pos + 8 + size)) };
    }
    pos += 8 + size + (size % 2);
  }
  throw new Error('WAV without a data chunk');
}

function writeWav({ channels, sampleRate, data }) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** espeak-ng's words, trimmed of its own leading / trailing silence. */
function spokenWords(text) {
  const dir = join(ROOT, 'target', 'bench');
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, 'speech-words.wav');
  execFileSync('espeak-ng', ['-v', VOICE, '-s', String(SPEED), '-w', raw, text], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wav = readWav(readFileSync(raw));
  const frame = 2 * wav.channels;
  const frames = wav.data.length / frame;
  const loud = (i) => Math.abs(wav.data.readInt16LE(i * frame)) > 300; // ~0.01 of full scale
  let first = 0;
  while (first < frames && !loud(first)) first += 1;
  let last = frames - 1;
  while (last > first && !loud(last)) last -= 1;
  return { ...wav, data: wav.data.subarray(first * frame, (last + 1) * frame) };
}

/** A deterministic white-noise floor of `dbfs` (RMS) added to s16 samples in place: a real
 * microphone never sends zeros (and the widget calls a microphone below -70 dBFS silent). Far
 * below the probe's threshold (RMS 0.01 = -40 dBFS). */
function addNoise(data, dbfs) {
  const amplitude = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3); // uniform noise: rms = a / sqrt(3)
  let seed = 12345;
  for (let i = 0; i + 1 < data.length; i += 2) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const v = data.readInt16LE(i) + ((seed / 4294967296) * 2 - 1) * amplitude;
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v))), i);
  }
}

/** Writes lead silence + the words + tail silence (under a -55 dBFS noise floor); returns
 * { path, wordsS, leadS, totalS, … }. */
export function makeSpeechWav({ text = SPEECH_TEXT, leadS, tailS = TAIL_S, noiseDbfs = NOISE_DBFS }) {
  const words = spokenWords(text);
  const frame = 2 * words.channels;
  const silence = (s) => Buffer.alloc(Math.round(s * words.sampleRate) * frame);
  const data = Buffer.concat([silence(leadS), words.data, silence(tailS)]);
  if (noiseDbfs != null) addNoise(data, noiseDbfs);
  const path = join(ROOT, 'target', 'bench', `speech-lead-${leadS.toFixed(1)}s.wav`);
  writeFileSync(path, writeWav({ ...words, data }));
  const wordsS = words.data.length / frame / words.sampleRate;
  return { path, text, voice: VOICE, speed: SPEED, sampleRate: words.sampleRate, noiseDbfs, leadS, tailS, wordsS: Math.round(wordsS * 1000) / 1000, totalS: Math.round((leadS + wordsS + tailS) * 1000) / 1000 };
}

/**
 * Reads the two timelines: the words (first closed microphone segment at least half as long as
 * the words), what the agent played before them (the greeting), and the reply.
 */
export function analyse({ now, mic, agent }, wordsS) {
  const closed = mic.filter((s) => now - s.end > GAP_MS);
  const speech = closed.find((s) => s.end - s.start >= wordsS * 500);
  if (!speech) return { done: false };
  const before = agent.filter((s) => s.start < speech.start);
  const greetingEnd = before.length ? Math.max(...before.map((s) => s.end)) : null;
  const overlap = agent.some((s) => s.start <= speech.end && s.end >= speech.start);
  const reply = agent.find((s) => s.start > speech.end);
  const out = {
    speechStart: speech.start,
    speechEnd: speech.end,
    speechMs: Math.round(speech.end - speech.start),
    greetingStart: agent.length ? agent[0].start : null,
    greetingEnd,
    quietBeforeSpeechMs: greetingEnd == null ? null : Math.round(speech.start - greetingEnd),
    overlap,
  };
  if (!reply) return { done: false, ...out };
  const nextSpeech = mic.find((s) => s.start > speech.end);
  return { done: true, ...out, replyStart: reply.start, replyAfterNextSpeech: Boolean(nextSpeech && nextSpeech.start < reply.start), ms: Math.round((reply.start - speech.end) * 10) / 10 };
}

async function speechRun(browser, { kind, url, wav }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const tokens = [];
  page.on('response', async (res) => {
    if (new URL(res.url()).pathname.endsWith('/api/token') && res.request().method() === 'POST') {
      tokens.push(tokenAgents(await res.json().catch(() => null)));
    }
  });
  await page.addInitScript({ content: probeScript({ audioProbe: true, speechProbe: true, gapMs: GAP_MS }) });
  const result = { kind, ok: false };
  const deadlineMs = (wav.leadS + wav.wordsS + 12) * 1000;
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => window.__lkwBench && 'interactive' in window.__lkwBench.t, null, { timeout: 30_000, polling: 50 });
    // Warm SDK (the widget's normal path): the click comes once the idle preload has arrived.
    await page.waitForFunction(
      () => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/livekit-client.min.js') && r.responseEnd > 0),
      null,
      { timeout: 15_000, polling: 50 },
    );
    await sleep(SETTLE_MS);
    await page.locator(CALL).click({ timeout: 10_000 });
    const started = Date.now();
    let state;
    let a = { done: false };
    while (Date.now() - started < deadlineMs) {
      await sleep(100);
      state = await page.evaluate(() => {
        const b = window.__lkwBench;
        return { now: b.now(), origin: performance.timeOrigin, t: { ...b.t }, mic: b.mic.map((s) => ({ ...s })), agent: b.agent.map((s) => ({ ...s })), micTracks: b.micTracks };
      });
      a = analyse(state, wav.wordsS);
      if (a.done) break;
    }
    const rel = (x) => (x == null ? null : Math.round(x - state.t.click));
    result.marks = {
      gumEnd: rel(state.t.gumEnd),
      firstAudio: rel(state.t.firstAudio),
      greetingStart: rel(a.greetingStart),
      greetingEnd: rel(a.greetingEnd),
      speechStart: rel(a.speechStart),
      speechEnd: rel(a.speechEnd),
      replyStart: rel(a.replyStart),
    };
    // Wall-clock times (ms since the epoch, same machine clock as the agent's log) to line the
    // page's marks up with what the agent logged.
    const wall = (x) => (x == null ? null : Math.round(state.origin + x));
    result.wall = { click: wall(state.t.click), speechEnd: wall(a.speechEnd), replyStart: wall(a.replyStart), end: Date.now() };
    result.speechMs = a.speechMs ?? null;
    result.quietBeforeSpeechMs = a.quietBeforeSpeechMs ?? null;
    // The timelines themselves (ms from the click), to tell what happened in a failed run.
    const seg = (list) => list.map((x) => [rel(x.start), rel(x.end)]);
    result.segments = { mic: seg(state.mic), agent: seg(state.agent) };
    result.micTracks = state.micTracks;
    result.micSegments = state.mic.length;
    result.agentSegments = state.agent.length;
    const overlapsAgent = (m) => state.agent.some((g) => g.start <= m.end && g.end >= m.start);
    if (!a.done && a.speechEnd == null && state.mic.some(overlapsAgent)) {
      // e.g. a late greeting: the words came while the agent spoke (and echo cancellation cut them up)
      result.error = 'the words overlapped agent audio (the greeting ran into them)';
    } else if (!a.done) {
      result.error = a.speechEnd == null ? 'the words were not heard on the microphone track' : 'no agent audio after the words (it understood nothing?)';
    } else if (a.overlap) {
      result.error = 'the words overlapped agent audio (the greeting ran into them)';
    } else if (a.replyAfterNextSpeech) {
      result.error = 'the reply came only after the next repeat of the words';
    } else {
      result.ms = a.ms;
      result.ok = true;
    }
  } catch (err) {
    result.error = err.message.split('\n')[0];
  }
  try {
    if ((await page.locator(CALL).textContent({ timeout: 2000 }))?.trim() === 'Hang up') {
      await page.locator(CALL).click({ timeout: 5000 });
      await page.waitForFunction(() => window.__lkwBench.query('[data-stage]')?.dataset.stage === 'ended', null, { timeout: 10_000, polling: 100 });
    }
  } catch (err) {
    result.hangUpError = err.message.split('\n')[0];
  }
  result.dispatched = tokens.at(-1) ?? null;
  if (pageErrors.length) result.pageErrors = pageErrors;
  await context.close();
  return result;
}

/**
 * One discarded warm-up pair with a long lead (calibration), then `pairs` interleaved pairs
 * (widget, reference) with the calibrated lead, warm SDK. `onCall(kind)` is called as a run
 * starts and returns a function called when it ends (the harness samples the agent's memory).
 */
export async function runSpeech({ targets, pairs, log = console.log, onCall = () => () => {} }) {
  let wav = makeSpeechWav({ leadS: CALIBRATION_LEAD_S });
  log(`speech: "${wav.text}" (espeak-ng -v ${wav.voice} -s ${wav.speed}, ${wav.wordsS} s of words); calibration lead ${wav.leadS} s`);
  const runs = [];
  let browser = await launchChromium([`--use-file-for-fake-audio-capture=${wav.path}`]);
  let calibration = null;
  try {
    for (let i = 0; i <= pairs; i += 1) {
      for (const kind of ['widget', 'reference']) {
        const done = onCall(kind, i === 0);
        const r = await speechRun(browser, { kind, url: targets[kind], wav });
        r.call = done();
        r.pair = i;
        r.warmup = i === 0;
        r.leadS = wav.leadS;
        runs.push(r);
        const m = r.marks ?? {};
        log(
          `speech: ${i === 0 ? 'warm-up' : `pair ${String(i).padStart(2)}`} ${kind.padEnd(9)} ` +
            `greeting ${m.greetingStart ?? '—'}–${m.greetingEnd ?? '—'} ms · words ${m.speechStart ?? '—'}–${m.speechEnd ?? '—'} · reply ${m.replyStart ?? '—'}` +
            (r.ok ? ` → end of speech → first agent audio ${Math.round(r.ms)} ms` : ` FAILED: ${r.error}`),
        );
        await sleep(1000);
      }
      if (i === 0) {
        // The lead that leaves SPEECH_AFTER_GREETING_S between the greeting's end and the words.
        const quiet = runs.filter((r) => r.warmup && r.quietBeforeSpeechMs != null && !r.error?.includes('overlapped')).map((r) => r.quietBeforeSpeechMs);
        if (quiet.length === 2) {
          const leadS = Math.max(1, Math.ceil((CALIBRATION_LEAD_S - Math.min(...quiet) / 1000 + SPEECH_AFTER_GREETING_S) * 10) / 10);
          calibration = { quietMs: quiet, leadS };
          if (leadS < CALIBRATION_LEAD_S) {
            wav = makeSpeechWav({ leadS });
            await browser.close();
            browser = await launchChromium([`--use-file-for-fake-audio-capture=${wav.path}`]);
          }
          log(`speech: greeting ended ${Math.min(...quiet)} ms before the words in the warm-up; lead now ${wav.leadS} s`);
        } else {
          calibration = { quietMs: quiet, leadS: wav.leadS, note: 'warm-up did not show the greeting and the words apart: kept the long lead' };
          log(`speech: ${calibration.note}`);
        }
      }
    }
    return { chromium: browser.version(), wav, calibration, runs, summary: summarizeSpeech(runs) };
  } finally {
    await browser.close();
  }
}

/**
 * Where the reply's time goes, from the agent's log (JSON lines with an ISO `timestamp`): for each
 * counted run, the first "recognized …" (speech-to-text done) and the first "reply …" (the rule
 * LLM's answer, tool calls included) logged after the page's end of speech. Adds
 * `run.agentLog = { toRecognizedMs, toReplyTextMs, decodeMs }`; returns the medians, or null
 * when the log has no such lines.
 */
export function agentBreakdown(runs, logText) {
  const lines = agentLogLines(logText);
  const counted = runs.filter((r) => r.ok && !r.warmup && r.wall?.speechEnd);
  for (const r of counted) {
    const within = lines.filter((l) => l.at >= r.wall.click && l.at <= r.wall.end);
    const recognized = within.find((l) => l.at >= r.wall.speechEnd && /^recognized\b/.test(l.message));
    const reply = recognized && within.find((l) => l.at >= recognized.at && /^reply\b/.test(l.message));
    const decode = recognized && /in ([\d.]+) s\)/.exec(recognized.message);
    r.agentLog = {
      toRecognizedMs: recognized ? recognized.at - r.wall.speechEnd : null,
      decodeMs: decode ? Math.round(Number(decode[1]) * 1000) : null,
      toReplyTextMs: reply ? reply.at - recognized.at : null,
      replyTextToAudioMs: reply ? r.wall.replyStart - reply.at : null,
      heard: recognized ? (/recognized '([^']*)'/.exec(recognized.message)?.[1] ?? recognized.message.slice(0, 80)) : null,
    };
  }
  const of = (kind, k) => stats(counted.filter((r) => r.kind === kind).map((r) => r.agentLog[k]));
  if (!counted.some((r) => r.agentLog.toRecognizedMs != null)) return null;
  const keys = ['toRecognizedMs', 'decodeMs', 'toReplyTextMs', 'replyTextToAudioMs'];
  return {
    ours: Object.fromEntries(keys.map((k) => [k, of('widget', k)])),
    plain: Object.fromEntries(keys.map((k) => [k, of('reference', k)])),
    // What the agent understood, with how many calls: the reply (and its path: a tool call or
    // not) depends on it.
    heard: counted.reduce((acc, r) => {
      const k = r.agentLog.heard ?? '(nothing logged)';
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {}),
  };
}

export function summarizeSpeech(runs) {
  const counted = runs.filter((r) => !r.warmup);
  const of = (kind) => counted.filter((r) => r.kind === kind && r.ok);
  const ours = stats(of('widget').map((r) => r.ms));
  const plain = stats(of('reference').map((r) => r.ms));
  const pick = (kind, k) => stats(of(kind).map((r) => r.marks?.[k]));
  return {
    endOfSpeechToAudio: { ours, plain, ratio: ours.median != null && plain.median ? Math.round((ours.median / plain.median) * 1000) / 1000 : null, diffMs: ours.median != null && plain.median != null ? Math.round((ours.median - plain.median) * 10) / 10 : null },
    marks: Object.fromEntries(['firstAudio', 'greetingEnd', 'speechStart', 'speechEnd', 'replyStart'].map((k) => [k, { ours: pick('widget', k), plain: pick('reference', k) }])),
    speechMs: { ours: stats(of('widget').map((r) => r.speechMs)), plain: stats(of('reference').map((r) => r.speechMs)) },
    quietBeforeSpeechMs: { ours: stats(of('widget').map((r) => r.quietBeforeSpeechMs)), plain: stats(of('reference').map((r) => r.quietBeforeSpeechMs)) },
    failures: {
      widget: counted.filter((r) => r.kind === 'widget' && !r.ok).map((r) => r.error),
      reference: counted.filter((r) => r.kind === 'reference' && !r.ok).map((r) => r.error),
    },
    dispatched: [...new Set(counted.map((r) => JSON.stringify(r.dispatched)))].map((s) => JSON.parse(s)),
  };
}
