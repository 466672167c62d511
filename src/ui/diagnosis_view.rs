//! The diagnosis of a failed call: what happened in plain words, the fix, the evidence.

use super::handle::WidgetHandle;
use crate::i18n::problem;
use leptos::prelude::*;

#[component]
pub fn DiagnosisView(handle: WidgetHandle) -> impl IntoView {
    let lang = handle.lang;
    move || {
        let diagnosis = handle.state.with(|s| problem(&s.stage, lang))?;
        let hop = lang.messages().hop(diagnosis.hop);
        Some(view! {
            <div class="lkw-error" role="alert" data-hop=diagnosis.hop.key()>
                <p class="lkw-error-user">{diagnosis.user_message}</p>
                <p class="lkw-error-fix">
                    <span class="lkw-error-hop">{hop}</span>
                    ": "
                    {diagnosis.owner_fix}
                </p>
                <p class="lkw-error-evidence">{diagnosis.evidence}</p>
            </div>
        })
    }
}
