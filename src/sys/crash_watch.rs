//! Bindings to the crash watch (`js/crash_watch.js`): the JavaScript that ends the calls and
//! tells the person when the widget's code traps. No logic lives here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/crash_watch.js")]
extern "C" {
    /// Puts an SDK room on the list a crash disconnects; returns its id for [`release`].
    #[wasm_bindgen(js_name = holdRoom)]
    pub fn hold_room(room: &super::room::Room) -> u32;

    /// Puts an SDK microphone track on the list a crash stops; returns its id for [`release`].
    #[wasm_bindgen(js_name = holdTrack)]
    pub fn hold_track(track: &super::track::Track) -> u32;

    /// Adds a mounted widget: its root, the crash notice in its language, the `lkw-error`
    /// detail without evidence, and the loader's `emit(type, detail)` (embed only).
    #[wasm_bindgen(js_name = watchWidget)]
    pub fn watch_widget(
        root: &web_sys::HtmlElement,
        notice: &str,
        detail: &JsValue,
        emit: Option<js_sys::Function>,
    ) -> u32;

    /// Takes a room, track or widget off the lists.
    pub fn release(id: u32);

    /// Disconnects every held room and stops every held track (what a trap does first);
    /// returns how many.
    #[wasm_bindgen(js_name = endAll)]
    pub fn end_all() -> u32;

    /// How many rooms and tracks a crash would end now.
    #[wasm_bindgen(js_name = liveCount)]
    pub fn live_count() -> u32;

    /// What the next trap is, said by the code about to trap on purpose (the crash drill).
    #[wasm_bindgen(js_name = noteLastWords)]
    pub fn note_last_words(words: &str);
}
