// Speech for the fake microphone (test instrumentation, not part of the widget).
//
// `speechWav` builds one WAV from espeak-ng utterances and pauses, for Chromium's
// `--use-file-for-fake-audio-capture=<wav>`. Pure Node: espeak-ng writes each utterance with
// `-w` (a proper header), this module joins the samples and writes the padded file itself (no
// sox). `launchSpeaking` starts a browser whose microphone plays such a file.
//
// How Chromium plays the file (measured here, Chromium 156, with the probe below): from its start
// when the page captures the microphone (the words at 0.5 s in the file were heard 0.54 s after
// getUserMedia resolved; ±0.4 s over calls), resampled to 48 kHz, and looped with no pause of
// its own (a 4.871 s file repeated every 4.874–4.882 s). A bare utterance therefore never ends a
// turn for the agent's VAD: every file needs pauses of seconds after its words, and the pauses
// decide when the agent hears what. The agent's processing, not the file, needs silence before
// the first words too (see `noiseDbfs`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './playwright.config.mjs';

const RATE = 22050; // espeak-ng's rate; Chromium resamples

/** The mono s16 samples and rate of a WAV file (walks the RIFF chunks). */
export function readWav(path) {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV`);
  let offset = 12;
  let format = null;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format || format.channels !== 1 || format.bits !== 16) throw new Error(`${path}: want mono 16-bit, got ${JSON.stringify(format)}`);
      const end = Math.min(body + size, buf.length);
      const samples = new Int16Array((end - body) >> 1);
      for (let i = 0; i < samples.length; i += 1) samples[i] = buf.readInt16LE(body + 2 * i);
      return { rate: format.rate, samples };
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Writes mono s16 samples as a WAV file. */
export function writeWav(path, samples, rate = RATE) {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples.length * 2, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i += 1) buf.writeInt16LE(samples[i], 44 + 2 * i);
  writeFileSync(path, buf);
}

/** espeak-ng's samples for `text`, trimmed of the silence it puts around the words. */
function say(text, { voice = 'en-us', speed = 165, amplitude = 100 } = {}, dir) {
  const file = join(dir, `say-${Date.now()}-${Math.random().toString(36).slice(2)}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '-a', String(amplitude), '-w', file, '--', text]);
  const { rate, samples } = readWav(file);
  rmSync(file);
  if (rate !== RATE) throw new Error(`espeak-ng wrote ${rate} Hz, expected ${RATE}`);
  const loud = (v) => Math.abs(v) > 300;
  let first = samples.findIndex(loud);
  let last = samples.length - 1;
  while (last > 0 && !loud(samples[last])) last -= 1;
  if (first < 0) first = 0;
  return samples.subarray(first, last + 1);
}

/** A deterministic white noise floor at `dbfs` (RMS): a real microphone never sends zeros. */
function addNoise(samples, dbfs) {
  const amplitude = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3); // uniform noise: rms = a / sqrt(3)
  let seed = 12345;
  for (let i = 0; i < samples.length; i += 1) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const noise = ((seed / 4294967296) * 2 - 1) * amplitude;
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] + noise)));
  }
}

/**
 * Writes a WAV of `parts` in order: a number is a pause in seconds, a string is said by espeak-ng
 * (or `{ say, voice, speed }`). Returns `{ path, duration, words: [{ text, start, end }] }`, the
 * times in seconds from the file's start.
 * Options: `dir` (default a fresh temp dir), `name`, `noiseDbfs`: a white noise floor under
 * everything at that RMS level, like a real microphone's (-55 comes out at about -58 dBFS after
 * Chromium's audio processing; the widget calls a microphone below -70 silent); default `null`,
 * digital silence in the pauses. Measured here: with a noise floor, the agent's recognizer got
 * the call's first utterance wrong in about half the calls ("thank you" for "i would like an
 * appointment", 4 of 8 after 8 s of -55 dBFS noise; later utterances right), with digital
 * silence never (0 of 5): words for the agent go on silence, the noise floor is for the tests
 * of a healthy microphone.
 */
export function speechWav(parts, { dir, name = 'speech.wav', noiseDbfs = null } = {}) {
  dir = dir || mkdtempSync(join(tmpdir(), 'lkw-speech-'));
  mkdirSync(dir, { recursive: true });
  const chunks = [];
  const words = [];
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'number') {
      chunks.push(new Int16Array(Math.round(part * RATE)));
      at += Math.round(part * RATE);
      continue;
    }
    const { say: text, ...voice } = typeof part === 'string' ? { say: part } : part;
    const samples = say(text, voice, dir);
    words.push({ text, start: at / RATE, end: (at + samples.length) / RATE });
    chunks.push(samples);
    at += samples.length;
  }
  const all = new Int16Array(at);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  if (noiseDbfs !== null) addNoise(all, noiseDbfs);
  const path = join(dir, name);
  writeWav(path, all);
  return { path, duration: at / RATE, words };
}

/** A headless Chromium whose fake microphone plays `wav` (looped); the caller closes it. */
export function launchSpeaking(wav) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
  });
}

/**
 * Init script: a timeline of the call in `window.__lkwVoice`, times in ms since the microphone
 * was captured (≈ where the fake microphone's file starts): the microphone's speech bursts as the
 * page captured them (`mic`), the call's stages, the agent's states, every transcript line
 * (`lines`: side, kind, text, seen, final, cutOff), the embed's `lkw-transcript` events
 * (`transcripts`: their details) and the agent's loud audio (`agentLoud`,
 * `peakAgentRms`) — to check and report what happened when.
 */
export function voiceProbe() {
  const v = { capturedAt: null, mic: [], stages: [], states: [], lines: [], transcripts: [], agentLoud: [], peakAgentRms: 0 };
  // The embed's host events for transcript lines (every page loads the widget through the embed).
  document.addEventListener('lkw-transcript', (e) => v.transcripts.push(e.detail));
  Object.defineProperty(window, '__lkwVoice', { value: v });
  const now = () => (v.capturedAt === null ? null : Math.round(performance.now() - v.capturedAt));
  // Runs `onLevel(rms)` every ~20 ms over an audio track.
  const meter = (track, onLevel) => {
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const tick = () => {
      if (track.readyState !== 'live') return ctx.close();
      if (ctx.state === 'suspended') ctx.resume();
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const x of buf) sum += x * x;
      onLevel(Math.sqrt(sum / buf.length));
      setTimeout(tick, 20);
    };
    tick();
  };
  // Bursts of level above the threshold, joined across gaps shorter than 300 ms.
  const bursts = (list, threshold) => {
    let quietSince = null;
    return (rms) => {
      const t = now();
      const last = list[list.length - 1];
      if (rms > threshold) {
        quietSince = null;
        if (last && last.end === null) return;
        if (last && t - last.end < 300) last.end = null;
        else list.push({ start: t, end: null });
      } else if (last && last.end === null) {
        if (quietSince === null) quietSince = t;
        if (t - quietSince > 100) last.end = quietSince;
      }
    };
  };
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await gum(constraints);
    if (v.capturedAt === null) {
      v.capturedAt = performance.now();
      for (const track of stream.getAudioTracks()) meter(track, bursts(v.mic, 0.02));
    }
    return stream;
  };
  // Every <audio> the page makes (the SDK's track.attach(); also inside a shadow root).
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (tag, options) {
    const el = createElement.call(this, tag, options);
    if (String(tag).toLowerCase() === 'audio') {
      let tries = 0;
      const start = () => {
        const track = el.srcObject && el.srcObject.getAudioTracks()[0];
        if (!track) return (tries += 1) < 600 ? setTimeout(start, 50) : undefined;
        const loud = bursts(v.agentLoud, 0.01);
        meter(track, (rms) => {
          if (rms > v.peakAgentRms) v.peakAgentRms = rms;
          loud(rms);
        });
      };
      start();
    }
    return el;
  };
  // What the widget shows, polled: the call's stage, the agent's state and every transcript line
  // (first seen, final, cut off), found in the page or in a widget's shadow root.
  const lineOf = new WeakMap();
  setInterval(() => {
    const host = document.querySelector('lk-voice-widget');
    const root = host && host.shadowRoot ? host.shadowRoot : document;
    const el = root.querySelector('.lkw');
    if (!el || v.capturedAt === null) return;
    const t = now();
    for (const [key, list] of [['data-stage', v.stages], ['data-agent-state', v.states]]) {
      const value = el.getAttribute(key);
      const last = list[list.length - 1];
      if (value && (!last || last.value !== value)) list.push({ t, value });
    }
    for (const li of root.querySelectorAll('.lkw-line')) {
      let line = lineOf.get(li);
      if (!line) {
        line = { side: li.dataset.side, kind: li.dataset.kind, seen: t, final: null, cutOff: false, text: '' };
        lineOf.set(li, line);
        v.lines.push(line);
      }
      line.text = (li.querySelector('.lkw-line-text') || li).textContent;
      if (line.final === null && li.dataset.state === 'final') line.final = t;
      line.cutOff = li.dataset.cutOff === 'true';
    }
  }, 20);
}
