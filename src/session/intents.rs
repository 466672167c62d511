//! The person's intents, as the UI calls them: Call, Hang up, mute, enable audio, chat, devices,
//! the preflight; and what the UI reads back (devices, streams for level meters, the bundle).

use super::active_call::ActiveCall;
use super::conversation;
use super::resume_store::ResumeStore;
use super::{pipeline, preflight, CallSession, SessionConfig};
use crate::call::resume::ResumeTicket;
use crate::call::CallInput;
use crate::i18n::owner_console;
use crate::livekit::event::RoomEvent;
use crate::livekit::spawn;
use crate::livekit::{
    browser_features, load_sdk, DeviceKind, MediaDevice, PrimedAudio, TokenGrant,
};
use std::rc::Rc;

impl CallSession {
    /// Starts fetching the SDK ahead of the click (pointer over / focus on the Call button, idle
    /// time). Not in a browser that cannot call: `start` refuses there before loading it, so the
    /// download would be wasted (a pointer over Call fetched it in WebKitGTK).
    pub fn preload(&self) {
        if browser_features().gap().is_some() {
            return;
        }
        let load = load_sdk(&self.config.sdk_url);
        spawn(async move {
            let _ = load.await; // a failure is reported when the call itself needs the SDK
        });
        if !self.rehearsed.replace(true) {
            super::rehearsal::rehearse(&self.config);
        }
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
        let token_fetch = pipeline::fetch_token(&self.config, call.abort_controller());
        call.set_primed_audio(PrimedAudio::prime(&self.audio_container));
        *self.active.borrow_mut() = Some(call.clone());
        // The call's state changes are drawn with the next frame, not inside the click: a token
        // answer that comes before it is handled first (`input_gate`).
        self.gate.hold_until_frame();
        (self.sink)(CallInput::CallRequested);
        let session = self.clone();
        spawn(async move { session.run(call, sdk_load, Box::pin(token_fetch)).await });
    }

    /// The call a previous page of this tab left running, if it can still be rejoined (option
    /// `resume`; a ticket that cannot is dropped). Read once, as the widget is made.
    pub fn saved_call(config: &SessionConfig) -> Option<ResumeTicket> {
        ResumeStore::of(config)?.usable(pipeline::now_unix_s())
    }

    /// Rejoins the call of `ticket` ([`CallSession::saved_call`]); `true` when it started.
    /// Without a click nothing is unlocked: where the browser then holds the agent's voice back,
    /// "Enable audio" shows, as for any call a page starts by itself.
    pub fn resume(self: &Rc<Self>, ticket: ResumeTicket) -> bool {
        if self.active.borrow().is_some() || browser_features().refusal().is_some() {
            return false;
        }
        let call = ActiveCall::new();
        let sdk_load = load_sdk(&self.config.sdk_url);
        let room = ticket.room.clone();
        let grant = TokenGrant {
            server_url: Some(ticket.server_url),
            participant_token: ticket.token,
            room_name: Some(ticket.room),
        };
        call.set_primed_audio(Some(PrimedAudio::without_element()));
        *self.active.borrow_mut() = Some(call.clone());
        let session = self.clone();
        let token = Box::pin(std::future::ready(Ok(grant)));
        spawn(async move { session.run(call, sdk_load, token).await });
        (self.sink)(CallInput::CallResuming { room });
        true
    }

    /// The person clicked "Enable audio": must run inside the click handler. Resumes the call's
    /// AudioContext too (opened after the call's own click, it may wait for a gesture).
    pub fn enable_audio(self: &Rc<Self>) {
        let Some(room) = self.current_room() else {
            return;
        };
        if let Some(call) = self.active.borrow().as_ref() {
            call.resume_primed_audio();
        }
        let sink = self.sink.clone();
        spawn(async move {
            if let Err(failure) = room.start_audio().await {
                sink(CallInput::Failed(failure.into()));
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
        spawn(async move {
            match room.set_microphone_enabled(!muted).await {
                Ok(()) => sink(CallInput::MicrophoneMuted { muted }),
                Err(failure) => sink(CallInput::Failed(failure.into())),
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
        spawn(async move {
            match room.send_text(&text, conversation::CHAT_TOPIC).await {
                Ok(()) => sink(conversation::own_chat_line(
                    conversation::local_line_id(),
                    &text,
                )),
                Err(failure) => web_sys::console::warn_2(
                    &owner_console::CHAT_NOT_SENT.into(),
                    &failure.message().into(),
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
        spawn(async move {
            if let Err(failure) = room.switch_active_device(kind, &device_id).await {
                web_sys::console::warn_2(
                    &owner_console::DEVICE_SWITCH_FAILED.into(),
                    &failure.message().into(),
                );
            }
            if kind == DeviceKind::Microphone {
                session.check_microphone_choice().await;
            }
        });
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

    /// The running call's one AudioContext, opened by the first meter that asks: level meters
    /// share it (one audio stream per call, closed with the call).
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
        self.run_preflight_with(Box::new(report));
    }

    /// [`CallSession::run_preflight`], not generic: one copy of the check's state machine.
    fn run_preflight_with(
        self: &Rc<Self>,
        report: Box<dyn Fn(crate::call::preflight::CheckResult)>,
    ) {
        let session = self.clone();
        spawn(async move { preflight::run(&session.config, &*report).await });
    }

    /// What the diagnostic bundle needs from the browser and the room.
    pub fn bundle_context(&self) -> crate::i18n::BundleContext {
        let window = web_sys::window();
        let room = self.current_room().or_else(|| self.last_room());
        crate::i18n::BundleContext {
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
        spawn(async move {
            call.close().await;
            sink(CallInput::HangUpFinished);
            sink(CallInput::Released);
        });
    }

    /// The widget is going away: release everything without reporting.
    pub fn shutdown(&self) {
        if let Some(call) = self.active.borrow_mut().take() {
            spawn(async move { call.close().await });
        }
    }

    /// The running call holds a screen wake lock (tests; the browser may refuse one).
    pub fn holds_wake_lock(&self) -> bool {
        self.active
            .borrow()
            .as_ref()
            .is_some_and(|call| call.has_wake_lock())
    }
}
