//! Remote audio: an `<audio>` element that plays a subscribed track and removes itself on `Drop`.

use super::error::unexpected;
use super::failure::LiveKitError;
use super::failure::OutputSnapshot;
use super::room::RemoteTrack;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlMediaElement};

/// A remote track playing through an `<audio>` element inside the widget.
#[must_use = "dropping it detaches the track and removes the <audio> element"]
pub struct RemoteAudio {
    track: RemoteTrack,
    element: HtmlMediaElement,
    track_sid: String,
}

impl RemoteAudio {
    /// Attaches `track` to `primed` (an `<audio>` the person's click already played, see
    /// [`super::PrimedAudio`]) or else to a new `<audio>`, inside `container`.
    pub fn attach(
        track: &RemoteTrack,
        track_sid: &str,
        container: &Element,
        primed: Option<HtmlMediaElement>,
    ) -> Result<RemoteAudio, LiveKitError> {
        let element = match primed {
            Some(element) => track.track.attach_to(&element),
            None => track.track.attach(),
        }
        .map_err(|e| unexpected("track.attach", &e))?;
        let _ = element.set_attribute("data-lk-track-sid", track_sid);
        container
            .append_child(&element)
            .map_err(|e| unexpected("append <audio>", &e))?;
        Ok(RemoteAudio {
            track: track.clone(),
            element,
            track_sid: track_sid.to_string(),
        })
    }

    pub fn track_sid(&self) -> &str {
        &self.track_sid
    }

    /// The element, e.g. to measure or route its audio.
    pub fn element(&self) -> &HtmlMediaElement {
        &self.element
    }

    /// What the element is doing now (for the playback watchdog).
    pub fn output(&self) -> OutputSnapshot {
        let e = &self.element;
        OutputSnapshot {
            paused: e.paused(),
            muted: e.muted(),
            volume: e.volume(),
            ended: e.ended(),
            current_time: e.current_time(),
        }
    }

    /// Unmutes, restores the volume and plays again at once; the future resolves to `false` when
    /// the browser refused (autoplay: a click is needed). It does not borrow `self`.
    pub fn play_again(&self) -> impl std::future::Future<Output = bool> {
        self.element.set_muted(false);
        if self.element.volume() <= 0.0 {
            self.element.set_volume(1.0);
        }
        let started = self.element.play();
        async move {
            match started {
                Ok(promise) => JsFuture::from(promise).await.is_ok(),
                Err(_) => false,
            }
        }
    }

    /// Detaches the track and attaches it to the same element again (a fresh `srcObject`).
    pub fn reattach(&self) -> Result<(), LiveKitError> {
        let _ = self.track.track.detach_element(&self.element);
        self.track
            .track
            .attach_to(&self.element)
            .map(drop)
            .map_err(|e| unexpected("track.attach", &e))
    }
}

impl Drop for RemoteAudio {
    fn drop(&mut self) {
        let _ = self.track.track.detach_element(&self.element);
        self.element.set_src_object(None);
        self.element.remove();
    }
}
