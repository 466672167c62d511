//! English.

use super::{Messages, Phrases, Templates, Words};
use crate::call::preflight::{CheckStatus, PreflightCheck};
use crate::call::{AgentState, Hop};
use crate::livekit::event::DisconnectReason;

pub struct English;

/// The catalog ([`Messages`]): the plain sentences, then the phrases.
pub static MESSAGES: Messages = Messages {
    words: Words {
        call: "Call",
        hang_up: "Hang up",
        enable_audio: "Enable audio",
        mute: "Mute",
        unmute: "Unmute",
        microphone: "Microphone",
        speaker: "Speaker",
        system_default_device: "System default",
        conversation: "Conversation",
        message_placeholder: "Type a message",
        send: "Send",
        call_events: "Call events",
        cut_off: "(cut off)",
        you: "You",
        agent_voice_level: "Agent voice level",
        your_microphone_level: "Your microphone level",
        call_duration: "Call duration",
        widget_label: "Voice call",
        ready: "Ready to call.",
        getting_access: "Getting access…",
        loading: "Loading…",
        connecting: "Connecting…",
        waiting_for_agent: "Connected. Waiting for the agent…",
        reconnecting: "Connection lost. Reconnecting…",
        hanging_up: "Hanging up…",
        call_ended: "Call ended.",
        call_failed: "The call failed.",
        microphone_muted: "Your microphone is muted.",
        log_call_requested: "call requested: fetching token",
        log_token_received: "token received",
        log_microphone_on: "microphone on",
        log_microphone_off: "microphone muted",
        log_hanging_up: "hanging up",
        log_call_ended: "call ended",
        log_connected: "connected to the room",
        log_reconnecting: "connection lost, reconnecting…",
        log_signal_reconnecting: "signal connection lost, reconnecting…",
        log_reconnected: "reconnected",
        log_playback_allowed: "audio playback allowed",
        log_playback_blocked: "the browser blocked audio playback: click \"Enable audio\"",
        log_devices_changed: "audio devices changed",
        log_silence: "your microphone sends silence",
        log_track_received: "your microphone is received",
        sdk_failed: "The voice service could not be loaded. Please reload the page.",
        token_unreachable: "The call service cannot be reached. Check your connection and try again.",
        token_refused: "The call could not be set up (no access from the server). Please try again later.",
        server_url_wrong: "The voice service address is set up wrong.",
        connect_failed: "The call could not connect. Please try again.",
        mic_denied: "Microphone access is blocked. Allow the microphone for this site (the icon in the address bar) and call again.",
        mic_missing: "No microphone was found. Connect one and call again.",
        mic_busy: "The microphone is in use by another app. Close it and call again.",
        mic_failed: "The microphone could not be started.",
        ended_elsewhere: "The call was opened somewhere else, so it ended here.",
        service_restarted: "The call service restarted. Please call again.",
        removed_from_call: "You were removed from the call.",
        connection_lost: "The connection was lost. Please call again.",
        join_failed: "The call could not be joined.",
        something_went_wrong: "Something went wrong. Please try again.",
        agent_unavailable: "The assistant is not available right now. Please try again later.",
        site_not_allowed: "Calls cannot be started from this website yet. Please contact the site.",
        agent_not_ready: "The assistant is taking long to get ready…",
        agent_silent: "The assistant is here, but you may not hear it.",
        agent_left: "The assistant has left the call. Hang up and call again to go on.",
        cant_hear_you: "We can't hear you: check that your microphone is on and not muted.",
        other_microphone: "Your call uses a different microphone than the one you picked. Pick it again, or check that it is plugged in.",
        agent_not_heard: "You may not hear the assistant. Check your volume and your speaker or headphones.",
        browser_cannot_call: "This browser cannot make calls. Please open this page in a current Chrome, Edge, Firefox or Safari.",
        page_not_secure: "Calls need a secure page (https). Please open the site's https address.",
        check_connection: "Check connection",
        copy_details: "Copy details",
        details_copied: "Details copied. Send them to the site's support.",

        // Embedding (the loader's words before the wasm, the page's own problems)
        widget_load_failed: "The voice widget could not load. Click Call to try again.",
        page_blocks_microphone: "This page blocks the microphone, so a call cannot work here.",
        for_the_site_owner: "For the site owner",
        widget_crashed: "The voice assistant stopped working and the call was ended. Reload the page to call again.",

        // Consent before a call
        consent_default: "I agree that an AI assistant processes my voice to arrange my appointment.",
        privacy_policy: "Privacy policy",
        consent_remember: "Remember my choice on this site",
    },
    templates: Templates {
        log_call_resuming: "page reloaded mid-call: rejoining room {0} with the saved token",
        log_sdk_loaded: "LiveKit SDK {0} loaded",
        log_connecting_to: "connecting to {0}",
        log_connection_state: "connection state: {0}",
        log_joined: "{0} joined",
        log_attributes: "{0}: {1}",
        log_subscribed: "subscribed to {0}'s {1}",
        log_unsubscribed: "unsubscribed from {0}'s {1}",
        log_subscription_failed: "could not subscribe to {0}'s track {1}",
        log_muted: "{0} muted the {1}",
        log_unmuted: "{0} unmuted the {1}",
        log_device_error: "media device error: {0}: {1}",
        log_playback_recovering: "the agent is speaking but not heard ({0}): {1}",
        log_playback_recovered: "the agent is heard again (after: {0})",
        agent_prefix: "agent {0}",
        track_label: "{0} track ({1})",
        log_failed: "{0} failed: {1}",
        log_warned: "{0}: {1}",
        log_disconnected: "disconnected ({0})",
        call_ended_because: "Call ended: {0}.",
    },
    phrases: &English,
};

impl Phrases for English {
    fn agent_is_template(&self, state: AgentState) -> &'static str {
        match state {
            AgentState::Speaking => "{0} is speaking.",
            AgentState::Listening => "{0} is listening.",
            AgentState::Thinking => "{0} is thinking…",
            AgentState::Initializing => "{0} is getting ready…",
            AgentState::Idle | AgentState::Unknown => "{0} is here.",
        }
    }
    fn disconnect_reason(&self, reason: DisconnectReason) -> &'static str {
        match reason {
            DisconnectReason::ClientInitiated => "hung up",
            DisconnectReason::DuplicateIdentity => "the same identity joined elsewhere",
            DisconnectReason::ServerShutdown => "the server shut down",
            DisconnectReason::ParticipantRemoved => "removed from the room",
            DisconnectReason::RoomDeleted => "the room was deleted",
            DisconnectReason::RoomClosed => "the room was closed",
            DisconnectReason::SignalClose => "the signal connection closed",
            DisconnectReason::ConnectionTimeout => "the connection timed out",
            DisconnectReason::MediaFailure => "the media connection failed",
            DisconnectReason::JoinFailure => "joining failed",
            DisconnectReason::StateMismatch => "client and server disagreed",
            DisconnectReason::Migration => "migrated",
            DisconnectReason::AgentError => "the agent failed",
            _ => "no reason given",
        }
    }
    fn hop(&self, hop: Hop) -> &'static str {
        match hop {
            Hop::Browser => "browser",
            Hop::Page => "page",
            Hop::Sdk => "LiveKit SDK",
            Hop::TokenEndpoint => "token endpoint",
            Hop::TokenContents => "token contents",
            Hop::ServerUrl => "server URL",
            Hop::Signal => "LiveKit connection",
            Hop::Media => "media path",
            Hop::Microphone => "microphone",
            Hop::Agent => "agent",
            Hop::Playback => "audio playback",
            Hop::Call => "call",
        }
    }

    fn log_left_template(&self, reason: DisconnectReason) -> &'static str {
        match reason {
            DisconnectReason::Unknown => "{0} left",
            DisconnectReason::ClientInitiated => "{0} left (by itself)",
            _ => "{0} left ({1})",
        }
    }

    fn token_rate_limited_template(&self, known_wait: bool) -> &'static str {
        match known_wait {
            true => "Too many calls were started from your network just now. Please wait {0} seconds and call again.",
            false => "Too many calls were started from your network just now. Please wait a moment and call again.",
        }
    }
    fn preflight_check(&self, check: PreflightCheck) -> &'static str {
        match check {
            PreflightCheck::SecureContext => "Secure page",
            PreflightCheck::SdkLoad => "Voice service loads",
            PreflightCheck::BrowserSupport => "Browser support",
            PreflightCheck::TokenEndpoint => "Access token",
            PreflightCheck::TokenClaims => "Token contents",
            PreflightCheck::ServerUrl => "Server address",
            PreflightCheck::WebSocket => "Connection (WebSocket)",
            PreflightCheck::WebRtc => "Media connection (WebRTC)",
            PreflightCheck::Turn => "Relay (TURN)",
            PreflightCheck::PublishAudio => "Sending audio",
        }
    }
    fn check_status(&self, status: CheckStatus) -> &'static str {
        match status {
            CheckStatus::Pass => "OK",
            CheckStatus::Warn => "warning",
            CheckStatus::Fail => "failed",
            CheckStatus::Skipped => "skipped",
        }
    }
}
