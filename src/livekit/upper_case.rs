//! Upper case for text shown to a person (an agent's name's first letter).
//!
//! In the browser the engine's own `String.prototype.toUpperCase` does it: Rust's
//! `char::to_uppercase` would bring the Unicode case tables and their lookup into the wasm
//! (≈ 3 KB raw, issue 15) for one letter. Both apply Unicode's full case mapping (`ß` → `SS`), so
//! the native build, which the unit tests run, uses Rust's.

/// `text` in upper case.
#[cfg(target_arch = "wasm32")]
pub(crate) fn upper_case(text: &str) -> String {
    js_sys::JsString::from(text).to_upper_case().into()
}

/// `text` in upper case.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn upper_case(text: &str) -> String {
    text.to_uppercase()
}
