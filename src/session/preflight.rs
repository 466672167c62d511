//! Runs the preflight check: every hop a call needs, in order, each reported as it finishes. The
//! token, its claims and the server URL go through the call pipeline's own steps; the verdicts
//! are `call::preflight`'s, the words the catalogs'.

use super::pipeline::{self, now_unix_s};
use super::SessionConfig;
use crate::call::preflight::{
    self as verdict, CheckOutcome, CheckResult, CheckStatus, PreflightCheck,
};
use crate::call::token_claims::TokenClaims;
use crate::livekit::{browser_features, load_sdk, ConnectionCheck, ConnectionTest};

/// Runs every check, calling `report` with each result (a failed prerequisite ends the run; the
/// report marks what it skipped). `report` is a `dyn Fn`: the UI's closure is called, not
/// copied into each of the dozen report sites.
pub async fn run(config: &SessionConfig, report: &dyn Fn(CheckResult)) {
    use PreflightCheck as C;
    let report = |check, outcome| report(CheckResult::new(check, outcome));

    let secure = web_sys::window().is_some_and(|w| w.is_secure_context());
    report(C::SecureContext, verdict::secure_context(secure));

    let sdk = match load_sdk(&config.sdk_url).await {
        Ok(sdk) => {
            let version = sdk.version();
            let url = config.sdk_url.clone();
            report(C::SdkLoad, CheckOutcome::SdkLoaded { version, url });
            sdk
        }
        Err(failure) => return report(C::SdkLoad, CheckOutcome::Failed(failure.into())),
    };
    let features = browser_features();
    let browser = verdict::browser_support(
        features.refusal(),
        sdk.is_browser_supported(),
        crate::i18n::browser_evidence(&features),
    );
    let browser_ok = browser.status() == CheckStatus::Pass;
    report(C::BrowserSupport, browser);

    let Ok(abort) = web_sys::AbortController::new() else {
        return;
    };
    let grant = match pipeline::fetch_token(config, &abort).await {
        Ok(grant) => {
            let endpoint = config.token_client.endpoint.clone();
            report(C::TokenEndpoint, CheckOutcome::TokenAnswered { endpoint });
            grant
        }
        Err(failure) => return report(C::TokenEndpoint, CheckOutcome::Failed(failure)),
    };

    let now_s = now_unix_s();
    let decoded = TokenClaims::decode(&grant.participant_token);
    let claims = verdict::token_claims(pipeline::check_claims(config, decoded, now_s), now_s);
    let claims_failed = claims.status() == CheckStatus::Fail;
    report(C::TokenClaims, claims);
    if claims_failed {
        return;
    }

    let checked = pipeline::server_url(config, &grant);
    let url = checked.as_ref().ok().cloned();
    report(C::ServerUrl, verdict::server_url(checked));
    let Some(url) = url else { return };

    if !browser_ok {
        // The connection checks need what this browser lacks.
        for later in [C::WebSocket, C::WebRtc, C::Turn, C::PublishAudio] {
            report(later, CheckOutcome::NeedsEarlier(C::BrowserSupport));
        }
        return;
    }
    let check = match ConnectionCheck::new(&sdk, &url, &grant.participant_token) {
        Ok(check) => check,
        Err(message) => {
            return report(
                C::WebSocket,
                CheckOutcome::TestFailed {
                    said: vec![message],
                },
            )
        }
    };
    for (preflight, test) in [
        (C::WebSocket, ConnectionTest::WebSocket),
        (C::WebRtc, ConnectionTest::WebRtc),
        (C::Turn, ConnectionTest::Turn),
        (C::PublishAudio, ConnectionTest::PublishAudio),
    ] {
        let outcome = match check.run(test).await {
            Ok(o) => verdict::connection_test(preflight, o.passed, o.skipped, o.messages),
            Err(message) => CheckOutcome::TestFailed {
                said: vec![message],
            },
        };
        let stop = outcome.status() == CheckStatus::Fail && preflight.blocks_later_checks();
        report(preflight, outcome);
        if stop {
            return;
        }
    }
}
