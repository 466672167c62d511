//! What a crash must end: every SDK room a call holds and every microphone track not yet handed
//! to a room.
//!
//! Why: the release build aborts on a panic (a wasm trap), so no `Drop` and no `close()` runs
//! afterwards — but the SDK is JS and keeps going: the room stays connected and the microphone
//! keeps sending the person's voice to the agent while the widget is dead. The panic hook
//! (`embed::crash`) calls [`end_all`] before the trap, so this list is kept as the calls go,
//! with nothing to compute at crash time.
//!
//! Entries are owned by a [`LiveGuard`] (removed on its `Drop`). Everything here uses
//! `try_borrow*` and ignores JS errors: it may run inside a panic, where a second panic aborts
//! without ending anything.

use crate::sys;
use std::cell::{Cell, RefCell};

enum Live {
    /// `room.disconnect()` (which also stops the tracks it published).
    Room(sys::room::Room),
    /// `track.stop()`.
    Track(sys::track::Track),
}

thread_local! {
    static LIVE: RefCell<Vec<(u32, Live)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Keeps one room or track on the list while it lives.
#[must_use = "dropping the guard takes the entry off the list"]
pub struct LiveGuard(u32);

fn hold(live: Live) -> LiveGuard {
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    LIVE.with(|list| {
        if let Ok(mut list) = list.try_borrow_mut() {
            list.push((id, live));
        }
    });
    LiveGuard(id)
}

/// Puts `room` on the list until the guard is dropped (after the call's own disconnect).
pub(super) fn hold_room(room: &sys::room::Room) -> LiveGuard {
    hold(Live::Room(room.clone()))
}

/// Puts a captured, unpublished microphone track on the list until the guard is dropped.
pub(super) fn hold_track(track: &sys::track::Track) -> LiveGuard {
    hold(Live::Track(track.clone()))
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        let id = self.0;
        LIVE.with(|list| {
            if let Ok(mut list) = list.try_borrow_mut() {
                list.retain(|(entry, _)| *entry != id);
            }
        });
    }
}

/// Ends every call at once, from the panic hook: disconnects each room and stops each captured
/// track. Returns how many it ended. Never panics.
pub fn end_all() -> usize {
    LIVE.with(|list| {
        let Ok(list) = list.try_borrow() else {
            return 0;
        };
        for (_, live) in list.iter() {
            match live {
                Live::Room(room) => {
                    let _ = room.disconnect();
                }
                Live::Track(track) => {
                    // The SDK's `stop()` stops the browser's track.
                    let _ = track.stop();
                }
            }
        }
        list.len()
    })
}

/// How many rooms and tracks are on the list (for tests).
pub fn count() -> usize {
    LIVE.with(|list| list.try_borrow().map(|l| l.len()).unwrap_or(0))
}
