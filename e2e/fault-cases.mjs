// Faults and the diagnosis the widget must show for each: one table for both engines
// (faults.spec.mjs in Chromium, e2e/firefox/run.mjs in Firefox). Test data, no engine code.

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
