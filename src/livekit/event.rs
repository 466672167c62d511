//! `RoomEvent`: every SDK event the widget cares about, as one Rust enum with owned data.
//!
//! Plain Rust (no `web_sys`) so that `call/` can consume it and be tested natively; the
//! conversion from JS arguments lives in `event_js.rs`.

use super::string_map::StringMap;

/// What kind of participant the SDK reports (`ParticipantKind`, a numeric protobuf enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParticipantKind {
    Standard,
    Ingress,
    Egress,
    Sip,
    Agent,
    Other(u32),
}

impl ParticipantKind {
    pub fn from_code(code: u32) -> Self {
        match code {
            0 => Self::Standard,
            1 => Self::Ingress,
            2 => Self::Egress,
            3 => Self::Sip,
            4 => Self::Agent,
            other => Self::Other(other),
        }
    }
}

/// An owned copy of a participant as it was when the event fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipantSnapshot {
    pub identity: String,
    pub sid: String,
    pub name: Option<String>,
    pub kind: ParticipantKind,
    pub attributes: StringMap,
}

impl ParticipantSnapshot {
    /// A voice agent: kind AGENT and not an avatar worker publishing on an agent's behalf.
    pub fn is_agent(&self) -> bool {
        self.kind == ParticipantKind::Agent && !self.attributes.contains_key("lk.publish_on_behalf")
    }

    /// The name to show a person: the display name; for an agent without one, its agent name
    /// (`lk.agent.name`, capitalised: `sofia` → `Sofia`); else the identity.
    pub fn display_name(&self) -> String {
        if let Some(name) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            return name.to_string();
        }
        if let Some(agent_name) = self
            .attributes
            .get("lk.agent.name")
            .filter(|n| !n.trim().is_empty())
        {
            let mut chars = agent_name.chars();
            return chars
                .next()
                .map(|first| {
                    let mut letter = [0; 4];
                    super::upper_case::upper_case(first.encode_utf8(&mut letter)) + chars.as_str()
                })
                .unwrap_or_default();
        }
        self.identity.clone()
    }
}

/// `Track.Kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackKind {
    Audio,
    Video,
    Unknown,
}

impl TrackKind {
    pub fn parse(kind: &str) -> Self {
        match kind {
            "audio" => Self::Audio,
            "video" => Self::Video,
            _ => Self::Unknown,
        }
    }
}

/// An owned copy of a track publication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackSnapshot {
    pub sid: String,
    pub name: String,
    pub kind: TrackKind,
    /// `Track.Source` as the SDK spells it: `microphone`, `camera`, `screen_share`, …
    pub source: String,
}

/// `ConnectionState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    Disconnected,
    Connecting,
    Connected,
    Reconnecting,
    SignalReconnecting,
    Unknown,
}

impl ConnectionState {
    pub fn parse(state: &str) -> Self {
        match state {
            "disconnected" => Self::Disconnected,
            "connecting" => Self::Connecting,
            "connected" => Self::Connected,
            "reconnecting" => Self::Reconnecting,
            "signalReconnecting" => Self::SignalReconnecting,
            _ => Self::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disconnected => "disconnected",
            Self::Connecting => "connecting",
            Self::Connected => "connected",
            Self::Reconnecting => "reconnecting",
            Self::SignalReconnecting => "signal reconnecting",
            Self::Unknown => "unknown",
        }
    }
}

/// `DisconnectReason` (numeric protobuf enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisconnectReason {
    Unknown,
    ClientInitiated,
    DuplicateIdentity,
    ServerShutdown,
    ParticipantRemoved,
    RoomDeleted,
    StateMismatch,
    JoinFailure,
    Migration,
    SignalClose,
    RoomClosed,
    UserUnavailable,
    UserRejected,
    SipTrunkFailure,
    ConnectionTimeout,
    MediaFailure,
    AgentError,
    Other(u32),
}

impl DisconnectReason {
    /// A stable key (`duplicate-identity`, `code-17` for one this SDK build does not name):
    /// part of the host page's contract (`endReason`), so spelled out, never derived from Rust
    /// names.
    pub fn key(self) -> String {
        let key = match self {
            Self::Unknown => "unknown",
            Self::ClientInitiated => "client-initiated",
            Self::DuplicateIdentity => "duplicate-identity",
            Self::ServerShutdown => "server-shutdown",
            Self::ParticipantRemoved => "participant-removed",
            Self::RoomDeleted => "room-deleted",
            Self::StateMismatch => "state-mismatch",
            Self::JoinFailure => "join-failure",
            Self::Migration => "migration",
            Self::SignalClose => "signal-close",
            Self::RoomClosed => "room-closed",
            Self::UserUnavailable => "user-unavailable",
            Self::UserRejected => "user-rejected",
            Self::SipTrunkFailure => "sip-trunk-failure",
            Self::ConnectionTimeout => "connection-timeout",
            Self::MediaFailure => "media-failure",
            Self::AgentError => "agent-error",
            Self::Other(code) => return format!("code-{code}"),
        };
        key.into()
    }

    pub fn from_code(code: Option<u32>) -> Self {
        match code {
            None | Some(0) => Self::Unknown,
            Some(1) => Self::ClientInitiated,
            Some(2) => Self::DuplicateIdentity,
            Some(3) => Self::ServerShutdown,
            Some(4) => Self::ParticipantRemoved,
            Some(5) => Self::RoomDeleted,
            Some(6) => Self::StateMismatch,
            Some(7) => Self::JoinFailure,
            Some(8) => Self::Migration,
            Some(9) => Self::SignalClose,
            Some(10) => Self::RoomClosed,
            Some(11) => Self::UserUnavailable,
            Some(12) => Self::UserRejected,
            Some(13) => Self::SipTrunkFailure,
            Some(14) => Self::ConnectionTimeout,
            Some(15) => Self::MediaFailure,
            Some(16) => Self::AgentError,
            Some(other) => Self::Other(other),
        }
    }
}

/// The room events the widget listens to. Unknown SDK events never reach this enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomEvent {
    Connected,
    Reconnecting,
    SignalReconnecting,
    Reconnected,
    Disconnected {
        reason: DisconnectReason,
    },
    ConnectionStateChanged {
        state: ConnectionState,
    },
    ParticipantConnected {
        participant: ParticipantSnapshot,
    },
    /// `reason`: why the participant left (livekit-client ≥ 2.23 passes the server's reason;
    /// `Unknown` from older SDKs and servers).
    ParticipantDisconnected {
        participant: ParticipantSnapshot,
        reason: DisconnectReason,
    },
    ParticipantAttributesChanged {
        participant: ParticipantSnapshot,
        changed: StringMap,
    },
    TrackSubscribed {
        track: TrackSnapshot,
        participant: ParticipantSnapshot,
    },
    TrackUnsubscribed {
        track: TrackSnapshot,
        participant: ParticipantSnapshot,
    },
    TrackSubscriptionFailed {
        track_sid: String,
        participant: ParticipantSnapshot,
    },
    TrackMuted {
        track: TrackSnapshot,
        participant: ParticipantSnapshot,
    },
    TrackUnmuted {
        track: TrackSnapshot,
        participant: ParticipantSnapshot,
    },
    /// `audioPlaybackChanged` (the SDK's `AudioPlaybackStatusChanged`).
    AudioPlaybackChanged {
        playing: bool,
    },
    MediaDevicesError {
        name: String,
        message: String,
    },
    LocalAudioSilenceDetected,
    /// Someone (the agent) now receives our track: livekit-client's cue to end the pre-connect
    /// recording.
    LocalTrackSubscribed {
        track_sid: String,
    },
    /// A device was plugged in or out.
    MediaDevicesChanged,
}

impl RoomEvent {
    /// The SDK event names bound, in the SDK's spelling. `event_js.rs` converts each.
    pub const SDK_NAMES: &'static [&'static str] = &[
        "connected",
        "reconnecting",
        "signalReconnecting",
        "reconnected",
        "disconnected",
        "connectionStateChanged",
        "participantConnected",
        "participantDisconnected",
        "participantAttributesChanged",
        "trackSubscribed",
        "trackUnsubscribed",
        "trackSubscriptionFailed",
        "trackMuted",
        "trackUnmuted",
        "audioPlaybackChanged",
        "mediaDevicesError",
        "localAudioSilenceDetected",
        "localTrackSubscribed",
        "mediaDevicesChanged",
    ];
}

/// The SDK events bound, in [`RoomEvent::SDK_NAMES`] order: `event_js.rs` converts by this
/// (a jump table), not by comparing names one after another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SdkEvent {
    Connected,
    Reconnecting,
    SignalReconnecting,
    Reconnected,
    Disconnected,
    ConnectionStateChanged,
    ParticipantConnected,
    ParticipantDisconnected,
    ParticipantAttributesChanged,
    TrackSubscribed,
    TrackUnsubscribed,
    TrackSubscriptionFailed,
    TrackMuted,
    TrackUnmuted,
    AudioPlaybackChanged,
    MediaDevicesError,
    LocalAudioSilenceDetected,
    LocalTrackSubscribed,
    MediaDevicesChanged,
}

impl SdkEvent {
    /// Every bound event, in [`RoomEvent::SDK_NAMES`] order.
    pub const ALL: [Self; 19] = [
        Self::Connected,
        Self::Reconnecting,
        Self::SignalReconnecting,
        Self::Reconnected,
        Self::Disconnected,
        Self::ConnectionStateChanged,
        Self::ParticipantConnected,
        Self::ParticipantDisconnected,
        Self::ParticipantAttributesChanged,
        Self::TrackSubscribed,
        Self::TrackUnsubscribed,
        Self::TrackSubscriptionFailed,
        Self::TrackMuted,
        Self::TrackUnmuted,
        Self::AudioPlaybackChanged,
        Self::MediaDevicesError,
        Self::LocalAudioSilenceDetected,
        Self::LocalTrackSubscribed,
        Self::MediaDevicesChanged,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_events_are_in_sdk_name_order() {
        assert_eq!(SdkEvent::ALL.len(), RoomEvent::SDK_NAMES.len());
        for (event, name) in SdkEvent::ALL.iter().zip(RoomEvent::SDK_NAMES) {
            let variant = format!("{event:?}");
            let mut chars = variant.chars();
            let spelled: String = chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            assert_eq!(&spelled, name);
        }
    }

    fn participant(kind: ParticipantKind, attrs: &[(&str, &str)]) -> ParticipantSnapshot {
        ParticipantSnapshot {
            identity: "agent-1".into(),
            sid: "PA_1".into(),
            name: None,
            kind,
            attributes: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn agent_kind_is_agent_but_avatar_worker_is_not() {
        assert!(participant(ParticipantKind::Agent, &[]).is_agent());
        assert!(!participant(ParticipantKind::Agent, &[("lk.publish_on_behalf", "a")]).is_agent());
        assert!(!participant(ParticipantKind::Standard, &[]).is_agent());
    }

    #[test]
    fn codes_map_to_enums_and_unknown_codes_are_kept() {
        assert_eq!(ParticipantKind::from_code(4), ParticipantKind::Agent);
        assert_eq!(ParticipantKind::from_code(9), ParticipantKind::Other(9));
        assert_eq!(
            DisconnectReason::from_code(Some(2)),
            DisconnectReason::DuplicateIdentity
        );
        assert_eq!(DisconnectReason::from_code(None), DisconnectReason::Unknown);
        assert_eq!(
            DisconnectReason::from_code(Some(99)),
            DisconnectReason::Other(99)
        );
        assert_eq!(
            ConnectionState::parse("signalReconnecting"),
            ConnectionState::SignalReconnecting
        );
        assert_eq!(TrackKind::parse("audio"), TrackKind::Audio);
    }

    #[test]
    fn display_name_falls_back_to_identity() {
        let mut p = participant(ParticipantKind::Agent, &[]);
        assert_eq!(p.display_name(), "agent-1");
        p.attributes.insert("lk.agent.name".into(), "sofia".into());
        assert_eq!(p.display_name(), "Sofia");
        p.name = Some("  ".into());
        assert_eq!(p.display_name(), "Sofia");
        p.name = Some("Sofia".into());
        assert_eq!(p.display_name(), "Sofia");
        p.name = None;
        p.attributes.insert("lk.agent.name".into(), "élodie".into());
        assert_eq!(p.display_name(), "Élodie");
        p.attributes.insert("lk.agent.name".into(), "ßofia".into());
        assert_eq!(p.display_name(), "SSofia");
    }
}
