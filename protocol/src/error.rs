//! The one error shape every refusal uses: `{"error": "<code>", "message": "<what to do>"}`.
//!
//! `error` is a stable machine code for the widget to branch on (renaming one is a breaking
//! change); `message` is plain words for the site owner reading the network tab.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::object::json_object;

/// The machine codes. A code this crate does not know (a newer server, another endpoint that
/// happens to use the same shape) is kept as [`ErrorCode::Other`], so it still reaches the
/// evidence.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The body is not JSON at all (syntax error, truncated).
    InvalidJson,
    /// The body is JSON but a field has the wrong type or an unusable value.
    InvalidRequest,
    PayloadTooLarge,
    /// The request asked for an agent that is not on the owner's allowlist.
    AgentNotAllowed,
    /// The request came from a page whose origin the token server does not serve; the body names
    /// it in `origin`.
    OriginNotAllowed,
    /// Too many token requests from one client address; the answer has `Retry-After`.
    RateLimited,
    /// The client did not finish sending its body in time.
    RequestTimeout,
    NotFound,
    MethodNotAllowed,
    /// Something on the server's side failed; the detail is in its log.
    InternalError,
    Other(String),
}

impl ErrorCode {
    /// Every code this crate knows.
    pub const KNOWN: [ErrorCode; 10] = [
        Self::InvalidJson,
        Self::InvalidRequest,
        Self::PayloadTooLarge,
        Self::AgentNotAllowed,
        Self::OriginNotAllowed,
        Self::RateLimited,
        Self::RequestTimeout,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::InternalError,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidRequest => "invalid_request",
            Self::PayloadTooLarge => "payload_too_large",
            Self::AgentNotAllowed => "agent_not_allowed",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::RateLimited => "rate_limited",
            Self::RequestTimeout => "request_timeout",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::InternalError => "internal_error",
            Self::Other(code) => code,
        }
    }

    /// The code `text` names; never fails, an unknown code is [`ErrorCode::Other`].
    pub fn parse(text: &str) -> Self {
        match text {
            "invalid_json" => Self::InvalidJson,
            "invalid_request" => Self::InvalidRequest,
            "payload_too_large" => Self::PayloadTooLarge,
            "agent_not_allowed" => Self::AgentNotAllowed,
            "origin_not_allowed" => Self::OriginNotAllowed,
            "rate_limited" => Self::RateLimited,
            "request_timeout" => Self::RequestTimeout,
            "not_found" => Self::NotFound,
            "method_not_allowed" => Self::MethodNotAllowed,
            "internal_error" => Self::InternalError,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The HTTP status the server answers with this code (`None` for a code it does not send).
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            Self::InvalidJson | Self::InvalidRequest => 400,
            Self::AgentNotAllowed | Self::OriginNotAllowed => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::RequestTimeout => 408,
            Self::PayloadTooLarge => 413,
            Self::RateLimited => 429,
            Self::InternalError => 500,
            Self::Other(_) => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for ErrorCode {
    fn from(text: &str) -> Self {
        Self::parse(text)
    }
}

/// So a test can say `assert_eq!(err.code(), "invalid_json")`, as the wire does.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|code| Self::parse(&code))
    }
}

/// The error body. Both `error` and `message` are required when reading, so a non-2xx answer
/// in some other shape is not mistaken for this one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ErrorBody {
    pub error: ErrorCode,
    pub message: String,
    /// For `agent_not_allowed`: the agent name that was refused, so the widget can tell the
    /// owner which name to add to the allowlist without reading `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// For `origin_not_allowed`: the `Origin` the request came with, exactly as the browser sent
    /// it, so the owner can copy it into the allow list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

json_object!(ErrorBody);

impl ErrorBody {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error,
            message: message.into(),
            agent: None,
            origin: None,
        }
    }

    /// Reads the body from JSON the caller has already parsed: `field` gives a member's string
    /// value. The widget parses every answer into a generic JSON value first; deserialising it a
    /// second time into this type would put a second typed parser into its wasm (about 2 KB
    /// gzip, against a size ratchet). `None` when `error` or `message` is missing.
    pub fn from_fields<'a>(field: impl Fn(&str) -> Option<&'a str>) -> Option<Self> {
        Some(Self {
            error: ErrorCode::parse(field("error")?),
            message: field("message")?.to_owned(),
            agent: field("agent").map(str::to_owned),
            origin: field("origin").map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_parses_back_and_has_a_status() {
        for code in ErrorCode::KNOWN {
            assert_eq!(ErrorCode::parse(code.as_str()), code);
            assert!(code.status().is_some(), "{code}");
            assert!(!matches!(code, ErrorCode::Other(_)));
        }
        assert_eq!(ErrorCode::RateLimited.status(), Some(429));
        assert_eq!(ErrorCode::AgentNotAllowed.status(), Some(403));
        assert_eq!(ErrorCode::OriginNotAllowed.status(), Some(403));
        assert_eq!(ErrorCode::OriginNotAllowed, "origin_not_allowed");
    }

    #[test]
    fn the_refused_origin_travels_with_the_code() {
        let body = ErrorBody {
            origin: Some("https://shop.example".into()),
            ..ErrorBody::new(ErrorCode::OriginNotAllowed, "not from here")
        };
        let text = serde_json::to_string(&body).unwrap();
        assert!(
            text.contains(r#""origin":"https://shop.example""#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<ErrorBody>(&text).unwrap(), body);
        let value = serde_json::to_value(&body).unwrap();
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        assert_eq!(ErrorBody::from_fields(field), Some(body));
    }

    #[test]
    fn the_wire_spelling_is_snake_case() {
        assert_eq!(ErrorCode::AgentNotAllowed, "agent_not_allowed");
        assert_eq!(ErrorCode::InternalError.as_str(), "internal_error");
        let body = ErrorBody::new(ErrorCode::RateLimited, "Wait 30 s");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":"rate_limited","message":"Wait 30 s"}"#
        );
    }

    #[test]
    fn an_unknown_code_is_kept() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error": "quota_exceeded", "message": "m", "x": 1}"#).unwrap();
        assert_eq!(body.error, ErrorCode::Other("quota_exceeded".into()));
        assert_eq!(body.error.status(), None);
        assert_eq!(
            serde_json::to_string(&body.error).unwrap(),
            "\"quota_exceeded\""
        );
    }

    fn billing_refused() -> ErrorBody {
        ErrorBody {
            agent: Some("billing".into()),
            ..ErrorBody::new(ErrorCode::AgentNotAllowed, "not here")
        }
    }

    #[test]
    fn the_refused_agent_travels_with_the_code() {
        let body = billing_refused();
        let text = serde_json::to_string(&body).unwrap();
        assert!(text.contains(r#""agent":"billing""#), "{text}");
        assert_eq!(serde_json::from_str::<ErrorBody>(&text).unwrap(), body);
    }

    #[test]
    fn from_fields_reads_the_serialised_names() {
        let body = billing_refused();
        let value = serde_json::to_value(&body).unwrap();
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        assert_eq!(ErrorBody::from_fields(field), Some(body));
        let value = serde_json::json!({"error": "rate_limited"});
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        assert_eq!(ErrorBody::from_fields(field), None);
    }

    #[test]
    fn other_shapes_are_not_an_error_body() {
        for text in [
            r#"{"error": "x"}"#,
            r#"{"message": "x"}"#,
            r#"{"error": {"code": 5}, "message": "x"}"#,
            r#"["invalid_json", "m"]"#,
        ] {
            assert!(serde_json::from_str::<ErrorBody>(text).is_err(), "{text}");
        }
    }
}
