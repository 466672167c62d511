// lk-voice-widget embed loader: the <lk-voice-widget> element and `mount(element, options)`,
// bundled by js/build-embed.mjs (esbuild, at Trunk's post_build) into dist/embed/lk-voice-widget.js.
//
//   <script type="module" src="https://widget.example/embed/lk-voice-widget.js"></script>
//   <lk-voice-widget token-url="/api/token" agent="sofia" lang="de"></lk-voice-widget>
//
// Light first load: this file (with the widget's CSS inlined at build time) is all a page loads
// up front. It draws the Call button at once; the wasm and the livekit-client SDK are fetched on
// the first intent (pointer over, focus, click) or when the page is idle, then the real widget
// replaces the button (a click on it is replayed on the real one).
//
// Isolation: each element renders into its own open shadow root with a constructed stylesheet;
// nothing is read from or written to the page's globals (only `customElements.define`); every
// listener, timer, <audio>, room and microphone track a widget holds is released when its
// element leaves the page (or on `destroy()`).
//
// Host integration: `lkw-*` CustomEvents from the element (see README), and
// `el.registerRpcMethod(name, async (payload, callerIdentity, info) => string)` so the agent can
// call the page through LiveKit RPC.
//
// What Rust owns (the options, the words before the wasm, the owner's English, the RPC codes) is
// read from ../generated/contract.js, generated from the Rust source (src/embed/contract.rs).
import { OWNER } from '../generated/contract.js';
import { LkVoiceWidgetElement } from './element.js';
import { attributesFromOptions } from './options.js';
import { BASE } from './runtime.js';
import { iframeSnippet as snippet } from './snippet.js';

const TAG = 'lk-voice-widget';

if (!customElements.get(TAG)) customElements.define(TAG, LkVoiceWidgetElement);

/**
 * Mounts a widget into `parent` (appends a <lk-voice-widget>). `options`: tokenUrl, serverUrl,
 * sdkUrl, agent, agentMetadata (string or object), lang, participantName, participantIdentity,
 * participantMetadata, layout (button | compact | full), placement (inline | bottom-right |
 * bottom-left | top-right | top-left), theme (light | dark | auto), load (idle | intent | eager),
 * rpcMethods ({name: handler}), on ({'lkw-call-state': listener, …}).
 * Returns `{element, destroy(), registerRpcMethod(), unregisterRpcMethod()}`.
 */
export function mount(parent, options = {}) {
  if (!parent || typeof parent.append !== 'function') throw new TypeError(OWNER.mountNeedsElement);
  const element = document.createElement(TAG);
  for (const [attribute, value] of attributesFromOptions(options)) element.setAttribute(attribute, value);
  for (const [name, handler] of Object.entries(options.rpcMethods || {})) element.registerRpcMethod(name, handler);
  for (const [type, listener] of Object.entries(options.on || {})) element.addEventListener(type, listener);
  parent.append(element);
  return {
    element,
    destroy: () => element.destroy(),
    registerRpcMethod: (name, handler) => element.registerRpcMethod(name, handler),
    unregisterRpcMethod: (name) => element.unregisterRpcMethod(name),
  };
}

/**
 * The <iframe> snippet for pages that cannot run this script: the widget in `frame.html` beside
 * this file, configured by query parameters, with `allow="microphone; autoplay"` (without it a
 * cross-origin frame gets no microphone; the widget then says so). Options as for `mount`, those
 * the frame takes (no RPC, no events: the frame is another document; no server or SDK URL, no
 * participant identity, no placement; the token endpoint must be on the frame's origin), plus
 * `frameUrl`, `width`, `height`, `title`.
 */
export function iframeSnippet(options = {}) {
  return snippet(options, BASE);
}
