// The size checks, run by the test command (sizes are deterministic, unlike latencies):
//   - issue 8's budget, 90 KB gzip, on what a host page loads up front with the one-tag embed
//     (the loader, CSS inlined, which draws the Call button; glue and wasm follow at idle time or
//     on the first intent, the SDK when a call starts);
//   - the same budget on the standalone page's first load (dist/index.html: no stylesheet, and
//     the same loader), so a page that goes back to loading the wasm eagerly fails here;
//   - a ratchet on the whole widget (loader + glue + wasm + CSS), so growth fails here;
//   - the SDK is never reached by a static import, and nothing the pages name is missing.
// Exits 1 on a failed check, 2 when dist/ is missing or unreadable.
// Usage: node bench/size-budget.mjs [dist-dir]
import { resolve } from 'node:path';
import { measureSizes, sizeTable, kb } from './size.mjs';

let s;
try {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
  s = measureSizes(dir ? resolve(dir) : undefined);
} catch (err) {
  console.error(`size budget: ${err.message}`);
  process.exit(2);
}
console.log(sizeTable(s));
const failures = [];
if (s.missing.length) failures.push(`dist/index.html references files that are not in dist/: ${s.missing.join(', ')}`);
if (s.sdk && s.sdk.inFirstLoad) failures.push(`the SDK (${s.sdk.path}) is loaded statically; it must stay a lazy import()`);
for (const c of s.checks) {
  const line = `${c.what}: ${kb(c.actualBytes)} (${c.actualBytes} bytes), limit ${kb(c.limitBytes)}`;
  if (c.ok) console.log(`size budget: ok — ${line}`);
  else if (c.asserted) failures.push(`${line}, over by ${kb(c.actualBytes - c.limitBytes)}`);
  else console.log(`size budget: reported, over (not asserted) — ${line}`);
}
if (failures.length) {
  for (const f of failures) console.error(`size budget: FAIL — ${f}`);
  process.exit(1);
}
