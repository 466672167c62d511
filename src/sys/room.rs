//! `Room` — connection, lifecycle and event emitter.

use super::participant::LocalParticipant;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `livekit-client`'s `Room`.
    #[derive(Clone, Debug)]
    pub type Room;

    /// `room.connect(url, token, options?)` → `Promise<void>`.
    #[wasm_bindgen(method, catch)]
    pub fn connect(this: &Room, url: &str, token: &str) -> Result<js_sys::Promise, JsValue>;

    /// `room.disconnect(stopTracks = true)` → `Promise<void>`.
    #[wasm_bindgen(method, catch)]
    pub fn disconnect(this: &Room) -> Result<js_sys::Promise, JsValue>;

    /// `room.startAudio()` — must run inside a user gesture to lift the autoplay block.
    #[wasm_bindgen(method, js_name = startAudio, catch)]
    pub fn start_audio(this: &Room) -> Result<js_sys::Promise, JsValue>;

    /// `room.on(event, listener)`.
    #[wasm_bindgen(method, catch)]
    pub fn on(this: &Room, event: &str, listener: &js_sys::Function) -> Result<JsValue, JsValue>;

    /// `room.off(event, listener)`.
    #[wasm_bindgen(method, catch)]
    pub fn off(this: &Room, event: &str, listener: &js_sys::Function) -> Result<JsValue, JsValue>;

    /// `room.listeners(event)` (EventEmitter): the functions registered — used by leak checks.
    #[wasm_bindgen(method, catch)]
    pub fn listeners(this: &Room, event: &str) -> Result<js_sys::Array, JsValue>;

    /// `room.state`: a `ConnectionState` string.
    #[wasm_bindgen(method, getter)]
    pub fn state(this: &Room) -> String;

    /// `room.name`.
    #[wasm_bindgen(method, getter)]
    pub fn name(this: &Room) -> String;

    /// `room.canPlaybackAudio`.
    #[wasm_bindgen(method, getter, js_name = canPlaybackAudio)]
    pub fn can_playback_audio(this: &Room) -> bool;

    /// `room.localParticipant`.
    #[wasm_bindgen(method, getter, js_name = localParticipant)]
    pub fn local_participant(this: &Room) -> LocalParticipant;

    /// `room.remoteParticipants`: `Map<identity, RemoteParticipant>`.
    #[wasm_bindgen(method, getter, js_name = remoteParticipants)]
    pub fn remote_participants(this: &Room) -> js_sys::Map;
}
