//! What a panic does: the release build aborts (a wasm trap) that call into the wasm. Later calls
//! (SDK events, timers, clicks) still run, on whatever state the panic left half-changed, so
//! nothing the widget shows afterwards can be trusted. The widget's own panic hook does, before
//! the trap, everything the person and the site need:
//! 1. ends every call ([`live_calls::end_all`]): the SDK is JS and would otherwise stay in the
//!    room with the microphone on while the screen no longer changes;
//! 2. tells the site's developer the message and the place in the console;
//! 3. puts in place of every mounted widget an inert copy of it that says so in its language
//!    (`data-stage="crashed"`, announced as an alert, every control disabled): Leptos may go on
//!    updating the original, which is no longer on the page;
//! 4. sends the host page `lkw-error` with `code: 'crashed'` ([`super::contract::CRASHED`]).
//!
//! The hook must not panic itself (a panic inside it aborts at once, ending nothing): no
//! `unwrap`, `try_borrow*` on shared state, JS errors ignored, and a second panic (e.g. a host
//! listener calling back into the dead widget) returns at once.
//!
//! [`drill`] panics on purpose so owners and tests can watch all of this happen.

use super::contract::CRASHED;
use crate::i18n::{owner_console, Lang};
use crate::livekit::live_calls;
use crate::ui::HostEvents;
use js_sys::{Object, Reflect};
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// A mounted widget: where its DOM is, its language, and its host page (embed only).
struct Mounted {
    id: u32,
    root: HtmlElement,
    lang: Lang,
    host: Option<HostEvents>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
    static CRASHED_ONCE: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook (once; later calls do nothing). Replaces the default hook, which writes to
/// a stderr the browser does not have.
pub fn install() {
    if INSTALLED.with(|done| done.replace(true)) {
        return;
    }
    std::panic::set_hook(Box::new(on_panic));
}

/// Keeps a mounted widget among those a crash reaches, until dropped (with the widget).
#[must_use = "dropping it takes the widget off the crash hook's list"]
pub struct WatchedWidget(u32);

/// Adds the widget mounted into `root` to those a crash reaches.
pub fn watch_widget(root: HtmlElement, lang: Lang, host: Option<HostEvents>) -> WatchedWidget {
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    MOUNTED.with(|mounted| {
        if let Ok(mut mounted) = mounted.try_borrow_mut() {
            mounted.push(Mounted {
                id,
                root,
                lang,
                host,
            });
        }
    });
    WatchedWidget(id)
}

impl Drop for WatchedWidget {
    fn drop(&mut self) {
        let id = self.0;
        MOUNTED.with(|mounted| {
            if let Ok(mut mounted) = mounted.try_borrow_mut() {
                mounted.retain(|m| m.id != id);
            }
        });
    }
}

/// Panics on purpose (`crashDrill()`): the crash path, end to end.
pub fn drill() -> ! {
    panic!("{}", owner_console::CRASH_DRILL)
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if CRASHED_ONCE
        .try_with(|crashed| crashed.replace(true))
        .unwrap_or(true)
    {
        return;
    }
    // First what the person cannot see: the call still sending their voice.
    let _ = live_calls::end_all();
    let report = owner_console::crash_report(
        info.payload_as_str(),
        info.location().map(|l| (l.file(), l.line(), l.column())),
    );
    web_sys::console::error_1(&JsValue::from_str(&report));
    // A host listener may call back into the wasm: what it would change here is only tried
    // (`try_borrow_mut`), so the list stays borrowed while the events go out.
    let _ = MOUNTED.try_with(|mounted| {
        if let Ok(mounted) = mounted.try_borrow() {
            for widget in mounted.iter() {
                show_notice(&widget.root, widget.lang);
                if let Some(host) = &widget.host {
                    host.emit("lkw-error", crash_detail(widget.lang, &report));
                }
            }
        }
    });
}

/// Replaces the widget's DOM by a copy that tells the crash (a copy carries none of the
/// original's listeners, and Leptos only knows the original).
fn show_notice(root: &HtmlElement, lang: Lang) {
    let Ok(Some(original)) = root.query_selector(".lkw") else {
        return;
    };
    // A deep copy of an element is an element.
    let Ok(section) = original
        .clone_node_with_deep(true)
        .map(|copy| copy.unchecked_into::<Element>())
    else {
        return;
    };
    let _ = section.set_attribute("data-stage", "crashed");
    if let Ok(controls) = section.query_selector_all("button, input, select, textarea") {
        for i in 0..controls.length() {
            // The selector matches elements only.
            if let Some(control) = controls.item(i) {
                let _ = control
                    .unchecked_into::<Element>()
                    .set_attribute("disabled", "");
            }
        }
    }
    // The status line (always drawn) becomes an alert: announced at once.
    if let Ok(Some(status)) = section.query_selector(".lkw-status") {
        let _ = status.set_attribute("role", "alert");
        let _ = status.set_attribute("aria-live", "assertive");
        status.set_text_content(Some(lang.messages().widget_crashed()));
    }
    let _ = original.replace_with_with_node_1(&section);
}

fn crash_detail(lang: Lang, evidence: &str) -> JsValue {
    let detail = Object::new();
    let set = |key: &str, value: &str| {
        let _ = Reflect::set(&detail, &JsValue::from_str(key), &JsValue::from_str(value));
    };
    for (key, value) in CRASHED {
        set(key, value);
    }
    set("message", lang.messages().widget_crashed());
    set("fix", owner_console::CRASHED_FIX);
    set("evidence", evidence);
    detail.into()
}
