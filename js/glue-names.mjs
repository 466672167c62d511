// The wasm-bindgen glue's side of js/wasm-names.mjs: pure functions over its source text, as
// esbuild writes it without comments (`minifyWhitespace`, identifiers kept), so that a name
// counted here is code, not a sentence of a doc comment. The glue is wasm-bindgen's own format:
// the wasm's exports read as `wasm.<name>`, the functions it imports as the keys
// (`<name>:function(…)`) of one object literal, which the object returned to
// `WebAssembly.instantiate` puts under the module's name (`"./<crate>_bg.js":import0`). Anything
// else stops the build with what was expected: a wrong rename is a widget that never starts.

const ident = (name) => name.replace(/[$]/g, '\\$');
/** Every place `name` is a whole identifier (or a whole string's text): not part of a longer one. */
const whole = (name) => new RegExp(`(?<![\\w$])${ident(name)}(?![\\w$])`, 'g');
const exportUse = (name) => new RegExp(`(?<![\\w$.])wasm\\.${ident(name)}(?![\\w$])`, 'g');
const count = (text, re) => (text.match(re) || []).length;

/**
 * The wasm's exports the glue never names: dropped from the wasm (each is a root keeping code
 * alive). One the glue names, but not as `wasm.<name>`, is an error: it may be used some other
 * way.
 */
export function unusedExports(glue, exportNames) {
  const unused = [];
  for (const name of exportNames) {
    if (count(glue, exportUse(name))) continue;
    const elsewhere = count(glue, whole(name));
    if (elsewhere) {
      throw new Error(`glue-names: the glue names the wasm's export ${name} ${elsewhere} time(s), never as wasm.${name}: cannot tell whether it is used`);
    }
    unused.push(name);
  }
  return unused;
}

/**
 * The glue with the names of a `namePlan` (js/wasm-names.mjs): each import's key, the module's
 * name and each `wasm.<export>`. Fails when the two sides do not name the same things: an import
 * of the wasm that is not exactly one key of the glue, a key the wasm does not import, an export
 * the glue does not use, a `wasm.<name>` that is not an export.
 */
export function renameGlue(glue, plan) {
  const problems = [];
  let out = glue;
  const [moduleFrom, moduleTo] = plan.module;
  const moduleKey = new RegExp(`(["'])${moduleFrom.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1(\\s*:)`, 'g');
  const moduleKeys = count(out, moduleKey);
  if (moduleKeys !== 1) problems.push(`the module name "${moduleFrom}" is a key ${moduleKeys} times in the glue, not once`);
  else out = out.replace(moduleKey, `"${moduleTo}"$2`);

  // Counted first, renamed in one pass: a new name never meets an old one.
  for (const from of plan.imports.keys()) {
    const uses = count(out, whole(from));
    const keys = count(out, new RegExp(`(?<![\\w$.])${ident(from)}\\s*:`, 'g'));
    if (uses !== 1 || keys !== 1) {
      problems.push(`the wasm imports ${from}: the glue names it ${uses} time(s), ${keys} as an object key (expected once, as a key)`);
    }
  }
  out = out.replace(/(?<![\w$.])([\w$]+)(?=\s*:)/g, (key) => plan.imports.get(key) ?? key);
  // The other way round: the glue's import functions are wasm-bindgen's `__wbg_…`/`__wbindgen_…`.
  for (const [, key] of out.matchAll(/(?<![\w$.])(__wb(?:g|indgen)_[\w$]+)\s*:\s*function\b/g)) {
    problems.push(`the glue provides ${key}, which the wasm does not import`);
  }

  for (const from of plan.exports.keys()) {
    if (!count(out, exportUse(from))) problems.push(`the wasm exports ${from}, which the glue does not use as wasm.${from}`);
  }
  out = out.replace(/(?<![\w$.])wasm\.([\w$]+)/g, (use, name) => {
    const to = plan.exports.get(name);
    if (to === undefined) problems.push(`the glue uses wasm.${name}, which the wasm does not export`);
    return to === undefined ? use : `wasm.${to}`;
  });
  if (problems.length) {
    throw new Error(`glue-names: the glue and the wasm do not name the same things:\n  ${[...new Set(problems)].join('\n  ')}`);
  }
  return out;
}

