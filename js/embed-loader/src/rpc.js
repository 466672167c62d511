// How the loader answers an RPC from the agent with the page's handler: the failures as the wasm
// side expects them (`{code, message}`), LiveKit's codes from ../generated/contract.js.
import { OWNER, RPC_ERRORS } from '../generated/contract.js';
import { fill } from './words.js';

/** The caller's default response timeout (LiveKit's), when the request names none. */
const DEFAULT_RESPONSE_TIMEOUT_MS = 10000;
/** Part of an RPC's response timeout kept for the answer's way back to the caller. */
const RETURN_MARGIN_MS = 1000;

/** How long the page's handler may take: the caller's timeout less the way back (≥ 100 ms). */
export function handlerBudget(responseTimeout) {
  const timeout = responseTimeout || DEFAULT_RESPONSE_TIMEOUT_MS;
  return Math.max(100, timeout - Math.min(RETURN_MARGIN_MS, timeout / 4));
}

/** A method not (or no longer) registered: what LiveKit answers for an unknown method. */
export function unsupportedMethod() {
  return { code: RPC_ERRORS.unsupportedMethod, message: OWNER.rpcUnsupportedMethod };
}

/** The handler did not answer within `budgetMs`. */
export function responseTimeout(method, budgetMs) {
  return { code: RPC_ERRORS.responseTimeout, message: fill(OWNER.rpcResponseTimeout, { method, ms: Math.round(budgetMs) }) };
}

export function isResponseTimeout(failure) {
  return Boolean(failure) && failure.code === RPC_ERRORS.responseTimeout;
}

/** A thrown value as an application error (or with the error's own positive integer `code`). */
export function rpcFailure(err) {
  const code = err && Number.isInteger(err.code) && err.code > 0 ? err.code : RPC_ERRORS.applicationError;
  const message = err && typeof err.message === 'string' ? err.message : String(err);
  return { code, message };
}

/** The handler's answer as the string sent back (anything but a string as JSON). */
export function answerText(answer) {
  if (typeof answer === 'string') return answer;
  return answer === undefined || answer === null ? '' : JSON.stringify(answer);
}
