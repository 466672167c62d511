//! The words layer: every sentence a person or a site owner reads is made here, from the typed
//! facts of `call` and `livekit` (which hold no words). Plain Rust, tested natively.
//!
//! A language is a [`Messages`] catalog; the compiler keeps the catalogs complete.
//! What the site owner reads (the fix and the evidence of a diagnosis, the event log's technical
//! details, the diagnostic bundle) stays in English: it is meant to be pasted into a bug report
//! or a search.
//!
//! Recipes:
//! - **Add a fault**: give it a typed variant where it is detected (`livekit::failure` for what
//!   the SDK or the browser reports, `call::CallFailure` or `call::Warning` for the call's own
//!   judgement), then write its words in [`diagnosis`] (failures) or [`warning`] (warnings): the
//!   person's sentence as a new word in [`Words`] (or a [`Phrases`] method) in every catalog,
//!   the owner's fix and evidence in English beside it, and a native test. `problem()` then feeds the screen and the
//!   host page's `lkw-error` with no further change.
//! - **Add a language**: one catalog file (a copy of `en.rs`, translated; the compiler lists
//!   every sentence it lacks) and one arm in [`Lang`].

mod bundle;
mod de;
mod diagnosis;
mod en;
#[cfg(test)]
mod golden_tests;
mod log_line;
mod playback;
mod preflight;
mod status;
mod template;
mod warning;

pub use bundle::{diagnostic_bundle, redact_secrets, BundleContext};
pub use diagnosis::{browser_evidence, diagnose, problem, server_url_problem, Diagnosis};
pub use log_line::log_line;
pub use preflight::preflight_outcome;
pub use status::status_line;
pub use warning::explain;

use crate::call::preflight::{CheckStatus, PreflightCheck};
use crate::call::{AgentState, Hop};
use crate::livekit::event::DisconnectReason;

/// One row per language: its variant, BCP 47 primary tag and catalog. Adding a language is a
/// catalog file (`xx.rs`, a [`Messages`] static) plus its row here; the embed loader's words
/// and language choice follow (the `embed_contract` test regenerates them). The first row is the
/// default.
macro_rules! languages {
    ($first:ident => ($first_tag:literal, $first_catalog:expr) $(, $lang:ident => ($tag:literal, $catalog:expr))* $(,)?) => {
        /// The widget's languages.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub enum Lang {
            #[default]
            $first,
            $($lang,)*
        }

        impl Lang {
            /// Every language, the default first.
            pub const ALL: &'static [Lang] = &[Lang::$first, $(Lang::$lang,)*];

            fn row(self) -> (&'static str, &'static Messages) {
                match self {
                    Lang::$first => ($first_tag, &$first_catalog),
                    $(Lang::$lang => ($tag, &$catalog),)*
                }
            }
        }
    };
}

languages! {
    En => ("en", en::MESSAGES),
    De => ("de", de::MESSAGES),
}

impl Lang {
    /// From a `lang` attribute or `navigator.language` (`de`, `de-AT`, `en-GB` …); unknown → None.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        // Case-insensitive without a lowercased copy (issue 15); the tags are lowercase ASCII.
        Lang::ALL
            .iter()
            .copied()
            .find(|lang| lang.tag().eq_ignore_ascii_case(primary))
    }

    /// The BCP 47 tag (for `lang=` attributes and the agent's dispatch metadata).
    pub fn tag(self) -> &'static str {
        self.row().0
    }

    pub fn messages(self) -> &'static Messages {
        self.row().1
    }
}

/// A language's catalog: its plain sentences as data (one table per language) and the sentences
/// with arguments behind [`Phrases`]. One method per plain sentence, as before (`m.call()`), but
/// not a trait method each: 78 methods in two catalogs were 156 functions and their vtable
/// entries in the wasm (issue 15). The compiler still keeps every catalog complete (a struct
/// literal names every field). Whole widget −1.4 KB gzip.
pub struct Messages {
    words: Words,
    templates: Templates,
    phrases: &'static dyn Phrases,
}

/// The sentences with arguments (or chosen by a typed fact), by language.
impl std::ops::Deref for Messages {
    type Target = dyn Phrases;
    fn deref(&self) -> &Self::Target {
        self.phrases
    }
}

/// Declares [`Words`] (one `&'static str` field per plain sentence) and a method of the same name
/// on [`Messages`] for each.
macro_rules! words {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// The plain sentences of one language.
        pub struct Words {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        impl Messages {
            $($(#[$doc])* pub fn $name(&self) -> &'static str {
                self.words.$name
            })*
        }
    };
}

words! {
    // Controls
    call,
    hang_up,
    enable_audio,
    mute,
    unmute,
    microphone,
    speaker,
    system_default_device,
    conversation,
    message_placeholder,
    send,
    call_events,
    /// After an agent line the person interrupted.
    cut_off,
    you,
    agent_voice_level,
    your_microphone_level,
    call_duration,
    widget_label,

    // Status line
    ready,
    getting_access,
    loading,
    connecting,
    waiting_for_agent,
    reconnecting,
    hanging_up,
    call_ended,
    call_failed,
    microphone_muted,


    // Event log
    log_call_requested,
    log_token_received,
    log_microphone_on,
    log_microphone_off,
    log_hanging_up,
    log_call_ended,
    log_connected,
    log_reconnecting,
    log_signal_reconnecting,
    log_reconnected,
    log_playback_allowed,
    log_playback_blocked,
    log_devices_changed,
    log_silence,
    /// Our microphone track is received (subscribed) by another participant, e.g. the agent.
    log_track_received,

    // Diagnosis, what the person sees
    sdk_failed,
    token_unreachable,
    token_refused,
    server_url_wrong,
    connect_failed,
    mic_denied,
    mic_missing,
    mic_busy,
    mic_failed,
    ended_elsewhere,
    service_restarted,
    removed_from_call,
    connection_lost,
    join_failed,
    something_went_wrong,
    agent_unavailable,
    /// The token endpoint does not serve pages of this website (its origin is not allowed).
    site_not_allowed,
    agent_not_ready,
    agent_silent,
    /// The agent left while the call still runs (it will not come back by itself).
    agent_left,
    cant_hear_you,
    other_microphone,
    agent_not_heard,
    browser_cannot_call,
    page_not_secure,

    // Preflight and diagnostic bundle
    check_connection,
    copy_details,
    details_copied,

    // Embedding: the loader's words before the wasm is here (generated into the loader by
    // `embed_contract`'s test) and what the page around the widget forbids.
    /// The loader could not fetch the widget's code; a click tries again.
    widget_load_failed,
    /// The page's permissions policy blocks the microphone.
    page_blocks_microphone,
    /// Heads what only the site owner can fix.
    for_the_site_owner,
    /// The widget's code crashed (a panic): its call was ended and nothing works until a reload.
    widget_crashed,

    // Consent before a call (`consent="on"`; also the loader's words before the wasm).
    /// What the visitor agrees to before Call is enabled (worded for a practice's appointments).
    consent_default,
    /// The link to the site's privacy policy beside the consent.
    privacy_policy,
    /// The opt-in to keep the consent in this browser for this site.
    consent_remember,
}

/// Declares [`Templates`] (one `&'static str` field per sentence with arguments, its slots `{0}`,
/// `{1}` … the arguments in order) and a method of the same name on [`Messages`] that fills it.
/// Data per language, one routine for all ([`template::fill`], issue 15).
macro_rules! templates {
    ($($name:ident($($arg:ident),*);)*) => {
        /// A language's sentences with arguments, as templates.
        pub struct Templates {
            $(pub $name: &'static str,)*
            /// `{0}`: the hop's name ([`Phrases::hop`]); `{1}`: the owner's fix.
            pub log_failed: &'static str,
            /// As `log_failed`.
            pub log_warned: &'static str,
            /// `{0}`: [`Phrases::disconnect_reason`].
            pub log_disconnected: &'static str,
            /// `{0}`: [`Phrases::disconnect_reason`].
            pub call_ended_because: &'static str,
        }

        impl Messages {
            $(pub fn $name(&self, $($arg: &str),*) -> String {
                template::fill(self.templates.$name, &[$($arg),*])
            })*

            pub fn log_failed(&self, hop: Hop, owner_fix: &str) -> String {
                template::fill(self.templates.log_failed, &[self.hop(hop), owner_fix])
            }

            pub fn log_warned(&self, hop: Hop, owner_fix: &str) -> String {
                template::fill(self.templates.log_warned, &[self.hop(hop), owner_fix])
            }

            pub fn log_disconnected(&self, reason: DisconnectReason) -> String {
                template::fill(self.templates.log_disconnected, &[self.disconnect_reason(reason)])
            }

            pub fn call_ended_because(&self, reason: DisconnectReason) -> String {
                template::fill(self.templates.call_ended_because, &[self.disconnect_reason(reason)])
            }
        }
    };
}

templates! {
    log_call_resuming(room);
    log_sdk_loaded(version);
    log_connecting_to(url);
    log_connection_state(state);
    log_joined(who);
    log_attributes(who, pairs);
    log_subscribed(who, track);
    log_unsubscribed(who, track);
    log_subscription_failed(who, track_sid);
    log_muted(who, track);
    log_unmuted(who, track);
    log_device_error(name, message);
    log_playback_recovering(symptom, action);
    log_playback_recovered(steps);
    agent_prefix(name);
    track_label(source, sid);
}

/// The sentences whose template a typed fact chooses.
impl Messages {
    pub fn agent_is(&self, name: &str, state: AgentState) -> String {
        template::fill(self.agent_is_template(state), &[name])
    }

    pub fn log_left(&self, who: &str, reason: DisconnectReason) -> String {
        template::fill(
            self.log_left_template(reason),
            &[who, self.disconnect_reason(reason)],
        )
    }

    /// `wait_s`: the endpoint's Retry-After.
    pub fn token_rate_limited(&self, wait_s: Option<u32>) -> String {
        let wait = wait_s.map(|s| s.to_string()).unwrap_or_default();
        template::fill(self.token_rate_limited_template(wait_s.is_some()), &[&wait])
    }
}

/// The sentences that format their arguments in or are chosen by a typed fact.
pub trait Phrases: Sync {
    /// `{0}`: the agent's name.
    fn agent_is_template(&self, state: AgentState) -> &'static str;
    /// A disconnect reason in a few words.
    fn disconnect_reason(&self, reason: DisconnectReason) -> &'static str;
    /// The hop's name in the status panel.
    fn hop(&self, hop: Hop) -> &'static str;
    /// `{0}`: who left; `{1}`: [`Phrases::disconnect_reason`] (`Unknown` is left out: older
    /// SDKs and servers do not tell).
    fn log_left_template(&self, reason: DisconnectReason) -> &'static str;
    /// The token endpoint's rate limit refused this visitor; `{0}`: the seconds to wait, when
    /// the endpoint said (`known_wait`).
    fn token_rate_limited_template(&self, known_wait: bool) -> &'static str;
    fn preflight_check(&self, check: PreflightCheck) -> &'static str;
    fn check_status(&self, status: CheckStatus) -> &'static str;
}

// Embedding: what the site owner reads about the embed (English, like every owner fix).
pub mod owner_consent;
pub mod owner_console;
pub mod owner_embed;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_map_to_catalogs() {
        assert_eq!(Lang::from_tag("de-AT"), Some(Lang::De));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::De.tag(), "de");
    }

    #[test]
    fn german_and_english_differ_where_a_person_reads_them() {
        let (en, de) = (Lang::En.messages(), Lang::De.messages());
        assert_eq!(en.call(), "Call");
        assert_eq!(de.call(), "Anrufen");
        assert_eq!(de.hang_up(), "Auflegen");
        assert_eq!(
            de.agent_is("Sofia", AgentState::Listening),
            "Sofia hört zu."
        );
        assert_ne!(en.mic_denied(), de.mic_denied());
        assert_ne!(en.widget_crashed(), de.widget_crashed());
        assert_ne!(
            en.call_ended_because(DisconnectReason::DuplicateIdentity),
            de.call_ended_because(DisconnectReason::DuplicateIdentity)
        );
    }
}
