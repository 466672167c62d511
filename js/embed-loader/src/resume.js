// A call that a reload or a navigation within the site should rejoin (option `resume`, `on` or
// bare): the
// wasm keeps its ticket in sessionStorage under a key starting with RESUME_KEY_PREFIX. When one is
// there the loader loads the wasm at once, instead of at idle time or the first intent, so the
// call comes back without a click. Which ticket is whose, and whether it is still valid, the
// wasm decides.
import { RESUME_KEY_PREFIX, SWITCH } from '../generated/contract.js';

/**
 * Whether the element with `getAttribute` rejoins a call that the storage `openStorage()` returns
 * holds a ticket of. The storage is opened only for an element with `resume` on: this runs on the
 * path to the first button, where opening and walking the storage cost about a millisecond
 * (bench/page-load.mjs) that an element without `resume` has no use for.
 */
export function rejoinsACall(getAttribute, openStorage) {
  const value = getAttribute('resume');
  if (value === null || value === undefined) return false;
  const word = value.trim().toLowerCase();
  const on = word === '' || SWITCH.on.includes(word);
  return on && hasTicket(openStorage());
}

/** Any widget's ticket in `storage` (`null` where the page may not use storage). */
export function hasTicket(storage) {
  if (!storage) return false;
  try {
    for (let i = 0; i < storage.length; i += 1) {
      if (storage.key(i)?.startsWith(RESUME_KEY_PREFIX)) return true;
    }
  } catch {
    // Storage refused (sandboxed frame, disabled storage): nothing to rejoin.
  }
  return false;
}

/** `sessionStorage`, or `null` where reading it throws. */
export function sessionStorageOrNull() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
