// A small wasm module built byte by byte, shaped like wasm-bindgen's output: functions imported
// from the glue (`./x_bg.js`) and from a snippet, a memory, and exports the glue uses or not.
// `run(v)` returns `keep(double(v))`.

const enc = new TextEncoder();
const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const name = (s) => [...uleb(enc.encode(s).length), ...enc.encode(s)];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, payload) => [id, ...uleb(payload.length), ...payload];

export const GLUE_MODULE = './x_bg.js';
export const DOUBLE = '__wbg_double_0123456789abcdef';
export const RUN = 'wasm_bindgen_0123456789abcdef___convert__closures_____invoke___run';

/** `exports`: names for the one function (index 2), plus `memory`. */
export function fixtureWasm({ doubleName = DOUBLE, exportNames = [RUN, 'main'] } = {}) {
  const I32 = 0x7f;
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 1, I32, 1, I32]])),
    ...section(2, vec([
      [...name(GLUE_MODULE), ...name(doubleName), 0x00, 0x00],
      [...name('./snippets/s.js'), ...name('keep'), 0x00, 0x00],
    ])),
    ...section(3, vec([[0x00]])),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(7, vec([...exportNames.map((n) => [...name(n), 0x00, 0x02]), [...name('memory'), 0x02, 0x00]])),
    // run: local.get 0, call double, call keep
    ...section(10, vec([[...uleb(8), 0x00, 0x20, 0x00, 0x10, 0x00, 0x10, 0x01, 0x0b]])),
    ...section(0, [...name('target_features'), 0x00]),
  ]);
}

/**
 * Glue shaped like wasm-bindgen's after esbuild's minifyWhitespace: an import object, the
 * module map, `wasm.<export>` uses. `instantiate(bytes)` gives its `run`.
 */
export const FIXTURE_GLUE = [
  'let wasm;',
  `function getImports(){const import0={__proto__:null,${DOUBLE}:function(arg0){return arg0*2}};`,
  `return{__proto__:null,"./x_bg.js":import0,"./snippets/s.js":{keep:function(arg0){return arg0+1}}}}`,
  `function run(v){return wasm.${RUN}(v)}`,
  'function memoryPages(){return wasm.memory.buffer.byteLength/65536}',
].join('');

/** Evaluates a glue like FIXTURE_GLUE against `bytes`: `{ run, memoryPages }`. */
export async function instantiate(glue, bytes) {
  const make = new Function(`${glue};return{getImports,run,memoryPages,setWasm:(w)=>{wasm=w}};`);
  const api = make();
  const { instance } = await WebAssembly.instantiate(bytes, api.getImports());
  api.setWasm(instance.exports);
  return api;
}
