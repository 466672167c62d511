// lk-voice-widget embed loader: the <lk-voice-widget> element and `mount(element, options)`.
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
// `BUILD` is filled in by js/build-embed.mjs (a Trunk post_build hook): the hashed names of the
// wasm-bindgen glue and wasm beside this folder, and the CSS text.

const BUILD = /*LKW_BUILD*/ { glue: null, wasm: null, css: '' } /*LKW_BUILD_END*/;

const TAG = 'lk-voice-widget';
const BASE = import.meta.url;

/** Attributes that configure the call (a change re-creates the widget when no call runs). */
const CONFIG_ATTRIBUTES = {
  'token-url': 'tokenUrl',
  'server-url': 'serverUrl',
  'sdk-url': 'sdkUrl',
  agent: 'agent',
  'agent-metadata': 'agentMetadata',
  lang: 'lang',
  'participant-name': 'participantName',
  'participant-identity': 'participantIdentity',
  'participant-metadata': 'participantMetadata',
};
/** Attributes read by CSS only (`:host([layout=…])`). */
const STYLE_ATTRIBUTES = { layout: 'layout', placement: 'placement', theme: 'theme' };
/** `load`: `idle` (default: at idle time or first intent), `intent` (first intent only), `eager`. */
const LOAD_ATTRIBUTE = { load: 'load' };
const OPTION_ATTRIBUTES = { ...CONFIG_ATTRIBUTES, ...STYLE_ATTRIBUTES, ...LOAD_ATTRIBUTE };

const ACTIVE_STAGES = new Set(['fetching-token', 'loading-sdk', 'connecting', 'connected', 'agent-joined', 'reconnecting', 'hanging-up']);
const IDLE_TIMEOUT_MS = 3000;
/** Part of an RPC's response timeout kept for the answer's way back to the caller. */
const RPC_RETURN_MARGIN_MS = 1000;

/** What the button says before the wasm is here (the same words the widget uses). */
const TEXT = {
  en: { call: 'Call', ready: 'Ready to call.', loading: 'Loading…', label: 'Voice call', failed: 'The voice widget could not load. Click Call to try again.' },
  de: { call: 'Anrufen', ready: 'Bereit zum Anrufen.', loading: 'Wird geladen…', label: 'Sprachanruf', failed: 'Das Sprach-Widget konnte nicht geladen werden. Zum erneuten Versuch auf Anrufen klicken.' },
};

function textFor(lang) {
  const tags = [lang, navigator.language].filter(Boolean);
  for (const tag of tags) {
    const primary = String(tag).trim().toLowerCase().split(/[-_]/)[0];
    if (TEXT[primary]) return { tag: primary, ...TEXT[primary] };
  }
  return { tag: 'en', ...TEXT.en };
}

// ---- shared by every widget on the page (module scope, never a page global) -------------------

let stylesheet;
function widgetStyles() {
  if (!stylesheet) {
    stylesheet = new CSSStyleSheet();
    stylesheet.replaceSync(BUILD.css || '');
  }
  return stylesheet;
}

let runtime;
/** The wasm-bindgen glue, initialised once (its `init()` fetches and instantiates the wasm). */
function loadRuntime() {
  if (!runtime) {
    runtime = (async () => {
      if (!BUILD.glue || !BUILD.wasm) {
        throw new Error('this loader was not built by Trunk (js/build-embed.mjs did not run)');
      }
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

function whenIdle(fn) {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 200);
  return () => clearTimeout(id);
}

/** An RPC failure as the wasm side expects it: `{code, message}`. */
function rpcFailure(err) {
  const code = err && Number.isInteger(err.code) && err.code > 0 ? err.code : 1500;
  const message = err && typeof err.message === 'string' ? err.message : String(err);
  return { code, message };
}

// ---- the element ----------------------------------------------------------------------------------

class LkVoiceWidgetElement extends HTMLElement {
  static get observedAttributes() {
    return Object.keys(CONFIG_ATTRIBUTES).concat('load');
  }

  #shadow = null;
  #container = null;
  #placeholder = null;
  /** The wasm side's `EmbeddedWidget`, once mounted. */
  #widget = null;
  /** The options the mounted widget was created with (JSON), to notice changes. */
  #mountedKey = '';
  /** Host RPC handlers by method name. */
  #rpc = new Map();
  /** Removes every listener this element added (one AbortController per set-up). */
  #listeners = null;
  #cancelIdle = null;
  /** Bumped on teardown so a load finishing late mounts nothing. */
  #generation = 0;
  #loading = false;
  #clickPending = false;
  #teardownPending = false;

  connectedCallback() {
    if (this.#teardownPending) {
      // Moved within the page: keep the widget and its call.
      this.#teardownPending = false;
      return;
    }
    if (!this.#container) this.#setUp();
  }

  disconnectedCallback() {
    this.#teardownPending = true;
    queueMicrotask(() => {
      if (this.#teardownPending && !this.isConnected) this.#tearDown();
      this.#teardownPending = false;
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#container) return;
    if (name === 'load') {
      if (newValue === 'eager') this.#load();
      return;
    }
    if (this.#placeholder) this.#renderPlaceholder();
    if (this.#widget && this.#stage() !== null && !ACTIVE_STAGES.has(this.#stage()) && this.#optionsKey() !== this.#mountedKey) {
      this.#remount();
    }
  }

  /**
   * Offers `method` to the agent: `handler(payload, callerIdentity, {requestId, responseTimeout,
   * signal})` returns (a promise of) the answer string. A handler that throws answers with an
   * RPC application error (code 1500, or the error's own integer `code`) carrying its message;
   * one that does not answer within the caller's response timeout answers with error 1502 and
   * its `signal` aborts. Methods registered before a call starts apply to that call.
   */
  registerRpcMethod(method, handler) {
    if (typeof method !== 'string' || method === '') throw new TypeError('registerRpcMethod: the method name must be a non-empty string');
    if (typeof handler !== 'function') throw new TypeError('registerRpcMethod: the handler must be a function');
    this.#rpc.set(method, handler);
    return () => {
      if (this.#rpc.get(method) === handler) this.#rpc.delete(method);
    };
  }

  unregisterRpcMethod(method) {
    this.#rpc.delete(method);
  }

  /** Removes the element and releases everything its widget holds, at once. */
  destroy() {
    this.#teardownPending = false;
    this.remove();
    this.#tearDown();
  }

  /** `idle` (not loaded), `loading`, `ready`, or `failed`. */
  get loadState() {
    if (this.#widget) return 'ready';
    if (this.#loading) return 'loading';
    return this.#container && this.#container.dataset.loadFailed ? 'failed' : 'idle';
  }

  // ---- set-up and teardown ----

  #setUp() {
    this.#shadow ??= this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [widgetStyles()];
    this.#listeners = new AbortController();
    this.#container = document.createElement('div');
    this.#container.className = 'lkw-embed';
    this.#shadow.replaceChildren(this.#container);
    // A click on Call when the options changed since the widget was made: re-create it first
    // (RPC methods registered later, attributes changed during a call), then let it start.
    this.#container.addEventListener('click', (event) => this.#beforeCall(event), { capture: true, signal: this.#listeners.signal });
    this.#renderPlaceholder();
    const load = this.getAttribute('load');
    if (load === 'eager') this.#load();
    else if (load !== 'intent') this.#cancelIdle = whenIdle(() => this.#load());
  }

  #tearDown() {
    this.#generation += 1;
    this.#loading = false;
    this.#clickPending = false;
    this.#cancelIdle?.();
    this.#cancelIdle = null;
    this.#listeners?.abort();
    this.#listeners = null;
    this.#destroyWidget();
    this.#placeholder = null;
    this.#container = null;
    this.#shadow?.replaceChildren();
  }

  #destroyWidget() {
    const widget = this.#widget;
    this.#widget = null;
    this.#mountedKey = '';
    if (widget) {
      try {
        widget.destroy();
      } catch (err) {
        console.warn('lk-voice-widget: destroy failed', err);
      }
    }
  }

  // ---- before the wasm: the button ----

  #renderPlaceholder() {
    const text = textFor(this.getAttribute('lang'));
    const failed = Boolean(this.#container.dataset.loadFailed);
    const section = document.createElement('section');
    section.className = 'lkw lkw-placeholder';
    section.dataset.stage = failed ? 'failed' : 'idle';
    section.lang = text.tag;
    section.setAttribute('aria-label', text.label);
    const status = document.createElement('p');
    status.className = 'lkw-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.textContent = failed ? text.failed : this.#clickPending ? text.loading : text.ready;
    const controls = document.createElement('div');
    controls.className = 'lkw-controls';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'lkw-call';
    button.textContent = text.call;
    const signal = this.#listeners.signal;
    button.addEventListener('pointerenter', () => this.#load(), { signal });
    button.addEventListener('focus', () => this.#load(), { signal });
    button.addEventListener('click', () => {
      this.#clickPending = true;
      status.textContent = text.loading;
      this.#load();
    }, { signal });
    controls.append(button);
    section.append(status, controls);
    if (this.#placeholder) this.#placeholder.replaceWith(section);
    else this.#container.append(section);
    this.#placeholder = section;
  }

  #load() {
    if (this.#widget || this.#loading || !this.#container) return;
    this.#loading = true;
    this.#cancelIdle?.();
    this.#cancelIdle = null;
    const generation = this.#generation;
    loadRuntime().then(
      (glue) => {
        if (generation !== this.#generation) return;
        this.#loading = false;
        this.#mount(glue);
      },
      (err) => {
        if (generation !== this.#generation) return;
        this.#loading = false;
        this.#clickPending = false;
        this.#container.dataset.loadFailed = '1';
        this.#renderPlaceholder();
        const where = BUILD.glue ? new URL(BUILD.glue, BASE).href : BASE;
        this.#emit('lkw-error', {
          hop: 'widget',
          code: 'load-failed',
          message: textFor(this.getAttribute('lang')).failed,
          fix: `The widget's code did not load from ${where}: check that the embed folder and the files beside it are served (and, from another origin, with CORS), and that the page's CSP allows script-src for that origin and 'wasm-unsafe-eval'.`,
          evidence: String((err && err.message) || err),
        });
      },
    );
  }

  // ---- the widget ----

  #options() {
    const options = {};
    for (const [attribute, key] of Object.entries(CONFIG_ATTRIBUTES)) {
      const value = this.getAttribute(attribute);
      if (value !== null && value.trim() !== '') options[key] = value.trim();
    }
    options.rpcMethods = [...this.#rpc.keys()].sort();
    return options;
  }

  #optionsKey() {
    return JSON.stringify(this.#options());
  }

  #mount(glue) {
    const hadFocus = this.#shadow.activeElement !== null;
    const options = this.#options();
    const target = document.createElement('div');
    target.className = 'lkw-mount';
    this.#container.append(target);
    try {
      this.#widget = glue.mountEmbedded(target, options, this.#bridge());
    } catch (err) {
      target.remove();
      throw err;
    }
    this.#mountedKey = JSON.stringify(options);
    delete this.#container.dataset.loadFailed;
    this.#placeholder?.remove();
    this.#placeholder = null;
    const button = this.#callButton();
    if (hadFocus) button?.focus();
    this.#emit('lkw-ready', { version: 1 });
    if (this.#clickPending) {
      this.#clickPending = false;
      button?.click();
    }
  }

  #remount() {
    if (!this.#runtimeLoaded()) return;
    this.#destroyWidget();
    this.#container.querySelector('.lkw-mount')?.remove();
    loadRuntime().then((glue) => this.#widget || this.#mount(glue));
  }

  #runtimeLoaded() {
    return Boolean(runtime);
  }

  #beforeCall(event) {
    if (!this.#widget) return;
    const button = event.target instanceof Element ? event.target.closest('button.lkw-call') : null;
    if (!button) return;
    const stage = this.#stage();
    if (stage === null || ACTIVE_STAGES.has(stage) || this.#optionsKey() === this.#mountedKey) return;
    // Start the call on a widget made with the current options and RPC methods.
    event.stopImmediatePropagation();
    event.preventDefault();
    this.#destroyWidget();
    this.#container.querySelector('.lkw-mount')?.remove();
    this.#clickPending = true;
    loadRuntime().then((glue) => {
      if (this.#container && !this.#widget) this.#mount(glue);
    });
  }

  #stage() {
    const root = this.#container?.querySelector('.lkw-mount > .lkw');
    return root ? root.getAttribute('data-stage') : null;
  }

  #callButton() {
    return this.#container?.querySelector('.lkw-mount button.lkw-call') ?? null;
  }

  #bridge() {
    return {
      emit: (type, detail) => this.#emit(type, detail),
      invokeRpc: (request) => this.#invokeRpc(request),
    };
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  async #invokeRpc({ method, requestId, callerIdentity, payload, responseTimeout }) {
    const handler = this.#rpc.get(method);
    if (!handler) {
      // Unregistered since the call started: what LiveKit answers for an unknown method.
      const failure = { code: 1400, message: 'Method not supported at destination' };
      this.#emit('lkw-rpc', { method, callerIdentity, ok: false, ...failure });
      throw failure;
    }
    const budget = Math.max(100, (responseTimeout || 10000) - Math.min(RPC_RETURN_MARGIN_MS, (responseTimeout || 10000) / 4));
    const abort = new AbortController();
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject({ code: 1502, message: `Response timeout: the page's handler for ${method} did not answer within ${Math.round(budget)} ms` });
      }, budget);
    });
    const started = performance.now();
    try {
      const answer = await Promise.race([
        Promise.resolve().then(() => handler(payload, callerIdentity, { method, requestId, responseTimeout, signal: abort.signal })),
        timeout,
      ]);
      const text = typeof answer === 'string' ? answer : answer === undefined || answer === null ? '' : JSON.stringify(answer);
      this.#emit('lkw-rpc', { method, callerIdentity, ok: true, ms: Math.round(performance.now() - started) });
      return text;
    } catch (err) {
      const failure = err && err.code === 1502 && abort.signal.aborted ? err : rpcFailure(err);
      this.#emit('lkw-rpc', { method, callerIdentity, ok: false, ...failure, ms: Math.round(performance.now() - started) });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, LkVoiceWidgetElement);

// ---- the JS API ---------------------------------------------------------------------------------

function toAttributeValue(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Mounts a widget into `parent` (appends a <lk-voice-widget>). `options`: tokenUrl, serverUrl,
 * sdkUrl, agent, agentMetadata (string or object), lang, participantName, participantIdentity,
 * participantMetadata, layout (button | compact | full), placement (inline | bottom-right |
 * bottom-left | top-right | top-left), theme (light | dark | auto), load (idle | intent | eager),
 * rpcMethods ({name: handler}), on ({'lkw-call-state': listener, …}).
 * Returns `{element, destroy(), registerRpcMethod(), unregisterRpcMethod()}`.
 */
export function mount(parent, options = {}) {
  if (!parent || typeof parent.append !== 'function') throw new TypeError('mount: the first argument must be an element');
  const element = document.createElement(TAG);
  const attributes = Object.fromEntries(Object.entries(OPTION_ATTRIBUTES).map(([attribute, key]) => [key, attribute]));
  for (const [key, value] of Object.entries(options)) {
    if (attributes[key] && value !== undefined && value !== null) element.setAttribute(attributes[key], toAttributeValue(value));
  }
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

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * The <iframe> snippet for pages that cannot run this script: the widget in `frame.html` beside
 * this file, configured by query parameters, with `allow="microphone; autoplay"` (without it a
 * cross-origin frame gets no microphone; the widget then says so). Options as for `mount` (no
 * RPC, no events: the frame is another document; no server or SDK URL, and the token endpoint
 * must be on the frame's origin), plus `frameUrl`, `width`, `height`, `title`.
 */
export function iframeSnippet(options = {}) {
  const url = new URL(options.frameUrl || 'frame.html', BASE);
  // The frame takes no server or SDK URL, and a token endpoint only on its own origin.
  const skip = new Set(['placement', 'server-url', 'sdk-url', 'participant-identity']);
  for (const [attribute, key] of Object.entries({ ...CONFIG_ATTRIBUTES, ...STYLE_ATTRIBUTES })) {
    const value = options[key];
    if (value !== undefined && value !== null && !skip.has(attribute)) url.searchParams.set(attribute, toAttributeValue(value));
  }
  const width = options.width ?? '100%';
  const height = options.height ?? 480;
  const title = options.title ?? 'Voice call';
  return `<iframe src="${escapeHtml(url.href)}" allow="microphone; autoplay" title="${escapeHtml(title)}" width="${escapeHtml(width)}" height="${escapeHtml(height)}" style="border:0"></iframe>`;
}
