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
        Self::start(closure, delay_ms, false)
    }

    /// Runs `f` every `period_ms` until dropped. `None` outside a window.
    pub fn every(period_ms: u32, f: impl FnMut() + 'static) -> Option<Self> {
        Self::start(Closure::<dyn FnMut()>::new(f), period_ms, true)
    }

    /// Sets the browser's timer. Not generic and never inlined: one copy for every kind of
    /// callback, not one per caller.
    #[inline(never)]
    fn start(closure: Closure<dyn FnMut()>, ms: u32, repeats: bool) -> Option<Self> {
        let window = web_sys::window()?;
        let callback = closure.as_ref().unchecked_ref();
        let handle = if repeats {
            window.set_interval_with_callback_and_timeout_and_arguments_0(callback, clamp(ms))
        } else {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(callback, clamp(ms))
        }
        .ok()?;
        Some(Self {
            handle,
            repeats,
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
