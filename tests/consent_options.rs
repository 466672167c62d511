//! Browser test of the standalone page's consent options (`embed::config_from_element`): a bare
//! `data-consent` is on, an unusable privacy URL is dropped (not linked), `off` is off.
#![cfg(target_arch = "wasm32")]

use lk_voice_widget::call::consent::{ConsentSetup, ConsentText};
use lk_voice_widget::embed::config_from_element;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn element(attributes: &[(&str, &str)]) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).unwrap();
    }
    element
}

#[wasm_bindgen_test]
fn a_bare_data_consent_asks_with_the_catalog_sentence() {
    let config = config_from_element(&element(&[
        ("data-consent", ""),
        ("data-consent-privacy-url", "javascript:alert(1)"),
        ("data-consent-remember", ""),
    ]));
    assert_eq!(
        config.consent,
        Some(ConsentSetup {
            text: ConsentText::CatalogDefault,
            privacy_url: None,
            offer_remember: true,
        })
    );
}

#[wasm_bindgen_test]
fn consent_is_off_unless_asked_for() {
    assert_eq!(config_from_element(&element(&[])).consent, None);
    let off = config_from_element(&element(&[
        ("data-consent", "off"),
        ("data-consent-privacy-url", "/datenschutz"),
    ]));
    assert_eq!(off.consent, None);
    let own = config_from_element(&element(&[
        ("data-consent", "Ich willige ein."),
        ("data-consent-privacy-url", "/datenschutz"),
    ]));
    let own = own.consent.unwrap();
    assert_eq!(own.text, ConsentText::Custom("Ich willige ein.".into()));
    assert_eq!(own.privacy_url.as_deref(), Some("/datenschutz"));
    assert!(!own.offer_remember);
}
