//! A screen wake lock held while a call runs: on a phone the screen would otherwise dim and lock
//! mid-conversation. Browsers drop the lock when the page is hidden; it is requested again when
//! the page is visible. Released on `Drop`.

use super::task::spawn;
use crate::sys::wake_lock::{WakeLock, WakeLockSentinel};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

struct Held {
    api: WakeLock,
    sentinel: RefCell<Option<WakeLockSentinel>>,
    wanted: Cell<bool>,
    requesting: Cell<bool>,
}

/// The call's screen wake lock.
#[must_use = "dropping it releases the wake lock"]
pub struct ScreenWakeLock {
    held: Rc<Held>,
    on_visibility: Closure<dyn FnMut()>,
}

impl ScreenWakeLock {
    /// Requests the lock; `None` where the browser has no Wake Lock API.
    pub fn acquire() -> Option<ScreenWakeLock> {
        let navigator = web_sys::window()?.navigator();
        let api = js_sys::Reflect::get(&navigator, &JsValue::from_str("wakeLock")).ok()?;
        if !api.is_object() {
            return None;
        }
        let held = Rc::new(Held {
            api: api.unchecked_into(),
            sentinel: RefCell::default(),
            wanted: Cell::new(true),
            requesting: Cell::new(false),
        });
        let again = Rc::downgrade(&held);
        let on_visibility = Closure::<dyn FnMut()>::new(move || {
            if let Some(held) = again.upgrade() {
                if page_visible() {
                    request(&held);
                }
            }
        });
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        request(&held);
        Some(ScreenWakeLock {
            held,
            on_visibility,
        })
    }

    /// The browser holds the lock right now.
    pub fn is_held(&self) -> bool {
        self.held
            .sentinel
            .borrow()
            .as_ref()
            .is_some_and(|s| !s.released())
    }
}

impl Drop for ScreenWakeLock {
    fn drop(&mut self) {
        self.held.wanted.set(false);
        if let Some(sentinel) = self.held.sentinel.borrow_mut().take() {
            release(&sentinel);
        }
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                self.on_visibility.as_ref().unchecked_ref(),
            );
        }
    }
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Asks for the lock unless it is held or being asked for; a lock granted after the call ended
/// is released at once.
fn request(held: &Rc<Held>) {
    let current = held
        .sentinel
        .borrow()
        .as_ref()
        .is_some_and(|s| !s.released());
    if current || held.requesting.get() || !page_visible() {
        return;
    }
    let Ok(promise) = held.api.request("screen") else {
        return;
    };
    held.requesting.set(true);
    let held = held.clone();
    spawn(async move {
        let granted = JsFuture::from(promise).await;
        held.requesting.set(false);
        // Refused (hidden page, permissions policy): nothing to hold; the call goes on.
        let Ok(sentinel) = granted else { return };
        let sentinel: WakeLockSentinel = sentinel.unchecked_into();
        if held.wanted.get() {
            *held.sentinel.borrow_mut() = Some(sentinel);
        } else {
            release(&sentinel);
        }
    });
}

fn release(sentinel: &WakeLockSentinel) {
    super::playback::settle(sentinel.release());
}
