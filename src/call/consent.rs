//! The visitor's consent before a call: what the site owner configured ([`ConsentSetup`], from
//! the `consent`, `consent-privacy-url` and `consent-remember` options) and what the visitor
//! chose ([`Consent`]). No words and no browser here: the catalogs say the sentences, the UI
//! applies each [`StorageChange`] to `localStorage` and reports whether that worked.
//!
//! GDPR-minded on purpose: nothing is stored unless the site offers remembering *and* the visitor
//! ticks it; a withdrawal clears what was stored; a stored consent counts only for the text it was
//! given for (a changed consent text asks again).

/// The `localStorage` key (one per site: storage is per origin).
pub const STORAGE_KEY: &str = "lk-voice-widget.consent";
/// How a stored consent begins (then the text's fingerprint): the loader, which cannot check
/// the fingerprint, only guesses from it that the widget will find consent given.
pub const STORED_PREFIX: &str = "given:";

/// What the visitor is asked to agree to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentText {
    /// The catalog's sentence in the widget's language.
    CatalogDefault,
    /// The site owner's own sentence (`consent="…"`).
    Custom(String),
}

/// The owner's consent configuration; `None` where consent is off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentSetup {
    pub text: ConsentText,
    /// Where the site's privacy policy is (checked: http(s) or relative).
    pub privacy_url: Option<String>,
    /// Whether the visitor is offered "remember my choice on this site".
    pub offer_remember: bool,
}

/// A consent option the widget could not use as given; the owner reads it in the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentOptionProblem {
    /// `consent-privacy-url` names another scheme (`javascript:`, `mailto:` …): no link is shown.
    PrivacyUrlNotHttp(String),
    /// `consent-remember` is neither on nor off: remembering is not offered.
    RememberNotOnOff(String),
    /// Consent is asked without a link to the privacy policy.
    NoPrivacyUrl,
    /// A consent option is set while `consent` is off: it does nothing.
    IgnoredWithoutConsent(&'static str),
}

use super::switch::{switch, Switch};

/// The setup from the options' values (trimmed, non-empty ones), and what was wrong with them.
/// `consent`: `on` (the catalog's sentence), `off`, or the sentence itself.
pub fn consent_setup(
    consent: Option<&str>,
    privacy_url: Option<&str>,
    remember: Option<&str>,
) -> (Option<ConsentSetup>, Vec<ConsentOptionProblem>) {
    let mut problems = Vec::new();
    let text = match consent.map(|c| (c, switch(c))) {
        None | Some((_, Switch::Off)) => None,
        Some((_, Switch::On)) => Some(ConsentText::CatalogDefault),
        Some((custom, Switch::Other)) => Some(ConsentText::Custom(custom.trim().to_string())),
    };
    let Some(text) = text else {
        if privacy_url.is_some() {
            problems.push(ConsentOptionProblem::IgnoredWithoutConsent(
                "consent-privacy-url",
            ));
        }
        if remember.is_some() {
            problems.push(ConsentOptionProblem::IgnoredWithoutConsent(
                "consent-remember",
            ));
        }
        return (None, problems);
    };
    let privacy_url = match privacy_url {
        None => {
            problems.push(ConsentOptionProblem::NoPrivacyUrl);
            None
        }
        Some(url) if is_web_link(url) => Some(url.trim().to_string()),
        Some(url) => {
            problems.push(ConsentOptionProblem::PrivacyUrlNotHttp(url.to_string()));
            None
        }
    };
    let offer_remember = match remember.map(switch) {
        None | Some(Switch::Off) => false,
        Some(Switch::On) => true,
        Some(Switch::Other) => {
            problems.push(ConsentOptionProblem::RememberNotOnOff(
                remember.unwrap_or_default().to_string(),
            ));
            false
        }
    };
    let setup = ConsentSetup {
        text,
        privacy_url,
        offer_remember,
    };
    (Some(setup), problems)
}

/// An `http:`/`https:` address, or one relative to the page (which the browser resolves against
/// the page's own http(s) address). Any other scheme would put e.g. `javascript:` in a link.
pub fn is_web_link(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_control() || c == ' ') {
        return false;
    }
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:`, ahead of any `/?#`.
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    match url[..head_end].split_once(':') {
        None => true,
        Some((scheme, _)) => {
            let scheme = scheme.to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
    }
}

/// What to do to `localStorage` after a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageChange {
    Keep,
    /// Store this value under [`STORAGE_KEY`].
    Store(String),
    /// Remove [`STORAGE_KEY`].
    Clear,
}

/// The visitor's consent in one widget.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Consent {
    /// Whether the site asks for consent at all.
    pub required: bool,
    pub given: bool,
    /// The "remember my choice" box is ticked (the visitor's wish; stored only once given).
    pub remember: bool,
    /// `localStorage` holds this consent (a write that failed, e.g. in a private window, leaves
    /// this false: the choice then lasts for this page only).
    pub stored: bool,
    /// The value that means "given" for this setup's text.
    stored_value: String,
}

impl Consent {
    /// Consent as the page loads: given only when the site offers remembering and storage holds
    /// a consent to this very text. Anything else stored under the key (another text's consent,
    /// a value from a time remembering was offered) is cleared.
    pub fn on_load(setup: Option<&ConsentSetup>, stored: Option<&str>) -> (Self, StorageChange) {
        let Some(setup) = setup else {
            return (Self::default(), StorageChange::Keep);
        };
        let stored_value = stored_value(&setup.text);
        let restored = setup.offer_remember && stored == Some(stored_value.as_str());
        let consent = Self {
            required: true,
            given: restored,
            remember: restored,
            stored: restored,
            stored_value,
        };
        let change = match stored {
            Some(_) if !restored => StorageChange::Clear,
            _ => StorageChange::Keep,
        };
        (consent, change)
    }

    /// Whether Call may start a call.
    pub fn allows_call(&self) -> bool {
        !self.required || self.given
    }

    /// Whether Call waits for the visitor's consent (Call is disabled and described by the text).
    pub fn pending(&self) -> bool {
        !self.allows_call()
    }

    /// The visitor ticked (`true`) or unticked the consent box. Unticking withdraws: the stored
    /// consent is cleared and "remember" is unticked too.
    pub fn set_given(&mut self, given: bool) -> StorageChange {
        self.given = given;
        if given {
            return self.store_if_wished();
        }
        self.remember = false;
        StorageChange::Clear
    }

    /// The visitor ticked or unticked "remember my choice on this site".
    pub fn set_remember(&mut self, remember: bool) -> StorageChange {
        self.remember = remember;
        if remember {
            self.store_if_wished()
        } else {
            StorageChange::Clear
        }
    }

    fn store_if_wished(&self) -> StorageChange {
        if self.given && self.remember {
            StorageChange::Store(self.stored_value.clone())
        } else {
            StorageChange::Keep
        }
    }

    /// Records whether `change` took effect (`ok`: storage was there and accepted it).
    pub fn applied(&mut self, change: &StorageChange, ok: bool) {
        match change {
            StorageChange::Keep => {}
            StorageChange::Store(_) => self.stored = ok,
            StorageChange::Clear => self.stored = false,
        }
    }

    /// What the host page's `lkw-consent` says: the choice is remembered only when stored.
    pub fn remembered(&self) -> bool {
        self.given && self.stored
    }
}

/// "given" for this text: a changed consent text (the owner's own, or the catalog's default
/// swapped for one) does not match an older stored consent.
fn stored_value(text: &ConsentText) -> String {
    let words = match text {
        ConsentText::CatalogDefault => "catalog-default",
        ConsentText::Custom(text) => text.as_str(),
    };
    format!("{STORED_PREFIX}{:016x}", fnv1a64(words.as_bytes()))
}

/// FNV-1a: a stable fingerprint (not a secret; it only tells texts apart).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(remember: bool) -> ConsentSetup {
        ConsentSetup {
            text: ConsentText::CatalogDefault,
            privacy_url: Some("https://praxis.example/datenschutz".into()),
            offer_remember: remember,
        }
    }

    #[test]
    fn consent_is_off_unless_asked_for() {
        assert_eq!(consent_setup(None, None, None), (None, vec![]));
        assert_eq!(consent_setup(Some("off"), None, None).0, None);
        assert_eq!(consent_setup(Some("FALSE"), None, None).0, None);
        let (consent, change) = Consent::on_load(None, Some("given:whatever"));
        assert!(consent.allows_call());
        assert!(!consent.required);
        assert_eq!(
            change,
            StorageChange::Keep,
            "another widget's storage is not ours to clear"
        );
    }

    #[test]
    fn on_means_the_catalog_sentence_anything_else_is_the_sentence() {
        let (on, _) = consent_setup(Some("on"), Some("/datenschutz"), None);
        assert_eq!(on.unwrap().text, ConsentText::CatalogDefault);
        let (custom, problems) = consent_setup(
            Some(" Ich willige ein. "),
            Some("https://praxis.example/datenschutz"),
            Some("on"),
        );
        let custom = custom.unwrap();
        assert_eq!(custom.text, ConsentText::Custom("Ich willige ein.".into()));
        assert!(custom.offer_remember);
        assert_eq!(problems, vec![]);
    }

    #[test]
    fn the_privacy_link_is_http_or_relative_never_another_scheme() {
        for good in [
            "https://praxis.example/datenschutz",
            "HTTP://praxis.example/x?a=b:c",
            "/datenschutz",
            "datenschutz.html",
            "//praxis.example/datenschutz",
            "/path/with:colon",
        ] {
            assert!(is_web_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "mailto:praxis@example.com",
            "ftp://praxis.example",
            "https://praxis.example/a b",
            "",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
        let (setup, problems) = consent_setup(Some("on"), Some("javascript:alert(1)"), None);
        assert_eq!(
            setup.unwrap().privacy_url,
            None,
            "no link rather than a script"
        );
        assert_eq!(
            problems,
            vec![ConsentOptionProblem::PrivacyUrlNotHttp(
                "javascript:alert(1)".into()
            )]
        );
    }

    #[test]
    fn the_owner_hears_of_options_that_do_nothing() {
        let (_, problems) = consent_setup(Some("on"), None, Some("maybe"));
        assert_eq!(
            problems,
            vec![
                ConsentOptionProblem::NoPrivacyUrl,
                ConsentOptionProblem::RememberNotOnOff("maybe".into())
            ]
        );
        let (setup, problems) = consent_setup(None, Some("/datenschutz"), Some("on"));
        assert_eq!(setup, None);
        assert_eq!(
            problems,
            vec![
                ConsentOptionProblem::IgnoredWithoutConsent("consent-privacy-url"),
                ConsentOptionProblem::IgnoredWithoutConsent("consent-remember")
            ]
        );
    }

    #[test]
    fn call_waits_for_consent_and_nothing_is_stored_without_remember() {
        let (mut consent, change) = Consent::on_load(Some(&setup(true)), None);
        assert_eq!(change, StorageChange::Keep);
        assert!(consent.pending());
        assert!(!consent.allows_call());
        assert_eq!(consent.set_given(true), StorageChange::Keep);
        assert!(consent.allows_call());
        assert!(!consent.remembered());
    }

    #[test]
    fn remembering_stores_once_both_are_ticked_in_either_order() {
        let s = setup(true);
        let (mut a, _) = Consent::on_load(Some(&s), None);
        assert_eq!(a.set_remember(true), StorageChange::Keep, "not yet given");
        let change = a.set_given(true);
        assert!(matches!(change, StorageChange::Store(_)));
        a.applied(&change, true);
        assert!(a.remembered());

        let (mut b, _) = Consent::on_load(Some(&s), None);
        b.set_given(true);
        assert_eq!(b.set_remember(true), change, "the same value either way");
    }

    #[test]
    fn a_stored_consent_is_restored_on_load() {
        let s = setup(true);
        let (mut first, _) = Consent::on_load(Some(&s), None);
        first.set_remember(true);
        let StorageChange::Store(value) = first.set_given(true) else {
            panic!("stores")
        };
        let (again, change) = Consent::on_load(Some(&s), Some(&value));
        assert_eq!(change, StorageChange::Keep);
        assert!(again.given && again.remember && again.remembered());
        assert!(again.allows_call());
    }

    #[test]
    fn a_stale_or_unoffered_stored_consent_asks_again_and_is_cleared() {
        let s = setup(true);
        let (mut first, _) = Consent::on_load(Some(&s), None);
        first.set_remember(true);
        let StorageChange::Store(value) = first.set_given(true) else {
            panic!("stores")
        };
        // The owner changed the sentence.
        let changed = ConsentSetup {
            text: ConsentText::Custom("Neuer Text.".into()),
            ..s.clone()
        };
        let (c, change) = Consent::on_load(Some(&changed), Some(&value));
        assert!(c.pending());
        assert_eq!(change, StorageChange::Clear);
        // The owner stopped offering remembering.
        let (c, change) = Consent::on_load(Some(&setup(false)), Some(&value));
        assert!(c.pending());
        assert_eq!(change, StorageChange::Clear);
        // Garbage.
        let (c, change) = Consent::on_load(Some(&s), Some("yes"));
        assert!(c.pending());
        assert_eq!(change, StorageChange::Clear);
    }

    #[test]
    fn withdrawing_clears_storage_and_disables_call() {
        let s = setup(true);
        let (mut c, _) = Consent::on_load(Some(&s), None);
        c.set_remember(true);
        let stored = c.set_given(true);
        c.applied(&stored, true);
        let change = c.set_given(false);
        assert_eq!(change, StorageChange::Clear);
        c.applied(&change, true);
        assert!(c.pending());
        assert!(!c.remember, "withdrawing forgets the wish to remember too");
        assert!(!c.remembered());
        // Unticking "remember" alone keeps consent for this page and clears storage.
        c.set_given(true);
        c.set_remember(true);
        assert_eq!(c.set_remember(false), StorageChange::Clear);
        assert!(c.allows_call());
    }

    #[test]
    fn unavailable_storage_means_not_remembered_not_an_error() {
        let (mut c, _) = Consent::on_load(Some(&setup(true)), None);
        c.set_remember(true);
        let change = c.set_given(true);
        c.applied(&change, false);
        assert!(c.allows_call());
        assert!(!c.remembered());
    }
}
