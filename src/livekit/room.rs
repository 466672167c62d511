//! `Room`: the safe handle over the SDK's room. Listeners are owned by an [`EventSubscription`]
//! that removes them on `Drop`; no closure is ever leaked.

use super::devices::DeviceKind;
use super::error::{connect_failure, microphone_failure, unexpected};
use super::event::{ParticipantSnapshot, RoomEvent, SdkEvent};
use super::event_js::{convert, participant};
use super::failure::LiveKitError;
use super::room_at_join::RoomAtJoin;
use super::rpc::{rpc_listener, RpcFailure, RpcInvocation, RpcRegistration, RpcResult};
use super::sdk::Sdk;
use super::text_stream::{text_stream_listener, TextStream, TextStreamRegistration};
use crate::sys;
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Property set on the widget's listener functions so leak checks can tell them from the SDK's.
const WIDGET_LISTENER_MARK: &str = "__lkVoiceWidgetListener";

/// A remote track handed to an event handler (only `TrackSubscribed` carries one).
#[derive(Clone, Debug)]
pub struct RemoteTrack {
    pub(crate) track: sys::track::Track,
}

/// A LiveKit room. Clones share the same SDK object.
#[derive(Clone, Debug)]
pub struct Room {
    inner: sys::room::Room,
    sdk: Sdk,
    /// Opens when leaving no longer leaks the SDK's peer connection, once a connect has started
    /// (`js/connect_gate.js`).
    connect_gate: Rc<RefCell<Option<js_sys::Promise>>>,
}

/// Audio capture defaults for a voice call: the browser's echo cancellation, noise suppression
/// and gain control all on (the agent hears the person, not its own voice). `kept_on_page_leave`:
/// the SDK does not leave the room when the page goes away (`disconnectOnPageLeave: false`), so
/// a reloaded page can take the participant over (see [`Room::new_resumable`]).
fn room_options(kept_on_page_leave: bool) -> Result<JsValue, JsValue> {
    let capture = Object::new();
    for key in ["echoCancellation", "noiseSuppression", "autoGainControl"] {
        Reflect::set(&capture, &key.into(), &JsValue::TRUE)?;
    }
    let options = Object::new();
    Reflect::set(&options, &"audioCaptureDefaults".into(), &capture)?;
    Reflect::set(&options, &"adaptiveStream".into(), &JsValue::FALSE)?;
    Reflect::set(&options, &"dynacast".into(), &JsValue::FALSE)?;
    if kept_on_page_leave {
        Reflect::set(&options, &"disconnectOnPageLeave".into(), &JsValue::FALSE)?;
    }
    Ok(options.into())
}

impl Room {
    /// `new Room(options)` from the loaded SDK.
    pub fn new(sdk: &Sdk) -> Result<Room, LiveKitError> {
        Self::with_options(sdk, false)
    }

    /// A room the SDK does not leave when the page unloads: the server keeps the participant
    /// while it waits for it to come back, and a reloaded page that joins with the same token
    /// takes its place — an agent session linked to the identity keeps its conversation. (A
    /// clean leave would tell the agent the caller hung up.) The cost: a closed tab stays in
    /// the room until the server gives up on it.
    pub fn new_resumable(sdk: &Sdk) -> Result<Room, LiveKitError> {
        Self::with_options(sdk, true)
    }

    fn with_options(sdk: &Sdk, kept_on_page_leave: bool) -> Result<Room, LiveKitError> {
        let options =
            room_options(kept_on_page_leave).map_err(|e| unexpected("room options", &e))?;
        let class = sdk.module.room_class();
        let instance = Reflect::construct(&class, &js_sys::Array::of1(&options))
            .map_err(|e| unexpected("new Room()", &e))?;
        Ok(Room {
            inner: instance.unchecked_into(),
            sdk: sdk.clone(),
            connect_gate: Rc::default(),
        })
    }

    /// The SDK's local participant (for the microphone capture beside this file).
    pub(super) fn local_participant(&self) -> sys::participant::LocalParticipant {
        self.inner.local_participant()
    }

    /// Connects to `url` with `token`. The rejection becomes a typed `LiveKitError::Connect`.
    ///
    /// The SDK's `connect()` is called now, not when the future is first polled: the session
    /// starts it first and captures the microphone while it runs.
    pub fn connect(
        &self,
        url: &str,
        token: &str,
    ) -> impl std::future::Future<Output = Result<(), LiveKitError>> + 'static {
        let started = self.inner.connect(url, token);
        if let Ok(promise) = &started {
            // Without a gate (an SDK whose room has no event API) leaving is as before.
            *self.connect_gate.borrow_mut() =
                sys::connect_gate::connect_gate(&self.inner, promise).ok();
        }
        let url = url.to_string();
        async move {
            let promise = started.map_err(|e| connect_failure(&url, &e))?;
            JsFuture::from(promise)
                .await
                .map(|_| ())
                .map_err(|e| connect_failure(&url, &e))
        }
    }

    /// Keeps this room on the list a crash disconnects ([`super::live_calls`]) until the guard
    /// is dropped: hold it for as long as the call may be connected.
    pub fn hold_live(&self) -> super::live_calls::LiveGuard {
        super::live_calls::hold_room(&self.inner)
    }

    /// Disconnects and stops local tracks. Never fails: a room that is already closed is fine.
    /// While the room connects, this first waits (briefly) until leaving cannot leak the SDK's
    /// peer connection (`js/connect_gate.js`).
    pub async fn disconnect(&self) {
        let gate = self.connect_gate.borrow_mut().take();
        if let Some(gate) = gate {
            let _ = JsFuture::from(gate).await;
        }
        if let Ok(promise) = self.inner.disconnect() {
            let _ = JsFuture::from(promise).await;
        }
    }

    /// Turns the microphone on or off. Denied / missing / busy devices become typed failures.
    pub async fn set_microphone_enabled(&self, enabled: bool) -> Result<(), LiveKitError> {
        let local = self.inner.local_participant();
        let promise = local
            .set_microphone_enabled(enabled)
            .map_err(|e| microphone_failure(&e))?;
        JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(|e| microphone_failure(&e))
    }

    /// The sid of our published microphone track (transcripts of our speech name it).
    pub fn local_microphone_track_sid(&self) -> Option<String> {
        self.inner
            .local_participant()
            .get_track_publication("microphone")
            .map(|p| p.track_sid())
            .filter(|sid| !sid.is_empty())
    }

    /// The device our live microphone track captures from (`getSettings().deviceId`); `None`
    /// without a microphone track or once it has ended (the device went away).
    pub fn local_microphone_device_id(&self) -> Option<String> {
        let track = self.local_microphone_track()?;
        if track.ready_state() != web_sys::MediaStreamTrackState::Live {
            return None;
        }
        track
            .get_settings()
            .get_device_id()
            .filter(|id| !id.is_empty())
    }

    /// Our microphone's `MediaStreamTrack`, e.g. to show its level.
    pub fn local_microphone_track(&self) -> Option<web_sys::MediaStreamTrack> {
        self.published_microphone()?
            .media_stream_track()
            .dyn_into()
            .ok()
    }

    fn published_microphone(&self) -> Option<sys::track::Track> {
        self.inner
            .local_participant()
            .get_track_publication("microphone")?
            .track()
    }

    /// The published microphone is still recording for the agent (pre-connect buffer).
    pub fn is_microphone_pre_connect_buffering(&self) -> bool {
        self.published_microphone()
            .and_then(|t| t.has_pre_connect_buffer())
            .unwrap_or(false)
    }

    /// Ends the published microphone's pre-connect recording: what it holds so far still goes
    /// to the agent, which hears the live track from now on.
    pub fn stop_microphone_pre_connect_buffer(&self) {
        if let Some(track) = self.published_microphone() {
            let _ = track.stop_pre_connect_buffer();
        }
    }

    /// Whether the local microphone is publishing.
    pub fn is_microphone_enabled(&self) -> bool {
        self.inner.local_participant().is_microphone_enabled()
    }

    /// `startAudio()`: call from a click handler to lift the browser's autoplay block.
    pub async fn start_audio(&self) -> Result<(), LiveKitError> {
        let promise = self
            .inner
            .start_audio()
            .map_err(|e| unexpected("startAudio", &e))?;
        JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(|e| unexpected("startAudio", &e))
    }

    /// Whether the browser currently lets the room play audio.
    pub fn can_playback_audio(&self) -> bool {
        self.inner.can_playback_audio()
    }

    /// `room.state` (`connected`, `disconnected`, …).
    pub fn connection_state(&self) -> String {
        self.inner.state()
    }

    /// `serverInfo` as `version region node` text for the diagnostic bundle (empty before connect).
    pub fn server_info(&self) -> String {
        let info = self.inner.server_info();
        let text = |key: &str| {
            Reflect::get(&info, &key.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        if info.is_undefined() || info.is_null() {
            return String::new();
        }
        format!(
            "version {} region '{}' node {}",
            text("version"),
            text("region"),
            text("nodeId")
        )
    }

    /// Our identity in the room.
    pub fn local_identity(&self) -> String {
        self.inner.local_participant().identity()
    }

    /// The room's name once connected.
    pub fn name(&self) -> String {
        self.inner.name()
    }

    /// The remote participants present now (the SDK emits no `participantConnected` for those
    /// already in the room when we join).
    pub fn remote_participants(&self) -> Vec<ParticipantSnapshot> {
        let mut found = Vec::new();
        self.inner
            .remote_participants()
            .for_each(&mut |value, _key| {
                if let Some(p) = participant(&value) {
                    found.push(p);
                }
            });
        found
    }

    /// Whether this call's join created the room (see [`RoomAtJoin`]), read right after
    /// `connect`. `None` when the SDK does not tell: the room's creation time comes from a field
    /// its typings call private (`roomInfo.creationTime`), so an SDK update may take it away;
    /// then the widget only loses this one diagnosis.
    pub fn at_join(&self) -> Option<RoomAtJoin> {
        let info = self.inner.room_info();
        let created = Reflect::get(&info, &"creationTime".into()).ok()?;
        let created_unix_s = match created.as_f64() {
            Some(seconds) => seconds as u64,
            None => u64::try_from(created.dyn_into::<js_sys::BigInt>().ok()?).ok()?,
        };
        let joined_ms = self.inner.local_participant().joined_at()?.get_time();
        if created_unix_s == 0 || !joined_ms.is_finite() {
            return None;
        }
        Some(RoomAtJoin {
            room: self.name(),
            created_unix_s,
            joined_unix_s: (joined_ms / 1000.0) as u64,
            present: self
                .remote_participants()
                .into_iter()
                .map(|p| p.identity)
                .collect(),
        })
    }

    /// Listeners the widget has registered on this room (the SDK's own are not counted). A leak
    /// check: once every [`EventSubscription`] is dropped this is 0.
    pub fn listener_count(&self) -> u32 {
        let marker = JsValue::from_str(WIDGET_LISTENER_MARK);
        RoomEvent::SDK_NAMES
            .iter()
            .filter_map(|name| self.inner.listeners(name).ok())
            .flat_map(|listeners| listeners.to_vec())
            .filter(|listener| Reflect::has(listener, &marker).unwrap_or(false))
            .count() as u32
    }

    /// Receives every text stream on `topic` until the registration is dropped. Fails when the
    /// topic already has a handler on this room.
    pub fn register_text_stream_handler(
        &self,
        topic: &str,
        handler: impl Fn(TextStream) + 'static,
    ) -> Result<TextStreamRegistration, LiveKitError> {
        let listener = text_stream_listener(handler);
        self.inner
            .register_text_stream_handler(topic, listener.as_ref().unchecked_ref())
            .map_err(|e| unexpected(&format!("registerTextStreamHandler('{topic}')"), &e))?;
        Ok(TextStreamRegistration {
            room: self.inner.clone(),
            topic: topic.to_string(),
            _listener: listener,
        })
    }

    /// Sends `text` as a text stream on `topic` (e.g. `lk.chat`) to everyone in the room.
    pub async fn send_text(&self, text: &str, topic: &str) -> Result<(), LiveKitError> {
        let options = Object::new();
        Reflect::set(&options, &"topic".into(), &topic.into())
            .map_err(|e| unexpected("sendText", &e))?;
        let promise = self
            .inner
            .local_participant()
            .send_text(text, &options)
            .map_err(|e| unexpected("sendText", &e))?;
        JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(|e| unexpected("sendText", &e))
    }

    /// Lets remote participants call `method` on us until the registration is dropped.
    pub fn register_rpc_method(
        &self,
        method: &str,
        handler: impl Fn(RpcInvocation) -> RpcResult + 'static,
    ) -> Result<RpcRegistration, LiveKitError> {
        let listener = rpc_listener(self.sdk.module.rpc_error_class(), handler);
        self.inner
            .register_rpc_method(method, listener.as_ref().unchecked_ref())
            .map_err(|e| unexpected(&format!("registerRpcMethod('{method}')"), &e))?;
        Ok(RpcRegistration {
            room: self.inner.clone(),
            method: method.to_string(),
            _listener: listener,
        })
    }

    /// Calls `method` on `destination_identity` with `payload`; the answer or a typed RPC error.
    pub async fn perform_rpc(
        &self,
        destination_identity: &str,
        method: &str,
        payload: &str,
        response_timeout_ms: u32,
    ) -> Result<String, RpcFailure> {
        let params = Object::new();
        let set =
            |key: &str, value: JsValue| Reflect::set(&params, &key.into(), &value).map(|_| ());
        set("destinationIdentity", destination_identity.into())
            .and_then(|_| set("method", method.into()))
            .and_then(|_| set("payload", payload.into()))
            .and_then(|_| set("responseTimeout", response_timeout_ms.into()))
            .map_err(|e| RpcFailure::from_js(&e))?;
        let promise = self
            .inner
            .local_participant()
            .perform_rpc(&params)
            .map_err(|e| RpcFailure::from_js(&e))?;
        let answer = JsFuture::from(promise)
            .await
            .map_err(|e| RpcFailure::from_js(&e))?;
        Ok(answer.as_string().unwrap_or_default())
    }

    /// The device the room uses for `kind`, when one was chosen.
    pub fn active_device(&self, kind: DeviceKind) -> Option<String> {
        self.inner.get_active_device(kind.as_str()).ok().flatten()
    }

    /// Switches the microphone or speaker; `Ok(false)` when the browser could not switch.
    pub async fn switch_active_device(
        &self,
        kind: DeviceKind,
        device_id: &str,
    ) -> Result<bool, LiveKitError> {
        let promise = self
            .inner
            .switch_active_device(kind.as_str(), device_id)
            .map_err(|e| unexpected("switchActiveDevice", &e))?;
        let switched = JsFuture::from(promise)
            .await
            .map_err(|e| unexpected("switchActiveDevice", &e))?;
        Ok(switched.as_bool().unwrap_or(false))
    }

    /// Calls `handler` for every bound SDK event, until the returned subscription is dropped.
    #[must_use = "dropping the subscription removes the listeners"]
    pub fn subscribe(
        &self,
        handler: impl Fn(RoomEvent, Option<RemoteTrack>) + 'static,
    ) -> EventSubscription {
        let handler = Rc::new(handler);
        // Event names already warned about (a Vec: a handful at most; with no BTreeSet left the wasm has no B-tree code).
        let warned: Rc<RefCell<Vec<&'static str>>> = Rc::default();
        let mut listeners = Vec::with_capacity(RoomEvent::SDK_NAMES.len());
        for (&name, &event) in RoomEvent::SDK_NAMES.iter().zip(SdkEvent::ALL.iter()) {
            let handler = handler.clone();
            let warned = warned.clone();
            let closure = Listener::new(move |a, b, c| match convert(event, &a, &b, &c) {
                Some((event, track)) => handler(event, track.map(|track| RemoteTrack { track })),
                None => {
                    if !warned.borrow().contains(&name) {
                        warned.borrow_mut().push(name);
                        web_sys::console::warn_1(
                            &format!(
                                "lk-voice-widget: ignored '{name}' event with unexpected arguments"
                            )
                            .into(),
                        );
                    }
                }
            });
            let _ = Reflect::set(
                closure.as_ref(),
                &WIDGET_LISTENER_MARK.into(),
                &JsValue::TRUE,
            );
            if self
                .inner
                .on(name, closure.as_ref().unchecked_ref())
                .is_ok()
            {
                listeners.push((name, closure));
            }
        }
        EventSubscription {
            room: self.inner.clone(),
            listeners,
        }
    }
}

/// One SDK listener: the SDK passes at most three arguments to the events the widget binds.
type Listener = Closure<dyn FnMut(JsValue, JsValue, JsValue)>;

/// Owns the room's listeners; `Drop` removes every one of them (`room.off`).
#[must_use = "dropping the subscription removes the listeners"]
pub struct EventSubscription {
    room: sys::room::Room,
    listeners: Vec<(&'static str, Listener)>,
}

impl EventSubscription {
    /// How many listeners this subscription holds.
    pub fn len(&self) -> usize {
        self.listeners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.listeners.is_empty()
    }
}

impl Drop for EventSubscription {
    fn drop(&mut self) {
        for (name, closure) in self.listeners.drain(..) {
            let _ = self.room.off(name, closure.as_ref().unchecked_ref());
        }
    }
}
