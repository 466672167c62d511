// What every widget on the page shares (module scope, never a page global): the stylesheet and
// the wasm-bindgen glue, loaded once.
import { OWNER } from '../generated/contract.js';

/* global __LKW_BUILD__ */
/**
 * Filled in by js/build-embed.mjs (esbuild `define`, at Trunk's post_build): the hashed names of
 * the glue and the wasm beside the embed folder, and the widget's CSS text.
 */
export const BUILD = typeof __LKW_BUILD__ === 'undefined' ? { glue: null, wasm: null, css: '' } : __LKW_BUILD__;
/** The loader's own URL (after bundling, the shipped file's). */
export const BASE = import.meta.url;

const IDLE_TIMEOUT_MS = 3000;

let stylesheet;
export function widgetStyles() {
  if (!stylesheet) {
    stylesheet = new CSSStyleSheet();
    stylesheet.replaceSync(BUILD.css || '');
  }
  return stylesheet;
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
