//! Browser tests of the owned timer (`session::timers::Timer`): a dropped timer never fires, a
//! kept one does. No test here needs the live stack (see `support::stack_token_url` for the
//! `real_stack_` naming convention of those that do).
#![cfg(target_arch = "wasm32")]

mod support;

use lk_voice_widget::session::timers::Timer;
use std::cell::Cell;
use std::rc::Rc;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn counter() -> (Rc<Cell<u32>>, impl FnMut() + 'static) {
    let count = Rc::new(Cell::new(0));
    let bump = {
        let count = count.clone();
        move || count.set(count.get() + 1)
    };
    (count, bump)
}

/// Counts the page's uncaught errors while it lives: a browser timer left running after its
/// `Timer` was dropped calls a freed closure, which throws instead of running `f`.
struct UncaughtErrors {
    count: Rc<Cell<u32>>,
    listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl UncaughtErrors {
    fn watch() -> Self {
        let count = Rc::new(Cell::new(0));
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new({
            let count = count.clone();
            move |event: web_sys::Event| {
                event.prevent_default();
                count.set(count.get() + 1);
            }
        });
        web_sys::window()
            .expect("window")
            .add_event_listener_with_callback("error", listener.as_ref().unchecked_ref())
            .expect("listener");
        Self { count, listener }
    }
}

impl Drop for UncaughtErrors {
    fn drop(&mut self) {
        let _ = web_sys::window()
            .expect("window")
            .remove_event_listener_with_callback("error", self.listener.as_ref().unchecked_ref());
    }
}

#[wasm_bindgen_test]
async fn a_kept_timeout_fires_once() {
    let (count, bump) = counter();
    let _timer = Timer::once(10, bump).expect("a window");
    sleep(120).await;
    assert_eq!(count.get(), 1);
}

#[wasm_bindgen_test]
async fn a_dropped_timeout_never_fires() {
    let (count, bump) = counter();
    let errors = UncaughtErrors::watch();
    let timer = Timer::once(10, bump).expect("a window");
    drop(timer);
    sleep(120).await;
    assert_eq!(count.get(), 0);
    assert_eq!(errors.count.get(), 0, "the browser did not call it either");
}

#[wasm_bindgen_test]
async fn a_kept_interval_repeats_and_stops_when_dropped() {
    let (count, bump) = counter();
    let timer = Timer::every(10, bump).expect("a window");
    assert!(
        wait_until(std::time::Duration::from_secs(2), || count.get() >= 3).await,
        "ticked {} times",
        count.get()
    );
    let errors = UncaughtErrors::watch();
    drop(timer);
    let after_drop = count.get();
    sleep(120).await;
    assert_eq!(count.get(), after_drop, "no tick after the drop");
    assert_eq!(errors.count.get(), 0, "the browser did not call it either");
}

#[wasm_bindgen_test]
async fn a_dropped_interval_never_fires() {
    let (count, bump) = counter();
    let errors = UncaughtErrors::watch();
    drop(Timer::every(10, bump).expect("a window"));
    sleep(120).await;
    assert_eq!(count.get(), 0);
    assert_eq!(errors.count.get(), 0, "the browser did not call it either");
}
