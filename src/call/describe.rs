//! Words for the status panel's event lines, in the reader's language (see `i18n`).

use super::diagnosis::diagnose;
use super::log::LogEvent;
use crate::i18n::{Lang, Messages};
use crate::livekit::event::{ParticipantSnapshot, RoomEvent, TrackSnapshot};

fn who(m: &dyn Messages, participant: &ParticipantSnapshot) -> String {
    if participant.is_agent() {
        m.agent_prefix(&participant.display_name())
    } else {
        participant.display_name()
    }
}

fn track(m: &dyn Messages, track: &TrackSnapshot) -> String {
    m.track_label(&track.source.replace('_', " "), &track.sid)
}

/// The line for `event` in `lang`.
pub fn describe(event: &LogEvent, lang: Lang) -> String {
    let m = lang.messages();
    match event {
        LogEvent::CallRequested => m.log_call_requested().into(),
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
            let diagnosis = warning.explain(lang);
            m.log_warned(diagnosis.hop, &diagnosis.owner_fix)
        }
        LogEvent::PlaybackRecovering { symptom, action } => {
            m.log_playback_recovering(&symptom.describe(), action.describe())
        }
        LogEvent::PlaybackRecovered { tried } => {
            let steps: Vec<&str> = tried.iter().map(|r| r.describe()).collect();
            m.log_playback_recovered(&steps.join(", "))
        }
    }
}

fn room_event_line(m: &dyn Messages, event: &RoomEvent) -> String {
    match event {
        RoomEvent::Connected => m.log_connected().into(),
        RoomEvent::Reconnecting => m.log_reconnecting().into(),
        RoomEvent::SignalReconnecting => m.log_signal_reconnecting().into(),
        RoomEvent::Reconnected => m.log_reconnected().into(),
        RoomEvent::Disconnected { reason } => m.log_disconnected(*reason),
        RoomEvent::ConnectionStateChanged { state } => m.log_connection_state(state.as_str()),
        RoomEvent::ParticipantConnected { participant } => m.log_joined(&who(m, participant)),
        RoomEvent::ParticipantDisconnected { participant } => m.log_left(&who(m, participant)),
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
