//! The status panel: the call's events with their times, newest last.

use super::bundle_view::BundleView;
use super::handle::WidgetHandle;
use crate::call::log::{LogEntry, LogTone};
use leptos::prelude::*;

#[component]
pub fn StatusPanel(handle: WidgetHandle) -> impl IntoView {
    let lang = handle.lang;
    // Keyed by the entry's number: an entry never changes, so a new one draws one row.
    let entries = move || {
        handle.state.with(|s| {
            s.log
                .numbered()
                .map(|(n, e)| (n, e.clone()))
                .collect::<Vec<_>>()
        })
    };
    let row = move |(_, entry): (u64, LogEntry)| {
        let tone = match entry.tone {
            LogTone::Info => "info",
            LogTone::Warning => "warning",
            LogTone::Error => "error",
        };
        let time = entry.elapsed_label();
        let text = entry.text(lang);
        view! {
            <li class="lkw-log-entry" data-tone=tone>
                <time class="lkw-log-time">{time}</time>
                " "
                <span class="lkw-log-text">{text}</span>
            </li>
        }
    };
    let label = handle.text().call_events();
    view! {
        <details class="lkw-panel">
            <summary>{label}</summary>
            <ol class="lkw-log" aria-label=label>
                <For each=entries key=|(n, _)| *n children=row />
            </ol>
            <BundleView handle=handle />
        </details>
    }
}
