import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namePlan, renamedBy, rewriteWasm, sections, shortNames, wasmInterface } from '../wasm-names.mjs';
import { DOUBLE, GLUE_MODULE, RUN, fixtureWasm } from './wasm-fixture.mjs';

test('reads the imports and exports', () => {
  const { imports, exports } = wasmInterface(fixtureWasm());
  assert.deepEqual(imports, [
    { module: GLUE_MODULE, name: DOUBLE, kind: 0 },
    { module: './snippets/s.js', name: 'keep', kind: 0 },
  ]);
  assert.deepEqual(exports, [
    { name: RUN, kind: 0, index: 2 },
    { name: 'main', kind: 0, index: 2 },
    { name: 'memory', kind: 2, index: 0 },
  ]);
});

test('a rewrite that renames nothing gives the same bytes', () => {
  const bytes = fixtureWasm();
  assert.deepEqual(rewriteWasm(bytes), bytes);
});

test('renames imports and exports, drops exports, keeps every other byte', async () => {
  const bytes = fixtureWasm();
  const out = rewriteWasm(bytes, {
    renameImports: (m, n) => (m === GLUE_MODULE ? ['a', 'b'] : [m, n]),
    renameExport: (n) => (n === 'main' ? null : n === RUN ? 'r' : n),
  });
  assert.deepEqual(wasmInterface(out), {
    imports: [
      { module: 'a', name: 'b', kind: 0 },
      { module: './snippets/s.js', name: 'keep', kind: 0 },
    ],
    exports: [
      { name: 'r', kind: 0, index: 2 },
      { name: 'memory', kind: 2, index: 0 },
    ],
  });
  const { instance } = await WebAssembly.instantiate(out, { a: { b: (x) => x * 2 }, './snippets/s.js': { keep: (x) => x + 1 } });
  assert.equal(instance.exports.r(5), 11);
  // The code and custom sections are untouched.
  const tail = (b) => b.subarray(sections(b).find((s) => s.id === 10).start);
  assert.deepEqual(tail(out), tail(bytes));
});

test('two exports renamed alike stop the rewrite', () => {
  assert.throws(() => rewriteWasm(fixtureWasm(), { renameExport: () => 'x' }), /two exports would be named x/);
});

test('bytes that are not a wasm module, or are cut short, are refused', () => {
  assert.throws(() => sections(new TextEncoder().encode('<!doctype html><html></html>')), /not a wasm module/);
  const bytes = fixtureWasm();
  assert.throws(() => wasmInterface(bytes.subarray(0, 30)), /runs past the end/);
});

test('short names: JS identifiers, distinct, no reserved word, shortest first', () => {
  const names = [];
  for (const name of shortNames()) {
    names.push(name);
    if (names.length === 20_000) break;
  }
  assert.deepEqual(names.slice(0, 3), ['a', 'b', 'c']);
  assert.equal(names[51], 'Z');
  assert.equal(names[52], 'aa');
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^[A-Za-z][A-Za-z0-9]*$/);
  for (const word of ['do', 'if', 'in', 'as', 'of', 'for', 'new', 'let', 'try', 'var'])
    assert.ok(!names.includes(word), word);
});

test('the plan renames the glue module’s imports and every export, not the snippets’', () => {
  const plan = namePlan(wasmInterface(fixtureWasm()), GLUE_MODULE);
  assert.deepEqual(plan.module, [GLUE_MODULE, 'a']);
  assert.deepEqual([...plan.imports], [[DOUBLE, 'a']]);
  assert.deepEqual([...plan.exports], [[RUN, 'a'], ['main', 'b'], ['memory', 'c']]);
  const { renameImports, renameExport } = renamedBy(plan);
  assert.deepEqual(renameImports('./snippets/s.js', 'keep'), ['./snippets/s.js', 'keep']);
  assert.deepEqual(renameImports(GLUE_MODULE, DOUBLE), ['a', 'a']);
  assert.equal(renameExport('memory'), 'c');
  assert.throws(() => namePlan(wasmInterface(fixtureWasm()), './other_bg.js'), /imports nothing from \.\/other_bg\.js/);
});
