//! The preflight check: every hop a call needs, tested before calling, each with pass / warn /
//! fail and the reason. The checks run in the browser (`session::preflight`, through the call
//! pipeline's own steps); this is their vocabulary and their verdicts, as facts: the catalogs
//! (`i18n`, "Preflight outcomes") word them.

use super::failure::{uses_http_scheme, CallFailure, Hop, ServerUrlProblem};
use super::token_claims::TokenClaims;

/// One check, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreflightCheck {
    SecureContext,
    SdkLoad,
    BrowserSupport,
    TokenEndpoint,
    TokenClaims,
    ServerUrl,
    WebSocket,
    WebRtc,
    Turn,
    PublishAudio,
}

impl PreflightCheck {
    pub const ALL: [PreflightCheck; 10] = [
        Self::SecureContext,
        Self::SdkLoad,
        Self::BrowserSupport,
        Self::TokenEndpoint,
        Self::TokenClaims,
        Self::ServerUrl,
        Self::WebSocket,
        Self::WebRtc,
        Self::Turn,
        Self::PublishAudio,
    ];

    /// Stable key for `data-check` and the diagnostic bundle.
    pub fn key(self) -> &'static str {
        match self {
            Self::SecureContext => "secure-context",
            Self::SdkLoad => "sdk-load",
            Self::BrowserSupport => "browser-support",
            Self::TokenEndpoint => "token-endpoint",
            Self::TokenClaims => "token-claims",
            Self::ServerUrl => "server-url",
            Self::WebSocket => "websocket",
            Self::WebRtc => "webrtc",
            Self::Turn => "turn",
            Self::PublishAudio => "publish-audio",
        }
    }

    /// The hop a failure of this check belongs to.
    pub fn hop(self) -> Hop {
        match self {
            Self::SecureContext => Hop::Page,
            Self::BrowserSupport => Hop::Browser,
            Self::SdkLoad => Hop::Sdk,
            Self::TokenEndpoint => Hop::TokenEndpoint,
            Self::TokenClaims => Hop::TokenContents,
            Self::ServerUrl => Hop::ServerUrl,
            Self::WebSocket => Hop::Signal,
            Self::WebRtc | Self::Turn => Hop::Media,
            Self::PublishAudio => Hop::Microphone,
        }
    }

    /// A later check cannot run when this one failed.
    pub fn blocks_later_checks(self) -> bool {
        matches!(
            self,
            Self::SdkLoad
                | Self::TokenEndpoint
                | Self::TokenClaims
                | Self::ServerUrl
                | Self::WebSocket
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    Pass,
    Warn,
    Fail,
    /// Not run: an earlier check it depends on failed.
    Skipped,
}

impl CheckStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
            Self::Skipped => "skipped",
        }
    }
}

/// What one check found. The status follows from it ([`CheckOutcome::status`]), so a reason
/// cannot contradict its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    /// https or localhost.
    SecureContext,
    /// The microphone needs https (or localhost).
    NotSecureContext,
    SdkLoaded {
        version: String,
        url: String,
    },
    /// A hop failed as it would in a call: worded like that call's diagnosis.
    Failed(CallFailure),
    /// livekit-client's `isBrowserSupported()` says no although nothing we check is missing.
    SdkRejectsBrowser {
        evidence: String,
    },
    BrowserSupported {
        evidence: String,
    },
    TokenAnswered {
        endpoint: String,
    },
    /// The token is valid but about to expire (a call could still start, barely).
    TokenExpiresSoon,
    TokenGrantsRoom {
        room: String,
    },
    /// The LiveKit server URL is wrong; `problem` says how.
    ServerUrlWrong {
        url: String,
        problem: ServerUrlProblem,
    },
    /// `http(s)://` where LiveKit URLs are `ws(s)://`: works (the SDK rewrites it), but wrong.
    ServerUrlHttpScheme {
        url: String,
    },
    ServerUrlOk {
        url: String,
    },
    /// Not run: it needs `.0` to pass first.
    NeedsEarlier(PreflightCheck),
    /// livekit-client's connection test passed; `said` is its last message.
    TestPassed {
        said: Option<String>,
    },
    /// The connection test was skipped, or an optional one (TURN) did not pass.
    TestWarned {
        said: Option<String>,
    },
    /// The connection test failed, or could not run; `said` is what the SDK said.
    TestFailed {
        said: Vec<String>,
    },
}

impl CheckOutcome {
    pub fn status(&self) -> CheckStatus {
        match self {
            Self::SecureContext
            | Self::SdkLoaded { .. }
            | Self::BrowserSupported { .. }
            | Self::TokenAnswered { .. }
            | Self::TokenGrantsRoom { .. }
            | Self::ServerUrlOk { .. }
            | Self::TestPassed { .. } => CheckStatus::Pass,
            Self::TokenExpiresSoon | Self::ServerUrlHttpScheme { .. } | Self::TestWarned { .. } => {
                CheckStatus::Warn
            }
            Self::NotSecureContext
            | Self::Failed(_)
            | Self::SdkRejectsBrowser { .. }
            | Self::ServerUrlWrong { .. }
            | Self::TestFailed { .. } => CheckStatus::Fail,
            Self::NeedsEarlier(_) => CheckStatus::Skipped,
        }
    }
}

/// One check's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    pub check: PreflightCheck,
    pub outcome: CheckOutcome,
}

impl CheckResult {
    pub fn new(check: PreflightCheck, outcome: CheckOutcome) -> Self {
        Self { check, outcome }
    }

    pub fn status(&self) -> CheckStatus {
        self.outcome.status()
    }
}

// The verdicts: pure rules from what the browser, the SDK and the pipeline's steps found.

/// The page can use the microphone only in a secure context.
pub fn secure_context(secure: bool) -> CheckOutcome {
    if secure {
        CheckOutcome::SecureContext
    } else {
        CheckOutcome::NotSecureContext
    }
}

/// Our own refusal (what the widget would tell a caller) first, then the SDK's opinion.
pub fn browser_support(
    refusal: Option<CallFailure>,
    sdk_supports_browser: bool,
    evidence: String,
) -> CheckOutcome {
    match refusal {
        Some(refusal) => CheckOutcome::Failed(refusal),
        None if !sdk_supports_browser => CheckOutcome::SdkRejectsBrowser { evidence },
        None => CheckOutcome::BrowserSupported { evidence },
    }
}

/// Below this many seconds left, a valid token is worth a warning.
const EXPIRES_SOON_S: i64 = 60;

/// `checked` is the pipeline's check of the token's claims at `now_s`.
pub fn token_claims(checked: Result<TokenClaims, CallFailure>, now_s: i64) -> CheckOutcome {
    match checked {
        Err(failure) => CheckOutcome::Failed(failure),
        Ok(claims) if claims.exp.is_some_and(|exp| exp - now_s < EXPIRES_SOON_S) => {
            CheckOutcome::TokenExpiresSoon
        }
        Ok(claims) => CheckOutcome::TokenGrantsRoom {
            room: claims.video.and_then(|v| v.room).unwrap_or_default(),
        },
    }
}

/// `checked` is the pipeline's check of the server URL a call would use.
pub fn server_url(checked: Result<String, CallFailure>) -> CheckOutcome {
    match checked {
        Err(CallFailure::ServerUrl { url, problem }) => {
            CheckOutcome::ServerUrlWrong { url, problem }
        }
        Err(failure) => CheckOutcome::Failed(failure),
        Ok(url) if uses_http_scheme(&url) => CheckOutcome::ServerUrlHttpScheme { url },
        Ok(url) => CheckOutcome::ServerUrlOk { url },
    }
}

/// One of livekit-client's connection tests as it finished: TURN is optional on a reachable
/// server (the local dev server has none), so its failure only warns.
pub fn connection_test(
    check: PreflightCheck,
    passed: bool,
    skipped: bool,
    mut said: Vec<String>,
) -> CheckOutcome {
    if passed {
        CheckOutcome::TestPassed { said: said.pop() }
    } else if skipped || check == PreflightCheck::Turn {
        CheckOutcome::TestWarned { said: said.pop() }
    } else {
        CheckOutcome::TestFailed { said }
    }
}

/// The results so far, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreflightReport {
    pub running: bool,
    pub results: Vec<CheckResult>,
}

impl PreflightReport {
    /// Records a result, and marks the rest skipped when a blocking check failed.
    pub fn record(&mut self, result: CheckResult) {
        let blocked = result.status() == CheckStatus::Fail && result.check.blocks_later_checks();
        let after = result.check;
        self.results.retain(|r| r.check != after);
        self.results.push(result);
        if blocked {
            let position = PreflightCheck::ALL
                .iter()
                .position(|c| *c == after)
                .unwrap_or(0);
            for later in &PreflightCheck::ALL[position + 1..] {
                self.results
                    .push(CheckResult::new(*later, CheckOutcome::NeedsEarlier(after)));
            }
        }
    }

    /// Whether `check` still has to run.
    pub fn needs(&self, check: PreflightCheck) -> bool {
        !self.results.iter().any(|r| r.check == check)
    }

    /// The first failure: the hop to fix first.
    pub fn first_failure(&self) -> Option<&CheckResult> {
        self.results
            .iter()
            .find(|r| r.status() == CheckStatus::Fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(check: PreflightCheck, status: CheckStatus) -> CheckResult {
        let outcome = match status {
            CheckStatus::Pass => CheckOutcome::TestPassed { said: None },
            CheckStatus::Warn => CheckOutcome::TestWarned { said: None },
            CheckStatus::Fail => CheckOutcome::TestFailed { said: Vec::new() },
            CheckStatus::Skipped => CheckOutcome::NeedsEarlier(PreflightCheck::SdkLoad),
        };
        CheckResult::new(check, outcome)
    }

    #[test]
    fn a_failed_token_endpoint_skips_what_depends_on_it() {
        let mut report = PreflightReport::default();
        report.record(result(PreflightCheck::SecureContext, CheckStatus::Pass));
        report.record(result(PreflightCheck::SdkLoad, CheckStatus::Pass));
        report.record(result(PreflightCheck::BrowserSupport, CheckStatus::Pass));
        report.record(result(PreflightCheck::TokenEndpoint, CheckStatus::Fail));
        assert_eq!(report.results.len(), PreflightCheck::ALL.len());
        assert!(!report.needs(PreflightCheck::WebSocket));
        assert_eq!(
            report.first_failure().map(|r| r.check.hop()),
            Some(Hop::TokenEndpoint)
        );
        assert!(report
            .results
            .iter()
            .skip(4)
            .all(|r| r.status() == CheckStatus::Skipped));
    }

    #[test]
    fn a_failed_turn_check_blocks_nothing() {
        let mut report = PreflightReport::default();
        report.record(result(PreflightCheck::Turn, CheckStatus::Fail));
        assert!(report.needs(PreflightCheck::PublishAudio));
        assert_eq!(PreflightCheck::Turn.hop(), Hop::Media);
    }

    #[test]
    fn keys_are_unique() {
        let keys: std::collections::BTreeSet<_> =
            PreflightCheck::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(keys.len(), PreflightCheck::ALL.len());
    }

    #[test]
    fn skipped_checks_name_the_check_they_wait_for() {
        let mut report = PreflightReport::default();
        report.record(result(PreflightCheck::WebSocket, CheckStatus::Fail));
        assert_eq!(
            report.results.last().map(|r| &r.outcome),
            Some(&CheckOutcome::NeedsEarlier(PreflightCheck::WebSocket))
        );
    }

    #[test]
    fn secure_context_verdicts() {
        assert_eq!(secure_context(true).status(), CheckStatus::Pass);
        assert_eq!(secure_context(false), CheckOutcome::NotSecureContext);
        assert_eq!(secure_context(false).status(), CheckStatus::Fail);
    }

    fn refusal() -> CallFailure {
        super::super::browser_support::BrowserFeatures::WITHOUT_WEBRTC
            .refusal()
            .expect("a browser without WebRTC is refused")
    }

    #[test]
    fn browser_support_fails_on_our_refusal_even_if_the_sdk_agrees() {
        let outcome = browser_support(Some(refusal()), true, "evidence".into());
        assert_eq!(outcome, CheckOutcome::Failed(refusal()));
    }

    #[test]
    fn browser_support_fails_when_only_the_sdk_says_no() {
        let outcome = browser_support(None, false, "evidence".into());
        assert_eq!(
            outcome,
            CheckOutcome::SdkRejectsBrowser {
                evidence: "evidence".into()
            }
        );
        assert_eq!(outcome.status(), CheckStatus::Fail);
    }

    #[test]
    fn browser_support_passes_with_its_evidence() {
        let outcome = browser_support(None, true, "evidence".into());
        assert_eq!(outcome.status(), CheckStatus::Pass);
    }

    fn claims(exp: Option<i64>, room: &str) -> TokenClaims {
        TokenClaims {
            exp,
            video: Some(super::super::token_claims::VideoGrant {
                room: Some(room.into()),
                room_join: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn token_claims_fail_with_the_pipelines_failure() {
        let failure = CallFailure::TokenContents {
            endpoint: "/api/token".into(),
            problem: super::super::token_claims::ClaimProblem::NoRoomJoin,
        };
        let outcome = token_claims(Err(failure.clone()), 1_000);
        assert_eq!(outcome, CheckOutcome::Failed(failure));
        assert_eq!(outcome.status(), CheckStatus::Fail);
    }

    #[test]
    fn token_claims_warn_when_the_token_expires_within_a_minute() {
        let outcome = token_claims(Ok(claims(Some(1_059), "r")), 1_000);
        assert_eq!(outcome, CheckOutcome::TokenExpiresSoon);
        assert_eq!(outcome.status(), CheckStatus::Warn);
        let later = token_claims(Ok(claims(Some(1_060), "r")), 1_000);
        assert_eq!(later.status(), CheckStatus::Pass);
    }

    #[test]
    fn token_claims_pass_naming_the_room() {
        assert_eq!(
            token_claims(Ok(claims(None, "lobby")), 1_000),
            CheckOutcome::TokenGrantsRoom {
                room: "lobby".into()
            }
        );
    }

    #[test]
    fn server_url_verdicts() {
        let wrong = server_url(Err(CallFailure::ServerUrl {
            url: "ftp://x".into(),
            problem: ServerUrlProblem::Scheme("ftp".into()),
        }));
        assert_eq!(
            wrong,
            CheckOutcome::ServerUrlWrong {
                url: "ftp://x".into(),
                problem: ServerUrlProblem::Scheme("ftp".into())
            }
        );
        assert_eq!(wrong.status(), CheckStatus::Fail);
        let http = server_url(Ok("https://x.livekit.cloud".into()));
        assert_eq!(http.status(), CheckStatus::Warn);
        let ws = server_url(Ok("wss://x.livekit.cloud".into()));
        assert_eq!(
            ws,
            CheckOutcome::ServerUrlOk {
                url: "wss://x.livekit.cloud".into()
            }
        );
    }

    fn said(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn a_passed_connection_test_keeps_its_last_message() {
        let outcome = connection_test(PreflightCheck::WebRtc, true, false, said(&["a", "b"]));
        assert_eq!(
            outcome,
            CheckOutcome::TestPassed {
                said: Some("b".into())
            }
        );
    }

    #[test]
    fn a_skipped_connection_test_warns() {
        let outcome = connection_test(PreflightCheck::WebRtc, false, true, said(&[]));
        assert_eq!(outcome, CheckOutcome::TestWarned { said: None });
    }

    #[test]
    fn a_failed_turn_test_only_warns_and_others_fail() {
        let turn = connection_test(PreflightCheck::Turn, false, false, said(&["no relay"]));
        assert_eq!(turn.status(), CheckStatus::Warn);
        let signal = connection_test(PreflightCheck::WebSocket, false, false, said(&["a", "b"]));
        assert_eq!(
            signal,
            CheckOutcome::TestFailed {
                said: said(&["a", "b"])
            }
        );
        assert_eq!(signal.status(), CheckStatus::Fail);
    }
}
