//! Browser tests of `livekit::site_storage`: the consent's `localStorage`, and what happens where
//! the page may not use it (a sandboxed frame, site data blocked, a full or private store): no
//! error, nothing read, writes reported as not done.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use lk_voice_widget::livekit::site_storage;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "lk-voice-widget.site-storage-test";

/// Replaces `window.localStorage` with `get` until dropped (the property is configurable, as
/// the browser defines it).
struct StorageReplaced {
    original: JsValue,
    _get: Closure<dyn Fn() -> Result<JsValue, JsValue>>,
}

impl StorageReplaced {
    fn with(get: impl Fn() -> Result<JsValue, JsValue> + 'static) -> Self {
        let window: Object = web_sys::window().unwrap().unchecked_into();
        let original = Object::get_own_property_descriptor(&window, &"localStorage".into());
        let get = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(get);
        let descriptor = Object::new();
        Reflect::set(&descriptor, &"get".into(), get.as_ref()).unwrap();
        Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
        Object::define_property(&window, &"localStorage".into(), &descriptor);
        Self {
            original,
            _get: get,
        }
    }
}

impl Drop for StorageReplaced {
    fn drop(&mut self) {
        let window: Object = web_sys::window().unwrap().unchecked_into();
        if self.original.is_undefined() {
            Reflect::delete_property(&window, &"localStorage".into()).unwrap();
        } else {
            Object::define_property(
                &window,
                &"localStorage".into(),
                self.original.unchecked_ref(),
            );
        }
    }
}

#[wasm_bindgen_test]
fn stores_reads_and_removes() {
    assert!(site_storage::remove(KEY));
    assert_eq!(site_storage::read(KEY), None);
    assert!(site_storage::write(KEY, "given:0123"));
    assert_eq!(site_storage::read(KEY).as_deref(), Some("given:0123"));
    assert!(site_storage::remove(KEY));
    assert_eq!(site_storage::read(KEY), None);
}

#[wasm_bindgen_test]
fn blocked_storage_is_absent_not_an_error() {
    let _blocked = StorageReplaced::with(|| {
        Err(js_sys::Error::new("The operation is insecure (SecurityError)").into())
    });
    assert_eq!(site_storage::read(KEY), None);
    assert!(!site_storage::write(KEY, "given:0123"));
    assert!(!site_storage::remove(KEY));
}

#[wasm_bindgen_test]
fn a_store_that_refuses_writes_reports_it() {
    // Older Safari's private window: the object is there, setItem throws QuotaExceededError.
    let refusing = js_sys::Object::new();
    let get_item = Closure::<dyn Fn(JsValue) -> JsValue>::new(|_| JsValue::NULL);
    let set_item = Closure::<dyn Fn(JsValue, JsValue) -> Result<(), JsValue>>::new(|_, _| {
        Err(js_sys::Error::new("QuotaExceededError").into())
    });
    Reflect::set(&refusing, &"getItem".into(), get_item.as_ref()).unwrap();
    Reflect::set(&refusing, &"setItem".into(), set_item.as_ref()).unwrap();
    let store: JsValue = refusing.into();
    let _refusing = StorageReplaced::with(move || Ok(store.clone()));
    assert_eq!(site_storage::read(KEY), None);
    assert!(!site_storage::write(KEY, "given:0123"));
    // No removeItem at all: reported as not done, no panic.
    assert!(!site_storage::remove(KEY));
}
