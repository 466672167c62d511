//! The agent as the call sees it: present or not, and what `lk.agent.state` says it is doing.

/// `lk.agent.state`, the attribute every LiveKit agent publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentState {
    Initializing,
    Idle,
    Listening,
    Thinking,
    Speaking,
    /// Present but has not published the attribute yet (or published an unknown value).
    Unknown,
}

impl AgentState {
    pub const ATTRIBUTE: &'static str = "lk.agent.state";

    pub fn parse(value: &str) -> Self {
        match value {
            "initializing" => Self::Initializing,
            "idle" => Self::Idle,
            "listening" => Self::Listening,
            "thinking" => Self::Thinking,
            "speaking" => Self::Speaking,
            _ => Self::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initializing => "initializing",
            Self::Idle => "idle",
            Self::Listening => "listening",
            Self::Thinking => "thinking",
            Self::Speaking => "speaking",
            Self::Unknown => "unknown",
        }
    }
}

/// The agent participant in the room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentPresence {
    pub identity: String,
    pub display_name: String,
    pub state: AgentState,
    /// Whether the agent's audio track is subscribed (and so attached to an `<audio>`).
    pub audio_subscribed: bool,
    /// The sid of that track: transcripts name it in `lk.transcribed_track_id`.
    pub audio_track_sid: Option<String>,
}
