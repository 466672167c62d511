//! Deutsch.

use super::Messages;
use crate::call::preflight::{CheckStatus, PreflightCheck};
use crate::call::{AgentState, Hop};
use crate::livekit::event::DisconnectReason;

pub struct German;

impl Messages for German {
    fn call(&self) -> &'static str {
        "Anrufen"
    }
    fn hang_up(&self) -> &'static str {
        "Auflegen"
    }
    fn enable_audio(&self) -> &'static str {
        "Ton aktivieren"
    }
    fn mute(&self) -> &'static str {
        "Stummschalten"
    }
    fn unmute(&self) -> &'static str {
        "Stummschaltung aufheben"
    }
    fn microphone(&self) -> &'static str {
        "Mikrofon"
    }
    fn speaker(&self) -> &'static str {
        "Lautsprecher"
    }
    fn system_default_device(&self) -> &'static str {
        "Systemstandard"
    }
    fn conversation(&self) -> &'static str {
        "Gespräch"
    }
    fn message_placeholder(&self) -> &'static str {
        "Nachricht eingeben"
    }
    fn send(&self) -> &'static str {
        "Senden"
    }
    fn call_events(&self) -> &'static str {
        "Anrufereignisse"
    }
    fn cut_off(&self) -> &'static str {
        "(unterbrochen)"
    }
    fn you(&self) -> &'static str {
        "Sie"
    }
    fn agent_voice_level(&self) -> &'static str {
        "Lautstärke der Assistentin"
    }
    fn your_microphone_level(&self) -> &'static str {
        "Ihr Mikrofonpegel"
    }
    fn call_duration(&self) -> &'static str {
        "Gesprächsdauer"
    }
    fn widget_label(&self) -> &'static str {
        "Sprachanruf"
    }

    fn ready(&self) -> &'static str {
        "Bereit zum Anrufen."
    }
    fn getting_access(&self) -> &'static str {
        "Zugang wird angefordert…"
    }
    fn loading(&self) -> &'static str {
        "Wird geladen…"
    }
    fn connecting(&self) -> &'static str {
        "Verbindung wird aufgebaut…"
    }
    fn waiting_for_agent(&self) -> &'static str {
        "Verbunden. Warten auf die Assistentin…"
    }
    fn agent_is(&self, name: &str, state: AgentState) -> String {
        match state {
            AgentState::Speaking => format!("{name} spricht."),
            AgentState::Listening => format!("{name} hört zu."),
            AgentState::Thinking => format!("{name} denkt nach…"),
            AgentState::Initializing => format!("{name} macht sich bereit…"),
            AgentState::Idle | AgentState::Unknown => format!("{name} ist da."),
        }
    }
    fn reconnecting(&self) -> &'static str {
        "Verbindung unterbrochen. Neuer Versuch…"
    }
    fn hanging_up(&self) -> &'static str {
        "Wird aufgelegt…"
    }
    fn call_ended(&self) -> &'static str {
        "Anruf beendet."
    }
    fn call_ended_because(&self, reason: DisconnectReason) -> String {
        format!("Anruf beendet: {}.", self.disconnect_reason(reason))
    }
    fn call_failed(&self) -> &'static str {
        "Der Anruf ist fehlgeschlagen."
    }
    fn microphone_muted(&self) -> &'static str {
        "Ihr Mikrofon ist stummgeschaltet."
    }

    fn disconnect_reason(&self, reason: DisconnectReason) -> &'static str {
        match reason {
            DisconnectReason::ClientInitiated => "aufgelegt",
            DisconnectReason::DuplicateIdentity => {
                "dieselbe Identität hat sich anderswo angemeldet"
            }
            DisconnectReason::ServerShutdown => "der Server wurde heruntergefahren",
            DisconnectReason::ParticipantRemoved => "aus dem Raum entfernt",
            DisconnectReason::RoomDeleted => "der Raum wurde gelöscht",
            DisconnectReason::RoomClosed => "der Raum wurde geschlossen",
            DisconnectReason::SignalClose => "die Signalverbindung wurde geschlossen",
            DisconnectReason::ConnectionTimeout => "Zeitüberschreitung der Verbindung",
            DisconnectReason::MediaFailure => "die Medienverbindung ist ausgefallen",
            DisconnectReason::JoinFailure => "Beitritt fehlgeschlagen",
            DisconnectReason::StateMismatch => "Client und Server waren uneinig",
            DisconnectReason::Migration => "umgezogen",
            DisconnectReason::AgentError => "die Assistentin ist ausgefallen",
            _ => "ohne Angabe eines Grundes",
        }
    }
    fn hop(&self, hop: Hop) -> &'static str {
        match hop {
            Hop::Browser => "Browser",
            Hop::Page => "Seite",
            Hop::Sdk => "LiveKit-SDK",
            Hop::TokenEndpoint => "Token-Endpunkt",
            Hop::TokenContents => "Token-Inhalt",
            Hop::ServerUrl => "Server-Adresse",
            Hop::Signal => "LiveKit-Verbindung",
            Hop::Media => "Medienweg",
            Hop::Microphone => "Mikrofon",
            Hop::Agent => "Assistentin",
            Hop::Playback => "Tonwiedergabe",
            Hop::Call => "Anruf",
        }
    }

    fn log_call_requested(&self) -> &'static str {
        "Anruf gestartet: Token wird abgerufen"
    }
    fn log_call_resuming(&self, room: &str) -> String {
        format!("Seite während des Anrufs neu geladen: Raum {room} wird mit dem gespeicherten Token wieder betreten")
    }
    fn log_token_received(&self) -> &'static str {
        "Token erhalten"
    }
    fn log_sdk_loaded(&self, version: &str) -> String {
        format!("LiveKit-SDK {version} geladen")
    }
    fn log_connecting_to(&self, url: &str) -> String {
        format!("Verbindung zu {url}")
    }
    fn log_microphone_on(&self) -> &'static str {
        "Mikrofon an"
    }
    fn log_microphone_off(&self) -> &'static str {
        "Mikrofon stumm"
    }
    fn log_hanging_up(&self) -> &'static str {
        "wird aufgelegt"
    }
    fn log_call_ended(&self) -> &'static str {
        "Anruf beendet"
    }
    fn log_failed(&self, hop: Hop, owner_fix: &str) -> String {
        format!("{} fehlgeschlagen: {owner_fix}", self.hop(hop))
    }
    fn log_warned(&self, hop: Hop, owner_fix: &str) -> String {
        format!("{}: {owner_fix}", self.hop(hop))
    }
    fn log_connected(&self) -> &'static str {
        "mit dem Raum verbunden"
    }
    fn log_reconnecting(&self) -> &'static str {
        "Verbindung unterbrochen, neuer Versuch…"
    }
    fn log_signal_reconnecting(&self) -> &'static str {
        "Signalverbindung unterbrochen, neuer Versuch…"
    }
    fn log_reconnected(&self) -> &'static str {
        "wieder verbunden"
    }
    fn log_disconnected(&self, reason: DisconnectReason) -> String {
        format!("getrennt ({})", self.disconnect_reason(reason))
    }
    fn log_connection_state(&self, state: &str) -> String {
        format!("Verbindungsstatus: {state}")
    }
    fn log_joined(&self, who: &str) -> String {
        format!("{who} ist beigetreten")
    }
    fn log_left(&self, who: &str, reason: DisconnectReason) -> String {
        match reason {
            DisconnectReason::Unknown => format!("{who} hat den Raum verlassen"),
            DisconnectReason::ClientInitiated => {
                format!("{who} hat den Raum von sich aus verlassen")
            }
            reason => format!(
                "{who} hat den Raum verlassen ({})",
                self.disconnect_reason(reason)
            ),
        }
    }
    fn log_attributes(&self, who: &str, pairs: &str) -> String {
        format!("{who}: {pairs}")
    }
    fn log_subscribed(&self, who: &str, track: &str) -> String {
        format!("{track} von {who} abonniert")
    }
    fn log_unsubscribed(&self, who: &str, track: &str) -> String {
        format!("{track} von {who} abbestellt")
    }
    fn log_subscription_failed(&self, who: &str, track_sid: &str) -> String {
        format!("Spur {track_sid} von {who} konnte nicht abonniert werden")
    }
    fn log_muted(&self, who: &str, track: &str) -> String {
        format!("{who} hat {track} stummgeschaltet")
    }
    fn log_unmuted(&self, who: &str, track: &str) -> String {
        format!("{who} hat {track} wieder eingeschaltet")
    }
    fn log_playback_allowed(&self) -> &'static str {
        "Tonwiedergabe erlaubt"
    }
    fn log_playback_blocked(&self) -> &'static str {
        "der Browser blockiert die Tonwiedergabe: „Ton aktivieren“ klicken"
    }
    fn log_device_error(&self, name: &str, message: &str) -> String {
        format!("Gerätefehler: {name}: {message}")
    }
    fn log_playback_recovering(&self, symptom: &str, action: &str) -> String {
        format!("die Assistentin spricht, ist aber nicht zu hören ({symptom}): {action}")
    }
    fn log_playback_recovered(&self, steps: &str) -> String {
        format!("die Assistentin ist wieder zu hören (nach: {steps})")
    }
    fn log_devices_changed(&self) -> &'static str {
        "Audiogeräte haben sich geändert"
    }
    fn log_track_received(&self) -> &'static str {
        "Ihr Mikrofon wird empfangen"
    }
    fn log_silence(&self) -> &'static str {
        "Ihr Mikrofon sendet Stille"
    }
    fn agent_prefix(&self, name: &str) -> String {
        format!("Assistentin {name}")
    }
    fn track_label(&self, source: &str, sid: &str) -> String {
        format!("Spur {source} ({sid})")
    }

    fn sdk_failed(&self) -> &'static str {
        "Der Sprachdienst konnte nicht geladen werden. Bitte laden Sie die Seite neu."
    }
    fn token_unreachable(&self) -> &'static str {
        "Der Anrufdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut."
    }
    fn token_refused(&self) -> &'static str {
        "Der Anruf konnte nicht eingerichtet werden (kein Zugang vom Server). Bitte später erneut versuchen."
    }
    fn token_rate_limited(&self, wait_s: Option<u32>) -> String {
        match wait_s {
            Some(s) => format!("Von Ihrem Netzwerk wurden gerade zu viele Anrufe gestartet. Bitte warten Sie {s} Sekunden und rufen Sie erneut an."),
            None => "Von Ihrem Netzwerk wurden gerade zu viele Anrufe gestartet. Bitte warten Sie einen Moment und rufen Sie erneut an.".into(),
        }
    }
    fn server_url_wrong(&self) -> &'static str {
        "Die Adresse des Sprachdienstes ist falsch eingerichtet."
    }
    fn connect_failed(&self) -> &'static str {
        "Der Anruf konnte keine Verbindung herstellen. Bitte erneut versuchen."
    }
    fn mic_denied(&self) -> &'static str {
        "Der Mikrofonzugriff ist blockiert. Erlauben Sie das Mikrofon für diese Seite (Symbol in der Adressleiste) und rufen Sie erneut an."
    }
    fn mic_missing(&self) -> &'static str {
        "Kein Mikrofon gefunden. Schließen Sie eines an und rufen Sie erneut an."
    }
    fn mic_busy(&self) -> &'static str {
        "Das Mikrofon wird von einer anderen App verwendet. Schließen Sie diese und rufen Sie erneut an."
    }
    fn mic_failed(&self) -> &'static str {
        "Das Mikrofon konnte nicht gestartet werden."
    }
    fn ended_elsewhere(&self) -> &'static str {
        "Der Anruf wurde anderswo geöffnet und hier beendet."
    }
    fn service_restarted(&self) -> &'static str {
        "Der Anrufdienst wurde neu gestartet. Bitte rufen Sie erneut an."
    }
    fn removed_from_call(&self) -> &'static str {
        "Sie wurden aus dem Anruf entfernt."
    }
    fn connection_lost(&self) -> &'static str {
        "Die Verbindung ist abgebrochen. Bitte rufen Sie erneut an."
    }
    fn join_failed(&self) -> &'static str {
        "Dem Anruf konnte nicht beigetreten werden."
    }
    fn something_went_wrong(&self) -> &'static str {
        "Etwas ist schiefgelaufen. Bitte erneut versuchen."
    }
    fn agent_unavailable(&self) -> &'static str {
        "Die Assistentin ist gerade nicht erreichbar. Bitte später erneut versuchen."
    }
    fn site_not_allowed(&self) -> &'static str {
        "Von dieser Website aus können noch keine Anrufe gestartet werden. Bitte wenden Sie sich an die Seite."
    }
    fn agent_not_ready(&self) -> &'static str {
        "Die Assistentin braucht lange, um bereit zu sein…"
    }
    fn agent_silent(&self) -> &'static str {
        "Die Assistentin ist da, aber Sie hören sie möglicherweise nicht."
    }
    fn agent_left(&self) -> &'static str {
        "Die Assistentin hat das Gespräch verlassen. Bitte legen Sie auf und rufen Sie erneut an."
    }
    fn cant_hear_you(&self) -> &'static str {
        "Wir hören Sie nicht: Prüfen Sie, ob Ihr Mikrofon eingeschaltet und nicht stumm ist."
    }
    fn agent_not_heard(&self) -> &'static str {
        "Sie hören die Assistentin möglicherweise nicht. Prüfen Sie die Lautstärke und Ihren Lautsprecher oder Kopfhörer."
    }
    fn browser_cannot_call(&self) -> &'static str {
        "Mit diesem Browser sind keine Anrufe möglich. Bitte öffnen Sie die Seite in einem aktuellen Chrome, Edge, Firefox oder Safari."
    }
    fn page_not_secure(&self) -> &'static str {
        "Anrufe brauchen eine sichere Seite (https). Bitte öffnen Sie die https-Adresse der Website."
    }
    fn other_microphone(&self) -> &'static str {
        "Ihr Anruf nutzt ein anderes Mikrofon als das gewählte. Wählen Sie es erneut oder prüfen Sie, ob es angeschlossen ist."
    }

    fn check_connection(&self) -> &'static str {
        "Verbindung prüfen"
    }
    fn preflight_check(&self, check: PreflightCheck) -> &'static str {
        match check {
            PreflightCheck::SecureContext => "Sichere Seite",
            PreflightCheck::SdkLoad => "Sprachdienst lädt",
            PreflightCheck::BrowserSupport => "Browser-Unterstützung",
            PreflightCheck::TokenEndpoint => "Zugangstoken",
            PreflightCheck::TokenClaims => "Token-Inhalt",
            PreflightCheck::ServerUrl => "Server-Adresse",
            PreflightCheck::WebSocket => "Verbindung (WebSocket)",
            PreflightCheck::WebRtc => "Medienverbindung (WebRTC)",
            PreflightCheck::Turn => "Relay (TURN)",
            PreflightCheck::PublishAudio => "Ton senden",
        }
    }
    fn check_status(&self, status: CheckStatus) -> &'static str {
        match status {
            CheckStatus::Pass => "OK",
            CheckStatus::Warn => "Warnung",
            CheckStatus::Fail => "fehlgeschlagen",
            CheckStatus::Skipped => "übersprungen",
        }
    }
    fn copy_details(&self) -> &'static str {
        "Details kopieren"
    }
    fn details_copied(&self) -> &'static str {
        "Details kopiert. Senden Sie sie an den Support der Seite."
    }

    // Embedding (the loader's words before the wasm, the page's own problems)
    fn widget_load_failed(&self) -> &'static str {
        "Das Sprach-Widget konnte nicht geladen werden. Zum erneuten Versuch auf Anrufen klicken."
    }
    fn page_blocks_microphone(&self) -> &'static str {
        "Diese Seite sperrt das Mikrofon, daher ist hier kein Anruf möglich."
    }
    fn for_the_site_owner(&self) -> &'static str {
        "Für den Betreiber der Seite"
    }
    fn widget_crashed(&self) -> &'static str {
        "Der Sprachassistent funktioniert nicht mehr, der Anruf wurde beendet. Laden Sie die Seite neu, um erneut anzurufen."
    }

    // Einwilligung vor dem Anruf
    fn consent_default(&self) -> &'static str {
        "Ich bin einverstanden, dass meine Stimme zur Terminvereinbarung von einem KI-Assistenten verarbeitet wird."
    }
    fn privacy_policy(&self) -> &'static str {
        "Datenschutzerklärung"
    }
    fn consent_remember(&self) -> &'static str {
        "Meine Auswahl auf dieser Website merken"
    }
}
