import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, WORDS } from '../generated/contract.js';
import { chooseLang, fill, wordsFor } from '../src/words.js';

test('the element’s lang wins, then the browser’s, then the default', () => {
  assert.equal(chooseLang('de-AT', 'en-US'), 'de');
  assert.equal(chooseLang('EN_gb', 'de'), 'en');
  assert.equal(chooseLang('fr', 'de-CH'), 'de');
  assert.equal(chooseLang(null, 'de'), 'de');
  assert.equal(chooseLang('fr', 'it'), LANGS[0]);
  assert.equal(chooseLang('', undefined), LANGS[0]);
});

test('every language the widget speaks has every word the button needs', () => {
  for (const tag of LANGS) {
    assert.equal(chooseLang(tag), tag);
    const words = wordsFor(tag);
    assert.equal(words.tag, tag);
    for (const name of ['call', 'ready', 'loading', 'label', 'failed', 'consent', 'privacy', 'remember']) {
      assert.ok(typeof words[name] === 'string' && words[name].trim() !== '', `${tag} lacks ${name}`);
    }
  }
  assert.deepEqual(Object.keys(WORDS), LANGS);
});

test('fill replaces named blanks and leaves unknown ones', () => {
  assert.equal(fill('from {where} in {ms} ms', { where: 'x.js', ms: 12 }), 'from x.js in 12 ms');
  assert.equal(fill('{a} {b}', { a: 1 }), '1 {b}');
});
