// Nothing leaking: N call / hang-up cycles in one page (the widget; the same on the plain-JS
// page to tell the SDK's share), each one as far as the
// agent's audio (<audio> attached), then Hang up. Measured after a forced GC (CDP
// HeapProfiler.collectGarbage, three times):
//   JS heap used (Runtime.getHeapUsage), DOM nodes in the document and in the renderer
//   (Memory.getDOMCounters, which also counts detached nodes and JS event listeners),
//   <audio> elements, live capture tracks and open RTCPeerConnections (probe hooks),
//   the widget's room listeners (data-room-listeners), livekit-client Room objects still alive
//   (Runtime.queryObjects), the wasm linear memory, and which elements and window / document /
//   navigator.mediaDevices listeners make up any growth.
// "before" is taken after one warm-up cycle: the first call loads and compiles the SDK, which
// is a one-time cost, not a leak. The page-load state is reported too.
import { launchChromium, probeScript, sleep } from './lib.mjs';

/** Event listener types on `window` / `document` (where the SDK and Leptos put theirs). */
async function listenerTypes(cdp, expression) {
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  try {
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    const out = {};
    for (const l of listeners) out[l.type] = (out[l.type] || 0) + 1;
    return out;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
}

/** Live livekit-client Room objects in the page (CDP Runtime.queryObjects on Room.prototype). */
async function liveRooms(cdp) {
  const { result: proto, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: "import(new URL('/vendor/livekit-client.min.js', location.origin).href).then((m) => m.Room.prototype)",
    awaitPromise: true,
  });
  if (exceptionDetails || !proto.objectId) return null;
  try {
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.objectId });
    const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
    await cdp.send('Runtime.releaseObject', { objectId: objects.objectId });
    return result.value;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: proto.objectId });
  }
}

async function snapshot(page, cdp) {
  for (let i = 0; i < 3; i += 1) {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(200);
  }
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const windowListeners = await listenerTypes(cdp, 'window');
  const documentListeners = await listenerTypes(cdp, 'document');
  const mediaDevicesListeners = await listenerTypes(cdp, 'navigator.mediaDevices');
  const rooms = await liveRooms(cdp);
  const inPage = await page.evaluate(() => {
    const b = window.__lkwBench;
    // The document and the widget's shadow root (the probe's roots), each root counted as a node.
    let nodes = 0;
    const elements = {};
    for (const top of b.roots()) {
      nodes += 1;
      const walker = document.createTreeWalker(top, NodeFilter.SHOW_ALL);
      while (walker.nextNode()) {
        nodes += 1;
        const n = walker.currentNode;
        if (n.nodeType === 1) {
          const key = n.localName + (n.classList && n.classList.length ? `.${n.classList[0]}` : '');
          elements[key] = (elements[key] || 0) + 1;
        }
      }
    }
    const memory = b.wasmMemory && b.wasmMemory.deref();
    const root = b.query('[data-stage]');
    return {
      documentNodes: nodes,
      audioElements: b.queryAll('audio').length,
      liveCaptureTracks: b.liveCaptureTracks(),
      openPeerConnections: b.openPeerConnections(),
      roomListeners: root && root.dataset.roomListeners !== undefined ? Number(root.dataset.roomListeners) : null,
      stage: root ? root.dataset.stage : null,
      wasmMemoryBytes: memory ? memory.buffer.byteLength : null,
      counts: { ...b.counts },
      elements,
    };
  });
  return {
    windowListeners,
    documentListeners,
    mediaDevicesListeners,
    liveRooms: rooms,
    heapUsedBytes: heap.usedSize,
    heapTotalBytes: heap.totalSize,
    rendererNodes: dom.nodes,
    rendererDocuments: dom.documents,
    jsEventListeners: dom.jsEventListeners,
    ...inPage,
  };
}

const CALL = 'button.lkw-call, button.ref-call';
const stageIs = (page, stage, timeout) =>
  page.waitForFunction((s) => window.__lkwBench.query('[data-stage]')?.dataset.stage === s, stage, { timeout, polling: 50 });

// The same cycle for both pages: the agent's <audio> attached (so the agent joined and its track
// was subscribed), then Hang up until the page says 'ended'.
async function cycle(page) {
  const call = page.locator(CALL);
  const started = Date.now();
  await call.click({ timeout: 10_000 });
  // The widget primes its <audio> in the click, so the element alone says nothing: it must carry
  // the agent's track (srcObject) — without that the cycle hung up mid-connect (issue 15's run).
  await page.waitForFunction(() => {
    const audio = window.__lkwBench.queryAll('audio');
    return audio.length === 1 && !!audio[0].srcObject;
  }, null, { timeout: 20_000, polling: 50 });
  await call.click({ timeout: 10_000 });
  await stageIs(page, 'ended', 10_000);
  return Date.now() - started;
}

/** Runs the leak check against the page at `url` (the widget, or the plain-JS reference). */
export async function runLeaks({ url, cycles, label = 'leaks', log = console.log }) {
  const browser = await launchChromium();
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await page.addInitScript({ content: probeScript({ audioProbe: false, countAudioContexts: true }) });
    const cdp = await context.newCDPSession(page);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(CALL);
    // The idle preloads (the widget: its wasm, then the SDK) are done before the first cycle.
    await page.waitForFunction(
      () => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/livekit-client.min.js') && r.responseEnd > 0),
      null,
      { timeout: 15_000, polling: 50 },
    );
    await sleep(1000);
    const pageLoad = await snapshot(page, cdp);
    await cycle(page);
    await sleep(2000);
    const before = await snapshot(page, cdp);
    log(`${label}: before: heap ${(before.heapUsedBytes / 1e6).toFixed(2)} MB, ${before.documentNodes} nodes; running ${cycles} cycles…`);
    const durations = [];
    const failures = [];
    const series = [{ cycle: 0, heapUsedBytes: before.heapUsedBytes, documentNodes: before.documentNodes, rendererNodes: before.rendererNodes, jsEventListeners: before.jsEventListeners, wasmMemoryBytes: before.wasmMemoryBytes }];
    for (let i = 1; i <= cycles; i += 1) {
      try {
        durations.push(await cycle(page));
      } catch (err) {
        failures.push({ cycle: i, error: err.message.split('\n')[0] });
        log(`${label}: cycle ${i} failed: ${failures.at(-1).error}`);
        // Leave the page in 'ended' (or idle) before the next cycle.
        try {
          if ((await page.locator(CALL).textContent())?.trim() === 'Hang up') await page.locator(CALL).click();
          await stageIs(page, 'ended', 10_000);
        } catch {
          /* next cycle will tell */
        }
      }
      if (i % 10 === 0 && i < cycles) {
        await sleep(1000);
        const snap = await snapshot(page, cdp);
        series.push({ cycle: i, heapUsedBytes: snap.heapUsedBytes, documentNodes: snap.documentNodes, rendererNodes: snap.rendererNodes, jsEventListeners: snap.jsEventListeners, wasmMemoryBytes: snap.wasmMemoryBytes });
        log(`${label}: ${i}/${cycles} cycles (last ${durations.at(-1) ?? '—'} ms): heap ${(snap.heapUsedBytes / 1e6).toFixed(2)} MB, ${snap.documentNodes} nodes, ${snap.jsEventListeners} listeners`);
      }
    }
    await sleep(2000);
    const after = await snapshot(page, cdp);
    series.push({ cycle: cycles, heapUsedBytes: after.heapUsedBytes, documentNodes: after.documentNodes, rendererNodes: after.rendererNodes, jsEventListeners: after.jsEventListeners, wasmMemoryBytes: after.wasmMemoryBytes });
    const delta = {};
    for (const k of Object.keys(after)) {
      if (typeof after[k] === 'number' && typeof before[k] === 'number') delta[k] = after[k] - before[k];
    }
    // Which elements / window and document listeners the growth is made of.
    const diffMaps = (a = {}, b = {}) => {
      const out = {};
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if ((b[k] || 0) !== (a[k] || 0)) out[k] = (b[k] || 0) - (a[k] || 0);
      return out;
    };
    delta.elements = diffMaps(before.elements, after.elements);
    delta.windowListeners = diffMaps(before.windowListeners, after.windowListeners);
    delta.documentListeners = diffMaps(before.documentListeners, after.documentListeners);
    delta.mediaDevicesListeners = diffMaps(before.mediaDevicesListeners, after.mediaDevicesListeners);
    durations.sort((a, b) => a - b);
    return {
      cycles,
      completed: durations.length,
      failures,
      cycleMsMedian: durations.length ? durations[Math.floor(durations.length / 2)] : null,
      pageLoad,
      series,
      before,
      after,
      delta,
      pageErrors,
      goals: {
        heapGrowthUnderBytes: 2_000_000,
        zero: ['audioElements', 'liveCaptureTracks', 'openPeerConnections', 'roomListeners', 'documentNodes (growth)', 'rendererNodes (growth)', 'jsEventListeners (growth)'],
      },
    };
  } finally {
    await context.close().catch(() => {});
    await browser.close();
  }
}
