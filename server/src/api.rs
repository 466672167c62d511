//! HTTP routes of the JSON API: the token endpoint and the health check.
//!
//! A token request passes, in order: the per-client rate limit (before the body is read, so a
//! flood costs almost nothing), the body size and time limits, the JSON parser
//! ([`crate::request`]), the owner's policy ([`crate::policy`]) and the minter
//! ([`crate::token`]). Every refusal is a JSON [`ApiError`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use lkw_protocol::TokenResponse;

use crate::error::ApiError;
use crate::rate_limit::{retry_after_secs, Decision};
use crate::request::parse_body;
use crate::AppState;

/// Token requests are a handful of short strings; anything bigger is a mistake or abuse.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub fn routes(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/api/token",
            post(mint_token)
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    guard_token_route,
                ))
                .layer(middleware::from_fn_with_state(
                    state,
                    crate::metrics::measure,
                )),
        )
        .route("/healthz", get(healthz))
        .method_not_allowed_fallback(method_not_allowed)
}

async fn healthz() -> Response {
    no_store(Json(serde_json::json!({ "status": "ok" })).into_response())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Runs before the body is read: refuses pages of other sites, then clients over their rate,
/// then bounds how long the rest of the request (reading the body, above all) may take. The
/// origin goes first: it costs nothing, while the rate limit may cost a Redis round trip.
async fn guard_token_route(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ci| ci.0.ip());
    let client = state.trusted_proxies.client_ip(peer, request.headers());
    if let Err(refusal) = crate::origin::check(&state.allowed_origins, request.headers()) {
        tracing::info!(%client, %refusal, "refused a page of another site (LK_ALLOWED_ORIGINS)");
        return refusal.into_response();
    }
    let (decision, limiter) = state.limiter.check(client, &state.metrics).await;
    if let Decision::Deny { retry_after } = decision {
        let retry_after_secs = retry_after_secs(retry_after);
        tracing::debug!(%client, retry_after_secs, ?limiter, "rate limited");
        state.metrics.rate_limited(limiter);
        return ApiError::RateLimited { retry_after_secs }.into_response();
    }
    match tokio::time::timeout(state.body_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::debug!(%client, "token request timed out");
            ApiError::RequestTimeout.into_response()
        }
    }
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
    let call = state.policy.resolve(parse_body(&body)?)?;
    let agents: Vec<String> = call.agents.iter().map(|a| a.agent_name.clone()).collect();
    let minted = state
        .minter
        .mint(call)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    // Client-chosen strings are logged with Debug so a newline in them can't forge a log line.
    tracing::info!(
        room = %minted.room,
        identity = ?minted.identity,
        agents = ?agents,
        "minted token"
    );

    Ok(no_store(
        Json(TokenResponse {
            server_url: state.server_url.clone(),
            participant_token: minted.jwt,
        })
        .into_response(),
    ))
}

/// Tokens and per-request errors must never be served from a shared cache.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
