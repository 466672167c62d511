// Test instrumentation injected with addInitScript: records every track getUserMedia hands out,
// so a test can count the microphone tracks still live. Not part of the widget.
(() => {
  const tracks = [];
  Object.defineProperty(window, '__lkwMicProbe', {
    value: { live: () => tracks.filter((t) => t.readyState === 'live').length, total: () => tracks.length },
  });
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
})();
