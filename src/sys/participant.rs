//! `Participant`, `LocalParticipant`, `RemoteParticipant`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Base class of local and remote participants.
    #[derive(Clone, Debug)]
    pub type Participant;

    #[wasm_bindgen(method, getter)]
    pub fn identity(this: &Participant) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn sid(this: &Participant) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn name(this: &Participant) -> Option<String>;

    /// `ParticipantKind` (numeric protobuf enum: 0 standard … 4 agent).
    #[wasm_bindgen(method, getter)]
    pub fn kind(this: &Participant) -> Option<u32>;

    /// `participant.joinedAt`: when the server let the participant in (whole seconds).
    #[wasm_bindgen(method, getter, js_name = joinedAt)]
    pub fn joined_at(this: &Participant) -> Option<js_sys::Date>;

    /// `participant.attributes`: `Record<string, string>`.
    #[wasm_bindgen(method, getter)]
    pub fn attributes(this: &Participant) -> JsValue;

    /// `localParticipant`.
    #[derive(Clone, Debug)]
    #[wasm_bindgen(extends = Participant)]
    pub type LocalParticipant;

    /// `setMicrophoneEnabled(enabled)` → `Promise<LocalTrackPublication | undefined>`.
    #[wasm_bindgen(method, js_name = setMicrophoneEnabled, catch)]
    pub fn set_microphone_enabled(
        this: &LocalParticipant,
        enabled: bool,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `createTracks({audio: true})` → `Promise<LocalTrack[]>`: captures with the room's capture
    /// defaults; works before the room is connected.
    #[wasm_bindgen(method, js_name = createTracks, catch)]
    pub fn create_tracks(
        this: &LocalParticipant,
        options: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `publishTrack(track)` → `Promise<LocalTrackPublication>`.
    #[wasm_bindgen(method, js_name = publishTrack, catch)]
    pub fn publish_track(
        this: &LocalParticipant,
        track: &super::track::Track,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `isMicrophoneEnabled`.
    #[wasm_bindgen(method, getter, js_name = isMicrophoneEnabled)]
    pub fn is_microphone_enabled(this: &LocalParticipant) -> bool;

    /// `sendText(text, {topic})` → `Promise<TextStreamInfo>`.
    #[wasm_bindgen(method, js_name = sendText, catch)]
    pub fn send_text(
        this: &LocalParticipant,
        text: &str,
        options: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `performRpc({destinationIdentity, method, payload, responseTimeout})` → `Promise<string>`.
    #[wasm_bindgen(method, js_name = performRpc, catch)]
    pub fn perform_rpc(
        this: &LocalParticipant,
        params: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `getTrackPublication(source)` → the publication of e.g. the `"microphone"` track.
    #[wasm_bindgen(method, js_name = getTrackPublication)]
    pub fn get_track_publication(
        this: &LocalParticipant,
        source: &str,
    ) -> Option<super::track::TrackPublication>;

    /// A participant other than us.
    #[derive(Clone, Debug)]
    #[wasm_bindgen(extends = Participant)]
    pub type RemoteParticipant;
}
