// Starts the real stack for the e2e run unless one is already up (scripts/test starts one and
// shares it with the wasm browser tests). Returns the teardown that stops what it started.
import { startStack } from '../scripts/stack.mjs';

export default async function globalSetup() {
  if (process.env.LKW_STACK_URL) return undefined;
  const stack = await startStack({ profile: 'test' });
  process.env.LKW_STACK_URL = stack.baseUrl;
  return async () => stack.stop();
}
