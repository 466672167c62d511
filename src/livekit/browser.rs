//! What the browser offers that a call needs, read without the SDK (so a browser that cannot call
//! is named before a token is fetched or the SDK is loaded).

use super::failure::BrowserFeatures;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// Reads the page's browser: `RTCPeerConnection`, `WebSocket`, `getUserMedia`, secure context.
pub fn browser_features() -> BrowserFeatures {
    let global: JsValue = js_sys::global().into();
    let has = |target: &JsValue, name: &str| {
        Reflect::get(target, &JsValue::from_str(name))
            .map(|v| !v.is_undefined() && !v.is_null())
            .unwrap_or(false)
    };
    let media_devices = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("mediaDevices")).ok())
        .filter(|v| v.is_object());
    BrowserFeatures {
        peer_connection: has(&global, "RTCPeerConnection"),
        websocket: has(&global, "WebSocket"),
        get_user_media: media_devices.is_some_and(|md| has(&md, "getUserMedia")),
        secure_context: web_sys::window().is_some_and(|w| w.is_secure_context()),
    }
}
