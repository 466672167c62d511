//! Parsing what a token endpoint answered, whatever shape it chose.
//!
//! LiveKit's standard endpoint answers `{server_url, participant_token}`; endpoints in the wild
//! answer `{token}`, `{token, url, roomName}`, `{token, room, ws_url}`, `{accessToken, url}`, and
//! camelCase variants. Anything else is a [`TokenEndpointError`] that keeps the evidence (status,
//! content type, the start of the body) so the diagnosis can quote it. A refusal in the protocol's
//! error shape (`{error, message}`, [`ErrorBody`], what our token server answers) keeps its
//! machine code, so the diagnosis can act on it instead of quoting JSON.

use crate::json::{self, Value};
use lkw_protocol::{ErrorBody, ErrorCode};

/// How much of an unexpected body is kept as evidence.
pub const BODY_EVIDENCE_CHARS: usize = 200;

/// How much of a coded refusal's `message` is kept: it is written for the owner, so more of it
/// is worth keeping than of an unknown body, but another endpoint may still send a novel.
pub const MESSAGE_EVIDENCE_CHARS: usize = 500;

/// How much of a code or agent name is kept (ours are short).
const NAME_EVIDENCE_CHARS: usize = 64;

/// How much of a refused origin is kept (`https://` and a long host name).
const ORIGIN_EVIDENCE_CHARS: usize = 200;

const TOKEN_KEYS: &[&str] = &[
    "participant_token",
    "participantToken",
    "token",
    "accessToken",
    "access_token",
    "jwt",
];
const URL_KEYS: &[&str] = &[
    "server_url",
    "serverUrl",
    "serverURL",
    "url",
    "ws_url",
    "wsUrl",
    "livekit_url",
    "livekitUrl",
];
const ROOM_KEYS: &[&str] = &["room_name", "roomName", "room"];

/// A usable answer from the token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenGrant {
    /// The LiveKit URL the endpoint named, if it named one (else the widget's configured URL).
    pub server_url: Option<String>,
    /// The JWT. Never logged whole: see [`TokenGrant::redacted_token`].
    pub participant_token: String,
    pub room_name: Option<String>,
}

impl std::fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenGrant")
            .field("server_url", &self.server_url)
            .field("participant_token", &self.redacted_token())
            .field("room_name", &self.room_name)
            .finish()
    }
}

impl TokenGrant {
    /// The token's first characters only: enough to tell two tokens apart in a log.
    pub fn redacted_token(&self) -> String {
        redact_token(&self.participant_token)
    }
}

/// `eyJhbGci…(412 chars)`: never the whole token.
pub fn redact_token(token: &str) -> String {
    let head: String = token.chars().take(8).collect();
    format!("{head}…({} chars)", token.chars().count())
}

/// Why a token endpoint's answer cannot be used. Each keeps its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenEndpointError {
    /// `fetch` itself failed: network down, DNS, CORS refusal, CSP `connect-src`, aborted.
    Unreachable { url: String, message: String },
    /// 429: the endpoint's rate limit refused this visitor's address for now.
    RateLimited {
        /// `Retry-After` in seconds, when the endpoint sent it (our token server does).
        retry_after_s: Option<u32>,
        body_start: String,
    },
    /// A non-2xx answer in the protocol's error shape: its machine code, its message and, for
    /// `agent_not_allowed`, the refused agent, for `origin_not_allowed` the refused origin (each
    /// cut to evidence size, on one line).
    Refused { status: u16, body: ErrorBody },
    /// A non-2xx answer in any other shape: an endpoint that is not ours. `sent` is the request
    /// the widget sent (method and body, cut to evidence size), added by the token client: such
    /// an endpoint often reads other field names than LiveKit's standard request and falls over
    /// on it, and the owner sees that at a glance only with both side by side.
    HttpStatus {
        status: u16,
        content_type: String,
        body_start: String,
        sent: Option<String>,
    },
    /// 2xx, but the body is not JSON (often an HTML page: a wrong path or a login wall).
    NotJson {
        status: u16,
        content_type: String,
        body_start: String,
    },
    /// JSON, but no field that holds a token.
    NoToken {
        status: u16,
        /// The top-level keys found, in the order they came, so the owner can see which shape came
        /// back.
        keys_found: Vec<String>,
        body_start: String,
    },
}

impl TokenEndpointError {
    /// Keeps `sent` (see [`sent_evidence`]) beside a foreign endpoint's failure; other failures
    /// have evidence enough (a coded refusal, a network error, a wrong answer shape).
    pub fn with_sent(self, sent: String) -> Self {
        match self {
            Self::HttpStatus {
                status,
                content_type,
                body_start,
                ..
            } => Self::HttpStatus {
                status,
                content_type,
                body_start,
                sent: Some(sent),
            },
            other => other,
        }
    }
}

/// How much of the request the widget sent is kept (LiveKit's standard fields with an agent and
/// its metadata fit; a site's long metadata is cut).
pub const SENT_EVIDENCE_CHARS: usize = 400;

/// The request as the owner compares it with the endpoint's code: `POST {"room_name":…}`, or
/// the method alone when nothing was sent in the body.
pub fn sent_evidence(method: &str, body: Option<&str>) -> String {
    match body {
        Some(body) => one_line(&format!("{method} {body}"), SENT_EVIDENCE_CHARS),
        None => format!("{method} (no body)"),
    }
}

/// `Retry-After` as delay-seconds; the HTTP-date form (rare on APIs) is not worth a date parser:
/// the person is then told to wait a moment.
fn retry_after_seconds(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok()
}

/// The first [`BODY_EVIDENCE_CHARS`] characters of a body, on one line.
pub fn body_start(body: &str) -> String {
    one_line(body, BODY_EVIDENCE_CHARS)
}

fn one_line(text: &str, max_chars: usize) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max_chars)
        .collect()
}

/// The protocol's error body, if that is what `body` is, cut to evidence size. Read from the
/// generic JSON value this parser already uses for 2xx answers (see [`ErrorBody::from_fields`]).
fn error_body(body: &str) -> Option<ErrorBody> {
    let value = json::parse(body).ok()?;
    let parsed = ErrorBody::from_fields(|name| value.get(name).and_then(Value::as_str))?;
    Some(ErrorBody {
        error: match parsed.error {
            ErrorCode::Other(code) => ErrorCode::Other(one_line(&code, NAME_EVIDENCE_CHARS)),
            known => known,
        },
        message: one_line(&parsed.message, MESSAGE_EVIDENCE_CHARS),
        agent: parsed
            .agent
            .map(|agent| one_line(&agent, NAME_EVIDENCE_CHARS)),
        origin: parsed
            .origin
            .map(|origin| one_line(&origin, ORIGIN_EVIDENCE_CHARS)),
    })
}

/// Parses a token endpoint's answer (`retry_after`: its `Retry-After` header, if any).
pub fn parse_token_response(
    status: u16,
    content_type: &str,
    body: &str,
    retry_after: Option<&str>,
) -> Result<TokenGrant, TokenEndpointError> {
    if status == 429 {
        return Err(TokenEndpointError::RateLimited {
            retry_after_s: retry_after.and_then(retry_after_seconds),
            body_start: body_start(body),
        });
    }
    if !(200..300).contains(&status) {
        if let Some(body) = error_body(body) {
            return Err(TokenEndpointError::Refused { status, body });
        }
        return Err(TokenEndpointError::HttpStatus {
            status,
            content_type: content_type.to_string(),
            body_start: body_start(body),
            sent: None,
        });
    }
    let object = match json::parse(body) {
        Ok(object @ Value::Object(_)) => object,
        Ok(_) | Err(_) => {
            return Err(TokenEndpointError::NotJson {
                status,
                content_type: content_type.to_string(),
                body_start: body_start(body),
            })
        }
    };
    let Some(participant_token) = first_string(&object, TOKEN_KEYS) else {
        let members = match object {
            Value::Object(members) => members,
            _ => Vec::new(),
        };
        return Err(TokenEndpointError::NoToken {
            status,
            keys_found: members.iter().map(|(key, _)| key.clone()).collect(),
            body_start: redact_body(members),
        });
    };
    Ok(TokenGrant {
        server_url: first_string(&object, URL_KEYS),
        participant_token,
        room_name: first_string(&object, ROOM_KEYS),
    })
}

fn first_string(object: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|key| object.get(key))
        .filter_map(Value::as_str)
        .map(str::trim)
        .find(|value| !value.is_empty())
        .map(str::to_string)
}

/// Evidence for a JSON body without a token: values are cut short so a secret-looking value
/// (an API key returned by mistake) does not land in a log whole. Takes the members, so the
/// rest are moved, not copied (a `Value` clone less in the wasm, issue 15).
fn redact_body(members: Vec<(String, Value)>) -> String {
    let shown = members
        .into_iter()
        .map(|(key, value)| {
            let shown = match value {
                Value::String(text) if text.chars().count() > 12 => {
                    Value::String(format!("{}…", text.chars().take(6).collect::<String>()))
                }
                other => other,
            };
            (key, shown)
        })
        .collect();
    body_start(&Value::Object(shown).to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = "application/json";

    fn ok(body: &str) -> TokenGrant {
        parse_token_response(200, JSON, body, None).expect("accepted")
    }

    #[test]
    fn a_429_is_rate_limited_with_its_retry_after() {
        let body = r#"{"error":"rate_limited","message":"Too many token requests from your network address. Wait 30 s"}"#;
        assert_eq!(
            parse_token_response(429, JSON, body, Some("30")).unwrap_err(),
            TokenEndpointError::RateLimited {
                retry_after_s: Some(30),
                body_start: body.to_string(),
            }
        );
        // an HTTP-date or no header: no number to show
        for header in [Some("Fri, 27 Nov 2026 20:00:00 GMT"), None] {
            assert!(matches!(
                parse_token_response(429, JSON, body, header).unwrap_err(),
                TokenEndpointError::RateLimited {
                    retry_after_s: None,
                    ..
                }
            ));
        }
    }

    #[test]
    fn a_coded_refusal_keeps_its_code_and_message() {
        let body = r#"{"error":"agent_not_allowed","message":"This server does not dispatch the agent \"billing\".","agent":"billing"}"#;
        assert_eq!(
            parse_token_response(403, JSON, body, None).unwrap_err(),
            TokenEndpointError::Refused {
                status: 403,
                body: ErrorBody {
                    agent: Some("billing".into()),
                    ..ErrorBody::new(
                        ErrorCode::AgentNotAllowed,
                        "This server does not dispatch the agent \"billing\"."
                    )
                },
            }
        );
        // an unknown code is kept; the message is cut and put on one line
        let long = format!("line one\nline two {}", "x".repeat(900));
        let body = Value::object(vec![
            ("error", "quota_exceeded".into()),
            ("message", long.into()),
        ])
        .to_json();
        match parse_token_response(402, JSON, &body, None).unwrap_err() {
            TokenEndpointError::Refused { status, body } => {
                assert_eq!(status, 402);
                assert_eq!(body.error, ErrorCode::Other("quota_exceeded".into()));
                assert!(body.message.starts_with("line one line two x"));
                assert_eq!(body.message.chars().count(), MESSAGE_EVIDENCE_CHARS);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_refused_origin_is_kept_as_a_fact() {
        let body = r#"{"error":"origin_not_allowed","message":"This token endpoint does not serve pages from http://localhost:8080.","origin":"http://localhost:8080"}"#;
        match parse_token_response(403, JSON, body, None).unwrap_err() {
            TokenEndpointError::Refused { status, body } => {
                assert_eq!(status, 403);
                assert_eq!(body.error, ErrorCode::OriginNotAllowed);
                assert_eq!(body.origin.as_deref(), Some("http://localhost:8080"));
                assert_eq!(body.agent, None);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn other_json_refusals_stay_http_status() {
        for body in [r#"{"error":"Unauthorized"}"#, r#"{"detail":"x"}"#, "[1]"] {
            assert!(
                matches!(
                    parse_token_response(401, JSON, body, None).unwrap_err(),
                    TokenEndpointError::HttpStatus { status: 401, .. }
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn accepts_livekit_standard_shape() {
        let grant = ok(r#"{"server_url":"wss://x.livekit.cloud","participant_token":"eyJ.a.b"}"#);
        assert_eq!(grant.server_url.as_deref(), Some("wss://x.livekit.cloud"));
        assert_eq!(grant.participant_token, "eyJ.a.b");
    }

    #[test]
    fn accepts_camel_case_standard_shape() {
        let grant = ok(r#"{"serverUrl":"wss://a","participantToken":"t1"}"#);
        assert_eq!(grant.server_url.as_deref(), Some("wss://a"));
        assert_eq!(grant.participant_token, "t1");
    }

    #[test]
    fn accepts_shapes_seen_in_the_wild() {
        let bare = ok(r#"{"token":"t"}"#);
        assert_eq!(
            (bare.participant_token.as_str(), bare.server_url),
            ("t", None)
        );

        let with_room = ok(r#"{"token":"t","url":"wss://u","roomName":"r1"}"#);
        assert_eq!(with_room.server_url.as_deref(), Some("wss://u"));
        assert_eq!(with_room.room_name.as_deref(), Some("r1"));

        let ws_url = ok(r#"{"token":"t","room":"r2","ws_url":"wss://w"}"#);
        assert_eq!(ws_url.server_url.as_deref(), Some("wss://w"));
        assert_eq!(ws_url.room_name.as_deref(), Some("r2"));

        let access = ok(r#"{"accessToken":"t","url":"wss://v"}"#);
        assert_eq!(access.participant_token, "t");
        assert_eq!(access.server_url.as_deref(), Some("wss://v"));
    }

    #[test]
    fn created_status_is_accepted() {
        assert!(parse_token_response(201, JSON, r#"{"token":"t"}"#, None).is_ok());
    }

    #[test]
    fn non_2xx_keeps_status_type_and_body_start() {
        let body = "Internal error: LIVEKIT_API_SECRET not set\nstack...";
        let err = parse_token_response(500, "text/plain", body, None).unwrap_err();
        assert_eq!(
            err,
            TokenEndpointError::HttpStatus {
                status: 500,
                content_type: "text/plain".into(),
                body_start: "Internal error: LIVEKIT_API_SECRET not set stack...".into(),
                sent: None,
            }
        );
        assert_eq!(
            err.with_sent(sent_evidence("POST", Some(r#"{"room_name":"r"}"#))),
            TokenEndpointError::HttpStatus {
                status: 500,
                content_type: "text/plain".into(),
                body_start: "Internal error: LIVEKIT_API_SECRET not set stack...".into(),
                sent: Some(r#"POST {"room_name":"r"}"#.into()),
            }
        );
    }

    #[test]
    fn only_a_foreign_failure_keeps_the_request_sent() {
        let refused = parse_token_response(
            403,
            JSON,
            r#"{"error":"origin_not_allowed","message":"no"}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(refused.clone().with_sent("POST {}".into()), refused);
    }

    #[test]
    fn the_request_sent_is_cut_to_evidence_size_on_one_line() {
        let long = format!("{{\"participant_metadata\":\"{}\"}}", "x".repeat(1000));
        let sent = sent_evidence("POST", Some(&long));
        assert_eq!(sent.chars().count(), SENT_EVIDENCE_CHARS);
        assert!(sent.starts_with(r#"POST {"participant_metadata":"xxx"#));
        assert_eq!(sent_evidence("POST", Some("{\n}")), "POST { }");
        assert_eq!(sent_evidence("GET", None), "GET (no body)");
    }

    #[test]
    fn html_body_is_not_json_and_evidence_is_capped() {
        let html = format!("<!doctype html><html>{}</html>", "x".repeat(500));
        match parse_token_response(200, "text/html", &html, None).unwrap_err() {
            TokenEndpointError::NotJson {
                status,
                content_type,
                body_start,
            } => {
                assert_eq!(status, 200);
                assert_eq!(content_type, "text/html");
                assert_eq!(body_start.chars().count(), BODY_EVIDENCE_CHARS);
                assert!(body_start.starts_with("<!doctype html>"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_body_and_json_non_object_are_not_json() {
        assert!(matches!(
            parse_token_response(200, JSON, "", None).unwrap_err(),
            TokenEndpointError::NotJson { .. }
        ));
        assert!(matches!(
            parse_token_response(200, JSON, r#""eyJ""#, None).unwrap_err(),
            TokenEndpointError::NotJson { .. }
        ));
    }

    #[test]
    fn json_without_token_lists_the_keys_found() {
        let err = parse_token_response(
            200,
            JSON,
            r#"{"jwtt":"abcdefghijklmnopqrstuv","ok":true}"#,
            None,
        )
        .unwrap_err();
        match err {
            TokenEndpointError::NoToken {
                keys_found,
                body_start,
                ..
            } => {
                assert_eq!(keys_found, vec!["jwtt".to_string(), "ok".to_string()]);
                assert!(
                    !body_start.contains("abcdefghijklmnop"),
                    "long values are cut"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_token_string_is_no_token() {
        assert!(matches!(
            parse_token_response(200, JSON, r#"{"token":"  "}"#, None).unwrap_err(),
            TokenEndpointError::NoToken { .. }
        ));
    }

    #[test]
    fn debug_output_never_shows_the_whole_token() {
        let token = "eyJhbGciOiJIUzI1NiJ9.payload-that-is-secret.signature";
        let grant = ok(&format!(r#"{{"token":"{token}"}}"#));
        let debug = format!("{grant:?}");
        assert!(!debug.contains("payload-that-is-secret"));
        assert!(debug.contains("eyJhbGci…"));
    }
}
