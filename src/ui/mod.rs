//! Leptos components. They read [`CallState`](crate::call::CallState) and send intents to the
//! session; they never call the SDK.

mod idle_preload;
mod status_panel;
mod status_text;
mod widget;

pub use widget::VoiceWidget;
