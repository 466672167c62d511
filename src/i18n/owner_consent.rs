//! What the site owner reads in the console about the consent options (English, like every owner
//! fix): each names the option, what the widget does instead, and the fix.

use crate::call::consent::ConsentOptionProblem;

/// The console line for `problem`.
pub fn consent_option_problem(problem: &ConsentOptionProblem) -> String {
    match problem {
        ConsentOptionProblem::PrivacyUrlNotHttp(url) => format!(
            "lk-voice-widget: consent-privacy-url \"{url}\" is not an http(s) address, so no privacy link is shown: give the full address of your privacy page, e.g. https://www.example.com/datenschutz"
        ),
        ConsentOptionProblem::RememberNotOnOff(value) => format!(
            "lk-voice-widget: consent-remember \"{value}\" is neither on nor off, so remembering is not offered: write consent-remember=\"on\" (or leave it out)"
        ),
        ConsentOptionProblem::NoPrivacyUrl => "lk-voice-widget: consent is asked without a link to your privacy policy: add consent-privacy-url=\"https://…/datenschutz\"".into(),
        ConsentOptionProblem::IgnoredWithoutConsent(option) => format!(
            "lk-voice-widget: {option} does nothing while consent is off: add consent=\"on\" (or your own sentence) to ask visitors before a call"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_names_its_option_and_the_fix() {
        let text = consent_option_problem(&ConsentOptionProblem::PrivacyUrlNotHttp(
            "javascript:x".into(),
        ));
        assert!(
            text.contains("consent-privacy-url \"javascript:x\""),
            "{text}"
        );
        assert!(text.contains("https://"));
        let text = consent_option_problem(&ConsentOptionProblem::RememberNotOnOff("ja".into()));
        assert!(text.contains("consent-remember \"ja\"") && text.contains("\"on\""));
        assert!(consent_option_problem(&ConsentOptionProblem::NoPrivacyUrl)
            .contains("consent-privacy-url="));
        assert!(
            consent_option_problem(&ConsentOptionProblem::IgnoredWithoutConsent(
                "consent-remember"
            ))
            .starts_with("lk-voice-widget: consent-remember does nothing")
        );
    }
}
