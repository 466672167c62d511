//! What can go wrong inside `livekit-client` and the browser APIs it wraps, typed, with the
//! evidence. This layer's own vocabulary: `call` wraps it into a `CallFailure` (with the hop)
//! and the words layer explains it; nothing here knows about either.

/// Why the SDK did not load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdkLoadCause {
    /// The server answered with this HTTP status.
    Http(u16),
    /// Served, but with this content type, which the browser will not run as a module.
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

    /// The SDK's own name for the reason (evidence quotes it, so a search finds the SDK's docs).
    pub fn sdk_name(self) -> &'static str {
        match self {
            Self::NotAllowed => "NotAllowed",
            Self::ServerUnreachable => "ServerUnreachable",
            Self::Internal => "InternalError",
            Self::Cancelled => "Cancelled",
            Self::LeaveRequest => "LeaveRequest",
            Self::Timeout => "Timeout",
            Self::WebSocket => "WebSocket",
            Self::ServiceNotFound => "ServiceNotFound",
            Self::Unknown => "Unknown",
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

/// A rejected or thrown SDK/browser call, typed by what was being done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveKitError {
    SdkLoad {
        url: String,
        cause: SdkLoadCause,
        message: String,
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
    /// Anything else that threw: `context` is what the widget was doing, `message` the JS error.
    Unexpected { message: String },
}

impl LiveKitError {
    /// The JS error's own text, whatever was being done: for a console line, without `{:?}`
    /// (Debug formatting costs the wasm its formatting code, issue 15).
    pub fn message(&self) -> &str {
        match self {
            Self::SdkLoad { message, .. }
            | Self::Connect { message, .. }
            | Self::Microphone { message, .. }
            | Self::Unexpected { message } => message,
        }
    }
}

/// What a browser offers that a call needs (read by `browser_features()` in the browser).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrowserFeatures {
    /// `RTCPeerConnection` exists: the media path.
    pub peer_connection: bool,
    /// `navigator.mediaDevices.getUserMedia` exists: the microphone.
    pub get_user_media: bool,
    /// `window.isSecureContext`: browsers hide the microphone API on plain-http pages.
    pub secure_context: bool,
    /// `WebSocket` exists: the signal connection.
    pub websocket: bool,
}

/// What the page's `<audio>` for the agent looked like at one sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputSnapshot {
    pub paused: bool,
    pub muted: bool,
    pub volume: f64,
    pub ended: bool,
    /// `currentTime` in seconds: a playing live stream advances it, silence included.
    pub current_time: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn connect_reasons_from_sdk_codes() {
        assert_eq!(
            ConnectErrorReason::from_code(Some(1)),
            ConnectErrorReason::ServerUnreachable
        );
        assert_eq!(
            ConnectErrorReason::from_code(None),
            ConnectErrorReason::Unknown
        );
        assert_eq!(
            ConnectErrorReason::from_code(Some(6)).sdk_name(),
            "WebSocket"
        );
    }
}
