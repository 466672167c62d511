// Test tokens minted in Node, for faults the real token server would never produce.
import { createHmac } from 'node:crypto';

/** An HS256 LiveKit access token, signed with `secret` (the dev server's is `secret`). */
export function mintToken({ secret = 'secret', exp, room = `call-fault-${Date.now()}`, identity = `fault-${Date.now()}` }) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: 'devkey', sub: identity, nbf: now - 10, exp: exp ?? now + 600,
    video: { room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true },
  };
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
