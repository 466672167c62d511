//! The conversation: both sides' speech (interim lines shown as such) and chat, with a box to
//! type instead of talk. Auto-scrolls to the newest line unless the person scrolled up.

use super::effect::effect;
use super::element_slot::{element_slot, keep, when_drawn, OnDrawn};
use super::handle::WidgetHandle;
use super::keyed_rows::{keyed_rows, KeyedRow};
use super::shown::shown;
use crate::call::{CallState, LineKind, Speaker};
use crate::i18n::Messages;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The conversation as a component (the browser tests mount it alone).
#[component]
pub fn TranscriptView(handle: WidgetHandle) -> impl IntoView {
    transcript_view(handle)
}

pub fn transcript_view(handle: WidgetHandle) -> AnyView {
    let m = handle.text();
    let list = element_slot();
    let input = element_slot();
    // Whether to keep the newest line in view: nothing draws it, so a stored value, not a signal
    // (a `bool` signal was its own signal code in the wasm, issue 15).
    let follow: StoredValue<bool, LocalStorage> = StoredValue::new_local(true);

    // Keyed by the line's id alone: a line that grows (interim → final), is cut off or whose
    // speaker's name arrives stays the same element and updates in place; the others stay as
    // they are.
    let state = handle.state;
    let lines = move || {
        state.with(|s| {
            s.transcript
                .lines()
                .iter()
                .map(|line| {
                    let id = line.id.clone();
                    KeyedRow::live(&line.id, Box::new(move || draw(state, m, id)))
                })
                .collect()
        })
    };
    let on_scroll = move |_| {
        if let Some(list) = list.get_value() {
            let at_bottom = list.scroll_top() + list.client_height() >= list.scroll_height() - 24;
            follow.set_value(at_bottom);
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(field) = input.get_value() else {
            return;
        };
        let field: web_sys::HtmlInputElement = field.unchecked_into();
        let text = field.value();
        if text.trim().is_empty() {
            return;
        }
        if let Some(session) = handle.session() {
            session.send_chat(text);
            field.set_value("");
            follow.set_value(true);
        }
    };
    let in_call = move || handle.is_active();
    // The list is kept (scrolling) and filled with the lines.
    let rows = keyed_rows(Box::new(lines));
    let list_drawn = OnDrawn::new(move |el: web_sys::Element| {
        list.set_value(Some(el.clone()));
        when_drawn(el, rows.clone());
    });
    let view = view! {
        <section class="lkw-conversation" aria-label=m.conversation()>
            <ol class="lkw-transcript" use:when_drawn={list_drawn} on:scroll=on_scroll aria-live="polite"></ol>
            {shown(in_call, move || view! {
                <form class="lkw-chat" on:submit=on_submit>
                    <input
                        use:when_drawn={keep(input)}
                        type="text"
                        class="lkw-chat-input"
                        aria-label=m.message_placeholder()
                        placeholder=m.message_placeholder()
                        maxlength="2000"
                        autocomplete="off"
                    />
                    <button type="submit" class="lkw-chat-send">{m.send()}</button>
                </form>
            }.into_any())}
        </section>
    }
    .into_any();
    // After each change of the transcript (a line added or grown), keep the newest line in view
    // if the person has not scrolled up. Only then: reading `scrollHeight` lays the page out at
    // once, and the call's other changes (a dozen while it connects) would each pay for that.
    // (The last shape is kept in the effect, not in a Memo: one more Memo type costs the wasm.)
    // Made after the view, so it runs after the list's own effect (`keyed_rows`) has drawn the
    // change: effects run in the order they were made.
    let drawn = std::cell::Cell::new((0usize, 0usize));
    effect(move || {
        let shape = state.with(|s| {
            let lines = s.transcript.lines();
            (
                lines.len(),
                lines.iter().map(|l| l.text.len()).sum::<usize>(),
            )
        });
        if shape.0 == 0 || drawn.replace(shape) == shape {
            return;
        }
        if let (true, Some(list)) = (follow.get_value(), list.get_value()) {
            list.set_scroll_top(list.scroll_height());
        }
    });
    view
}

/// The line `id` as it is now (empty once it is gone, while its row is being removed).
fn line_row(s: &CallState, m: &'static Messages, id: &str) -> LineRow {
    let Some(line) = s.transcript.lines().iter().find(|l| l.id == id) else {
        return LineRow::default();
    };
    LineRow {
        who: match &line.speaker {
            Speaker::User => m.you().to_string(),
            Speaker::Agent { name } => name.clone(),
            Speaker::Other { identity } => s
                .participant_names
                .get(identity)
                .cloned()
                .unwrap_or_else(|| identity.clone()),
        },
        side: match line.speaker {
            Speaker::User => "user",
            Speaker::Agent { .. } => "agent",
            Speaker::Other { .. } => "other",
        },
        kind: match line.kind {
            LineKind::Speech => "speech",
            LineKind::Chat => "chat",
        },
        state: if line.is_final { "final" } else { "interim" },
        text: line.text.clone(),
        cut_off: line.is_cut_off(),
    }
}

fn draw(state: RwSignal<CallState>, m: &'static Messages, id: String) -> AnyView {
    let row = Memo::new(move |_| state.with(|s| line_row(s, m, &id)));
    view! {
        <li
            class="lkw-line"
            data-side=move || row.with(|r| r.side.to_string())
            data-kind=move || row.with(|r| r.kind.to_string())
            data-state=move || row.with(|r| r.state.to_string())
            data-cut-off=move || row.with(|r| r.cut_off.to_string())
        >
            <span class="lkw-line-who">{move || row.with(|r| r.who.clone())}</span>
            <span class="lkw-line-text">{move || row.with(|r| r.text.clone())}</span>
            // Drawn hidden rather than added when the line is cut off: an optional element is
            // one more Leptos view type in the wasm (0.4 KB gzip, issue 15).
            <span class="lkw-line-cut" hidden=move || row.with(|r| !r.cut_off)>{m.cut_off()}</span>
        </li>
    }
    .into_any()
}

/// One line as drawn.
#[derive(Clone, Default, PartialEq)]
struct LineRow {
    who: String,
    side: &'static str,
    kind: &'static str,
    state: &'static str,
    text: String,
    /// Whether the person barged in (the line shows the "cut off" mark).
    cut_off: bool,
}
