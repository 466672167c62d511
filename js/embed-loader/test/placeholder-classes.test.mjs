import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PLACEHOLDER_CLASSES } from '../placeholder-classes.mjs';

// The loader's sources that draw markup before the wasm. Every class they give an element must
// be in PLACEHOLDER_CLASSES, else the build would leave its rules out of the early stylesheet.
const SOURCES = ['element.js', 'consent.js'].map((f) => [f, readFileSync(new URL(`../src/${f}`, import.meta.url), 'utf8')]);

/** Class names a source gives elements: `className = '…'` and `checkbox('…', …)`. */
function classesIn(source) {
  const found = [];
  for (const m of source.matchAll(/className\s*=\s*'([^']*)'|checkbox\('([^']*)'/g)) found.push(...(m[1] ?? m[2]).split(/\s+/).filter(Boolean));
  return found;
}

test('every class the placeholder markup uses is listed for the early stylesheet', () => {
  const listed = new Set(PLACEHOLDER_CLASSES);
  for (const [file, source] of SOURCES) {
    const classes = classesIn(source);
    assert.ok(classes.length > 0, `no class names found in ${file}: the scan no longer matches how it sets them`);
    for (const c of classes) assert.ok(listed.has(c), `${file} gives an element the class "${c}": add it to js/embed-loader/placeholder-classes.mjs`);
  }
});
