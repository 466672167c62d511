//! Watches a connected call for problems that do not end it: the agent not arriving (or not
//! getting ready, or staying silent) within the configured time, and a microphone that sends
//! silence while unmuted.

use super::active_call::ActiveCall;
use super::timers::Timer;
use super::CallSink;
use crate::call::CallInput;
use crate::livekit::{AudioLevel, Room, RoomAtJoin};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// Below this the microphone counts as silent.
const SILENCE_DBFS: f64 = -70.0;
/// How long it must stay silent before we say so.
const SILENCE_WINDOW_MS: u32 = 5_000;
const SAMPLE_MS: u32 = 250;

/// The watchers of one call; dropping it stops them.
pub(super) struct CallWatch {
    _agent_timer: Option<Timer>,
    _microphone: Option<Timer>,
}

impl CallWatch {
    pub(super) fn start(
        room: &Room,
        sink: CallSink,
        requested_agents: Vec<String>,
        room_at_join: Option<RoomAtJoin>,
        agent_timeout_ms: u32,
        call: Weak<ActiveCall>,
    ) -> Self {
        let agent_sink = sink.clone();
        let agent_timer = Timer::once(agent_timeout_ms, move || {
            agent_sink(CallInput::AgentCheck {
                requested_agents,
                room_at_join,
                waited_ms: agent_timeout_ms,
            });
        });
        Self {
            _agent_timer: agent_timer,
            _microphone: watch_microphone(room, sink, call),
        }
    }
}

/// Samples our microphone; reports silence after [`SILENCE_WINDOW_MS`] and sound again at once.
/// Measures in `call`'s AudioContext, asked for at the first sample (not on the way to
/// "microphone on").
fn watch_microphone(room: &Room, sink: CallSink, call: Weak<ActiveCall>) -> Option<Timer> {
    let room = room.clone();
    // The measured track and its meter: the track changes on a device switch or unmute.
    let level: RefCell<Option<(String, AudioLevel)>> = RefCell::new(None);
    let silent_for = Cell::new(0u32);
    let reported = Rc::new(Cell::new(false));
    Timer::every(SAMPLE_MS, move || {
        if !room.is_microphone_enabled() {
            silent_for.set(0);
            return;
        }
        let Some(track) = room.local_microphone_track() else {
            return;
        };
        let mut level = level.borrow_mut();
        if level.as_ref().is_none_or(|(id, _)| *id != track.id()) {
            let shared = call.upgrade().and_then(|call| call.audio_context());
            *level = AudioLevel::of_track(&track, shared.as_ref()).map(|meter| (track.id(), meter));
        }
        let Some((_, meter)) = level.as_mut() else {
            return;
        };
        let dbfs = meter.dbfs();
        if !meter.is_running() {
            // Zeros from a context still waiting for a gesture are no silence of the microphone.
            silent_for.set(0);
            return;
        }
        if dbfs < SILENCE_DBFS {
            silent_for.set(silent_for.get() + SAMPLE_MS);
            if silent_for.get() >= SILENCE_WINDOW_MS && !reported.get() {
                reported.set(true);
                sink(CallInput::MicrophoneSilent(true));
            }
        } else {
            silent_for.set(0);
            if reported.replace(false) {
                sink(CallInput::MicrophoneSilent(false));
            }
        }
    })
}
