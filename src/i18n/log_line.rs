//! Words for the status panel's event lines, in the reader's language.

use super::diagnosis::diagnose;
use super::playback::{output_symptom, recovery, recovery_steps};
use super::warning::explain;
use super::{Lang, Messages};
use crate::call::log::{LogEntry, LogEvent};
use crate::livekit::event::{ParticipantSnapshot, RoomEvent, TrackSnapshot};

fn who(m: &Messages, participant: &ParticipantSnapshot) -> String {
    if participant.is_agent() {
        m.agent_prefix(&participant.display_name())
    } else {
        participant.display_name()
    }
}

fn track(m: &Messages, track: &TrackSnapshot) -> String {
    m.track_label(&track.source.replace('_', " "), &track.sid)
}

/// The line for `entry` in `lang`.
pub fn log_line(entry: &LogEntry, lang: Lang) -> String {
    describe(&entry.event, lang)
}

/// The line for `event` in `lang`.
pub fn describe(event: &LogEvent, lang: Lang) -> String {
    let m = lang.messages();
    match event {
        LogEvent::CallRequested => m.log_call_requested().into(),
        LogEvent::CallResuming { room } => m.log_call_resuming(room),
        LogEvent::TokenReceived => m.log_token_received().into(),
        LogEvent::SdkLoaded { version } => m.log_sdk_loaded(version),
        LogEvent::Connecting { url } => m.log_connecting_to(url),
        LogEvent::MicrophoneOn => m.log_microphone_on().into(),
        LogEvent::MicrophoneOff => m.log_microphone_off().into(),
        LogEvent::HangingUp => m.log_hanging_up().into(),
        LogEvent::CallEnded => m.log_call_ended().into(),
        LogEvent::CallEndedRemote(reason) => m.call_ended_because(*reason),
        LogEvent::Failed(failure) => {
            let diagnosis = diagnose(failure, lang);
            m.log_failed(diagnosis.hop, &diagnosis.owner_fix)
        }
        LogEvent::Room(room_event) => room_event_line(m, room_event),
        LogEvent::Warned(warning) => {
            let diagnosis = explain(warning, lang);
            m.log_warned(diagnosis.hop, &diagnosis.owner_fix)
        }
        LogEvent::PlaybackRecovering { symptom, action } => {
            m.log_playback_recovering(&output_symptom(symptom), recovery(*action))
        }
        LogEvent::PlaybackRecovered { tried } => m.log_playback_recovered(&recovery_steps(tried)),
    }
}

fn room_event_line(m: &Messages, event: &RoomEvent) -> String {
    match event {
        RoomEvent::Connected => m.log_connected().into(),
        RoomEvent::Reconnecting => m.log_reconnecting().into(),
        RoomEvent::SignalReconnecting => m.log_signal_reconnecting().into(),
        RoomEvent::Reconnected => m.log_reconnected().into(),
        RoomEvent::Disconnected { reason } => m.log_disconnected(*reason),
        RoomEvent::ConnectionStateChanged { state } => m.log_connection_state(state.as_str()),
        RoomEvent::ParticipantConnected { participant } => m.log_joined(&who(m, participant)),
        RoomEvent::ParticipantDisconnected {
            participant,
            reason,
        } => m.log_left(&who(m, participant), *reason),
        RoomEvent::ParticipantAttributesChanged {
            participant,
            changed,
        } => {
            let pairs: Vec<String> = changed.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            m.log_attributes(&who(m, participant), &pairs.join(", "))
        }
        RoomEvent::TrackSubscribed {
            track: t,
            participant,
        } => m.log_subscribed(&who(m, participant), &track(m, t)),
        RoomEvent::TrackUnsubscribed {
            track: t,
            participant,
        } => m.log_unsubscribed(&who(m, participant), &track(m, t)),
        RoomEvent::TrackSubscriptionFailed {
            track_sid,
            participant,
        } => m.log_subscription_failed(&who(m, participant), track_sid),
        RoomEvent::TrackMuted {
            track: t,
            participant,
        } => m.log_muted(&who(m, participant), &track(m, t)),
        RoomEvent::TrackUnmuted {
            track: t,
            participant,
        } => m.log_unmuted(&who(m, participant), &track(m, t)),
        RoomEvent::AudioPlaybackChanged { playing: true } => m.log_playback_allowed().into(),
        RoomEvent::AudioPlaybackChanged { playing: false } => m.log_playback_blocked().into(),
        RoomEvent::MediaDevicesError { name, message } => m.log_device_error(name, message),
        RoomEvent::MediaDevicesChanged => m.log_devices_changed().into(),
        RoomEvent::LocalAudioSilenceDetected => m.log_silence().into(),
        RoomEvent::LocalTrackSubscribed { .. } => m.log_track_received().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::failure::CallFailure;
    use crate::call::playback_watch::{OutputSymptom, Recovery};
    use crate::call::Warning;
    use crate::livekit::event::{DisconnectReason, ParticipantKind};
    use crate::livekit::string_map::StringMap;
    use crate::livekit::TokenEndpointError;

    fn en(event: LogEvent) -> String {
        describe(&event, Lang::En)
    }

    #[test]
    fn room_and_microphone_events_read_plainly() {
        let bob = ParticipantSnapshot {
            identity: "bob".into(),
            sid: "PA_2".into(),
            name: None,
            kind: ParticipantKind::Standard,
            attributes: StringMap::new(),
        };
        assert_eq!(
            en(LogEvent::Room(RoomEvent::ParticipantConnected {
                participant: bob.clone()
            })),
            "bob joined"
        );
        let left = |reason| {
            LogEvent::Room(RoomEvent::ParticipantDisconnected {
                participant: bob.clone(),
                reason,
            })
        };
        assert_eq!(en(left(DisconnectReason::Unknown)), "bob left");
        assert_eq!(
            en(left(DisconnectReason::ClientInitiated)),
            "bob left (by itself)"
        );
        assert_eq!(
            en(left(DisconnectReason::ParticipantRemoved)),
            "bob left (removed from the room)"
        );
        assert_eq!(
            describe(&left(DisconnectReason::ClientInitiated), Lang::De),
            "bob hat den Raum von sich aus verlassen"
        );
        assert_eq!(en(LogEvent::MicrophoneOn), "microphone on");
        assert_eq!(en(LogEvent::MicrophoneOff), "microphone muted");
        assert!(en(LogEvent::CallEndedRemote(
            DisconnectReason::DuplicateIdentity
        ))
        .contains("same identity"));
    }

    #[test]
    fn a_failure_line_names_the_hop_and_the_owner_fix() {
        let failed = LogEvent::Failed(CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error: TokenEndpointError::HttpStatus {
                status: 500,
                content_type: "text/plain".into(),
                body_start: "boom".into(),
                sent: None,
            },
        });
        assert_eq!(
            en(failed),
            "token endpoint failed: The token endpoint at /api/token answered 500: boom"
        );
        let refused = crate::call::browser_support::BrowserFeatures::WITHOUT_WEBRTC
            .refusal()
            .unwrap();
        assert!(en(LogEvent::Failed(refused)).starts_with("browser failed"));
    }

    #[test]
    fn the_playback_watchdog_says_what_it_saw_and_tried() {
        assert_eq!(
            en(LogEvent::PlaybackRecovering {
                symptom: OutputSymptom::Paused,
                action: Recovery::Play,
            }),
            "the agent is speaking but not heard (the agent's <audio> is paused): play again"
        );
        assert!(en(LogEvent::PlaybackRecovered {
            tried: Recovery::ORDER.to_vec()
        })
        .starts_with("the agent is heard again"));
        let not_heard = explain(
            &Warning::AgentNotHeard {
                symptom: OutputSymptom::Paused,
                tried: Recovery::ORDER.to_vec(),
            },
            Lang::En,
        );
        assert!(
            not_heard.user_message.contains("Check your volume"),
            "{}",
            not_heard.user_message
        );
        assert!(not_heard.evidence.contains("paused"));
        assert!(not_heard.evidence.contains("re-apply the output device"));
    }
}
