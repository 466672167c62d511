//! Timers a call owns: the closure lives in the value and the timer is cleared on `Drop`, so an
//! ended call leaves no callback behind.

use wasm_bindgen::prelude::*;

/// Runs a closure once after a delay, unless dropped first.
pub(super) struct Timeout {
    handle: i32,
    _closure: Closure<dyn FnMut()>,
}

impl Timeout {
    pub(super) fn new(delay_ms: u32, f: impl FnOnce() + 'static) -> Option<Self> {
        let mut f = Some(f);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                delay_ms as i32,
            )
            .ok()?;
        Some(Self {
            handle,
            _closure: closure,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Runs a closure every `period_ms` until dropped.
pub(super) struct Interval {
    handle: i32,
    _closure: Closure<dyn FnMut()>,
}

impl Interval {
    pub(super) fn new(period_ms: u32, f: impl FnMut() + 'static) -> Option<Self> {
        let closure = Closure::<dyn FnMut()>::new(f);
        let handle = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                period_ms as i32,
            )
            .ok()?;
        Some(Self {
            handle,
            _closure: closure,
        })
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.handle);
        }
    }
}
