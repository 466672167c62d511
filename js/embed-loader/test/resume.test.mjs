import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasTicket, rejoinsACall } from '../src/resume.js';

/** A Storage-like object over `entries`. */
function storage(entries) {
  const keys = Object.keys(entries);
  return { length: keys.length, key: (i) => keys[i] ?? null };
}

test('a ticket of a call to rejoin is found by its key prefix', () => {
  assert.equal(hasTicket(storage({ 'lkw-resume:/api/token#sofia': '{}' })), true);
  assert.equal(hasTicket(storage({ other: '1', 'lkw-consent': 'yes' })), false);
  assert.equal(hasTicket(storage({})), false);
  assert.equal(hasTicket(null), false);
});

test('storage that throws means nothing to rejoin', () => {
  const denied = { get length() { throw new Error('SecurityError'); }, key: () => null };
  assert.equal(hasTicket(denied), false);
});

test('only a widget with resume="on" (or bare) rejoins', () => {
  const withTicket = () => storage({ 'lkw-resume:/api/token#': '{}' });
  const attrs = (resume) => (name) => (name === 'resume' ? resume : null);
  assert.equal(rejoinsACall(attrs('on'), withTicket), true);
  assert.equal(rejoinsACall(attrs(' ON '), withTicket), true);
  assert.equal(rejoinsACall(attrs(''), withTicket), true);
  assert.equal(rejoinsACall(attrs('yes'), withTicket), true); // the widget's switch words
  assert.equal(rejoinsACall(attrs('no'), withTicket), false);
  assert.equal(rejoinsACall(attrs('off'), withTicket), false);
  assert.equal(rejoinsACall(attrs(null), withTicket), false);
  assert.equal(rejoinsACall(attrs('on'), () => storage({})), false);
});

test('without resume on, the storage is never opened (this runs on the path to the first button)', () => {
  let opened = 0;
  const open = () => {
    opened += 1;
    return storage({ 'lkw-resume:/api/token#': '{}' });
  };
  const attrs = (resume) => (name) => (name === 'resume' ? resume : null);
  assert.equal(rejoinsACall(attrs(null), open), false);
  assert.equal(rejoinsACall(attrs('off'), open), false);
  assert.equal(opened, 0);
  assert.equal(rejoinsACall(attrs('on'), open), true);
  assert.equal(opened, 1);
});
