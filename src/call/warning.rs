//! Problems that do not end the call but that a person (or the site owner) must know about:
//! the agent missing or silent, a microphone nobody can hear, a server URL written wrong.

use super::device_choice::{CapturingMicrophone, PickedMicrophone};
use super::failure::Hop;
use super::playback_watch::{OutputSymptom, Recovery};
use crate::livekit::event::DisconnectReason;
use crate::livekit::RoomAtJoin;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Connected, no agent, and the token asked for none.
    AgentNotDispatched { waited_s: u32 },
    /// Connected, the token asked for `agent_name`, and no agent joined in time.
    /// `room_created_by_join`: our join created the room, so LiveKit did dispatch (the worker is
    /// the problem); `false` when that is not known.
    AgentNotJoined {
        agent_name: String,
        waited_s: u32,
        room_created_by_join: bool,
    },
    /// As `AgentNotJoined`, and we know why: the room existed before this call's join, so
    /// LiveKit ignored the token's dispatch (it dispatches only when the join creates the room).
    AgentDispatchIgnored {
        agent_name: String,
        room: RoomAtJoin,
    },
    /// The agent was in the call and left while it still runs; `reason` is the server's
    /// (livekit-client ≥ 2.23), `Unknown` when it did not say.
    AgentLeft {
        agent: String,
        reason: DisconnectReason,
    },
    /// The agent joined but still says `initializing`.
    AgentNeverReady { agent: String, waited_s: u32 },
    /// The agent joined but publishes no audio track.
    AgentSilent { agent: String, waited_s: u32 },
    /// Our microphone sends silence while unmuted.
    MicrophoneSilent,
    /// The microphone the call captures from is not the one the person picked (it was unplugged,
    /// or the browser fell back to another).
    MicrophoneNotChosen {
        chosen: PickedMicrophone,
        active: CapturingMicrophone,
    },
    /// The agent spoke but the page's audio stayed silent after every recovery step.
    AgentNotHeard {
        symptom: OutputSymptom,
        tried: Vec<Recovery>,
    },
    /// `http(s)://` where LiveKit expects `ws(s)://` (the SDK rewrites it; the config is still wrong).
    ServerUrlScheme { url: String },
}

impl Warning {
    pub fn hop(&self) -> Hop {
        match self {
            Warning::AgentNotDispatched { .. }
            | Warning::AgentNotJoined { .. }
            | Warning::AgentDispatchIgnored { .. }
            | Warning::AgentLeft { .. }
            | Warning::AgentNeverReady { .. }
            | Warning::AgentSilent { .. } => Hop::Agent,
            Warning::MicrophoneSilent | Warning::MicrophoneNotChosen { .. } => Hop::Microphone,
            Warning::AgentNotHeard { .. } => Hop::Playback,
            Warning::ServerUrlScheme { .. } => Hop::ServerUrl,
        }
    }

    /// Which kind of warning: one of each kind is shown at a time.
    pub fn kind(&self) -> WarningKind {
        match self {
            Warning::AgentNotDispatched { .. } => WarningKind::AgentNotDispatched,
            Warning::AgentNotJoined { .. } => WarningKind::AgentNotJoined,
            Warning::AgentDispatchIgnored { .. } => WarningKind::AgentDispatchIgnored,
            Warning::AgentLeft { .. } => WarningKind::AgentLeft,
            Warning::AgentNeverReady { .. } => WarningKind::AgentNeverReady,
            Warning::AgentSilent { .. } => WarningKind::AgentSilent,
            Warning::MicrophoneSilent => WarningKind::MicrophoneSilent,
            Warning::MicrophoneNotChosen { .. } => WarningKind::MicrophoneNotChosen,
            Warning::AgentNotHeard { .. } => WarningKind::AgentNotHeard,
            Warning::ServerUrlScheme { .. } => WarningKind::ServerUrlScheme,
        }
    }

    /// The kind's stable key (see [`WarningKind::key`]).
    pub fn key(&self) -> &'static str {
        self.kind().key()
    }
}

/// The kinds of [`Warning`], without their evidence: what the state clears and the host page
/// sees as `lkw-warning.key`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    AgentNotDispatched,
    AgentNotJoined,
    AgentDispatchIgnored,
    AgentLeft,
    AgentNeverReady,
    AgentSilent,
    MicrophoneSilent,
    MicrophoneNotChosen,
    AgentNotHeard,
    ServerUrlScheme,
}

impl WarningKind {
    pub const ALL: [WarningKind; 10] = [
        WarningKind::AgentNotDispatched,
        WarningKind::AgentNotJoined,
        WarningKind::AgentDispatchIgnored,
        WarningKind::AgentLeft,
        WarningKind::AgentNeverReady,
        WarningKind::AgentSilent,
        WarningKind::MicrophoneSilent,
        WarningKind::MicrophoneNotChosen,
        WarningKind::AgentNotHeard,
        WarningKind::ServerUrlScheme,
    ];

    /// A stable key (`data-warning`, `lkw-warning.key`): part of the host page's contract.
    pub fn key(self) -> &'static str {
        match self {
            WarningKind::AgentNotDispatched => "agent-not-dispatched",
            WarningKind::AgentNotJoined => "agent-not-joined",
            WarningKind::AgentDispatchIgnored => "agent-dispatch-ignored",
            WarningKind::AgentLeft => "agent-left",
            WarningKind::AgentNeverReady => "agent-never-ready",
            WarningKind::AgentSilent => "agent-silent",
            WarningKind::MicrophoneSilent => "microphone-silent",
            WarningKind::MicrophoneNotChosen => "microphone-not-chosen",
            WarningKind::ServerUrlScheme => "server-url-scheme",
            WarningKind::AgentNotHeard => "agent-not-heard",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct() {
        let keys: std::collections::BTreeSet<_> =
            WarningKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys.len(), WarningKind::ALL.len());
    }

    #[test]
    fn each_warning_has_its_own_kind() {
        assert_eq!(
            Warning::AgentSilent {
                agent: String::new(),
                waited_s: 1
            }
            .kind(),
            WarningKind::AgentSilent
        );
        assert_eq!(Warning::MicrophoneSilent.key(), "microphone-silent");
    }
}
