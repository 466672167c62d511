//! The one error shape every API response uses: [`lkw_protocol::ErrorBody`].
//!
//! The widget turns a failed token fetch into a diagnosis shown to a person, so errors carry a
//! stable machine `error` code ([`ErrorCode`], shared with the widget, which branches on it) and
//! a `message` in plain words (for the site owner reading the network tab). Internal details go
//! to the log, never to the body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use lkw_protocol::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON at all (syntax error, truncated).
    #[error("{0}")]
    InvalidJson(String),
    /// The body is JSON but a field has the wrong type or an unusable value.
    #[error("{0}")]
    InvalidRequest(String),
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The request asked for an agent that is not on the owner's allowlist.
    #[error("agent {requested:?} is not available here")]
    AgentNotAllowed {
        requested: String,
        allowed: Vec<String>,
    },
    /// The request's page is on an origin this server does not serve ([`crate::origin`]).
    #[error("origin {origin:?} is not allowed")]
    OriginNotAllowed { origin: String },
    /// Too many token requests from one client address.
    #[error("rate limited; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The client did not finish sending its body in time.
    #[error("request body timed out")]
    RequestTimeout,
    #[error("no such route")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Something on our side failed; the detail is logged, the client gets a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The status the protocol gives this error's code.
    pub fn status(&self) -> StatusCode {
        self.code()
            .status()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The machine code the widget branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidJson(_) => ErrorCode::InvalidJson,
            Self::InvalidRequest(_) => ErrorCode::InvalidRequest,
            Self::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Self::AgentNotAllowed { .. } => ErrorCode::AgentNotAllowed,
            Self::OriginNotAllowed { .. } => ErrorCode::OriginNotAllowed,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::RequestTimeout => ErrorCode::RequestTimeout,
            Self::NotFound => ErrorCode::NotFound,
            Self::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Self::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// The body this error is answered with.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            agent: match self {
                Self::AgentNotAllowed { requested, .. } => Some(requested.clone()),
                _ => None,
            },
            origin: match self {
                Self::OriginNotAllowed { origin } => Some(origin.clone()),
                _ => None,
            },
            ..ErrorBody::new(self.code(), self.message())
        }
    }

    fn message(&self) -> String {
        match self {
            Self::InvalidJson(detail) => format!(
                "The request body is not valid JSON ({detail}). Send a JSON object such as {{}} or {{\"participant_name\": \"Ana\"}}, or an empty body."
            ),
            Self::InvalidRequest(detail) => format!(
                "The token request has a field the server cannot use: {detail}. All fields are optional; leave out the ones you don't need."
            ),
            Self::PayloadTooLarge { limit } => format!(
                "The request body is larger than {} KiB. Token requests are small; send less metadata or fewer attributes.",
                limit / 1024
            ),
            Self::AgentNotAllowed { requested, allowed } => format!(
                "This server does not dispatch the agent {requested:?}. Ask for one of: {}; or leave out room_config.agents to get the default agent {:?}.",
                allowed.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(", "),
                allowed.first().map_or("", String::as_str),
            ),
            Self::OriginNotAllowed { origin } => format!(
                "This token endpoint does not serve pages from {origin}. If that site should have the voice widget, its owner adds {origin} to LK_ALLOWED_ORIGINS on the token server (comma separated) and restarts it."
            ),
            Self::RateLimited { retry_after_secs } => format!(
                "Too many token requests from your network address. Wait {retry_after_secs} s (see the Retry-After header) and try again."
            ),
            Self::RequestTimeout => {
                "The request body did not arrive in time. Send the whole JSON body at once.".to_owned()
            }
            Self::NotFound => {
                "There is nothing at this address. The token endpoint is POST /api/token.".to_owned()
            }
            Self::MethodNotAllowed => {
                "This address does not accept that HTTP method. Request a token with POST /api/token.".to_owned()
            }
            Self::Internal(_) => {
                "The server could not create an access token. Try again; if it keeps failing, the site owner should check the token server's log.".to_owned()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        // For the metrics layer, which counts errors by code without parsing bodies.
        response.extensions_mut().insert(self.code());
        let headers = response.headers_mut();
        // Errors depend on the request only; a cache or proxy must not replay them.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Self::RateLimited { retry_after_secs } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_is_the_one_the_protocol_gives_the_code() {
        assert_eq!(
            ApiError::RateLimited {
                retry_after_secs: 3
            }
            .status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(ApiError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            ApiError::Internal("x".into()).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn a_refused_agent_is_named_in_the_body() {
        let body = ApiError::AgentNotAllowed {
            requested: "billing".into(),
            allowed: vec!["sofia".into()],
        }
        .body();
        assert_eq!(body.error, ErrorCode::AgentNotAllowed);
        assert_eq!(body.agent.as_deref(), Some("billing"));
        assert!(body.message.contains("\"sofia\""), "{}", body.message);
        assert_eq!(ApiError::NotFound.body().agent, None);
    }
}
