//! Every diagnosis, warning and log line the words layer makes, for a spread of inputs, in every
//! language, compared byte for byte with `golden.txt`: a refactoring of how the texts are built
//! (issue 15: smaller wasm) must not change a single character. `LKW_GOLDEN_WRITE=1 cargo test`
//! rewrites the file after a deliberate change of wording.

use super::log_line::describe;
use super::{diagnose, explain, Lang};
use crate::call::browser_support::{BrowserFeatures, BrowserGap};
use crate::call::device_choice::{CapturingMicrophone, MicrophoneName, PickedMicrophone};
use crate::call::failure::{CallFailure, ServerUrlProblem};
use crate::call::log::LogEvent;
use crate::call::playback_watch::{OutputSymptom, Recovery};
use crate::call::token_claims::ClaimProblem;
use crate::call::Warning;
use crate::livekit::event::{
    ConnectionState, DisconnectReason, ParticipantKind, ParticipantSnapshot, RoomEvent, TrackKind,
    TrackSnapshot,
};
use crate::livekit::failure::{ConnectErrorReason, MicrophoneFailure, SdkLoadCause};
use crate::livekit::string_map::StringMap;
use crate::livekit::{RoomAtJoin, TokenEndpointError};
use lkw_protocol::{ErrorBody, ErrorCode};

const REASONS: [DisconnectReason; 18] = [
    DisconnectReason::Unknown,
    DisconnectReason::ClientInitiated,
    DisconnectReason::DuplicateIdentity,
    DisconnectReason::ServerShutdown,
    DisconnectReason::ParticipantRemoved,
    DisconnectReason::RoomDeleted,
    DisconnectReason::StateMismatch,
    DisconnectReason::JoinFailure,
    DisconnectReason::Migration,
    DisconnectReason::SignalClose,
    DisconnectReason::RoomClosed,
    DisconnectReason::UserUnavailable,
    DisconnectReason::UserRejected,
    DisconnectReason::SipTrunkFailure,
    DisconnectReason::ConnectionTimeout,
    DisconnectReason::MediaFailure,
    DisconnectReason::AgentError,
    DisconnectReason::Other(77),
];

fn failures() -> Vec<CallFailure> {
    let mut all = Vec::new();
    let features = BrowserFeatures {
        peer_connection: false,
        get_user_media: true,
        secure_context: false,
        websocket: true,
    };
    for gap in [
        BrowserGap::NoWebRtc,
        BrowserGap::NoWebSocket,
        BrowserGap::InsecurePage,
        BrowserGap::NoMicrophoneApi,
    ] {
        all.push(CallFailure::Browser { gap, features });
    }
    for cause in [
        SdkLoadCause::Http(404),
        SdkLoadCause::Mime("text/html".into()),
        SdkLoadCause::Network,
        SdkLoadCause::Script,
    ] {
        all.push(CallFailure::SdkLoad {
            url: "/vendor/lk.js".into(),
            cause,
            message: "boom".into(),
        });
    }
    let body = |code: ErrorCode, agent: Option<&str>, origin: Option<&str>| ErrorBody {
        agent: agent.map(Into::into),
        origin: origin.map(Into::into),
        ..ErrorBody::new(code, "the message")
    };
    let errors = vec![
        TokenEndpointError::Unreachable {
            url: "https://t.example/token".into(),
            message: "Failed to fetch".into(),
        },
        TokenEndpointError::RateLimited {
            retry_after_s: Some(30),
            body_start: "{\"error\":\"rate_limited\"}".into(),
        },
        TokenEndpointError::RateLimited {
            retry_after_s: None,
            body_start: String::new(),
        },
        TokenEndpointError::Refused {
            status: 403,
            body: body(ErrorCode::AgentNotAllowed, Some("sofia"), None),
        },
        TokenEndpointError::Refused {
            status: 403,
            body: body(ErrorCode::AgentNotAllowed, None, None),
        },
        TokenEndpointError::Refused {
            status: 403,
            body: body(
                ErrorCode::OriginNotAllowed,
                None,
                Some("http://localhost:8080"),
            ),
        },
        TokenEndpointError::Refused {
            status: 403,
            body: body(ErrorCode::OriginNotAllowed, None, Some("null")),
        },
        TokenEndpointError::Refused {
            status: 403,
            body: body(ErrorCode::OriginNotAllowed, None, None),
        },
        TokenEndpointError::Refused {
            status: 500,
            body: body(ErrorCode::InternalError, None, None),
        },
        TokenEndpointError::Refused {
            status: 418,
            body: body(ErrorCode::Other("teapot".into()), None, None),
        },
    ];
    let mut errors = errors;
    for status in [404, 405, 500, 502, 503, 504] {
        for sent in [None, Some("POST {\"room_name\":\"r\"}")] {
            for body_start in ["", "line one\nline two", "  \n"] {
                errors.push(TokenEndpointError::HttpStatus {
                    status,
                    content_type: "text/plain".into(),
                    body_start: body_start.into(),
                    sent: sent.map(Into::into),
                });
            }
        }
    }
    errors.push(TokenEndpointError::NotJson {
        status: 200,
        content_type: "text/html".into(),
        body_start: "<html>".into(),
    });
    for keys in [vec![], vec!["token".to_string(), "url".to_string()]] {
        errors.push(TokenEndpointError::NoToken {
            status: 200,
            keys_found: keys,
            body_start: "{}".into(),
        });
    }
    for error in errors {
        all.push(CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error,
        });
    }
    for problem in [
        ClaimProblem::Unreadable,
        ClaimProblem::Expired { seconds_ago: 12 },
        ClaimProblem::NotYetValid { seconds_ahead: 7 },
        ClaimProblem::NoRoomJoin,
        ClaimProblem::CannotPublish,
    ] {
        all.push(CallFailure::TokenContents {
            endpoint: "/api/token".into(),
            problem,
        });
    }
    for problem in [
        ServerUrlProblem::Missing,
        ServerUrlProblem::NotAUrl,
        ServerUrlProblem::NoHost,
        ServerUrlProblem::Unencrypted,
        ServerUrlProblem::Scheme("ftp".into()),
    ] {
        all.push(CallFailure::ServerUrl {
            url: " ftp://x ".into(),
            problem,
        });
    }
    let reasons = [
        ConnectErrorReason::NotAllowed,
        ConnectErrorReason::ServerUnreachable,
        ConnectErrorReason::Internal,
        ConnectErrorReason::Cancelled,
        ConnectErrorReason::LeaveRequest,
        ConnectErrorReason::Timeout,
        ConnectErrorReason::WebSocket,
        ConnectErrorReason::ServiceNotFound,
        ConnectErrorReason::Unknown,
    ];
    for url in [
        "wss://p.livekit.cloud",
        "wss://user@P.LiveKit.Run:443/x?y",
        "wss://lk.example.com",
    ] {
        for reason in reasons {
            for status in [None, Some(401), Some(403), Some(404)] {
                all.push(CallFailure::Connect {
                    url: url.into(),
                    reason,
                    status,
                    message: "nope".into(),
                });
            }
        }
        all.push(CallFailure::Connect {
            url: url.into(),
            reason: ConnectErrorReason::Unknown,
            status: Some(401),
            message: "could not fetch region settings".into(),
        });
    }
    for failure in [
        MicrophoneFailure::PermissionDenied,
        MicrophoneFailure::NotFound,
        MicrophoneFailure::DeviceInUse,
        MicrophoneFailure::Other,
    ] {
        all.push(CallFailure::Microphone {
            failure,
            message: "NotAllowedError".into(),
        });
    }
    for reason in REASONS {
        all.push(CallFailure::Disconnected { reason });
    }
    all.push(CallFailure::Unexpected {
        message: "oops".into(),
    });
    all
}

fn warnings() -> Vec<Warning> {
    let mut all = vec![
        Warning::AgentNotDispatched { waited_s: 15 },
        Warning::AgentNotJoined {
            agent_name: "sofia".into(),
            waited_s: 15,
            room_created_by_join: true,
        },
        Warning::AgentNotJoined {
            agent_name: "sofia".into(),
            waited_s: 15,
            room_created_by_join: false,
        },
        Warning::AgentNeverReady {
            agent: "sofia".into(),
            waited_s: 20,
        },
        Warning::AgentSilent {
            agent: "sofia".into(),
            waited_s: 9,
        },
        Warning::MicrophoneSilent,
        Warning::ServerUrlScheme {
            url: "https://x".into(),
        },
    ];
    for (created, joined, present) in [
        (1_700_000_000u64, 1_700_000_030u64, vec![]),
        (
            1_700_000_000,
            1_700_000_200,
            vec!["a".to_string(), "b".to_string()],
        ),
        (1_700_003_599, 1_700_012_000, vec!["c".to_string()]),
    ] {
        all.push(Warning::AgentDispatchIgnored {
            agent_name: "sofia".into(),
            room: RoomAtJoin {
                room: "room-1".into(),
                created_unix_s: created,
                joined_unix_s: joined,
                present,
            },
        });
    }
    for reason in REASONS {
        all.push(Warning::AgentLeft {
            agent: "sofia".into(),
            reason,
        });
    }
    let name = |label: Option<&str>| MicrophoneName {
        id: "dev-1".into(),
        label: label.map(Into::into),
    };
    for chosen in [
        PickedMicrophone::Listed(name(Some("USB Mic"))),
        PickedMicrophone::Listed(name(None)),
        PickedMicrophone::NoLongerListed { id: "dev-9".into() },
    ] {
        for active in [
            CapturingMicrophone::Other(name(Some("Built-in"))),
            CapturingMicrophone::Other(name(None)),
            CapturingMicrophone::PickedButStopped,
            CapturingMicrophone::Nothing,
        ] {
            all.push(Warning::MicrophoneNotChosen {
                chosen: chosen.clone(),
                active,
            });
        }
    }
    for symptom in symptoms() {
        all.push(Warning::AgentNotHeard {
            symptom,
            tried: vec![Recovery::Play, Recovery::Reattach],
        });
    }
    all.push(Warning::AgentNotHeard {
        symptom: OutputSymptom::Paused,
        tried: vec![],
    });
    all
}

fn symptoms() -> Vec<OutputSymptom> {
    vec![
        OutputSymptom::NoElement,
        OutputSymptom::Paused,
        OutputSymptom::Muted,
        OutputSymptom::VolumeZero,
        OutputSymptom::Ended,
        OutputSymptom::Stalled { at_ms: 1234 },
    ]
}

fn events() -> Vec<LogEvent> {
    let mut attributes = StringMap::new();
    attributes.insert("lk.agent.name".into(), "sofia".into());
    let agent = ParticipantSnapshot {
        identity: "agent-1".into(),
        sid: "PA_1".into(),
        name: None,
        kind: ParticipantKind::Agent,
        attributes,
    };
    let bob = ParticipantSnapshot {
        identity: "bob".into(),
        sid: "PA_2".into(),
        name: Some("Bob".into()),
        kind: ParticipantKind::Standard,
        attributes: StringMap::new(),
    };
    let track = TrackSnapshot {
        sid: "TR_1".into(),
        name: "mic".into(),
        kind: TrackKind::Audio,
        source: "screen_share_audio".into(),
    };
    let mut changed = StringMap::new();
    changed.insert("lk.agent.state".into(), "listening".into());
    changed.insert("x".into(), "y".into());
    let mut all = vec![
        LogEvent::CallRequested,
        LogEvent::CallResuming {
            room: "room-1".into(),
        },
        LogEvent::TokenReceived,
        LogEvent::SdkLoaded {
            version: "2.23.0".into(),
        },
        LogEvent::Connecting {
            url: "wss://x".into(),
        },
        LogEvent::MicrophoneOn,
        LogEvent::MicrophoneOff,
        LogEvent::HangingUp,
        LogEvent::CallEnded,
        LogEvent::PlaybackRecovered {
            tried: vec![
                Recovery::Play,
                Recovery::ResumeAudio,
                Recovery::ReapplyOutputDevice,
            ],
        },
        LogEvent::PlaybackRecovered { tried: vec![] },
    ];
    for symptom in symptoms() {
        for action in [
            Recovery::Play,
            Recovery::Reattach,
            Recovery::ResumeAudio,
            Recovery::ReapplyOutputDevice,
        ] {
            all.push(LogEvent::PlaybackRecovering { symptom, action });
        }
    }
    for reason in REASONS {
        all.push(LogEvent::CallEndedRemote(reason));
        all.push(LogEvent::Room(RoomEvent::Disconnected { reason }));
        for p in [&agent, &bob] {
            all.push(LogEvent::Room(RoomEvent::ParticipantDisconnected {
                participant: p.clone(),
                reason,
            }));
        }
    }
    for state in [
        ConnectionState::Disconnected,
        ConnectionState::Connecting,
        ConnectionState::Connected,
        ConnectionState::Reconnecting,
        ConnectionState::SignalReconnecting,
        ConnectionState::Unknown,
    ] {
        all.push(LogEvent::Room(RoomEvent::ConnectionStateChanged { state }));
    }
    for p in [&agent, &bob] {
        let participant = p.clone();
        all.push(LogEvent::Room(RoomEvent::ParticipantConnected {
            participant: participant.clone(),
        }));
        all.push(LogEvent::Room(RoomEvent::ParticipantAttributesChanged {
            participant: participant.clone(),
            changed: changed.clone(),
        }));
        for event in [
            RoomEvent::TrackSubscribed {
                track: track.clone(),
                participant: participant.clone(),
            },
            RoomEvent::TrackUnsubscribed {
                track: track.clone(),
                participant: participant.clone(),
            },
            RoomEvent::TrackSubscriptionFailed {
                track_sid: "TR_9".into(),
                participant: participant.clone(),
            },
            RoomEvent::TrackMuted {
                track: track.clone(),
                participant: participant.clone(),
            },
            RoomEvent::TrackUnmuted {
                track: track.clone(),
                participant: participant.clone(),
            },
        ] {
            all.push(LogEvent::Room(event));
        }
    }
    for event in [
        RoomEvent::Connected,
        RoomEvent::Reconnecting,
        RoomEvent::SignalReconnecting,
        RoomEvent::Reconnected,
        RoomEvent::AudioPlaybackChanged { playing: true },
        RoomEvent::AudioPlaybackChanged { playing: false },
        RoomEvent::MediaDevicesError {
            name: "NotAllowedError".into(),
            message: "denied".into(),
        },
        RoomEvent::MediaDevicesChanged,
        RoomEvent::LocalAudioSilenceDetected,
    ] {
        all.push(LogEvent::Room(event));
    }
    // The log line quotes the owner's fix, which the diagnoses above cover: a few suffice.
    for failure in failures().into_iter().step_by(20) {
        all.push(LogEvent::Failed(failure));
    }
    for warning in warnings().into_iter().step_by(10) {
        all.push(LogEvent::Warned(warning));
    }
    all
}

fn render() -> String {
    let mut out = String::new();
    for lang in Lang::ALL {
        for failure in failures() {
            let d = diagnose(&failure, *lang);
            out += &format!(
                "F {:?} {:?}\n{}\n{}\n{}\n\n",
                lang, d.hop, d.user_message, d.owner_fix, d.evidence
            );
        }
        for warning in warnings() {
            let d = explain(&warning, *lang);
            out += &format!(
                "W {:?} {:?}\n{}\n{}\n{}\n\n",
                lang, d.hop, d.user_message, d.owner_fix, d.evidence
            );
        }
        for event in events() {
            out += &format!("L {:?}\n{}\n\n", lang, describe(&event, *lang));
        }
    }
    out
}

#[test]
fn every_text_is_byte_identical_to_the_golden_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/i18n/golden.txt");
    let now = render();
    if std::env::var_os("LKW_GOLDEN_WRITE").is_some() {
        std::fs::write(path, &now).unwrap();
    }
    let golden = std::fs::read_to_string(path).unwrap();
    for (i, (a, b)) in now.lines().zip(golden.lines()).enumerate() {
        assert_eq!(a, b, "line {}", i + 1);
    }
    assert_eq!(now, golden);
}
