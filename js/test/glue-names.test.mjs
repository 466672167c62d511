import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namePlan, renamedBy, rewriteWasm, wasmInterface } from '../wasm-names.mjs';
import { renameGlue, unusedExports } from '../glue-names.mjs';
import { DOUBLE, FIXTURE_GLUE, GLUE_MODULE, RUN, fixtureWasm, instantiate } from './wasm-fixture.mjs';

/** The fixture's wasm without `main` (the glue does not use it) and the plan for what is left. */
function renamedPair(glue = FIXTURE_GLUE) {
  const wasm = rewriteWasm(fixtureWasm(), { renameExport: (n) => (n === 'main' ? null : n) });
  const plan = namePlan(wasmInterface(wasm), GLUE_MODULE);
  return { wasm: rewriteWasm(wasm, renamedBy(plan)), glue: renameGlue(glue, plan), plan };
}

test('the glue and the wasm renamed alike still meet', async () => {
  const { wasm, glue } = renamedPair();
  for (const old of [DOUBLE, RUN, GLUE_MODULE]) assert.ok(!glue.includes(old), old);
  const api = await instantiate(glue, wasm);
  assert.equal(api.run(20), 41);
  assert.equal(api.memoryPages(), 1);
});

test('an import the glue does not provide stops the build', () => {
  const glue = FIXTURE_GLUE.replace(`${DOUBLE}:`, '__wbg_double_fedcba9876543210:');
  assert.throws(() => renamedPair(glue), (e) =>
    /the wasm imports __wbg_double_0123456789abcdef: the glue names it 0 time/.test(e.message) &&
    /the glue provides __wbg_double_fedcba9876543210, which the wasm does not import/.test(e.message));
});

test('an import name the glue uses beyond its key stops the build', () => {
  assert.throws(() => renamedPair(`${FIXTURE_GLUE};console.log("${DOUBLE}")`), /names it 2 time\(s\), 1 as an object key/);
});

test('an export the glue does not use, or a use the wasm does not export, stops the build', () => {
  assert.throws(() => renamedPair(FIXTURE_GLUE.replace('wasm.memory.buffer', 'new ArrayBuffer(65536)')), /the wasm exports memory, which the glue does not use/);
  assert.throws(() => renamedPair(`${FIXTURE_GLUE};function f(){wasm.__wbindgen_malloc(1)}`), /the glue uses wasm\.__wbindgen_malloc, which the wasm does not export/);
});

test('the module name must be a key of the glue once', () => {
  assert.throws(() => renamedPair(FIXTURE_GLUE.replace('"./x_bg.js":', '"./y_bg.js":')), /the module name "\.\/x_bg\.js" is a key 0 times/);
});

test('unused exports: those the glue never names; named another way is an error', () => {
  assert.deepEqual(unusedExports(FIXTURE_GLUE, [RUN, 'main', 'memory']), ['main']);
  assert.throws(() => unusedExports(`${FIXTURE_GLUE};const x=wasm["main"]`, ['main']), /names the wasm's export main 1 time\(s\), never as wasm\.main/);
});
