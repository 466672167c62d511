//! Transitions of the call state machine, including out-of-order and duplicate inputs.

use super::device_choice::{CapturingMicrophone, MicrophoneName, PickedMicrophone};
use super::failure::CallFailure;
use super::log::LogEvent;
use super::warning::Warning;
use super::*;
use crate::livekit::event::{
    ConnectionState, DisconnectReason, ParticipantKind, ParticipantSnapshot, RoomEvent, TrackKind,
    TrackSnapshot,
};
use crate::livekit::failure::{ConnectErrorReason, MicrophoneFailure};
use crate::livekit::string_map::StringMap;
use crate::livekit::{RoomAtJoin, TokenEndpointError};

fn agent(state: Option<&str>) -> ParticipantSnapshot {
    let mut attributes = StringMap::new();
    if let Some(state) = state {
        attributes.insert("lk.agent.state".to_string(), state.to_string());
    }
    ParticipantSnapshot {
        identity: "agent-AJ_1".into(),
        sid: "PA_1".into(),
        name: Some("Sofia".into()),
        kind: ParticipantKind::Agent,
        attributes,
    }
}

fn human() -> ParticipantSnapshot {
    ParticipantSnapshot {
        identity: "bob".into(),
        sid: "PA_2".into(),
        name: None,
        kind: ParticipantKind::Standard,
        attributes: StringMap::new(),
    }
}

fn audio_track() -> TrackSnapshot {
    TrackSnapshot {
        sid: "TR_1".into(),
        name: "agent-voice".into(),
        kind: TrackKind::Audio,
        source: "microphone".into(),
    }
}

fn room(event: RoomEvent) -> CallInput {
    CallInput::Room(event)
}

/// A call that has reached `Connecting`.
fn connecting() -> CallState {
    let mut s = CallState::default();
    s.apply(0.0, CallInput::CallRequested);
    s.apply(
        10.0,
        CallInput::SdkLoaded {
            version: "2.23.0".into(),
        },
    );
    s.apply(
        20.0,
        CallInput::TokenReceived {
            room_name: Some("call-1".into()),
        },
    );
    s.apply(
        21.0,
        CallInput::ConnectStarted {
            server_url: "ws://127.0.0.1:7880".into(),
        },
    );
    s
}

fn with_agent() -> CallState {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    s.apply(
        40.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("initializing")),
        }),
    );
    s
}

#[test]
fn call_moves_from_idle_through_token_and_sdk_to_connecting() {
    let mut s = CallState::default();
    assert_eq!(s.stage, CallStage::Idle);
    s.apply(0.0, CallInput::CallRequested);
    assert_eq!(s.stage, CallStage::FetchingToken);
    s.apply(5.0, CallInput::TokenReceived { room_name: None });
    assert_eq!(
        s.stage,
        CallStage::LoadingSdk,
        "token first: still waiting for the SDK"
    );
    s.apply(
        6.0,
        CallInput::SdkLoaded {
            version: "2.23.0".into(),
        },
    );
    s.apply(
        7.0,
        CallInput::ConnectStarted {
            server_url: "ws://x".into(),
        },
    );
    assert_eq!(s.stage, CallStage::Connecting);
}

#[test]
fn sdk_before_token_skips_the_loading_sdk_stage() {
    let s = connecting();
    assert_eq!(s.stage, CallStage::Connecting);
    assert_eq!(s.room_name.as_deref(), Some("call-1"));
}

#[test]
fn connected_then_agent_joined() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    assert_eq!(s.stage, CallStage::Connected);
    s.apply(
        40.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("initializing")),
        }),
    );
    assert_eq!(s.stage, CallStage::AgentJoined);
    let presence = s.agent.as_ref().expect("agent");
    assert_eq!(presence.state, AgentState::Initializing);
    assert_eq!(presence.display_name, "Sofia");
}

#[test]
fn connection_state_changed_to_connected_also_connects() {
    let mut s = connecting();
    s.apply(
        30.0,
        room(RoomEvent::ConnectionStateChanged {
            state: ConnectionState::Connected,
        }),
    );
    assert_eq!(s.stage, CallStage::Connected);
}

#[test]
fn agent_present_before_connected_event_is_not_lost() {
    let mut s = connecting();
    s.apply(
        25.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(None),
        }),
    );
    s.apply(30.0, room(RoomEvent::Connected));
    assert_eq!(s.stage, CallStage::AgentJoined);
}

#[test]
fn a_human_joining_is_logged_but_is_not_the_agent() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    s.apply(
        31.0,
        room(RoomEvent::ParticipantConnected {
            participant: human(),
        }),
    );
    assert_eq!(s.stage, CallStage::Connected);
    assert!(s.agent.is_none());
    assert!(s
        .log
        .entries()
        .iter()
        .any(|e| matches!(&e.event, LogEvent::Room(RoomEvent::ParticipantConnected { participant }) if participant.identity == "bob")));
}

#[test]
fn duplicate_agent_join_keeps_one_presence_and_its_state() {
    let mut s = with_agent();
    let mut changed = StringMap::new();
    changed.insert("lk.agent.state".to_string(), "speaking".to_string());
    s.apply(
        50.0,
        room(RoomEvent::ParticipantAttributesChanged {
            participant: agent(Some("speaking")),
            changed,
        }),
    );
    s.apply(
        60.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("initializing")),
        }),
    );
    assert_eq!(
        s.agent.as_ref().map(|a| a.state),
        Some(AgentState::Speaking)
    );
}

#[test]
fn agent_state_follows_the_attribute() {
    let mut s = with_agent();
    for (value, expected) in [
        ("speaking", AgentState::Speaking),
        ("listening", AgentState::Listening),
        ("??", AgentState::Unknown),
    ] {
        let mut changed = StringMap::new();
        changed.insert("lk.agent.state".to_string(), value.to_string());
        s.apply(
            50.0,
            room(RoomEvent::ParticipantAttributesChanged {
                participant: agent(Some(value)),
                changed,
            }),
        );
        assert_eq!(s.agent.as_ref().map(|a| a.state), Some(expected));
    }
}

#[test]
fn attributes_of_someone_else_do_not_change_the_agent_state() {
    let mut s = with_agent();
    let mut changed = StringMap::new();
    changed.insert("lk.agent.state".to_string(), "speaking".to_string());
    s.apply(
        50.0,
        room(RoomEvent::ParticipantAttributesChanged {
            participant: human(),
            changed,
        }),
    );
    assert_eq!(
        s.agent.as_ref().map(|a| a.state),
        Some(AgentState::Initializing)
    );
}

#[test]
fn agent_audio_subscription_is_tracked() {
    let mut s = with_agent();
    s.apply(
        50.0,
        room(RoomEvent::TrackSubscribed {
            track: audio_track(),
            participant: agent(None),
        }),
    );
    assert!(s.agent.as_ref().is_some_and(|a| a.audio_subscribed));
    s.apply(
        60.0,
        room(RoomEvent::TrackUnsubscribed {
            track: audio_track(),
            participant: agent(None),
        }),
    );
    assert!(s.agent.as_ref().is_some_and(|a| !a.audio_subscribed));
}

/// A rejoin (resume): the agent is already in the room, and the SDK subscribes to her voice
/// during `connect()`, before the pipeline reports the participants that were there.
#[test]
fn the_agents_track_before_her_arrival_is_kept() {
    let mut s = connecting();
    s.apply(
        25.0,
        room(RoomEvent::TrackSubscribed {
            track: audio_track(),
            participant: agent(Some("listening")),
        }),
    );
    s.apply(30.0, room(RoomEvent::Connected));
    s.apply(
        31.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("listening")),
        }),
    );
    assert_eq!(s.stage, CallStage::AgentJoined);
    let agent = s.agent.as_ref().expect("the agent is known");
    assert!(agent.audio_subscribed);
    assert_eq!(agent.audio_track_sid.as_deref(), Some("TR_1"));
    assert_eq!(agent.state, AgentState::Listening);
}

#[test]
fn a_humans_track_does_not_make_an_agent() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    s.apply(
        35.0,
        room(RoomEvent::TrackSubscribed {
            track: audio_track(),
            participant: human(),
        }),
    );
    assert!(s.agent.is_none());
    assert_eq!(s.stage, CallStage::Connected);
}

#[test]
fn agent_leaving_returns_to_connected_and_says_why() {
    let mut s = with_agent();
    s.apply(
        50.0,
        room(RoomEvent::ParticipantDisconnected {
            participant: agent(None),
            reason: DisconnectReason::AgentError,
        }),
    );
    assert_eq!(s.stage, CallStage::Connected);
    assert!(s.agent.is_none());
    assert_eq!(s.warnings.len(), 1);
    assert!(matches!(
        &s.warnings[0],
        Warning::AgentLeft {
            reason: DisconnectReason::AgentError,
            ..
        }
    ));
    assert_eq!(s.warnings[0].key(), "agent-left");
    // The join check that fires later does not turn it into "never came".
    agent_check(&mut s, &["sofia"]);
    assert_eq!(s.warnings[0].key(), "agent-left");
    // An agent that comes back clears it.
    s.apply(
        60.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("listening")),
        }),
    );
    assert!(s.warnings.is_empty());
}

#[test]
fn an_agent_leaving_a_call_that_is_ending_is_no_warning() {
    let mut s = with_agent();
    s.apply(40.0, CallInput::HangUpRequested);
    s.apply(
        50.0,
        room(RoomEvent::ParticipantDisconnected {
            participant: agent(None),
            reason: DisconnectReason::ClientInitiated,
        }),
    );
    assert!(s.warnings.is_empty());
}

#[test]
fn reconnecting_and_reconnected_restore_the_stage() {
    let mut s = with_agent();
    s.apply(50.0, room(RoomEvent::Reconnecting));
    assert_eq!(s.stage, CallStage::Reconnecting);
    s.apply(51.0, room(RoomEvent::SignalReconnecting));
    assert_eq!(s.stage, CallStage::Reconnecting);
    s.apply(60.0, room(RoomEvent::Reconnected));
    assert_eq!(s.stage, CallStage::AgentJoined);
}

#[test]
fn hang_up_ends_the_call_and_resets_presence() {
    let mut s = with_agent();
    s.apply(45.0, CallInput::MicrophoneEnabled);
    s.apply(50.0, CallInput::HangUpRequested);
    assert_eq!(s.stage, CallStage::HangingUp);
    s.apply(
        55.0,
        room(RoomEvent::Disconnected {
            reason: DisconnectReason::ClientInitiated,
        }),
    );
    assert_eq!(s.stage, CallStage::Ended(EndReason::HungUp));
    s.apply(56.0, CallInput::HangUpFinished);
    assert_eq!(
        s.stage,
        CallStage::Ended(EndReason::HungUp),
        "finished after the event is absorbed"
    );
    assert!(s.agent.is_none());
    assert!(!s.microphone_on);
}

#[test]
fn remote_disconnect_ends_with_its_reason() {
    let mut s = with_agent();
    s.apply(
        50.0,
        room(RoomEvent::Disconnected {
            reason: DisconnectReason::DuplicateIdentity,
        }),
    );
    assert_eq!(
        s.stage,
        CallStage::Ended(EndReason::Remote(DisconnectReason::DuplicateIdentity))
    );
    assert!(
        s.log.entries().last().is_some_and(
            |e| e.event == LogEvent::CallEndedRemote(DisconnectReason::DuplicateIdentity)
        )
    );
}

#[test]
fn disconnect_while_connecting_waits_for_the_connect_error() {
    let mut s = connecting();
    s.apply(
        30.0,
        room(RoomEvent::Disconnected {
            reason: DisconnectReason::Unknown,
        }),
    );
    assert_eq!(s.stage, CallStage::Connecting);
    let failure = CallFailure::Connect {
        url: "ws://x".into(),
        reason: ConnectErrorReason::NotAllowed,
        status: Some(401),
        message: "unauthorized".into(),
    };
    s.apply(31.0, CallInput::Failed(failure.clone()));
    assert_eq!(s.stage, CallStage::Failed(failure));
}

#[test]
fn failure_is_logged_with_its_hop() {
    let mut s = CallState::default();
    s.apply(0.0, CallInput::CallRequested);
    s.apply(
        3.0,
        CallInput::Failed(CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error: TokenEndpointError::HttpStatus {
                status: 500,
                content_type: "text/plain".into(),
                body_start: "boom".into(),
                sent: None,
            },
        }),
    );
    assert!(matches!(s.stage, CallStage::Failed(_)));
    let last = s.log.entries().last().expect("entry");
    assert!(
        matches!(
            &last.event,
            LogEvent::Failed(CallFailure::TokenEndpoint { .. })
        ),
        "{last:?}"
    );
    assert_eq!(last.at_ms, 3);
}

#[test]
fn late_results_after_hang_up_are_ignored() {
    let mut s = connecting();
    s.apply(30.0, CallInput::HangUpRequested);
    s.apply(
        31.0,
        CallInput::Failed(CallFailure::Microphone {
            failure: MicrophoneFailure::Other,
            message: "aborted".into(),
        }),
    );
    assert_eq!(
        s.stage,
        CallStage::HangingUp,
        "a teardown error is not a failure"
    );
    s.apply(32.0, CallInput::HangUpFinished);
    s.apply(40.0, CallInput::TokenReceived { room_name: None });
    s.apply(41.0, room(RoomEvent::Connected));
    assert_eq!(s.stage, CallStage::Ended(EndReason::HungUp));
}

#[test]
fn double_click_does_not_restart_a_running_call() {
    let mut s = connecting();
    s.apply(30.0, CallInput::CallRequested);
    assert_eq!(s.stage, CallStage::Connecting);
    assert_eq!(s.room_name.as_deref(), Some("call-1"));
}

#[test]
fn a_new_call_after_the_end_starts_clean() {
    let mut s = with_agent();
    s.apply(
        50.0,
        room(RoomEvent::Disconnected {
            reason: DisconnectReason::ServerShutdown,
        }),
    );
    s.apply(1000.0, CallInput::CallRequested);
    assert_eq!(s.stage, CallStage::FetchingToken);
    assert_eq!(s.log.entries().len(), 1);
    assert_eq!(s.log.entries()[0].at_ms, 0);
    assert!(s.room_name.is_none());
}

#[test]
fn blocked_playback_is_flagged_until_allowed() {
    let mut s = with_agent();
    s.apply(
        50.0,
        room(RoomEvent::AudioPlaybackChanged { playing: false }),
    );
    assert!(s.playback_blocked);
    s.apply(
        60.0,
        room(RoomEvent::AudioPlaybackChanged { playing: true }),
    );
    assert!(!s.playback_blocked);
}

#[test]
fn the_playback_watchdog_logs_its_steps_warns_when_all_failed_and_clears_when_heard() {
    use super::playback_watch::{OutputSymptom, Recovery, WatchVerdict};
    let mut s = with_agent();
    s.apply(
        50.0,
        CallInput::PlaybackWatch(WatchVerdict::Recover {
            symptom: OutputSymptom::Paused,
            action: Recovery::Play,
        }),
    );
    let last = s.log.entries().last().unwrap();
    assert_eq!(last.tone, super::log::LogTone::Warning);
    assert_eq!(
        last.event,
        LogEvent::PlaybackRecovering {
            symptom: OutputSymptom::Paused,
            action: Recovery::Play
        }
    );
    assert!(s.warnings.is_empty(), "a step is logged, not warned");
    s.apply(
        60.0,
        CallInput::PlaybackWatch(WatchVerdict::NotHeard {
            symptom: OutputSymptom::Paused,
            tried: Recovery::ORDER.to_vec(),
        }),
    );
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].hop(), Hop::Playback);
    assert_eq!(
        s.warnings[0],
        Warning::AgentNotHeard {
            symptom: OutputSymptom::Paused,
            tried: Recovery::ORDER.to_vec()
        }
    );
    assert_eq!(
        s.log.entries().last().unwrap().tone,
        super::log::LogTone::Error
    );
    s.apply(
        70.0,
        CallInput::PlaybackWatch(WatchVerdict::Recovered {
            tried: Recovery::ORDER.to_vec(),
            was_warned: true,
        }),
    );
    assert!(s.warnings.is_empty());
    assert!(s
        .log
        .entries()
        .last()
        .is_some_and(|e| matches!(e.event, LogEvent::PlaybackRecovered { .. })));
}

#[test]
fn a_refused_call_fails_at_once_and_logs_only_why() {
    let failure = super::browser_support::BrowserFeatures::WITHOUT_WEBRTC
        .refusal()
        .unwrap();
    let mut s = CallState::default();
    s.apply(10.0, CallInput::CallRefused(failure.clone()));
    assert_eq!(s.stage, CallStage::Failed(failure.clone()));
    let lines: Vec<&LogEvent> = s.log.entries().iter().map(|e| &e.event).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        matches!(lines[0], LogEvent::Failed(f) if f.hop() == Hop::Browser),
        "{lines:?}"
    );
    // a second click refuses again, from a clean slate
    s.apply(20.0, CallInput::CallRefused(failure));
    assert_eq!(s.log.entries().len(), 1);
}

#[test]
fn microphone_on_is_logged_once() {
    let mut s = with_agent();
    s.apply(50.0, CallInput::MicrophoneEnabled);
    s.apply(51.0, CallInput::MicrophoneEnabled);
    let count = s
        .log
        .entries()
        .iter()
        .filter(|e| e.event == LogEvent::MicrophoneOn)
        .count();
    assert_eq!(count, 1);
}

#[test]
fn stage_keys_are_stable() {
    assert_eq!(CallStage::AgentJoined.key(), "agent-joined");
    assert!(!CallStage::Failed(CallFailure::Unexpected {
        message: String::new()
    })
    .is_active());
    assert!(CallStage::HangingUp.is_active());
}

#[test]
fn released_changes_nothing() {
    let mut s = with_agent();
    let before = s.clone();
    s.apply(99.0, CallInput::Released);
    assert_eq!(s, before);
}

#[test]
fn mute_and_unmute_follow_the_microphone() {
    let mut s = with_agent();
    s.apply(45.0, CallInput::MicrophoneEnabled);
    s.apply(50.0, CallInput::MicrophoneMuted { muted: true });
    assert!(!s.microphone_on);
    s.apply(51.0, CallInput::MicrophoneMuted { muted: true });
    s.apply(60.0, CallInput::MicrophoneMuted { muted: false });
    assert!(s.microphone_on);
    let muted_lines = s
        .log
        .entries()
        .iter()
        .filter(|e| e.event == LogEvent::MicrophoneOff)
        .count();
    assert_eq!(muted_lines, 1, "a duplicate mute is not logged twice");
}

#[test]
fn transcript_lines_are_kept_and_agent_track_is_known() {
    let mut s = with_agent();
    s.apply(
        50.0,
        room(RoomEvent::TrackSubscribed {
            track: audio_track(),
            participant: agent(None),
        }),
    );
    assert_eq!(
        s.agent
            .as_ref()
            .and_then(|a| a.audio_track_sid.clone())
            .as_deref(),
        Some("TR_1")
    );
    let line = crate::call::TranscriptLine {
        id: "SG_1".into(),
        speaker: crate::call::Speaker::Agent {
            name: "Sofia".into(),
        },
        kind: crate::call::LineKind::Speech,
        text: "Hello".into(),
        is_final: false,
    };
    s.apply(51.0, CallInput::Transcript(line));
    assert_eq!(s.transcript.lines().len(), 1);
}

#[test]
fn participant_names_are_remembered_for_the_transcript() {
    let mut s = connecting();
    let mut guest = human();
    guest.name = Some("<img src=x>".into());
    s.apply(
        30.0,
        room(RoomEvent::ParticipantConnected { participant: guest }),
    );
    assert_eq!(
        s.participant_names.get("bob").map(String::as_str),
        Some("<img src=x>")
    );
}

fn agent_check(s: &mut CallState, requested: &[&str]) {
    s.apply(
        15_000.0,
        CallInput::AgentCheck {
            requested_agents: requested.iter().map(|a| a.to_string()).collect(),
            room_at_join: None,
            waited_ms: 15_000,
        },
    );
}

#[test]
fn agent_absence_is_told_apart_by_dispatch() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    agent_check(&mut s, &[]);
    assert_eq!(
        s.warnings,
        vec![Warning::AgentNotDispatched { waited_s: 15 }]
    );
    agent_check(&mut s, &["sofia"]);
    assert_eq!(
        s.warnings,
        vec![Warning::AgentNotJoined {
            agent_name: "sofia".into(),
            waited_s: 15,
            room_created_by_join: false,
        }],
        "one per kind"
    );
    let keys: Vec<_> = s.warnings.iter().map(Warning::key).collect();
    assert_eq!(keys, ["agent-not-joined"]);
}

#[test]
fn agent_that_joins_late_clears_the_absence_warning() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    agent_check(&mut s, &["sofia"]);
    s.apply(
        20_000.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("listening")),
        }),
    );
    assert!(s.warnings.is_empty());
}

#[test]
fn agent_stuck_initializing_then_silent_then_fine() {
    let mut s = with_agent();
    agent_check(&mut s, &["sofia"]);
    assert_eq!(
        s.warnings.iter().map(Warning::key).collect::<Vec<_>>(),
        ["agent-never-ready"]
    );
    let mut changed = StringMap::new();
    changed.insert("lk.agent.state".to_string(), "listening".to_string());
    s.apply(
        16_000.0,
        room(RoomEvent::ParticipantAttributesChanged {
            participant: agent(Some("listening")),
            changed,
        }),
    );
    assert!(s.warnings.is_empty(), "ready now");
    agent_check(&mut s, &["sofia"]);
    assert_eq!(
        s.warnings.iter().map(Warning::key).collect::<Vec<_>>(),
        ["agent-silent"]
    );
    s.apply(
        17_000.0,
        room(RoomEvent::TrackSubscribed {
            track: audio_track(),
            participant: agent(None),
        }),
    );
    assert!(s.warnings.is_empty(), "audible now");
}

#[test]
fn agent_check_outside_a_connected_call_is_ignored() {
    let mut s = connecting();
    agent_check(&mut s, &["sofia"]);
    assert!(s.warnings.is_empty());
}

#[test]
fn silent_microphone_warns_only_while_unmuted() {
    let mut s = with_agent();
    s.apply(40.0, CallInput::MicrophoneEnabled);
    s.apply(50.0, CallInput::MicrophoneSilent(true));
    assert_eq!(s.warnings, vec![Warning::MicrophoneSilent]);
    s.apply(60.0, CallInput::MicrophoneMuted { muted: true });
    assert!(s.warnings.is_empty(), "muting explains the silence");
    s.apply(70.0, CallInput::MicrophoneSilent(true));
    assert!(s.warnings.is_empty());
    s.apply(80.0, CallInput::MicrophoneMuted { muted: false });
    s.apply(90.0, CallInput::MicrophoneSilent(true));
    s.apply(95.0, CallInput::MicrophoneSilent(false));
    assert!(s.warnings.is_empty());
}

#[test]
fn sdk_silence_event_alone_is_neither_logged_nor_warned() {
    let mut s = with_agent();
    s.apply(40.0, CallInput::MicrophoneEnabled);
    let logged = s.log.entries().len();
    s.apply(45.0, room(RoomEvent::LocalAudioSilenceDetected));
    assert!(s.warnings.is_empty());
    assert_eq!(
        s.log.entries().len(),
        logged,
        "the SDK's early event is a false alarm"
    );
    s.apply(50.0, CallInput::MicrophoneSilent(true));
    assert_eq!(
        s.warnings,
        vec![Warning::MicrophoneSilent],
        "our own check decides"
    );
}

#[test]
fn microphone_choice_warns_until_the_check_passes_again() {
    let mut s = with_agent();
    s.apply(40.0, CallInput::MicrophoneEnabled);
    let mismatch = Warning::MicrophoneNotChosen {
        chosen: PickedMicrophone::Listed(MicrophoneName {
            id: "headset".into(),
            label: Some("Headset".into()),
        }),
        active: CapturingMicrophone::Nothing,
    };
    s.apply(50.0, CallInput::MicrophoneSilent(true));
    s.apply(60.0, CallInput::MicrophoneChoice(Some(mismatch.clone())));
    s.apply(70.0, CallInput::MicrophoneChoice(Some(mismatch.clone())));
    assert_eq!(
        s.warnings,
        vec![Warning::MicrophoneSilent, mismatch],
        "one of each kind, beside the silence warning"
    );
    s.apply(80.0, CallInput::MicrophoneChoice(None));
    assert_eq!(s.warnings, vec![Warning::MicrophoneSilent]);
}

#[test]
fn reconnect_that_runs_out_ends_as_a_lost_connection() {
    let mut s = with_agent();
    s.apply(50.0, room(RoomEvent::Reconnecting));
    s.apply(
        90_000.0,
        room(RoomEvent::Disconnected {
            reason: DisconnectReason::Unknown,
        }),
    );
    assert_eq!(
        s.stage,
        CallStage::Ended(EndReason::Remote(DisconnectReason::SignalClose))
    );
}

fn agent_check_in(s: &mut CallState, room_at_join: RoomAtJoin) {
    s.apply(
        15_000.0,
        CallInput::AgentCheck {
            requested_agents: vec!["sofia".into()],
            room_at_join: Some(room_at_join),
            waited_ms: 15_000,
        },
    );
}

fn room_aged(age_s: u64) -> RoomAtJoin {
    RoomAtJoin {
        room: "front-desk".into(),
        created_unix_s: 1_800_000_000,
        joined_unix_s: 1_800_000_000 + age_s,
        present: Vec::new(),
    }
}

#[test]
fn an_absent_agent_in_a_room_that_existed_is_an_ignored_dispatch() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    agent_check_in(&mut s, room_aged(40));
    assert_eq!(
        s.warnings,
        vec![Warning::AgentDispatchIgnored {
            agent_name: "sofia".into(),
            room: room_aged(40),
        }]
    );
    assert_eq!(s.warnings[0].key(), "agent-dispatch-ignored");
    s.apply(
        20_000.0,
        room(RoomEvent::ParticipantConnected {
            participant: agent(Some("listening")),
        }),
    );
    assert!(
        s.warnings.is_empty(),
        "an agent that comes after all clears it"
    );
}

#[test]
fn an_absent_agent_in_a_room_we_created_is_the_workers_problem() {
    let mut s = connecting();
    s.apply(30.0, room(RoomEvent::Connected));
    agent_check_in(&mut s, room_aged(0));
    assert_eq!(
        s.warnings,
        vec![Warning::AgentNotJoined {
            agent_name: "sofia".into(),
            waited_s: 15,
            room_created_by_join: true,
        }]
    );
}
