import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstAndWhole, neededClasses, splitCss } from '../critical-css.mjs';

const KNOWN = ['lkw', 'lkw-call', 'lkw-status'];

test('rules that need a class the placeholder never has wait; the rest come first', () => {
  const css = ':host{display:block}.lkw{padding:1rem}.lkw-log{margin:0}.lkw button{font:inherit}.lkw .lkw-mute{color:red}';
  const { first, whole } = firstAndWhole(splitCss(css, KNOWN));
  assert.equal(first, ':host{display:block}.lkw{padding:1rem}.lkw button{font:inherit}');
  assert.equal(whole, css);
});

test('a selector list waits only when every selector in it needs another class', () => {
  const { first } = firstAndWhole(splitCss('.lkw-log,.lkw-call{x:1}.lkw-log,.lkw-chat{y:2}', KNOWN));
  assert.equal(first, '.lkw-log,.lkw-call{x:1}');
});

test('classes inside :not() / :has() / :is() / :host() are not needed (the rule stays first)', () => {
  assert.deepEqual(neededClasses('.lkw:has(.lkw-notice,.lkw-consent:not([hidden]))'), ['lkw']);
  assert.deepEqual(neededClasses(':host([layout="button"]) .lkw:not(.lkw-x :is(.lkw-y)) .lkw-call'), ['lkw', 'lkw-call']);
  assert.deepEqual(neededClasses('.lkw-line[data-x=".lkw-z"]::after'), ['lkw-line']);
  const { first } = firstAndWhole(splitCss('.lkw:has(.lkw-notice){a:b}:is(.lkw-log){c:d}', KNOWN));
  assert.equal(first, '.lkw:has(.lkw-notice){a:b}:is(.lkw-log){c:d}');
});

test('@media blocks are split in order; the whole stylesheet keeps its order (the cascade)', () => {
  const css = '@media(max-width:360px){.lkw{p:1}.lkw-log{p:2}.lkw-call{p:3}}.lkw-log{q:1}@font-face{font-family:x}';
  const pieces = splitCss(css, KNOWN);
  assert.deepEqual(pieces, [
    ['@media(max-width:360px){.lkw{p:1}}', true],
    ['@media(max-width:360px){.lkw-log{p:2}}', false],
    ['@media(max-width:360px){.lkw-call{p:3}}', true],
    ['.lkw-log{q:1}', false],
    ['@font-face{font-family:x}', true],
  ]);
  assert.equal(firstAndWhole(pieces).first, '@media(max-width:360px){.lkw{p:1}}@media(max-width:360px){.lkw-call{p:3}}@font-face{font-family:x}');
});

test('strings with braces and comments do not confuse the split', () => {
  const css = '/* a { */.lkw-line::after{content:" } {"}.lkw{a:b}';
  const { first, whole } = firstAndWhole(splitCss(css, KNOWN));
  assert.equal(first, '.lkw{a:b}');
  assert.equal(whole, '.lkw-line::after{content:" } {"}.lkw{a:b}');
});

test('unbalanced CSS is an error that names the rule', () => {
  assert.throws(() => splitCss('.lkw{a:b', KNOWN), /unbalanced braces after "\.lkw"/);
});
