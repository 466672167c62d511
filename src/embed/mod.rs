//! Mounting the widget into a page.
//!
//! One way in, for the standalone page (`index.html`) as for every host page: the embed loader
//! (`dist/embed/lk-voice-widget.js`, bundled from `js/embed-loader/`: the `<lk-voice-widget>`
//! element and `mount(element, options)`). It draws the Call button before the wasm is here, then
//! calls the exported `mountEmbedded` ([`bridge`]) with an element inside its shadow root, the
//! options as a plain object, and a bridge for host events and the host page's RPC handlers.
//!
//! What the loader knows before the wasm is here (the options, the words, the RPC codes) is
//! Rust's: [`options`] and the catalogs, generated into the loader by [`contract`]. These two
//! build natively (their tests run with the native suite); the rest is the browser's.
//!
//! [`crash`] is the crash watch both mounts join: a panic (a wasm trap) ends every call and
//! leaves each widget a notice, not a frozen screen.
//!
//! [`policy`] finds what the page itself forbids (the microphone blocked by a permissions
//! policy, e.g. an `<iframe>` without `allow="microphone"`).

pub mod contract;
pub mod options;

#[cfg(target_arch = "wasm32")]
pub mod bridge;
#[cfg(target_arch = "wasm32")]
mod config;
#[cfg(target_arch = "wasm32")]
pub mod crash;
#[cfg(target_arch = "wasm32")]
pub mod policy;

#[cfg(target_arch = "wasm32")]
pub use config::resolve_lang;
