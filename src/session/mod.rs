//! Drives one call at a time: runs the person's intents against the `livekit` layer and feeds
//! every outcome and room event to the `call` state machine through a sink.
//!
//! Everything a call holds (the pending token fetch, the room, its listeners, the `<audio>`
//! elements) lives in one [`ActiveCall`] and is released together on Hang up, on a server-side
//! disconnect, on a failure, and on [`CallSession::shutdown`] (unmount).

mod active_call;
mod config;
mod conversation;
mod playback;
mod preflight;
pub mod timers;
mod watch;

pub use config::{RpcMethod, SessionConfig};

use crate::call::device_choice::microphone_choice;
use crate::call::failure::{check_server_url, uses_http_scheme, CallFailure};
use crate::call::token_claims::{ClaimProblem, TokenClaims};
use crate::call::{CallInput, Warning};
use crate::livekit::event::{RoomEvent, TrackKind};
use crate::livekit::{
    browser_features, load_sdk, DeviceKind, MediaDevice, PrimedAudio, RemoteAudio, Room,
    ScreenWakeLock,
};
use active_call::ActiveCall;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;
use watch::CallWatch;
use web_sys::Element;

/// Where the session reports: the UI turns these into state.
pub type CallSink = Rc<dyn Fn(CallInput)>;

pub struct CallSession {
    config: SessionConfig,
    sink: CallSink,
    audio_container: Element,
    active: RefCell<Option<Rc<ActiveCall>>>,
    /// Rooms created over the session's life, kept weakly-by-value only for leak checks in tests.
    last_room: RefCell<Option<Room>>,
    loaded_sdk_version: RefCell<Option<String>>,
    /// The current call's identity as its token names it (`sub`), for a bundle written before
    /// the room knows it (a failure at the signal hop).
    token_identity: RefCell<Option<String>>,
    /// The microphone the person picked in the widget (kept across calls of this session).
    chosen_microphone: RefCell<Option<String>>,
}

impl CallSession {
    pub fn new(config: SessionConfig, sink: CallSink, audio_container: Element) -> Rc<Self> {
        Rc::new(Self {
            config,
            sink,
            audio_container,
            active: RefCell::default(),
            last_room: RefCell::default(),
            loaded_sdk_version: RefCell::default(),
            token_identity: RefCell::default(),
            chosen_microphone: RefCell::default(),
        })
    }

    /// Starts fetching the SDK ahead of the click (pointer over / focus on the Call button, idle
    /// time). Not in a browser that cannot call: `start` refuses there before loading it, so the
    /// download would be wasted (a pointer over Call fetched it in WebKitGTK).
    pub fn preload(&self) {
        if browser_features().gap().is_some() {
            return;
        }
        let load = load_sdk(&self.config.sdk_url);
        spawn_local(async move {
            let _ = load.await; // a failure is reported when the call itself needs the SDK
        });
    }

    /// The person clicked Call. A second click while a call runs does nothing. Runs inside the
    /// click: a browser that cannot call is named before anything is fetched, and playback is
    /// unlocked before anything is awaited (so the agent is heard without a second tap).
    pub fn start(self: &Rc<Self>) {
        if self.active.borrow().is_some() {
            return;
        }
        if let Some(refusal) = browser_features().refusal() {
            (self.sink)(CallInput::CallRefused(refusal));
            return;
        }
        let call = ActiveCall::new();
        // The network first (both start at once, before the playback unlock's own work), then
        // playback unlocked while the click's user activation is fresh.
        let sdk_load = load_sdk(&self.config.sdk_url);
        let token_fetch = self
            .config
            .token_client
            .fetch(&self.config.token_request, call.abort_controller());
        call.set_primed_audio(PrimedAudio::prime(&self.audio_container));
        *self.active.borrow_mut() = Some(call.clone());
        // Queue the call's task before reporting: its first step (the token request) then runs
        // before the re-render the report triggers, so the click is not slowed by drawing.
        let session = self.clone();
        spawn_local(async move { session.run(call, sdk_load, token_fetch).await });
        (self.sink)(CallInput::CallRequested);
    }

    /// The person clicked "Enable audio": must run inside the click handler.
    pub fn enable_audio(self: &Rc<Self>) {
        let Some(room) = self.current_room() else {
            return;
        };
        let sink = self.sink.clone();
        spawn_local(async move {
            if let Err(failure) = room.start_audio().await {
                sink(CallInput::Failed(failure));
            } else if room.can_playback_audio() {
                sink(CallInput::Room(RoomEvent::AudioPlaybackChanged {
                    playing: true,
                }));
            }
        });
    }

    /// Mutes (`true`) or unmutes the microphone.
    pub fn set_muted(self: &Rc<Self>, muted: bool) {
        let Some(room) = self.current_room() else {
            return;
        };
        let sink = self.sink.clone();
        spawn_local(async move {
            match room.set_microphone_enabled(!muted).await {
                Ok(()) => sink(CallInput::MicrophoneMuted { muted }),
                Err(failure) => sink(CallInput::Failed(failure)),
            }
        });
    }

    /// Sends a chat message to the agent (`lk.chat`) and shows it in the conversation.
    pub fn send_chat(self: &Rc<Self>, text: String) {
        let text = text.trim().to_string();
        let Some(room) = self.current_room().filter(|_| !text.is_empty()) else {
            return;
        };
        let sink = self.sink.clone();
        spawn_local(async move {
            match room.send_text(&text, conversation::CHAT_TOPIC).await {
                Ok(()) => sink(conversation::own_chat_line(
                    conversation::local_line_id(),
                    &text,
                )),
                Err(failure) => web_sys::console::warn_1(
                    &format!("lk-voice-widget: chat not sent: {failure:?}").into(),
                ),
            }
        });
    }

    /// The microphones or speakers the browser lists (labels once the mic was allowed).
    pub async fn devices(&self, kind: DeviceKind) -> Vec<MediaDevice> {
        match load_sdk(&self.config.sdk_url).await {
            Ok(sdk) => sdk.local_devices(kind, false).await.unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    /// Switches the call's microphone or speaker.
    pub fn switch_device(self: &Rc<Self>, kind: DeviceKind, device_id: String) {
        if kind == DeviceKind::Microphone {
            *self.chosen_microphone.borrow_mut() = Some(device_id.clone());
        }
        let Some(room) = self.current_room() else {
            return;
        };
        let session = self.clone();
        spawn_local(async move {
            if let Err(failure) = room.switch_active_device(kind, &device_id).await {
                web_sys::console::warn_1(
                    &format!("lk-voice-widget: device switch failed: {failure:?}").into(),
                );
            }
            if kind == DeviceKind::Microphone {
                session.check_microphone_choice().await;
            }
        });
    }

    /// Compares the microphone the call captures from with the person's pick and the browser's
    /// list, and reports the result (a warning, or its all-clear).
    async fn check_microphone_choice(&self) {
        let Some(room) = self.current_room() else {
            return;
        };
        let chosen = self.chosen_microphone.borrow().clone();
        if chosen.is_none() {
            return;
        }
        let listed: Vec<(String, String)> = self
            .devices(DeviceKind::Microphone)
            .await
            .into_iter()
            .map(|d| (d.device_id, d.label))
            .collect();
        if self.current_room().is_none() {
            return;
        }
        let capturing = room.local_microphone_device_id();
        let result = microphone_choice(chosen.as_deref(), capturing.as_deref(), &listed);
        (self.sink)(CallInput::MicrophoneChoice(result));
    }

    /// The device the call uses for `kind`.
    pub fn active_device(&self, kind: DeviceKind) -> Option<String> {
        self.current_room()
            .and_then(|room| room.active_device(kind))
    }

    /// The agent's voice as a `MediaStream` (for a level meter).
    pub fn agent_audio_stream(&self) -> Option<web_sys::MediaStream> {
        self.active
            .borrow()
            .as_ref()
            .and_then(|call| call.first_audio_stream())
    }

    /// The running call's AudioContext, resumed by the click that started it: level meters
    /// share it (one audio stream, and not suspended where a context needs a gesture).
    pub fn audio_context(&self) -> Option<web_sys::AudioContext> {
        self.active
            .borrow()
            .as_ref()
            .and_then(|call| call.audio_context())
    }

    /// Our microphone track (for a level meter).
    pub fn microphone_track(&self) -> Option<web_sys::MediaStreamTrack> {
        self.current_room()
            .and_then(|room| room.local_microphone_track())
    }

    /// Runs the preflight check, reporting each result as it finishes.
    pub fn run_preflight(
        self: &Rc<Self>,
        report: impl Fn(crate::call::preflight::CheckResult) + 'static,
    ) {
        let session = self.clone();
        spawn_local(async move { preflight::run(&session.config, report).await });
    }

    /// What the diagnostic bundle needs from the browser and the room.
    pub fn bundle_context(&self) -> crate::call::bundle::BundleContext {
        let window = web_sys::window();
        let room = self.current_room().or_else(|| self.last_room());
        crate::call::bundle::BundleContext {
            widget_version: env!("CARGO_PKG_VERSION").to_string(),
            sdk_version: self.loaded_sdk_version.borrow().clone(),
            user_agent: window
                .as_ref()
                .and_then(|w| w.navigator().user_agent().ok())
                .unwrap_or_default(),
            page_url: window
                .as_ref()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default(),
            server_info: room.as_ref().map(|r| r.server_info()).unwrap_or_default(),
            identity: room
                .map(|r| r.local_identity())
                .filter(|i| !i.is_empty())
                .or_else(|| self.token_identity.borrow().clone()),
        }
    }

    /// The person clicked Hang up.
    pub fn hang_up(self: &Rc<Self>) {
        let Some(call) = self.active.borrow_mut().take() else {
            return;
        };
        (self.sink)(CallInput::HangUpRequested);
        let sink = self.sink.clone();
        spawn_local(async move {
            call.close().await;
            sink(CallInput::HangUpFinished);
            sink(CallInput::Released);
        });
    }

    /// The widget is going away: release everything without reporting.
    pub fn shutdown(&self) {
        if let Some(call) = self.active.borrow_mut().take() {
            spawn_local(async move { call.close().await });
        }
    }

    /// The running call holds a screen wake lock (tests; the browser may refuse one).
    pub fn holds_wake_lock(&self) -> bool {
        self.active
            .borrow()
            .as_ref()
            .is_some_and(|call| call.has_wake_lock())
    }

    /// The room of the running call, if it got that far.
    pub fn current_room(&self) -> Option<Room> {
        self.active.borrow().as_ref().and_then(|call| call.room())
    }

    /// The most recent room this session created, also after it closed (leak checks).
    pub fn last_room(&self) -> Option<Room> {
        self.last_room.borrow().clone()
    }

    fn is_current(&self, call: &Rc<ActiveCall>) -> bool {
        self.active
            .borrow()
            .as_ref()
            .is_some_and(|active| Rc::ptr_eq(active, call))
    }

    fn token_contents_failure(&self, problem: ClaimProblem) -> CallFailure {
        CallFailure::TokenContents {
            endpoint: self.config.token_client.endpoint.clone(),
            problem,
        }
    }

    /// Ends `call` after a failure: report it, then release everything.
    async fn fail(&self, call: &Rc<ActiveCall>, failure: CallFailure) {
        if !self.is_current(call) {
            return;
        }
        self.active.borrow_mut().take();
        (self.sink)(CallInput::Failed(failure));
        call.close().await;
        (self.sink)(CallInput::Released);
    }

    async fn run(
        self: Rc<Self>,
        call: Rc<ActiveCall>,
        sdk_load: impl std::future::Future<Output = Result<crate::livekit::Sdk, CallFailure>>,
        token_fetch: impl std::future::Future<
            Output = Result<
                crate::call::token_response::TokenGrant,
                crate::call::token_response::TokenEndpointError,
            >,
        >,
    ) {
        self.token_identity.borrow_mut().take();
        let sink = self.sink.clone();
        let sdk_task = async {
            let loaded = sdk_load.await;
            if let Ok(sdk) = &loaded {
                *self.loaded_sdk_version.borrow_mut() = Some(sdk.version());
                sink(CallInput::SdkLoaded {
                    version: sdk.version(),
                });
            }
            loaded
        };
        // The token is decoded once, as it arrives: its claims name the room for the timeline
        // (standard token answers carry no room name) and are checked below.
        let token_task = async {
            token_fetch.await.map(|grant| {
                let claims = TokenClaims::decode(&grant.participant_token);
                let room_name = grant.room_name.clone().or_else(|| {
                    let claims = claims.as_ref().ok()?;
                    claims.room().map(str::to_owned)
                });
                sink(CallInput::TokenReceived { room_name });
                (grant, claims)
            })
        };
        let (sdk, grant) = futures::join!(sdk_task, token_task);
        if !self.is_current(&call) {
            return;
        }
        let sdk = match sdk {
            Ok(sdk) => sdk,
            Err(failure) => return self.fail(&call, failure).await,
        };
        let (grant, claims) = match grant {
            Ok(decoded) => decoded,
            Err(error) => {
                let endpoint = self.config.token_client.endpoint.clone();
                return self
                    .fail(&call, CallFailure::TokenEndpoint { endpoint, error })
                    .await;
            }
        };
        let claims = match claims {
            Ok(claims) => {
                *self.token_identity.borrow_mut() = claims.sub.clone();
                claims
            }
            Err(problem) => return self.fail(&call, self.token_contents_failure(problem)).await,
        };
        if let Some(problem) = claims.problems(now_unix_s()).into_iter().next() {
            return self.fail(&call, self.token_contents_failure(problem)).await;
        }
        let server_url = self.config.server_url_for(&grant);
        if let Err(problem) = check_server_url(&server_url, page_is_https()) {
            return self
                .fail(
                    &call,
                    CallFailure::ServerUrl {
                        url: server_url,
                        problem,
                    },
                )
                .await;
        }

        if uses_http_scheme(&server_url) {
            sink(CallInput::Warn(Warning::ServerUrlScheme {
                url: server_url.clone(),
            }));
        }

        let room = match Room::new(&sdk) {
            Ok(room) => room,
            Err(failure) => return self.fail(&call, failure).await,
        };
        *self.last_room.borrow_mut() = Some(room.clone());
        call.set_room(
            room.clone(),
            room.subscribe(self.event_handler(Rc::downgrade(&call))),
        );

        // The microphone (the one picked in an earlier call of this session, if any) is captured
        // while the room connects (the browser's prompt, if any, shows at once); it is published
        // once connected. Dropped unpublished, it is stopped.
        let picked = self.chosen_microphone.borrow().clone();
        let microphone = room.capture_microphone(picked.as_deref());
        sink(CallInput::ConnectStarted {
            server_url: server_url.clone(),
        });
        if let Err(failure) = room.connect(&server_url, &grant.participant_token).await {
            return self.fail(&call, failure).await;
        }
        if !self.is_current(&call) {
            return;
        }
        call.mark_connected();
        for participant in room.remote_participants() {
            sink(CallInput::Room(RoomEvent::ParticipantConnected {
                participant,
            }));
        }
        let text_streams = conversation::register(&room, sink.clone());
        let rpc_methods = self
            .config
            .rpc_methods
            .iter()
            .filter_map(|method| {
                let handler = method.handler.clone();
                room.register_rpc_method(&method.name, move |invocation| handler(invocation))
                    .map_err(|failure| {
                        web_sys::console::warn_1(&format!("lk-voice-widget: {failure:?}").into())
                    })
                    .ok()
            })
            .collect();
        call.keep_registrations(text_streams, rpc_methods);
        let microphone = match microphone.captured().await {
            Ok(microphone) => microphone,
            Err(failure) => return self.fail(&call, failure).await,
        };
        if !self.is_current(&call) {
            return; // the call ended during the prompt: `microphone` stops on drop
        }
        if let Err(failure) = room.publish_microphone(microphone).await {
            return self.fail(&call, failure).await;
        }
        if !self.is_current(&call) {
            return;
        }
        sink(CallInput::MicrophoneEnabled);
        if self.chosen_microphone.borrow().is_some() {
            let session = self.clone();
            spawn_local(async move { session.check_microphone_choice().await });
        }
        call.set_wake_lock(ScreenWakeLock::acquire());
        call.set_playback_watch(playback::watch(
            Rc::downgrade(&call),
            room.clone(),
            sink.clone(),
        ));
        call.set_watch(CallWatch::start(
            &room,
            sink.clone(),
            claims.requested_agents(),
            self.config.agent_join_timeout_ms,
            call.audio_context(),
        ));
        // Still within the click's user activation on a fast path; when the browser refuses,
        // `audioPlaybackChanged(false)` (or the check below) shows "Enable audio".
        let _ = room.start_audio().await;
        if self.is_current(&call) && !room.can_playback_audio() {
            sink(CallInput::Room(RoomEvent::AudioPlaybackChanged {
                playing: false,
            }));
        }
    }

    /// The room's event handler: attaches agent audio, detaches on unsubscribe, releases the call
    /// when the server ends it, and reports every event. Holds the call weakly (no Rc cycle).
    fn event_handler(
        self: &Rc<Self>,
        call: Weak<ActiveCall>,
    ) -> impl Fn(RoomEvent, Option<crate::livekit::RemoteTrack>) + 'static {
        let session = Rc::downgrade(self);
        move |event, track| {
            let (Some(session), Some(call)) = (session.upgrade(), call.upgrade()) else {
                return;
            };
            match (&event, track) {
                (
                    RoomEvent::TrackSubscribed {
                        track: snapshot, ..
                    },
                    Some(track),
                ) if snapshot.kind == TrackKind::Audio => {
                    let primed = call.take_primed_element();
                    match RemoteAudio::attach(
                        &track,
                        &snapshot.sid,
                        &session.audio_container,
                        primed,
                    ) {
                        Ok(audio) => call.add_audio(audio),
                        Err(failure) => (session.sink)(CallInput::Failed(failure)),
                    }
                }
                (
                    RoomEvent::TrackUnsubscribed {
                        track: snapshot, ..
                    },
                    _,
                ) => call.remove_audio(&snapshot.sid),
                // livekit-client ends the pre-connect recording on this event itself, but it
                // starts listening only after it announced the publication, and an agent already
                // in the room can subscribe in between (the event then fires inside that
                // announcement): the recording, and the byte stream the agent waits for, ran on
                // for 10 s; the agent gave up after 3 s, greeted late and lost the first words.
                // Stopped a microtask later: synchronously, the SDK would not yet have taken the
                // recording's stream and would send the agent nothing at all.
                (RoomEvent::LocalTrackSubscribed { .. }, _) => {
                    if let Some(room) = call.room() {
                        spawn_local(async move { room.stop_microphone_pre_connect_buffer() });
                    }
                }
                (RoomEvent::MediaDevicesChanged, _) => {
                    let session = session.clone();
                    spawn_local(async move { session.check_microphone_choice().await });
                }
                (RoomEvent::Disconnected { .. }, _)
                    if session.is_current(&call) && call.is_connected_once() =>
                {
                    // The server or the network ended the call: release it after this event.
                    session.active.borrow_mut().take();
                    let sink = session.sink.clone();
                    spawn_local(async move {
                        call.close().await;
                        sink(CallInput::Released);
                    });
                }
                _ => {}
            }
            (session.sink)(CallInput::Room(event));
        }
    }
}

/// Now, in Unix seconds (token claims are checked against it).
pub(super) fn now_unix_s() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub(super) fn page_is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}
