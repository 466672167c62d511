// Test instrumentation injected before a spec's own init script (Playwright:
// `page.addInitScript({ path })`; the Firefox leg: `fileScript(path)`). The widget draws into its
// element's shadow root, which neither a MutationObserver on the document nor
// `document.querySelector` sees. This keeps every shadow root the page attaches, the document
// first, in `window.__lkwShadowRoots.roots`, and calls each function given to `watch(fn)` after
// any change in any of them. Not part of the widget.
(() => {
  if (window.__lkwShadowRoots) return;
  const roots = [document];
  const listeners = [];
  const options = { childList: true, subtree: true, characterData: true };
  const observer = new MutationObserver(() => {
    for (const listener of listeners) listener();
  });
  observer.observe(document, options);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    roots.push(root);
    observer.observe(root, options);
    return root;
  };
  const queryAll = (selector) => roots.flatMap((root) => [...root.querySelectorAll(selector)]);
  Object.defineProperty(window, '__lkwShadowRoots', {
    value: { roots, watch: (listener) => listeners.push(listener), queryAll, query: (selector) => queryAll(selector)[0] ?? null },
  });
})();
