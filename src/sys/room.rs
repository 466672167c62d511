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

    /// `room.serverInfo` (`{version, region, nodeId, …}`) once connected.
    #[wasm_bindgen(method, getter, js_name = serverInfo)]
    pub fn server_info(this: &Room) -> JsValue;

    /// `room.name`.
    #[wasm_bindgen(method, getter)]
    pub fn name(this: &Room) -> String;

    /// `room.canPlaybackAudio`.
    #[wasm_bindgen(method, getter, js_name = canPlaybackAudio)]
    pub fn can_playback_audio(this: &Room) -> bool;

    /// `room.localParticipant`.
    #[wasm_bindgen(method, getter, js_name = localParticipant)]
    pub fn local_participant(this: &Room) -> LocalParticipant;

    /// `room.registerTextStreamHandler(topic, handler)` — throws when the topic has a handler.
    #[wasm_bindgen(method, js_name = registerTextStreamHandler, catch)]
    pub fn register_text_stream_handler(
        this: &Room,
        topic: &str,
        handler: &js_sys::Function,
    ) -> Result<(), JsValue>;

    /// `room.unregisterTextStreamHandler(topic)`.
    #[wasm_bindgen(method, js_name = unregisterTextStreamHandler, catch)]
    pub fn unregister_text_stream_handler(this: &Room, topic: &str) -> Result<(), JsValue>;

    /// `room.registerRpcMethod(method, handler)`; `handler(data)` returns `Promise<string>`.
    #[wasm_bindgen(method, js_name = registerRpcMethod, catch)]
    pub fn register_rpc_method(
        this: &Room,
        method: &str,
        handler: &js_sys::Function,
    ) -> Result<(), JsValue>;

    /// `room.unregisterRpcMethod(method)`.
    #[wasm_bindgen(method, js_name = unregisterRpcMethod, catch)]
    pub fn unregister_rpc_method(this: &Room, method: &str) -> Result<(), JsValue>;

    /// `room.getActiveDevice(kind)`.
    #[wasm_bindgen(method, js_name = getActiveDevice, catch)]
    pub fn get_active_device(this: &Room, kind: &str) -> Result<Option<String>, JsValue>;

    /// `room.switchActiveDevice(kind, deviceId)` → `Promise<boolean>`.
    #[wasm_bindgen(method, js_name = switchActiveDevice, catch)]
    pub fn switch_active_device(
        this: &Room,
        kind: &str,
        device_id: &str,
    ) -> Result<js_sys::Promise, JsValue>;

    /// The `Room` class itself (for its static methods).
    #[derive(Clone, Debug)]
    pub type RoomClass;

    /// `Room.getLocalDevices(kind, requestPermissions)` → `Promise<MediaDeviceInfo[]>`.
    #[wasm_bindgen(method, js_name = getLocalDevices, catch)]
    pub fn get_local_devices(
        this: &RoomClass,
        kind: &str,
        request_permissions: bool,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `room.roomInfo`: the server's `Room` message from the join (`creationTime`, …). Private
    /// in the SDK's typings, so it may vanish in an update: read it as a maybe.
    #[wasm_bindgen(method, getter, js_name = roomInfo)]
    pub fn room_info(this: &Room) -> JsValue;

    /// `room.remoteParticipants`: `Map<identity, RemoteParticipant>`.
    #[wasm_bindgen(method, getter, js_name = remoteParticipants)]
    pub fn remote_participants(this: &Room) -> js_sys::Map;
}
