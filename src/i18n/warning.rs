//! Words for the warnings (problems that do not end the call): the person's in their language,
//! the owner's fix and evidence in English.

use super::diagnosis::Diagnosis;
use super::playback::{output_symptom, recovery_steps};
use super::Lang;
use crate::call::device_choice::{CapturingMicrophone, MicrophoneName, PickedMicrophone};
use crate::call::Warning;

/// The person's words in `lang`; the owner's fix and evidence in English.
pub fn explain(warning: &Warning, lang: Lang) -> Diagnosis {
    let m = lang.messages();
    let (user, owner_fix, evidence) = match warning {
        Warning::AgentNotDispatched { waited_s } => (
            m.agent_unavailable(),
            format!(
                "No agent joined within {waited_s} s and the token requested none: add roomConfig.agents = [{{agentName}}] to the token (explicit dispatch), or run a worker without agent_name (automatic dispatch)."
            ),
            "token roomConfig.agents: none".to_string(),
        ),
        Warning::AgentNotJoined { agent_name, waited_s } => (
            m.agent_unavailable(),
            format!(
                "The agent '{agent_name}' was requested but no agent joined within {waited_s} s: is the worker running and registered with agent_name '{agent_name}'? Was the room name reused (dispatch happens only when a room is created)?"
            ),
            format!("token roomConfig.agents: ['{agent_name}']; no participant of kind AGENT"),
        ),
        Warning::AgentNeverReady { agent, waited_s } => (
            m.agent_not_ready(),
            format!(
                "The agent '{agent}' joined but still reports lk.agent.state = initializing after {waited_s} s: check the worker's logs (model or plugin start-up, prewarm)."
            ),
            "lk.agent.state: initializing".to_string(),
        ),
        Warning::AgentSilent { agent, waited_s } => (
            m.agent_silent(),
            format!(
                "The agent '{agent}' joined but published no audio track within {waited_s} s: check its TTS and that it publishes to the room."
            ),
            "no audio track subscribed from the agent".to_string(),
        ),
        Warning::MicrophoneSilent => (
            m.cant_hear_you(),
            "The microphone track carries silence while unmuted: wrong input device, a hardware mute switch, or an OS-level mute.".to_string(),
            "microphone level below -70 dBFS for 5 s while unmuted".to_string(),
        ),
        Warning::MicrophoneNotChosen { chosen, active } => {
            let chosen = picked_microphone(chosen);
            let active = capturing_microphone(&chosen, active);
            (
            m.other_microphone(),
            format!(
                "The microphone picked in the widget ({chosen}) is not the one the call captures from ({active}): it was unplugged or is no longer listed, and the browser fell back. Plug it in and pick it again; on a shared computer, check the OS input settings."
            ),
            format!("picked: {chosen}; capturing: {active}"),
        )
        }
        Warning::AgentNotHeard { symptom, tried } => {
            let symptom = output_symptom(symptom);
            let tried = recovery_steps(tried);
            (
            m.agent_not_heard(),
            format!(
                "The agent was speaking but the page did not play it ({symptom}), and the widget's recovery ({tried}) did not help: the visitor's output device, system volume or an OS audio interruption (a phone call, another app holding the audio) is the likely cause. If it recurs for many visitors, send the diagnostic bundle."
            ),
            format!("agent speaking; {symptom}; tried: {tried}"),
        )
        }
        Warning::ServerUrlScheme { url } => (
            m.server_url_wrong(),
            format!("The LiveKit server URL '{url}' uses http(s)://: LiveKit URLs are ws:// or wss:// (e.g. wss://your-project.livekit.cloud). The SDK rewrote it this time; fix LIVEKIT_URL."),
            format!("server URL: '{url}'"),
        ),
    };
    Diagnosis {
        hop: warning.hop(),
        user_message: user.to_string(),
        owner_fix,
        evidence,
    }
}

fn microphone_name(name: &MicrophoneName) -> String {
    match &name.label {
        Some(label) => format!("'{label}'"),
        None => format!("device {}", name.id),
    }
}

/// The picked microphone as the owner reads it: its label, else its id.
fn picked_microphone(picked: &PickedMicrophone) -> String {
    match picked {
        PickedMicrophone::Listed(name) => microphone_name(name),
        PickedMicrophone::NoLongerListed { id } => format!("device {id}, no longer listed"),
    }
}

fn capturing_microphone(picked: &str, capturing: &CapturingMicrophone) -> String {
    match capturing {
        CapturingMicrophone::Other(name) => microphone_name(name),
        CapturingMicrophone::PickedButStopped => format!("{picked}, which stopped"),
        CapturingMicrophone::Nothing => "no live microphone track".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::device_choice::{microphone_choice, ListedDevice};
    use crate::call::Hop;

    #[test]
    fn requested_agent_that_never_came_names_worker_and_room_reuse() {
        let d = explain(
            &Warning::AgentNotJoined {
                agent_name: "sofia".into(),
                waited_s: 15,
            },
            Lang::En,
        );
        assert_eq!(d.hop, Hop::Agent);
        assert!(d
            .owner_fix
            .contains("'sofia' was requested but no agent joined within 15 s"));
        assert!(d.owner_fix.contains("room name reused"));
    }

    #[test]
    fn no_dispatch_requested_names_explicit_dispatch() {
        let d = explain(&Warning::AgentNotDispatched { waited_s: 15 }, Lang::De);
        assert!(d.owner_fix.contains("roomConfig.agents"));
        assert!(d.user_message.contains("Assistentin"));
    }

    fn listed() -> Vec<ListedDevice> {
        vec![
            ("default".into(), "Default - Headset".into()),
            ("headset".into(), "Headset".into()),
            ("laptop".into(), "Laptop microphone".into()),
        ]
    }

    fn evidence(warning: Option<Warning>) -> String {
        explain(&warning.expect("a mismatch"), Lang::En).evidence
    }

    #[test]
    fn microphones_are_named_by_label_else_by_id() {
        assert_eq!(
            evidence(microphone_choice(Some("headset"), Some("laptop"), &[])),
            "picked: device headset; capturing: device laptop"
        );
        assert_eq!(
            evidence(microphone_choice(
                Some("headset"),
                Some("laptop"),
                &listed()
            )),
            "picked: 'Headset'; capturing: 'Laptop microphone'"
        );
    }

    #[test]
    fn an_unplugged_pick_is_named_gone_and_a_stale_track_stopped() {
        let unplugged: Vec<ListedDevice> = listed()
            .into_iter()
            .filter(|(id, _)| id != "headset")
            .collect();
        assert_eq!(
            evidence(microphone_choice(
                Some("headset"),
                Some("default"),
                &unplugged
            )),
            "picked: device headset, no longer listed; capturing: 'Default - Headset'"
        );
        assert!(evidence(microphone_choice(
            Some("headset"),
            Some("headset"),
            &unplugged
        ))
        .ends_with("which stopped"));
    }

    #[test]
    fn the_microphone_warning_has_a_fix() {
        let d = explain(
            &microphone_choice(Some("headset"), Some("laptop"), &listed()).expect("a mismatch"),
            Lang::En,
        );
        assert_eq!(d.hop, Hop::Microphone);
        assert!(d
            .owner_fix
            .contains("('Headset') is not the one the call captures from ('Laptop microphone')"));
        assert!(d.user_message.contains("different microphone"));
    }
}
