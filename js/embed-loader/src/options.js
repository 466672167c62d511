// The widget's options as the loader reads and writes them: element attributes, mount()'s keys,
// the object passed to the wasm, the iframe page's query. One table, Rust's
// (src/embed/options.rs), generated into ../generated/contract.js.
import { OPTIONS } from '../generated/contract.js';

const ofKind = (kind) => OPTIONS.filter((o) => o.kind === kind);

/** Attributes whose change matters before or after the wasm: the call's options and `load`. */
export const OBSERVED_ATTRIBUTES = OPTIONS.filter((o) => o.kind !== 'style').map((o) => o.attribute);

/**
 * The wasm's options object from `getAttribute` (trimmed, empty ones left out, except a bare
 * switch such as `<lk-voice-widget consent>`, which is on).
 */
export function configFromAttributes(getAttribute) {
  const options = {};
  for (const { attribute, key, bare } of ofKind('config')) {
    const value = getAttribute(attribute);
    if (value === null || value === undefined) continue;
    if (value.trim() !== '') options[key] = value.trim();
    else if (bare) options[key] = bare;
  }
  return options;
}

/** A value as an attribute holds it (objects, e.g. agentMetadata, as JSON). */
export function toAttributeValue(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `[attribute, value]` for each option `mount()` was given (any kind). */
export function attributesFromOptions(options) {
  const pairs = [];
  for (const { attribute, key } of OPTIONS) {
    const value = options[key];
    if (value !== undefined && value !== null) pairs.push([attribute, toAttributeValue(value)]);
  }
  return pairs;
}

/** `[attribute, value]` for each option the iframe page takes from `options` (iframeSnippet). */
export function frameQueryFromOptions(options) {
  return attributesFromOptions(options).filter(([attribute]) => inFrame(attribute));
}

function inFrame(attribute) {
  return OPTIONS.some((o) => o.attribute === attribute && o.inFrame);
}

/**
 * What the iframe page sets on its widget from its query string: `{attributes: [[name, value]],
 * refused: [tokenUrl]}`. A token endpoint on another origin than the frame's is refused (any
 * page can frame this one; it must not send the call elsewhere).
 */
export function frameAttributes(params, frameHref) {
  const origin = new URL(frameHref).origin;
  const attributes = [];
  const refused = [];
  for (const { attribute, bare } of OPTIONS.filter((o) => o.inFrame)) {
    const value = params.get(attribute);
    if (value === null || (value === '' && !bare)) continue;
    if (attribute === 'token-url' && new URL(value, frameHref).origin !== origin) {
      refused.push(value);
      continue;
    }
    attributes.push([attribute, value]);
  }
  return { attributes, refused };
}
