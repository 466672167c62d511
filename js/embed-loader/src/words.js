// The loader's words before the wasm is here, and which language says them. Both come from the
// Rust catalogs (../generated/contract.js), so a language the widget speaks is spoken here too.
import { LANGS, WORDS } from '../generated/contract.js';

/** The language for `lang` (the element's attribute), else the browser's, else the default. */
export function chooseLang(lang, browserLang) {
  for (const tag of [lang, browserLang]) {
    if (!tag) continue;
    const primary = String(tag).trim().toLowerCase().split(/[-_]/)[0];
    if (LANGS.includes(primary)) return primary;
  }
  return LANGS[0];
}

/** `{tag, call, ready, loading, label, failed}` for `lang`. */
export function wordsFor(lang, browserLang) {
  const tag = chooseLang(lang, browserLang);
  return { tag, ...WORDS[tag] };
}

/** `template` with each `{name}` replaced by `values[name]` (the owner's English). */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (blank, name) => (name in values ? String(values[name]) : blank));
}
