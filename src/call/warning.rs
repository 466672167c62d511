//! Problems that do not end the call but that a person (or the site owner) must know about:
//! the agent missing or silent, a microphone nobody can hear, a server URL written wrong.

use super::diagnosis::Diagnosis;
use super::failure::Hop;
use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Connected, no agent, and the token asked for none.
    AgentNotDispatched { waited_s: u32 },
    /// Connected, the token asked for `agent_name`, and no agent joined in time.
    AgentNotJoined { agent_name: String, waited_s: u32 },
    /// The agent joined but still says `initializing`.
    AgentNeverReady { agent: String, waited_s: u32 },
    /// The agent joined but publishes no audio track.
    AgentSilent { agent: String, waited_s: u32 },
    /// Our microphone sends silence while unmuted.
    MicrophoneSilent,
    /// The microphone the call captures from is not the one the person picked (it was unplugged,
    /// or the browser fell back to another). Labels as the browser lists them, else device ids.
    MicrophoneNotChosen { chosen: String, active: String },
    /// The agent spoke but the page's audio stayed silent after every recovery step.
    AgentNotHeard { symptom: String, tried: String },
    /// `http(s)://` where LiveKit expects `ws(s)://` (the SDK rewrites it; the config is still wrong).
    ServerUrlScheme { url: String },
}

impl Warning {
    pub fn hop(&self) -> Hop {
        match self {
            Warning::AgentNotDispatched { .. }
            | Warning::AgentNotJoined { .. }
            | Warning::AgentNeverReady { .. }
            | Warning::AgentSilent { .. } => Hop::Agent,
            Warning::MicrophoneSilent | Warning::MicrophoneNotChosen { .. } => Hop::Microphone,
            Warning::AgentNotHeard { .. } => Hop::Playback,
            Warning::ServerUrlScheme { .. } => Hop::ServerUrl,
        }
    }

    /// A stable key (`data-warning`, and one warning of each kind at a time).
    pub fn key(&self) -> &'static str {
        match self {
            Warning::AgentNotDispatched { .. } => "agent-not-dispatched",
            Warning::AgentNotJoined { .. } => "agent-not-joined",
            Warning::AgentNeverReady { .. } => "agent-never-ready",
            Warning::AgentSilent { .. } => "agent-silent",
            Warning::MicrophoneSilent => "microphone-silent",
            Warning::MicrophoneNotChosen { .. } => "microphone-not-chosen",
            Warning::ServerUrlScheme { .. } => "server-url-scheme",
            Warning::AgentNotHeard { .. } => "agent-not-heard",
        }
    }

    /// The person's words in `lang`; the owner's fix and evidence in English.
    pub fn explain(&self, lang: Lang) -> Diagnosis {
        let m = lang.messages();
        let (user, owner_fix, evidence) = match self {
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
            Warning::MicrophoneNotChosen { chosen, active } => (
                m.other_microphone(),
                format!(
                    "The microphone picked in the widget ({chosen}) is not the one the call captures from ({active}): it was unplugged or is no longer listed, and the browser fell back. Plug it in and pick it again; on a shared computer, check the OS input settings."
                ),
                format!("picked: {chosen}; capturing: {active}"),
            ),
            Warning::AgentNotHeard { symptom, tried } => (
                m.agent_not_heard(),
                format!(
                    "The agent was speaking but the page did not play it ({symptom}), and the widget's recovery ({tried}) did not help: the visitor's output device, system volume or an OS audio interruption (a phone call, another app holding the audio) is the likely cause. If it recurs for many visitors, send the diagnostic bundle."
                ),
                format!("agent speaking; {symptom}; tried: {tried}"),
            ),
            Warning::ServerUrlScheme { url } => (
                m.server_url_wrong(),
                format!("The LiveKit server URL '{url}' uses http(s)://: LiveKit URLs are ws:// or wss:// (e.g. wss://your-project.livekit.cloud). The SDK rewrote it this time; fix LIVEKIT_URL."),
                format!("server URL: '{url}'"),
            ),
        };
        Diagnosis {
            hop: self.hop(),
            user_message: user.to_string(),
            owner_fix,
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_agent_that_never_came_names_worker_and_room_reuse() {
        let d = Warning::AgentNotJoined {
            agent_name: "sofia".into(),
            waited_s: 15,
        }
        .explain(Lang::En);
        assert_eq!(d.hop, Hop::Agent);
        assert!(d
            .owner_fix
            .contains("'sofia' was requested but no agent joined within 15 s"));
        assert!(d.owner_fix.contains("room name reused"));
    }

    #[test]
    fn no_dispatch_requested_names_explicit_dispatch() {
        let d = Warning::AgentNotDispatched { waited_s: 15 }.explain(Lang::De);
        assert!(d.owner_fix.contains("roomConfig.agents"));
        assert!(d.user_message.contains("Assistentin"));
    }

    #[test]
    fn keys_are_distinct() {
        let all = [
            Warning::AgentNotDispatched { waited_s: 1 },
            Warning::AgentNotJoined {
                agent_name: String::new(),
                waited_s: 1,
            },
            Warning::AgentNeverReady {
                agent: String::new(),
                waited_s: 1,
            },
            Warning::AgentSilent {
                agent: String::new(),
                waited_s: 1,
            },
            Warning::MicrophoneSilent,
            Warning::MicrophoneNotChosen {
                chosen: String::new(),
                active: String::new(),
            },
            Warning::ServerUrlScheme { url: String::new() },
            Warning::AgentNotHeard {
                symptom: String::new(),
                tried: String::new(),
            },
        ];
        let keys: std::collections::BTreeSet<_> = all.iter().map(Warning::key).collect();
        assert_eq!(keys.len(), all.len());
    }
}
