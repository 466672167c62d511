//! The playback watchdog, in the browser: samples the agent's `<audio>` and whether the agent is
//! speaking, asks `call::playback_watch` what to do, does it, and reports every verdict.

use super::active_call::ActiveCall;
use super::timers::Timer;
use super::CallSink;
use crate::call::playback_watch::{
    PlaybackSample, PlaybackWatch, Recovery, WatchVerdict, SAMPLE_MS,
};
use crate::call::{AgentState, CallInput};
use crate::livekit::event::RoomEvent;
use crate::livekit::spawn;
use crate::livekit::{AudioLevel, DeviceKind, Room};
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// Above this the agent's received track counts as speech (its state attribute may lag or be
/// absent on agents that do not set it).
const SPEECH_DBFS: f64 = -50.0;

/// Starts watching `call`'s playback; dropping the returned timer stops it.
pub(super) fn watch(call: Weak<ActiveCall>, room: Room, sink: CallSink) -> Option<Timer> {
    let judge = RefCell::new(PlaybackWatch::default());
    // The meter on the received stream, per `srcObject` (a re-attach gives a new one).
    let meter: RefCell<Option<(web_sys::MediaStream, AudioLevel)>> = RefCell::new(None);
    Timer::every(SAMPLE_MS, move || {
        let Some(call) = call.upgrade() else { return };
        let output = call.agent_output();
        let heard_level = call.first_audio_stream().and_then(|stream| {
            let mut meter = meter.borrow_mut();
            if meter.as_ref().is_none_or(|(s, _)| *s != stream) {
                let shared = call.audio_context();
                *meter = AudioLevel::of_stream(&stream, shared.as_ref()).map(|m| (stream, m));
            }
            meter.as_mut().map(|(_, m)| m.dbfs())
        });
        let sample = PlaybackSample {
            agent_speaking: agent_says_speaking(&room)
                || heard_level.is_some_and(|dbfs| dbfs > SPEECH_DBFS),
            output,
            playback_blocked: !room.can_playback_audio(),
        };
        let verdict = judge.borrow_mut().sample(&sample, SAMPLE_MS);
        if verdict == WatchVerdict::Nothing {
            return;
        }
        if let WatchVerdict::Recover { action, .. } = &verdict {
            spawn(recover(*action, call.clone(), room.clone(), sink.clone()));
        }
        sink(CallInput::PlaybackWatch(verdict));
    })
}

fn agent_says_speaking(room: &Room) -> bool {
    room.remote_participants().iter().any(|p| {
        p.is_agent()
            && p.attributes
                .get(AgentState::ATTRIBUTE)
                .is_some_and(|s| AgentState::parse(s) == AgentState::Speaking)
    })
}

/// Does `action` (one task per step, whatever the step).
async fn recover(action: Recovery, call: Rc<ActiveCall>, room: Room, sink: CallSink) {
    match action {
        Recovery::Play => {
            if !call.play_agent_again().await {
                // A refusal is the autoplay policy: "Enable audio" is the person's fix.
                sink(CallInput::Room(RoomEvent::AudioPlaybackChanged {
                    playing: false,
                }));
            }
        }
        Recovery::Reattach => call.reattach_agent(),
        Recovery::ResumeAudio => {
            call.resume_primed_audio();
            let _ = room.start_audio().await;
        }
        Recovery::ReapplyOutputDevice => {
            let device = room
                .active_device(DeviceKind::Speaker)
                .unwrap_or_else(|| "default".into());
            let _ = room
                .switch_active_device(DeviceKind::Speaker, &device)
                .await;
        }
    }
}
