//! The moment a room whose connect is still running can be left without leaking.
//!
//! livekit-client 2.23.0 leaves a `RTCPeerConnection` open when `Room.disconnect()` comes before
//! the signal join has answered. In Chromium `RTCEngine.join()` makes the publisher peer
//! connection first (its offer goes with the join request), but a new engine counts as closed
//! (`_isClosed = true`) until the join response arrives, and `RTCEngine.close()` returns at once
//! for a closed engine: neither the disconnect nor the aborted connect's own cleanup closes that
//! peer connection, and the disconnect then drops the engine that holds it. From the SDK's
//! `signalConnected` event on, the engine is open and a disconnect closes everything. (Measured
//! in plain JS too: disconnects 0–45 ms into the connect left 5 of 24 peer connections open;
//! waiting for `signalConnected` first, none.)
//!
//! So a disconnect waits for the first of: the signal connected, the connect settled (it failed,
//! or it completed: both leave an engine `disconnect` can close), or [`SIGNAL_WAIT_MS`] — a
//! hang-up must still end promptly when the signal server does not answer, and then the SDK's
//! own failure path would leak the same peer connection anyway.

use crate::sys;
use js_sys::{Array, Function, Promise};
use wasm_bindgen_futures::JsFuture;

/// How long a disconnect waits for a connecting room's signal join (a join answers within a few
/// round trips; the SDK's own websocket timeout is 15 s).
pub(super) const SIGNAL_WAIT_MS: i32 = 3_000;

const SIGNAL_CONNECTED: &str = "signalConnected";

/// Opens when leaving the room no longer leaks; see the module doc.
#[derive(Debug)]
pub(super) struct ConnectGate {
    open: Promise,
    /// The `signalConnected` listener (the promise's own resolve function: no Rust closure to
    /// keep alive), removed once the gate has been waited for.
    on_signal: Option<Function>,
}

impl ConnectGate {
    /// The gate of `room`'s connect `connecting`, made as the connect starts (before any event
    /// of it can fire).
    pub(super) fn new(room: &sys::room::Room, connecting: &Promise) -> Self {
        let mut on_signal = None;
        let signalled = Promise::new(&mut |resolve, _reject| {
            if room.on(SIGNAL_CONNECTED, &resolve).is_ok() {
                on_signal = Some(resolve);
            }
        });
        // Never rejects: a failed connect opens the gate like a completed one.
        let settled = Promise::all_settled(&Array::of1(connecting));
        let waits = Array::of2(&signalled, &settled);
        if let Some(window) = web_sys::window() {
            waits.push(&Promise::new(&mut |resolve, _reject| {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    SIGNAL_WAIT_MS,
                );
            }));
        }
        ConnectGate {
            open: Promise::race(&waits),
            on_signal,
        }
    }

    /// Resolves once `room` can be left (at once when its signal is already connected or its
    /// connect has settled).
    pub(super) async fn wait(self, room: &sys::room::Room) {
        let _ = JsFuture::from(self.open).await;
        if let Some(listener) = self.on_signal {
            let _ = room.off(SIGNAL_CONNECTED, &listener);
        }
    }
}
