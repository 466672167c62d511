//! Each preflight row's reason ("Check connection"): evidence for the site owner, in English in
//! every language like a diagnosis' fix; a failed hop reads exactly like a failed call's fix.

use super::diagnosis::{diagnose, server_url_problem};
use super::Lang;
use crate::call::preflight::CheckOutcome;

pub fn preflight_outcome(outcome: &CheckOutcome) -> String {
    match outcome {
        CheckOutcome::SecureContext => "secure context (https or localhost)".into(),
        CheckOutcome::NotSecureContext => {
            "not a secure context: the microphone needs https (or localhost)".into()
        }
        CheckOutcome::SdkLoaded { version, url } => {
            format!("livekit-client {version} from {url}")
        }
        CheckOutcome::Failed(failure) => diagnose(failure, Lang::En).owner_fix,
        CheckOutcome::SdkRejectsBrowser { evidence } => {
            format!("livekit-client's isBrowserSupported() says no ({evidence})")
        }
        CheckOutcome::BrowserSupported { evidence } => evidence.clone(),
        CheckOutcome::TokenAnswered { endpoint } => format!("{endpoint} answered with a token"),
        CheckOutcome::TokenExpiresSoon => "the token expires within a minute".into(),
        CheckOutcome::TokenGrantsRoom { room } => {
            format!("room '{room}', can join and publish")
        }
        CheckOutcome::ServerUrlWrong { url, problem } => server_url_problem(url, problem),
        CheckOutcome::ServerUrlHttpScheme { url } => {
            format!("'{url}' should be ws:// or wss://")
        }
        CheckOutcome::ServerUrlOk { url } => url.clone(),
        CheckOutcome::NeedsEarlier(check) => format!("needs {} to pass", check.key()),
        CheckOutcome::TestPassed { said } => said.clone().unwrap_or_default(),
        CheckOutcome::TestWarned { said } => said.clone().unwrap_or_else(|| "skipped".into()),
        CheckOutcome::TestFailed { said } => said.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::preflight::PreflightCheck;

    #[test]
    fn outcomes_keep_their_evidence_words() {
        let skipped = CheckOutcome::NeedsEarlier(PreflightCheck::BrowserSupport);
        assert_eq!(preflight_outcome(&skipped), "needs browser-support to pass");
        assert_eq!(
            preflight_outcome(&CheckOutcome::TestWarned { said: None }),
            "skipped"
        );
        let failed = CheckOutcome::TestFailed {
            said: vec!["a".into(), "b".into()],
        };
        assert_eq!(preflight_outcome(&failed), "a; b");
        let room = CheckOutcome::TokenGrantsRoom {
            room: "lobby".into(),
        };
        assert_eq!(
            preflight_outcome(&room),
            "room 'lobby', can join and publish"
        );
    }

    #[test]
    fn a_failed_hop_reads_like_the_calls_diagnosis() {
        use crate::call::failure::CallFailure;
        use crate::call::token_claims::ClaimProblem;
        let failure = CallFailure::TokenContents {
            endpoint: "/api/token".into(),
            problem: ClaimProblem::NoRoomJoin,
        };
        let fix = diagnose(&failure, Lang::En).owner_fix;
        let outcome = CheckOutcome::Failed(failure);
        assert_eq!(preflight_outcome(&outcome), fix);
    }
}
