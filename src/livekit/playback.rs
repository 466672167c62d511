//! Playback unlocked by the click that starts a call.
//!
//! Browsers let a page play sound only after a user gesture, and the strict ones (Safari on iOS,
//! Firefox with a transient-activation policy) only for an element played *inside* that gesture:
//! an `<audio>` created seconds later for the agent's track stays silent and "Enable audio" needs
//! a second tap. So the click plays silence through the element that will carry the agent's voice
//! before anything is awaited.
//!
//! The call's one AudioContext (its level meters and checks share it) is opened later, by the
//! first meter that starts once the call is connected ([`PrimedAudio::open_context`]):
//! constructing one is synchronous and costs the main thread milliseconds (the first in a browser
//! starts its audio service: ~200 ms headless), which inside the click sat between the token's
//! arrival and `connect()`. Chromium and Firefox let a page's context run once the person has
//! clicked on it (sticky activation); where one still starts suspended (WebKit wants the gesture
//! itself), "Enable audio" and the playback watchdog resume it, and the silence check takes its
//! zeros for no reading rather than for a silent microphone.

use super::task::spawn;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, Element, HtmlMediaElement};

/// An `<audio>` that played inside the person's click, and the call's AudioContext once opened.
/// Dropping it removes the element if the agent's track never took it, and closes the context.
pub struct PrimedAudio {
    element: RefCell<Option<HtmlMediaElement>>,
    context: RefCell<Option<AudioContext>>,
}

impl PrimedAudio {
    /// Must run synchronously inside the click handler. `None` outside a document.
    pub fn prime(container: &Element) -> Option<PrimedAudio> {
        let document = container.owner_document()?;
        let element: HtmlMediaElement = document.create_element("audio").ok()?.unchecked_into();
        element.set_autoplay(true);
        let _ = element.set_attribute("data-lkw-primed", "");
        container.append_child(&element).ok()?;
        // No source yet: what the browsers remember is that this element was played inside a
        // gesture (WebKit lifts its restrictions, Firefox "blesses" it, synchronously), and an
        // element without a stream is nothing a page script or a level probe mistakes for the
        // agent's voice.
        settle(element.play());
        Some(PrimedAudio {
            element: RefCell::new(Some(element)),
            context: RefCell::default(),
        })
    }

    /// Nothing played (a call no click started, e.g. a rejoined one): only a home for the
    /// call's AudioContext.
    pub fn without_element() -> PrimedAudio {
        PrimedAudio {
            element: RefCell::default(),
            context: RefCell::default(),
        }
    }

    /// Opens the call's AudioContext (once; later calls return the same) and resumes it. `None`
    /// where the page cannot make one.
    pub fn open_context(&self) -> Option<AudioContext> {
        let mut slot = self.context.borrow_mut();
        if slot.is_none() {
            let context = AudioContext::new().ok()?;
            settle(context.resume());
            *slot = Some(context);
        }
        slot.clone()
    }

    /// The unlocked element, once: the agent's first audio track plays in it.
    pub fn take_element(&self) -> Option<HtmlMediaElement> {
        self.element.borrow_mut().take()
    }

    /// Resumes the AudioContext again (a recovery step, or inside a later click: "Enable audio").
    pub fn resume(&self) {
        if let Some(context) = self.context.borrow().as_ref() {
            settle(context.resume());
        }
    }

    /// The call's AudioContext, once opened ([`PrimedAudio::open_context`]).
    pub fn context(&self) -> Option<AudioContext> {
        self.context.borrow().clone()
    }

    /// `running` once Web Audio is unlocked.
    pub fn context_running(&self) -> bool {
        self.context
            .borrow()
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
        if let Some(context) = self.context.borrow_mut().take() {
            settle(context.close());
        }
    }
}

/// Lets a promise settle without an "unhandled rejection" (a refused play() is expected: the
/// SDK reports blocked playback on its own). One spawn site for every fire-and-forget promise.
pub(super) fn settle(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) {
    if let Ok(promise) = promise {
        spawn(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}
