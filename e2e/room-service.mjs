// What only the LiveKit server can tell a test (who is in a room), and what only it can do
// (remove a participant): its RoomService, through LiveKit's own `livekit-server-sdk`, with the
// test stack's dev key (`devkey` / `secret`).
import { RoomServiceClient } from 'livekit-server-sdk';

/** `ParticipantInfo.Kind.AGENT` (livekit-server-sdk does not re-export the enum). */
export const AGENT_KIND = 4;

/** The RoomService of the LiveKit server whose ws(s) URL is `serverUrl`. */
export function roomServiceAt(serverUrl) {
  return new RoomServiceClient(serverUrl.replace(/^ws/, 'http'), 'devkey', 'secret');
}

/** The RoomService of the stack behind the test page's token endpoint (`request`'s base URL). */
export async function roomService(request) {
  const { server_url } = await (await request.post('/api/token', { data: {} })).json();
  return roomServiceAt(server_url);
}

/** Who is in `room` now: the agents' and everyone else's identities. */
export async function whoIsIn(api, room) {
  const participants = await api.listParticipants(room);
  return {
    agents: participants.filter((p) => p.kind === AGENT_KIND).map((p) => p.identity),
    people: participants.filter((p) => p.kind !== AGENT_KIND).map((p) => p.identity),
  };
}
