// Leaving a room whose connect is still running without leaking a peer connection (used by
// `Room::connect` and `Room::disconnect`, src/livekit/room.rs).
//
// livekit-client 2.23.0 (Chromium) makes the publisher RTCPeerConnection at the start of
// `RTCEngine.join()` (its offer goes with the join request), but a new engine counts as closed
// (`_isClosed = true`) until the join response arrives, and `RTCEngine.close()` returns at once
// for a closed engine. So a `Room.disconnect()` before the join has answered, and a connect that
// fails before it (an invalid token, a signal server that refuses or never answers), leave that
// peer connection open, and the room then drops the engine that holds it.
// Plain JS leaks the same way: disconnects in the first 75 ms of a connect left 5 of 24 peer
// connections open, 5 of 5 connects with a bad token left theirs open
// (bench/reference/sdk-leak-probe.mjs reproduces both).
//
// Two remedies:
// - The gate: a disconnect waits for the first of the room's `signalConnected` (from then on the
//   engine is open and the SDK's own disconnect sends its leave and closes everything; none of 24
//   such disconnects leaked), the connect settled, or SIGNAL_WAIT_MS (3 s: a hang-up must still
//   end promptly when the signal server does not answer).
// - `sweep`, for what no public API reaches: once the connect has failed, the peer connections of
//   an engine whose join never answered are closed through the SDK's internals (`Room.engine`,
//   `RTCEngine.latestJoinResponse`, `.pcManager`, `.cleanupPeerConnections()`). Should an update
//   take them away it does nothing, and e2e/cleanup.spec.mjs's refused-connect test fails.

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
