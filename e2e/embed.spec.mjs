// The embed (one <script type="module"> + <lk-voice-widget>, `mount()`, the iframe) against the
// real stack: the calendar booking flow through agent → page RPC, two widgets on one page,
// attribute changes before and during a call, destroy() leaving nothing, a strict CSP, a page with its own window.LivekitClient, the iframe
// snippet and a missing allow="microphone", the first paint before the wasm, and RPC errors.
//
// The pages are the examples (examples/ → dist/examples/): served by the token server like any
// site. (Pages fulfilled by page.route count as public, not loopback, in Chromium's Local Network
// Access checks, which would then block the LiveKit connection — so no synthetic pages here.)
import { test, expect } from '@playwright/test';
import { holdWasm } from './hold-wasm.mjs';
import { askByChat } from './agents.mjs';

const LOADER = '/embed/lk-voice-widget.js';
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Test instrumentation (addInitScript): what a widget could leave behind — listeners on window /
 * document / mediaDevices, WebSockets, peer connections, AudioContexts, microphone tracks,
 * <audio> elements — plus CSP violations, host events and the first moment the Call button exists.
 */
function probe() {
  const p = {
    listeners: new Map(),
    sockets: [],
    pcs: [],
    contexts: [],
    tracks: [],
    audios: [],
    violations: [],
    events: [],
    buttonAt: null,
  };
  Object.defineProperty(window, '__probe', { value: p });
  const watch = (target, name) => {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    const key = (type, listener, options) => `${name}:${type}:${typeof options === 'boolean' ? options : Boolean(options && options.capture)}`;
    target.addEventListener = (type, listener, options) => {
      if (listener) {
        const k = key(type, listener, options);
        const set = p.listeners.get(k) || new Set();
        set.add(listener);
        p.listeners.set(k, set);
        const signal = options && typeof options === 'object' ? options.signal : null;
        signal?.addEventListener('abort', () => set.delete(listener));
      }
      return add(type, listener, options);
    };
    target.removeEventListener = (type, listener, options) => {
      p.listeners.get(key(type, listener, options))?.delete(listener);
      return remove(type, listener, options);
    };
  };
  watch(window, 'window');
  watch(document, 'document');
  if (navigator.mediaDevices) watch(navigator.mediaDevices, 'mediaDevices');
  p.listenerCount = () => [...p.listeners.values()].reduce((n, s) => n + s.size, 0);
  p.listenerKeys = () => [...p.listeners.entries()].filter(([, s]) => s.size > 0).map(([k, s]) => `${k} ×${s.size}`);

  // Weak references only: the probe must not keep alive what it watches.
  const wrapClass = (name, list) => {
    const Original = window[name];
    if (!Original) return;
    const Wrapped = class extends Original {
      constructor(...args) {
        super(...args);
        list.push(new WeakRef(this));
      }
    };
    Object.defineProperty(window, name, { value: Wrapped, configurable: true, writable: true });
  };
  wrapClass('WebSocket', p.sockets);
  wrapClass('RTCPeerConnection', p.pcs);
  wrapClass('AudioContext', p.contexts);
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await gum(constraints);
    p.tracks.push(...stream.getTracks().map((t) => new WeakRef(t)));
    return stream;
  };
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (tag, options) {
    const el = createElement.call(this, tag, options);
    if (String(tag).toLowerCase() === 'audio') p.audios.push(new WeakRef(el));
    return el;
  };
  const alive = (list) => list.map((ref) => ref.deref()).filter(Boolean);
  p.leftovers = () => ({
    liveTracks: alive(p.tracks).filter((t) => t.readyState === 'live').length,
    openSockets: alive(p.sockets).filter((s) => s.readyState !== WebSocket.CLOSED).length,
    openPeerConnections: alive(p.pcs).filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed').length,
    openAudioContexts: alive(p.contexts).filter((c) => c.state !== 'closed').length,
    audioElements: alive(p.audios).filter((a) => a.isConnected || (a.srcObject && !a.paused)).length,
    widgets: document.querySelectorAll('lk-voice-widget').length,
  });

  document.addEventListener('securitypolicyviolation', (e) => p.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`.trim()));
  for (const type of ['lkw-ready', 'lkw-call-state', 'lkw-agent-state', 'lkw-transcript', 'lkw-error', 'lkw-rpc']) {
    document.addEventListener(type, (e) => p.events.push({ type, target: e.target.id || e.target.tagName, detail: e.detail }));
  }
  // The first frame in which a Call button exists in any widget's shadow root.
  const seek = () => {
    for (const el of document.querySelectorAll('lk-voice-widget')) {
      if (el.shadowRoot && el.shadowRoot.querySelector('button.lkw-call')) {
        p.buttonAt = performance.timeOrigin + performance.now();
        return;
      }
    }
    requestAnimationFrame(seek);
  };
  requestAnimationFrame(seek);
}

async function startCall(widget) {
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 25_000 });
}

async function hangUp(widget) {
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'ended', { timeout: 10_000 });
}

/** "Tuesday, 24 November at 10:00" for "2026-11-24T10:00", as the agent says it. */
function spoken(start) {
  const [date, time] = start.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(y, m - 1, d).getDay()];
  return `${weekday}, ${d} ${MONTHS[m - 1]} at ${time}`;
}

test('calendar page: the agent finds a free slot, proposes it and books it; the page shows it', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(probe);
  await page.goto('/examples/calendar/');
  const widget = page.locator('lk-voice-widget');
  await expect(widget.locator('button.lkw-call')).toBeVisible();
  await expect(page.locator('.event-booked')).toHaveCount(0);

  await startCall(widget);
  // Typed while she greets, a message would cut the greeting short: ask once she listens.
  await expect(widget.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 20_000 });
  // Each typed message and each answer appear once; she answers by speech only.
  const offerLine = await askByChat(widget, 'Hello, I would like to book an appointment.', 'Shall I book it?');
  const offer = await offerLine.locator('.lkw-line-text').textContent();
  expect(offer).toContain('The next free slot is');

  const doneLine = await askByChat(widget, 'Yes, please.', 'Done, I booked');
  const booked = page.locator('.event-booked');
  await expect(booked).toHaveCount(1, { timeout: 20_000 });
  const start = await booked.getAttribute('data-start');
  // The slot it proposed is the slot it booked, and it says so.
  expect(offer).toContain(spoken(start));
  await expect(doneLine).toContainText(`Done, I booked ${spoken(start)} for you.`);
  await expect(page.locator('#bookings li')).toHaveCount(1);

  // The host page heard the call through DOM events.
  const events = await page.evaluate(() => window.__probe.events.map((e) => ({ type: e.type, detail: e.detail })));
  const stages = events.filter((e) => e.type === 'lkw-call-state').map((e) => e.detail.stage);
  expect(stages).toEqual(expect.arrayContaining(['fetching-token', 'connecting', 'agent-joined']));
  // Agent states as they settle (a state held for less than a task may be merged away).
  const agentStates = events.filter((e) => e.type === 'lkw-agent-state' && e.detail.present).map((e) => e.detail.state);
  expect(agentStates.length).toBeGreaterThan(0);
  expect(agentStates.every((state) => ['initializing', 'idle', 'listening', 'thinking', 'speaking', 'unknown'].includes(state))).toBe(true);
  expect(agentStates).toContain('speaking');
  expect(events.some((e) => e.type === 'lkw-transcript' && e.detail.speaker === 'agent' && e.detail.kind === 'speech' && e.detail.final && e.detail.text.includes('Done, I booked'))).toBe(true);
  expect(events.some((e) => e.type === 'lkw-transcript' && e.detail.speaker === 'agent' && e.detail.kind === 'chat')).toBe(false);
  const rpcs = events.filter((e) => e.type === 'lkw-rpc').map((e) => `${e.detail.method}:${e.detail.ok}`);
  expect(rpcs).toEqual(['calendar.freeSlots:true', 'calendar.book:true']);

  await hangUp(widget);
  expect(events.filter((e) => e.type === 'lkw-error')).toEqual([]);
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => window.__probe.violations)).toEqual([]);
});

test('two widgets on one page call independently', async ({ page }) => {
  await page.addInitScript(probe);
  const rooms = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/token') || !response.ok()) return;
    const { participant_token: token } = await response.json();
    rooms.push(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).video.room);
  });
  await page.goto('/examples/two-widgets/');
  const one = page.locator('#one');
  const two = page.locator('#two');
  await expect(one.locator('button.lkw-call')).toHaveText('Call');
  await expect(two.locator('button.lkw-call')).toHaveText('Anrufen');

  await startCall(one);
  await expect(two.locator('.lkw')).toHaveAttribute('data-stage', 'idle');
  await startCall(two);
  await expect(one.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hello, this is Sofia', { timeout: 20_000 });
  await expect(two.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hallo, hier ist Sofia', { timeout: 20_000 });
  await expect(one.locator('.lkw-audio audio')).toHaveCount(1, { timeout: 15_000 });
  await expect(two.locator('.lkw-audio audio')).toHaveCount(1, { timeout: 15_000 });
  // Each in its own room (read from the two tokens).
  expect(rooms).toHaveLength(2);
  expect(rooms[0]).toMatch(/^call-/);
  expect(rooms[1]).toMatch(/^call-/);
  expect(rooms[0]).not.toBe(rooms[1]);

  await hangUp(one);
  await expect(one.locator('.lkw-audio audio')).toHaveCount(0);
  await expect(two.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined');
  await expect(two.locator('.lkw-audio audio')).toHaveCount(1);
  // Styles stay in their shadow roots, both ways.
  const styles = await page.evaluate(() => {
    const bg = (id) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector('.lkw')).backgroundColor;
    const spacing = (id) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector('.lkw-status')).letterSpacing;
    const leaked = document.adoptedStyleSheets.length > 0 || [...document.styleSheets].some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('.lkw')));
    return { one: bg('one'), two: bg('two'), spacing: spacing('one'), page: getComputedStyle(document.querySelector('.page p')).letterSpacing, leaked };
  });
  expect(styles.one).toBe('rgb(255, 255, 255)');
  expect(styles.two).toBe('rgb(22, 27, 34)');
  expect(styles.page).not.toBe('normal'); // the page's own rule …
  expect(styles.spacing).toBe('normal'); // … does not reach into the widget
  expect(styles.leaked).toBe(false); // and the widget's rules stay out of the page
  await hangUp(two);
});

test('an attribute change re-creates an idle widget at once, one in a call only at the next call; endReason is a stable key', async ({ page }) => {
  // The loader asks the wasm's handle whether a call runs (`isActive`), not a copy of the stages.
  await page.addInitScript(probe);
  await page.goto('/examples/two-widgets/');
  const one = page.locator('#one');
  await one.locator('button.lkw-call').hover(); // intent: the wasm loads, the real widget mounts
  await expect(one.locator('.lkw-placeholder')).toHaveCount(0, { timeout: 15_000 });
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'idle');
  await one.evaluate((el) => el.setAttribute('lang', 'de'));
  await expect(one.locator('button.lkw-call')).toHaveText('Anrufen');
  await one.evaluate((el) => el.setAttribute('lang', 'en'));
  await expect(one.locator('button.lkw-call')).toHaveText('Call');

  await startCall(one);
  await one.evaluate((el) => el.setAttribute('lang', 'de'));
  await page.waitForTimeout(500);
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined');
  await expect(one.locator('button.lkw-call')).toHaveText('Hang up');
  await hangUp(one);
  const ended = await page.evaluate(() => window.__probe.events.filter((e) => e.type === 'lkw-call-state' && e.target === 'one' && e.detail.stage === 'ended'));
  expect(ended.map((e) => e.detail.endReason)).toEqual(['hung-up']);
  expect(ended[0].detail.active).toBe(false);

  // The next Call starts on a widget made with the changed attribute.
  await one.locator('button.lkw-call').click();
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 25_000 });
  await expect(one.locator('button.lkw-call')).toHaveText('Auflegen');
  await hangUp(one);
});

test('a call the far side ends is told to the host page like the screen: lkw-error call-ended, endReason remote:duplicate-identity', async ({ page }) => {
  // Both widgets of the page join one room as one identity: LiveKit ends the first call.
  await page.addInitScript(probe);
  const identity = `dup-embed-${Date.now()}`;
  const room = `call-dup-embed-${Date.now()}`;
  await page.route('**/api/token', async (route) => {
    const body = JSON.parse(route.request().postData() || '{}');
    await route.continue({ postData: JSON.stringify({ ...body, room_name: room, participant_identity: identity }) });
  });
  await page.goto('/examples/two-widgets/');
  const one = page.locator('#one');
  const two = page.locator('#two');
  await startCall(one);
  await two.locator('button.lkw-call').click();
  await expect(one.locator('.lkw')).toHaveAttribute('data-stage', 'ended', { timeout: 20_000 });
  await expect(one.locator('.lkw-error')).toHaveAttribute('data-hop', 'call');
  const screenFix = await one.locator('.lkw-error-fix').textContent();

  const seen = await page.evaluate(() => window.__probe.events.filter((e) => e.target === 'one'));
  const errors = seen.filter((e) => e.type === 'lkw-error');
  expect(errors).toHaveLength(1);
  expect(errors[0].detail).toMatchObject({ hop: 'call', code: 'call-ended' });
  expect(errors[0].detail.fix).toContain('same identity');
  expect(screenFix).toContain(errors[0].detail.fix);
  const ended = seen.filter((e) => e.type === 'lkw-call-state' && e.detail.stage === 'ended');
  expect(ended.map((e) => e.detail.endReason)).toEqual(['remote:duplicate-identity']);
  await two.locator('button.lkw-call').click();
});

test('mount() and destroy(): nothing is left behind, no global is written', async ({ page }) => {
  await page.addInitScript(probe);
  await page.goto('/examples/mount-api/');
  await expect(page.locator('#mount')).toBeEnabled();
  const before = await page.evaluate(() => ({ listeners: window.__probe.listenerKeys(), globals: Object.keys(window) }));
  await page.locator('#mount').click();
  const widget = page.locator('lk-voice-widget');
  await startCall(widget);
  await expect(widget.locator('.lkw-audio audio')).toHaveCount(1, { timeout: 15_000 });
  await expect(widget.locator('.lkw')).toHaveAttribute('data-agent-state', 'listening', { timeout: 20_000 });
  const during = await page.evaluate(() => window.__probe.leftovers());
  expect(during.liveTracks).toBeGreaterThan(0);
  expect(during.openSockets).toBeGreaterThan(0);

  await page.locator('#destroy').click();
  await expect(page.locator('lk-voice-widget')).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => window.__probe.leftovers()), { timeout: 10_000, message: 'everything the call held is released' })
    .toEqual({ liveTracks: 0, openSockets: 0, openPeerConnections: 0, openAudioContexts: 0, audioElements: 0, widgets: 0 });
  // livekit-client removes its `devicechange` listener when the Room is garbage-collected
  // (WeakRef + FinalizationRegistry): nothing may keep the destroyed widget's Room alive.
  const cdp = await page.context().newCDPSession(page);
  await expect
    .poll(async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return page.evaluate(() => window.__probe.listenerKeys());
    }, { timeout: 20_000, message: 'listeners on window, document and mediaDevices are back to before' })
    .toEqual(before.listeners);
  // And the destroyed widget's Room is garbage (nothing of ours, nor the SDK's registry, holds it).
  const { result: roomPrototype } = await cdp.send('Runtime.evaluate', { expression: "import('/vendor/livekit-client.min.js').then((m) => m.Room.prototype)", awaitPromise: true });
  await expect
    .poll(async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: roomPrototype.objectId });
      const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
      await cdp.send('Runtime.releaseObject', { objectId: objects.objectId });
      return result.value;
    }, { timeout: 20_000, message: 'Room objects still reachable after destroy()' })
    .toBe(0);
  const after = await page.evaluate(() => ({ globals: Object.keys(window) }));
  const added = after.globals.filter((name) => !before.globals.includes(name));
  expect(added).toEqual([]);
});

test('a page with a strict CSP (no inline script, no eval) runs the widget', async ({ page }) => {
  await page.addInitScript(probe);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto('/examples/strict-csp/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("style-src 'self'");
  expect(response.ok()).toBe(true);
  // The policy is in force: an inline script does not run.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'document.documentElement.dataset.inline = "ran"';
    document.head.append(s);
  });
  expect(await page.locator('html').getAttribute('data-inline')).toBeNull();
  await expect.poll(() => page.evaluate(() => window.__probe.violations.length)).toBe(1);

  const widget = page.locator('lk-voice-widget');
  // Styled from the constructed stylesheet (style-src 'self' allows no inline <style>).
  await expect(widget.locator('button.lkw-call')).toHaveCSS('background-color', 'rgb(10, 104, 71)');
  await startCall(widget);
  const audio = widget.locator('.lkw-audio audio');
  await expect(audio).toHaveCount(1, { timeout: 15_000 });
  await expect.poll(() => audio.evaluate((a) => !a.paused && a.currentTime > 0), { timeout: 15_000, message: 'agent audio plays' }).toBe(true);
  await expect(widget.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hello, this is Sofia', { timeout: 20_000 });
  // The level meters move under style-src 'self' (set through the CSSOM, not a style attribute).
  await expect
    .poll(() => widget.locator('.lkw-level-bar').evaluateAll((bars) => bars.some((b) => Number(b.style.getPropertyValue('--lkw-level')) > 0)), { timeout: 15_000, message: 'a level bar moves' })
    .toBe(true);
  await hangUp(widget);
  // Nothing but our own inline test script was refused.
  const violations = await page.evaluate(() => window.__probe.violations);
  expect(violations[0]).toMatch(/^script-src-elem inline/);
  expect(violations.slice(1)).toEqual([]);
  expect(errors).toEqual([]);
});

test("a page's own window.LivekitClient is left alone by the embed", async ({ page }) => {
  await page.addInitScript(() => {
    const host = { hostOwned: true, version: 'host-0.9', connect() { return 'host'; } };
    window.LivekitClient = host;
    window.__hostLivekitClient = host;
  });
  await page.goto('/examples/calendar/');
  const widget = page.locator('lk-voice-widget');
  await startCall(widget);
  await expect(widget.locator('.lkw-audio audio')).toHaveCount(1, { timeout: 15_000 });
  await hangUp(widget);
  const untouched = await page.evaluate(() => {
    const lk = window.LivekitClient;
    return lk === window.__hostLivekitClient && JSON.stringify(Object.keys(lk)) === JSON.stringify(['hostOwned', 'version', 'connect']) && lk.connect() === 'host';
  });
  expect(untouched).toBe(true);
});

test('the iframe snippet works; a frame without allow="microphone" is diagnosed', async ({ page, baseURL }) => {
  // The embed code page on another origin than the widget (localhost vs 127.0.0.1), so its
  // frames are cross-origin: it shows the snippet and previews it with and without `allow`.
  const widgetOrigin = new URL(baseURL).origin;
  const generator = new URL(`/examples/embed/?widget-origin=${encodeURIComponent(widgetOrigin)}`, baseURL.replace('127.0.0.1', 'localhost')).href;
  await page.goto(generator);
  const snippet = await page.locator('#iframe-snippet').textContent();
  expect(snippet).toContain('allow="microphone; autoplay"');
  expect(snippet).toContain(`src="${widgetOrigin}/embed/frame.html?`);
  await expect(page.locator('#script-snippet')).toContainText(`<script type="module" src="${widgetOrigin}/embed/lk-voice-widget.js"></script>`);

  const framed = page.frameLocator('#frame-with').locator('lk-voice-widget');
  await expect(framed.locator('button.lkw-call')).toBeVisible();
  // The frame's title is the widget's label in its language (from the catalogs, not the HTML).
  const frame = page.frames().find((f) => f.url().includes('/embed/frame.html'));
  await expect.poll(() => frame.title()).toBe('Voice call');
  await startCall(framed);
  await expect(framed.locator('.lkw-notice')).toHaveCount(0);
  await expect(framed.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hello, this is Sofia', { timeout: 20_000 });
  await hangUp(framed);

  const blocked = page.frameLocator('#frame-without').locator('lk-voice-widget');
  await blocked.locator('button.lkw-call').hover(); // intent: the widget loads and checks the page
  const notice = blocked.locator('.lkw-notice[data-notice="iframe-microphone-policy"]');
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(notice).toContainText('This page blocks the microphone');
  await expect(notice).toContainText('allow="microphone; autoplay"');
  // And a call there fails at the microphone with a diagnosis, not silently.
  await blocked.locator('button.lkw-call').click();
  await expect(blocked.locator('.lkw')).toHaveAttribute('data-stage', 'failed', { timeout: 25_000 });
  await expect(blocked.locator('.lkw-error')).toHaveAttribute('data-hop', 'microphone');
});

test('first paint: the Call button is there before the wasm (and the SDK) are fetched', async ({ page }) => {
  await page.addInitScript(probe);
  const requests = [];
  page.on('requestfinished', (r) => {
    const t = r.timing();
    requests.push({ url: r.url(), start: t.startTime, end: t.startTime + t.responseEnd });
  });
  // Hold the wasm: the button must be usable without it.
  const heldWasm = await holdWasm(page);
  await page.goto('/examples/calendar/');
  const widget = page.locator('lk-voice-widget');
  await expect(widget.locator('button.lkw-call')).toBeVisible();
  await expect(widget.locator('.lkw-placeholder')).toHaveCount(1);
  expect(requests.some((r) => r.url.endsWith('.wasm'))).toBe(false);
  expect(requests.some((r) => r.url.includes('livekit-client'))).toBe(false);
  // Idle time (or the first hover) asks for the wasm; the button keeps working meanwhile.
  await expect.poll(heldWasm.requested, { timeout: 10_000 }).toBe(true);
  heldWasm.release();
  await expect(widget.locator('.lkw-placeholder')).toHaveCount(0, { timeout: 15_000 });
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'idle');

  await expect.poll(() => requests.some((r) => r.url.endsWith('.wasm')), { timeout: 10_000 }).toBe(true);
  const wasm = requests.find((r) => r.url.endsWith('.wasm'));
  const buttonAt = await page.evaluate(() => window.__probe.buttonAt);
  expect(buttonAt, 'the button was seen').not.toBeNull();
  expect(buttonAt).toBeLessThan(wasm.end);
  const sdk = requests.find((r) => r.url.includes('livekit-client'));
  if (sdk) expect(buttonAt).toBeLessThan(sdk.end);
  // Before any intent or idle time, the page loaded only the loader (one small module).
  const loader = requests.find((r) => r.url.endsWith(LOADER));
  expect(loader).toBeTruthy();
  console.log(`first paint: button at +${Math.round(buttonAt - loader.start)} ms after the loader request; wasm done at +${Math.round(wasm.end - loader.start)} ms`);
});

test('RPC to the page: answers, a throwing handler, a slow handler and an unknown method', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const room = `call-embed-rpc-${Date.now()}`;
  const identity = `embed-rpc-${Date.now()}`;
  // The widget's call goes to a known room under a known identity (test stacks allow that).
  await page.route('**/api/token', async (route) => {
    const body = JSON.parse(route.request().postData() || '{}');
    await route.continue({ postData: JSON.stringify({ ...body, room_name: room, participant_identity: identity }) });
  });
  await page.goto('/examples/two-widgets/');
  await page.evaluate(async () => {
    await customElements.whenDefined('lk-voice-widget');
    const el = document.getElementById('one');
    el.registerRpcMethod('test.echo', async (payload, caller) => JSON.stringify({ payload, caller }));
    el.registerRpcMethod('test.throw', async () => {
      throw new Error('no such slot');
    });
    el.registerRpcMethod('test.code', async () => {
      throw Object.assign(new Error('slot taken'), { code: 4009 });
    });
    el.registerRpcMethod('test.slow', (payload, caller, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('too late'))));
  });
  const widget = page.locator('#one');
  // A handler registered after the widget was made applies to the next call.
  await widget.locator('button.lkw-call').hover();
  await expect(widget.locator('.lkw-placeholder')).toHaveCount(0, { timeout: 15_000 });
  await page.evaluate(() => document.getElementById('one').registerRpcMethod('test.late', async () => 'late ok'));
  await startCall(widget);

  const guest = await browser.newPage();
  await guest.goto('/');
  const results = await guest.evaluate(async ({ room, identity }) => {
    const res = await fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room_name: room, participant_identity: `guest-${Date.now()}` }) });
    const { server_url, participant_token } = await res.json();
    const sdk = await import('/vendor/livekit-client.min.js');
    const lk = new sdk.Room();
    await lk.connect(server_url, participant_token);
    for (let i = 0; i < 50 && !lk.remoteParticipants.has(identity); i += 1) await new Promise((r) => setTimeout(r, 100));
    const call = async (method, payload, responseTimeout = 10_000) => {
      try {
        return { ok: await lk.localParticipant.performRpc({ destinationIdentity: identity, method, payload, responseTimeout }) };
      } catch (e) {
        return { code: e.code, message: e.message };
      }
    };
    const out = {
      echo: await call('test.echo', 'hi'),
      late: await call('test.late', ''),
      thrown: await call('test.throw', ''),
      coded: await call('test.code', ''),
      unknown: await call('test.none', ''),
      slow: await call('test.slow', '', 9_000),
    };
    await lk.disconnect();
    return out;
  }, { room, identity });
  await guest.close();

  expect(JSON.parse(results.echo.ok)).toEqual({ payload: 'hi', caller: expect.stringMatching(/^guest-/) });
  expect(results.late).toEqual({ ok: 'late ok' });
  expect(results.thrown).toEqual({ code: 1500, message: 'no such slot' });
  expect(results.coded).toEqual({ code: 4009, message: 'slot taken' });
  expect(results.unknown.code).toBe(1400);
  expect(results.slow.code).toBe(1502);
  expect(results.slow.message).toContain("the page's handler for test.slow did not answer within");
  await hangUp(widget);
});
