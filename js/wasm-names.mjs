// Shorter names between the release wasm and its wasm-bindgen glue (issue 15, "Size"): pure
// functions over bytes and source text, no file I/O (js/build-embed.mjs reads and writes).
//
// wasm-bindgen names each JS function the wasm imports `__wbg_<name>_<16 hex digits>` and its
// exports after Rust paths (`wasm_bindgen_<hash>___convert__closures_____invoke___…`): random
// to gzip, and written twice, in the wasm's import/export sections and in the glue. Both sides
// are rewritten here with the same short names, and each side must name exactly what the other
// does: a name found on one side only stops the build (a renamed pair that no longer meets is a
// widget that does not start, seen only in a browser).

/** A wasm module's sections: `{ id, start, end }`, the payload's byte range (after id and size). */
export function sections(bytes) {
  if (
    bytes.length < 8 ||
    bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d ||
    bytes[4] !== 0x01 || bytes[5] !== 0x00 || bytes[6] !== 0x00 || bytes[7] !== 0x00
  ) {
    throw new Error('wasm-names: not a wasm module (version 1): the magic number is missing');
  }
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, at] = leb(bytes, pos + 1);
    if (at + size > bytes.length) throw new Error(`wasm-names: section ${id} at byte ${pos} runs past the end of the module`);
    out.push({ id, start: at, end: at + size });
    pos = at + size;
  }
  return out;
}

const IMPORT = 2;
const EXPORT = 7;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encode = (s) => new TextEncoder().encode(s);

/** An unsigned LEB128 at `pos`: `[value, position after it]`. */
function leb(bytes, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= bytes.length) throw new Error('wasm-names: a number runs past the end of the module');
    const byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [value, pos];
    shift += 7;
    if (shift > 35) throw new Error(`wasm-names: a number longer than 5 bytes ends at byte ${pos}`);
  }
}

function uleb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

function readName(bytes, pos) {
  const [length, at] = leb(bytes, pos);
  return [utf8.decode(bytes.subarray(at, at + length)), at + length];
}

/** The descriptor after an import's names (kind and type), skipped: `[kind, position after it]`. */
function skipImportDesc(bytes, pos) {
  const kind = bytes[pos++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: // function: its type index
    case 4: // tag: attribute, type index
      if (kind === 4) pos++;
      return [kind, leb(bytes, pos)[1]];
    case 1: // table: reference type, limits
      return [kind, limits(pos + 1)];
    case 2: // memory: limits
      return [kind, limits(pos)];
    case 3: // global: value type, mutability
      return [kind, pos + 2];
    default:
      throw new Error(`wasm-names: import of unknown kind ${kind} at byte ${pos - 1}`);
  }
}

/** Each entry of the import section: `{ module, name, kind, start, end }` (`start..end`: its bytes). */
function importEntries(bytes, section) {
  const out = [];
  let [count, pos] = leb(bytes, section.start);
  for (; count > 0; count--) {
    const start = pos;
    let module, name, kind;
    [module, pos] = readName(bytes, pos);
    [name, pos] = readName(bytes, pos);
    const descStart = pos;
    [kind, pos] = skipImportDesc(bytes, pos);
    out.push({ module, name, kind, start, descStart, end: pos });
  }
  if (pos !== section.end) throw new Error('wasm-names: the import section has bytes after its last entry');
  return out;
}

/** Each entry of the export section: `{ name, kind, index, start, end }`. */
function exportEntries(bytes, section) {
  const out = [];
  let [count, pos] = leb(bytes, section.start);
  for (; count > 0; count--) {
    const start = pos;
    let name, index;
    [name, pos] = readName(bytes, pos);
    const descStart = pos;
    const kind = bytes[pos++];
    [index, pos] = leb(bytes, pos);
    out.push({ name, kind, index, start, descStart, end: pos });
  }
  if (pos !== section.end) throw new Error('wasm-names: the export section has bytes after its last entry');
  return out;
}

/** What the module imports (`{ module, name, kind }`) and exports (`{ name, kind, index }`). */
export function wasmInterface(bytes) {
  const all = sections(bytes);
  const imports = all.filter((s) => s.id === IMPORT).flatMap((s) => importEntries(bytes, s));
  const exports = all.filter((s) => s.id === EXPORT).flatMap((s) => exportEntries(bytes, s));
  return {
    imports: imports.map(({ module, name, kind }) => ({ module, name, kind })),
    exports: exports.map(({ name, kind, index }) => ({ name, kind, index })),
  };
}

/**
 * The module with its imports and exports renamed, and some exports dropped:
 * `renameImports(module, name)` gives an import's new `[module, name]` (or its own),
 * `renameExport(name)` an export's new name, `null` to drop the export. Every other byte is kept.
 */
export function rewriteWasm(bytes, { renameImports = (m, n) => [m, n], renameExport = (n) => n } = {}) {
  const parts = [bytes.subarray(0, 8)];
  const name = (s) => {
    const b = encode(s);
    return [...uleb(b.length), ...b];
  };
  for (const s of sections(bytes)) {
    let payload = bytes.subarray(s.start, s.end);
    if (s.id === IMPORT) {
      const entries = importEntries(bytes, s);
      const body = [uleb(entries.length)];
      for (const e of entries) {
        const [module, field] = renameImports(e.module, e.name);
        body.push(name(module), name(field), bytes.subarray(e.descStart, e.end));
      }
      payload = concat(body);
    } else if (s.id === EXPORT) {
      const entries = exportEntries(bytes, s);
      const kept = [];
      const seen = new Set();
      for (const e of entries) {
        const renamed = renameExport(e.name);
        if (renamed === null) continue;
        if (seen.has(renamed)) throw new Error(`wasm-names: two exports would be named ${renamed}`);
        seen.add(renamed);
        kept.push(name(renamed), bytes.subarray(e.descStart, e.end));
      }
      payload = concat([uleb(kept.length / 2), ...kept]);
    }
    parts.push(Uint8Array.of(s.id, ...uleb(payload.length)), payload);
  }
  return concat(parts);
}

function concat(parts) {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

const RESERVED = new Set(
  'as do if in of break case catch class const continue debugger default delete else enum export extends false finally for function import instanceof let new null return static super switch this throw true try typeof var void while with yield await implements interface package private protected public arguments eval undefined NaN Infinity'.split(' '),
);
const FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const REST = `${FIRST}0123456789`;

/** Short names, `a`, `b`, … `Z`, `aa`, `ab`, …: JS identifiers, none a reserved word. */
export function* shortNames() {
  for (let n = 0; ; n++) {
    let name = FIRST[n % FIRST.length];
    for (let rest = Math.floor(n / FIRST.length); rest > 0; rest = Math.floor((rest - 1) / REST.length)) {
      name += REST[(rest - 1) % REST.length];
    }
    if (!RESERVED.has(name)) yield name;
  }
}

/**
 * Short names for what the glue provides and uses: each import from `module` (the glue's own
 * `./<crate>_bg.js`, not the snippets', whose names are their files' exports) and each export.
 * `{ module: [from, to], imports: Map(old → new), exports: Map(old → new) }`.
 */
export function namePlan({ imports, exports }, module) {
  const ours = imports.filter((i) => i.module === module);
  if (!ours.length) throw new Error(`wasm-names: the wasm imports nothing from ${module}`);
  const names = (list) => {
    const next = shortNames();
    return new Map(list.map((name) => [name, next.next().value]));
  };
  const importNames = [...new Set(ours.map((i) => i.name))];
  return { module: [module, 'a'], imports: names(importNames), exports: names(exports.map((e) => e.name)) };
}

/** `rewriteWasm`'s renaming for a `namePlan`. */
export function renamedBy(plan) {
  const [from, to] = plan.module;
  return {
    renameImports: (module, name) => (module === from ? [to, plan.imports.get(name)] : [module, name]),
    renameExport: (name) => plan.exports.get(name),
  };
}
