//! Problems that do not end the call, each with what the person can do and what the owner should
//! fix ("We can't hear you", the agent not arriving, a server URL written wrong).

use super::element_slot::when_drawn;
use super::handle::WidgetHandle;
use super::keyed_rows::{keyed_rows, KeyedRow};
use super::shown::shown;
use leptos::prelude::*;

/// The warnings as a component (the browser tests mount it alone).
#[component]
pub fn WarningsView(handle: WidgetHandle) -> impl IntoView {
    warnings_view(handle)
}

pub fn warnings_view(handle: WidgetHandle) -> AnyView {
    let lang = handle.lang;
    // Keyed by the warning's kind together with what it says: raising a warning again with
    // new facts redraws that one, and the others stay as they are.
    let items = move || {
        handle.state.with(|s| {
            s.warnings
                .iter()
                .map(|warning| {
                    let d = crate::i18n::explain(warning, lang);
                    WarningRow {
                        kind: warning.key(),
                        hop: d.hop.key(),
                        hop_name: lang.messages().hop(d.hop),
                        user_message: d.user_message,
                        owner_fix: d.owner_fix,
                    }
                })
                .map(|row| KeyedRow::new(row, draw))
                .collect()
        })
    };
    shown(
        move || handle.state.with(|s| !s.warnings.is_empty()),
        move || {
            view! {
                <ul class="lkw-warnings" role="status" aria-live="polite" use:when_drawn={keyed_rows(Box::new(items))}></ul>
            }
            .into_any()
        },
    )
}

fn draw(w: WarningRow) -> AnyView {
    view! {
        <li class="lkw-warning" data-warning=w.kind data-hop=w.hop>
            <p class="lkw-warning-user">{w.user_message}</p>
            <p class="lkw-warning-fix">
                <span class="lkw-error-hop">{w.hop_name}</span>
                ": "
                {w.owner_fix}
            </p>
        </li>
    }
    .into_any()
}

/// One warning as drawn.
#[derive(Hash)]
struct WarningRow {
    kind: &'static str,
    hop: &'static str,
    hop_name: &'static str,
    user_message: String,
    owner_fix: String,
}
