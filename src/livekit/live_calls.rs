//! What a crash must end: every SDK room a call holds and every microphone track not yet handed
//! to a room.
//!
//! Why: the release build turns a panic into a wasm trap at once (no panic hook, no `Drop`, no
//! `close()` runs afterwards), but the SDK is JS and keeps going: the room stays connected and
//! the microphone keeps sending the person's voice to the agent while the widget is dead. So the
//! list is kept in JavaScript as the calls go (`js/crash_watch.js`), and the JavaScript that sees
//! the trap ends everything on it without calling back into the trapped wasm.

use crate::sys;
use crate::sys::crash_watch;

/// Keeps one room or track on the list while it lives.
#[must_use = "dropping the guard takes the entry off the list"]
pub struct LiveGuard(u32);

/// Puts `room` on the list until the guard is dropped (after the call's own disconnect).
pub(super) fn hold_room(room: &sys::room::Room) -> LiveGuard {
    LiveGuard(crash_watch::hold_room(room))
}

/// Puts a captured, unpublished microphone track on the list until the guard is dropped.
pub(super) fn hold_track(track: &sys::track::Track) -> LiveGuard {
    LiveGuard(crash_watch::hold_track(track))
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        crash_watch::release(self.0);
    }
}

/// Ends every call at once, as a crash does: disconnects each room and stops each captured
/// track. Returns how many it ended.
pub fn end_all() -> usize {
    crash_watch::end_all() as usize
}

/// How many rooms and tracks are on the list (for tests).
pub fn count() -> usize {
    crash_watch::live_count() as usize
}
