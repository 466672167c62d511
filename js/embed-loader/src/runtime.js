// What every widget on the page shares (module scope, never a page global): the stylesheet and
// the wasm-bindgen glue, loaded once.
import { OWNER } from '../generated/contract.js';

/* global __LKW_BUILD__ */
/**
 * Filled in by js/build-embed.mjs (esbuild `define`, at Trunk's post_build): the hashed names of
 * the glue and the wasm beside the embed folder, and the widget's CSS as js/critical-css.mjs
 * pieces (`[text, first]`, in the stylesheet's order).
 */
export const BUILD = typeof __LKW_BUILD__ === 'undefined' ? { glue: null, wasm: null, css: [] } : __LKW_BUILD__;
/** The loader's own URL (after bundling, the shipped file's). */
export const BASE = import.meta.url;

const IDLE_TIMEOUT_MS = 3000;

const sheet = (text) => {
  const made = new CSSStyleSheet();
  made.replaceSync(text);
  return made;
};
let firstSheet;
let wholeSheet;
/**
 * The rules that can style the early button, parsed when it is drawn (about 45 % of the
 * stylesheet): parsing the whole one was a step of its own on the path to the button (issue 15:
 * 1–4 ms of the element's set-up, measured by bench/page-load.mjs), and most of it styles only
 * the wasm's widget.
 */
export function placeholderStyles() {
  firstSheet ??= sheet(BUILD.css.filter(([, first]) => first).map(([text]) => text).join(''));
  return firstSheet;
}
/** The whole stylesheet, in its order: adopted once the wasm is on its way, before it mounts. */
export function widgetStyles() {
  wholeSheet ??= sheet(BUILD.css.map(([text]) => text).join(''));
  return wholeSheet;
}

let runtime;
/** The wasm-bindgen glue, initialised once (its `init()` fetches and instantiates the wasm). */
export function loadRuntime() {
  if (!runtime) {
    runtime = (async () => {
      if (!BUILD.glue || !BUILD.wasm) throw new Error(OWNER.loaderNotBuilt);
      const glue = await import(new URL(BUILD.glue, BASE).href);
      await glue.default({ module_or_path: new URL(BUILD.wasm, BASE) });
      return glue;
    })();
    // A failed load is forgotten: the next intent tries again.
    runtime.catch(() => {
      runtime = undefined;
    });
  }
  return runtime;
}

export function runtimeLoaded() {
  return Boolean(runtime);
}

/** Where the glue is (or would be), for the owner's fix when it did not load. */
export function glueUrl() {
  return BUILD.glue ? new URL(BUILD.glue, BASE).href : BASE;
}

export function whenIdle(fn) {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 200);
  return () => clearTimeout(id);
}
