//! `Track`, `RemoteTrack`, `TrackPublication`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A local or remote media track.
    #[derive(Clone, Debug)]
    pub type Track;

    /// `"audio"` | `"video"` | `"unknown"`.
    #[wasm_bindgen(method, getter)]
    pub fn kind(this: &Track) -> String;

    /// `"microphone"`, `"camera"`, `"screen_share"`, … or `"unknown"`.
    #[wasm_bindgen(method, getter)]
    pub fn source(this: &Track) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn sid(this: &Track) -> Option<String>;

    /// `track.attach()` → a new `HTMLMediaElement` playing the track.
    #[wasm_bindgen(method, catch)]
    pub fn attach(this: &Track) -> Result<web_sys::HtmlMediaElement, JsValue>;

    /// `track.attach(element)` → plays the track in an element the caller owns (one unlocked by a
    /// click earlier) and returns it.
    #[wasm_bindgen(method, js_name = attach, catch)]
    pub fn attach_to(
        this: &Track,
        element: &web_sys::HtmlMediaElement,
    ) -> Result<web_sys::HtmlMediaElement, JsValue>;

    /// `track.detach(element)`.
    #[wasm_bindgen(method, js_name = detach, catch)]
    pub fn detach_element(
        this: &Track,
        element: &web_sys::HtmlMediaElement,
    ) -> Result<JsValue, JsValue>;

    /// `track.mediaStreamTrack`.
    #[wasm_bindgen(method, getter, js_name = mediaStreamTrack)]
    pub fn media_stream_track(this: &Track) -> JsValue;

    /// `track.stop()`: ends the capture (the browser's microphone indicator goes off).
    #[wasm_bindgen(method, catch)]
    pub fn stop(this: &Track) -> Result<(), JsValue>;

    /// `localAudioTrack.startPreConnectBuffer()`: records the microphone until an agent is in
    /// the room; `publishTrack` then flags the track and sends the recording to the agent.
    #[wasm_bindgen(method, catch, js_name = startPreConnectBuffer)]
    pub fn start_pre_connect_buffer(this: &Track) -> Result<(), JsValue>;

    /// `localAudioTrack.stopPreConnectBuffer()`: ends that recording and its 10 s timer.
    #[wasm_bindgen(method, catch, js_name = stopPreConnectBuffer)]
    pub fn stop_pre_connect_buffer(this: &Track) -> Result<(), JsValue>;

    /// `localAudioTrack.hasPreConnectBuffer`.
    #[wasm_bindgen(method, getter, js_name = hasPreConnectBuffer)]
    pub fn has_pre_connect_buffer(this: &Track) -> Option<bool>;

    /// A publication (the server-side record of a track).
    #[derive(Clone, Debug)]
    pub type TrackPublication;

    #[wasm_bindgen(method, getter, js_name = trackSid)]
    pub fn track_sid(this: &TrackPublication) -> String;

    #[wasm_bindgen(method, getter, js_name = trackName)]
    pub fn track_name(this: &TrackPublication) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn kind(this: &TrackPublication) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn source(this: &TrackPublication) -> String;

    /// The publication's track, once there is one.
    #[wasm_bindgen(method, getter)]
    pub fn track(this: &TrackPublication) -> Option<Track>;
}
