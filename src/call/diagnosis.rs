//! Turns a [`CallFailure`] into words: what the person sees, what the site owner should fix, and
//! the evidence. The one place where failure text is written.

use super::failure::{CallFailure, ConnectErrorReason, Hop, MicrophoneFailure, SdkLoadCause};
use super::token_response::TokenEndpointError;
use crate::livekit::event::DisconnectReason;

/// A failure explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub hop: Hop,
    /// Short, plain, for the person in the call.
    pub user_message: String,
    /// Concrete, for whoever runs the site.
    pub owner_fix: String,
    /// What was observed (status, error text …), never a token or a secret.
    pub evidence: String,
}

impl Hop {
    /// The hop's name as shown in the status panel.
    pub fn label(self) -> &'static str {
        match self {
            Hop::Page => "page",
            Hop::Sdk => "LiveKit SDK",
            Hop::TokenEndpoint => "token endpoint",
            Hop::ServerUrl => "server URL",
            Hop::Signal => "LiveKit connection",
            Hop::Microphone => "microphone",
            Hop::Agent => "agent",
            Hop::Playback => "audio playback",
            Hop::Call => "call",
        }
    }
}

pub fn diagnose(failure: &CallFailure) -> Diagnosis {
    let hop = failure.hop();
    let (user_message, owner_fix, evidence) = match failure {
        CallFailure::SdkLoad {
            url,
            cause,
            message,
        } => sdk_load(url, cause, message),
        CallFailure::TokenEndpoint { endpoint, error } => token_endpoint(endpoint, error),
        CallFailure::ServerUrl { url, problem } => (
            "The voice service address is set up wrong.".into(),
            format!("Fix the LiveKit server URL: {problem}."),
            format!("server URL: '{url}'"),
        ),
        CallFailure::Connect {
            url,
            reason,
            status,
            message,
        } => connect(url, *reason, *status, message),
        CallFailure::Microphone { failure, message } => microphone(*failure, message),
        CallFailure::Disconnected { reason } => disconnected(*reason),
        CallFailure::Unexpected { message } => (
            "Something went wrong. Please try again.".into(),
            "An unexpected error reached the widget; the evidence names it.".into(),
            message.clone(),
        ),
    };
    Diagnosis {
        hop,
        user_message,
        owner_fix,
        evidence,
    }
}

fn sdk_load(url: &str, cause: &SdkLoadCause, message: &str) -> (String, String, String) {
    let owner_fix = match cause {
        SdkLoadCause::Http(status) => format!(
            "The LiveKit SDK at {url} answered HTTP {status}: deploy vendor/livekit-client.min.js beside the widget."
        ),
        SdkLoadCause::Mime(kind) => format!(
            "The LiveKit SDK at {url} is {kind}: serve it as text/javascript."
        ),
        SdkLoadCause::Network => format!(
            "The LiveKit SDK at {url} could not be fetched: check the network and the page's Content-Security-Policy (script-src)."
        ),
        SdkLoadCause::Script => format!("The LiveKit SDK at {url} failed while starting: {message}"),
    };
    (
        "The voice service could not be loaded. Please reload the page.".into(),
        owner_fix,
        format!("SDK load failed: {message}"),
    )
}

fn token_endpoint(endpoint: &str, error: &TokenEndpointError) -> (String, String, String) {
    let user = "The call could not be set up (no access from the server). Please try again later."
        .to_string();
    match error {
        TokenEndpointError::Unreachable { url, message } => (
            "The call service cannot be reached. Check your connection and try again.".into(),
            format!("The token endpoint at {url} could not be reached: is the token server running, and does it allow this page's origin (CORS)?"),
            message.clone(),
        ),
        TokenEndpointError::HttpStatus { status, content_type, body_start } => (
            user,
            format!(
                "The token endpoint at {endpoint} answered {status}: {}",
                first_line(body_start)
            ),
            format!("HTTP {status}, content-type '{content_type}', body: {body_start}"),
        ),
        TokenEndpointError::NotJson { status, content_type, body_start } => (
            user,
            format!(
                "The token endpoint at {endpoint} answered {status} with '{content_type}', not JSON: is the URL right (an HTML page usually means a wrong path or a login page)?"
            ),
            format!("body: {body_start}"),
        ),
        TokenEndpointError::NoToken { status, keys_found, body_start } => (
            user,
            format!(
                "The token endpoint at {endpoint} answered JSON without a token (keys: {}): return {{\"server_url\", \"participant_token\"}}.",
                if keys_found.is_empty() { "none".to_string() } else { keys_found.join(", ") }
            ),
            format!("HTTP {status}, body: {body_start}"),
        ),
    }
}

fn connect(
    url: &str,
    reason: ConnectErrorReason,
    status: Option<u16>,
    message: &str,
) -> (String, String, String) {
    let status_text = status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    let owner_fix = match (reason, status) {
        (ConnectErrorReason::NotAllowed, Some(401)) | (_, Some(401)) => format!(
            "LiveKit at {url} rejected the token (401): the token server's API key or secret does not match the LiveKit server's, or the token expired."
        ),
        (ConnectErrorReason::NotAllowed, _) => format!(
            "LiveKit at {url} refused to let this participant join{status_text}: check the token's room grant and permissions."
        ),
        (ConnectErrorReason::ServerUnreachable, _) | (ConnectErrorReason::WebSocket, _) => format!(
            "LiveKit at {url} could not be reached{status_text}: is the server running, is the URL right, and does the network allow WebSockets to it?"
        ),
        (ConnectErrorReason::Timeout, _) => format!(
            "Connecting to LiveKit at {url} timed out: the media path (UDP/TCP/TURN) may be blocked."
        ),
        (ConnectErrorReason::Cancelled, _) => "The connection was cancelled before it completed.".to_string(),
        (ConnectErrorReason::LeaveRequest, _) => format!(
            "LiveKit at {url} asked this participant to leave while joining."
        ),
        _ => format!("Connecting to LiveKit at {url} failed{status_text}: {message}"),
    };
    (
        "The call could not connect. Please try again.".into(),
        owner_fix,
        format!("ConnectionError reason {reason:?}{status_text}: {message}"),
    )
}

fn microphone(failure: MicrophoneFailure, message: &str) -> (String, String, String) {
    let (user, owner) = match failure {
        MicrophoneFailure::PermissionDenied => (
            "Microphone access is blocked. Allow the microphone for this site (the icon in the address bar) and call again.",
            "The browser or the person denied the microphone. On an embedded page, the iframe needs allow=\"microphone\".",
        ),
        MicrophoneFailure::NotFound => (
            "No microphone was found. Connect one and call again.",
            "The device has no audio input.",
        ),
        MicrophoneFailure::DeviceInUse => (
            "The microphone is in use by another app. Close it and call again.",
            "getUserMedia could not start the device (NotReadableError).",
        ),
        MicrophoneFailure::Other => (
            "The microphone could not be started.",
            "getUserMedia failed; see the evidence.",
        ),
    };
    (user.into(), owner.into(), message.to_string())
}

fn disconnected(reason: DisconnectReason) -> (String, String, String) {
    let (user, owner) = match reason {
        DisconnectReason::DuplicateIdentity => (
            "The call was opened somewhere else, so it ended here.",
            "Another participant joined with the same identity: give each call its own identity.",
        ),
        DisconnectReason::ServerShutdown => (
            "The call service restarted. Please call again.",
            "The LiveKit server shut down.",
        ),
        DisconnectReason::ParticipantRemoved => (
            "You were removed from the call.",
            "The participant was removed through the server API.",
        ),
        DisconnectReason::RoomDeleted | DisconnectReason::RoomClosed => (
            "The call has ended.",
            "The room was deleted or closed on the server.",
        ),
        DisconnectReason::SignalClose
        | DisconnectReason::ConnectionTimeout
        | DisconnectReason::MediaFailure => (
            "The connection was lost. Please call again.",
            "The connection to LiveKit broke and could not be restored.",
        ),
        DisconnectReason::JoinFailure => (
            "The call could not be joined.",
            "LiveKit reported a join failure.",
        ),
        _ => (
            "The call has ended.",
            "The call ended from the server side.",
        ),
    };
    (
        user.into(),
        owner.into(),
        format!("DisconnectReason {reason:?}"),
    )
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        "(empty body)"
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_500_quotes_the_body_and_the_endpoint() {
        let d = diagnose(&CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error: TokenEndpointError::HttpStatus {
                status: 500,
                content_type: "text/plain".into(),
                body_start: "secret missing".into(),
            },
        });
        assert_eq!(d.hop, Hop::TokenEndpoint);
        assert_eq!(
            d.owner_fix,
            "The token endpoint at /api/token answered 500: secret missing"
        );
    }

    #[test]
    fn html_answer_suggests_wrong_path() {
        let d = diagnose(&CallFailure::TokenEndpoint {
            endpoint: "/token".into(),
            error: TokenEndpointError::NotJson {
                status: 200,
                content_type: "text/html".into(),
                body_start: "<!doctype html>".into(),
            },
        });
        assert!(d.owner_fix.contains("not JSON"));
        assert!(d.evidence.contains("<!doctype html>"));
    }

    #[test]
    fn unauthorized_connect_names_key_and_secret() {
        let d = diagnose(&CallFailure::Connect {
            url: "ws://127.0.0.1:7880".into(),
            reason: ConnectErrorReason::NotAllowed,
            status: Some(401),
            message: "invalid token".into(),
        });
        assert_eq!(d.hop, Hop::Signal);
        assert!(d.owner_fix.contains("API key or secret"));
    }

    #[test]
    fn unreachable_server_names_the_url() {
        let d = diagnose(&CallFailure::Connect {
            url: "ws://127.0.0.1:1".into(),
            reason: ConnectErrorReason::ServerUnreachable,
            status: None,
            message: "could not establish signal connection".into(),
        });
        assert!(d
            .owner_fix
            .contains("ws://127.0.0.1:1 could not be reached"));
    }

    #[test]
    fn denied_microphone_tells_the_person_how_to_allow_it() {
        let d = diagnose(&CallFailure::Microphone {
            failure: MicrophoneFailure::PermissionDenied,
            message: "NotAllowedError: Permission denied".into(),
        });
        assert_eq!(d.hop, Hop::Microphone);
        assert!(d.user_message.contains("Allow the microphone"));
    }

    #[test]
    fn sdk_404_names_the_url_and_the_fix() {
        let d = diagnose(&CallFailure::SdkLoad {
            url: "https://x/vendor/livekit-client.min.js".into(),
            cause: SdkLoadCause::Http(404),
            message: "Failed to fetch dynamically imported module".into(),
        });
        assert_eq!(d.hop, Hop::Sdk);
        assert!(d.owner_fix.contains("answered HTTP 404"));
    }

    #[test]
    fn duplicate_identity_is_explained() {
        let d = diagnose(&CallFailure::Disconnected {
            reason: DisconnectReason::DuplicateIdentity,
        });
        assert!(d.owner_fix.contains("same identity"));
    }
}
