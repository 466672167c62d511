//! The status panel: the call's events with their times, newest last.

use super::bundle_view::BundleView;
use super::handle::WidgetHandle;
use crate::call::log::LogTone;
use leptos::prelude::*;

#[component]
pub fn StatusPanel(handle: WidgetHandle) -> impl IntoView {
    let lang = handle.lang;
    let entries = move || {
        handle.state.with(|s| {
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
                    let text = crate::i18n::log_line(entry, lang);
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
    let label = handle.text().call_events();
    view! {
        <details class="lkw-panel">
            <summary>{label}</summary>
            <ol class="lkw-log" aria-label=label>{entries}</ol>
            <BundleView handle=handle />
        </details>
    }
}
