//! One way to draw something only while a condition holds, for the whole widget.
//!
//! Leptos' `<Show>` is generic over its condition and its children, and its reactive child is a
//! closure type of its own: each use got its own copy of its memo, its children's wrapper and
//! its render code (≈ 1.3 KB of wasm each, issue 15). Here the condition is one boxed memo type
//! ([`flag`], also the call timer's) and the child one `move || AnyView`, the type the
//! diagnosis, the preflight rows and the device options draw with: what is drawn is the same.

use leptos::prelude::*;

/// `children`, drawn while `when` is true (as a Leptos `<Show>`: redrawn only when `when` turns).
pub fn shown(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    erased(flag(when), Box::new(children))
}

/// `when`, memoised: readers rerun only when it turns.
pub fn flag(when: impl Fn() -> bool + Send + Sync + 'static) -> Memo<bool> {
    memo(Box::new(when))
}

fn memo(when: Box<dyn Fn() -> bool + Send + Sync>) -> Memo<bool> {
    Memo::new(move |_| when())
}

fn erased(when: Memo<bool>, children: Box<dyn Fn() -> AnyView + Send + Sync>) -> AnyView {
    view! { {move || if when.get() { children() } else { ().into_any() }} }.into_any()
}
