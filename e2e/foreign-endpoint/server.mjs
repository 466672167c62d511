// Token endpoints that are not ours, written the way LiveKit's docs and the sites we are embedded
// in write them: Node, `livekit-server-sdk` from npm, a few lines each. The e2e points the widget
// at them to check that it works with LiveKit's own SDK (`/standard`) and that, when an endpoint
// written for another request shape falls over (`/seed`), the owner sees what the widget sent
// beside what came back.
//
// Usage: node e2e/foreign-endpoint/server.mjs <livekit ws url>
// Prints `FOREIGN_ENDPOINT_READY http://127.0.0.1:<port>` once it listens (port chosen by the OS).
// LIVEKIT_API_KEY / LIVEKIT_API_SECRET default to the dev server's `devkey` / `secret`.
import http from 'node:http';
import { AccessToken, RoomConfiguration } from 'livekit-server-sdk';

const serverUrl = process.argv[2];
if (!serverUrl) {
  console.error('usage: server.mjs <livekit ws url>');
  process.exit(2);
}
const apiKey = process.env.LIVEKIT_API_KEY ?? 'devkey';
const apiSecret = process.env.LIVEKIT_API_SECRET ?? 'secret';

/**
 * LiveKit's standard token endpoint as its docs write it: reads the standard request fields
 * (`room_name`, `participant_identity`, `participant_name`, `room_config`, …) and answers
 * `{ server_url, participant_token }` with 201.
 */
async function standard(body) {
  const roomName = body.room_name ?? `room-${crypto.randomUUID()}`;
  const identity = body.participant_identity ?? `user-${crypto.randomUUID()}`;
  const at = new AccessToken(apiKey, apiSecret, {
    identity,
    name: body.participant_name,
    metadata: body.participant_metadata,
    attributes: body.participant_attributes,
    ttl: '10m',
  });
  at.addGrant({ room: roomName, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  if (body.room_config) at.roomConfig = RoomConfiguration.fromJson(body.room_config, { ignoreUnknownFields: true });
  return { status: 201, json: { server_url: serverUrl, participant_token: await at.toJwt() } };
}

/**
 * An endpoint as a site's own developer often writes it, for a client that sends
 * `{ room, identity }`: on LiveKit's standard body `identity` is undefined and the SDK throws
 * "identity is required for join but not set" — a 500 with the error's text.
 */
async function seed(body) {
  const { room, identity } = body;
  const at = new AccessToken(apiKey, apiSecret, { identity });
  at.addGrant({ roomJoin: true, room });
  return { status: 200, json: { token: await at.toJwt(), url: serverUrl } };
}

const routes = { '/standard': standard, '/seed': seed };

const server = http.createServer(async (req, res) => {
  const route = routes[new URL(req.url, 'http://x').pathname];
  if (!route || req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    return;
  }
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    const { status, json } = await route(JSON.parse(raw || '{}'));
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`Error: ${err.message}`);
  }
});

server.listen(0, '127.0.0.1', () => {
  console.log(`FOREIGN_ENDPOINT_READY http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
