//! A dry run, once the page is idle, of the pure steps a call's start runs.
//!
//! V8 compiles a wasm function the first time it is called; the first click paid for the whole
//! call path's (358 functions, ≈ 17 ms in Chromium, issue 15), part of it between the token's
//! arrival and `room.connect()`. Run here on made-up values, the steps that need no browser
//! object are compiled ahead: the token request's body, reading a token answer and its claims,
//! checking the server URL, the state machine and the sentences it is shown in. Nothing is sent,
//! kept or shown.

use super::pipeline::{check_claims, server_url};
use super::SessionConfig;
use crate::call::{CallInput, CallState};
use crate::i18n::status_line;
use crate::livekit::request_body;
use crate::livekit::token_response::parse_token_response;

/// A token answer of the standard shape (the token's payload: `sub`, `video.room`).
const ANSWER: &str = r#"{"server_url":"wss://a","participant_token":"e.eyJzdWIiOiJhIiwidmlkZW8iOnsicm9vbSI6InIiLCJyb29tSm9pbiI6dHJ1ZX19.s"}"#;

pub(super) fn rehearse(config: &SessionConfig) {
    let _ = request_body(&config.token_request);
    let mut url = String::new();
    if let Ok(grant) = parse_token_response(200, "application/json", ANSWER, None) {
        let claims = crate::call::token_claims::TokenClaims::decode(&grant.participant_token);
        let _ = check_claims(config, claims, 0);
        url = server_url(config, &grant).unwrap_or_default();
    }
    let mut state = CallState::default();
    let mut step = |input| {
        state.apply(0.0, input);
        let _ = status_line(&state, config.lang);
    };
    step(CallInput::CallRequested);
    step(CallInput::SdkLoaded {
        version: String::new(),
    });
    step(CallInput::TokenReceived { room_name: None });
    step(CallInput::ConnectStarted { server_url: url });
}
