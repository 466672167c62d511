//! The call: state machine, event log, and the typed facts of what went wrong (the words are
//! `i18n`'s). Plain Rust, no `web_sys`, unit-tested natively.

pub mod agent;
mod base64url;
pub mod browser_support;
pub mod consent;
pub mod device_choice;
pub mod failure;
pub mod log;
pub mod playback_watch;
pub mod preflight;
pub mod resume;
pub mod state;
pub mod switch;
pub mod token_claims;
pub mod transcript;
pub mod warning;

#[cfg(test)]
mod state_tests;

pub use agent::{AgentPresence, AgentState};
pub use failure::{CallFailure, Hop};
pub use state::{CallInput, CallStage, CallState, EndReason};
pub use transcript::{LineKind, Speaker, Transcript, TranscriptLine};
pub use warning::{Warning, WarningKind};
