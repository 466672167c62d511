// Loads the pinned livekit-client ESM build lazily, without touching any page global.
//
// Why dynamic import: the SDK is ~150 KB gzip; the widget must render its button before paying for
// it, and a host page may already carry its own `window.LivekitClient` that we must not disturb.
// Why `.js` and not `.mjs`: wasm-bindgen-test-runner serves `.mjs` as octet-stream.

const pending = new Map();

/** The default SDK URL: `vendor/` beside the app root (snippets live three folders down). */
export function defaultSdkUrl() {
  return new URL('../../../vendor/livekit-client.min.js', import.meta.url).href;
}

/**
 * Resolves to the SDK's module namespace. On failure rejects with
 * `{ kind, url, status, message }` so the Rust side can name the URL and the cause.
 * A failed load is forgotten so that the next intent retries.
 */
export function loadSdk(url) {
  const href = new URL(url, document.baseURI).href;
  let p = pending.get(href);
  if (!p) {
    p = import(/* @vite-ignore */ href).catch(async (err) => {
      pending.delete(href);
      throw await explainLoadFailure(href, err);
    });
    pending.set(href, p);
  }
  return p;
}

async function explainLoadFailure(href, err) {
  const message = String((err && err.message) || err);
  try {
    const res = await fetch(href, { method: 'GET', cache: 'no-store' });
    if (!res.ok) return { kind: 'http', url: href, status: res.status, message };
    const type = res.headers.get('content-type') || '';
    if (!/javascript|ecmascript/.test(type)) {
      return { kind: 'mime', url: href, status: res.status, message: `served as '${type}'` };
    }
    return { kind: 'script', url: href, status: res.status, message };
  } catch (fetchErr) {
    // fetch() itself failing means network, CORS or a CSP `connect-src`/`script-src` refusal.
    return { kind: 'network', url: href, status: 0, message };
  }
}
