//! Everything one call holds, released together by [`ActiveCall::close`].

use super::resume_store::ResumeStore;
use crate::call::playback_watch::OutputSnapshot;
use crate::call::resume::ResumeTicket;
use crate::livekit::live_calls::LiveGuard;
use crate::livekit::{
    EventSubscription, PrimedAudio, RemoteAudio, Room, RpcRegistration, ScreenWakeLock,
    TextStreamRegistration,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::AbortController;

pub(super) struct ActiveCall {
    abort: AbortController,
    room: RefCell<Option<Room>>,
    /// Keeps the room on the list a crash disconnects (`livekit::live_calls`), until `close`
    /// has disconnected it.
    live_room: RefCell<Option<LiveGuard>>,
    subscription: RefCell<Option<EventSubscription>>,
    audio: RefCell<Vec<RemoteAudio>>,
    text_streams: RefCell<Vec<TextStreamRegistration>>,
    rpc_methods: RefCell<Vec<RpcRegistration>>,
    connected_once: Cell<bool>,
    watch: RefCell<Option<super::watch::CallWatch>>,
    /// Playback unlocked inside the click that started the call, and the call's AudioContext.
    primed: RefCell<Option<PrimedAudio>>,
    wake_lock: RefCell<Option<ScreenWakeLock>>,
    /// The playback watchdog's sampling (`playback::watch`); dropped with the call.
    playback_watch: RefCell<Option<super::timers::Timer>>,
    /// Where this call's resume ticket is kept, once it has one: cleared when the call ends
    /// (a page that unloads ends nothing, so the next one finds it).
    resume: RefCell<Option<ResumeStore>>,
}

impl ActiveCall {
    pub(super) fn new() -> Rc<Self> {
        // AbortController::new only fails outside a browser window; then fetch cannot run anyway
        // and the token fetch reports it.
        let abort = AbortController::new().unwrap_or_else(|_| unreachable_abort_controller());
        Rc::new(Self {
            abort,
            room: RefCell::default(),
            live_room: RefCell::default(),
            subscription: RefCell::default(),
            audio: RefCell::default(),
            text_streams: RefCell::default(),
            rpc_methods: RefCell::default(),
            connected_once: Cell::new(false),
            watch: RefCell::default(),
            primed: RefCell::default(),
            wake_lock: RefCell::default(),
            playback_watch: RefCell::default(),
            resume: RefCell::default(),
        })
    }

    pub(super) fn abort_controller(&self) -> &AbortController {
        &self.abort
    }

    pub(super) fn set_room(&self, room: Room, subscription: EventSubscription) {
        *self.live_room.borrow_mut() = Some(room.hold_live());
        *self.room.borrow_mut() = Some(room);
        *self.subscription.borrow_mut() = Some(subscription);
    }

    pub(super) fn room(&self) -> Option<Room> {
        self.room.borrow().clone()
    }

    pub(super) fn keep_registrations(
        &self,
        text_streams: Vec<TextStreamRegistration>,
        rpc_methods: Vec<RpcRegistration>,
    ) {
        self.text_streams.borrow_mut().extend(text_streams);
        self.rpc_methods.borrow_mut().extend(rpc_methods);
    }

    /// What the agent's `<audio>` plays (the first remote audio's stream): the agent's level
    /// meter and the playback watchdog measure it.
    pub(super) fn first_audio_stream(&self) -> Option<web_sys::MediaStream> {
        self.audio
            .borrow()
            .first()
            .and_then(|audio| audio.element().src_object())
    }

    pub(super) fn set_watch(&self, watch: super::watch::CallWatch) {
        *self.watch.borrow_mut() = Some(watch);
    }

    pub(super) fn set_primed_audio(&self, primed: Option<PrimedAudio>) {
        *self.primed.borrow_mut() = primed;
    }

    /// The element the click unlocked, once (for the agent's first audio track).
    pub(super) fn take_primed_element(&self) -> Option<web_sys::HtmlMediaElement> {
        self.primed.borrow().as_ref().and_then(|p| p.take_element())
    }

    /// The call's one AudioContext, opened by the first meter or check that asks (see
    /// [`PrimedAudio::open_context`]); they all share it.
    pub(super) fn audio_context(&self) -> Option<web_sys::AudioContext> {
        self.primed.borrow().as_ref().and_then(|p| p.open_context())
    }

    pub(super) fn resume_primed_audio(&self) {
        if let Some(primed) = self.primed.borrow().as_ref() {
            primed.resume();
        }
    }

    pub(super) fn set_wake_lock(&self, lock: Option<ScreenWakeLock>) {
        *self.wake_lock.borrow_mut() = lock;
    }

    pub(super) fn has_wake_lock(&self) -> bool {
        self.wake_lock
            .borrow()
            .as_ref()
            .is_some_and(|l| l.is_held())
    }

    pub(super) fn set_playback_watch(&self, watch: Option<super::timers::Timer>) {
        *self.playback_watch.borrow_mut() = watch;
    }

    /// What the agent's `<audio>` does now; `None` when there is none.
    pub(super) fn agent_output(&self) -> Option<OutputSnapshot> {
        self.audio.borrow().first().map(|a| a.output())
    }

    /// Plays the agent's `<audio>` again; `false` when the browser refused.
    pub(super) async fn play_agent_again(&self) -> bool {
        let played = self.audio.borrow().first().map(|a| a.play_again());
        match played {
            Some(played) => played.await,
            None => true,
        }
    }

    pub(super) fn reattach_agent(&self) {
        if let Some(audio) = self.audio.borrow().first() {
            let _ = audio.reattach();
        }
    }

    /// Saves `ticket` in `store` until the call ends.
    pub(super) fn keep_for_resume(&self, store: ResumeStore, ticket: &ResumeTicket) {
        store.save(ticket);
        *self.resume.borrow_mut() = Some(store);
    }

    pub(super) fn mark_connected(&self) {
        self.connected_once.set(true);
    }

    pub(super) fn is_connected_once(&self) -> bool {
        self.connected_once.get()
    }

    pub(super) fn add_audio(&self, audio: RemoteAudio) {
        let mut all = self.audio.borrow_mut();
        all.retain(|existing| existing.track_sid() != audio.track_sid());
        all.push(audio);
    }

    pub(super) fn remove_audio(&self, track_sid: &str) {
        let removed: Vec<RemoteAudio> = {
            let mut all = self.audio.borrow_mut();
            let (gone, kept) = all.drain(..).partition(|a| a.track_sid() == track_sid);
            *all = kept;
            gone
        };
        drop(removed);
    }

    /// Aborts the token fetch, unregisters text-stream topics and RPC methods, disconnects the
    /// room (which stops the microphone track), removes the listeners and the `<audio>`
    /// elements. Safe to call twice.
    pub(super) async fn close(&self) {
        self.abort.abort();
        if let Some(store) = self.resume.borrow_mut().take() {
            store.clear();
        }
        drop(self.watch.borrow_mut().take());
        drop(self.playback_watch.borrow_mut().take());
        drop(self.wake_lock.borrow_mut().take());
        drop(std::mem::take(&mut *self.text_streams.borrow_mut()));
        drop(std::mem::take(&mut *self.rpc_methods.borrow_mut()));
        let room = self.room.borrow_mut().take();
        if let Some(room) = room {
            room.disconnect().await;
        }
        drop(self.live_room.borrow_mut().take());
        drop(self.subscription.borrow_mut().take());
        let audio: Vec<RemoteAudio> = self.audio.borrow_mut().drain(..).collect();
        drop(audio);
        drop(self.primed.borrow_mut().take());
    }
}

fn unreachable_abort_controller() -> AbortController {
    wasm_bindgen::throw_str(crate::i18n::owner_console::NEEDS_A_WINDOW)
}
