//! Every string a person reads, one catalog per language. Plain Rust (tested natively).
//!
//! A language is a type implementing [`Messages`]; the compiler keeps the catalogs complete.
//! What the site owner reads (the fix and the evidence of a diagnosis) stays in English: it is
//! meant to be pasted into a bug report or a search.

mod de;
mod en;

use crate::call::preflight::{CheckOutcome, CheckStatus, PreflightCheck};
use crate::call::{AgentState, Hop};
use crate::livekit::event::DisconnectReason;

/// The widget's languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    /// From a `lang` attribute or `navigator.language` (`de`, `de-AT`, `en-GB` …); unknown → None.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The BCP 47 tag (for `lang=` attributes and the agent's dispatch metadata).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    pub fn messages(self) -> &'static dyn Messages {
        match self {
            Lang::En => &en::English,
            Lang::De => &de::German,
        }
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
    fn log_left(&self, who: &str) -> String;
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
    fn agent_not_ready(&self) -> &'static str;
    fn agent_silent(&self) -> &'static str;
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

    // Preflight outcomes (one row's reason under "Check connection"; owner evidence, like a
    // diagnosis' fix, so every catalog may give it in English)
    fn preflight_outcome(&self, outcome: &CheckOutcome) -> String;
}

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
        assert_ne!(
            en.call_ended_because(DisconnectReason::DuplicateIdentity),
            de.call_ended_because(DisconnectReason::DuplicateIdentity)
        );
    }
}
