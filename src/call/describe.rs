//! Words for the status panel's event lines. The one place where event text is written.

use crate::livekit::event::{DisconnectReason, ParticipantSnapshot, RoomEvent, TrackSnapshot};

fn who(participant: &ParticipantSnapshot) -> String {
    if participant.is_agent() {
        format!("agent {}", participant.display_name())
    } else {
        participant.display_name().to_string()
    }
}

fn track(track: &TrackSnapshot) -> String {
    format!("{} track ({})", track.source.replace('_', " "), track.sid)
}

/// A line for a room event, or `None` when the event is not worth a line of its own.
pub fn room_event_line(event: &RoomEvent) -> Option<String> {
    let line = match event {
        RoomEvent::Connected => "connected to the room".to_string(),
        RoomEvent::Reconnecting => "connection lost, reconnecting…".to_string(),
        RoomEvent::SignalReconnecting => "signal connection lost, reconnecting…".to_string(),
        RoomEvent::Reconnected => "reconnected".to_string(),
        RoomEvent::Disconnected { reason } => {
            format!("disconnected ({})", disconnect_reason(*reason))
        }
        RoomEvent::ConnectionStateChanged { state } => {
            format!("connection state: {}", state.as_str())
        }
        RoomEvent::ParticipantConnected { participant } => format!("{} joined", who(participant)),
        RoomEvent::ParticipantDisconnected { participant } => format!("{} left", who(participant)),
        RoomEvent::ParticipantAttributesChanged {
            participant,
            changed,
        } => {
            let pairs: Vec<String> = changed.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("{}: {}", who(participant), pairs.join(", "))
        }
        RoomEvent::TrackSubscribed {
            track: t,
            participant,
        } => {
            format!("subscribed to {}'s {}", who(participant), track(t))
        }
        RoomEvent::TrackUnsubscribed {
            track: t,
            participant,
        } => {
            format!("unsubscribed from {}'s {}", who(participant), track(t))
        }
        RoomEvent::TrackSubscriptionFailed {
            track_sid,
            participant,
        } => {
            format!(
                "could not subscribe to {}'s track {track_sid}",
                who(participant)
            )
        }
        RoomEvent::TrackMuted {
            track: t,
            participant,
        } => format!("{} muted the {}", who(participant), track(t)),
        RoomEvent::TrackUnmuted {
            track: t,
            participant,
        } => {
            format!("{} unmuted the {}", who(participant), track(t))
        }
        RoomEvent::AudioPlaybackChanged { playing: true } => "audio playback allowed".to_string(),
        RoomEvent::AudioPlaybackChanged { playing: false } => {
            "the browser blocked audio playback: click \"Enable audio\"".to_string()
        }
        RoomEvent::MediaDevicesError { name, message } => {
            format!("media device error: {name}: {message}")
        }
        RoomEvent::LocalAudioSilenceDetected => "your microphone sends silence".to_string(),
    };
    Some(line)
}

/// A disconnect reason in a few plain words.
pub fn disconnect_reason(reason: DisconnectReason) -> &'static str {
    match reason {
        DisconnectReason::ClientInitiated => "hung up",
        DisconnectReason::DuplicateIdentity => "the same identity joined elsewhere",
        DisconnectReason::ServerShutdown => "the server shut down",
        DisconnectReason::ParticipantRemoved => "removed from the room",
        DisconnectReason::RoomDeleted => "the room was deleted",
        DisconnectReason::RoomClosed => "the room was closed",
        DisconnectReason::SignalClose => "the signal connection closed",
        DisconnectReason::ConnectionTimeout => "the connection timed out",
        DisconnectReason::MediaFailure => "the media connection failed",
        DisconnectReason::JoinFailure => "joining failed",
        DisconnectReason::StateMismatch => "client and server disagreed",
        DisconnectReason::Migration => "migrated",
        DisconnectReason::AgentError => "the agent failed",
        _ => "no reason given",
    }
}
