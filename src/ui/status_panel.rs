//! The status panel: the call's events with their times, newest last.

use crate::call::log::LogTone;
use crate::call::CallState;
use leptos::prelude::*;

/// Lists the event log of `state`.
#[component]
pub fn StatusPanel(state: RwSignal<CallState>) -> impl IntoView {
    let entries = move || {
        state.with(|s| {
            s.log
                .entries()
                .iter()
                .map(|entry| {
                    let tone = match entry.tone {
                        LogTone::Info => "info",
                        LogTone::Warning => "warning",
                        LogTone::Error => "error",
                    };
                    let time = entry.elapsed_label();
                    let text = entry.text.clone();
                    view! {
                        <li class="lkw-log-entry" data-tone=tone>
                            <time class="lkw-log-time">{time}</time>
                            " "
                            <span class="lkw-log-text">{text}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details class="lkw-panel" open>
            <summary>"Call events"</summary>
            <ol class="lkw-log" aria-label="Call events">{entries}</ol>
        </details>
    }
}
