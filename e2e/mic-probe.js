// Test instrumentation injected with addInitScript: records every track getUserMedia hands out,
// so a test can count the microphone tracks still live and see which device they capture from.
// Not part of the widget.
(() => {
  const tracks = [];
  const live = () => tracks.filter((t) => t.readyState === 'live');
  Object.defineProperty(window, '__lkwMicProbe', {
    value: {
      live: () => live().length,
      total: () => tracks.length,
      liveDevices: () => live().map((t) => t.getSettings().deviceId),
    },
  });
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
})();
