// Page-load timeline (bench/page-load.mjs), injected after bench/probe.js into the widget page
// and the plain-JS reference alike. Not part of the widget. It splits "page load → button
// interactive" into steps the Navigation and Resource Timing entries do not show: when the
// page's script starts to act (first customElements.get/define), the shadow root, the
// stylesheet parse, and the first frame after the button became interactive (a rAF, then a
// message posted from it: the frame was produced). All times are performance.now() (0 =
// navigation start), in window.__lkwBench.timeline.
(() => {
  const bench = window.__lkwBench;
  if (!bench) return;
  const tl = {};
  bench.timeline = tl;
  const now = () => performance.now();
  const once = (name) => {
    if (!(name in tl)) tl[name] = now();
  };
  const wrap = (owner, name, before, after) => {
    const original = owner && owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function (...args) {
      before();
      try {
        return original.apply(this, args);
      } finally {
        after();
      }
    };
  };
  if (window.customElements) {
    const registry = Object.getPrototypeOf(window.customElements);
    wrap(registry, 'get', () => once('scriptActs'), () => {});
    wrap(registry, 'define', () => { once('scriptActs'); once('defineStart'); }, () => once('defineEnd'));
  }
  wrap(Element.prototype, 'attachShadow', () => once('shadowRoot'), () => {});
  if (window.CSSStyleSheet) wrap(CSSStyleSheet.prototype, 'replaceSync', () => once('styleStart'), () => once('styleEnd'));
  // The reference's script acts first on the document: its first querySelector (the probe's own
  // queries do not count).
  let probing = false;
  for (const name of ['query', 'queryAll']) {
    const original = bench[name];
    bench[name] = (...args) => {
      probing = true;
      try {
        return original(...args);
      } finally {
        probing = false;
      }
    };
  }
  wrap(Document.prototype, 'querySelector', () => { if (!probing) once('scriptActs'); }, () => {});
  // Window's attributes live on the window itself (a [Global] interface) or its prototype.
  const storageOwner = [window, Window.prototype].find((o) => Object.getOwnPropertyDescriptor(o, 'sessionStorage'));
  const storage = storageOwner && Object.getOwnPropertyDescriptor(storageOwner, 'sessionStorage');
  if (storage && storage.get && storage.configurable) {
    Object.defineProperty(storageOwner, 'sessionStorage', { ...storage, get() { once('storage'); return storage.get.call(this); } });
  }
  // When the page asked for idle time, and when it got it (the widget loads its wasm then).
  const requestIdle = window.requestIdleCallback;
  if (typeof requestIdle === 'function') {
    window.requestIdleCallback = function (fn, ...rest) {
      once('idleAsked');
      return requestIdle.call(this, (...args) => {
        once('idleRan');
        return fn(...args);
      }, ...rest);
    };
  }
  bench.onMark = (name) => {
    if (name !== 'interactive') return;
    requestAnimationFrame(() => {
      tl.frame = now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        tl.framePresented = now();
      };
      channel.port2.postMessage(0);
    });
  };
})();
