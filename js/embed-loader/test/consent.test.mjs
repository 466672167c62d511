import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSENT, WORDS } from '../generated/contract.js';
import { consentOptions, rememberedConsent, webLink } from '../src/consent.js';
import { configFromAttributes, frameAttributes } from '../src/options.js';

const BASE = 'https://praxis.example/termine/';
const from = (attrs) => (name) => attrs[name] ?? null;

test('consent is off unless asked for; on and a bare attribute mean the catalog’s sentence', () => {
  const de = WORDS.de;
  assert.equal(consentOptions(from({}), de, BASE), null);
  assert.equal(consentOptions(from({ consent: 'OFF' }), de, BASE), null);
  for (const on of ['on', '', ' True ', 'yes']) {
    assert.equal(consentOptions(from({ consent: on }), de, BASE).text, de.consent, JSON.stringify(on));
  }
  const own = consentOptions(from({ consent: ' Ich willige ein. ', 'consent-remember': '' }), de, BASE);
  assert.deepEqual(own, { text: 'Ich willige ein.', privacyUrl: null, offerRemember: true });
  assert.equal(consentOptions(from({ consent: 'on', 'consent-remember': 'ja' }), de, BASE).offerRemember, false);
});

test('the privacy link is http(s) or relative, never another scheme', () => {
  assert.equal(webLink('/datenschutz', BASE), '/datenschutz');
  assert.equal(webLink(' https://praxis.example/ds ', BASE), 'https://praxis.example/ds');
  assert.equal(webLink('javascript:alert(1)', BASE), null);
  assert.equal(webLink('mailto:a@b.c', BASE), null);
  assert.equal(webLink('', BASE), null);
  assert.equal(webLink(null, BASE), null);
});

test('a remembered consent is guessed from storage; blocked storage is no error', () => {
  const storage = (value) => () => ({ getItem: (key) => (key === CONSENT.storageKey ? value : null) });
  assert.equal(rememberedConsent(storage(`${CONSENT.storedPrefix}0123456789abcdef`)), true);
  assert.equal(rememberedConsent(storage(null)), false);
  assert.equal(rememberedConsent(storage('yes')), false);
  assert.equal(rememberedConsent(() => { throw new Error('SecurityError'); }), false);
  assert.equal(rememberedConsent(() => null), false);
});

test('a bare consent attribute reaches the wasm as on, in the element and in the frame', () => {
  assert.deepEqual(configFromAttributes(from({ consent: '', 'consent-remember': '', 'consent-privacy-url': '' })), {
    consent: 'on',
    consentRemember: 'on',
  });
  const { attributes } = frameAttributes(new URLSearchParams('consent&consent-privacy-url=%2Fds&agent='), BASE);
  assert.deepEqual(attributes, [['consent', ''], ['consent-privacy-url', '/ds']]);
});
