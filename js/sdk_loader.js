// Loads the pinned livekit-client ESM build lazily, without touching any page global.
//
// Why dynamic import: the SDK is ~150 KB gzip; the widget must render its button before paying for
// it, and a host page may already carry its own `window.LivekitClient` that we must not disturb.
// Why `.js` and not `.mjs`: wasm-bindgen-test-runner serves `.mjs` as octet-stream.

const pending = new Map();

/**
 * The folder of the glue and the wasm: this file is wasm-bindgen's snippet
 * (`<dist>/snippets/<crate>/js/sdk_loader.js`) in tests and debug builds, and part of the glue
 * itself (`<dist>/lk-voice-widget-<hash>.js`) once the release build hook bundled it in.
 */
const DIST = ((here) => here.match(/^(.*\/)snippets\/[^/]+\/js\/[^/?#]+(?:[?#].*)?$/)?.[1] ?? new URL('./', here).href)(import.meta.url);

/** The default SDK URL: `vendor/` beside the glue and the wasm. */
export function defaultSdkUrl() {
  return `${DIST}vendor/livekit-client.min.js`;
}

/**
 * Resolves to the SDK's module namespace. On failure rejects with
 * `{ kind, url, status, message }` (and `contentType` for `mime`): facts only, the words are
 * the widget's (`src/i18n/diagnosis.rs`).
 * A failed load is forgotten so that the next intent retries.
 */
export function loadSdk(url) {
  const href = new URL(url, document.baseURI).href;
  let p = pending.get(href);
  if (!p) {
    p = import(/* @vite-ignore */ href).then(withCollectableRooms, async (err) => {
      pending.delete(href);
      throw await explainLoadFailure(href, err);
    });
    pending.set(href, p);
  }
  return p;
}

/**
 * The SDK's namespace, its Rooms collectable once disconnected.
 *
 * livekit-client 2.23's Room constructor registers itself with `Room.cleanupRegistry` (a
 * FinalizationRegistry meant to remove its `devicechange` listener once the Room is collected)
 * and wraps that listener in a WeakRef closure. Both closures close over the constructor's
 * context, which holds `this`: the registry's held value and the listener keep every Room alive
 * for the page's life (with its engine, tracks and the listener on `navigator.mediaDevices`).
 * Without the registry the SDK takes its older path — a direct listener that `disconnect()`
 * removes — and a disconnected Room is garbage like any other object. This module is the
 * widget's own copy of the SDK (never a page global), so the switch is ours to make.
 */
function withCollectableRooms(ns) {
  const Room = ns && ns.Room;
  if (typeof Room === 'function' && Room.cleanupRegistry) {
    try {
      Room.cleanupRegistry = false;
    } catch {
      /* a frozen class: keep the SDK's behaviour */
    }
  }
  return ns;
}

async function explainLoadFailure(href, err) {
  const message = String((err && err.message) || err);
  try {
    const res = await fetch(href, { method: 'GET', cache: 'no-store' });
    if (!res.ok) return { kind: 'http', url: href, status: res.status, message };
    const type = res.headers.get('content-type') || '';
    if (!/javascript|ecmascript/.test(type)) {
      return { kind: 'mime', url: href, status: res.status, contentType: type, message };
    }
    return { kind: 'script', url: href, status: res.status, message };
  } catch (fetchErr) {
    // fetch() itself failing means network, CORS or a CSP `connect-src`/`script-src` refusal.
    return { kind: 'network', url: href, status: 0, message };
  }
}
