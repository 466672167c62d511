//! The room's events: what the session does with some of them (attach the agent's audio, stop
//! the pre-connect recording, re-check the microphone, release a call the server ended) before
//! every one goes on to the `call` state machine.

use super::active_call::ActiveCall;
use super::CallSession;
use crate::call::CallInput;
use crate::livekit::event::{RoomEvent, TrackKind};
use crate::livekit::spawn;
use crate::livekit::RemoteAudio;
use std::rc::{Rc, Weak};

impl CallSession {
    /// The room's event handler: attaches agent audio, detaches it on unsubscribe, ends the
    /// pre-connect recording once the agent receives us, re-checks the microphone when devices
    /// change, releases the call when the server ends it, and reports every event. Holds the
    /// session and the call weakly (no Rc cycle).
    pub(super) fn event_handler(
        self: &Rc<Self>,
        call: Weak<ActiveCall>,
    ) -> impl Fn(RoomEvent, Option<crate::livekit::RemoteTrack>) + 'static {
        let session = Rc::downgrade(self);
        move |event, track| {
            let (Some(session), Some(call)) = (session.upgrade(), call.upgrade()) else {
                return;
            };
            match (&event, track) {
                (
                    RoomEvent::TrackSubscribed {
                        track: snapshot, ..
                    },
                    Some(track),
                ) if snapshot.kind == TrackKind::Audio => {
                    let primed = call.take_primed_element();
                    match RemoteAudio::attach(
                        &track,
                        &snapshot.sid,
                        &session.audio_container,
                        primed,
                    ) {
                        Ok(audio) => call.add_audio(audio),
                        Err(failure) => (session.sink)(CallInput::Failed(failure.into())),
                    }
                }
                (
                    RoomEvent::TrackUnsubscribed {
                        track: snapshot, ..
                    },
                    _,
                ) => call.remove_audio(&snapshot.sid),
                // livekit-client ends the pre-connect recording on this event itself, but it
                // starts listening only after it announced the publication, and an agent already
                // in the room can subscribe in between (the event then fires inside that
                // announcement): the recording, and the byte stream the agent waits for, ran on
                // for 10 s; the agent gave up after 3 s, greeted late and lost the first words.
                // Stopped a microtask later: synchronously, the SDK would not yet have taken the
                // recording's stream and would send the agent nothing at all.
                (RoomEvent::LocalTrackSubscribed { .. }, _) => {
                    if let Some(room) = call.room() {
                        spawn(async move { room.stop_microphone_pre_connect_buffer() });
                    }
                }
                (RoomEvent::MediaDevicesChanged, _) => {
                    let session = session.clone();
                    spawn(async move { session.check_microphone_choice().await });
                }
                (RoomEvent::Disconnected { .. }, _)
                    if session.is_current(&call) && call.is_connected_once() =>
                {
                    // The server or the network ended the call: release it after this event.
                    session.active.borrow_mut().take();
                    let sink = session.sink.clone();
                    spawn(async move {
                        call.close().await;
                        sink(CallInput::Released);
                    });
                }
                _ => {}
            }
            (session.sink)(CallInput::Room(event));
        }
    }
}
