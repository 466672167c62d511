// The moment a room whose connect is still running can be left without leaking a peer connection
// (used by `Room::disconnect`, src/livekit/room.rs).
//
// livekit-client 2.23.0 leaves an RTCPeerConnection open when `Room.disconnect()` comes before the
// signal join has answered. In Chromium `RTCEngine.join()` makes the publisher peer connection
// first (its offer goes with the join request), but a new engine counts as closed
// (`_isClosed = true`) until the join response arrives, and `RTCEngine.close()` returns at once for
// a closed engine: neither the disconnect nor the aborted connect's cleanup closes that peer
// connection, and the disconnect then drops the engine that holds it. From the room's
// `signalConnected` event on, the engine is open and a disconnect closes everything. (Plain JS
// leaks the same way: disconnects in the first 75 ms of a connect left 5 of 24 peer connections
// open; waiting for `signalConnected` first, none.)
//
// So the gate opens at the first of: the signal connected; the connect settled (failed or
// completed); SIGNAL_WAIT_MS (3 s) — a hang-up must still end promptly when the signal server does not
// answer.
//
// A connect that fails before its join answered (an invalid token, a signal server that refuses
// or never answers, a disconnect after SIGNAL_WAIT_MS) leaks the same way, in plain JS too: 5 of 5
// connects with a bad token left their peer connection open. No public API reaches it, so `sweep`
// closes it through the SDK's internals (`Room.engine`, `RTCEngine.latestJoinResponse`,
// `.pcManager`, `.cleanupPeerConnections()`); should an update take them away it does nothing, and
// e2e/cleanup.spec.mjs's failed-connect test fails.

/** Made as `connecting` (the promise of `room.connect()`) starts; never rejects. */
export function connectGate(room, connecting) {
  // The engine this connect joins with (made with the room; kept until its join answers).
  const engine = room.engine;
  return Promise.race([
    // `once`: a room whose signal never connects is dropped with its listener.
    new Promise((resolve) => room.once('signalConnected', resolve)),
    connecting.catch(() => sweep(engine)),
    // SIGNAL_WAIT_MS: a signal join answers within a few round trips (the SDK's own websocket
    // timeout is 15 s).
    new Promise((resolve) => setTimeout(resolve, 3000)),
  ]);
}

/** Closes the peer connections of an engine whose join never answered (nothing else will). */
function sweep(engine) {
  if (engine && !engine.latestJoinResponse && engine.pcManager) {
    engine.cleanupPeerConnections().catch(() => {});
  }
}
