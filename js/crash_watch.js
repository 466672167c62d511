// The crash path, kept in JavaScript: the release build turns a panic into a wasm trap at once
// (no panic hook runs), and a trapped wasm must not be called again. So what a crash must do is
// prepared here while the widget lives, by the wasm (`src/embed/crash.rs`,
// `src/livekit/live_calls.rs`), and done here when the trap reaches the page:
// a `WebAssembly.RuntimeError` thrown out of our wasm into a DOM listener, a timer or a microtask
// (window `error`), or out of a promise callback (`unhandledrejection`).

const live = new Map(); // id → () => void: ends one room or microphone track
const widgets = new Map(); // id → {root, notice, detail, emit}
let nextId = 0;
let listening = false;
let crashed = false;
let lastWords = null;

/**
 * The folder of the glue and the wasm: this file is wasm-bindgen's snippet
 * (`<dist>/snippets/<crate>/js/crash_watch.js`) in tests and debug builds, and part of the glue
 * itself (`<dist>/lk-voice-widget-<hash>.js`) once the release build hook bundled it in.
 */
const DIST = ((here) => here.match(/^(.*\/)snippets\/[^/]+\/js\/[^/?#]+(?:[?#].*)?$/)?.[1] ?? new URL('./', here).href)(import.meta.url);

/**
 * A trap is ours when its stack names our glue or wasm (`<dist>/lk-voice-widget-<hash>.js`,
 * `…_bg.wasm`): a host page's own wasm trapping must not end our calls (e2e/crash.spec.mjs).
 * Chromium, Firefox and WebKitGTK all name one of them (their e2e legs).
 */
const OURS = `${DIST}lk-voice-widget-`;

export function holdRoom(room) {
  const id = nextId++;
  live.set(id, () => room.disconnect());
  listen();
  return id;
}

export function holdTrack(track) {
  const id = nextId++;
  live.set(id, () => track.stop());
  listen();
  return id;
}

export function release(id) {
  live.delete(id);
  widgets.delete(id);
  listen();
}

/** How many rooms and tracks a crash would end now (tests). */
export function liveCount() {
  return live.size;
}

/** Disconnects every held room and stops every held track; returns how many. Never throws. */
export function endAll() {
  for (const end of live.values()) {
    try {
      Promise.resolve(end()).catch(() => {});
    } catch {}
  }
  return live.size;
}

export function watchWidget(root, notice, detail, emit) {
  const id = nextId++;
  widgets.set(id, { root, notice, detail, emit });
  listen();
  return id;
}

/** The whole crash report of the next trap (the crash drill says so before trapping on purpose). */
export function noteLastWords(words) {
  lastWords = words;
}

/**
 * Listens on the window only while a widget is mounted or a call holds something: a destroyed
 * widget leaves no listener behind (and before a mount a crash has nothing to end or tell).
 */
function listen() {
  const wanted = !crashed && widgets.size + live.size > 0;
  if (wanted === listening) return;
  listening = wanted;
  const change = wanted ? 'addEventListener' : 'removeEventListener';
  globalThis[change]('error', onError);
  globalThis[change]('unhandledrejection', onRejection);
}

const onError = (event) => onTrap(event.error);
const onRejection = (event) => onTrap(event.reason);

function ours(error) {
  return error instanceof WebAssembly.RuntimeError && String(error.stack).includes(OURS);
}

function onTrap(error) {
  if (crashed || !ours(error)) return;
  crashed = true;
  // First what the person cannot see: the call still sending their voice.
  endAll();
  const report = lastWords ?? `lk-voice-widget crashed: ${error.message} at ${firstWasmFrame(error)}`;
  console.error(report, error);
  for (const { root, notice, detail, emit } of widgets.values()) {
    showNotice(root, notice);
    if (emit) {
      try {
        emit('lkw-error', { ...detail, evidence: report });
      } catch {}
    }
  }
}

function firstWasmFrame(error) {
  const frame = String(error.stack).split('\n').find((line) => line.includes('wasm-function['));
  return frame ? frame.trim().replace(/^at /, '') : 'no wasm frame';
}

/** Puts in place of the widget an inert copy saying it stopped (Leptos only knows the original). */
function showNotice(root, notice) {
  const original = root.querySelector('.lkw');
  if (!original) return;
  const section = original.cloneNode(true);
  section.setAttribute('data-stage', 'crashed');
  for (const control of section.querySelectorAll('button, input, select, textarea')) control.setAttribute('disabled', '');
  const status = section.querySelector('.lkw-status');
  if (status) {
    status.setAttribute('role', 'alert');
    status.setAttribute('aria-live', 'assertive');
    status.textContent = notice;
  }
  original.replaceWith(section);
}
