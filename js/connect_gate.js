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
// leaks the same way: disconnects 0–45 ms into a connect left 5 of 24 peer connections open;
// waiting for `signalConnected` first, none.)
//
// So the gate opens at the first of: the signal connected; the connect settled (failed or
// completed: either leaves an engine a disconnect can close); SIGNAL_WAIT_MS — a hang-up must still
// end promptly when the signal server does not answer (and then the SDK's own failure path would
// leak that peer connection anyway).

/** A signal join answers within a few round trips; the SDK's own websocket timeout is 15 s. */
const SIGNAL_WAIT_MS = 3000;

/** Made as `connecting` (the promise of `room.connect()`) starts; never rejects. */
export function connectGate(room, connecting) {
  let signalled;
  const signal = new Promise((resolve) => {
    signalled = resolve;
  });
  room.on('signalConnected', signalled);
  const settled = connecting.then(
    () => {},
    () => {},
  );
  const waited = new Promise((resolve) => setTimeout(resolve, SIGNAL_WAIT_MS));
  return Promise.race([signal, settled, waited]).then(() => {
    room.off('signalConnected', signalled);
  });
}
