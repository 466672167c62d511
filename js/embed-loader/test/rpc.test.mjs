import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RPC_ERRORS } from '../generated/contract.js';
import { answerText, handlerBudget, isResponseTimeout, responseTimeout, rpcFailure, unsupportedMethod } from '../src/rpc.js';

test('LiveKit’s codes', () => {
  assert.deepEqual(RPC_ERRORS, { unsupportedMethod: 1400, applicationError: 1500, responseTimeout: 1502 });
  assert.equal(unsupportedMethod().code, 1400);
  assert.equal(typeof unsupportedMethod().message, 'string');
});

test('the handler’s budget keeps time for the way back', () => {
  assert.equal(handlerBudget(10000), 9000);
  assert.equal(handlerBudget(undefined), 9000);
  assert.equal(handlerBudget(2000), 1500);
  assert.equal(handlerBudget(100), 100);
});

test('a thrown value is an application error unless it carries its own code', () => {
  assert.deepEqual(rpcFailure(new Error('no slot')), { code: 1500, message: 'no slot' });
  assert.deepEqual(rpcFailure({ code: 42, message: 'mine' }), { code: 42, message: 'mine' });
  assert.deepEqual(rpcFailure({ code: -1, message: 'neg' }), { code: 1500, message: 'neg' });
  assert.deepEqual(rpcFailure('plain'), { code: 1500, message: 'plain' });
});

test('a timeout names the method and the budget', () => {
  const failure = responseTimeout('calendar.book', 1499.6);
  assert.equal(failure.code, 1502);
  assert.match(failure.message, /calendar\.book.*1500 ms/);
  assert.ok(isResponseTimeout(failure));
  assert.ok(!isResponseTimeout(rpcFailure(new Error('x'))));
});

test('answers are strings; anything else is sent as JSON', () => {
  assert.equal(answerText('ok'), 'ok');
  assert.equal(answerText({ a: 1 }), '{"a":1}');
  assert.equal(answerText(undefined), '');
  assert.equal(answerText(null), '');
});
