//! What a panic does: the release build turns it into a wasm trap at once (`-Cpanic=immediate-abort`,
//! README "Size"): no panic hook runs, and later calls into the wasm (SDK events, timers, clicks)
//! would run on whatever state the trap left half-changed. So the crash path lives in JavaScript
//! (`js/crash_watch.js`), prepared here while the widget lives and run there when a
//! `WebAssembly.RuntimeError` of our wasm reaches the page (window `error` or
//! `unhandledrejection`), without calling back into the wasm:
//! 1. ends every call (the list `livekit::live_calls` keeps): the SDK is JS and would otherwise
//!    stay in the room with the microphone on while the screen no longer changes;
//! 2. tells the site's developer on the console;
//! 3. puts in place of every mounted widget an inert copy of it that says so in its language
//!    (`data-stage="crashed"`, announced as an alert, every control disabled): Leptos may go on
//!    updating the original, which is no longer on the page;
//! 4. sends the host page `lkw-error` with `code: 'crashed'` ([`super::contract::CRASHED`]).
//!
//! [`drill`] panics on purpose so owners and tests can watch all of this happen.

use super::contract::CRASHED;
use crate::i18n::{owner_console, Lang};
use crate::sys::crash_watch;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

/// Keeps a mounted widget among those a crash reaches, until dropped (with the widget).
#[must_use = "dropping it takes the widget off the crash watch's list"]
pub struct WatchedWidget(u32);

/// Adds the widget mounted into `root` to those a crash reaches; `emit` is the loader's
/// `emit(type, detail)` (embed only), called directly since the wasm is dead by then.
pub fn watch_widget(root: &HtmlElement, lang: Lang, emit: Option<Function>) -> WatchedWidget {
    let notice = lang.messages().widget_crashed();
    WatchedWidget(crash_watch::watch_widget(
        root,
        notice,
        &crash_detail(notice),
        emit,
    ))
}

impl Drop for WatchedWidget {
    fn drop(&mut self) {
        crash_watch::release(self.0);
    }
}

/// Panics on purpose (`crashDrill()`), from a task as most real panics do (a click, an SDK
/// event, a timer): the crash path, end to end. The trap carries no message, so the drill says
/// first what it is about to do (the console line and the `lkw-error` evidence).
pub fn drill() {
    crate::livekit::spawn(async {
        crash_watch::note_last_words(&owner_console::crash_report(
            Some(owner_console::CRASH_DRILL),
            Some((file!(), line!(), column!())),
        ));
        panic!("{}", owner_console::CRASH_DRILL)
    });
}

/// The `lkw-error` detail of a crash, all but its evidence (the JavaScript adds what trapped).
fn crash_detail(notice: &str) -> JsValue {
    let detail = Object::new();
    let set = |key: &str, value: &str| {
        let _ = Reflect::set(&detail, &JsValue::from_str(key), &JsValue::from_str(value));
    };
    for (key, value) in CRASHED {
        set(key, value);
    }
    set("message", notice);
    set("fix", owner_console::CRASHED_FIX);
    detail.into()
}
