// The engine-independent page helpers of the WebDriver e2e legs, over one selenium-webdriver
// session: script runs, element clicks and typing, attribute / text / count reads and polls of
// them. Test instrumentation, not part of the widget. Each engine's file extends WebDriverPage
// with its specifics: e2e/firefox/firefox.mjs (BiDi: console lines, request interception; finds
// document elements with WebDriver's CSS locator), e2e/webkit/webkit.mjs. `page.within(host)`
// gives the same helpers inside `host`'s open shadow root (the <lk-voice-widget> of the embed and
// of the standalone page), which WebDriver's CSS locator does not enter.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A readable label for an exception out of a WebDriver (or BiDi) call. */
export const why = (err) => (err && err.message ? err.message.split('\n')[0] : String(err));

/**
 * The page side of every query: `host` (a selector, or null for the document) and its open shadow
 * root, then `selector` inside it. Self-contained: runs in the page.
 */
function queryIn(host, selector, all) {
  let base = document;
  if (host) {
    const el = document.querySelector(host);
    base = el && el.shadowRoot;
  }
  if (!base) return all ? [] : null;
  return all ? [...base.querySelectorAll(selector)] : base.querySelector(selector);
}

export class WebDriverPage {
  /** `pollInterval`: the default interval of `poll` (ms). */
  constructor(driver, { pollInterval = 100 } = {}) {
    this.driver = driver;
    this.pollInterval = pollInterval;
    /** The shadow host this page's queries look inside (see `within`), or null: the document. */
    this.host = null;
  }

  /** The same page, its queries inside `host`'s open shadow root (e.g. 'lk-voice-widget'). */
  within(host) {
    const scoped = Object.create(this);
    scoped.host = host;
    return scoped;
  }

  goto(url) {
    return this.driver.get(url);
  }

  /** Runs `fn` (a function or its source) in the page with `args`; no user activation. */
  eval(fn, ...args) {
    return this.driver.executeScript(`return (${fn.toString()}).apply(null, arguments)`, ...args);
  }

  /** Runs `fn(query, ...args)` in the page, `query(selector, all)` looking inside this scope. */
  evalIn(fn, ...args) {
    return this.driver.executeScript(
      `const query = (s, all) => (${queryIn.toString()})(arguments[0], s, all);
       return (${fn.toString()}).apply(null, [query, ...Array.prototype.slice.call(arguments, 1)])`,
      this.host,
      ...args,
    );
  }

  /** `selector` as messages name it, with its scope. */
  scopeName(selector) {
    return this.host ? `${this.host} ⟫ ${selector}` : selector;
  }

  /** The element `selector` or null (may throw when there is none); a subclass may find it otherwise. */
  find(selector) {
    return this.evalIn((query, s) => query(s), selector);
  }

  /** The element `selector`, waited for (up to `timeout` ms) until it is displayed. */
  element(selector, timeout = 15_000) {
    return this.poll(async () => {
      const el = await this.find(selector);
      return el && (await el.isDisplayed()) ? el : null;
    }, Boolean, { timeout, message: `${this.scopeName(selector)} displayed` });
  }

  /** A WebDriver element click: trusted input (pointer moved over it, pressed, released), gives
   * the page user activation. */
  async click(selector) {
    // The standalone page's early Call button is replaced by the wasm's own when it mounts (a
    // click made meanwhile is replayed there): a button found just before that moment is stale
    // by the time it is clicked, and WebDriver refuses the click. Find it again then.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await (await this.element(selector)).click();
        return;
      } catch (err) {
        if (err?.name !== 'StaleElementReferenceError' || attempt >= 3) throw err;
      }
    }
  }

  /** Types into an input element. */
  async type(selector, text) {
    await (await this.element(selector)).sendKeys(text);
  }

  /** Attribute `name` of the first `selector` (null if absent or no such element). */
  attr(selector, name) {
    return this.evalIn((query, s, n) => {
      const el = query(s);
      return el ? el.getAttribute(n) : null;
    }, selector, name);
  }

  text(selector) {
    return this.evalIn((query, s) => {
      const el = query(s);
      return el ? el.textContent : null;
    }, selector);
  }

  count(selector) {
    return this.evalIn((query, s) => query(s, true).length, selector);
  }

  /**
   * Polls `probe()` (async, in Node) until `accept(value)` holds; throws with `message` and the
   * last value after `timeout` ms. Returns the accepted value.
   */
  async poll(probe, accept, { timeout = 20_000, interval = this.pollInterval, message = 'condition' } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    let lastError;
    for (;;) {
      try {
        last = await probe();
        lastError = undefined;
        if (accept(last)) return last;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() > deadline) {
        const seen = lastError ? `error: ${why(lastError)}` : `last: ${JSON.stringify(last)}`;
        throw new Error(`timed out after ${timeout} ms waiting for ${message} (${seen})`);
      }
      await sleep(interval);
    }
  }

  /** Waits until attribute `name` of `selector` equals (or matches) `want`. */
  waitAttr(selector, name, want, options = {}) {
    const ok = (v) => (want instanceof RegExp ? want.test(v ?? '') : v === want);
    return this.poll(() => this.attr(selector, name), ok, { message: `${this.scopeName(selector)}[${name}] = ${want}`, ...options });
  }

  /** Waits until the text of `selector` contains (or matches) `want`. */
  waitText(selector, want, options = {}) {
    const ok = (v) => (want instanceof RegExp ? want.test(v ?? '') : (v ?? '').includes(want));
    return this.poll(() => this.text(selector), ok, { message: `${this.scopeName(selector)} text ~ ${want}`, ...options });
  }

  waitCount(selector, n, options = {}) {
    return this.poll(() => this.count(selector), (c) => c === n, { message: `${n} × ${this.scopeName(selector)}`, ...options });
  }

  async close() {
    await this.driver.quit().catch(() => {});
  }
}
