// Which agent a test's call dispatches — the engine-independent half (test instrumentation, not
// part of the widget). Playwright rewrites the token request in its router (agents.mjs
// `useAgent`); the Firefox leg (e2e/firefox/) has no router that can change a request body, so it
// wraps the page's `fetch` from a preload script (`agentFetchScript`). Both rewrite the body with
// the same `dispatchAgent`.

/** The real agent (the default dispatch). */
export const REAL_AGENT = 'sofia';
/** The lab worker with probe attributes and fault modes. */
export const LAB_AGENT = 'sofia-lab';

/**
 * The token request body `body` (an object) asking for agent `name` instead of what the widget
 * asked for, with dispatch `metadata` (an object sent as JSON, or a string) if given. Other fields
 * stay. Self-contained (no imports, no closure): `agentFetchScript` runs its source in the page.
 */
export function dispatchAgent(body, name, metadata) {
  const asked = (body.room_config && body.room_config.agents && body.room_config.agents[0]) || {};
  const agent = { ...asked, agent_name: name };
  if (metadata !== undefined) agent.metadata = typeof metadata === 'string' ? metadata : JSON.stringify(metadata);
  return { ...body, room_config: { ...body.room_config, agents: [agent] } };
}

/** The page side of `agentFetchScript`: wraps `window.fetch` for POSTs to `/api/token`. */
function wrapTokenFetch(rewrite, name, metadata) {
  const original = window.fetch;
  window.fetch = async function (input, init) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url, location.href);
    if (!url.pathname.endsWith('/api/token')) return original.call(this, input, init);
    // The widget sends a Request (web-sys fetch_with_request); a plain (url, init) call works too.
    const request = new Request(input, init);
    const text = await request.clone().text();
    const body = rewrite(JSON.parse(text || '{}'), name, metadata);
    return original.call(this, new Request(request, { body: JSON.stringify(body) }));
  };
}

/**
 * Source of a page function, `() => {…}`, that makes every token request of the page dispatch
 * agent `name` (see `dispatchAgent`): for a preload script (WebDriver BiDi
 * `script.addPreloadScript`) or any init-script mechanism that takes a function's source.
 */
export function agentFetchScript(name, metadata) {
  const args = [name, metadata].map((v) => (v === undefined ? 'undefined' : JSON.stringify(v))).join(', ');
  return `() => { (${wrapTokenFetch.toString()})(${dispatchAgent.toString()}, ${args}); }`;
}
