// Renders bench/results.json as BENCHMARKS.md. Run directly, re-renders them without measuring:
//   node bench/report.mjs [results.json] [BENCHMARKS.md]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kb, sizeTable } from './size.mjs';
import { METRICS } from './speed.mjs';
import { clusterSection, clusterSummaryRows } from './report-cluster.mjs';

const RATIO_GOAL = 1.05;
const SPEECH_GOAL_MS = 800;
const HEAP_GOAL = 2_000_000;
const ms = (x) => (x == null ? '—' : `${Math.round(x)} ms`);
const mb = (bytes) => (bytes == null ? '—' : `${(bytes / 1e6).toFixed(2)} MB`);
const signed = (x, unit = '') => (x == null ? '—' : `${x > 0 ? '+' : ''}${x}${unit}`);
const mark = (ok) => (ok == null ? '' : ok ? '✅' : '❌');

const LEAK_ROWS = [
  // [label, key, format, goal, check(after, delta)]
  ['JS heap used (after GC)', 'heapUsedBytes', 'mb', '< +2 MB', (a, d) => d < HEAP_GOAL],
  ['DOM nodes in the document', 'documentNodes', 'n', '0', (a, d) => d <= 0],
  ['DOM nodes in the renderer (incl. detached)', 'rendererNodes', 'n', '0', (a, d) => d <= 0],
  ['JS event listeners (renderer)', 'jsEventListeners', 'n', '0', (a, d) => d <= 0],
  ['`<audio>` elements', 'audioElements', 'n', '0 after', (a) => a === 0],
  ['live microphone tracks', 'liveCaptureTracks', 'n', '0 after', (a) => a === 0],
  ['open RTCPeerConnections', 'openPeerConnections', 'n', '0 after', (a) => a === 0],
  ['Room listeners (`data-room-listeners`)', 'roomListeners', 'n', '0 after', (a) => a === 0],
  ['livekit-client `Room` objects alive', 'liveRooms', 'n', 'reported', null],
  ['wasm linear memory', 'wasmMemoryBytes', 'mb', 'reported', null],
];
const fmtVal = (v, f) => (v == null || Number.isNaN(v) ? '—' : f === 'mb' ? mb(v) : String(v));
const fmtDelta = (v, f) => (v == null || Number.isNaN(v) ? '—' : f === 'mb' ? signed(Math.round((v / 1e6) * 1000) / 1000, ' MB') : signed(v));

function leakRows(l) {
  return LEAK_ROWS.map(([label, key, f, goal, check]) => {
    const after = l.after[key];
    const delta = l.delta[key];
    const ok = check && after != null ? check(after, delta) : null;
    return { label, key, f, goal, ok, pageLoad: fmtVal(l.pageLoad[key], f), before: fmtVal(l.before[key], f), after: fmtVal(after, f), delta: fmtDelta(delta, f) };
  });
}

const FLEET_SETUPS = {
  one_local: 'one instance, its own limiter',
  one_redis: 'one instance, Redis limiter',
  two_redis: 'two instances sharing the Redis limiter',
};

/** bench/token-server/fleet.sh: each setup, every round (interleaved), same load generator. */
export function fleetRows(fleet) {
  if (!fleet?.rounds) return [];
  return fleet.rounds.map(({ round, setup, result }) => {
    const r = result.runs?.[0] ?? {};
    return [`fleet, ${FLEET_SETUPS[setup] ?? setup}, ${fleet.connections} connections (round ${round})`, `${Math.round(r.per_second)} tokens/s`, `${r.latency_ms?.p50} ms`, `${r.latency_ms?.p99} ms`, JSON.stringify(r.statuses ?? {})];
  });
}

function tokenRows(tok) {
  if (!tok || tok.status !== 'measured') return null;
  const rows = [];
  const j = tok.data || {};
  for (const r of j.throughput?.runs ?? []) {
    rows.push([`closed loop, ${r.connections} connection${r.connections === 1 ? '' : 's'}`, `${Math.round(r.per_second)} tokens/s`, `${r.latency_ms?.p50} ms`, `${r.latency_ms?.p99} ms`, JSON.stringify(r.statuses ?? {})]);
  }
  rows.push(...fleetRows(j.fleet));
  for (const [key, label] of [['flood_2000_per_s', 'flood 2000 req/s'], ['flood_max', 'flood, as fast as possible']]) {
    const f = j[key];
    if (!f) continue;
    if (f.victims_alone) rows.push([`${label}: ${f.victims} clients alone`, `${f.victims_alone.per_second} req/s`, `${f.victims_alone.latency_ms?.p50} ms`, `${f.victims_alone.latency_ms?.p99} ms`, JSON.stringify(f.victims_alone.statuses ?? {})]);
    if (f.victims_under_flood) rows.push([`${label}: the ${f.victims} clients during the flood`, `${f.victims_under_flood.per_second} req/s`, `${f.victims_under_flood.latency_ms?.p50} ms`, `${f.victims_under_flood.latency_ms?.p99} ms`, JSON.stringify(f.victims_under_flood.statuses ?? {})]);
    if (f.attacker) rows.push([`${label}: the flooding address`, `${f.attacker.per_second} req/s`, `${f.attacker.latency_ms?.p50} ms`, `${f.attacker.latency_ms?.p99} ms`, JSON.stringify(f.attacker.statuses ?? {})]);
  }
  return rows;
}

/** The detail rows of a speed summary (both engines), by mark. */
const DETAIL_LABELS = {
  docResponseEnd: 'navigation → page HTML received',
  domContentLoaded: 'navigation → DOMContentLoaded done',
  wasmStarted: 'navigation → wasm instantiated (at idle or first intent)',
  tokenStart: 'click → token request started (Resource Timing)',
  tokenLoaded: 'click → token response (Resource Timing)',
  sdkStart: 'click → SDK request started (Resource Timing)',
  sdkLoaded: 'click → SDK response (Resource Timing)',
  gumStart: 'click → getUserMedia called',
  gumEnd: 'click → getUserMedia resolved',
  pcConnected: 'click → first RTCPeerConnection connected',
  // Since issue 13 ours adds it inside the click (the empty <audio> the agent's track will play
  // in); runs before that measured the agent's track arriving.
  audioElement: 'click → first `<audio>` added',
};

/** One row of a speed summary: median (p25–p75) of ours and plain JS, difference, ratio. */
const summaryRow = (label, x) => `| ${label} | ${ms(x.ours.median)} (${ms(x.ours.p25)}–${ms(x.ours.p75)}) | ${ms(x.plain.median)} (${ms(x.plain.p25)}–${ms(x.plain.p75)}) | ${signed(x.diffMs, ' ms')} | ${x.ratio ?? '—'} |`;

/** What each page created per call (median). */
const perCallLine = ({ widget: w, reference: p }) =>
  `Per call (median), created by the page itself (the probe's own analyser excluded): AudioContexts ours ${w.audioContexts} / plain JS ${p.audioContexts}, RTCPeerConnections ${w.peerConnections} / ${p.peerConnections}, microphone captures ${w.captureTracks} / ${p.captureTracks}.`;

export function renderMarkdown(r) {
  const L = [];
  const m = r.machine;
  L.push('# Benchmarks');
  L.push('');
  L.push(`Written by \`scripts/bench\` (issues 8, 12) on **${r.date}** — do not edit by hand; the raw figures are in [\`bench/results.json\`](bench/results.json).`);
  L.push('');
  L.push(`**Machine:** ${m.cpuModel}, ${m.nproc} CPUs (\`nproc\`), ${m.memTotalGiB} GiB memory, Linux ${m.kernel}; load average ${r.loadavg.before} before, ${r.loadavg.after} after (the machine is shared: latencies are noisy). ` +
    `**Software:** Chromium ${r.speed?.chromium ?? '—'} (headless)${r.firefox?.browser ? `, Firefox ESR ${r.firefox.browser.replace(/^firefox /, '')} (headless, ${r.firefox.geckodriver ?? 'geckodriver'})` : ''}, Node ${m.node}, livekit-client ${r.sizes.sdk?.version ?? '—'}, livekit-server ${r.livekitServer ?? '—'}; tree at ${m.git ?? '—'}.`);
  L.push('');
  if (r.parameters) {
    L.push(`Parameters: ${r.parameters.pairs} interleaved pairs per SDK state (+1 warm-up pair, discarded)${r.speech ? `, ${r.parameters.speechPairs} interleaved speech pairs (+1 warm-up pair, discarded)` : ''}, ${r.parameters.cycles} call / hang-up cycles${r.agents ? `, ${r.parameters.agentStarts} extra starts of each agent worker` : ''}${r.firefox?.status === 'measured' ? `; Firefox: ${r.firefox.pairs} interleaved pairs per SDK state (+1 warm-up pair, discarded)` : ''}.`);
    L.push('');
  }
  for (const u of r.updates ?? []) {
    L.push(`Updated on **${u.date}** by \`node bench/run.mjs --only ${u.sections.join(',')} --merge\` (tree at ${u.git ?? '—'}; load average ${u.loadavg?.before ?? '—'} before, ${u.loadavg?.after ?? '—'} after): ${u.sections.map((x) => SECTION_NAMES[x] ?? x).join(', ')}; everything else is from the run above.`);
    L.push('');
  }
  const agentLine = agentsDispatched(r);
  if (agentLine) {
    L.push(agentLine);
    L.push('');
  }

  // ---- the table -------------------------------------------------------------------------
  L.push('## Summary');
  L.push('');
  L.push('| area | metric | ours | plain JS | ours / plain JS | goal | |');
  L.push('|---|---|---:|---:|---:|---|---|');
  const s = r.sizes;
  if (s.embed) {
    L.push(`| size | one-tag embed, first load (loader with CSS inlined; glue + wasm follow at idle or first intent), gzip | ${kb(s.embed.beforeTotal.gzip)} | — | — | ≤ ${kb(s.budget.limitBytes)} (asserted) | ${mark(s.embed.beforeTotal.gzip <= s.budget.limitBytes)} |`);
    L.push(`| size | whole widget (loader + glue + wasm + CSS, SDK excluded), gzip — what a call needs | ${kb(s.embed.full.gzip)} | — | — | ≤ ${kb(s.budget.limitBytes)} not met; ratchet ≤ ${kb(s.checks.find((c) => c.id === 'full-widget').limitBytes)} (asserted) | ${mark(s.embed.full.gzip <= s.budget.limitBytes)} |`);
  }
  L.push(`| size | standalone page first load (dist/index.html: the embed loader, CSS inside; glue + wasm follow at idle or first intent), gzip | ${kb(s.firstLoad.gzip)} | — | — | ≤ ${kb(s.budget.limitBytes)} (asserted) | ${mark(s.budget.ok)} |`);
  L.push(`| size | standalone page first load, raw / brotli | ${kb(s.firstLoad.raw)} / ${kb(s.firstLoad.brotli)} | — | — | reported | |`);
  if (s.sdk) L.push(`| size | SDK (lazy), raw / gzip / brotli | ${kb(s.sdk.raw)} / ${kb(s.sdk.gzip)} / ${kb(s.sdk.brotli)} | same file | — | reported | |`);
  L.push(`| size | total, raw / gzip / brotli | ${kb(s.total.raw)} / ${kb(s.total.gzip)} / ${kb(s.total.brotli)} | — | — | reported | |`);
  if (r.speed?.summary) {
    for (const mode of Object.keys(r.speed.summary)) {
      for (const met of METRICS) {
        const x = r.speed.summary[mode][met.key];
        const who = met.key === 'firstAudio' ? `, agent ${dispatchedName(r.speed.summary[mode].dispatched)}` : '';
        L.push(`| speed, ${mode} SDK | ${met.label} (median of ${x.ours.n} / ${x.plain.n}${who}) | ${ms(x.ours.median)} | ${ms(x.plain.median)} | ${x.ratio ?? '—'} | ≤ ${RATIO_GOAL} (reported) | ${mark(x.ratio == null ? null : x.ratio <= RATIO_GOAL)} |`);
      }
    }
  } else {
    L.push(`| speed | — | not measured in this run | | | | |`);
  }
  if (r.firefox?.status === 'measured') {
    for (const mode of r.firefox.modes) {
      for (const met of METRICS) {
        const x = r.firefox.summary[mode][met.key];
        L.push(`| speed, Firefox, ${mode} SDK | ${met.label} (median of ${x.ours.n} / ${x.plain.n}) | ${ms(x.ours.median)} | ${ms(x.plain.median)} | ${x.ratio ?? '—'} | ≤ ${RATIO_GOAL} (reported) | ${mark(x.ratio == null ? null : x.ratio <= RATIO_GOAL)} |`);
      }
    }
  } else if (r.firefox) {
    L.push(`| speed, Firefox | — | **not measured: ${r.firefox.reason ?? r.firefox.status}** | — | — | — | |`);
  }
  if (r.speech?.summary) {
    const x = r.speech.summary.endOfSpeechToAudio;
    const ok = x.ours.median == null || x.ratio == null ? null : x.ours.median <= SPEECH_GOAL_MS && x.ratio <= RATIO_GOAL;
    const met = (v) => (v == null ? '—' : v ? 'met' : '**not met**');
    const okMs = x.ours.median == null ? null : x.ours.median <= SPEECH_GOAL_MS;
    const okRatio = x.ratio == null ? null : x.ratio <= RATIO_GOAL;
    L.push(`| speech, warm SDK | end of the person's speech → first agent audio, in the page (median of ${x.ours.n} / ${x.plain.n}, agent ${dispatchedName(r.speech.summary.dispatched)}) | ${ms(x.ours.median)} | ${ms(x.plain.median)} | ${x.ratio ?? '—'} | ≤ ${SPEECH_GOAL_MS} ms median: ${met(okMs)}; ratio ≤ ${RATIO_GOAL}: ${met(okRatio)} (reported) | ${mark(ok)} |`);
  } else if (r.parameters?.sections?.includes('speech')) {
    L.push(`| speech | end of speech → first agent audio | not measured in this run | | | | |`);
  }
  for (const w of r.agents?.workers ?? []) {
    if (!w.running) {
      L.push(`| agent \`${w.agent}\` | — | **not running:** ${w.reason} | — | — | — | |`);
      continue;
    }
    const st = startStats(w);
    L.push(`| agent \`${w.agent}\` | process start → "registered worker" (median of ${st.n}${st.alone ? ', one worker starting at a time' : ''}; the stack's own start of both at once: ${w.firstStartS == null ? '—' : `${w.firstStartS.toFixed(2)} s`}) | ${sec(st.median)} | — | — | reported | |`);
    L.push(`| agent \`${w.agent}\` | memory idle, RSS summed over its ${w.idle.processes} process${w.idle.processes === 1 ? '' : 'es'} (PSS) | ${w.idle.rssMB} MB (${w.idle.pssMB} MB) | — | — | reported | |`);
    if (w.inCall?.calls) L.push(`| agent \`${w.agent}\` | memory in a call, RSS summed: median of per-call peaks (max) over ${w.inCall.calls} calls | ${w.inCall.peakRssMB.median} MB (${w.inCall.maxRssMB} MB) | — | — | reported | |`);
  }
  if (r.leaks) {
    const l = r.leaks;
    const ref = r.leaksReference ? Object.fromEntries(leakRows(r.leaksReference).map((x) => [x.key, x])) : {};
    for (const x of leakRows(l)) {
      if (x.goal === 'reported') continue;
      const show = (y) => (y && y.after !== '—' ? (y.goal.endsWith('after') ? `${y.after} after` : y.delta) : '—');
      L.push(`| leaks, ${l.cycles} cycles | ${x.label} | ${show(x)} | ${show(ref[x.key])} | — | ${x.goal} | ${mark(x.ok)} |`);
    }
  } else {
    L.push(`| leaks | — | not measured in this run | | | | |`);
  }
  L.push(...clusterSummaryRows(r));
  const tok = r.tokenServer;
  if (tok?.status === 'measured') {
    for (const row of (tokenRows(tok) ?? []).filter((x) => x[0].startsWith('closed loop') || x[0].startsWith('fleet'))) {
      L.push(`| token server | ${row[0]}: tokens/s, p50 / p99 | ${row[1]}, ${row[2]} / ${row[3]} | — | — | ${tok.data?.target ? `≥ ${tok.data.target.tokens_per_s}/s, p99 ≤ ${tok.data.target.p99_ms} ms (its own)` : 'reported'} | |`);
    }
  } else {
    L.push(`| token server | throughput | **${tok?.status === 'missing' ? 'not measured: bench/token-server/run.sh missing' : `not measured: ${tok?.reason ?? 'skipped'}`}** | — | — | — | |`);
  }
  L.push('');
  L.push('Sizes are asserted by the test command (`node bench/size-budget.mjs`); latency and leak figures are reported, not asserted.');
  L.push('');

  // ---- details ---------------------------------------------------------------------------
  L.push('## Size');
  L.push('');
  L.push(`What \`dist/index.html\` loads up front (its stylesheet and scripts, inline ones and their module and preload links and any wasm they name, and the static imports of each, followed recursively: today the embed loader alone), then what the one-tag embed (\`dist/embed/lk-voice-widget.js\`) loads up front and at idle or first intent; compressed ${s.compression}.`);
  L.push('');
  L.push(sizeTable(s));
  L.push('');
  if (r.firstLoadCheck) {
    const c = r.firstLoadCheck;
    L.push(c.match
      ? `Cross-check in the browser: the widget page fetched exactly these files before the click (Resource Timing, cold SDK run: its first load, then the glue and wasm the loader fetched at idle time), ${c.observed.length} of them.`
      : `Cross-check in the browser: **mismatch** — fetched before the click: ${c.observed.join(', ')}; counted: ${c.counted.join(', ')}.`);
    L.push('');
  }
  if (!s.budget.ok) {
    L.push(`**Over budget with the wasm inside:** the standalone page loads ${kb(s.firstLoad.gzip)} gzip up front, ${kb(s.firstLoad.gzip - s.budget.limitBytes)} over ${kb(s.budget.limitBytes)}; the wasm alone is ${kb(s.files.find((f) => f.kind === 'wasm')?.gzip ?? 0)} (Leptos's runtime, the call session, diagnosis, preflight and two string catalogs). A host page that embeds the widget with the one tag loads only the ${kb(s.embed?.beforeTotal.gzip ?? 0)} loader up front — it draws the Call button at once — and the glue and wasm at idle time or on the first intent (\`load="intent"\`: intent only); that first load is what the test command holds to ${kb(s.budget.limitBytes)}, together with a ratchet on the whole widget. Shrinking the wasm itself to 90 KB would take more than trimming (see the closing notes of issue 8).`);
    L.push('');
  }

  if (r.speed?.summary) {
    L.push('## Speed to first word');
    L.push('');
    L.push('Median (p25–p75) in ms, measured in the page with `performance.now()` by [`bench/probe.js`](bench/probe.js), identical for both pages.');
    L.push('');
    for (const mode of Object.keys(r.speed.summary)) {
      const sm = r.speed.summary[mode];
      L.push(`### ${mode === 'cold' ? 'Cold SDK — the click starts the SDK download' : 'Warm SDK — both pages preloaded the SDK at idle before the click'}`);
      L.push('');
      L.push('| metric | ours | plain JS | ours − plain | ours / plain |');
      L.push('|---|---:|---:|---:|---:|');
      const row = summaryRow;
      for (const met of METRICS) L.push(row(`**${met.label}**`, sm[met.key]));
      const detail = DETAIL_LABELS;
      for (const [k, label] of Object.entries(detail)) if (sm[k]?.ours.n || sm[k]?.plain.n) L.push(row(label, sm[k]));
      L.push('');
      if (sm.perCall) L.push(perCallLine(sm.perCall), '');
      if (sm.mainThreadMs) {
        const w = sm.mainThreadMs.widget;
        const p = sm.mainThreadMs.reference;
        L.push(`Main-thread work from the click to the first agent audio (median, CDP \`Performance.getMetrics\`): ours ${w.task} ms of tasks (script ${w.script}, layout ${w.layout}, style ${w.style}) / plain JS ${p.task} ms (script ${p.script}, layout ${p.layout}, style ${p.style}).`);
        L.push('');
      }
      const opened = r.speed.agentOpenings?.[mode];
      if (opened) {
        const fmt = (m) => Object.entries(m).map(([k, n]) => `${k} ×${n}`).join(', ') || '—';
        L.push(`How \`sofia\` opened the calls (its log, "call opened: …"): ours ${fmt(opened.widget)}; plain JS ${fmt(opened.reference)}. Both pages publish their microphone with the pre-connect flag (the widget's pre-connect buffer, issue 12; the plain-JS page's \`preConnectBuffer: true\`, as LiveKit's starters): \`sofia\` waits for that buffer and a short grace for speech in it before it greets (\`agent/preconnect.py\`), the same wait for both.`);
        L.push('');
      }
      L.push(`Failed runs: ours ${sm.failures.widget}, plain JS ${sm.failures.reference}. ${mode === 'warm' ? 'The SDK response predates the click, so its row is negative or absent.' : ''}`);
      L.push('');
    }
  }

  if (r.firefox?.status === 'measured') L.push(...firefoxSection(r));
  if (r.speech?.summary) L.push(...speechSection(r));
  if (r.agents?.workers) L.push(...agentsSection(r));
  L.push(...clusterSection(r));

  if (r.leaks) {
    const l = r.leaks;
    const p = r.leaksReference;
    L.push(`## Leaks — ${l.cycles} call / hang-up cycles`);
    L.push('');
    L.push(`Each cycle: click Call, wait for the agent's \`<audio>\` (the agent joined and its track is subscribed), click Hang up, wait for \`ended\`; the same cycles run on the plain-JS page to tell the SDK's share from ours. Ours: ${l.completed} of ${l.cycles} cycles completed (median ${l.cycleMsMedian} ms each)${l.failures.length ? `; failures: ${l.failures.map((f) => `#${f.cycle} ${f.error}`).join('; ')}` : ''}${p ? `; plain JS: ${p.completed} of ${p.cycles} (median ${p.cycleMsMedian} ms)` : ''}. "Before" is after one warm-up call (the first call loads and compiles the SDK once); every figure after a forced GC.`);
    L.push('');
    L.push('| | ours: page load | before | after | growth | plain JS: before | after | growth | goal (ours) | |');
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
    const pr = p ? Object.fromEntries(leakRows(p).map((x) => [x.key, x])) : {};
    for (const x of leakRows(l)) {
      const y = pr[x.key] || { before: '—', after: '—', delta: '—' };
      L.push(`| ${x.label} | ${x.pageLoad} | ${x.before} | ${x.after} | ${x.delta} | ${y.before} | ${y.after} | ${y.delta} | ${x.goal} | ${mark(x.ok)} |`);
    }
    L.push('');
    const fmtMap = (m) => (m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `\`${k}\` ${v > 0 ? '+' : ''}${v}`).join(', ') : 'none');
    const madeOf = (x) => `elements: ${fmtMap(x.delta.elements)}; listeners on \`window\`: ${fmtMap(x.delta.windowListeners)}, on \`document\`: ${fmtMap(x.delta.documentListeners)}, on \`navigator.mediaDevices\`: ${fmtMap(x.delta.mediaDevicesListeners)}`;
    L.push(`Growth made of — ours: ${madeOf(l)}.${p ? ` Plain JS: ${madeOf(p)}.` : ''}`);
    L.push('');
    if (l.series?.length > 2) {
      L.push('Every 10 cycles (after GC):');
      L.push('');
      L.push(`| cycles | ${l.series.map((x) => x.cycle).join(' | ')} |`);
      L.push(`|---|${l.series.map(() => '---:').join('|')}|`);
      L.push(`| ours: JS heap (MB) | ${l.series.map((x) => (x.heapUsedBytes / 1e6).toFixed(2)).join(' | ')} |`);
      if (p?.series?.length === l.series.length) L.push(`| plain JS: JS heap (MB) | ${p.series.map((x) => (x.heapUsedBytes / 1e6).toFixed(2)).join(' | ')} |`);
      L.push(`| ours: JS event listeners | ${l.series.map((x) => x.jsEventListeners).join(' | ')} |`);
      if (p?.series?.length === l.series.length) L.push(`| plain JS: JS event listeners | ${p.series.map((x) => x.jsEventListeners).join(' | ')} |`);
      L.push(`| ours: document nodes | ${l.series.map((x) => x.documentNodes).join(' | ')} |`);
      L.push(`| ours: wasm linear memory (MB) | ${l.series.map((x) => (x.wasmMemoryBytes / 1e6).toFixed(2)).join(' | ')} |`);
      L.push('');
    }
    const c = l.after.counts;
    L.push(`Over the whole run our page captured ${c.tracksCaptured} microphone tracks (stopped: ${c.tracksStopped}), created ${c.pcsCreated} RTCPeerConnections (closed: ${c.pcsClosed}) and ${c.audioContextsCreated} AudioContexts (closed: ${c.audioContextsClosed}). Page errors: ours ${l.pageErrors.length}${p ? `, plain JS ${p.pageErrors.length}` : ''}.`);
    L.push('');
    if (l.delta.mediaDevicesListeners?.devicechange > 0) {
      L.push(`**Known SDK leak:** livekit-client ${r.sizes.sdk?.version ?? ''} keeps every \`Room\` alive after \`disconnect()\`: the Room constructor registers a \`devicechange\` listener on \`navigator.mediaDevices\` whose closure still reaches the Room, and \`disconnect()\` removes a different function. One listener and one Room (with its engine and participants) stay per call — in the plain-JS page too (upstream [client-sdk-js#2008](https://github.com/livekit/client-sdk-js/issues/2008), fix proposed in [#2009](https://github.com/livekit/client-sdk-js/pull/2009)). Reusing one \`Room\` for successive calls would bound it to one per page.`);
      L.push('');
    }
  }

  L.push('## Token server');
  L.push('');
  if (tok?.status === 'measured') {
    L.push(`From [\`bench/token-server/run.sh\`](bench/token-server/run.sh) (loopback, release build; its JSON is embedded in \`bench/results.json\`).`);
    L.push('');
    L.push('| run | rate | p50 | p99 | statuses |');
    L.push('|---|---:|---:|---:|---|');
    for (const row of tokenRows(tok)) L.push(`| ${row.join(' | ')} |`);
  } else if (tok?.status === 'missing') {
    L.push('**Not measured: bench/token-server/run.sh missing.**');
  } else {
    L.push(`**Not measured:** ${tok?.reason ?? 'skipped in this run'}.`);
  }
  L.push('');

  L.push('## Method');
  L.push('');
  L.push(...method(r));
  L.push('');
  return L.join('\n');
}

const sec = (msValue) => (msValue == null ? '—' : `${(msValue / 1000).toFixed(2)} s`);
const range = (x) => `${ms(x.median)} (${ms(x.p25)}–${ms(x.p75)})`;

/** 'sofia' when every counted run dispatched exactly that agent; else what they did. */
function dispatchedName(list) {
  if (!list || !list.length) return '—';
  const names = list.map((a) => (a == null ? 'unknown' : a.length ? a.join('+') : 'none'));
  return [...new Set(names)].map((n) => `\`${n}\``).join(' / ');
}

function agentsDispatched(r) {
  const parts = [];
  for (const [mode, sm] of Object.entries(r.speed?.summary ?? {})) parts.push(`speed runs (${mode}): ${dispatchedName(sm.dispatched)}`);
  if (r.speech?.summary) parts.push(`speech runs: ${dispatchedName(r.speech.summary.dispatched)}`);
  if (!parts.length) return null;
  const sofia = r.agents?.workers?.find((w) => w.agent === 'sofia' && w.running);
  return `**Agent:** both pages ask the token server for its default agent and get the same one — dispatched (\`roomConfig.agents\` of every token the pages received): ${parts.join('; ')}.${sofia ? ` Worker \`sofia\`: \`${sofia.command}\`.` : ''}`;
}

const SECTION_NAMES = {
  size: 'sizes',
  speed: 'speed to first word (Chromium)',
  speech: 'end of speech → first agent audio',
  agents: 'agent workers',
  firefox: 'speed to first word in Firefox',
  leaks: 'leaks',
  cluster: 'LiveKit cluster against one node',
  token: 'token server',
};

function firefoxSection(r) {
  const f = r.firefox;
  const L = [];
  const m = f.machine ?? r.machine;
  L.push('## Speed to first word in Firefox');
  L.push('');
  L.push(`Firefox ESR ${f.browser?.replace(/^firefox /, '') ?? '—'} (headless, \`${f.firefoxBin}\`), ${f.geckodriver ?? 'geckodriver'}, measured on **${f.date}** in ${f.durationS} s on ${m.cpuModel}, ${m.nproc} CPUs, ${m.memTotalGiB} GiB, Linux ${m.kernel} (tree at ${m.git ?? '—'}; load average ${f.loadavg?.before ?? '—'} before, ${f.loadavg?.after ?? '—'} after — shared machine, noisy). ${f.pairs} interleaved pairs per SDK state (ours / plain JS, cold and warm interleaved) after one discarded warm-up pair per state; the same pages (ours: the \`dist/\` snapshot${f.snapshot?.indexHtmlSha256 ? `, index.html sha256 ${f.snapshot.indexHtmlSha256}` : ''}; plain JS: [\`bench/reference/\`](bench/reference/) with the same SDK bytes), the same stack (profile \`${f.stack?.profile ?? '—'}\`, agent \`sofia\`) and the same in-page probe ([\`bench/probe.js\`](bench/probe.js)) as the Chromium runs above.`);
  L.push('');
  L.push('Median (p25–p75) in ms, in-page `performance.now()`.');
  L.push('');
  const detail = DETAIL_LABELS;
  const row = summaryRow;
  for (const mode of f.modes) {
    const sm = f.summary[mode];
    L.push(`### Firefox, ${mode === 'cold' ? 'cold SDK — the click starts the SDK download' : 'warm SDK — both pages preloaded the SDK at idle before the click'}`);
    L.push('');
    L.push('| metric | ours | plain JS | ours − plain | ours / plain |');
    L.push('|---|---:|---:|---:|---:|');
    for (const met of METRICS) L.push(row(`**${met.label}**`, sm[met.key]));
    if (sm.sinkFirstAudio?.ours.n || sm.sinkFirstAudio?.plain.n) {
      L.push(row('click → first agent audio **at the audio sink** (what Firefox played out; 20 ms windows, RMS > 0.01)', sm.sinkFirstAudio));
      L.push(row('… after the in-page first audio (the `<audio>` element\'s output path)', sm.sinkAfterPage));
    }
    for (const [k, label] of Object.entries(detail)) if (sm[k]?.ours.n || sm[k]?.plain.n) L.push(row(label, sm[k]));
    L.push('');
    if (sm.perCall) L.push(perCallLine(sm.perCall), '');
    const opened = f.agentOpenings?.[mode];
    if (opened) {
      const fmt = (x) => Object.entries(x).map(([k, n]) => `${k} ×${n}`).join(', ') || '—';
      L.push(`How \`sofia\` opened the calls (its log, "call opened: …"): ours ${fmt(opened.widget)}; plain JS ${fmt(opened.reference)}.`);
      L.push('');
    }
    const missing = sm.sinkMissing && sm.sinkMissing.widget + sm.sinkMissing.reference ? ` Runs with nothing above the threshold at the sink within 3 s of the in-page first audio: ours ${sm.sinkMissing.widget}, plain JS ${sm.sinkMissing.reference}.` : '';
    const failed = (kind) => f.runs.filter((x) => !x.warmup && x.mode === mode && x.kind === kind && !x.ok);
    const why = (list) => (list.length ? ` (${[...new Set(list.map((x) => x.error))].join('; ')})` : '');
    L.push(`Failed runs: ours ${sm.failures.widget}${why(failed('widget'))}, plain JS ${sm.failures.reference}${why(failed('reference'))}.${missing}${mode === 'warm' ? ' The SDK response predates the click, so its row is negative.' : ''}`);
    L.push('');
  }
  const cmp = (mode, key) => {
    const c = r.speed?.summary?.[mode]?.[key];
    const x = f.summary[mode]?.[key];
    return c && x ? `${mode}: Chromium ${c.ratio ?? '—'}, Firefox ${x.ratio ?? '—'}` : null;
  };
  const ratios = f.modes.flatMap((mode) => [cmp(mode, 'connected'), cmp(mode, 'firstAudio')].map((s2, i) => s2 && `${i ? 'first audio' : 'connected'}, ${s2}`)).filter(Boolean);
  if (ratios.length) {
    L.push(`Ratio ours / plain JS next to Chromium's (from the Chromium run of this file, which may be of another day and tree): ${ratios.join('; ')}.`);
    L.push('');
  }
  L.push('**How it differs from the Chromium runs** (forced by the engine or the driver, the same for both pages):');
  L.push('');
  L.push(`- Driven over WebDriver BiDi by the e2e leg's rig ([\`e2e/firefox/firefox.mjs\`](e2e/firefox/firefox.mjs); Playwright cannot drive Firefox here): a private PulseAudio null sink (without a sound device Firefox's AudioContext never starts and the probe's analyser reads 0), geckodriver, the project's Firefox prefs (fake microphone, no permission prompt, loopback ICE, quiet network) plus \`media.autoplay.default\` 0 — audible autoplay allowed, like Chromium's \`--autoplay-policy=no-user-gesture-required\` (the bench measures speed, not the gesture path; the click gives user activation anyway).`);
  L.push('- **A fresh Firefox session per run** (a new process and profile: empty HTTP cache, nothing compiled), started 1 s before the page loads, where Chromium uses one browser and a fresh context per run: every Firefox run starts in a browser that has compiled nothing yet — the wasm (ours) and the SDK (both) included.');
  L.push('- The probe is a BiDi preload script (`script.addPreloadScript`, before any page script) instead of Playwright\'s `addInitScript`; the click is a WebDriver element click (trusted input); the harness polls the page over WebDriver script execution (no user activation) — every 50 ms before the click, every 100 ms after it, as Playwright polls in Chromium.');
  L.push('- No main-thread figures (CDP only). Extra: the agent\'s first audio where a person would hear it — the first 20 ms window above the probe\'s threshold on the null sink\'s monitor (`parec`), from the click\'s wall clock (`performance.timeOrigin` + the click): the in-page figure is the stream as the analyser reads it, the sink figure adds Firefox\'s `<audio>` output path (its audio thread, PulseAudio) and up to ~20 ms of the meter\'s own stamping.');
  L.push('- Firefox\'s fake microphone (`media.navigator.streams.fake`) sends a tone, Chromium\'s fake device another test signal; either reaches the agent through the pre-connect buffer and then the published track, in both pages — see how `sofia` opened the calls.');
  L.push('- Firefox rounds `performance.now()` to whole milliseconds in these pages (timer precision reduction; not cross-origin isolated), Chromium does not.');
  const cold = f.summary.cold;
  if (cold?.sdkStart?.ours.median != null && cold.sdkStart.ours.median < 0) {
    L.push(`- Cold SDK: the WebDriver click first moves the pointer onto the button, and both pages start the SDK download on pointer-over — a median ${Math.round(-cold.sdkStart.ours.median)} ms (ours) / ${Math.round(-(cold.sdkStart.plain.median ?? 0))} ms (plain JS) before the click lands (Playwright's click in Chromium: ${r.speed?.summary?.cold?.sdkStart ? `${Math.round(-r.speed.summary.cold.sdkStart.ours.median)} ms` : 'a few ms'}), as a mouse would.`);
  }
  const el = (mode) => f.summary[mode]?.audioElement;
  if (f.modes.some((mode) => el(mode)?.ours.median != null && f.summary[mode].connected.ours.median != null && el(mode).ours.median < f.summary[mode].connected.ours.median)) {
    L.push('- "click → first `<audio>` added" is, for ours, the `<audio>` the widget primes inside the click (empty until the agent\'s first track plays in it), not the agent\'s track arriving; the probe measures the first audio on that same element once it carries a stream. The plain-JS page adds its `<audio>` on `TrackSubscribed`.');
  }
  L.push('- Firefox gathers no 127.0.0.1 ICE candidate: it pairs the machine\'s own address with the server\'s 127.0.0.1 candidate (still on this host).');
  L.push('- Fewer pairs than Chromium (a browser start per run): medians of few runs on a shared 2-CPU machine — read the ratio and the p25–p75 spread, not single milliseconds; and Chromium\'s figures above come from another run, so compare each browser\'s ratio, not its absolute times.');
  L.push('');
  return L;
}

function speechSection(r) {
  const sp = r.speech;
  const sm = sp.summary;
  const L = [];
  L.push("## End of the person's speech → first agent audio");
  L.push('');
  L.push(`The person says "${sp.wav.text}" (espeak-ng \`-v ${sp.wav.voice} -s ${sp.wav.speed}\`, ${sp.wav.wordsS} s of words at ${sp.wav.sampleRate} Hz), played by Chromium's fake microphone from a WAV with ${sp.wav.leadS} s of silence before the words and ${sp.wav.tailS} s after (under a ${sp.wav.noiseDbfs ?? '—'} dBFS noise floor: a real microphone never sends zeros). Both pages measure with the same code ([\`bench/probe.js\`](bench/probe.js)): an AnalyserNode on the microphone track the page captured and one on the agent's \`<audio>\`; end of speech = the last ~11 ms window with RMS > 0.01 of the words (a 300 ms gap closes a segment), first agent audio = the first such window of the agent's audio after it. Warm SDK; ${sp.summary.endOfSpeechToAudio.ours.n + sp.summary.endOfSpeechToAudio.plain.n} counted calls, interleaved ours / plain JS, after one discarded warm-up pair.`);
  L.push('');
  L.push('| metric | ours | plain JS | ours − plain | ours / plain |');
  L.push('|---|---:|---:|---:|---:|');
  const x = sm.endOfSpeechToAudio;
  L.push(`| **end of speech → first agent audio** | ${range(x.ours)} | ${range(x.plain)} | ${signed(x.diffMs, ' ms')} | ${x.ratio ?? '—'} |`);
  const labels = {
    firstAudio: 'click → first agent audio (the greeting)',
    greetingEnd: 'click → end of the greeting',
    speechStart: 'click → the words start (microphone track)',
    speechEnd: 'click → end of speech',
    replyStart: 'click → first audio of the reply',
  };
  for (const [k, label] of Object.entries(labels)) L.push(`| ${label} | ${range(sm.marks[k].ours)} | ${range(sm.marks[k].plain)} | | |`);
  if (sm.agentLog) {
    const b = sm.agentLog;
    L.push(`| *from the agent's log:* end of speech → speech-to-text done ("recognized", incl. the VAD's end-of-turn wait) | ${range(b.ours.toRecognizedMs)} | ${range(b.plain.toRecognizedMs)} | | |`);
    L.push(`| … of which decoding (pocketsphinx, as logged) | ${range(b.ours.decodeMs)} | ${range(b.plain.decodeMs)} | | |`);
    L.push(`| speech-to-text done → reply text ("reply": rule LLM, tool calls included) | ${range(b.ours.toReplyTextMs)} | ${range(b.plain.toReplyTextMs)} | | |`);
    L.push(`| reply text → first audio in the page (synthesis, WebRTC, jitter buffer, playout) | ${range(b.ours.replyTextToAudioMs)} | ${range(b.plain.replyTextToAudioMs)} | | |`);
  }
  L.push(`| words as heard on the microphone track | ${range(sm.speechMs.ours)} | ${range(sm.speechMs.plain)} | | |`);
  L.push(`| quiet between the greeting's end and the words | ${range(sm.quietBeforeSpeechMs.ours)} | ${range(sm.quietBeforeSpeechMs.plain)} | | |`);
  L.push('');
  const fails = (list) => (list.length ? `${list.length} (${[...new Set(list)].join('; ')})` : '0');
  L.push(`Failed runs: ours ${fails(sm.failures.widget)}, plain JS ${fails(sm.failures.reference)}. Lead: ${sp.calibration?.leadS ?? sp.wav.leadS} s, chosen after the warm-up pair (with a ${r.speech.runs.find((q) => q.warmup)?.leadS ?? '—'} s lead) so that the words start about 1 s after the greeting ends: a person answers after the greeting, and a real AgentSession discards speech during its first, uninterruptible 3 s and takes later speech as a barge-in.${sp.calibration?.note ? ` ${sp.calibration.note}.` : ''}`);
  L.push('');
  if (sm.agentLog) {
    L.push(`The agent-log rows line the page's clock (\`performance.timeOrigin\` + \`performance.now()\`) up with the timestamps of \`.stack/bench-harness/agent.log\` (same machine clock). What the agent understood (pocketsphinx, as logged; calls): ${Object.entries(sm.agentLog.heard).map(([h, n]) => `"${h}" ×${n}`).join(', ')}${Object.keys(sm.agentLog.heard).some((h) => h !== sp.wav.text.toLowerCase()) ? ` — **${Object.keys(sm.agentLog.heard).includes(sp.wav.text.toLowerCase()) ? 'not always' : 'never'} the words said** ("${sp.wav.text}"): a call that understood something else got another reply (no calendar look-up), so its time is that of another path` : ''}.`);
    L.push('');
  }
  L.push('What the number holds: the agent\'s end-of-turn wait (its VAD\'s minimum silence), speech-to-text, the rule LLM, espeak-ng synthesis and any lead-in silence of the reply, plus the audio path both ways (capture, WebRTC to livekit-server and on to the agent; back through the jitter buffer to the `<audio>`). The page only adds how it captures and plays audio, which is what the ratio compares.');
  L.push('');
  return L;
}

/** Start times: the copies started one at a time when there are any (the stack starts both
 * workers at once, so its own start measures them competing for the CPUs), else that one. */
function startStats(w) {
  const copies = (w.startS ?? []).map((x) => x * 1000);
  if (copies.length) return { ...statsOf(copies), alone: true };
  return { ...statsOf(w.firstStartS == null ? [] : [w.firstStartS * 1000]), alone: false };
}
function statsOf(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => {
    if (!v.length) return null;
    const pos = (v.length - 1) * p;
    return v[Math.floor(pos)] + (v[Math.ceil(pos)] - v[Math.floor(pos)]) * (pos - Math.floor(pos));
  };
  return { n: v.length, median: q(0.5), p25: q(0.25), p75: q(0.75) };
}

function agentsSection(r) {
  const L = [];
  L.push('## Agent workers');
  L.push('');
  L.push('The workers the bench\'s stack started (`scripts/stack.mjs`), found by their log (`.stack/bench-harness/<log>`: the process writing to it and all its descendants), read from `/proc`. Start: process start → the line "registered worker" in its output — the stack\'s own start (process start time from `/proc/<pid>/stat`; the stack starts both workers at once, so they compete for the CPUs), then more starts of a copy of the same command (same arguments, environment and directory), one at a time, each stopped once registered. Memory: RSS summed over all the worker\'s processes (shared pages counted once per process, as `ps` does) and PSS (shared pages split), idle after registration, sampled every 250 ms during calls, idle again after the calls.');
  L.push('');
  L.push('| worker | log | start → registered, one at a time: median (p25–p75), n | idle: RSS / PSS, processes | in a call: RSS peak median (max) / PSS peak median, calls | idle after the calls: RSS / PSS |');
  L.push('|---|---|---:|---:|---:|---:|');
  for (const w of r.agents.workers) {
    if (!w.running) {
      L.push(`| \`${w.agent}\` | ${w.log} | not running: ${w.reason} | | | |`);
      continue;
    }
    const s2 = startStats(w);
    const st = s2.n ? `${sec(s2.median)} (${sec(s2.p25)}–${sec(s2.p75)}), ${s2.n}` : '—';
    const inCall = w.inCall?.calls ? `${w.inCall.peakRssMB.median} MB (${w.inCall.maxRssMB} MB) / ${w.inCall.peakPssMB.median} MB, ${w.inCall.calls}` : '—';
    const after = w.idleAfterCalls ? `${w.idleAfterCalls.rssMB} MB / ${w.idleAfterCalls.pssMB} MB` : '—';
    L.push(`| \`${w.agent}\` | ${w.log} | ${st} | ${w.idle.rssMB} MB / ${w.idle.pssMB} MB, ${w.idle.processes} | ${inCall} | ${after} |`);
  }
  L.push('');
  for (const w of r.agents.workers.filter((x) => x.running)) {
    const env = Object.entries(w.env ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
    L.push(`- \`${w.agent}\`: \`${w.command}\`${env ? ` with ${env}` : ''}; first start (the stack's) ${w.firstStartS == null ? '—' : `${w.firstStartS.toFixed(2)} s`}, copies ${(w.startS ?? []).map((s2) => `${s2.toFixed(2)} s`).join(', ') || '—'}${w.startError ? ` (${w.startError})` : ''}; in a call during ${w.inCall?.during ?? '—'}${w.inCall?.firstAudioMs?.n ? ` (click → first audio ${ms(w.inCall.firstAudioMs.median)})` : ''}.`);
  }
  L.push('');
  return L;
}

const method = (r) => [
  `- **Run it:** \`scripts/bench\` (set-up and release build first, then \`node bench/run.mjs\`). It starts the real stack with \`startStack\` of \`scripts/stack.mjs\`, profile \`${r.stack?.profile ?? 'bench'}\`${r.stack ? ` (LiveKit ${r.stack.ports.livekit}–${r.stack.ports.rtcUdp}, token server ${r.stack.ports.web})` : ''} — the \`bench\` profile when the script has it and its ports are free (a test run can go on beside it), else \`test\` — with logs in \`.stack/bench-harness/\`, waits (\`LKW_BENCH_WAIT_S\`, default 900 s) while another run holds those ports, and stops every process it started, also on Ctrl-C. Options: \`--pairs N\` (15), \`--speech-pairs N\` (8), \`--agent-starts N\` (3), \`--cycles N\` (100), \`--firefox-pairs N\` (5), \`--cluster-pairs N\` (8), \`--skip-token-server\`, \`--only size,speed,speech,agents,firefox,leaks,cluster,token\`, \`--merge\` (keep the existing figures of the sections not measured). The token server's per-address rate limit is out of reach, so 200+ calls from one address are not throttled.`,
  '- **Size:** see above, measured on the snapshot. Deterministic, so the test command checks `dist/` with `node bench/size-budget.mjs` (exit 1 on a failed check): the embed\'s first load ≤ 90 KB gzip, the whole widget under its ratchet, the SDK never reached statically.',
  `- **Pages:** both are served by the bench's own static server ([\`bench/static-server.mjs\`](bench/static-server.mjs)) on loopback, uncompressed like the token server, with \`/api/*\` forwarded to the real stack's token server — so neither pays for serving, CORS or the proxy hop what the other does not. Ours is a snapshot of \`dist/\` taken at the start (\`target/bench/dist-snapshot\`, index.html sha256 ${r.snapshot?.indexHtmlSha256 ?? '—'}, every file checked against Trunk's integrity hash): \`dist/\` is shared and can be rebuilt by others during a run. The plain-JS reference ([\`bench/reference/\`](bench/reference/)) uses livekit-client directly — the same \`vendor/livekit-client.min.js\` bytes from the snapshot — with the widget's Room options, a parallel token POST and SDK import, \`connect\`, \`setMicrophoneEnabled(true)\`, \`startAudio()\`, and \`track.attach()\` on \`TrackSubscribed\`.`,
  '- **Browser:** headless Chromium with the project\'s flags and a fake microphone, plus `--autoplay-policy=no-user-gesture-required`: the bench measures speed, not the gesture path (the e2e tests cover that without the flag). One browser for the whole speed run, a fresh browser context (empty HTTP cache) for every run; runs alternate ours / plain JS (A B A B …), cold and warm pairs interleaved, one discarded warm-up pair per state, 1 s pause between runs; every run hangs up and waits for `ended` before the next.',
  '- **Timing:** in-page `performance.now()`; the click is stamped by a capture listener on `window` installed before any page script; `connected` and `microphone published` are the moments each page\'s log shows "connected to the room" / "microphone on" (a MutationObserver, the same for both: what the person would see); first agent audio is the first ~11 ms AnalyserNode window with RMS > 0.01 on the `<audio>` element the page attached (polled every ~5 ms); button interactive is the first moment the call button exists and is enabled, from navigation start (ours: the embed loader\'s button, drawn before the wasm; a click on it is replayed once the wasm is up). The click comes 1 s after the button is interactive (warm: after the SDK response arrived, plus 1 s).',
  '- **Cold vs warm SDK:** the widget preloads the SDK when the page is idle (and on pointer-over / focus), so *warm* is its normal path; the reference does the same. *Cold* suppresses the idle preload in both pages (the probe stubs `requestIdleCallback`), so the SDK download starts with the click — the worst case of a person who clicks at once.',
  '- **End of speech → first agent audio:** see its section; a second browser launched with `--use-file-for-fake-audio-capture=<wav>` (the WAV made by espeak-ng and padded by [`bench/speech.mjs`](bench/speech.mjs)); Chromium plays the file from its start for every capture and loops it, so every call hears the words once, after the greeting. Fewer pairs than the speed runs: every call waits for the greeting to end.',
  '- **Firefox:** see its section ([`bench/firefox-speed.mjs`](bench/firefox-speed.mjs)): the same pages, stack, probe and order of runs as the Chromium speed runs, in Firefox ESR over WebDriver BiDi (the e2e leg\'s rig, [`e2e/firefox/firefox.mjs`](e2e/firefox/firefox.mjs)), a fresh Firefox session per run; fewer pairs (every run starts a browser).',
  '- **Agent workers:** see their section ([`bench/agent-proc.mjs`](bench/agent-proc.mjs)); measured before the first call (start, idle), during the speech calls (`sofia`) and a few calls of the lab worker, and after all calls. Linux only.',
  '- **First agent audio** is dominated by the agent (job dispatch, the AgentSession\'s start, its greeting synthesised by espeak-ng); it is the same agent for both pages, opening both calls the same way (both microphones carry the pre-connect flag, and the agent greets once the buffer arrived, see "How `sofia` opened the calls"), so the ratio compares the pages.',
  '- **Leaks:** see the section; CDP `HeapProfiler.collectGarbage` (×3), `Runtime.getHeapUsage`, `Memory.getDOMCounters`; tracks, peer connections and audio contexts are counted by hooks that hold no strong reference (a probe that kept them would itself retain the SDK objects).',
  '- **Token server:** `bench/token-server/run.sh`, owned by the token server; run after the browser stack is stopped so the two do not compete for the CPUs.',
  '- **Main-thread work:** CDP `Performance.getMetrics` (TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration) of the page\'s renderer, just before the click and at the first agent audio.',
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '..', '..');
  const json = process.argv[2] || resolve(root, 'bench', 'results.json');
  const md = process.argv[3] || resolve(root, 'BENCHMARKS.md');
  writeFileSync(md, renderMarkdown(JSON.parse(readFileSync(json, 'utf8'))));
  console.log(`wrote ${md} from ${json}`);
}
