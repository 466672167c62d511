//! The consent before a call (`consent` option): the sentence as the consent checkbox's label, a
//! link to the site's privacy policy, and, where the site offers it, "remember my choice on this
//! site". Call stays disabled (and described by the sentence) until the box is ticked; unticking
//! withdraws: Call is disabled again, what was stored is removed, and a call under way ends.
//! Each change the visitor makes (and a consent restored from storage) is sent to the host page
//! as `lkw-consent`.

use super::handle::WidgetHandle;
use super::host_events::HostEvents;
use crate::call::consent::{Consent, ConsentSetup, ConsentText, StorageChange, STORAGE_KEY};
use crate::livekit::site_storage;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// An id for the sentence that Call's `aria-describedby` names, unique on the page (two widgets
/// on the standalone page share one document).
pub fn consent_text_id() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("lkw-consent-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Applies `change` to `localStorage` and records whether it took.
fn apply(consent: RwSignal<Consent>, change: StorageChange) {
    let ok = match &change {
        StorageChange::Keep => return,
        StorageChange::Store(value) => site_storage::write(STORAGE_KEY, value),
        StorageChange::Clear => site_storage::remove(STORAGE_KEY),
    };
    consent.update(|c| c.applied(&change, ok));
}

/// The consent as the page loads, restored from storage where the site offers remembering.
pub fn load_consent(setup: Option<&ConsentSetup>) -> RwSignal<Consent> {
    // Storage is not touched at all where the site asks no consent.
    let stored = setup.and_then(|_| site_storage::read(STORAGE_KEY));
    let (consent, change) = Consent::on_load(setup, stored.as_deref());
    let consent = RwSignal::new(consent);
    apply(consent, change);
    consent
}

#[component]
pub fn ConsentGate(
    handle: WidgetHandle,
    setup: ConsentSetup,
    /// The sentence's id (Call's `aria-describedby`).
    text_id: String,
    host_events: Option<HostEvents>,
) -> impl IntoView {
    let m = handle.text();
    let consent = handle.consent;
    let report = move || {
        if let Some(host) = &host_events {
            let c = consent.get_untracked();
            host.consent(c.given, c.remembered());
        }
    };
    if consent.with_untracked(|c| c.given) {
        report();
    }
    let on_given = {
        let report = report.clone();
        move |ev| {
            let given = event_target_checked(&ev);
            let change = consent
                .try_update(|c| c.set_given(given))
                .unwrap_or(StorageChange::Keep);
            apply(consent, change);
            if !given && handle.state.with_untracked(|s| s.stage.is_active()) {
                // A withdrawn consent ends the call it allowed.
                if let Some(session) = handle.session() {
                    session.hang_up();
                }
            }
            report();
        }
    };
    let on_remember = move |ev| {
        let remember = event_target_checked(&ev);
        let change = consent
            .try_update(|c| c.set_remember(remember))
            .unwrap_or(StorageChange::Keep);
        apply(consent, change);
        report();
    };
    let text = match setup.text {
        ConsentText::CatalogDefault => m.consent_default().to_string(),
        ConsentText::Custom(text) => text,
    };
    let check_id = format!("{text_id}-check");
    let privacy = setup.privacy_url.map(|url| {
        view! {
            " "
            <a class="lkw-consent-privacy" href=url target="_blank" rel="noopener">
                {m.privacy_policy()}
            </a>
        }
    });
    let remember = setup.offer_remember.then(|| {
        view! {
            <label class="lkw-consent-remember">
                <input
                    type="checkbox"
                    class="lkw-consent-remember-check"
                    prop:checked=move || consent.with(|c| c.remember)
                    on:change=on_remember
                />
                " "
                {m.consent_remember()}
            </label>
        }
    });
    view! {
        <div class="lkw-consent" data-given=move || if consent.with(|c| c.given) { "true" } else { "false" }>
            <p class="lkw-consent-row">
                <input
                    type="checkbox"
                    class="lkw-consent-check"
                    id=check_id.clone()
                    prop:checked=move || consent.with(|c| c.given)
                    on:change=on_given
                />
                " "
                <label class="lkw-consent-text" id=text_id for=check_id>{text}</label>
                {privacy}
            </p>
            {remember}
        </div>
    }
}
