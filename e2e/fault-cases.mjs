// Faults and the diagnosis the widget must show for each: one table for every engine
// (faults.spec.mjs in Chromium, e2e/firefox/run.mjs in Firefox, e2e/webkit/run.mjs in WebKitGTK).
// Test data, no engine code.

/** The token endpoint answers 500 with a body (injected at the network layer, not in the page). */
export const TOKEN_500 = {
  answer: { status: 500, contentType: 'text/plain', body: 'LIVEKIT_API_SECRET is not set\nat mint()' },
  hop: 'token-endpoint',
  fix: 'answered 500: LIVEKIT_API_SECRET is not set',
};

/**
 * The token endpoint's rate limit refuses the visitor: our token server's own 429 (its JSON error
 * and Retry-After, as `server/src/error.rs` writes them). The person is told how long to wait, not
 * shown the JSON.
 */
export const TOKEN_RATE_LIMITED = {
  answer: {
    status: 429,
    contentType: 'application/json',
    headers: { 'retry-after': '30', 'access-control-expose-headers': 'retry-after' },
    body: JSON.stringify({
      error: 'rate_limited',
      message: 'Too many token requests from your network address. Wait 30 s (see the Retry-After header) and try again.',
    }),
  },
  hop: 'token-endpoint',
  user: 'Too many calls were started from your network just now. Please wait 30 seconds and call again.',
  fix: 'answered 429 (rate limited), retry after 30 s',
};

/**
 * The widget asks for an agent the token server does not dispatch: our server's own 403
 * `agent_not_allowed` (lkw-protocol's error body). The owner is told which allowlist to edit and
 * which name to add; the person gets a plain sentence, not the server's JSON.
 */
export const AGENT_NOT_ALLOWED = {
  agent: 'not-on-the-list',
  hop: 'token-endpoint',
  user: 'The assistant is not available right now. Please try again later.',
  fix: "does not dispatch the agent 'not-on-the-list': add it to the token server's allowlist (our token server: LK_ALLOWED_AGENTS",
};

/** The browser denies the microphone (the browser's own answer, no page script). */
export const MIC_DENIED = { hop: 'microphone', user: 'Allow the microphone', fix: 'denied the microphone' };

/** The token dispatches an agent that no worker serves (the stack allows the name). */
export const AGENT_ABSENT = {
  agent: 'absent-agent',
  warning: 'agent-not-joined',
  hop: 'agent',
  text: "The agent 'absent-agent' was requested and this call's join created the room, so LiveKit dispatched it, but no agent joined within 15 s",
};

/** The agent leaves mid-call (livekit-client 2.23 passes the server's reason). */
export const AGENT_LEFT = {
  warning: 'agent-left',
  hop: 'agent',
  user: 'The assistant has left the call. Hang up and call again to go on.',
  byItself: 'left the room by itself (CLIENT_INITIATED)',
  removed: "was removed from the room through LiveKit's server API (RemoveParticipant)",
};

/** A room name used again while LiveKit still keeps the room: the token's dispatch is ignored. */
export const ROOM_REUSED = {
  warning: 'agent-dispatch-ignored',
  hop: 'agent',
  text: (room) => `The room '${room}' already existed when this call joined it: LiveKit created it at `,
  ignored: "so this call's dispatch of 'sofia' was ignored. Give every call a fresh room name",
};

/** livekit-server killed mid-call: the widget reconnects, gives up, and ends with the reason. */
export const SERVER_KILLED = {
  reconnectingStatus: 'Connection lost. Reconnecting…',
  endedStatus: 'Call ended:',
  hop: 'call',
};

/**
 * A browser without WebRTC (WebKitGTK as Debian builds it; e2e/webkit/run.mjs): Call fails at
 * once, before any token request or SDK download, and the preflight names the same hop.
 */
export const NO_WEBRTC = {
  hop: 'browser',
  user: 'This browser cannot make calls.',
  fix: 'This browser has no WebRTC (RTCPeerConnection)',
  evidence: 'RTCPeerConnection: missing',
};

/**
 * A page on an origin the token server does not serve (our server's 403 `origin_not_allowed`,
 * readable cross-origin): the owner is told the variable and the exact origin to add; the person
 * gets a plain sentence.
 */
export const ORIGIN_NOT_ALLOWED = {
  hop: 'token-endpoint',
  user: 'Calls cannot be started from this website yet. Please contact the site.',
  fix: (origin) => `add ${origin} to its allowed origins (our token server: LK_ALLOWED_ORIGINS=${origin}`,
};
