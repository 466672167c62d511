//! `TextStreamReader` and its `info` (data streams, e.g. `lk.transcription`, `lk.chat`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A text stream being received.
    #[derive(Clone, Debug)]
    pub type TextStreamReader;

    #[wasm_bindgen(method, getter)]
    pub fn info(this: &TextStreamReader) -> TextStreamInfo;

    /// `reader.readAll()` → `Promise<string>`.
    #[wasm_bindgen(method, js_name = readAll, catch)]
    pub fn read_all(this: &TextStreamReader) -> Result<js_sys::Promise, JsValue>;

    /// `TextStreamInfo`.
    #[derive(Clone, Debug)]
    pub type TextStreamInfo;

    #[wasm_bindgen(method, getter)]
    pub fn id(this: &TextStreamInfo) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn topic(this: &TextStreamInfo) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn timestamp(this: &TextStreamInfo) -> f64;

    /// `Record<string, string> | undefined`.
    #[wasm_bindgen(method, getter)]
    pub fn attributes(this: &TextStreamInfo) -> JsValue;
}
