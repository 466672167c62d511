import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attributesFromOptions,
  configFromAttributes,
  frameAttributes,
  frameQueryFromOptions,
  OBSERVED_ATTRIBUTES,
} from '../src/options.js';

test('the call’s options and load are observed; style attributes are CSS’s', () => {
  assert.ok(OBSERVED_ATTRIBUTES.includes('token-url'));
  assert.ok(OBSERVED_ATTRIBUTES.includes('participant-identity'));
  assert.ok(OBSERVED_ATTRIBUTES.includes('load'));
  assert.ok(!OBSERVED_ATTRIBUTES.includes('layout'));
  assert.ok(!OBSERVED_ATTRIBUTES.includes('theme'));
});

test('the wasm gets the call’s options, trimmed, without empty ones or style', () => {
  const attrs = { 'token-url': ' /api/token ', agent: '', lang: 'de', layout: 'compact', load: 'eager', 'agent-metadata': '{"a":1}' };
  assert.deepEqual(configFromAttributes((name) => attrs[name] ?? null), {
    tokenUrl: '/api/token',
    agentMetadata: '{"a":1}',
    lang: 'de',
  });
});

test('mount() writes every option as its attribute, objects as JSON', () => {
  const pairs = attributesFromOptions({ tokenUrl: '/t', agentMetadata: { a: 1 }, layout: 'full', load: 'intent', agent: null, unknown: 'x' });
  assert.deepEqual(pairs, [
    ['token-url', '/t'],
    ['agent-metadata', '{"a":1}'],
    ['layout', 'full'],
    ['load', 'intent'],
  ]);
});

test('the iframe snippet passes exactly what the frame takes (load included)', () => {
  const all = { tokenUrl: '/t', serverUrl: 'wss://x', sdkUrl: '/sdk.js', agent: 'sofia', participantIdentity: 'me', placement: 'bottom-right', theme: 'dark', load: 'eager' };
  const query = frameQueryFromOptions(all);
  assert.deepEqual(query, [['token-url', '/t'], ['agent', 'sofia'], ['theme', 'dark'], ['load', 'eager']]);
  const params = new URLSearchParams(query);
  const { attributes } = frameAttributes(params, 'https://widget.example/embed/frame.html');
  assert.deepEqual(attributes, query);
});

test('the frame refuses a token endpoint elsewhere and never takes where the call goes', () => {
  const params = new URLSearchParams({
    'token-url': 'https://evil.example/token',
    'server-url': 'wss://evil.example',
    'sdk-url': 'https://evil.example/sdk.js',
    'participant-identity': 'someone',
    placement: 'top-left',
    agent: 'sofia',
    lang: '',
  });
  const { attributes, refused } = frameAttributes(params, 'https://widget.example/embed/frame.html');
  assert.deepEqual(attributes, [['agent', 'sofia']]);
  assert.deepEqual(refused, ['https://evil.example/token']);
  const same = frameAttributes(new URLSearchParams({ 'token-url': '/api/token' }), 'https://widget.example/embed/frame.html');
  assert.deepEqual(same.attributes, [['token-url', '/api/token']]);
});
