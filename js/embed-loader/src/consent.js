// The consent before a call, as the loader draws it before the wasm is here (the wasm's
// ConsentGate, src/ui/consent_view.rs, then takes over: same markup, same rules, Rust's words and
// lists from ../generated/contract.js). The wasm decides; the loader only keeps a call from
// starting early and hands over what the visitor ticked.
import { CONSENT, SWITCH } from '../generated/contract.js';

const is = (list, value) => list.includes(String(value).trim().toLowerCase());

/**
 * `{text, privacyUrl, offerRemember}` from the element's attributes, or null where consent is off.
 * `consent`: on (the catalog's sentence, `words.consent`), off, or the sentence itself; a bare
 * attribute is on. `privacyUrl` is kept only when it resolves (against `base`) to http(s).
 */
export function consentOptions(getAttribute, words, base) {
  const consent = getAttribute('consent');
  if (consent === null || consent === undefined || is(SWITCH.off, consent)) return null;
  const text = consent.trim() === '' || is(SWITCH.on, consent) ? words.consent : consent.trim();
  const remember = getAttribute('consent-remember');
  return {
    text,
    privacyUrl: webLink(getAttribute('consent-privacy-url'), base),
    offerRemember: remember !== null && remember !== undefined && (remember.trim() === '' || is(SWITCH.on, remember)),
  };
}

/** `url` if it is an http(s) address or relative to the page (never `javascript:` …), else null. */
export function webLink(url, base) {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const { protocol } = new URL(url.trim(), base);
    return protocol === 'http:' || protocol === 'https:' ? url.trim() : null;
  } catch {
    return null;
  }
}

/**
 * Whether this site's storage holds a remembered consent (`storage`: localStorage, or a getter
 * that throws where it is blocked). A guess the wasm confirms (it checks the text too).
 */
export function rememberedConsent(getStorage) {
  try {
    const value = getStorage()?.getItem(CONSENT.storageKey);
    return typeof value === 'string' && value.startsWith(CONSENT.storedPrefix);
  } catch {
    return false;
  }
}

/**
 * The consent block (the wasm's markup): the box labelled by the sentence (`id`, which Call's
 * aria-describedby names), the privacy link (new tab), and "remember" where offered.
 * `onChange({given, remember})` on every tick.
 */
export function consentBlock(options, state, id, words, onChange, signal) {
  const block = document.createElement('div');
  block.className = 'lkw-consent';
  block.dataset.given = String(state.given);
  const row = document.createElement('p');
  row.className = 'lkw-consent-row';
  const check = checkbox('lkw-consent-check', state.given);
  check.id = `${id}-check`;
  const label = document.createElement('label');
  label.className = 'lkw-consent-text';
  label.id = id;
  label.htmlFor = check.id;
  label.textContent = options.text;
  row.append(check, ' ', label);
  if (options.privacyUrl) {
    const link = document.createElement('a');
    link.className = 'lkw-consent-privacy';
    link.href = options.privacyUrl;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = words.privacy;
    row.append(' ', link);
  }
  block.append(row);
  let remember = null;
  if (options.offerRemember) {
    const box = document.createElement('label');
    box.className = 'lkw-consent-remember';
    remember = checkbox('lkw-consent-remember-check', state.remember);
    box.append(remember, ' ', words.remember);
    block.append(box);
  }
  const changed = () => {
    block.dataset.given = String(check.checked);
    onChange({ given: check.checked, remember: remember ? remember.checked : false });
  };
  check.addEventListener('change', changed, { signal });
  remember?.addEventListener('change', changed, { signal });
  return block;
}

function checkbox(className, checked) {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.className = className;
  input.checked = checked;
  return input;
}
