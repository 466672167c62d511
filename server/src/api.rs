//! HTTP routes of the JSON API: the token endpoint and the health check.
//!
//! The request and response shapes follow LiveKit's standard `TokenSource` endpoint contract, so
//! the widget (and any stock LiveKit client) can talk to this server without an adapter.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::token::CallRequest;
use crate::AppState;

/// Token requests are a handful of short strings; anything bigger is a mistake or abuse, and
/// the limit also caps what a client can stuff into metadata and attributes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/api/token",
            post(mint_token).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route("/healthz", get(healthz))
        .method_not_allowed_fallback(method_not_allowed)
}

/// The TokenSource request. Every field is optional and an empty body means "all defaults".
/// The standard names are snake_case; camelCase aliases exist because some LiveKit SDK versions
/// and hand-written clients serialise protobuf JSON names. Unknown fields are ignored so that
/// newer clients adding fields keep working.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenRequestBody {
    #[serde(alias = "roomName")]
    pub room_name: Option<String>,
    #[serde(alias = "participantName")]
    pub participant_name: Option<String>,
    #[serde(alias = "participantIdentity")]
    pub participant_identity: Option<String>,
    #[serde(alias = "participantMetadata")]
    pub participant_metadata: Option<String>,
    #[serde(alias = "participantAttributes")]
    pub participant_attributes: Option<HashMap<String, String>>,
    #[serde(alias = "roomConfig")]
    pub room_config: Option<RoomConfigBody>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoomConfigBody {
    pub agents: Option<Vec<AgentDispatchBody>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgentDispatchBody {
    #[serde(alias = "agentName")]
    pub agent_name: Option<String>,
    pub metadata: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TokenResponseBody {
    pub server_url: String,
    pub participant_token: String,
}

async fn healthz() -> Response {
    no_store(Json(serde_json::json!({ "status": "ok" })).into_response())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// The body is taken as raw bytes rather than through `Json` so that an empty body is accepted
/// (the contract allows it) and a missing `Content-Type` isn't a 415 for clients that omit it.
async fn mint_token(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            }
        } else {
            ApiError::InvalidRequest(format!("the request body could not be read ({rejection})"))
        }
    })?;
    let request = parse_body(&body)?;

    if let Some(requested) = non_empty(request.room_name.as_deref()) {
        // Joining a caller-chosen room would let callers share or hijack calls, and LiveKit
        // ignores the agent dispatch for rooms that already exist; so for now every call gets a
        // fresh room and the requested name is only recorded.
        tracing::info!(
            requested_room = requested,
            "ignoring requested room_name; each call gets a fresh room"
        );
    }
    let agent_metadata =
        requested_agent_metadata(request.room_config.as_ref(), state.minter.agent_name())?;

    let call = CallRequest {
        identity: non_empty(request.participant_identity.as_deref()).map(str::to_owned),
        name: non_empty(request.participant_name.as_deref()).map(str::to_owned),
        metadata: non_empty(request.participant_metadata.as_deref()).map(str::to_owned),
        attributes: request.participant_attributes.unwrap_or_default(),
        agent_metadata,
    };
    let minted = state
        .minter
        .mint(call)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    // Client-chosen strings are logged with Debug so a newline in them can't forge a log line.
    tracing::info!(
        room = %minted.room,
        identity = ?minted.identity,
        agent = %state.minter.agent_name(),
        "minted token"
    );

    Ok(no_store(
        Json(TokenResponseBody {
            server_url: state.server_url.clone(),
            participant_token: minted.jwt,
        })
        .into_response(),
    ))
}

/// Blank bodies and JSON `null` both mean "no preferences", since clients differ in which they
/// send when they have nothing to ask for.
fn parse_body(body: &[u8]) -> Result<TokenRequestBody, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(TokenRequestBody::default());
    }
    // serde's derived struct impls also accept a JSON array and fill fields by position, so
    // `["x"]` would silently become a room name; the contract says object, so insist on it.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::InvalidRequest(
            "the body is a JSON array, but it must be a JSON object".to_owned(),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed: Option<TokenRequestBody> =
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_data() {
                let field = if path == "." {
                    "the body".to_owned()
                } else {
                    format!("`{path}`")
                };
                ApiError::InvalidRequest(format!("{field}: {inner}"))
            } else {
                ApiError::InvalidJson(inner.to_string())
            }
        })?;
    // Trailing bytes such as `{}{}` mean the client built the body wrong; don't guess.
    de.end().map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    Ok(parsed.unwrap_or_default())
}

/// Only the configured agent may be dispatched: the agent name decides which worker (and which
/// prompt, voice and bill) answers, so it is not the caller's choice. Returns the metadata of the
/// first requested dispatch, which is how the page passes context to the agent.
fn requested_agent_metadata(
    room_config: Option<&RoomConfigBody>,
    configured: &str,
) -> Result<Option<String>, ApiError> {
    let agents = room_config
        .and_then(|rc| rc.agents.as_deref())
        .unwrap_or_default();
    for agent in agents {
        if let Some(requested) = non_empty(agent.agent_name.as_deref()) {
            if requested != configured {
                tracing::info!(
                    requested,
                    configured = %configured,
                    "refused dispatch of an unknown agent"
                );
                return Err(ApiError::AgentNotAllowed {
                    requested: requested.to_owned(),
                    configured: configured.to_owned(),
                });
            }
        }
    }
    Ok(agents
        .first()
        .and_then(|a| non_empty(a.metadata.as_deref()))
        .map(str::to_owned))
}

/// Protobuf-JSON clients send `""` for unset strings, so empty means absent.
fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// Tokens and per-request errors must never be served from a shared cache.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_null_bodies_mean_defaults() {
        for body in ["", "  \n", "{}", "null"] {
            let parsed = parse_body(body.as_bytes()).unwrap();
            assert!(parsed.participant_identity.is_none(), "{body:?}");
        }
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = parse_body(br#"{"room_config": {"agents": [{"agent_name": 3}]}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        assert!(
            err.to_string().contains("room_config.agents[0].agent_name"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_are_invalid_json() {
        for body in ["{", "{\"a\":}", "{}{}", "nope"] {
            assert_eq!(
                parse_body(body.as_bytes()).unwrap_err().code(),
                "invalid_json",
                "{body}"
            );
        }
    }

    #[test]
    fn non_object_json_is_invalid_request() {
        assert_eq!(parse_body(b"[]").unwrap_err().code(), "invalid_request");
        assert_eq!(
            parse_body(b" [\"room\"]").unwrap_err().code(),
            "invalid_request"
        );
        assert_eq!(parse_body(b"\"x\"").unwrap_err().code(), "invalid_request");
    }

    #[test]
    fn agent_policy() {
        let rc = |agents: Vec<AgentDispatchBody>| RoomConfigBody {
            agents: Some(agents),
        };
        let agent = |name: Option<&str>, md: Option<&str>| AgentDispatchBody {
            agent_name: name.map(Into::into),
            metadata: md.map(Into::into),
        };
        assert_eq!(requested_agent_metadata(None, "sofia").unwrap(), None);
        assert_eq!(
            requested_agent_metadata(Some(&rc(vec![agent(Some("sofia"), Some("m"))])), "sofia")
                .unwrap(),
            Some("m".into())
        );
        // An unnamed or blank-named dispatch means "the default agent".
        assert_eq!(
            requested_agent_metadata(Some(&rc(vec![agent(Some(""), Some("m"))])), "sofia").unwrap(),
            Some("m".into())
        );
        let err = requested_agent_metadata(
            Some(&rc(vec![agent(None, None), agent(Some("bob"), None)])),
            "sofia",
        )
        .unwrap_err();
        assert_eq!(err.code(), "agent_not_allowed");
    }
}
