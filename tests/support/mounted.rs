//! A mounted `VoiceWidget` for browser tests, and microphone-track bookkeeping.

use super::{document, SDK_URL};
use leptos::prelude::*;
use lk_voice_widget::session::SessionConfig;
use lk_voice_widget::ui::VoiceWidget;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

pub struct Mounted {
    root: HtmlElement,
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

impl Mounted {
    pub fn new(config: SessionConfig) -> Self {
        let root = super::appended_div();
        let handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <VoiceWidget config=config.clone() /> }.into_any()
        });
        Self {
            root,
            handle: Some(handle),
        }
    }

    pub fn query(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .map(|e| e.unchecked_into())
    }

    pub fn text(&self, selector: &str) -> String {
        // textContent: the event log sits in a closed <details>, where innerText is empty.
        self.query(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    pub fn stage(&self) -> String {
        self.query(".lkw")
            .and_then(|e| e.get_attribute("data-stage"))
            .unwrap_or_default()
    }

    pub fn click(&self, selector: &str) {
        self.query(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .click();
    }

    pub fn audio_count(&self) -> u32 {
        document()
            .query_selector_all("audio")
            .map(|l| l.length())
            .unwrap_or(0)
    }

    pub fn unmount(&mut self) {
        drop(self.handle.take());
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.unmount();
        self.root.remove();
    }
}

pub fn config(token_url: &str) -> SessionConfig {
    let mut config = SessionConfig::new(token_url);
    config.sdk_url = SDK_URL.into();
    config
}

/// Records every microphone track the page opens, so the test can check they all ended.
pub fn record_microphone_tracks() {
    let _ = js_sys::eval(
        "if (!window.__lkwMicTracks) { window.__lkwMicTracks = []; \
         const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices); \
         navigator.mediaDevices.getUserMedia = async (c) => { const s = await gum(c); \
           window.__lkwMicTracks.push(...s.getAudioTracks()); return s; }; }",
    );
}

pub fn microphone_tracks() -> (u32, u32) {
    let value = js_sys::eval(
        "[window.__lkwMicTracks.length, window.__lkwMicTracks.filter(t => t.readyState === 'live').length]",
    )
    .expect("eval");
    let pair: js_sys::Array = value.unchecked_into();
    (
        pair.get(0).as_f64().unwrap_or(0.0) as u32,
        pair.get(1).as_f64().unwrap_or(0.0) as u32,
    )
}
