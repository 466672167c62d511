//! The widget's one directive, `use:when_drawn=…`: what to do with an element once it is drawn
//! (keep it in a slot, fill the consent block).
//!
//! Leptos' `NodeRef<E>` is generic over the element type and a directive over its parameter:
//! each of four element types and each directive cost the wasm its own loading and calling code
//! (issue 15: −1.4 KB gzip for the slots, −0.5 KB for one directive instead of two). A slot is
//! not reactive — no reader needs it to be: each reads it when the element is there (an event,
//! a tick, a transcript change after the list was drawn).

use leptos::prelude::*;
use std::rc::Rc;
use web_sys::Element;

/// Where a drawn element is kept, empty until it is drawn.
pub type ElementSlot = StoredValue<Option<Element>, LocalStorage>;

/// An empty slot, owned by the component that makes it.
pub fn element_slot() -> ElementSlot {
    StoredValue::new_local(None)
}

/// What to do with an element once it is drawn.
#[derive(Clone)]
pub struct OnDrawn(Rc<dyn Fn(Element)>);

impl OnDrawn {
    pub fn new(then: impl Fn(Element) + 'static) -> Self {
        Self(Rc::new(then))
    }
}

/// The directive: `<div use:when_drawn=keep(slot)>` runs the `OnDrawn` when the element is drawn.
pub fn when_drawn(el: Element, then: OnDrawn) {
    (then.0)(el)
}

/// Puts the element into `slot`.
pub fn keep(slot: ElementSlot) -> OnDrawn {
    OnDrawn::new(move |el| slot.set_value(Some(el)))
}
