//! Tells the host page what the call does, as DOM events from the embed's element (the loader
//! dispatches them as `CustomEvent`s; `detail` is a plain object):
//!
//! | type | when | `detail` |
//! |---|---|---|
//! | `lkw-call-state` | the stage, the microphone or the room changed | `{stage, active, status, room, microphoneOn, endReason}` (`endReason`: [`EndReason::key`](crate::call::EndReason::key)) |
//! | `lkw-agent-state` | the agent arrived, left or changed `lk.agent.state` | `{present, identity, name, state}` |
//! | `lkw-transcript` | a line is new or changed (interim → final) | `{id, speaker, name, kind, text, final, cutOff}` |
//! | `lkw-error` | the call failed (`call-failed`), the far side ended it for a reason worth explaining (`call-ended`), or the page blocks the microphone | `{hop, code, message, fix, evidence}`: the same diagnosis the screen shows ([`crate::i18n::problem`]) |
//! | `lkw-warning` | a problem that does not end the call was raised (`active: true`) or went away (`active: false`) | `{key, active, hop, message, fix, evidence}` |
//! | `lkw-consent` | the visitor gave or withdrew consent, or ticked "remember" (and once as the widget mounts when a remembered consent was restored) | `{given, remembered}` |
//!
//! These are the wasm's events; the loader sends `lkw-ready`, `lkw-rpc` and the `lkw-error` of a
//! widget whose code did not load (README, "Events"), and the crash watch (`embed::crash`, in
//! JavaScript) the `lkw-error` of a widget whose code crashed.
//!
//! Events are computed from [`CallState`] in an effect and sent after the state is released, so
//! a listener may act on the widget (e.g. hang up) at once.

use super::effect::effect;
use super::embed_notice::PageProblem;
use crate::call::{CallStage, CallState, LineKind, Speaker};
use crate::i18n::Lang;
use crate::i18n::{explain, problem, status_line};
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

type Emit = dyn Fn(&str, JsValue);

/// Where host events go: `(type, detail)`.
#[derive(Clone)]
pub struct HostEvents(Rc<Emit>);

impl HostEvents {
    pub fn new(emit: impl Fn(&str, JsValue) + 'static) -> Self {
        Self(Rc::new(emit))
    }

    /// `lkw-consent`: `remembered` only when the consent is in storage (not merely wished for).
    pub fn consent(&self, given: bool, remembered: bool) {
        (self.0)(
            "lkw-consent",
            detail(&[("given", given.into()), ("remembered", remembered.into())]),
        );
    }
}

impl std::fmt::Debug for HostEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostEvents")
    }
}

/// What was last reported, to send changes only.
#[derive(Default)]
struct Reported {
    call: Option<(String, bool, Option<String>)>,
    agent: Option<(bool, String, String)>,
    /// `(id, text, final)` of each line, in transcript order: a Vec, not a HashMap, because the
    /// wasm's only std HashMap would bring SipHash and a hash table (issue 15: −1.5 KB gzip), and lines
    /// keep their order, so the line at the same index is almost always the one looked for.
    lines: Vec<(String, String, bool)>,
    /// Warnings by key, as last reported.
    warnings: Vec<crate::call::Warning>,
    problem_reported: bool,
}

/// Sends the call's changes to `host` for as long as the widget lives (no-op without a host).
pub fn report_to_host(
    host: Option<HostEvents>,
    state: RwSignal<CallState>,
    lang: Lang,
    page_problem: Option<PageProblem>,
) {
    let Some(host) = host else {
        return;
    };
    if let Some(problem) = page_problem {
        let message = lang.messages().page_blocks_microphone();
        (host.0)(
            "lkw-error",
            detail(&[
                ("hop", "page".into()),
                ("code", problem.key().into()),
                ("message", message.into()),
                ("fix", problem.owner_fix().into()),
                ("evidence", problem.evidence().into()),
            ]),
        );
    }
    let reported = StoredValue::new_local(state.with_untracked(|s| Reported {
        call: Some(call_key(s)),
        agent: Some(agent_key(s)),
        lines: Vec::new(),
        warnings: s.warnings.clone(),
        problem_reported: s.stage.problem().is_some(),
    }));
    effect(move || {
        let events = state.with(|s| {
            let mut events = Vec::new();
            reported.update_value(|seen| changes(s, lang, seen, &mut events));
            events
        });
        for (kind, detail) in events {
            (host.0)(kind, detail);
        }
    });
}

fn call_key(s: &CallState) -> (String, bool, Option<String>) {
    (
        s.stage.key().to_string(),
        s.microphone_on,
        s.room_name.clone(),
    )
}

fn agent_key(s: &CallState) -> (bool, String, String) {
    match &s.agent {
        Some(agent) => (true, agent.identity.clone(), agent.state.as_str().into()),
        None => (false, String::new(), String::new()),
    }
}

fn changes(
    s: &CallState,
    lang: Lang,
    seen: &mut Reported,
    events: &mut Vec<(&'static str, JsValue)>,
) {
    let call = call_key(s);
    if seen.call.as_ref() != Some(&call) {
        let end_reason = match &s.stage {
            CallStage::Ended(reason) => JsValue::from_str(&reason.key()),
            _ => JsValue::NULL,
        };
        events.push((
            "lkw-call-state",
            detail(&[
                ("stage", s.stage.key().into()),
                ("active", s.stage.is_active().into()),
                ("status", status_line(s, lang).into()),
                ("room", optional(s.room_name.as_deref())),
                ("microphoneOn", s.microphone_on.into()),
                ("endReason", end_reason),
            ]),
        ));
        seen.call = Some(call);
    }

    let agent = agent_key(s);
    if seen.agent.as_ref() != Some(&agent) {
        events.push((
            "lkw-agent-state",
            detail(&[
                ("present", s.agent.is_some().into()),
                (
                    "identity",
                    optional(s.agent.as_ref().map(|a| a.identity.as_str())),
                ),
                (
                    "name",
                    optional(s.agent.as_ref().map(|a| a.display_name.as_str())),
                ),
                (
                    "state",
                    optional(s.agent.as_ref().map(|a| a.state.as_str())),
                ),
            ]),
        ));
        seen.agent = Some(agent);
    }

    // Lines of the current transcript only (a new call starts an empty one).
    let mut lines = Vec::with_capacity(s.transcript.lines().len());
    for (index, line) in s.transcript.lines().iter().enumerate() {
        let same = |(id, text, is_final): &&(String, String, bool)| {
            *id == line.id && *text == line.text && *is_final == line.is_final
        };
        let unchanged =
            seen.lines.get(index).filter(same).is_some() || seen.lines.iter().any(|l| same(&l));
        if !unchanged {
            let (speaker, name, identity) = match &line.speaker {
                Speaker::User => ("user", None, None),
                Speaker::Agent { name } => ("agent", Some(name.clone()), None),
                Speaker::Other { identity } => (
                    "other",
                    s.participant_names.get(identity).cloned(),
                    Some(identity.clone()),
                ),
            };
            events.push((
                "lkw-transcript",
                detail(&[
                    ("id", line.id.as_str().into()),
                    ("speaker", speaker.into()),
                    ("name", optional(name.as_deref())),
                    ("identity", optional(identity.as_deref())),
                    (
                        "kind",
                        match line.kind {
                            LineKind::Speech => "speech",
                            LineKind::Chat => "chat",
                        }
                        .into(),
                    ),
                    ("text", line.text.as_str().into()),
                    ("final", line.is_final.into()),
                    ("cutOff", line.is_cut_off().into()),
                ]),
            ));
        }
        lines.push((line.id.clone(), line.text.clone(), line.is_final));
    }
    seen.lines = lines;

    for warning in &s.warnings {
        if !seen.warnings.contains(warning) {
            let d = explain(warning, lang);
            events.push((
                "lkw-warning",
                detail(&[
                    ("key", warning.key().into()),
                    ("active", true.into()),
                    ("hop", d.hop.key().into()),
                    ("message", d.user_message.into()),
                    ("fix", d.owner_fix.into()),
                    ("evidence", d.evidence.into()),
                ]),
            ));
        }
    }
    for gone in &seen.warnings {
        if !s.warnings.iter().any(|w| w.key() == gone.key()) {
            events.push((
                "lkw-warning",
                detail(&[
                    ("key", gone.key().into()),
                    ("active", false.into()),
                    ("hop", gone.hop().key().into()),
                ]),
            ));
        }
    }
    if seen.warnings != s.warnings {
        seen.warnings = s.warnings.clone();
    }

    match problem(&s.stage, lang) {
        Some(d) if !seen.problem_reported => {
            let code = match s.stage {
                CallStage::Failed(_) => "call-failed",
                _ => "call-ended",
            };
            events.push((
                "lkw-error",
                detail(&[
                    ("hop", d.hop.key().into()),
                    ("code", code.into()),
                    ("message", d.user_message.into()),
                    ("fix", d.owner_fix.into()),
                    ("evidence", d.evidence.into()),
                ]),
            ));
            seen.problem_reported = true;
        }
        Some(_) => {}
        None => seen.problem_reported = false,
    }
}

fn optional(value: Option<&str>) -> JsValue {
    value.map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

fn detail(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
