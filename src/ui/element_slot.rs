//! The one way the widget keeps hold of a drawn element (the audio container, the conversation's
//! list and chat field, a level bar): a directive, `use:keep=slot`, that stores it.
//!
//! Leptos' `NodeRef<E>` is generic over the element type: each of the four types cost the wasm
//! its own loading and reading code (~1 KB gzip together, issue 15). The slot is not reactive —
//! no reader needs it to be: each reads it when the element is there (an event, a tick, a
//! transcript change after the list was drawn).

use leptos::prelude::*;
use web_sys::Element;

/// Where a drawn element is kept, empty until it is drawn.
pub type ElementSlot = StoredValue<Option<Element>, LocalStorage>;

/// An empty slot, owned by the component that makes it.
pub fn element_slot() -> ElementSlot {
    StoredValue::new_local(None)
}

/// The directive: `<div use:keep=slot>` puts the element into `slot` when it is drawn.
pub fn keep(el: Element, slot: ElementSlot) {
    slot.set_value(Some(el));
}
