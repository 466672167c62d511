// Release builds (js/build-embed.mjs): the wasm and its wasm-bindgen glue, smaller together
// (issue 15, "Size"). Three steps, each checked (js/wasm-names.mjs, js/glue-names.mjs):
// 1. wasm-streams' stream classes (`IntoUnderlying*`, pulled in by leptos → server_fn "browser",
//    never used by the widget) leave the glue, and every wasm export the glue no longer names
//    leaves the wasm: exports are roots, so binaryen can then drop the code only they reached.
// 2. wasm-opt -Oz again (binaryen 132, Trunk's), for what step 1 made unreachable.
// 3. Short names for the wasm's imports from the glue and its exports, on both sides.
// Then the glue is minified. Sizes before and after go to the build log.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { namePlan, renamedBy, rewriteWasm, wasmInterface } from './wasm-names.mjs';
import { assertGone, renameGlue, unusedExports, withoutClasses } from './glue-names.mjs';

/** wasm-streams' exported classes (README "Size"): the widget makes no streams for Rust. */
export const DEAD_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

/**
 * Rewrites `gluePath` and `wasmPath` in place; `wasmOpt`: binaryen 132's wasm-opt.
 */
export async function shrinkWasmAndGlue({ gluePath, wasmPath, esbuild, wasmOpt }) {
  const version = execFileSync(wasmOpt, ['--version'], { encoding: 'utf8' });
  if (!/version 132\b/.test(version)) throw new Error(`${wasmOpt} is ${version.trim()}, not binaryen 132 (Trunk.toml's; run scripts/setup)`);

  const original = { glue: readFileSync(gluePath, 'utf8'), wasm: readFileSync(wasmPath) };
  // Without comments and dead classes, names kept: what the checks below count is code.
  const compact = await esbuild.transform(withoutClasses(original.glue, DEAD_CLASSES), {
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    minifyWhitespace: true,
    treeShaking: true,
    logLevel: 'silent',
  });
  assertGone(compact.code, DEAD_CLASSES);

  const unused = new Set(unusedExports(compact.code, wasmInterface(original.wasm).exports.map((e) => e.name)));
  writeFileSync(wasmPath, rewriteWasm(original.wasm, { renameExport: (name) => (unused.has(name) ? null : name) }));
  execFileSync(wasmOpt, [wasmPath, '-o', wasmPath, '-Oz', '--strip-debug', '--strip-producers'], { stdio: 'inherit' });

  const optimized = readFileSync(wasmPath);
  const iface = wasmInterface(optimized);
  // The glue's own functions come from one module (`./<crate>_bg.js`); the snippets' from theirs.
  const modules = [...new Set(iface.imports.map((i) => i.module))].filter((m) => !m.startsWith('./snippets/'));
  if (modules.length !== 1) throw new Error(`the wasm imports from ${modules.length} modules besides the snippets (${modules.join(', ')}), expected the glue's one`);
  const plan = namePlan(iface, modules[0]);
  const glue = renameGlue(compact.code, plan);
  writeFileSync(wasmPath, rewriteWasm(optimized, renamedBy(plan)));
  const { code } = await esbuild.transform(glue, { format: 'esm', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'silent' });
  writeFileSync(gluePath, code);
  return { original, glue: code, dropped: [...unused], renamed: plan.imports.size + plan.exports.size };
}
