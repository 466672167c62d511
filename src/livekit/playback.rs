//! Playback unlocked by the click that starts a call.
//!
//! Browsers let a page play sound only after a user gesture, and the strict ones (Safari on iOS,
//! Firefox with a transient-activation policy) only for an element played *inside* that gesture:
//! an `<audio>` created seconds later for the agent's track stays silent and "Enable audio" needs
//! a second tap. So the click plays silence through the element that will carry the agent's voice
//! and resumes an AudioContext, before anything is awaited.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{AudioContext, Element, HtmlMediaElement};

/// An `<audio>` (and an AudioContext) that played inside the person's click. Dropping it removes
/// the element if the agent's track never took it, and closes the context.
pub struct PrimedAudio {
    element: RefCell<Option<HtmlMediaElement>>,
    context: Option<AudioContext>,
}

impl PrimedAudio {
    /// Must run synchronously inside the click handler. `None` outside a document.
    pub fn prime(container: &Element) -> Option<PrimedAudio> {
        let document = container.owner_document()?;
        let element: HtmlMediaElement = document.create_element("audio").ok()?.unchecked_into();
        element.set_autoplay(true);
        let _ = element.set_attribute("data-lkw-primed", "");
        let context = AudioContext::new().ok();
        if let Some(context) = &context {
            settle(context.resume());
        }
        container.append_child(&element).ok()?;
        // No source yet: what the browsers remember is that this element was played inside a
        // gesture (WebKit lifts its restrictions, Firefox "blesses" it, synchronously), and an
        // element without a stream is nothing a page script or a level probe mistakes for the
        // agent's voice.
        settle(element.play());
        Some(PrimedAudio {
            element: RefCell::new(Some(element)),
            context,
        })
    }

    /// The unlocked element, once: the agent's first audio track plays in it.
    pub fn take_element(&self) -> Option<HtmlMediaElement> {
        self.element.borrow_mut().take()
    }

    /// Resumes the AudioContext again (a recovery step; only works where a gesture is not needed
    /// any more, i.e. after the click unlocked it).
    pub fn resume(&self) {
        if let Some(context) = &self.context {
            settle(context.resume());
        }
    }

    /// The AudioContext the click resumed, for the call's level meters.
    pub fn context(&self) -> Option<&AudioContext> {
        self.context.as_ref()
    }

    /// `running` once the click unlocked Web Audio.
    pub fn context_running(&self) -> bool {
        self.context
            .as_ref()
            .is_some_and(|c| c.state() == web_sys::AudioContextState::Running)
    }
}

impl Drop for PrimedAudio {
    fn drop(&mut self) {
        if let Some(element) = self.element.borrow_mut().take() {
            let _ = element.pause();
            element.set_src_object(None);
            element.remove();
        }
        if let Some(context) = &self.context {
            settle(context.close());
        }
    }
}

/// Lets a promise settle without an "unhandled rejection" (a refused play() is expected: the
/// SDK reports blocked playback on its own). One spawn site for every fire-and-forget promise.
pub(super) fn settle(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) {
    if let Ok(promise) = promise {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}
