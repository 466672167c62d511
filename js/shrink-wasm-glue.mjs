// Release builds (js/build-embed.mjs): short names between the wasm and its wasm-bindgen glue
// (issue 15, "Size"), each side checked against the other (js/wasm-names.mjs,
// js/glue-names.mjs). The exports the glue never names leave the wasm first (`main`, wasm-bindgen's
// unused `__abort_handler`…): nothing can call them. Then the glue is minified.
//
// wasm-opt is not run again: on the exports dropped here it gains 0.1 KB gzip for 8–13 s.
import { readFileSync, writeFileSync } from 'node:fs';
import { namePlan, renamedBy, rewriteWasm, wasmInterface } from './wasm-names.mjs';
import { renameGlue, unusedExports } from './glue-names.mjs';

/** Rewrites `gluePath` and `wasmPath` in place; returns the original bytes and what changed. */
export async function shrinkWasmAndGlue({ gluePath, wasmPath, esbuild }) {
  const original = { glue: readFileSync(gluePath, 'utf8'), wasm: readFileSync(wasmPath) };
  // Without comments, names kept: what the checks count is code, not a doc comment's words.
  const compact = await esbuild.transform(original.glue, {
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    minifyWhitespace: true,
    logLevel: 'silent',
  });
  const unused = new Set(unusedExports(compact.code, wasmInterface(original.wasm).exports.map((e) => e.name)));
  const used = rewriteWasm(original.wasm, { renameExport: (name) => (unused.has(name) ? null : name) });

  const iface = wasmInterface(used);
  // The glue's own functions come from one module (`./<crate>_bg.js`); the snippets' from theirs.
  const modules = [...new Set(iface.imports.map((i) => i.module))].filter((m) => !m.startsWith('./snippets/'));
  if (modules.length !== 1) {
    throw new Error(`the wasm imports from ${modules.length} modules besides the snippets (${modules.join(', ')}), expected the glue's one`);
  }
  const plan = namePlan(iface, modules[0]);
  const glue = renameGlue(compact.code, plan);
  const wasm = rewriteWasm(used, renamedBy(plan));
  const { code } = await esbuild.transform(glue, { format: 'esm', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'silent' });
  writeFileSync(wasmPath, wasm);
  writeFileSync(gluePath, code);
  return { original, glue: code, wasm, dropped: [...unused], renamed: plan.imports.size + plan.exports.size };
}
