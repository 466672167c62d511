//! Starts loading the SDK when the page is idle, so the first click rarely waits for it.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A pending idle callback; dropping it cancels the callback and frees its closure.
#[must_use = "dropping it cancels the idle preload"]
pub struct IdlePreload {
    handle: Option<u32>,
    _closure: Closure<dyn FnMut()>,
}

/// Runs `preload` once the browser is idle (at the latest after `timeout_ms`).
pub fn when_idle(timeout_ms: u32, preload: impl FnOnce() + 'static) -> Option<IdlePreload> {
    let window = web_sys::window()?;
    let once = Rc::new(RefCell::new(Some(preload)));
    let closure = Closure::<dyn FnMut()>::new(move || {
        if let Some(preload) = once.borrow_mut().take() {
            preload();
        }
    });
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(timeout_ms);
    let handle = window
        .request_idle_callback_with_options(closure.as_ref().unchecked_ref(), &options)
        .ok();
    Some(IdlePreload {
        handle,
        _closure: closure,
    })
}

impl Drop for IdlePreload {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.cancel_idle_callback(handle);
        }
    }
}
