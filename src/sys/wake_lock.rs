//! The Screen Wake Lock API (`navigator.wakeLock`), which web-sys exposes only behind its unstable
//! flag.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `navigator.wakeLock`.
    #[derive(Clone, Debug)]
    pub type WakeLock;

    /// `wakeLock.request("screen")` → a `WakeLockSentinel`; rejects when the page is hidden or a
    /// policy forbids it.
    #[wasm_bindgen(method, catch)]
    pub fn request(this: &WakeLock, kind: &str) -> Result<js_sys::Promise, JsValue>;

    /// A held wake lock.
    #[derive(Clone, Debug)]
    pub type WakeLockSentinel;

    /// `sentinel.release()`.
    #[wasm_bindgen(method, catch)]
    pub fn release(this: &WakeLockSentinel) -> Result<js_sys::Promise, JsValue>;

    /// `sentinel.released`: the browser let it go (the page was hidden) or we did.
    #[wasm_bindgen(method, getter)]
    pub fn released(this: &WakeLockSentinel) -> bool;
}
