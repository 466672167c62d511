//! Drives one call at a time: runs the person's intents against the `livekit` layer and feeds
//! every outcome and room event to the `call` state machine through a sink.
//!
//! By job: `intents` (what the UI calls), `pipeline` (token → SDK → connect → microphone, and
//! the steps the `preflight` shares), `room_events` (the room's handler feeding `call`).
//!
//! Everything a call holds (the pending token fetch, the room, its listeners, the `<audio>`
//! elements) lives in one [`ActiveCall`] and is released together on Hang up, on a server-side
//! disconnect, on a failure, and on [`CallSession::shutdown`] (unmount).

mod active_call;
mod config;
mod conversation;
mod input_gate;
mod intents;
mod pipeline;
mod playback;
mod preflight;
mod rehearsal;
mod resume_store;
mod room_events;
pub mod timers;
mod watch;

pub use config::{RpcMethod, SessionConfig};

use crate::call::device_choice::microphone_choice;
use crate::call::CallInput;
use crate::livekit::{DeviceKind, Room};
use active_call::ActiveCall;
use input_gate::InputGate;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;

/// Where the session reports: the UI turns these into state.
pub type CallSink = Rc<dyn Fn(CallInput)>;

pub struct CallSession {
    config: SessionConfig,
    /// Where inputs go: through `gate` to the sink the session was made with.
    sink: CallSink,
    gate: Rc<InputGate>,
    audio_container: Element,
    active: RefCell<Option<Rc<ActiveCall>>>,
    /// The most recent room this session created, kept after its call ended: the diagnostic
    /// bundle of a finished call reads its server info, and tests check it for leaks.
    last_room: RefCell<Option<Room>>,
    loaded_sdk_version: RefCell<Option<String>>,
    /// The current call's identity as its token names it (`sub`), for a bundle written before
    /// the room knows it (a failure at the signal hop).
    token_identity: RefCell<Option<String>>,
    /// The microphone the person picked in the widget (kept across calls of this session).
    chosen_microphone: RefCell<Option<String>>,
    /// The call path's dry run ran (`rehearsal`).
    rehearsed: std::cell::Cell<bool>,
}

impl CallSession {
    pub fn new(config: SessionConfig, sink: CallSink, audio_container: Element) -> Rc<Self> {
        let gate = InputGate::new(sink);
        let through = gate.clone();
        Rc::new(Self {
            config,
            sink: Rc::new(move |input| through.send(input)),
            gate,
            audio_container,
            active: RefCell::default(),
            last_room: RefCell::default(),
            loaded_sdk_version: RefCell::default(),
            token_identity: RefCell::default(),
            chosen_microphone: RefCell::default(),
            rehearsed: std::cell::Cell::default(),
        })
    }

    /// The room of the running call, if it got that far.
    pub fn current_room(&self) -> Option<Room> {
        self.active.borrow().as_ref().and_then(|call| call.room())
    }

    /// The most recent room this session created, also after it closed (leak checks).
    pub fn last_room(&self) -> Option<Room> {
        self.last_room.borrow().clone()
    }

    fn is_current(&self, call: &Rc<ActiveCall>) -> bool {
        self.active
            .borrow()
            .as_ref()
            .is_some_and(|active| Rc::ptr_eq(active, call))
    }

    /// Compares the microphone the call captures from with the person's pick and the browser's
    /// list, and reports the result (a warning, or its all-clear).
    async fn check_microphone_choice(&self) {
        let Some(room) = self.current_room() else {
            return;
        };
        let chosen = self.chosen_microphone.borrow().clone();
        if chosen.is_none() {
            return;
        }
        let listed: Vec<(String, String)> = self
            .devices(DeviceKind::Microphone)
            .await
            .into_iter()
            .map(|d| (d.device_id, d.label))
            .collect();
        if self.current_room().is_none() {
            return;
        }
        let capturing = room.local_microphone_device_id();
        let result = microphone_choice(chosen.as_deref(), capturing.as_deref(), &listed);
        (self.sink)(CallInput::MicrophoneChoice(result));
    }
}
