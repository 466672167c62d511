//! Whether this browser can make a call at all, judged from what it offers before anything is
//! fetched: a browser without WebRTC (WebKitGTK builds, old browsers, some in-app webviews) would
//! otherwise fetch a token, load the SDK and fail at the connection with "reason Unknown".

pub use crate::livekit::failure::BrowserFeatures;

/// The first thing missing for a call, in the order it would be needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserGap {
    /// No `RTCPeerConnection`: the browser cannot carry a call (built without WebRTC, too old, or
    /// an in-app webview that removes it).
    NoWebRtc,
    /// No `WebSocket`.
    NoWebSocket,
    /// The page is not https (nor localhost): the browser hides the microphone API.
    InsecurePage,
    /// A secure page, and still no `getUserMedia`: the browser (or webview) offers no microphone.
    NoMicrophoneApi,
}

/// The judgement is the call's; the features are read by `livekit::browser_features`.
impl BrowserFeatures {
    /// A browser with everything except WebRTC (Debian's WebKitGTK), for tests.
    #[cfg(test)]
    pub(crate) const WITHOUT_WEBRTC: BrowserFeatures = BrowserFeatures {
        peer_connection: false,
        get_user_media: true,
        secure_context: true,
        websocket: true,
    };

    /// The failure of a call in this browser, if it cannot call.
    pub fn refusal(self) -> Option<super::failure::CallFailure> {
        self.gap().map(|gap| super::failure::CallFailure::Browser {
            gap,
            features: self,
        })
    }

    /// What keeps this browser from calling, if anything.
    pub fn gap(&self) -> Option<BrowserGap> {
        if !self.peer_connection {
            Some(BrowserGap::NoWebRtc)
        } else if !self.websocket {
            Some(BrowserGap::NoWebSocket)
        } else if !self.get_user_media && !self.secure_context {
            Some(BrowserGap::InsecurePage)
        } else if !self.get_user_media {
            Some(BrowserGap::NoMicrophoneApi)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: BrowserFeatures = BrowserFeatures {
        peer_connection: true,
        get_user_media: true,
        secure_context: true,
        websocket: true,
    };

    #[test]
    fn a_complete_browser_has_no_gap() {
        assert_eq!(FULL.gap(), None);
        // localhost over http is a secure context too; only the features count
        assert_eq!(
            BrowserFeatures {
                secure_context: false,
                ..FULL
            }
            .gap(),
            None
        );
    }

    #[test]
    fn no_webrtc_is_named_first() {
        let webkitgtk = BrowserFeatures {
            peer_connection: false,
            ..FULL
        };
        assert_eq!(webkitgtk.gap(), Some(BrowserGap::NoWebRtc));
        let nothing = BrowserFeatures {
            peer_connection: false,
            get_user_media: false,
            secure_context: false,
            websocket: false,
        };
        assert_eq!(nothing.gap(), Some(BrowserGap::NoWebRtc));
    }

    #[test]
    fn a_hidden_microphone_api_on_http_is_the_page_not_the_browser() {
        let http_page = BrowserFeatures {
            get_user_media: false,
            secure_context: false,
            ..FULL
        };
        assert_eq!(http_page.gap(), Some(BrowserGap::InsecurePage));
        let webview = BrowserFeatures {
            get_user_media: false,
            ..FULL
        };
        assert_eq!(webview.gap(), Some(BrowserGap::NoMicrophoneApi));
    }

    #[test]
    fn no_websocket() {
        let old = BrowserFeatures {
            websocket: false,
            ..FULL
        };
        assert_eq!(old.gap(), Some(BrowserGap::NoWebSocket));
    }
}
