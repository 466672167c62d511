//! The diagnosis of a failed call: what happened in plain words, the fix, the evidence.

use super::handle::WidgetHandle;
use crate::call::{diagnose, CallFailure, CallStage, EndReason};
use crate::livekit::event::DisconnectReason;
use leptos::prelude::*;

#[component]
pub fn DiagnosisView(handle: WidgetHandle) -> impl IntoView {
    let lang = handle.lang;
    move || {
        let diagnosis = handle.state.with(|s| match &s.stage {
            CallStage::Failed(failure) => Some(diagnose(failure, lang)),
            // The far side ended the call: say why and what to fix, like a failure.
            CallStage::Ended(EndReason::Remote(reason))
                if !matches!(
                    reason,
                    DisconnectReason::ClientInitiated | DisconnectReason::Unknown
                ) =>
            {
                Some(diagnose(
                    &CallFailure::Disconnected { reason: *reason },
                    lang,
                ))
            }
            _ => None,
        })?;
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
