// The upstream evidence for js/connect_gate.js, in plain JS: livekit-client (dist/vendor, used
// directly in Chromium) leaves an RTCPeerConnection open when Room.disconnect() comes before the
// signal join has answered, or when the join fails. Starts the `test` stack (run it under
// `flock /tmp/lkw-e2e.lock`, after scripts/build), prints one line per cycle, stops everything.
//   node bench/reference/sdk-leak-probe.mjs [cycles] [mode]
// mode: direct    disconnect 0–345 ms into a connect (engine state at the disconnect, open PCs)
//       gated     the same, but the disconnect first waits for signalConnected or the connect
//       badtoken  connects with a token the server refuses, then disconnect
//       reference the reference page (index.html here): Call, then Hang up 0–330 ms later
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startStack } from '../../scripts/stack.mjs';
import { startReferenceServer } from './server.mjs';
import { mintToken } from '../../e2e/tokens.mjs';
import { CHROMIUM_ARGS } from '../../e2e/playwright.config.mjs';

const cycles = Number(process.argv[2] || 24);
const mode = process.argv[3] || 'direct';
const stack = await startStack({ profile: 'test', agent: false });
const ref = await startReferenceServer({ upstream: stack.baseUrl });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.addInitScript({ path: fileURLToPath(new URL('../../e2e/peer-connections.js', import.meta.url)) });
  await page.goto(`${ref.url}/`);
  if (mode === 'direct' || mode === 'gated') {
    const rows = await page.evaluate(async ([cycles, gated]) => {
      const sdk = await import('/vendor/livekit-client.min.js');
      const rows = [];
      for (let i = 0; i < cycles; i += 1) {
        const delay = (i * 15) % 360;
        const grant = await (await fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
        const before = window.__lkwPeerConnections.made();
        const room = new sdk.Room({ adaptiveStream: false, dynacast: false });
        let signal = false;
        let signalled;
        const signalPromise = new Promise((r) => { signalled = r; });
        room.on('signalConnected', () => { signal = true; signalled(); });
        const t0 = performance.now();
        const connect = room.connect(grant.server_url, grant.participant_token).then(() => 'ok', (e) => `rejected: ${e.message}`);
        await new Promise((r) => setTimeout(r, delay));
        const engine = room.engine;
        const at = { state: room.state, signal, engineClosed: engine?.isClosed, pcManager: !!engine?.pcManager, pcs: window.__lkwPeerConnections.made() - before };
        const g0 = performance.now();
        if (gated) await Promise.race([signalPromise, connect]);
        at.gateMs = Math.round(performance.now() - g0);
        await room.disconnect();
        const outcome = await connect;
        await new Promise((r) => setTimeout(r, 300));
        const open = window.__lkwPeerConnections.open(before);
        rows.push({ delay, at, outcome: outcome.slice(0, 60), connectMs: Math.round(performance.now() - t0), leftPcManager: !!engine?.pcManager, open });
      }
      return rows;
    }, [cycles, mode === 'gated']);
    for (const r of rows) console.log(JSON.stringify(r));
    console.log(`open: ${rows.reduce((n, r) => n + r.open, 0)} in ${rows.filter((r) => r.open).length} of ${rows.length} cycles`);
  } else if (mode === 'badtoken') {
    const bad = mintToken({ secret: 'not-the-servers-secret' });
    const r = await page.evaluate(async ([bad, cycles]) => {
      const sdk = await import('/vendor/livekit-client.min.js');
      const grant = await (await fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
      const out = [];
      for (let i = 0; i < cycles; i += 1) {
        const room = new sdk.Room();
        const outcome = await room.connect(grant.server_url, bad).then(() => 'ok', (e) => e.message);
        await room.disconnect();
        out.push(outcome.slice(0, 80));
      }
      await new Promise((r) => setTimeout(r, 500));
      return { out, made: window.__lkwPeerConnections.made(), open: window.__lkwPeerConnections.open() };
    }, [bad, cycles]);
    console.log(JSON.stringify(r));
  } else {
    // The reference page as a person uses it: Call, then Hang up `delay` ms after 'connecting'.
    for (let i = 0; i < cycles; i += 1) {
      const delay = (i * 30) % 360;
      await page.evaluate((delay) => new Promise((resolve) => {
        const button = document.querySelector('.ref-call');
        button.click();
        setTimeout(() => { button.click(); resolve(); }, delay);
      }), delay);
      await page.waitForFunction(() => document.querySelector('.ref').dataset.stage === 'ended', null, { timeout: 10_000 });
    }
    await page.waitForTimeout(2000);
    const counts = await page.evaluate(() => ({ made: window.__lkwPeerConnections.made(), open: window.__lkwPeerConnections.open() }));
    console.log(`reference page: ${JSON.stringify(counts)} after ${cycles} hang-ups`);
  }
} finally {
  await browser.close();
  await ref.close();
  await stack.stop();
}
