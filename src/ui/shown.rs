//! One instance of Leptos' `<Show>` for the whole widget.
//!
//! `<Show>` is generic over its condition and its children: each of the nine places that used it
//! got its own copy of its memo, its children's wrapper and its render code (≈ 1.3 KB of wasm
//! each, issue 15). Boxing both behind this function leaves one copy; what is drawn is the same.

use leptos::prelude::*;

/// `children`, drawn while `when` is true (a Leptos `<Show>`, with nothing drawn otherwise).
pub fn shown(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    erased(Box::new(when), Box::new(children))
}

#[allow(clippy::type_complexity)]
fn erased(
    when: Box<dyn Fn() -> bool + Send + Sync>,
    children: Box<dyn Fn() -> AnyView + Send + Sync>,
) -> AnyView {
    view! { <Show when=move || when()>{children()}</Show> }.into_any()
}
