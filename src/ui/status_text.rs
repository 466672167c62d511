//! The one-line status a person reads above the controls.

use crate::call::describe::disconnect_reason;
use crate::call::{AgentState, CallStage, CallState, EndReason};

pub fn status_line(state: &CallState) -> String {
    match &state.stage {
        CallStage::Idle => "Ready to call.".into(),
        CallStage::FetchingToken => "Getting access…".into(),
        CallStage::LoadingSdk => "Loading…".into(),
        CallStage::Connecting => "Connecting…".into(),
        CallStage::Connected => "Connected. Waiting for the agent…".into(),
        CallStage::AgentJoined => match &state.agent {
            Some(agent) => match agent.state {
                AgentState::Speaking => format!("{} is speaking.", agent.display_name),
                AgentState::Listening => format!("{} is listening.", agent.display_name),
                AgentState::Thinking => format!("{} is thinking…", agent.display_name),
                AgentState::Initializing => format!("{} is getting ready…", agent.display_name),
                AgentState::Idle | AgentState::Unknown => {
                    format!("{} is here.", agent.display_name)
                }
            },
            None => "Connected.".into(),
        },
        CallStage::Reconnecting => "Connection lost. Reconnecting…".into(),
        CallStage::HangingUp => "Hanging up…".into(),
        CallStage::Ended(EndReason::HungUp) => "Call ended.".into(),
        CallStage::Ended(EndReason::Remote(reason)) => {
            format!("Call ended: {}.", disconnect_reason(*reason))
        }
        CallStage::Failed(_) => "The call failed.".into(),
    }
}
