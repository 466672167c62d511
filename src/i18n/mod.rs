//! The words layer: every sentence a person or a site owner reads is made here, from the typed
//! facts of `call` and `livekit` (which hold no words). Plain Rust, tested natively.
//!
//! A language is a type implementing [`Messages`]; the compiler keeps the catalogs complete.
//! What the site owner reads (the fix and the evidence of a diagnosis, the event log's technical
//! details, the diagnostic bundle) stays in English: it is meant to be pasted into a bug report
//! or a search.
//!
//! Recipes:
//! - **Add a fault**: give it a typed variant where it is detected (`livekit::failure` for what
//!   the SDK or the browser reports, `call::CallFailure` or `call::Warning` for the call's own
//!   judgement), then write its words in [`diagnosis`] (failures) or [`warning`] (warnings): the
//!   person's sentence as a new [`Messages`] method in every catalog, the owner's fix and
//!   evidence in English beside it, and a native test. `problem()` then feeds the screen and the
//!   host page's `lkw-error` with no further change.
//! - **Add a language**: one catalog file (a copy of `en.rs`, translated; the compiler lists
//!   every sentence it lacks) and one arm in [`Lang`].

mod bundle;
mod de;
mod diagnosis;
mod en;
mod log_line;
mod playback;
mod preflight;
mod status;
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
/// catalog file (`xx.rs`, implementing [`Messages`]) plus its row here; the embed loader's words
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

            fn row(self) -> (&'static str, &'static dyn Messages) {
                match self {
                    Lang::$first => ($first_tag, &$first_catalog),
                    $(Lang::$lang => ($tag, &$catalog),)*
                }
            }
        }
    };
}

languages! {
    En => ("en", en::English),
    De => ("de", de::German),
}

impl Lang {
    /// From a `lang` attribute or `navigator.language` (`de`, `de-AT`, `en-GB` …); unknown → None.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.iter().copied().find(|lang| lang.tag() == primary)
    }

    /// The BCP 47 tag (for `lang=` attributes and the agent's dispatch metadata).
    pub fn tag(self) -> &'static str {
        self.row().0
    }

    pub fn messages(self) -> &'static dyn Messages {
        self.row().1
    }
}

/// The catalog. Methods with arguments format them in.
pub trait Messages: Sync {
    // Controls
    fn call(&self) -> &'static str;
    fn hang_up(&self) -> &'static str;
    fn enable_audio(&self) -> &'static str;
    fn mute(&self) -> &'static str;
    fn unmute(&self) -> &'static str;
    fn microphone(&self) -> &'static str;
    fn speaker(&self) -> &'static str;
    fn system_default_device(&self) -> &'static str;
    fn conversation(&self) -> &'static str;
    fn message_placeholder(&self) -> &'static str;
    fn send(&self) -> &'static str;
    fn call_events(&self) -> &'static str;
    /// After an agent line the person interrupted.
    fn cut_off(&self) -> &'static str;
    fn you(&self) -> &'static str;
    fn agent_voice_level(&self) -> &'static str;
    fn your_microphone_level(&self) -> &'static str;
    fn call_duration(&self) -> &'static str;
    fn widget_label(&self) -> &'static str;

    // Status line
    fn ready(&self) -> &'static str;
    fn getting_access(&self) -> &'static str;
    fn loading(&self) -> &'static str;
    fn connecting(&self) -> &'static str;
    fn waiting_for_agent(&self) -> &'static str;
    fn agent_is(&self, name: &str, state: AgentState) -> String;
    fn reconnecting(&self) -> &'static str;
    fn hanging_up(&self) -> &'static str;
    fn call_ended(&self) -> &'static str;
    fn call_ended_because(&self, reason: DisconnectReason) -> String;
    fn call_failed(&self) -> &'static str;
    fn microphone_muted(&self) -> &'static str;

    /// A disconnect reason in a few words.
    fn disconnect_reason(&self, reason: DisconnectReason) -> &'static str;
    /// The hop's name in the status panel.
    fn hop(&self, hop: Hop) -> &'static str;

    // Event log
    fn log_call_requested(&self) -> &'static str;
    /// The page came back mid-call and the widget rejoins `room` (option `resume`).
    fn log_call_resuming(&self, room: &str) -> String;
    fn log_token_received(&self) -> &'static str;
    fn log_sdk_loaded(&self, version: &str) -> String;
    fn log_connecting_to(&self, url: &str) -> String;
    fn log_microphone_on(&self) -> &'static str;
    fn log_microphone_off(&self) -> &'static str;
    fn log_hanging_up(&self) -> &'static str;
    fn log_call_ended(&self) -> &'static str;
    fn log_failed(&self, hop: Hop, owner_fix: &str) -> String;
    fn log_warned(&self, hop: Hop, owner_fix: &str) -> String;
    fn log_connected(&self) -> &'static str;
    fn log_reconnecting(&self) -> &'static str;
    fn log_signal_reconnecting(&self) -> &'static str;
    fn log_reconnected(&self) -> &'static str;
    fn log_disconnected(&self, reason: DisconnectReason) -> String;
    fn log_connection_state(&self, state: &str) -> String;
    fn log_joined(&self, who: &str) -> String;
    /// `reason` `Unknown` is left out (older SDKs and servers do not tell).
    fn log_left(&self, who: &str, reason: DisconnectReason) -> String;
    fn log_attributes(&self, who: &str, pairs: &str) -> String;
    fn log_subscribed(&self, who: &str, track: &str) -> String;
    fn log_unsubscribed(&self, who: &str, track: &str) -> String;
    fn log_subscription_failed(&self, who: &str, track_sid: &str) -> String;
    fn log_muted(&self, who: &str, track: &str) -> String;
    fn log_unmuted(&self, who: &str, track: &str) -> String;
    fn log_playback_allowed(&self) -> &'static str;
    fn log_playback_blocked(&self) -> &'static str;
    fn log_device_error(&self, name: &str, message: &str) -> String;
    fn log_devices_changed(&self) -> &'static str;
    /// The playback watchdog acts; `symptom` and `action` are technical English.
    fn log_playback_recovering(&self, symptom: &str, action: &str) -> String;
    fn log_playback_recovered(&self, steps: &str) -> String;
    fn log_silence(&self) -> &'static str;
    /// Our microphone track is received (subscribed) by another participant, e.g. the agent.
    fn log_track_received(&self) -> &'static str;
    fn agent_prefix(&self, name: &str) -> String;
    fn track_label(&self, source: &str, sid: &str) -> String;

    // Diagnosis, what the person sees
    fn sdk_failed(&self) -> &'static str;
    fn token_unreachable(&self) -> &'static str;
    fn token_refused(&self) -> &'static str;
    /// The token endpoint's rate limit refused this visitor (`wait_s`: its Retry-After).
    fn token_rate_limited(&self, wait_s: Option<u32>) -> String;
    fn server_url_wrong(&self) -> &'static str;
    fn connect_failed(&self) -> &'static str;
    fn mic_denied(&self) -> &'static str;
    fn mic_missing(&self) -> &'static str;
    fn mic_busy(&self) -> &'static str;
    fn mic_failed(&self) -> &'static str;
    fn ended_elsewhere(&self) -> &'static str;
    fn service_restarted(&self) -> &'static str;
    fn removed_from_call(&self) -> &'static str;
    fn connection_lost(&self) -> &'static str;
    fn join_failed(&self) -> &'static str;
    fn something_went_wrong(&self) -> &'static str;
    fn agent_unavailable(&self) -> &'static str;
    /// The token endpoint does not serve pages of this website (its origin is not allowed).
    fn site_not_allowed(&self) -> &'static str;
    fn agent_not_ready(&self) -> &'static str;
    fn agent_silent(&self) -> &'static str;
    /// The agent left while the call still runs (it will not come back by itself).
    fn agent_left(&self) -> &'static str;
    fn cant_hear_you(&self) -> &'static str;
    fn other_microphone(&self) -> &'static str;
    fn agent_not_heard(&self) -> &'static str;
    fn browser_cannot_call(&self) -> &'static str;
    fn page_not_secure(&self) -> &'static str;

    // Preflight and diagnostic bundle
    fn check_connection(&self) -> &'static str;
    fn preflight_check(&self, check: PreflightCheck) -> &'static str;
    fn check_status(&self, status: CheckStatus) -> &'static str;
    fn copy_details(&self) -> &'static str;
    fn details_copied(&self) -> &'static str;

    // Embedding: the loader's words before the wasm is here (generated into the loader by
    // `embed_contract`'s test) and what the page around the widget forbids.
    /// The loader could not fetch the widget's code; a click tries again.
    fn widget_load_failed(&self) -> &'static str;
    /// The page's permissions policy blocks the microphone.
    fn page_blocks_microphone(&self) -> &'static str;
    /// Heads what only the site owner can fix.
    fn for_the_site_owner(&self) -> &'static str;
    /// The widget's code crashed (a panic): its call was ended and nothing works until a reload.
    fn widget_crashed(&self) -> &'static str;

    // Consent before a call (`consent="on"`; also the loader's words before the wasm).
    /// What the visitor agrees to before Call is enabled (worded for a practice's appointments).
    fn consent_default(&self) -> &'static str;
    /// The link to the site's privacy policy beside the consent.
    fn privacy_policy(&self) -> &'static str;
    /// The opt-in to keep the consent in this browser for this site.
    fn consent_remember(&self) -> &'static str;
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
