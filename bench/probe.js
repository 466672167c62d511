// Bench instrumentation, injected with page.addInitScript into the widget page and the plain-JS
// reference page alike (window.__lkwBenchConfig is set just before it). Not part of the widget.
//
// Everything is timed in the page with performance.now() (0 = navigation start):
//   interactive   the call button exists and is enabled, so a click is honoured (widget: the
//                 embed loader's button, drawn before the wasm; a click on it is replayed on the
//                 real widget once the wasm is up; reference: enabled by its script)
//   click         the first click on the call button (capture listener on window, runs first;
//                 the button may be inside the widget's shadow root: its composed path)
//   connected     the page's log shows 'connected to the room'   (MutationObserver)
//   micPublished  the page's log shows 'microphone on'           (MutationObserver)
//   firstAudio    an AnalyserNode on an <audio> the page added reads RMS > 0.01 (first
//                 non-silent agent audio; the same threshold as e2e/audio-probe.js)
// and, to explain differences: gumStart/gumEnd (getUserMedia), pcConnected (first
// RTCPeerConnection 'connected'), audioElement (first <audio> added), sdkLoaded/tokenLoaded
// (Resource Timing responseEnd, read afterwards by the harness).
//
// Speech runs (cfg.speechProbe): two level timelines, bench.mic and bench.agent, each a list of
// { start, end, peak } segments of ~11 ms AnalyserNode windows with RMS > 0.01, polled every
// ~5 ms; a segment closes after a gap of cfg.gapMs (default 300 ms) without a loud window, and
// its `end` is the last loud window (the end of the words). bench.mic analyses every audio track
// the page captured with getUserMedia (the microphone the page publishes; the fake device plays
// the bench's WAV), bench.agent the <audio> the page attached for the agent (the same analyser as
// firstAudio, which it also marks). bench.now() is the page clock for the harness.
//
// For leak checks it counts, without holding anything alive or adding listeners: capture tracks
// not yet stopped, RTCPeerConnections not closed, AudioContexts created / closed.
//
// The widget draws into its element's open shadow root: the probe observes every shadow root the
// page attaches, and bench.query(selector) / bench.queryAll(selector) / bench.roots() look in the
// document and in those roots (the harness uses them instead of document.querySelector).
(() => {
  const cfg = window.__lkwBenchConfig || {};
  const CALL = 'button.lkw-call, button.ref-call';
  const LOG = '.lkw-log, .ref-log';
  const RMS_THRESHOLD = 0.01;
  const t = {};
  const bench = { t, cfg, errors: [], resourcesBeforeClick: null, wasmMemory: null };
  Object.defineProperty(window, '__lkwBench', { value: bench });
  const now = () => performance.now();
  const mark = (name) => {
    if (name in t) return;
    t[name] = now();
    // bench/load-timeline.js follows a mark up (the first frame after `interactive`).
    if (bench.onMark) bench.onMark(name);
  };
  bench.now = now;
  bench.mic = [];
  bench.agent = [];
  bench.micTracks = 0;

  // Cold SDK: neither page may preload the SDK at idle (both use requestIdleCallback for it).
  // The widget's embed loader also fetches the wasm at idle — the page's own code, as the
  // reference's script is — so the one idle callback a <lk-voice-widget> asks for before its wasm
  // runs is let through; every later one (the wasm's SDK preload) is not.
  if (cfg.suppressIdlePreload) {
    const requestIdle = window.requestIdleCallback && window.requestIdleCallback.bind(window);
    const cancelIdle = window.cancelIdleCallback && window.cancelIdleCallback.bind(window);
    window.requestIdleCallback = (fn, options) =>
      requestIdle && !('wasmStarted' in t) && document.querySelector('lk-voice-widget') ? requestIdle(fn, options) : 0;
    window.cancelIdleCallback = (id) => {
      if (id && cancelIdle) cancelIdle(id);
    };
  }

  // The wasm instance, when the page makes one: its memory, to read the linear memory size.
  const seeInstance = (result) => {
    const instance = result && (result.instance || result);
    const memory = instance && instance.exports && instance.exports.memory;
    if (memory instanceof WebAssembly.Memory) {
      mark('wasmStarted');
      bench.wasmMemory = new WeakRef(memory);
    }
    return result;
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (original) WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(seeInstance);
  }

  // The document and every shadow root the page attaches (the widget's element has one).
  const shadowRoots = [];
  const roots = () => [document, ...shadowRoots.filter((r) => r.host.isConnected)];
  bench.roots = roots;
  bench.query = (selector) => {
    for (const root of roots()) {
      const found = root.querySelector(selector);
      if (found) return found;
    }
    return null;
  };
  bench.queryAll = (selector) => roots().flatMap((root) => [...root.querySelectorAll(selector)]);

  addEventListener(
    'click',
    (e) => {
      const origin = e.composedPath()[0];
      const target = origin instanceof Element ? origin.closest(CALL) : null;
      if (!target || 'click' in t) return;
      mark('click');
      bench.clickTrusted = e.isTrusted;
      bench.resourcesBeforeClick = performance
        .getEntriesByType('resource')
        .map((r) => ({ name: r.name, decodedBodySize: r.decodedBodySize, responseEnd: r.responseEnd }));
    },
    true,
  );

  // --- level timelines (speech runs) -----------------------------------------------------------
  // The native AudioContext: the hooked one below counts the page's own contexts.
  const NativeAudioContext = window.AudioContext;
  const levelTimeline = (stream, segments, { done, onLoud, source = 0 }) => {
    const ctx = new NativeAudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512; // ~11 ms at 48 kHz
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const gapMs = cfg.gapMs || 300;
    let current = null;
    const tick = () => {
      if (done()) {
        ctx.close();
        return;
      }
      if (ctx.state === 'suspended') ctx.resume();
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (let i = 0; i < buf.length; i += 1) sum += buf[i] * buf[i];
      const rms = Math.sqrt(sum / buf.length);
      if (rms > RMS_THRESHOLD) {
        const at = now();
        if (!current || at - current.end > gapMs) {
          current = { start: at, end: at, peak: rms, source };
          segments.push(current);
          if (onLoud) onLoud(at);
        } else {
          current.end = at;
          if (rms > current.peak) current.peak = rms;
        }
      }
      setTimeout(tick, 5);
    };
    tick();
  };

  // --- capture tracks (getUserMedia), counted without keeping them alive -------------------
  const captured = new WeakSet();
  const stopped = new WeakSet();
  const counts = { tracksCaptured: 0, tracksStopped: 0, pcsCreated: 0, pcsClosed: 0, audioContextsCreated: 0, audioContextsClosed: 0 };
  bench.counts = counts;
  const trackDone = (track) => {
    if (captured.has(track) && !stopped.has(track)) {
      stopped.add(track);
      counts.tracksStopped += 1;
    }
  };
  const adopt = (track) => {
    if (captured.has(track)) return;
    captured.add(track);
    counts.tracksCaptured += 1;
  };
  const MST = window.MediaStreamTrack && MediaStreamTrack.prototype;
  if (MST) {
    const stop = MST.stop;
    MST.stop = function () {
      trackDone(this);
      return stop.call(this);
    };
    const clone = MST.clone;
    MST.clone = function () {
      const copy = clone.call(this);
      if (captured.has(this)) adopt(copy);
      return copy;
    };
  }
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (constraints) => {
      mark('gumStart');
      const stream = await gum(constraints);
      mark('gumEnd');
      for (const track of stream.getTracks()) adopt(track);
      if (cfg.speechProbe) {
        for (const track of stream.getAudioTracks()) {
          bench.micTracks += 1;
          levelTimeline(new MediaStream([track]), bench.mic, { done: () => track.readyState === 'ended', source: bench.micTracks });
        }
      }
      return stream;
    };
  }
  bench.liveCaptureTracks = () => counts.tracksCaptured - counts.tracksStopped;

  // --- peer connections and audio contexts: weak references only ---------------------------
  const pcs = [];
  const NativePC = window.RTCPeerConnection;
  if (NativePC) {
    const closePC = NativePC.prototype.close;
    const closedPCs = new WeakSet();
    const pcDone = (pc) => {
      if (!closedPCs.has(pc)) {
        closedPCs.add(pc);
        counts.pcsClosed += 1;
      }
    };
    NativePC.prototype.close = function () {
      pcDone(this);
      return closePC.call(this);
    };
    const Hooked = function RTCPeerConnection(...args) {
      const pc = new NativePC(...args);
      counts.pcsCreated += 1;
      pcs.push(new WeakRef(pc));
      // Timing runs only: a listener of ours would show in the leak run's listener count.
      if (cfg.audioProbe) {
        pc.addEventListener('connectionstatechange', function onState() {
          if (this.connectionState === 'connected') mark('pcConnected');
        });
      }
      return pc;
    };
    Hooked.prototype = NativePC.prototype;
    Object.setPrototypeOf(Hooked, NativePC);
    window.RTCPeerConnection = Hooked;
  }
  bench.openPeerConnections = () =>
    pcs.map((r) => r.deref()).filter((pc) => pc && pc.connectionState !== 'closed' && pc.signalingState !== 'closed').length;

  const NativeAC = window.AudioContext;
  if (NativeAC && cfg.countAudioContexts) {
    const closeAC = NativeAC.prototype.close;
    const closedACs = new WeakSet();
    NativeAC.prototype.close = function () {
      if (!closedACs.has(this)) {
        closedACs.add(this);
        counts.audioContextsClosed += 1;
      }
      return closeAC.call(this);
    };
    const HookedAC = function AudioContext(...args) {
      counts.audioContextsCreated += 1;
      return new NativeAC(...args);
    };
    HookedAC.prototype = NativeAC.prototype;
    Object.setPrototypeOf(HookedAC, NativeAC);
    window.AudioContext = HookedAC;
  }

  // --- first non-silent audio of an <audio> the page adds -----------------------------------
  const measureAudio = (audio) => {
    mark('audioElement');
    if (!cfg.audioProbe) return;
    const started = now();
    const attach = () => {
      if (!audio.isConnected || 'firstAudio' in t) return;
      const stream = audio.srcObject;
      if (!stream || stream.getAudioTracks().length === 0) {
        if (now() - started < 30000) setTimeout(attach, 5);
        return;
      }
      if (cfg.speechProbe) {
        // The whole timeline of the agent's audio (greeting, reply), not just its first sound.
        levelTimeline(stream, bench.agent, { done: () => !audio.isConnected, onLoud: () => mark('firstAudio') });
        return;
      }
      const ctx = new NativeAC();
      const source = ctx.createMediaStreamSource(stream);
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 512; // ~11 ms at 48 kHz
      source.connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      const tick = () => {
        if (!audio.isConnected || 'firstAudio' in t) {
          ctx.close();
          return;
        }
        if (ctx.state === 'suspended') ctx.resume();
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (let i = 0; i < buf.length; i += 1) sum += buf[i] * buf[i];
        if (Math.sqrt(sum / buf.length) > RMS_THRESHOLD) {
          mark('firstAudio');
          ctx.close();
          return;
        }
        setTimeout(tick, 5);
      };
      tick();
    };
    attach();
  };

  // --- DOM: button interactive, log lines, <audio> elements ---------------------------------
  const check = () => {
    if (!('interactive' in t)) {
      const button = bench.query(CALL);
      if (button && !button.disabled) mark('interactive');
    }
    if ('click' in t && !('micPublished' in t)) {
      const log = bench.query(LOG);
      const text = log ? log.textContent : '';
      if (text.includes('connected to the room')) mark('connected');
      if (text.includes('microphone on')) mark('micPublished');
    }
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeName === 'AUDIO') measureAudio(n);
        else if (n.nodeType === 1 && n.querySelectorAll) n.querySelectorAll('audio').forEach(measureAudio);
      }
    }
    check();
  });
  const observe = (root) => observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
  observe(document);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    shadowRoots.push(root);
    observe(root);
    return root;
  };
})();
