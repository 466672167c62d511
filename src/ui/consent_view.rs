//! The consent before a call (`consent` option): the sentence as the consent checkbox's label, a
//! link to the site's privacy policy (new tab), and, where the site offers it, "remember my
//! choice on this site". Call stays disabled (and described by the sentence) until the box is
//! ticked; unticking withdraws: Call is disabled again, what was stored is removed, and a call
//! under way ends. Each change the visitor makes (and a consent restored from storage) is sent to
//! the host page as `lkw-consent`.
//!
//! Drawn with the DOM directly, from a directive on one `<div>` (synchronously, while the view is
//! built, so the loader can hand over what the visitor ticked before the wasm right after the
//! mount): a few static elements and one `change` listener are smaller than the same markup as
//! a `view!` with typed, reactive attributes (measured: 1.5 KB gzip of the release build less).

use super::handle::WidgetHandle;
use super::host_events::HostEvents;
use crate::call::consent::{Consent, ConsentSetup, ConsentText, StorageChange, STORAGE_KEY};
use crate::livekit::site_storage;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlInputElement};

/// An id for the sentence that Call's `aria-describedby` names, unique on the page (two widgets
/// mounted straight into one document, as the browser tests do, share its ids).
pub fn consent_text_id() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("lkw-consent-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Applies `change` to `localStorage` and records whether it took.
fn apply(consent: StoredValue<Consent, LocalStorage>, change: StorageChange) {
    let ok = match &change {
        StorageChange::Keep => return,
        StorageChange::Store(value) => site_storage::write(STORAGE_KEY, value),
        StorageChange::Clear => site_storage::remove(STORAGE_KEY),
    };
    consent.update_value(|c| c.applied(&change, ok));
}

/// The consent as the page loads, restored from storage where the site offers remembering.
pub fn load_consent(setup: Option<&ConsentSetup>) -> StoredValue<Consent, LocalStorage> {
    // Storage is not touched at all where the site asks no consent.
    let stored = setup.and_then(|_| site_storage::read(STORAGE_KEY));
    let (consent, change) = Consent::on_load(setup, stored.as_deref());
    let consent = StoredValue::new_local(consent);
    apply(consent, change);
    consent
}

/// What [`consent_block`] draws.
#[derive(Clone)]
pub struct ConsentBlock {
    pub handle: WidgetHandle,
    pub setup: Option<ConsentSetup>,
    /// The sentence's id (Call's `aria-describedby`).
    pub text_id: String,
    pub host_events: Option<HostEvents>,
}

/// What fills (`use:when_drawn`, `element_slot`) the `.lkw-consent` element, or hides it where
/// the site asks no consent.
pub fn consent_block(el: Element, block: ConsentBlock) {
    let Some(setup) = block.setup else {
        let _ = el.set_attribute("hidden", "");
        return;
    };
    let Some(doc) = el.owner_document() else {
        return;
    };
    let make = |tag: &str, class: &str| {
        let element = doc.create_element(tag).expect("a known tag");
        element.set_class_name(class);
        element
    };
    let checkbox = |class: &str| -> HtmlInputElement {
        let input: HtmlInputElement = make("input", class).unchecked_into();
        input.set_type("checkbox");
        input
    };
    let handle = block.handle;
    let m = handle.text();
    let consent = handle.consent;

    let row = make("p", "lkw-consent-row");
    let check = checkbox("lkw-consent-check");
    let check_id = format!("{}-check", block.text_id);
    check.set_id(&check_id);
    let label = make("label", "lkw-consent-text");
    label.set_id(&block.text_id);
    let _ = label.set_attribute("for", &check_id);
    label.set_text_content(Some(match &setup.text {
        ConsentText::CatalogDefault => m.consent_default(),
        ConsentText::Custom(text) => text,
    }));
    let _ = row.append_child(&check);
    let _ = row.append_child(&label);
    if let Some(url) = &setup.privacy_url {
        let link = make("a", "lkw-consent-privacy");
        for (name, value) in [
            ("href", url.as_str()),
            ("target", "_blank"),
            ("rel", "noopener"),
        ] {
            let _ = link.set_attribute(name, value);
        }
        link.set_text_content(Some(m.privacy_policy()));
        let _ = row.append_child(&link);
    }
    let _ = el.append_child(&row);
    let remember = setup.offer_remember.then(|| {
        let wrapper = make("label", "lkw-consent-remember");
        let input = checkbox("lkw-consent-remember-check");
        let _ = wrapper.append_child(&input);
        let _ = wrapper.append_with_str_1(m.consent_remember());
        let _ = el.append_child(&wrapper);
        input
    });

    let report = move || {
        if let Some(host) = &block.host_events {
            let c = consent.get_value();
            host.consent(c.given, c.remembered());
        }
    };
    // The boxes, `data-given` and Call show the state (a withdrawal unticks "remember" too).
    // Call is drawn disabled and described by the sentence where consent is pending (`controls`);
    // before the view is mounted there is no Call here to find.
    let show = {
        let (el, check, remember) = (el.clone(), check.clone(), remember.clone());
        let text_id = block.text_id;
        move || {
            let c = consent.get_value();
            check.set_checked(c.given);
            if let Some(remember) = &remember {
                remember.set_checked(c.remember);
            }
            let _ = el.set_attribute("data-given", if c.given { "true" } else { "false" });
            let call = el.parent_element().and_then(|widget| {
                widget
                    .query_selector(".lkw-controls > button.lkw-call")
                    .ok()
                    .flatten()
            });
            if let Some(call) = call {
                let _ = if c.pending() {
                    call.set_attribute("disabled", "")
                        .and_then(|_| call.set_attribute("aria-describedby", &text_id))
                } else {
                    call.remove_attribute("disabled")
                        .and_then(|_| call.remove_attribute("aria-describedby"))
                };
            }
        }
    };
    show();
    if consent.with_value(|c| c.given) {
        report();
    }
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let given = check.checked();
        let wants_remember = remember.as_ref().is_some_and(|r| r.checked());
        let before = consent.get_value();
        let change = if given != before.given {
            consent.try_update_value(|c| c.set_given(given))
        } else if wants_remember != before.remember {
            consent.try_update_value(|c| c.set_remember(wants_remember))
        } else {
            return;
        };
        apply(consent, change.unwrap_or(StorageChange::Keep));
        show();
        if before.given && !given && handle.state.with_untracked(|s| s.stage.is_active()) {
            // A withdrawn consent ends the call it allowed.
            if let Some(session) = handle.session() {
                session.hang_up();
            }
        }
        report();
    });
    let _ = el.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // Kept for as long as the widget (the listener goes with its element).
    StoredValue::new_local(on_change);
}
