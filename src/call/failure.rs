//! Why a call could not start or go on: typed, with the evidence, and with the hop it happened at.

use super::browser_support::{BrowserFeatures, BrowserGap};
use super::token_claims::ClaimProblem;
use crate::livekit::event::DisconnectReason;
use crate::livekit::TokenEndpointError;

/// The hops of a call, in the order a call passes them (see the diagnosis catalog).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hop {
    /// The browser itself cannot call (no WebRTC, no microphone API).
    Browser,
    Page,
    Sdk,
    TokenEndpoint,
    TokenContents,
    ServerUrl,
    Signal,
    /// ICE / TURN: the media path.
    Media,
    Microphone,
    Agent,
    Playback,
    Call,
}

impl Hop {
    /// A stable key (`data-hop` attribute, diagnostic bundle).
    pub fn key(self) -> &'static str {
        match self {
            Hop::Browser => "browser",
            Hop::Page => "page",
            Hop::Sdk => "sdk",
            Hop::TokenEndpoint => "token-endpoint",
            Hop::TokenContents => "token-contents",
            Hop::ServerUrl => "server-url",
            Hop::Signal => "signal",
            Hop::Media => "media",
            Hop::Microphone => "microphone",
            Hop::Agent => "agent",
            Hop::Playback => "playback",
            Hop::Call => "call",
        }
    }
}

/// Why the SDK did not load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdkLoadCause {
    /// The server answered with this HTTP status.
    Http(u16),
    /// Served, but with a content type the browser will not run as a module.
    Mime(String),
    /// fetch failed: offline, blocked by CSP, CORS, or the host is down.
    Network,
    /// Fetched fine, but the module threw while evaluating.
    Script,
}

/// `ConnectionErrorReason` from `livekit-client`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectErrorReason {
    NotAllowed,
    ServerUnreachable,
    Internal,
    Cancelled,
    LeaveRequest,
    Timeout,
    WebSocket,
    ServiceNotFound,
    Unknown,
}

impl ConnectErrorReason {
    pub fn from_code(code: Option<u32>) -> Self {
        match code {
            Some(0) => Self::NotAllowed,
            Some(1) => Self::ServerUnreachable,
            Some(2) => Self::Internal,
            Some(3) => Self::Cancelled,
            Some(4) => Self::LeaveRequest,
            Some(5) => Self::Timeout,
            Some(6) => Self::WebSocket,
            Some(7) => Self::ServiceNotFound,
            _ => Self::Unknown,
        }
    }
}

/// `MediaDeviceFailure` from `livekit-client`, from the DOMException name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MicrophoneFailure {
    PermissionDenied,
    NotFound,
    DeviceInUse,
    Other,
}

impl MicrophoneFailure {
    /// Maps a `getUserMedia` error name the way `MediaDeviceFailure.getFailure` does.
    pub fn from_error_name(name: &str) -> Self {
        match name {
            "NotFoundError" | "DevicesNotFoundError" => Self::NotFound,
            "NotAllowedError" | "PermissionDeniedError" => Self::PermissionDenied,
            "NotReadableError" | "TrackStartError" => Self::DeviceInUse,
            _ => Self::Other,
        }
    }
}

/// What went wrong, typed per hop, each variant carrying its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallFailure {
    /// Found before anything was fetched: this browser (or this page) cannot make a call.
    Browser {
        gap: BrowserGap,
        features: BrowserFeatures,
    },
    SdkLoad {
        url: String,
        cause: SdkLoadCause,
        message: String,
    },
    TokenEndpoint {
        endpoint: String,
        error: TokenEndpointError,
    },
    /// The token came back but LiveKit would refuse it (expired, no room grant …).
    TokenContents {
        endpoint: String,
        problem: ClaimProblem,
    },
    ServerUrl {
        url: String,
        problem: String,
    },
    Connect {
        url: String,
        reason: ConnectErrorReason,
        status: Option<u16>,
        message: String,
    },
    Microphone {
        failure: MicrophoneFailure,
        message: String,
    },
    /// The call ended from the far side (server, network, duplicate identity …).
    Disconnected {
        reason: DisconnectReason,
    },
    /// A bug or an SDK behaviour we did not expect; the message is the evidence.
    Unexpected {
        message: String,
    },
}

impl CallFailure {
    pub fn hop(&self) -> Hop {
        match self {
            Self::Browser {
                gap: BrowserGap::InsecurePage,
                ..
            } => Hop::Page,
            Self::Browser { .. } => Hop::Browser,
            Self::SdkLoad { .. } => Hop::Sdk,
            Self::TokenEndpoint { .. } => Hop::TokenEndpoint,
            Self::TokenContents { .. } => Hop::TokenContents,
            Self::ServerUrl { .. } => Hop::ServerUrl,
            Self::Connect { .. } => Hop::Signal,
            Self::Microphone { .. } => Hop::Microphone,
            Self::Disconnected { .. } | Self::Unexpected { .. } => Hop::Call,
        }
    }
}

/// Checks a LiveKit server URL before the SDK sees it, so a wrong one is named plainly.
///
/// `http(s)://` is accepted (the SDK rewrites it to `ws(s)://`), but `ws://` or `http://` from an
/// `https` page is mixed content the browser will block.
pub fn check_server_url(url: &str, page_is_https: bool) -> Result<(), String> {
    let url = url.trim();
    if url.is_empty() {
        return Err(
            "no LiveKit server URL: the token endpoint did not send one and none is configured"
                .into(),
        );
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!(
            "'{url}' is not a URL: expected wss://your-project.livekit.cloud"
        ));
    };
    if rest.is_empty() {
        return Err(format!("'{url}' names no host"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "wss" | "https" => Ok(()),
        "ws" | "http" if page_is_https => Err(format!(
            "'{url}' is unencrypted but this page is https: browsers block it; use wss://"
        )),
        "ws" | "http" => Ok(()),
        other => Err(format!(
            "'{url}' has scheme '{other}': expected wss:// (or ws:// for local development)"
        )),
    }
}

/// `http(s)://` where LiveKit URLs are `ws(s)://`: the SDK rewrites it, but the config is wrong.
pub fn uses_http_scheme(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http://") || url.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_scheme_is_recognised() {
        assert!(uses_http_scheme("http://127.0.0.1:7880"));
        assert!(uses_http_scheme(" HTTPS://a.livekit.cloud"));
        assert!(!uses_http_scheme("wss://a.livekit.cloud"));
        assert!(!uses_http_scheme("ws://127.0.0.1:7880"));
    }

    #[test]
    fn server_url_schemes() {
        assert!(check_server_url("wss://a.livekit.cloud", true).is_ok());
        assert!(check_server_url("ws://127.0.0.1:7880", false).is_ok());
        assert!(check_server_url("https://a.livekit.cloud", true).is_ok());
        assert!(check_server_url("ws://a", true)
            .unwrap_err()
            .contains("use wss://"));
        assert!(check_server_url("", false)
            .unwrap_err()
            .contains("no LiveKit server URL"));
        assert!(check_server_url("a.livekit.cloud", false)
            .unwrap_err()
            .contains("not a URL"));
        assert!(check_server_url("ftp://a", false)
            .unwrap_err()
            .contains("scheme 'ftp'"));
        assert!(check_server_url("wss://", false)
            .unwrap_err()
            .contains("no host"));
    }

    #[test]
    fn microphone_failures_from_dom_names() {
        assert_eq!(
            MicrophoneFailure::from_error_name("NotAllowedError"),
            MicrophoneFailure::PermissionDenied
        );
        assert_eq!(
            MicrophoneFailure::from_error_name("NotFoundError"),
            MicrophoneFailure::NotFound
        );
        assert_eq!(
            MicrophoneFailure::from_error_name("NotReadableError"),
            MicrophoneFailure::DeviceInUse
        );
        assert_eq!(
            MicrophoneFailure::from_error_name("AbortError"),
            MicrophoneFailure::Other
        );
    }

    #[test]
    fn failures_know_their_hop() {
        let f = CallFailure::Microphone {
            failure: MicrophoneFailure::NotFound,
            message: String::new(),
        };
        assert_eq!(f.hop(), Hop::Microphone);
        assert_eq!(
            ConnectErrorReason::from_code(Some(1)),
            ConnectErrorReason::ServerUnreachable
        );
        assert_eq!(
            ConnectErrorReason::from_code(None),
            ConnectErrorReason::Unknown
        );
    }
}
