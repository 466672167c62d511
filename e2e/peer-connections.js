// Test instrumentation injected before the page's scripts (Playwright:
// `page.addInitScript({ path })`): every RTCPeerConnection the page makes, and how many of them
// are not closed. Used by e2e/cleanup.spec.mjs and the SDK's leak repro
// (bench/reference/sdk-leak-probe.mjs). It holds each connection strongly, so it is for counting,
// not for leak runs (bench/probe.js holds weak references). Not part of the widget.
(() => {
  const Native = window.RTCPeerConnection;
  const made = [];
  const Counted = function (...args) {
    const pc = new Native(...args);
    made.push(pc);
    return pc;
  };
  Counted.prototype = Native.prototype;
  Object.setPrototypeOf(Counted, Native);
  window.RTCPeerConnection = Counted;
  Object.defineProperty(window, '__lkwPeerConnections', {
    value: {
      /** How many the page has made. */
      made: () => made.length,
      /** How many of those made from the `since`-th on are not closed. */
      open: (since = 0) => made.slice(since).filter((pc) => pc.signalingState !== 'closed').length,
    },
  });
})();
