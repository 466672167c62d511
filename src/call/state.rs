//! The call state machine: user intents, async outcomes and room events in; stage, agent
//! presence and the event log out. Plain Rust so every transition is tested natively.

use super::agent::{AgentPresence, AgentState};
use super::failure::{CallFailure, Hop};
use super::log::{EventLog, LogEntry, LogEvent, LogTone};
use super::playback_watch::WatchVerdict;
use super::transcript::{Transcript, TranscriptLine};
use super::warning::{Warning, WarningKind};
use crate::livekit::event::{
    ConnectionState, DisconnectReason, ParticipantSnapshot, RoomEvent, TrackKind,
};
use crate::livekit::string_map::StringMap;
use crate::livekit::RoomAtJoin;

/// Where the call is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallStage {
    Idle,
    /// The token is being fetched (the SDK loads in parallel).
    FetchingToken,
    /// The token is here; the SDK is still loading.
    LoadingSdk,
    Connecting,
    /// In the room; no agent yet.
    Connected,
    /// In the room with the agent.
    AgentJoined,
    Reconnecting,
    /// Hang up requested; waiting for the room to close.
    HangingUp,
    Ended(EndReason),
    Failed(CallFailure),
}

impl CallStage {
    /// A call is under way (the Call button becomes Hang up).
    pub fn is_active(&self) -> bool {
        !matches!(self, Self::Idle | Self::Ended(_) | Self::Failed(_))
    }

    /// A short word for the stage, also exposed as `data-stage` for tests and styling.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::FetchingToken => "fetching-token",
            Self::LoadingSdk => "loading-sdk",
            Self::Connecting => "connecting",
            Self::Connected => "connected",
            Self::AgentJoined => "agent-joined",
            Self::Reconnecting => "reconnecting",
            Self::HangingUp => "hanging-up",
            Self::Ended(_) => "ended",
            Self::Failed(_) => "failed",
        }
    }

    /// The failure the person and the host page are told about: a failed call, or a call the far
    /// side ended for a reason worth explaining (not a plain leave, not an unknown reason).
    pub fn problem(&self) -> Option<std::borrow::Cow<'_, CallFailure>> {
        match self {
            Self::Failed(failure) => Some(std::borrow::Cow::Borrowed(failure)),
            Self::Ended(EndReason::Remote(reason))
                if !matches!(
                    reason,
                    DisconnectReason::ClientInitiated | DisconnectReason::Unknown
                ) =>
            {
                Some(std::borrow::Cow::Owned(CallFailure::Disconnected {
                    reason: *reason,
                }))
            }
            _ => None,
        }
    }
}

/// Why a call ended without failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    HungUp,
    Remote(DisconnectReason),
}

impl EndReason {
    /// The host page's `lkw-call-state.endReason` (`hung-up`, `remote:duplicate-identity` …):
    /// a contract, so spelled out here, never derived from Rust names.
    pub fn key(self) -> String {
        match self {
            EndReason::HungUp => "hung-up".into(),
            EndReason::Remote(reason) => format!("remote:{}", reason.key()),
        }
    }
}

#[cfg(test)]
#[test]
fn end_reasons_are_stable_kebab_case_keys() {
    assert_eq!(EndReason::HungUp.key(), "hung-up");
    assert_eq!(
        EndReason::Remote(DisconnectReason::DuplicateIdentity).key(),
        "remote:duplicate-identity"
    );
    assert_eq!(
        EndReason::Remote(DisconnectReason::Other(42)).key(),
        "remote:code-42"
    );
    for code in 0..=17 {
        let key = EndReason::Remote(DisconnectReason::from_code(Some(code))).key();
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ":-".contains(c)),
            "{key}"
        );
    }
}

/// Everything that can move the call.
#[derive(Clone, Debug, PartialEq)]
pub enum CallInput {
    /// The person clicked Call.
    CallRequested,
    /// The page came back (a reload, a navigation within the site) while a call ran, and the
    /// widget rejoins `room` with the saved token (option `resume`).
    CallResuming {
        room: String,
    },
    /// The person clicked Call and the call could not even start (the browser cannot call):
    /// nothing was fetched, so the log says only why.
    CallRefused(CallFailure),
    TokenReceived {
        room_name: Option<String>,
    },
    SdkLoaded {
        version: String,
    },
    /// Token and SDK are ready; `connect` has been called.
    ConnectStarted {
        server_url: String,
    },
    MicrophoneEnabled,
    Failed(CallFailure),
    /// The person clicked Hang up.
    HangUpRequested,
    /// `room.disconnect()` resolved and everything is released.
    HangUpFinished,
    /// The person muted (`true`) or unmuted the microphone.
    MicrophoneMuted {
        muted: bool,
    },
    /// A transcript segment or chat message, new or a newer version of one shown.
    Transcript(TranscriptLine),
    /// The agent-join timer fired: diagnose an absent, unready or silent agent. `requested_agents`
    /// are the agents the token asked LiveKit to dispatch; `room_at_join` whether our join
    /// created the room (when the SDK told).
    AgentCheck {
        requested_agents: Vec<String>,
        room_at_join: Option<RoomAtJoin>,
        waited_ms: u32,
    },
    /// Our microphone went silent while unmuted (`true`) or is heard again (`false`).
    MicrophoneSilent(bool),
    /// A problem that does not end the call.
    Warn(Warning),
    /// The microphone check ran: `Some` is a mismatch with the person's pick
    /// ([`super::device_choice`]), `None` clears it.
    MicrophoneChoice(Option<Warning>),
    /// The playback watchdog's verdict on a sample (only those that are not `Nothing`).
    PlaybackWatch(WatchVerdict),
    /// Everything a call held (room, listeners, `<audio>`, mic) has been released. Changes no
    /// state; lets readers of leak counters look again.
    Released,
    Room(RoomEvent),
}

/// The call as the UI reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct CallState {
    pub stage: CallStage,
    pub agent: Option<AgentPresence>,
    pub microphone_on: bool,
    /// The browser refused to play audio until a click (`audioPlaybackChanged(false)`).
    pub playback_blocked: bool,
    pub room_name: Option<String>,
    pub log: EventLog,
    pub transcript: Transcript,
    /// Problems that do not end the call, one per kind, oldest first.
    pub warnings: Vec<Warning>,
    /// Display names of the remote participants by identity (also after they left).
    pub participant_names: StringMap,
    started_at_ms: f64,
    token_ready: bool,
    sdk_ready: bool,
}

impl Default for CallState {
    fn default() -> Self {
        Self {
            stage: CallStage::Idle,
            agent: None,
            microphone_on: false,
            playback_blocked: false,
            room_name: None,
            log: EventLog::default(),
            transcript: Transcript::default(),
            warnings: Vec::new(),
            participant_names: StringMap::new(),
            started_at_ms: 0.0,
            token_ready: false,
            sdk_ready: false,
        }
    }
}

impl CallState {
    /// Applies one input at time `now_ms` (any monotonic clock in milliseconds).
    ///
    /// Inputs that do not fit the current stage (a late token after Hang up, a duplicate
    /// event) are ignored or absorbed, never a panic.
    pub fn apply(&mut self, now_ms: f64, input: CallInput) {
        match input {
            CallInput::CallRequested => self.start(now_ms, LogEvent::CallRequested),
            CallInput::CallResuming { room } => self.start(now_ms, LogEvent::CallResuming { room }),
            CallInput::CallRefused(failure) => {
                if !self.stage.is_active() {
                    *self = Self {
                        started_at_ms: now_ms,
                        ..Self::default()
                    };
                    self.fail(now_ms, failure);
                }
            }
            CallInput::Released => {}
            _ if !self.stage.is_active() => {}
            CallInput::TokenReceived { room_name } => {
                self.token_ready = true;
                self.room_name = room_name;
                self.note(now_ms, LogTone::Info, LogEvent::TokenReceived);
                if matches!(self.stage, CallStage::FetchingToken) && !self.sdk_ready {
                    self.stage = CallStage::LoadingSdk;
                }
            }
            CallInput::SdkLoaded { version } => {
                self.sdk_ready = true;
                self.note(now_ms, LogTone::Info, LogEvent::SdkLoaded { version });
            }
            CallInput::ConnectStarted { server_url } => {
                if matches!(self.stage, CallStage::FetchingToken | CallStage::LoadingSdk) {
                    self.stage = CallStage::Connecting;
                    self.note(
                        now_ms,
                        LogTone::Info,
                        LogEvent::Connecting { url: server_url },
                    );
                }
            }
            CallInput::MicrophoneEnabled => {
                if !self.microphone_on {
                    self.microphone_on = true;
                    self.note(now_ms, LogTone::Info, LogEvent::MicrophoneOn);
                }
            }
            CallInput::MicrophoneMuted { muted } => {
                if muted {
                    self.clear_warning(WarningKind::MicrophoneSilent); // silence is expected now
                }
                if self.microphone_on == muted {
                    self.microphone_on = !muted;
                    let event = if muted {
                        LogEvent::MicrophoneOff
                    } else {
                        LogEvent::MicrophoneOn
                    };
                    self.note(now_ms, LogTone::Info, event);
                }
            }
            CallInput::Transcript(line) => self.transcript.upsert(line),
            CallInput::AgentCheck {
                requested_agents,
                room_at_join,
                waited_ms,
            } => self.check_agent(&requested_agents, room_at_join, waited_ms),
            CallInput::MicrophoneSilent(true) if self.microphone_on => {
                self.warn(Warning::MicrophoneSilent)
            }
            CallInput::MicrophoneSilent(_) => self.clear_warning(WarningKind::MicrophoneSilent),
            CallInput::Warn(warning) => self.warn(warning),
            CallInput::PlaybackWatch(verdict) => self.on_playback_verdict(now_ms, verdict),
            CallInput::MicrophoneChoice(Some(warning)) => self.warn(warning),
            CallInput::MicrophoneChoice(None) => {
                self.clear_warning(WarningKind::MicrophoneNotChosen)
            }
            CallInput::Failed(failure) => self.fail(now_ms, failure),
            CallInput::HangUpRequested => {
                self.stage = CallStage::HangingUp;
                self.note(now_ms, LogTone::Info, LogEvent::HangingUp);
            }
            CallInput::HangUpFinished => self.end(now_ms, EndReason::HungUp),
            CallInput::Room(event) => self.apply_room_event(now_ms, event),
        }
    }

    fn start(&mut self, now_ms: f64, event: LogEvent) {
        if self.stage.is_active() {
            return; // a double click must not start a second call
        }
        *self = Self {
            started_at_ms: now_ms,
            stage: CallStage::FetchingToken,
            ..Self::default()
        };
        self.note(now_ms, LogTone::Info, event);
    }

    fn fail(&mut self, now_ms: f64, failure: CallFailure) {
        if matches!(self.stage, CallStage::HangingUp) {
            // Errors while tearing down (a cancelled connect) are the hang-up, not a failure.
            return;
        }
        self.note(now_ms, LogTone::Error, LogEvent::Failed(failure.clone()));
        self.microphone_on = false;
        self.stage = CallStage::Failed(failure);
    }

    fn end(&mut self, now_ms: f64, reason: EndReason) {
        self.microphone_on = false;
        self.agent = None;
        self.playback_blocked = false;
        if let EndReason::Remote(remote) = reason {
            self.note(now_ms, LogTone::Warning, LogEvent::CallEndedRemote(remote));
        } else {
            self.note(now_ms, LogTone::Info, LogEvent::CallEnded);
        }
        self.stage = CallStage::Ended(reason);
    }

    fn apply_room_event(&mut self, now_ms: f64, event: RoomEvent) {
        if event == RoomEvent::LocalAudioSilenceDetected {
            // livekit-client fires this on the first frames of a healthy microphone (every call
            // in Chromium, while the agent hears the person): alone it is a false alarm. The
            // person hears of silence only from our own level check (`MicrophoneSilent`).
            return;
        }
        self.apply_room_event_inner(now_ms, event);
        self.reconcile_agent_warnings();
    }

    /// Agent warnings go away once what they missed has happened.
    fn reconcile_agent_warnings(&mut self) {
        let Some(agent) = &self.agent else { return };
        let ready = !matches!(agent.state, AgentState::Initializing | AgentState::Unknown)
            || agent.audio_subscribed;
        let audible = agent.audio_subscribed;
        self.warnings.retain(|w| match w {
            Warning::AgentNotDispatched { .. }
            | Warning::AgentNotJoined { .. }
            | Warning::AgentDispatchIgnored { .. }
            | Warning::AgentLeft { .. } => false,
            Warning::AgentNeverReady { .. } => !ready,
            Warning::AgentSilent { .. } => !audible,
            _ => true,
        });
    }

    fn apply_room_event_inner(&mut self, now_ms: f64, event: RoomEvent) {
        {
            let tone = match &event {
                RoomEvent::AudioPlaybackChanged { playing: false }
                | RoomEvent::Reconnecting
                | RoomEvent::SignalReconnecting
                | RoomEvent::TrackSubscriptionFailed { .. } => LogTone::Warning,
                RoomEvent::MediaDevicesError { .. } => LogTone::Error,
                _ => LogTone::Info,
            };
            self.note(now_ms, tone, LogEvent::Room(event.clone()));
        }
        match &event {
            RoomEvent::ParticipantConnected { participant }
            | RoomEvent::ParticipantAttributesChanged { participant, .. } => {
                self.participant_names
                    .insert(participant.identity.clone(), participant.display_name());
            }
            _ => {}
        }
        match event {
            RoomEvent::Connected => self.on_connected(),
            RoomEvent::ConnectionStateChanged {
                state: ConnectionState::Connected,
            } => self.on_connected(),
            RoomEvent::Reconnecting | RoomEvent::SignalReconnecting
                if !matches!(self.stage, CallStage::HangingUp) =>
            {
                self.stage = CallStage::Reconnecting;
            }
            RoomEvent::Reconnected => self.on_connected(),
            RoomEvent::Disconnected { .. }
                if matches!(
                    self.stage,
                    CallStage::FetchingToken | CallStage::LoadingSdk | CallStage::Connecting
                ) =>
            {
                // A join that fails also emits `disconnected`; the rejected `connect()` that follows
                // carries the reason, so wait for it instead of ending without a diagnosis.
            }
            RoomEvent::Disconnected { reason } => {
                // When its reconnect attempts run out the SDK gives no reason: the signal
                // connection is what was lost.
                let reason = if reason == DisconnectReason::Unknown
                    && matches!(self.stage, CallStage::Reconnecting)
                {
                    DisconnectReason::SignalClose
                } else {
                    reason
                };
                if matches!(self.stage, CallStage::HangingUp)
                    || reason == DisconnectReason::ClientInitiated
                {
                    self.end(now_ms, EndReason::HungUp);
                } else {
                    self.end(now_ms, EndReason::Remote(reason));
                }
            }
            RoomEvent::ParticipantConnected { participant } if participant.is_agent() => {
                self.meet_agent(&participant);
                self.on_connected();
            }
            RoomEvent::ParticipantDisconnected {
                participant,
                reason,
            } if self.is_agent_identity(&participant.identity) => {
                let left = self.agent.take();
                if matches!(self.stage, CallStage::AgentJoined) {
                    self.stage = CallStage::Connected;
                }
                // Nobody dispatches a second agent into a running call: say so, and why.
                if let (Some(agent), CallStage::Connected) = (left, &self.stage) {
                    self.warnings.retain(|w| w.hop() != Hop::Agent);
                    self.warn(Warning::AgentLeft {
                        agent: agent.display_name,
                        reason,
                    });
                }
            }
            RoomEvent::ParticipantAttributesChanged {
                participant,
                changed,
            } => {
                if let (Some(agent), Some(value)) =
                    (self.agent.as_mut(), changed.get(AgentState::ATTRIBUTE))
                {
                    if agent.identity == participant.identity {
                        agent.state = AgentState::parse(value);
                    }
                }
            }
            RoomEvent::TrackSubscribed { track, participant } if track.kind == TrackKind::Audio => {
                // Rejoining a room the agent is already in, the SDK subscribes to her voice
                // during `connect()`, before the pipeline reports who was there: this track is
                // how we meet her then (else the meter and the playback watch never see it).
                if self.agent.is_none() && participant.is_agent() {
                    self.meet_agent(&participant);
                    if matches!(self.stage, CallStage::Connected) {
                        self.stage = CallStage::AgentJoined;
                    }
                }
                if let Some(agent) = self
                    .agent
                    .as_mut()
                    .filter(|a| a.identity == participant.identity)
                {
                    agent.audio_subscribed = true;
                    agent.audio_track_sid = Some(track.sid.clone());
                }
            }
            RoomEvent::TrackUnsubscribed { track, participant }
                if track.kind == TrackKind::Audio =>
            {
                if let Some(agent) = self
                    .agent
                    .as_mut()
                    .filter(|a| a.identity == participant.identity)
                {
                    agent.audio_subscribed = false;
                }
            }
            RoomEvent::AudioPlaybackChanged { playing } => self.playback_blocked = !playing,
            _ => {}
        }
    }

    fn on_playback_verdict(&mut self, now_ms: f64, verdict: WatchVerdict) {
        match verdict {
            WatchVerdict::Nothing => {}
            WatchVerdict::Recover { symptom, action } => self.note(
                now_ms,
                LogTone::Warning,
                LogEvent::PlaybackRecovering { symptom, action },
            ),
            WatchVerdict::NotHeard { symptom, tried } => {
                let warning = Warning::AgentNotHeard { symptom, tried };
                self.note(now_ms, LogTone::Error, LogEvent::Warned(warning.clone()));
                self.warn(warning);
            }
            WatchVerdict::Recovered { tried, .. } => {
                self.clear_warning(WarningKind::AgentNotHeard);
                self.note(now_ms, LogTone::Info, LogEvent::PlaybackRecovered { tried });
            }
        }
    }

    fn warn(&mut self, warning: Warning) {
        self.warnings.retain(|w| w.kind() != warning.kind());
        self.warnings.push(warning);
    }

    fn clear_warning(&mut self, kind: WarningKind) {
        self.warnings.retain(|w| w.kind() != kind);
    }

    /// Tells apart: no dispatch requested; requested but ignored (the room existed); requested but
    /// nobody came; came but never got ready; ready but silent.
    fn check_agent(
        &mut self,
        requested_agents: &[String],
        room_at_join: Option<RoomAtJoin>,
        waited_ms: u32,
    ) {
        if !matches!(self.stage, CallStage::Connected | CallStage::AgentJoined) {
            return;
        }
        // An agent that came and went is not one that never came.
        if self
            .warnings
            .iter()
            .any(|w| w.kind() == WarningKind::AgentLeft)
        {
            return;
        }
        let waited_s = waited_ms / 1000;
        let warning = match &self.agent {
            None => match (requested_agents.first(), room_at_join) {
                (None, _) => Warning::AgentNotDispatched { waited_s },
                (Some(name), Some(room)) if room.existed_before() => {
                    Warning::AgentDispatchIgnored {
                        agent_name: name.clone(),
                        room,
                    }
                }
                (Some(name), room) => Warning::AgentNotJoined {
                    agent_name: name.clone(),
                    waited_s,
                    room_created_by_join: room.is_some(),
                },
            },
            Some(agent)
                if matches!(agent.state, AgentState::Initializing | AgentState::Unknown)
                    && !agent.audio_subscribed =>
            {
                Warning::AgentNeverReady {
                    agent: agent.display_name.clone(),
                    waited_s,
                }
            }
            Some(agent) if !agent.audio_subscribed => Warning::AgentSilent {
                agent: agent.display_name.clone(),
                waited_s,
            },
            Some(_) => return,
        };
        // A newer check supersedes what an earlier one said about the agent.
        self.warnings.retain(|w| w.hop() != Hop::Agent);
        self.warn(warning);
    }

    /// The agent is here: a new presence unless this one is already known (a duplicate
    /// `participantConnected`, or her track came first), whose state and track are kept.
    fn meet_agent(&mut self, participant: &ParticipantSnapshot) {
        if self.is_agent_identity(&participant.identity) {
            return;
        }
        let state = participant
            .attributes
            .get(AgentState::ATTRIBUTE)
            .map(|s| AgentState::parse(s))
            .unwrap_or(AgentState::Unknown);
        self.agent = Some(AgentPresence {
            identity: participant.identity.clone(),
            display_name: participant.display_name().to_string(),
            state,
            audio_subscribed: false,
            audio_track_sid: None,
        });
    }

    fn is_agent_identity(&self, identity: &str) -> bool {
        self.agent.as_ref().is_some_and(|a| a.identity == identity)
    }

    /// Connected (again): the stage follows whether the agent is here.
    fn on_connected(&mut self) {
        if matches!(
            self.stage,
            CallStage::Connecting
                | CallStage::Connected
                | CallStage::AgentJoined
                | CallStage::Reconnecting
        ) {
            self.stage = if self.agent.is_some() {
                CallStage::AgentJoined
            } else {
                CallStage::Connected
            };
        }
    }

    fn note(&mut self, now_ms: f64, tone: LogTone, event: LogEvent) {
        let at_ms = (now_ms - self.started_at_ms).max(0.0) as u64;
        self.log.push(LogEntry { at_ms, tone, event });
    }
}
