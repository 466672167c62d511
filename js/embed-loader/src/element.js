// The <lk-voice-widget> element: draws the Call button at once, loads the wasm on the first
// intent (or when the page is idle), then mounts the real widget in its place; answers the
// agent's RPCs with the page's handlers. What it knows of the call it asks the wasm's handle.
import { CRASHED, LOAD_FAILED, OWNER } from '../generated/contract.js';
import { consentBlock, consentOptions, rememberedConsent } from './consent.js';
import { configFromAttributes, OBSERVED_ATTRIBUTES } from './options.js';
import { answerText, handlerBudget, isResponseTimeout, responseTimeout, rpcFailure, unsupportedMethod } from './rpc.js';
import { glueUrl, loadRuntime, placeholderStyles, runtimeLoaded, whenIdle, widgetStyles } from './runtime.js';
import { fill, wordsFor } from './words.js';
import { rejoinsACall, sessionStorageOrNull } from './resume.js';

export class LkVoiceWidgetElement extends HTMLElement {
  static get observedAttributes() {
    return OBSERVED_ATTRIBUTES;
  }

  #shadow = null;
  #container = null;
  #placeholder = null;
  /** The wasm side's `EmbeddedWidget`, once mounted (`stage`, `isActive`, `destroy()`). */
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
  /** The widget's code panicked (its `lkw-error` `crashed` came): the wasm is dead, never call it. */
  #crashed = false;
  /**
   * The consent boxes as the loader drew them ({given, remember, chosen}): `chosen` once the
   * visitor ticked one before the wasm (or in a widget since re-created), which the next mounted
   * widget is then told; otherwise a guess from storage that the wasm confirms or corrects.
   */
  #consent = null;

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
    if (this.#widget && !this.#crashed && !this.#widget.isActive && this.#optionsKey() !== this.#mountedKey) {
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
    if (typeof method !== 'string' || method === '') throw new TypeError(OWNER.rpcMethodNameRequired);
    if (typeof handler !== 'function') throw new TypeError(OWNER.rpcHandlerRequired);
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

  /**
   * Panics the widget's code on purpose, to check the crash path: the call ends, the widget says it
   * stopped working and the element sends `lkw-error` with `code: 'crashed'`. Loads the widget
   * first if needed. Every widget of the page is dead afterwards, until a reload.
   */
  async crashDrill() {
    this.#load();
    await loadRuntime();
    // It panics just after returning: the trap reaches the page like any other crash's.
    this.#widget?.crashDrill();
  }

  /** `idle` (not loaded), `loading`, `ready`, `failed` (did not load), or `crashed`. */
  get loadState() {
    if (this.#crashed) return 'crashed';
    if (this.#widget) return 'ready';
    if (this.#loading) return 'loading';
    return this.#container && this.#container.dataset.loadFailed ? 'failed' : 'idle';
  }

  // ---- set-up and teardown ----

  #setUp() {
    this.#shadow ??= this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [runtimeLoaded() ? widgetStyles() : placeholderStyles()];
    this.#listeners = new AbortController();
    this.#container = document.createElement('div');
    this.#container.className = 'lkw-embed';
    this.#shadow.replaceChildren(this.#container);
    // A click on Call when the options changed since the widget was made: re-create it first
    // (RPC methods registered later, attributes changed during a call), then let it start.
    this.#container.addEventListener('click', (event) => this.#beforeCall(event), { capture: true, signal: this.#listeners.signal });
    this.#renderPlaceholder();
    const load = this.getAttribute('load');
    if (load === 'eager' || rejoinsACall((name) => this.getAttribute(name), sessionStorageOrNull)) this.#load();
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
    if (widget && !this.#crashed) {
      try {
        widget.destroy();
      } catch (err) {
        console.warn(OWNER.destroyFailed, err);
      }
    }
  }

  // ---- before the wasm: the button ----

  #words() {
    return wordsFor(this.getAttribute('lang'), navigator.language);
  }

  #renderPlaceholder() {
    const text = this.#words();
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
    // Consent before a call: Call waits for the box, as in the wasm; ticking it loads the wasm.
    const consent = consentOptions((name) => this.getAttribute(name), text, document.baseURI);
    let block = null;
    if (consent) {
      if (!this.#consent) {
        const remembered = consent.offerRemember && rememberedConsent(() => window.localStorage);
        this.#consent = { given: remembered, remember: remembered, chosen: false };
      }
      const hold = (given) => {
        button.disabled = !given;
        if (given) button.removeAttribute('aria-describedby');
        else button.setAttribute('aria-describedby', 'lkw-consent-early');
      };
      block = consentBlock(consent, this.#consent, 'lkw-consent-early', text, (choice) => {
        this.#consent = { ...choice, chosen: true };
        hold(choice.given);
        this.#load();
      }, signal);
      block.addEventListener('focusin', () => this.#load(), { signal });
      block.addEventListener('pointerenter', () => this.#load(), { signal });
      hold(this.#consent.given);
    }
    button.addEventListener('pointerenter', () => this.#load(), { signal });
    button.addEventListener('focus', () => this.#load(), { signal });
    button.addEventListener('click', () => {
      this.#clickPending = true;
      status.textContent = text.loading;
      this.#load();
    }, { signal });
    controls.append(button);
    section.append(status, ...(block ? [block] : []), controls);
    if (this.#placeholder) this.#placeholder.replaceWith(section);
    else this.#container.append(section);
    this.#placeholder = section;
  }

  #load() {
    if (this.#widget || this.#loading || !this.#container) return;
    this.#loading = true;
    this.#cancelIdle?.();
    this.#cancelIdle = null;
    this.#wholeStyles();
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
        this.#emit('lkw-error', {
          ...LOAD_FAILED,
          message: this.#words().failed,
          fix: fill(OWNER.loadFailedFix, { where: glueUrl() }),
          evidence: String((err && err.message) || err),
        });
      },
    );
  }

  // ---- the widget ----

  #options() {
    const options = configFromAttributes((name) => this.getAttribute(name));
    options.rpcMethods = [...this.#rpc.keys()].sort();
    return options;
  }

  #optionsKey() {
    return JSON.stringify(this.#options());
  }

  /** The whole stylesheet instead of the placeholder's (the wasm's widget is coming). */
  #wholeStyles() {
    const whole = widgetStyles();
    if (this.#shadow.adoptedStyleSheets[0] !== whole) this.#shadow.adoptedStyleSheets = [whole];
  }

  #mount(glue) {
    this.#wholeStyles();
    const focused = this.#shadow.activeElement;
    const hadFocus = focused !== null;
    // Focus moves to the same control in the real widget (the consent boxes, else Call).
    const focusClass = ['lkw-consent-check', 'lkw-consent-remember-check'].find((c) => focused?.classList.contains(c));
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
    if (hadFocus) (focusClass ? this.#mounted(focusClass) : button)?.focus();
    this.#emit('lkw-ready', { version: 1 });
    this.#handOverConsent();
    if (this.#clickPending) {
      this.#clickPending = false;
      // Call is disabled when the widget does not find consent given (a remembered consent to
      // another text): no call starts; the visitor is taken to the consent instead.
      if (button && !button.disabled) button.click();
      else this.#mounted('lkw-consent-check')?.focus();
    }
  }

  #mounted(className) {
    return this.#container?.querySelector(`.lkw-mount .${className}`) ?? null;
  }

  /** Ticks the mounted widget's boxes as the visitor left them (its own change events follow). */
  #handOverConsent() {
    const wanted = this.#consent;
    this.#consent = null;
    if (!wanted?.chosen) return;
    for (const [className, value] of [['lkw-consent-check', wanted.given], ['lkw-consent-remember-check', wanted.remember]]) {
      const box = this.#mounted(className);
      if (box && box.checked !== value) box.click();
    }
  }

  /** Keeps the visitor's consent across a re-created widget (changed options). */
  #keepConsent() {
    const given = this.#mounted('lkw-consent-check');
    if (given) this.#consent = { given: given.checked, remember: Boolean(this.#mounted('lkw-consent-remember-check')?.checked), chosen: true };
  }

  #remount() {
    if (!runtimeLoaded()) return;
    this.#keepConsent();
    this.#destroyWidget();
    this.#container.querySelector('.lkw-mount')?.remove();
    loadRuntime().then((glue) => this.#widget || this.#mount(glue));
  }

  #beforeCall(event) {
    if (!this.#widget) return;
    const button = event.target instanceof Element ? event.target.closest('button.lkw-call') : null;
    if (!button) return;
    if (this.#crashed || this.#widget.isActive || this.#optionsKey() === this.#mountedKey) return;
    // Start the call on a widget made with the current options and RPC methods.
    event.stopImmediatePropagation();
    event.preventDefault();
    this.#keepConsent();
    this.#destroyWidget();
    this.#container.querySelector('.lkw-mount')?.remove();
    this.#clickPending = true;
    loadRuntime().then((glue) => {
      if (this.#container && !this.#widget) this.#mount(glue);
    });
  }

  #callButton() {
    return this.#container?.querySelector('.lkw-mount button.lkw-call') ?? null;
  }

  #bridge() {
    return {
      emit: (type, detail) => {
        if (type === 'lkw-error' && detail && detail.code === CRASHED.code) this.#crashed = true;
        this.#emit(type, detail);
      },
      invokeRpc: (request) => this.#invokeRpc(request),
    };
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  async #invokeRpc({ method, requestId, callerIdentity, payload, responseTimeout: timeoutMs }) {
    const handler = this.#rpc.get(method);
    if (!handler) {
      // Unregistered since the call started.
      const failure = unsupportedMethod();
      this.#emit('lkw-rpc', { method, callerIdentity, ok: false, ...failure });
      throw failure;
    }
    const budget = handlerBudget(timeoutMs);
    const abort = new AbortController();
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(responseTimeout(method, budget));
      }, budget);
    });
    const started = performance.now();
    try {
      const answer = await Promise.race([
        Promise.resolve().then(() => handler(payload, callerIdentity, { method, requestId, responseTimeout: timeoutMs, signal: abort.signal })),
        timeout,
      ]);
      const text = answerText(answer);
      this.#emit('lkw-rpc', { method, callerIdentity, ok: true, ms: Math.round(performance.now() - started) });
      return text;
    } catch (err) {
      const failure = isResponseTimeout(err) && abort.signal.aborted ? err : rpcFailure(err);
      this.#emit('lkw-rpc', { method, callerIdentity, ok: false, ...failure, ms: Math.round(performance.now() - started) });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}
