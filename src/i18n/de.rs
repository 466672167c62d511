//! Deutsch.

use super::{Messages, Phrases, Templates, Words};
use crate::call::preflight::{CheckStatus, PreflightCheck};
use crate::call::{AgentState, Hop};
use crate::livekit::event::DisconnectReason;

pub struct German;

/// The catalog ([`Messages`]): the plain sentences, then the phrases.
pub static MESSAGES: Messages = Messages {
    words: Words {
        call: "Anrufen",
        hang_up: "Auflegen",
        enable_audio: "Ton aktivieren",
        mute: "Stummschalten",
        unmute: "Stummschaltung aufheben",
        microphone: "Mikrofon",
        speaker: "Lautsprecher",
        system_default_device: "Systemstandard",
        conversation: "Gespräch",
        message_placeholder: "Nachricht eingeben",
        send: "Senden",
        call_events: "Anrufereignisse",
        cut_off: "(unterbrochen)",
        you: "Sie",
        agent_voice_level: "Lautstärke der Assistentin",
        your_microphone_level: "Ihr Mikrofonpegel",
        call_duration: "Gesprächsdauer",
        widget_label: "Sprachanruf",
        ready: "Bereit zum Anrufen.",
        getting_access: "Zugang wird angefordert…",
        loading: "Wird geladen…",
        connecting: "Verbindung wird aufgebaut…",
        waiting_for_agent: "Verbunden. Warten auf die Assistentin…",
        reconnecting: "Verbindung unterbrochen. Neuer Versuch…",
        hanging_up: "Wird aufgelegt…",
        call_ended: "Anruf beendet.",
        call_failed: "Der Anruf ist fehlgeschlagen.",
        microphone_muted: "Ihr Mikrofon ist stummgeschaltet.",
        log_call_requested: "Anruf gestartet: Token wird abgerufen",
        log_token_received: "Token erhalten",
        log_microphone_on: "Mikrofon an",
        log_microphone_off: "Mikrofon stumm",
        log_hanging_up: "wird aufgelegt",
        log_call_ended: "Anruf beendet",
        log_connected: "mit dem Raum verbunden",
        log_reconnecting: "Verbindung unterbrochen, neuer Versuch…",
        log_signal_reconnecting: "Signalverbindung unterbrochen, neuer Versuch…",
        log_reconnected: "wieder verbunden",
        log_playback_allowed: "Tonwiedergabe erlaubt",
        log_playback_blocked: "der Browser blockiert die Tonwiedergabe: „Ton aktivieren“ klicken",
        log_devices_changed: "Audiogeräte haben sich geändert",
        log_silence: "Ihr Mikrofon sendet Stille",
        log_track_received: "Ihr Mikrofon wird empfangen",
        sdk_failed: "Der Sprachdienst konnte nicht geladen werden. Bitte laden Sie die Seite neu.",
        token_unreachable: "Der Anrufdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
        token_refused: "Der Anruf konnte nicht eingerichtet werden (kein Zugang vom Server). Bitte später erneut versuchen.",
        server_url_wrong: "Die Adresse des Sprachdienstes ist falsch eingerichtet.",
        connect_failed: "Der Anruf konnte keine Verbindung herstellen. Bitte erneut versuchen.",
        mic_denied: "Der Mikrofonzugriff ist blockiert. Erlauben Sie das Mikrofon für diese Seite (Symbol in der Adressleiste) und rufen Sie erneut an.",
        mic_missing: "Kein Mikrofon gefunden. Schließen Sie eines an und rufen Sie erneut an.",
        mic_busy: "Das Mikrofon wird von einer anderen App verwendet. Schließen Sie diese und rufen Sie erneut an.",
        mic_failed: "Das Mikrofon konnte nicht gestartet werden.",
        ended_elsewhere: "Der Anruf wurde anderswo geöffnet und hier beendet.",
        service_restarted: "Der Anrufdienst wurde neu gestartet. Bitte rufen Sie erneut an.",
        removed_from_call: "Sie wurden aus dem Anruf entfernt.",
        connection_lost: "Die Verbindung ist abgebrochen. Bitte rufen Sie erneut an.",
        join_failed: "Dem Anruf konnte nicht beigetreten werden.",
        something_went_wrong: "Etwas ist schiefgelaufen. Bitte erneut versuchen.",
        agent_unavailable: "Die Assistentin ist gerade nicht erreichbar. Bitte später erneut versuchen.",
        site_not_allowed: "Von dieser Website aus können noch keine Anrufe gestartet werden. Bitte wenden Sie sich an die Seite.",
        agent_not_ready: "Die Assistentin braucht lange, um bereit zu sein…",
        agent_silent: "Die Assistentin ist da, aber Sie hören sie möglicherweise nicht.",
        agent_left: "Die Assistentin hat das Gespräch verlassen. Bitte legen Sie auf und rufen Sie erneut an.",
        cant_hear_you: "Wir hören Sie nicht: Prüfen Sie, ob Ihr Mikrofon eingeschaltet und nicht stumm ist.",
        other_microphone: "Ihr Anruf nutzt ein anderes Mikrofon als das gewählte. Wählen Sie es erneut oder prüfen Sie, ob es angeschlossen ist.",
        agent_not_heard: "Sie hören die Assistentin möglicherweise nicht. Prüfen Sie die Lautstärke und Ihren Lautsprecher oder Kopfhörer.",
        browser_cannot_call: "Mit diesem Browser sind keine Anrufe möglich. Bitte öffnen Sie die Seite in einem aktuellen Chrome, Edge, Firefox oder Safari.",
        page_not_secure: "Anrufe brauchen eine sichere Seite (https). Bitte öffnen Sie die https-Adresse der Website.",
        check_connection: "Verbindung prüfen",
        copy_details: "Details kopieren",
        details_copied: "Details kopiert. Senden Sie sie an den Support der Seite.",

        // Embedding (the loader's words before the wasm, the page's own problems)
        widget_load_failed: "Das Sprach-Widget konnte nicht geladen werden. Zum erneuten Versuch auf Anrufen klicken.",
        page_blocks_microphone: "Diese Seite sperrt das Mikrofon, daher ist hier kein Anruf möglich.",
        for_the_site_owner: "Für den Betreiber der Seite",
        widget_crashed: "Der Sprachassistent funktioniert nicht mehr, der Anruf wurde beendet. Laden Sie die Seite neu, um erneut anzurufen.",

        // Einwilligung vor dem Anruf
        consent_default: "Ich bin einverstanden, dass meine Stimme zur Terminvereinbarung von einem KI-Assistenten verarbeitet wird.",
        privacy_policy: "Datenschutzerklärung",
        consent_remember: "Meine Auswahl auf dieser Website merken",
    },
    templates: Templates {
        log_call_resuming: "Seite während des Anrufs neu geladen: Raum {0} wird mit dem gespeicherten Token wieder betreten",
        log_sdk_loaded: "LiveKit-SDK {0} geladen",
        log_connecting_to: "Verbindung zu {0}",
        log_connection_state: "Verbindungsstatus: {0}",
        log_joined: "{0} ist beigetreten",
        log_attributes: "{0}: {1}",
        log_subscribed: "{1} von {0} abonniert",
        log_unsubscribed: "{1} von {0} abbestellt",
        log_subscription_failed: "Spur {1} von {0} konnte nicht abonniert werden",
        log_muted: "{0} hat {1} stummgeschaltet",
        log_unmuted: "{0} hat {1} wieder eingeschaltet",
        log_device_error: "Gerätefehler: {0}: {1}",
        log_playback_recovering: "die Assistentin spricht, ist aber nicht zu hören ({0}): {1}",
        log_playback_recovered: "die Assistentin ist wieder zu hören (nach: {0})",
        agent_prefix: "Assistentin {0}",
        track_label: "Spur {0} ({1})",
        log_failed: "{0} fehlgeschlagen: {1}",
        log_warned: "{0}: {1}",
        log_disconnected: "getrennt ({0})",
        call_ended_because: "Anruf beendet: {0}.",
    },
    phrases: &German,
};

impl Phrases for German {
    fn agent_is_template(&self, state: AgentState) -> &'static str {
        match state {
            AgentState::Speaking => "{0} spricht.",
            AgentState::Listening => "{0} hört zu.",
            AgentState::Thinking => "{0} denkt nach…",
            AgentState::Initializing => "{0} macht sich bereit…",
            AgentState::Idle | AgentState::Unknown => "{0} ist da.",
        }
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

    fn log_left_template(&self, reason: DisconnectReason) -> &'static str {
        match reason {
            DisconnectReason::Unknown => "{0} hat den Raum verlassen",
            DisconnectReason::ClientInitiated => "{0} hat den Raum von sich aus verlassen",
            _ => "{0} hat den Raum verlassen ({1})",
        }
    }

    fn token_rate_limited_template(&self, known_wait: bool) -> &'static str {
        match known_wait {
            true => "Von Ihrem Netzwerk wurden gerade zu viele Anrufe gestartet. Bitte warten Sie {0} Sekunden und rufen Sie erneut an.",
            false => "Von Ihrem Netzwerk wurden gerade zu viele Anrufe gestartet. Bitte warten Sie einen Moment und rufen Sie erneut an.",
        }
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
}
