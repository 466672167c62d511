//! Why a call could not start or go on: typed, with the evidence, and with the hop it happened at.

use super::browser_support::{BrowserFeatures, BrowserGap};
use super::token_claims::ClaimProblem;
use crate::livekit::event::DisconnectReason;
use crate::livekit::failure::{ConnectErrorReason, LiveKitError, MicrophoneFailure, SdkLoadCause};
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
        problem: ServerUrlProblem,
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
    Disconnected { reason: DisconnectReason },
    /// A bug or an SDK behaviour we did not expect; the message is the evidence.
    Unexpected { message: String },
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

impl From<LiveKitError> for CallFailure {
    fn from(error: LiveKitError) -> Self {
        match error {
            LiveKitError::SdkLoad {
                url,
                cause,
                message,
            } => Self::SdkLoad {
                url,
                cause,
                message,
            },
            LiveKitError::Connect {
                url,
                reason,
                status,
                message,
            } => Self::Connect {
                url,
                reason,
                status,
                message,
            },
            LiveKitError::Microphone { failure, message } => Self::Microphone { failure, message },
            LiveKitError::Unexpected { message } => Self::Unexpected { message },
        }
    }
}

/// What is wrong with a LiveKit server URL (the URL itself is kept beside it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerUrlProblem {
    /// Neither the token endpoint nor the configuration named one.
    Missing,
    /// No `scheme://`.
    NotAUrl,
    NoHost,
    /// `ws://` / `http://` from an `https` page: mixed content the browser blocks.
    Unencrypted,
    /// A scheme LiveKit does not speak (`ftp`, …).
    Scheme(String),
}

/// Checks a LiveKit server URL before the SDK sees it, so a wrong one is named plainly.
///
/// `http(s)://` is accepted (the SDK rewrites it to `ws(s)://`), but `ws://` or `http://` from an
/// `https` page is mixed content the browser will block.
pub fn check_server_url(url: &str, page_is_https: bool) -> Result<(), ServerUrlProblem> {
    let url = url.trim();
    if url.is_empty() {
        return Err(ServerUrlProblem::Missing);
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(ServerUrlProblem::NotAUrl);
    };
    if rest.is_empty() {
        return Err(ServerUrlProblem::NoHost);
    }
    match scheme.to_ascii_lowercase().as_str() {
        "wss" | "https" => Ok(()),
        "ws" | "http" if page_is_https => Err(ServerUrlProblem::Unencrypted),
        "ws" | "http" => Ok(()),
        other => Err(ServerUrlProblem::Scheme(other.to_string())),
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
        assert_eq!(
            check_server_url("ws://a", true),
            Err(ServerUrlProblem::Unencrypted)
        );
        assert_eq!(check_server_url("", false), Err(ServerUrlProblem::Missing));
        assert_eq!(
            check_server_url("a.livekit.cloud", false),
            Err(ServerUrlProblem::NotAUrl)
        );
        assert_eq!(
            check_server_url("ftp://a", false),
            Err(ServerUrlProblem::Scheme("ftp".into()))
        );
        assert_eq!(
            check_server_url("wss://", false),
            Err(ServerUrlProblem::NoHost)
        );
    }

    #[test]
    fn failures_know_their_hop() {
        let f = CallFailure::Microphone {
            failure: MicrophoneFailure::NotFound,
            message: String::new(),
        };
        assert_eq!(f.hop(), Hop::Microphone);
        let from_sdk: CallFailure = LiveKitError::Connect {
            url: "ws://x".into(),
            reason: ConnectErrorReason::Timeout,
            status: None,
            message: String::new(),
        }
        .into();
        assert_eq!(from_sdk.hop(), Hop::Signal);
    }
}
