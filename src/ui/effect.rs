//! One instance of Leptos' `Effect` for the whole widget.
//!
//! `Effect::new` is generic over its closure: every call site got its own copy of the effect's
//! async loop and scheduling code (six copies, ≈ 1 KB of wasm each before the closure's own body:
//! issue 15). Boxing the closure behind this function leaves one copy; the bodies are the same.

use leptos::prelude::Effect;

/// Runs `body` now and again after any signal it read changes (a Leptos effect), until the
/// reactive owner it was made under is disposed.
pub fn effect(body: impl FnMut() + 'static) {
    erased(Box::new(body));
}

fn erased(mut body: Box<dyn FnMut()>) {
    Effect::new(move |_| body());
}
