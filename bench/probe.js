// Bench instrumentation, injected with page.addInitScript into the widget page and the plain-JS
// reference page alike (window.__lkwBenchConfig is set just before it). Not part of the widget.
//
// Everything is timed in the page with performance.now() (0 = navigation start):
//   interactive   the call button exists and is enabled (widget: mounted by the wasm app;
//                 reference: enabled by its script)
//   click         the first click on the call button (capture listener on window, runs first)
//   connected     the page's log shows 'connected to the room'   (MutationObserver)
//   micPublished  the page's log shows 'microphone on'           (MutationObserver)
//   firstAudio    an AnalyserNode on an <audio> the page added reads RMS > 0.01 (first
//                 non-silent agent audio; the same threshold as e2e/audio-probe.js)
// and, to explain differences: gumStart/gumEnd (getUserMedia), pcConnected (first
// RTCPeerConnection 'connected'), audioElement (first <audio> added), sdkLoaded/tokenLoaded
// (Resource Timing responseEnd, read afterwards by the harness).
//
// For leak checks it counts, without holding anything alive or adding listeners: capture tracks
// not yet stopped, RTCPeerConnections not closed, AudioContexts created / closed.
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
    if (!(name in t)) t[name] = now();
  };

  // Cold SDK: neither page may preload the SDK at idle (both use requestIdleCallback for it).
  if (cfg.suppressIdlePreload) {
    window.requestIdleCallback = () => 0;
    window.cancelIdleCallback = () => {};
  }

  // Trunk's loader announces the wasm instance; keep its memory to read the linear memory size.
  addEventListener('TrunkApplicationStarted', (e) => {
    mark('wasmStarted');
    const wasm = e.detail && e.detail.wasm;
    if (wasm && wasm.memory) bench.wasmMemory = new WeakRef(wasm.memory);
  });

  addEventListener(
    'click',
    (e) => {
      const target = e.target instanceof Element ? e.target.closest(CALL) : null;
      if (!target || 'click' in t) return;
      mark('click');
      bench.clickTrusted = e.isTrusted;
      bench.resourcesBeforeClick = performance
        .getEntriesByType('resource')
        .map((r) => ({ name: r.name, decodedBodySize: r.decodedBodySize, responseEnd: r.responseEnd }));
    },
    true,
  );

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
      const button = document.querySelector(CALL);
      if (button && !button.disabled) mark('interactive');
    }
    if ('click' in t && !('micPublished' in t)) {
      const log = document.querySelector(LOG);
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
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
})();
