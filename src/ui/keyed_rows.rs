//! The widget's keyed lists (event log, conversation, warnings): each row keyed by a hash of what
//! identifies it (and, for rows that never change in place, what it shows), so a change redraws
//! only the rows that changed.
//!
//! Not Leptos' `<For>`: its keyed diff (an index set, its hash tables, the move planning) and
//! its rows' render code were 10 KB of wasm (4.5 KB gzip) for three short lists (issue 15). Here a list element's rows are kept in order by
//! hand: a new key draws a row (under an owner of its own, disposed when the row goes), a gone
//! key removes its row, and a row is moved only when it is out of place, so the others stay the
//! same elements, untouched.
//! Hashed with FxHash, which Leptos' reactive graph already links in, not std's SipHash: only
//! these keys used it (issue 15). A key is an identity within one list, not a defence against
//! chosen input, and a row's id is part of what is hashed.

use super::effect::effect;
use super::element_slot::OnDrawn;
use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use rustc_hash::FxHasher;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, Node};

/// One row: its key, and how to draw it (called once, when the key first appears).
pub struct KeyedRow {
    key: u64,
    draw: Box<dyn FnOnce() -> AnyView + Send>,
}

impl KeyedRow {
    /// A row for `data`, keyed by all of it (give it the row's id too, so equal rows are kept
    /// apart), drawn by `draw`.
    pub fn new<T: Hash + Send + 'static>(data: T, draw: fn(T) -> AnyView) -> Self {
        let mut hasher = FxHasher::default();
        data.hash(&mut hasher);
        Self {
            key: hasher.finish(),
            draw: Box::new(move || draw(data)),
        }
    }

    /// A row keyed by `id` alone whose view follows its data by itself (`draw` reads it
    /// reactively): it stays the same element while it changes, as a growing transcript line
    /// must (screen readers, and anything holding the element).
    pub fn live<I: Hash>(id: I, draw: Box<dyn FnOnce() -> AnyView + Send>) -> Self {
        let mut hasher = FxHasher::default();
        id.hash(&mut hasher);
        Self {
            key: hasher.finish(),
            draw,
        }
    }
}

/// A drawn row, and the owner of what drawing it made (disposed when the row goes).
struct Drawn {
    key: u64,
    view: AnyViewState,
    owner: Owner,
}

/// What fills a list element (`use:when_drawn`) with the rows `each` lists, keyed, and keeps them
/// so as `each` changes. Every row is one element; the list holds nothing else.
pub fn keyed_rows(each: Box<dyn Fn() -> Vec<KeyedRow> + Send>) -> OnDrawn {
    let each: Rc<dyn Fn() -> Vec<KeyedRow> + Send> = Rc::from(each);
    OnDrawn::new(move |list| fill(list, each.clone()))
}

fn fill(list: Element, each: Rc<dyn Fn() -> Vec<KeyedRow> + Send>) {
    // Held weakly: the effect below belongs to this owner, and a strong hold from it would keep
    // the owner (the whole widget's, for two of the lists) from ever being dropped, and with it
    // every `on_cleanup` (the call's shutdown on unmount).
    let Some(owner) = Owner::current().map(|o| o.downgrade()) else {
        return;
    };
    let drawn = RefCell::new(Vec::new());
    let mut update = move || {
        let rows = each();
        if let Some(owner) = owner.upgrade() {
            sync(&list, &owner, &mut drawn.borrow_mut(), rows);
        }
    };
    // Now, so the rows are there as the list is (untracked: the list may be drawn inside
    // another reactive view), then again whenever what `each` read changes.
    untrack(&mut update);
    effect(update);
}

/// Makes `drawn` (the rows in `list`) the rows `rows` lists, in their order.
fn sync(list: &Element, owner: &Owner, drawn: &mut Vec<Drawn>, rows: Vec<KeyedRow>) {
    let mut old = std::mem::take(drawn);
    for row in rows {
        match old.iter().position(|d| d.key == row.key) {
            Some(at) => drawn.push(old.remove(at)),
            None => {
                let row_owner = owner.child();
                let draw = row.draw;
                let view = row_owner.with(|| untrack(move || draw().build()));
                drawn.push(Drawn {
                    key: row.key,
                    view,
                    owner: row_owner,
                });
            }
        }
    }
    for mut gone in old {
        gone.view.unmount();
        gone.owner.cleanup();
    }
    // Rows in place are left alone; a new row, or one out of place, goes where it belongs.
    let mut next: Option<Node> = list.first_child();
    for row in drawn.iter_mut() {
        let first = row.view.elements().into_iter().next();
        match (first, &next) {
            (Some(el), Some(at)) if JsValue::from(&el) == JsValue::from(at) => {
                next = el.next_sibling();
            }
            _ => row.view.mount(list, next.as_ref()),
        }
    }
}
