//! The one error shape every API response uses.
//!
//! The widget turns a failed token fetch into a diagnosis shown to a person, so errors carry a
//! stable machine `error` code (for the widget to branch on) and a `message` in plain words (for
//! the site owner reading the network tab). Internal details go to the log, never to the body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

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

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidJson(_) | Self::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::AgentNotAllowed { .. } => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable identifiers: the widget and tests match on these, so renaming one is a breaking
    /// change.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson(_) => "invalid_json",
            Self::InvalidRequest(_) => "invalid_request",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::AgentNotAllowed { .. } => "agent_not_allowed",
            Self::RateLimited { .. } => "rate_limited",
            Self::RequestTimeout => "request_timeout",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Internal(_) => "internal_error",
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
        let body = ErrorBody {
            error: self.code(),
            message: self.message(),
        };
        let mut response = (self.status(), Json(body)).into_response();
        let headers = response.headers_mut();
        // Errors depend on the request only; a cache or proxy must not replay them.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Self::RateLimited { retry_after_secs } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}
