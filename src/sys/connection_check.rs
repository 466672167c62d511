//! `ConnectionCheck`: LiveKit's own connection tests (WebSocket, WebRTC, TURN, publishing).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `new ConnectionCheck(url, token)` (constructed through the SDK namespace).
    #[derive(Clone, Debug)]
    pub type ConnectionCheck;

    #[wasm_bindgen(method, js_name = checkWebsocket, catch)]
    pub fn check_websocket(this: &ConnectionCheck) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(method, js_name = checkWebRTC, catch)]
    pub fn check_webrtc(this: &ConnectionCheck) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(method, js_name = checkTURN, catch)]
    pub fn check_turn(this: &ConnectionCheck) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(method, js_name = checkPublishAudio, catch)]
    pub fn check_publish_audio(this: &ConnectionCheck) -> Result<js_sys::Promise, JsValue>;
}
