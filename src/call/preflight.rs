//! The preflight check: every hop a call needs, tested before calling, each with pass / warn /
//! fail and the reason. The checks run in the browser; this is their vocabulary and verdict.

use super::failure::Hop;

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

/// One check's outcome; `detail` is the reason, in English (it is evidence).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    pub check: PreflightCheck,
    pub status: CheckStatus,
    pub detail: String,
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
        let blocked = result.status == CheckStatus::Fail && result.check.blocks_later_checks();
        let after = result.check;
        self.results.retain(|r| r.check != after);
        self.results.push(result);
        if blocked {
            let position = PreflightCheck::ALL
                .iter()
                .position(|c| *c == after)
                .unwrap_or(0);
            for later in &PreflightCheck::ALL[position + 1..] {
                self.results.push(CheckResult {
                    check: *later,
                    status: CheckStatus::Skipped,
                    detail: format!("needs {} to pass", after.key()),
                });
            }
        }
    }

    /// Whether `check` still has to run.
    pub fn needs(&self, check: PreflightCheck) -> bool {
        !self.results.iter().any(|r| r.check == check)
    }

    /// The first failure: the hop to fix first.
    pub fn first_failure(&self) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.status == CheckStatus::Fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(check: PreflightCheck, status: CheckStatus) -> CheckResult {
        CheckResult {
            check,
            status,
            detail: String::new(),
        }
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
            .all(|r| r.status == CheckStatus::Skipped));
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
}
