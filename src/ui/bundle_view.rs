//! "Copy details": the diagnostic bundle, copied to the clipboard and shown so it can be copied by
//! hand where the clipboard is not allowed.

use super::handle::WidgetHandle;
use super::shown::shown;
use crate::i18n::diagnostic_bundle;
use leptos::prelude::*;

pub fn bundle_view(handle: WidgetHandle) -> AnyView {
    let bundle = RwSignal::new(None::<String>);
    let m = handle.text();
    let copy = move |_| {
        let Some(session) = handle.session() else {
            return;
        };
        let context = session.bundle_context();
        let text = handle
            .state
            .with_untracked(|s| diagnostic_bundle(s, &context));
        if let Some(window) = web_sys::window() {
            // May be refused (permissions, insecure page): the text is shown below either way.
            let _ = window.navigator().clipboard().write_text(&text);
        }
        bundle.set(Some(text));
    };
    view! {
        <div class="lkw-bundle-box">
            <button type="button" class="lkw-copy-details" on:click=copy>{m.copy_details()}</button>
            {shown(move || bundle.with(Option::is_some), move || view! {
                <p class="lkw-bundle-note" role="status">{m.details_copied()}</p>
                <textarea class="lkw-bundle" readonly rows="8" aria-label=m.copy_details()>
                    {move || bundle.get().unwrap_or_default()}
                </textarea>
            }.into_any())}
        </div>
    }
    .into_any()
}
