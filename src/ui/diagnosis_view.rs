//! The diagnosis of a failed call: what happened in plain words, the fix, the evidence.

use super::handle::WidgetHandle;
use crate::i18n::problem;
use leptos::prelude::*;

pub fn diagnosis_view(handle: WidgetHandle) -> AnyView {
    let lang = handle.lang;
    // One `move || AnyView` type with the preflight rows and the device options: Leptos' render
    // code for a reactive child is instantiated once per output type (issue 15).
    view! { {move || {
        let Some(diagnosis) = handle.state.with(|s| problem(&s.stage, lang)) else {
            return ().into_any();
        };
        let hop = lang.messages().hop(diagnosis.hop);
        view! {
            <div class="lkw-error" role="alert" data-hop=diagnosis.hop.key()>
                <p class="lkw-error-user">{diagnosis.user_message}</p>
                <p class="lkw-error-fix">
                    <span class="lkw-error-hop">{hop}</span>
                    ": "
                    {diagnosis.owner_fix}
                </p>
                <p class="lkw-error-evidence">{diagnosis.evidence}</p>
            </div>
        }
        .into_any()
    }} }
    .into_any()
}
