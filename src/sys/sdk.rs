//! The SDK module namespace and the loader snippet that imports it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/sdk_loader.js")]
extern "C" {
    /// URL of the SDK beside the app root (`vendor/livekit-client.min.js`).
    #[wasm_bindgen(js_name = defaultSdkUrl)]
    pub fn default_sdk_url() -> String;

    /// Resolves to the SDK's module namespace; rejects with `{kind, url, status, message}`.
    #[wasm_bindgen(js_name = loadSdk, catch)]
    pub fn load_sdk(url: &str) -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The `livekit-client` module namespace object.
    #[derive(Clone, Debug)]
    pub type Sdk;

    /// `Room` class, constructed with `Reflect::construct`.
    #[wasm_bindgen(method, getter, js_name = Room)]
    pub fn room_class(this: &Sdk) -> js_sys::Function;

    /// The same `Room` class, typed for its static methods.
    #[wasm_bindgen(method, getter, js_name = Room)]
    pub fn room_statics(this: &Sdk) -> super::room::RoomClass;

    /// `RpcError` class: handlers throw `new RpcError(code, message)` to answer with an error.
    #[wasm_bindgen(method, getter, js_name = RpcError)]
    pub fn rpc_error_class(this: &Sdk) -> js_sys::Function;

    /// `ConnectionCheck` class.
    #[wasm_bindgen(method, getter, js_name = ConnectionCheck)]
    pub fn connection_check_class(this: &Sdk) -> js_sys::Function;

    /// `version` export (e.g. "2.23.0").
    #[wasm_bindgen(method, getter)]
    pub fn version(this: &Sdk) -> Option<String>;

    /// `isBrowserSupported()`.
    #[wasm_bindgen(method, js_name = isBrowserSupported, catch)]
    pub fn is_browser_supported(this: &Sdk) -> Result<bool, JsValue>;
}
