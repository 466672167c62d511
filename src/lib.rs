//! lk-voice-widget: a browser voice-call widget for LiveKit voice agents.
//!
//! Layers (each a folder), each importing only those to its left: `sys` raw bindings → `livekit`
//! safe typed API → `call` state machine and typed facts (plain Rust) → `i18n` the words made
//! from those facts → `ui` Leptos components → `embed` mounting. `session` drives one call: it
//! runs the intents against `livekit` and feeds the outcomes to `call`. `json` is beneath them
//! all: the widget's own small JSON reader and writer.

pub mod call;
pub mod i18n;
pub mod json;
pub mod livekit;

pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod sys;
#[cfg(target_arch = "wasm32")]
pub mod ui;
