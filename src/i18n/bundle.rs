//! The diagnostic bundle behind "Copy details": everything a support person needs to find the
//! failing hop — timeline, versions, browser, server, room, identity, errors — and never a token
//! or a secret.

use super::diagnosis::diagnose;
use super::log_line::log_line;
use super::warning::explain;
use super::Lang;
use crate::call::{CallStage, CallState, EndReason};
use crate::json::Value;

/// What the browser side knows that the state does not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BundleContext {
    pub widget_version: String,
    pub sdk_version: Option<String>,
    pub user_agent: String,
    pub page_url: String,
    pub server_info: String,
    pub identity: Option<String>,
}

/// The bundle as pretty JSON, redacted.
pub fn diagnostic_bundle(state: &CallState, context: &BundleContext) -> String {
    let last_error = match &state.stage {
        CallStage::Failed(failure) => {
            let d = diagnose(failure, Lang::En);
            Some(Value::object(vec![
                ("hop", d.hop.key().into()),
                ("fix", d.owner_fix.into()),
                ("evidence", d.evidence.into()),
            ]))
        }
        _ => None,
    };
    // The host page's stable `endReason` key, not a Rust name that a rename would change.
    let disconnect_reason = match &state.stage {
        CallStage::Ended(reason @ EndReason::Remote(_)) => Some(reason.key()),
        _ => None,
    };
    let warnings: Vec<Value> = state
        .warnings
        .iter()
        .map(|w| {
            let d = explain(w, Lang::En);
            Value::object(vec![
                ("hop", d.hop.key().into()),
                ("warning", w.key().into()),
                ("fix", d.owner_fix.into()),
            ])
        })
        .collect();
    let timeline: Vec<Value> = state
        .log
        .entries()
        .iter()
        .map(|e| format!("{} {}", e.elapsed_label(), log_line(e, Lang::En)).into())
        .collect();
    let agent = state.agent.as_ref().map(|a| {
        Value::object(vec![
            ("identity", a.identity.as_str().into()),
            ("state", a.state.as_str().into()),
            ("audio", a.audio_subscribed.into()),
        ])
    });
    let bundle = Value::object(vec![
        ("widget", context.widget_version.as_str().into()),
        ("sdk", context.sdk_version.as_deref().into()),
        ("userAgent", context.user_agent.as_str().into()),
        ("page", context.page_url.as_str().into()),
        ("server", context.server_info.as_str().into()),
        ("room", state.room_name.as_deref().into()),
        ("identity", context.identity.as_deref().into()),
        ("stage", state.stage.key().into()),
        ("agent", agent.unwrap_or(Value::Null)),
        ("lastError", last_error.unwrap_or(Value::Null)),
        ("disconnectReason", disconnect_reason.into()),
        ("warnings", Value::Array(warnings)),
        ("timeline", Value::Array(timeline)),
    ]);
    redact_secrets(&bundle.to_json_pretty())
}

/// Replaces anything shaped like a JWT (`eyJ….….…`) and `access_token=` / `token=` query values.
pub fn redact_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("eyJ") {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .unwrap_or(candidate.len());
        if candidate[..end].matches('.').count() >= 2 {
            out.push_str("[redacted token]");
        } else {
            out.push_str(&candidate[..end]);
        }
        rest = &candidate[end..];
    }
    out.push_str(rest);
    for key in ["access_token=", "token="] {
        out = redact_query_value(&out, key);
    }
    out
}

fn redact_query_value(text: &str, key: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(key) {
        let value_start = start + key.len();
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..];
        let end = value.find(['&', '"', ' ', '\n']).unwrap_or(value.len());
        if end > 0 {
            out.push_str("[redacted]");
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::failure::CallFailure;
    use crate::call::CallInput;
    use crate::livekit::failure::ConnectErrorReason;

    #[test]
    fn jwt_and_query_tokens_are_redacted() {
        let text = "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig and wss://x/rtc?access_token=abc.def&x=1 eyJnot";
        let redacted = redact_secrets(text);
        assert!(!redacted.contains("eyJhbGci"));
        assert!(!redacted.contains("abc.def"));
        assert!(redacted.contains("[redacted token]"));
        assert!(redacted.contains("access_token=[redacted]&x=1"));
        assert!(redacted.ends_with("eyJnot"), "a lone eyJ is not a token");
    }

    #[test]
    fn bundle_carries_versions_error_and_timeline_without_the_token() {
        let mut state = CallState::default();
        state.apply(0.0, CallInput::CallRequested);
        state.apply(
            5.0,
            CallInput::Failed(CallFailure::Connect {
                url: "ws://127.0.0.1:7880".into(),
                reason: ConnectErrorReason::NotAllowed,
                status: Some(401),
                message: "invalid token eyJa.eyJb.c".into(),
            }),
        );
        let context = BundleContext {
            widget_version: "0.1.0".into(),
            sdk_version: Some("2.23.0".into()),
            user_agent: "Chromium".into(),
            page_url: "http://127.0.0.1:8080/".into(),
            server_info: String::new(),
            identity: Some("user-1".into()),
        };
        let bundle = diagnostic_bundle(&state, &context);
        let value = crate::json::parse(&bundle).expect("JSON");
        let text = |path: &[&str]| {
            let mut at = Some(&value);
            for name in path {
                at = at.and_then(|v| v.get(name));
            }
            at.and_then(Value::as_str).map(str::to_owned)
        };
        assert_eq!(text(&["sdk"]).as_deref(), Some("2.23.0"));
        assert_eq!(text(&["lastError", "hop"]).as_deref(), Some("signal"));
        assert_eq!(text(&["stage"]).as_deref(), Some("failed"));
        assert_eq!(value.get("agent"), Some(&Value::Null));
        assert_eq!(
            value
                .get("timeline")
                .and_then(Value::as_array)
                .map(<[_]>::len),
            Some(2)
        );
        assert!(!bundle.contains("eyJb"), "{bundle}");
    }
}
