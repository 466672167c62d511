//! Remote audio: an `<audio>` element that plays a subscribed track and removes itself on `Drop`.

use super::error::unexpected;
use super::room::RemoteTrack;
use crate::call::failure::CallFailure;
use web_sys::{Element, HtmlMediaElement};

/// A remote track playing through an `<audio>` element inside the widget.
#[must_use = "dropping it detaches the track and removes the <audio> element"]
pub struct RemoteAudio {
    track: RemoteTrack,
    element: HtmlMediaElement,
    track_sid: String,
}

impl RemoteAudio {
    /// Attaches `track` to a new `<audio>` appended to `container`.
    pub fn attach(
        track: &RemoteTrack,
        track_sid: &str,
        container: &Element,
    ) -> Result<RemoteAudio, CallFailure> {
        let element = track
            .track
            .attach()
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
}

impl Drop for RemoteAudio {
    fn drop(&mut self) {
        let _ = self.track.track.detach_element(&self.element);
        self.element.set_src_object(None);
        self.element.remove();
    }
}
