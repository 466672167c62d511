//! The widget's keyed lists (event log, conversation, warnings): each row keyed by a hash of what
//! identifies it (and, for rows that never change in place, what it shows), so a change redraws
//! only the rows that changed. One `<For>`
//! serves all three (rows erased to `AnyView`): three instances of its diff cost 6 KB of gzip.
//! Hashed with FxHash, which Leptos' reactive graph already links in, not std's SipHash: only
//! these keys used it (issue 15). A key is an identity within one list, not a defence against
//! chosen input, and a row's id is part of what is hashed.

use leptos::prelude::*;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

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

/// The rows `each` lists, keyed.
pub fn keyed_rows(each: Box<dyn Fn() -> Vec<KeyedRow> + Send>) -> impl IntoView {
    view! { <For each=each key=|row: &KeyedRow| row.key children=|row: KeyedRow| (row.draw)() /> }
}
