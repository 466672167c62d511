//! Problems that do not end the call, each with what the person can do and what the owner should
//! fix ("We can't hear you", the agent not arriving, a server URL written wrong).

use super::handle::WidgetHandle;
use leptos::prelude::*;

#[component]
pub fn WarningsView(handle: WidgetHandle) -> impl IntoView {
    let lang = handle.lang;
    let items = move || {
        handle.state.with(|s| {
            s.warnings
                .iter()
                .map(|warning| {
                    let d = crate::i18n::explain(warning, lang);
                    let hop = lang.messages().hop(d.hop);
                    view! {
                        <li class="lkw-warning" data-warning=warning.key() data-hop=d.hop.key()>
                            <p class="lkw-warning-user">{d.user_message}</p>
                            <p class="lkw-warning-fix">
                                <span class="lkw-error-hop">{hop}</span>
                                ": "
                                {d.owner_fix}
                            </p>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || handle.state.with(|s| !s.warnings.is_empty())>
            <ul class="lkw-warnings" role="status" aria-live="polite">{items}</ul>
        </Show>
    }
}
