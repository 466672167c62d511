//! The one timer type: a `setTimeout` / `setInterval` owned by a value. The closure lives in the
//! value and the browser's timer is cleared on `Drop`, so whatever holds it (a call, a component)
//! leaves no callback behind when it goes, and none can run into freed state.

use wasm_bindgen::prelude::*;

/// A pending timeout or a running interval; dropping it cancels it.
#[must_use = "dropping a Timer cancels it"]
pub struct Timer {
    handle: i32,
    repeats: bool,
    _closure: Closure<dyn FnMut()>,
}

impl Timer {
    /// Runs `f` once after `delay_ms`, unless dropped first. `None` outside a window.
    pub fn once(delay_ms: u32, f: impl FnOnce() + 'static) -> Option<Self> {
        let mut f = Some(f);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                clamp(delay_ms),
            )
            .ok()?;
        Some(Self {
            handle,
            repeats: false,
            _closure: closure,
        })
    }

    /// Runs `f` every `period_ms` until dropped. `None` outside a window.
    pub fn every(period_ms: u32, f: impl FnMut() + 'static) -> Option<Self> {
        let closure = Closure::<dyn FnMut()>::new(f);
        let handle = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                clamp(period_ms),
            )
            .ok()?;
        Some(Self {
            handle,
            repeats: true,
            _closure: closure,
        })
    }
}

/// The browser takes a signed delay; a longer one would wrap to "at once".
fn clamp(ms: u32) -> i32 {
    i32::try_from(ms).unwrap_or(i32::MAX)
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            if self.repeats {
                window.clear_interval_with_handle(self.handle);
            } else {
                window.clear_timeout_with_handle(self.handle);
            }
        }
    }
}
