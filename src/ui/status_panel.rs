//! The status panel: the call's events with their times, newest last.

use super::bundle_view::bundle_view;
use super::element_slot::when_drawn;
use super::handle::WidgetHandle;
use super::keyed_rows::{keyed_rows, KeyedRow};
use crate::call::log::LogTone;
use leptos::prelude::*;

/// The status panel as a component (the browser tests mount it alone).
#[component]
pub fn StatusPanel(handle: WidgetHandle) -> impl IntoView {
    status_panel(handle)
}

pub fn status_panel(handle: WidgetHandle) -> AnyView {
    let lang = handle.lang;
    // Keyed by the entry's number together with what it shows (a new call's log numbers from
    // 0 again): an entry never changes, so a new one draws one row and the others stay.
    let entries = move || {
        handle.state.with(|s| {
            s.log
                .numbered()
                .map(|(number, entry)| LogRow {
                    number,
                    tone: match entry.tone {
                        LogTone::Info => "info",
                        LogTone::Warning => "warning",
                        LogTone::Error => "error",
                    },
                    time: entry.elapsed_label(),
                    text: crate::i18n::log_line(entry, lang),
                })
                .map(|row| KeyedRow::new(row, draw))
                .collect()
        })
    };
    let label = handle.text().call_events();
    view! {
        <details class="lkw-panel">
            <summary>{label}</summary>
            <ol class="lkw-log" aria-label=label use:when_drawn={keyed_rows(Box::new(entries))}></ol>
            {bundle_view(handle)}
        </details>
    }
    .into_any()
}

fn draw(entry: LogRow) -> AnyView {
    view! {
            <li class="lkw-log-entry" data-tone=entry.tone>
                <time class="lkw-log-time">{entry.time}</time>
                " "
                <span class="lkw-log-text">{entry.text}</span>
            </li>
    }
    .into_any()
}

/// One entry as drawn.
#[derive(Hash)]
struct LogRow {
    number: u64,
    tone: &'static str,
    time: String,
    text: String,
}
