//! Binding to the connect gate (`js/connect_gate.js`, where its reason is written down): when a
//! connecting room can be left without leaking the SDK's peer connection; it also closes the one a
//! failed connect leaves. No logic lives here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/connect_gate.js")]
extern "C" {
    /// Call as `room.connect()` returns `connecting`: resolves (never rejects) once `room` can be
    /// disconnected cleanly. Throws only if the SDK's room lost its event API.
    #[wasm_bindgen(catch, js_name = connectGate)]
    pub fn connect_gate(
        room: &super::room::Room,
        connecting: &js_sys::Promise,
    ) -> Result<js_sys::Promise, JsValue>;
}
