//! Runs the preflight check: every hop a call needs, in order, each reported as it finishes.

use super::SessionConfig;
use crate::call::failure::{check_server_url, uses_http_scheme, CallFailure};
use crate::call::preflight::{CheckResult, CheckStatus, PreflightCheck};
use crate::call::token_claims::TokenClaims;
use crate::i18n::Lang;
use crate::livekit::{load_sdk, ConnectionCheck, ConnectionTest};

fn result(check: PreflightCheck, status: CheckStatus, detail: impl Into<String>) -> CheckResult {
    CheckResult {
        check,
        status,
        detail: detail.into(),
    }
}

/// A failed check's reason: the owner's fix from the diagnosis, so the words match a failed call.
fn owner_fix<F: Clone + Into<CallFailure>>(failure: &F) -> String {
    crate::i18n::diagnose(&failure.clone().into(), Lang::En).owner_fix
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
        Err(failure) => return report(result(C::SdkLoad, Fail, owner_fix(&failure))),
    };
    let features = crate::livekit::browser_features();
    let browser_ok = match features.refusal() {
        Some(refusal) => {
            report(result(C::BrowserSupport, Fail, owner_fix(&refusal)));
            false
        }
        None if !sdk.is_browser_supported() => {
            report(result(
                C::BrowserSupport,
                Fail,
                format!(
                    "livekit-client's isBrowserSupported() says no ({})",
                    crate::i18n::browser_evidence(&features)
                ),
            ));
            false
        }
        None => {
            report(result(
                C::BrowserSupport,
                Pass,
                crate::i18n::browser_evidence(&features),
            ));
            true
        }
    };

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
            let failure = CallFailure::TokenEndpoint {
                endpoint: endpoint.clone(),
                error,
            };
            return report(result(C::TokenEndpoint, Fail, owner_fix(&failure)));
        }
    };

    let now_s = super::now_unix_s();
    let contents_failure = |problem| CallFailure::TokenContents {
        endpoint: endpoint.clone(),
        problem,
    };
    match TokenClaims::decode(&grant.participant_token) {
        Err(problem) => {
            return report(result(
                C::TokenClaims,
                Fail,
                owner_fix(&contents_failure(problem)),
            ))
        }
        Ok(claims) => match claims.problems(now_s).into_iter().next() {
            Some(problem) => {
                return report(result(
                    C::TokenClaims,
                    Fail,
                    owner_fix(&contents_failure(problem)),
                ))
            }
            None if claims.exp.is_some_and(|exp| exp - now_s < 60) => report(result(
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
        },
    }

    let url = config.server_url_for(&grant);
    match check_server_url(&url, super::page_is_https()) {
        Err(problem) => {
            let problem = crate::i18n::server_url_problem(&url, &problem);
            return report(result(C::ServerUrl, Fail, problem));
        }
        Ok(()) if uses_http_scheme(&url) => report(result(
            C::ServerUrl,
            Warn,
            format!("'{url}' should be ws:// or wss://"),
        )),
        Ok(()) => report(result(C::ServerUrl, Pass, url.clone())),
    }

    if !browser_ok {
        // The connection checks need what this browser lacks.
        for later in [C::WebSocket, C::WebRtc, C::Turn, C::PublishAudio] {
            report(result(
                later,
                CheckStatus::Skipped,
                "needs browser-support to pass",
            ));
        }
        return;
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
