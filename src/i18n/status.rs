//! The one-line status a person reads above the controls.

use super::Lang;
use crate::call::{CallStage, CallState, EndReason};

pub fn status_line(state: &CallState, lang: Lang) -> String {
    let m = lang.messages();
    match &state.stage {
        CallStage::Idle => m.ready().into(),
        CallStage::FetchingToken => m.getting_access().into(),
        CallStage::LoadingSdk => m.loading().into(),
        CallStage::Connecting => m.connecting().into(),
        CallStage::Connected => m.waiting_for_agent().into(),
        CallStage::AgentJoined => match &state.agent {
            Some(agent) => m.agent_is(&agent.display_name, agent.state),
            None => m.waiting_for_agent().into(),
        },
        CallStage::Reconnecting => m.reconnecting().into(),
        CallStage::HangingUp => m.hanging_up().into(),
        CallStage::Ended(EndReason::HungUp) => m.call_ended().into(),
        CallStage::Ended(EndReason::Remote(reason)) => m.call_ended_because(*reason),
        CallStage::Failed(_) => m.call_failed().into(),
    }
}
