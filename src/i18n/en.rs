//! English.

use super::Messages;
use crate::call::preflight::{CheckStatus, PreflightCheck};
use crate::call::{AgentState, Hop};
use crate::livekit::event::DisconnectReason;

pub struct English;

impl Messages for English {
    fn call(&self) -> &'static str {
        "Call"
    }
    fn hang_up(&self) -> &'static str {
        "Hang up"
    }
    fn enable_audio(&self) -> &'static str {
        "Enable audio"
    }
    fn mute(&self) -> &'static str {
        "Mute"
    }
    fn unmute(&self) -> &'static str {
        "Unmute"
    }
    fn microphone(&self) -> &'static str {
        "Microphone"
    }
    fn speaker(&self) -> &'static str {
        "Speaker"
    }
    fn system_default_device(&self) -> &'static str {
        "System default"
    }
    fn conversation(&self) -> &'static str {
        "Conversation"
    }
    fn message_placeholder(&self) -> &'static str {
        "Type a message"
    }
    fn send(&self) -> &'static str {
        "Send"
    }
    fn call_events(&self) -> &'static str {
        "Call events"
    }
    fn cut_off(&self) -> &'static str {
        "(cut off)"
    }
    fn you(&self) -> &'static str {
        "You"
    }
    fn agent_voice_level(&self) -> &'static str {
        "Agent voice level"
    }
    fn your_microphone_level(&self) -> &'static str {
        "Your microphone level"
    }
    fn call_duration(&self) -> &'static str {
        "Call duration"
    }
    fn widget_label(&self) -> &'static str {
        "Voice call"
    }

    fn ready(&self) -> &'static str {
        "Ready to call."
    }
    fn getting_access(&self) -> &'static str {
        "Getting access…"
    }
    fn loading(&self) -> &'static str {
        "Loading…"
    }
    fn connecting(&self) -> &'static str {
        "Connecting…"
    }
    fn waiting_for_agent(&self) -> &'static str {
        "Connected. Waiting for the agent…"
    }
    fn agent_is(&self, name: &str, state: AgentState) -> String {
        match state {
            AgentState::Speaking => format!("{name} is speaking."),
            AgentState::Listening => format!("{name} is listening."),
            AgentState::Thinking => format!("{name} is thinking…"),
            AgentState::Initializing => format!("{name} is getting ready…"),
            AgentState::Idle | AgentState::Unknown => format!("{name} is here."),
        }
    }
    fn reconnecting(&self) -> &'static str {
        "Connection lost. Reconnecting…"
    }
    fn hanging_up(&self) -> &'static str {
        "Hanging up…"
    }
    fn call_ended(&self) -> &'static str {
        "Call ended."
    }
    fn call_ended_because(&self, reason: DisconnectReason) -> String {
        format!("Call ended: {}.", self.disconnect_reason(reason))
    }
    fn call_failed(&self) -> &'static str {
        "The call failed."
    }
    fn microphone_muted(&self) -> &'static str {
        "Your microphone is muted."
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

    fn log_call_requested(&self) -> &'static str {
        "call requested: fetching token"
    }
    fn log_call_resuming(&self, room: &str) -> String {
        format!("page reloaded mid-call: rejoining room {room} with the saved token")
    }
    fn log_token_received(&self) -> &'static str {
        "token received"
    }
    fn log_sdk_loaded(&self, version: &str) -> String {
        format!("LiveKit SDK {version} loaded")
    }
    fn log_connecting_to(&self, url: &str) -> String {
        format!("connecting to {url}")
    }
    fn log_microphone_on(&self) -> &'static str {
        "microphone on"
    }
    fn log_microphone_off(&self) -> &'static str {
        "microphone muted"
    }
    fn log_hanging_up(&self) -> &'static str {
        "hanging up"
    }
    fn log_call_ended(&self) -> &'static str {
        "call ended"
    }
    fn log_failed(&self, hop: Hop, owner_fix: &str) -> String {
        format!("{} failed: {owner_fix}", self.hop(hop))
    }
    fn log_warned(&self, hop: Hop, owner_fix: &str) -> String {
        format!("{}: {owner_fix}", self.hop(hop))
    }
    fn log_connected(&self) -> &'static str {
        "connected to the room"
    }
    fn log_reconnecting(&self) -> &'static str {
        "connection lost, reconnecting…"
    }
    fn log_signal_reconnecting(&self) -> &'static str {
        "signal connection lost, reconnecting…"
    }
    fn log_reconnected(&self) -> &'static str {
        "reconnected"
    }
    fn log_disconnected(&self, reason: DisconnectReason) -> String {
        format!("disconnected ({})", self.disconnect_reason(reason))
    }
    fn log_connection_state(&self, state: &str) -> String {
        format!("connection state: {state}")
    }
    fn log_joined(&self, who: &str) -> String {
        format!("{who} joined")
    }
    fn log_left(&self, who: &str, reason: DisconnectReason) -> String {
        match reason {
            DisconnectReason::Unknown => format!("{who} left"),
            DisconnectReason::ClientInitiated => format!("{who} left (by itself)"),
            reason => format!("{who} left ({})", self.disconnect_reason(reason)),
        }
    }
    fn log_attributes(&self, who: &str, pairs: &str) -> String {
        format!("{who}: {pairs}")
    }
    fn log_subscribed(&self, who: &str, track: &str) -> String {
        format!("subscribed to {who}'s {track}")
    }
    fn log_unsubscribed(&self, who: &str, track: &str) -> String {
        format!("unsubscribed from {who}'s {track}")
    }
    fn log_subscription_failed(&self, who: &str, track_sid: &str) -> String {
        format!("could not subscribe to {who}'s track {track_sid}")
    }
    fn log_muted(&self, who: &str, track: &str) -> String {
        format!("{who} muted the {track}")
    }
    fn log_unmuted(&self, who: &str, track: &str) -> String {
        format!("{who} unmuted the {track}")
    }
    fn log_playback_allowed(&self) -> &'static str {
        "audio playback allowed"
    }
    fn log_playback_blocked(&self) -> &'static str {
        "the browser blocked audio playback: click \"Enable audio\""
    }
    fn log_device_error(&self, name: &str, message: &str) -> String {
        format!("media device error: {name}: {message}")
    }
    fn log_playback_recovering(&self, symptom: &str, action: &str) -> String {
        format!("the agent is speaking but not heard ({symptom}): {action}")
    }
    fn log_playback_recovered(&self, steps: &str) -> String {
        format!("the agent is heard again (after: {steps})")
    }
    fn log_devices_changed(&self) -> &'static str {
        "audio devices changed"
    }
    fn log_track_received(&self) -> &'static str {
        "your microphone is received"
    }
    fn log_silence(&self) -> &'static str {
        "your microphone sends silence"
    }
    fn agent_prefix(&self, name: &str) -> String {
        format!("agent {name}")
    }
    fn track_label(&self, source: &str, sid: &str) -> String {
        format!("{source} track ({sid})")
    }

    fn sdk_failed(&self) -> &'static str {
        "The voice service could not be loaded. Please reload the page."
    }
    fn token_unreachable(&self) -> &'static str {
        "The call service cannot be reached. Check your connection and try again."
    }
    fn token_refused(&self) -> &'static str {
        "The call could not be set up (no access from the server). Please try again later."
    }
    fn token_rate_limited(&self, wait_s: Option<u32>) -> String {
        match wait_s {
            Some(s) => format!("Too many calls were started from your network just now. Please wait {s} seconds and call again."),
            None => "Too many calls were started from your network just now. Please wait a moment and call again.".into(),
        }
    }
    fn server_url_wrong(&self) -> &'static str {
        "The voice service address is set up wrong."
    }
    fn connect_failed(&self) -> &'static str {
        "The call could not connect. Please try again."
    }
    fn mic_denied(&self) -> &'static str {
        "Microphone access is blocked. Allow the microphone for this site (the icon in the address bar) and call again."
    }
    fn mic_missing(&self) -> &'static str {
        "No microphone was found. Connect one and call again."
    }
    fn mic_busy(&self) -> &'static str {
        "The microphone is in use by another app. Close it and call again."
    }
    fn mic_failed(&self) -> &'static str {
        "The microphone could not be started."
    }
    fn ended_elsewhere(&self) -> &'static str {
        "The call was opened somewhere else, so it ended here."
    }
    fn service_restarted(&self) -> &'static str {
        "The call service restarted. Please call again."
    }
    fn removed_from_call(&self) -> &'static str {
        "You were removed from the call."
    }
    fn connection_lost(&self) -> &'static str {
        "The connection was lost. Please call again."
    }
    fn join_failed(&self) -> &'static str {
        "The call could not be joined."
    }
    fn something_went_wrong(&self) -> &'static str {
        "Something went wrong. Please try again."
    }
    fn agent_unavailable(&self) -> &'static str {
        "The assistant is not available right now. Please try again later."
    }
    fn site_not_allowed(&self) -> &'static str {
        "Calls cannot be started from this website yet. Please contact the site."
    }
    fn agent_not_ready(&self) -> &'static str {
        "The assistant is taking long to get ready…"
    }
    fn agent_silent(&self) -> &'static str {
        "The assistant is here, but you may not hear it."
    }
    fn agent_left(&self) -> &'static str {
        "The assistant has left the call. Hang up and call again to go on."
    }
    fn cant_hear_you(&self) -> &'static str {
        "We can't hear you: check that your microphone is on and not muted."
    }
    fn agent_not_heard(&self) -> &'static str {
        "You may not hear the assistant. Check your volume and your speaker or headphones."
    }
    fn browser_cannot_call(&self) -> &'static str {
        "This browser cannot make calls. Please open this page in a current Chrome, Edge, Firefox or Safari."
    }
    fn page_not_secure(&self) -> &'static str {
        "Calls need a secure page (https). Please open the site's https address."
    }
    fn other_microphone(&self) -> &'static str {
        "Your call uses a different microphone than the one you picked. Pick it again, or check that it is plugged in."
    }

    fn check_connection(&self) -> &'static str {
        "Check connection"
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
    fn copy_details(&self) -> &'static str {
        "Copy details"
    }
    fn details_copied(&self) -> &'static str {
        "Details copied. Send them to the site's support."
    }

    // Embedding (the loader's words before the wasm, the page's own problems)
    fn widget_load_failed(&self) -> &'static str {
        "The voice widget could not load. Click Call to try again."
    }
    fn page_blocks_microphone(&self) -> &'static str {
        "This page blocks the microphone, so a call cannot work here."
    }
    fn for_the_site_owner(&self) -> &'static str {
        "For the site owner"
    }
    fn widget_crashed(&self) -> &'static str {
        "The voice assistant stopped working and the call was ended. Reload the page to call again."
    }

    // Consent before a call
    fn consent_default(&self) -> &'static str {
        "I agree that an AI assistant processes my voice to arrange my appointment."
    }
    fn privacy_policy(&self) -> &'static str {
        "Privacy policy"
    }
    fn consent_remember(&self) -> &'static str {
        "Remember my choice on this site"
    }
}
