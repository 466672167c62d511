// Faults and the diagnosis the widget must show for each: one table for every engine
// (faults.spec.mjs in Chromium, e2e/firefox/run.mjs in Firefox, e2e/webkit/run.mjs in WebKitGTK).
// Test data, no engine code.

/** The token endpoint answers 500 with a body (injected at the network layer, not in the page). */
export const TOKEN_500 = {
  answer: { status: 500, contentType: 'text/plain', body: 'LIVEKIT_API_SECRET is not set\nat mint()' },
  hop: 'token-endpoint',
  fix: 'answered 500: LIVEKIT_API_SECRET is not set',
};

/** The browser denies the microphone (the browser's own answer, no page script). */
export const MIC_DENIED = { hop: 'microphone', user: 'Allow the microphone', fix: 'denied the microphone' };

/** The token dispatches an agent that no worker serves (the stack allows the name). */
export const AGENT_ABSENT = {
  agent: 'absent-agent',
  warning: 'agent-not-joined',
  hop: 'agent',
  text: "The agent 'absent-agent' was requested but no agent joined within 15 s",
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
