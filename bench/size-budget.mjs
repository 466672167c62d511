// The size budget, checked by the test command (sizes are deterministic, unlike latencies):
// the widget's first load — everything dist/index.html loads before a click, the lazily loaded
// SDK excluded — must be ≤ 90 KB (90 000 bytes) gzip. Exits 1 over budget, 2 when dist/ is
// missing or unreadable. Usage: node bench/size-budget.mjs [dist-dir]
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
const { limitBytes, actualBytes } = s.budget;
if (s.missing.length) {
  console.error(`size budget: FAIL — dist/index.html references files that are not in dist/: ${s.missing.join(', ')}`);
  process.exit(1);
}
if (s.sdk && s.sdk.inFirstLoad) {
  console.error(`size budget: FAIL — the SDK (${s.sdk.path}) is loaded statically; it must stay a lazy import()`);
  process.exit(1);
}
if (!s.budget.ok) {
  const biggest = [...s.files].sort((a, b) => b.gzip - a.gzip)[0];
  console.error(
    `size budget: FAIL — widget first load is ${kb(actualBytes)} gzip (${actualBytes} bytes), ` +
      `over the ${kb(limitBytes)} budget by ${kb(actualBytes - limitBytes)}; largest: ${biggest.path} ${kb(biggest.gzip)} gzip`,
  );
  process.exit(1);
}
console.log(`size budget: ok — widget first load ${kb(actualBytes)} gzip ≤ ${kb(limitBytes)} (SDK excluded)`);
