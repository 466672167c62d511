//! Runs the preflight check: every hop a call needs, in order, each reported as it finishes.

use super::SessionConfig;
use crate::call::failure::check_server_url;
use crate::call::preflight::{CheckResult, CheckStatus, PreflightCheck};
use crate::call::token_claims::{ClaimProblem, TokenClaims};
use crate::call::token_response::TokenEndpointError;
use crate::livekit::{load_sdk, ConnectionCheck, ConnectionTest};

fn result(check: PreflightCheck, status: CheckStatus, detail: impl Into<String>) -> CheckResult {
    CheckResult {
        check,
        status,
        detail: detail.into(),
    }
}

/// Runs every check, calling `report` with each result (a failed prerequisite ends the run; the
/// report marks what it skipped).
pub async fn run(config: &SessionConfig, report: impl Fn(CheckResult)) {
    use CheckStatus::{Fail, Pass, Warn};
    use PreflightCheck as C;

    let secure = web_sys::window().is_some_and(|w| w.is_secure_context());
    report(if secure {
        result(
            C::SecureContext,
            Pass,
            "secure context (https or localhost)",
        )
    } else {
        result(
            C::SecureContext,
            Fail,
            "not a secure context: the microphone needs https (or localhost)",
        )
    });

    let sdk = match load_sdk(&config.sdk_url).await {
        Ok(sdk) => {
            report(result(
                C::SdkLoad,
                Pass,
                format!("livekit-client {} from {}", sdk.version(), config.sdk_url),
            ));
            sdk
        }
        Err(failure) => return report(result(C::SdkLoad, Fail, format!("{failure:?}"))),
    };
    report(if sdk.is_browser_supported() {
        result(C::BrowserSupport, Pass, "the browser supports WebRTC")
    } else {
        result(
            C::BrowserSupport,
            Fail,
            "this browser lacks what LiveKit needs (WebRTC)",
        )
    });

    let Ok(abort) = web_sys::AbortController::new() else {
        return;
    };
    let endpoint = &config.token_client.endpoint;
    let grant = match config
        .token_client
        .fetch(&config.token_request, &abort)
        .await
    {
        Ok(grant) => {
            report(result(
                C::TokenEndpoint,
                Pass,
                format!("{endpoint} answered with a token"),
            ));
            grant
        }
        Err(error) => {
            let detail = match &error {
                TokenEndpointError::Unreachable { message, .. } => {
                    format!("{endpoint} could not be reached: {message}")
                }
                TokenEndpointError::HttpStatus {
                    status, body_start, ..
                } => format!("{endpoint} answered {status}: {body_start}"),
                TokenEndpointError::NotJson { content_type, .. } => {
                    format!("{endpoint} answered '{content_type}', not JSON")
                }
                TokenEndpointError::NoToken { keys_found, .. } => {
                    format!(
                        "{endpoint} answered JSON without a token (keys: {})",
                        keys_found.join(", ")
                    )
                }
            };
            return report(result(C::TokenEndpoint, Fail, detail));
        }
    };

    let now_s = (js_sys::Date::now() / 1000.0) as i64;
    match TokenClaims::decode(&grant.participant_token) {
        Err(_) => return report(result(C::TokenClaims, Fail, "the token is not a JWT")),
        Ok(claims) => {
            let problems = claims.problems(now_s);
            let expires_in = claims.exp.map(|exp| exp - now_s);
            match problems.first() {
                Some(ClaimProblem::Expired { seconds_ago }) => {
                    return report(result(
                        C::TokenClaims,
                        Fail,
                        format!("the token expired {seconds_ago} s ago"),
                    ))
                }
                Some(problem) => {
                    return report(result(C::TokenClaims, Fail, format!("{problem:?}")))
                }
                None if expires_in.is_some_and(|s| s < 60) => report(result(
                    C::TokenClaims,
                    Warn,
                    "the token expires within a minute",
                )),
                None => {
                    let room = claims.video.and_then(|v| v.room).unwrap_or_default();
                    report(result(
                        C::TokenClaims,
                        Pass,
                        format!("room '{room}', can join and publish"),
                    ))
                }
            }
        }
    }

    let url = grant
        .server_url
        .clone()
        .or_else(|| config.server_url.clone())
        .unwrap_or_default();
    let page_is_https = web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:");
    match check_server_url(&url, page_is_https) {
        Err(problem) => return report(result(C::ServerUrl, Fail, problem)),
        Ok(()) if url.starts_with("http") => report(result(
            C::ServerUrl,
            Warn,
            format!("'{url}' should be ws:// or wss://"),
        )),
        Ok(()) => report(result(C::ServerUrl, Pass, url.clone())),
    }

    let check = match ConnectionCheck::new(&sdk, &url, &grant.participant_token) {
        Ok(check) => check,
        Err(message) => return report(result(C::WebSocket, Fail, message)),
    };
    for (preflight, test) in [
        (C::WebSocket, ConnectionTest::WebSocket),
        (C::WebRtc, ConnectionTest::WebRtc),
        (C::Turn, ConnectionTest::Turn),
        (C::PublishAudio, ConnectionTest::PublishAudio),
    ] {
        let outcome = check.run(test).await;
        let finished = match outcome {
            Ok(o) if o.passed => result(
                preflight,
                Pass,
                o.messages.last().cloned().unwrap_or_default(),
            ),
            // TURN is optional on a reachable server (the local dev server has none).
            Ok(o) if o.skipped || preflight == C::Turn => result(
                preflight,
                Warn,
                o.messages
                    .last()
                    .cloned()
                    .unwrap_or_else(|| "skipped".into()),
            ),
            Ok(o) => result(preflight, Fail, o.messages.join("; ")),
            Err(message) => result(preflight, Fail, message),
        };
        let stop = finished.status == Fail && preflight.blocks_later_checks();
        report(finished);
        if stop {
            return;
        }
    }
}
