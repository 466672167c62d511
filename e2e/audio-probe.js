// Test instrumentation injected with addInitScript: measures every <audio> element the page
// creates (also inside shadow roots) with an AnalyserNode and records the peak RMS in window.__lkwProbe. Not part of the
// widget.
(() => {
  const probe = { peakRms: 0, samples: 0, elements: 0 };
  Object.defineProperty(window, '__lkwProbe', { value: probe });
  const measure = (audio) => {
    probe.elements += 1;
    const start = () => {
      if (!audio.srcObject) return setTimeout(start, 50);
      const ctx = new AudioContext();
      const source = ctx.createMediaStreamSource(audio.srcObject);
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 2048;
      source.connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      const tick = () => {
        if (ctx.state === 'suspended') ctx.resume();
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (const v of buf) sum += v * v;
        const rms = Math.sqrt(sum / buf.length);
        probe.samples += 1;
        if (rms > probe.peakRms) probe.peakRms = rms;
        if (audio.isConnected) setTimeout(tick, 20);
        else ctx.close();
      };
      tick();
    };
    start();
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'AUDIO') measure(n);
  });
  const watch = (root) => observer.observe(root, { childList: true, subtree: true });
  watch(document);
  // The widget draws into its element's shadow root, which a document observer does not see.
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    watch(root);
    return root;
  };
})();
