//! Words for the warnings (problems that do not end the call): the person's in their language,
//! the owner's fix and evidence in English. The owner's texts are templates filled by one
//! routine, not a `format!` each (issue 15; `golden.txt` holds every text).

use super::diagnosis::Diagnosis;
use super::playback::{output_symptom, recovery_steps};
use super::template::fill;
use super::Lang;
use crate::call::device_choice::{CapturingMicrophone, MicrophoneName, PickedMicrophone};
use crate::call::Warning;
use crate::livekit::event::DisconnectReason;

/// The person's words in `lang`; the owner's fix and evidence in English.
pub fn explain(warning: &Warning, lang: Lang) -> Diagnosis {
    let m = lang.messages();
    let (user, owner_fix, evidence) = match warning {
        Warning::AgentNotDispatched { waited_s } => (
            m.agent_unavailable(),
            fill(
                "No agent joined within {0} s and the token requested none: add roomConfig.agents = [{agentName}] to the token (explicit dispatch), or run a worker without agent_name (automatic dispatch).",
                &[&waited_s.to_string()],
            ),
            "token roomConfig.agents: none".to_string(),
        ),
        Warning::AgentNotJoined { agent_name, waited_s, room_created_by_join } => {
            let (owner_fix, evidence) = if *room_created_by_join {
                (
                    "The agent '{0}' was requested and this call's join created the room, so LiveKit dispatched it, but no agent joined within {1} s: is a worker running, connected to this LiveKit server, and registered with agent_name '{0}'? Its logs say whether it got the job.",
                    "token roomConfig.agents: ['{0}']; room created by this join; no participant of kind AGENT",
                )
            } else {
                (
                    "The agent '{0}' was requested but no agent joined within {1} s: is the worker running and registered with agent_name '{0}'? Was the room name reused (dispatch happens only when a room is created)?",
                    "token roomConfig.agents: ['{0}']; no participant of kind AGENT",
                )
            };
            let args = [agent_name.as_str(), &waited_s.to_string()];
            (m.agent_unavailable(), fill(owner_fix, &args), fill(evidence, &args))
        }
        Warning::AgentDispatchIgnored { agent_name, room } => {
            let present = room.present.join(", ");
            let with = if room.present.is_empty() {
                String::new()
            } else {
                fill(", with {0} in it", &[&present])
            };
            let args = [
                room.room.as_str(),
                &utc_time_of_day(room.created_unix_s),
                &duration(room.age_at_join_s()),
                &with,
                agent_name,
                &room.created_unix_s.to_string(),
                &utc_time_of_day(room.joined_unix_s),
                &room.joined_unix_s.to_string(),
                if room.present.is_empty() { "nobody" } else { &present },
            ];
            (
                m.agent_unavailable(),
                fill(
                    "The room '{0}' already existed when this call joined it: LiveKit created it at {1} UTC, {2} before this call joined{3}. LiveKit dispatches the agents a token asks for only when that token's join creates the room, so this call's dispatch of '{4}' was ignored. Give every call a fresh room name (our token server makes one per call when the request names none: do not send room_name, or make it unique per call).",
                    &args,
                ),
                fill(
                    "room '{0}' created {1} (unix {5}), joined {6} (unix {7}); already in it: {8}; token roomConfig.agents: ['{4}']",
                    &args,
                ),
            )
        }
        Warning::AgentLeft { agent, reason } => (
            m.agent_left(),
            agent_left_fix(agent, *reason),
            fill("participantDisconnected reason: {0}", &[&reason.key()]),
        ),
        Warning::AgentNeverReady { agent, waited_s } => (
            m.agent_not_ready(),
            fill(
                "The agent '{0}' joined but still reports lk.agent.state = initializing after {1} s: check the worker's logs (model or plugin start-up, prewarm).",
                &[agent, &waited_s.to_string()],
            ),
            "lk.agent.state: initializing".to_string(),
        ),
        Warning::AgentSilent { agent, waited_s } => (
            m.agent_silent(),
            fill(
                "The agent '{0}' joined but published no audio track within {1} s: check its TTS and that it publishes to the room.",
                &[agent, &waited_s.to_string()],
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
            let args = [chosen.as_str(), &active];
            (
                m.other_microphone(),
                fill(
                    "The microphone picked in the widget ({0}) is not the one the call captures from ({1}): it was unplugged or is no longer listed, and the browser fell back. Plug it in and pick it again; on a shared computer, check the OS input settings.",
                    &args,
                ),
                fill("picked: {0}; capturing: {1}", &args),
            )
        }
        Warning::AgentNotHeard { symptom, tried } => {
            let symptom = output_symptom(symptom);
            let tried = recovery_steps(tried);
            let args = [symptom.as_str(), &tried];
            (
                m.agent_not_heard(),
                fill(
                    "The agent was speaking but the page did not play it ({0}), and the widget's recovery ({1}) did not help: the visitor's output device, system volume or an OS audio interruption (a phone call, another app holding the audio) is the likely cause. If it recurs for many visitors, send the diagnostic bundle.",
                    &args,
                ),
                fill("agent speaking; {0}; tried: {1}", &args),
            )
        }
        Warning::ServerUrlScheme { url } => (
            m.server_url_wrong(),
            fill("The LiveKit server URL '{0}' uses http(s)://: LiveKit URLs are ws:// or wss:// (e.g. wss://your-project.livekit.cloud). The SDK rewrote it this time; fix LIVEKIT_URL.", &[url]),
            fill("server URL: '{0}'", &[url]),
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
        Some(label) => fill("'{0}'", &[label]),
        None => fill("device {0}", &[&name.id]),
    }
}

/// The picked microphone as the owner reads it: its label, else its id.
fn picked_microphone(picked: &PickedMicrophone) -> String {
    match picked {
        PickedMicrophone::Listed(name) => microphone_name(name),
        PickedMicrophone::NoLongerListed { id } => fill("device {0}, no longer listed", &[id]),
    }
}

fn capturing_microphone(picked: &str, capturing: &CapturingMicrophone) -> String {
    match capturing {
        CapturingMicrophone::Other(name) => microphone_name(name),
        CapturingMicrophone::PickedButStopped => fill("{0}, which stopped", &[picked]),
        CapturingMicrophone::Nothing => "no live microphone track".to_string(),
    }
}

/// Why the agent left mid-call, from the server's reason: what to look at.
fn agent_left_fix(agent: &str, reason: DisconnectReason) -> String {
    use DisconnectReason as R;
    let why = match reason {
        R::ClientInitiated => "left the room by itself (CLIENT_INITIATED): its session ended — the agent's code closed it or its job shut down (ctx.shutdown(), session.aclose(), a tool that ends the call, a crash the framework caught). The worker's logs at that time say which",
        R::AgentError => "failed (AGENT_ERROR): the worker reported an error in its job; its logs have the exception",
        R::ParticipantRemoved => "was removed from the room through LiveKit's server API (RemoveParticipant): by a backend of yours or from LiveKit's dashboard",
        R::DuplicateIdentity => "was replaced: another participant joined with the agent's identity (DUPLICATE_IDENTITY); give callers and agents distinct identities",
        R::SignalClose | R::ConnectionTimeout | R::MediaFailure | R::ServerShutdown | R::Migration => "lost its connection to LiveKit ({0}): check the worker's network path to the LiveKit server and the worker's logs",
        R::Unknown => "left the room; the server gave no reason (livekit-client before 2.23 or an older LiveKit server): check the worker's logs",
        _ => "left the room (reason {0}): check the worker's logs",
    };
    fill(
        "The agent '{0}' {1}. LiveKit dispatches no second agent into a running call: the person must call again.",
        &[agent, &fill(why, &[&reason.key()])],
    )
}

/// `14:03:07`: the time of day (UTC) of a server timestamp; the owner matches it against the
/// LiveKit server's logs, which are in UTC.
fn utc_time_of_day(unix_s: u64) -> String {
    let of_day = unix_s % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        of_day / 3_600,
        of_day % 3_600 / 60,
        of_day % 60
    )
}

/// `42 s`, `3 min 5 s`, `2 h 4 min`: how long before, in the largest units that matter.
fn duration(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3_600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::device_choice::{microphone_choice, ListedDevice};
    use crate::call::Hop;

    #[test]
    fn requested_agent_that_never_came_to_a_room_we_created_names_the_worker_only() {
        let d = explain(
            &Warning::AgentNotJoined {
                agent_name: "sofia".into(),
                waited_s: 15,
                room_created_by_join: true,
            },
            Lang::En,
        );
        assert!(d.owner_fix.contains(
            "'sofia' was requested and this call's join created the room, so LiveKit dispatched it, but no agent joined within 15 s"
        ));
        assert!(
            !d.owner_fix.contains("reused"),
            "no maybe left: {}",
            d.owner_fix
        );
    }

    #[test]
    fn a_room_that_existed_says_when_and_that_the_dispatch_was_ignored() {
        let d = explain(
            &Warning::AgentDispatchIgnored {
                agent_name: "sofia".into(),
                room: crate::livekit::RoomAtJoin {
                    room: "dental-front-desk".into(),
                    created_unix_s: 1_795_830_187, // 2026-11-28 01:43:07 UTC
                    joined_unix_s: 1_795_830_187 + 185,
                    present: vec!["visitor-1".into()],
                },
            },
            Lang::En,
        );
        assert_eq!(d.hop, Hop::Agent);
        assert_eq!(
            d.owner_fix,
            "The room 'dental-front-desk' already existed when this call joined it: LiveKit created it at 01:43:07 UTC, 3 min 5 s before this call joined, with visitor-1 in it. LiveKit dispatches the agents a token asks for only when that token's join creates the room, so this call's dispatch of 'sofia' was ignored. Give every call a fresh room name (our token server makes one per call when the request names none: do not send room_name, or make it unique per call)."
        );
        assert!(d
            .evidence
            .contains("created 01:43:07 (unix 1795830187), joined 01:46:12"));
        assert!(d.evidence.contains("already in it: visitor-1"));
        assert_eq!(duration(42), "42 s");
        assert_eq!(duration(7_440), "2 h 4 min");
    }

    #[test]
    fn an_agent_that_left_is_explained_by_the_servers_reason() {
        let left = |reason| {
            explain(
                &Warning::AgentLeft {
                    agent: "Sofia".into(),
                    reason,
                },
                Lang::En,
            )
        };
        let removed = left(DisconnectReason::ParticipantRemoved);
        assert_eq!(removed.hop, Hop::Agent);
        assert_eq!(
            removed.user_message,
            "The assistant has left the call. Hang up and call again to go on."
        );
        assert!(removed.owner_fix.starts_with(
            "The agent 'Sofia' was removed from the room through LiveKit's server API (RemoveParticipant)"
        ));
        assert_eq!(
            removed.evidence,
            "participantDisconnected reason: participant-removed"
        );
        assert!(left(DisconnectReason::ClientInitiated)
            .owner_fix
            .contains("left the room by itself (CLIENT_INITIATED)"));
        assert!(left(DisconnectReason::AgentError)
            .owner_fix
            .contains("(AGENT_ERROR)"));
        assert!(left(DisconnectReason::Unknown)
            .owner_fix
            .contains("gave no reason"));
        assert!(left(DisconnectReason::Other(42))
            .owner_fix
            .contains("(reason code-42)"));
        let de = explain(
            &Warning::AgentLeft {
                agent: "Sofia".into(),
                reason: DisconnectReason::AgentError,
            },
            Lang::De,
        );
        assert!(de
            .user_message
            .starts_with("Die Assistentin hat das Gespräch verlassen"));
    }

    #[test]
    fn requested_agent_that_never_came_names_worker_and_room_reuse() {
        let d = explain(
            &Warning::AgentNotJoined {
                agent_name: "sofia".into(),
                waited_s: 15,
                room_created_by_join: false,
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
