//! The voice widget: status, agent and microphone levels, controls, device pickers, the
//! conversation (transcript + chat), the diagnosis of a failure, and the status panel.

use super::consent_view::{consent_block, ConsentBlock};
use super::controls::controls;
use super::devices::device_pickers;
use super::diagnosis_view::diagnosis_view;
use super::element_slot::{element_slot, keep, when_drawn, OnDrawn};
use super::embed_notice::{embed_notice, PageProblem};
use super::handle::WidgetHandle;
use super::level_meter::{level_meter, LevelSource};
use super::preflight_view::preflight_view;
use super::status_panel::status_panel;
use super::transcript_view::transcript_view;
use super::warnings_view::warnings_view;
use crate::call::{CallInput, CallState};
use crate::i18n::status_line;
use crate::session::{CallSession, SessionConfig};
use leptos::prelude::*;
use std::rc::Rc;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// A voice call with a LiveKit agent.
#[component]
pub fn VoiceWidget(
    /// Where the token comes from, which agent to request, where the SDK is, the language.
    config: SessionConfig,
    /// Where to report the call to the host page (the embed's DOM events); none where nothing
    /// listens (the browser tests' bare mounts).
    #[prop(optional)]
    host_events: Option<super::host_events::HostEvents>,
    /// The call's state, when whoever mounts the widget reads it too (the embed's handle answers
    /// the loader's `stage` and `isActive` from it); a fresh one otherwise.
    #[prop(optional)]
    state: Option<RwSignal<CallState>>,
    /// What the page around the widget forbids, found by whoever mounts it (`embed::policy`).
    #[prop(default = None)]
    page_problem: Option<PageProblem>,
) -> impl IntoView {
    let lang = config.lang;
    let state = state.unwrap_or_else(|| RwSignal::new(CallState::default()));
    super::host_events::report_to_host(host_events.clone(), state, lang, page_problem);
    let consent_setup = config.consent.clone();
    let consent = super::consent_view::load_consent(consent_setup.as_ref());
    let consent_text_id = consent_setup
        .as_ref()
        .map(|_| super::consent_view::consent_text_id());

    let audio_ref = element_slot();
    let session: StoredValue<Option<Rc<CallSession>>, LocalStorage> = StoredValue::new_local(None);
    // Kept until the session is made, which takes it (no copy of the whole config: issue 15).
    let config = StoredValue::new_local(Some(config));

    // The session needs the audio container, which exists once the view is mounted; it is
    // created on the first intent.
    let factory = Rc::new(move || -> Option<Rc<CallSession>> {
        if let Some(existing) = session.get_value() {
            return Some(existing);
        }
        let container = audio_ref.get_value()?;
        let sink = Rc::new(move |input: CallInput| state.update(|s| s.apply(now_ms(), input)));
        let created = CallSession::new(
            config.try_update_value(Option::take).flatten()?,
            sink,
            container,
        );
        session.set_value(Some(created.clone()));
        Some(created)
    });
    let handle = WidgetHandle::new(state, lang, factory).with_consent(consent);
    let consent_block_params = ConsentBlock {
        handle,
        setup: consent_setup,
        text_id: consent_text_id.clone().unwrap_or_default(),
        host_events,
    };

    // A call an earlier page of this tab left running is rejoined once the view (and so the
    // audio container) exists (option `resume`): a task, which runs after this mount, where an
    // effect would cost the wasm its own instantiation. The visitor consented to that call
    // (where the site asks): it stays given on this page (not stored), or Hang up would be
    // drawn disabled.
    if let Some(ticket) = config.with_value(|c| c.as_ref().and_then(CallSession::saved_call)) {
        consent.update_value(|c| c.given = true);
        crate::livekit::spawn(async move {
            if let Some(session) = handle.session() {
                session.resume(ticket);
            }
        });
    }

    // Start the SDK download when the page is idle; pointer-over and focus start it sooner.
    let idle_preload = StoredValue::new_local(super::idle_preload::when_idle(3_000, move || {
        if let Some(session) = handle.session() {
            session.preload();
        }
    }));
    on_cleanup(move || {
        idle_preload.set_value(None);
        if let Some(session) = session.get_value() {
            session.shutdown();
        }
    });

    // Leak check for tests: listeners the widget holds on the last room it created (0 after
    // every call). Re-read on every state change.
    let room_listeners = move || {
        state.track();
        session
            .get_value()
            .and_then(|s| s.last_room())
            .map(|room| room.listener_count())
            .unwrap_or(0)
            // A string, as every other reactive attribute: one more value type (u32) cost the
            // wasm 0.5 KB gzip of Leptos' attribute and effect code (issue 15).
            .to_string()
    };

    // The parts are plain functions returning `AnyView`, not `#[component]`s: each component
    // call wrapped its body in its own untracked, erased copy of Leptos' component code (issue
    // 15: −0.6 KB gzip). They are called here, where nothing tracks.
    view! {
        <section
            class="lkw"
            lang=lang.tag()
            aria-label=lang.messages().widget_label()
            data-stage=move || state.with(|s| s.stage.key().to_string())
            data-agent-state=move || state.with(|s| s.agent.as_ref().map(|a| a.state.as_str()).unwrap_or("absent").to_string())
            data-room-listeners=room_listeners
        >
            <p class="lkw-status" role="status" aria-live="polite">
                {move || state.with(|s| status_line(s, lang))}
            </p>
            // Drawn once with the widget and hidden while no call runs: mounted by the click, the
            // two meters were drawn between the click and the token's arrival and held back
            // `room.connect()`.
            <div class="lkw-levels" hidden=move || !handle.is_active()>
                {level_meter(handle, LevelSource::Agent)}
                {level_meter(handle, LevelSource::Microphone)}
            </div>
            <div class="lkw-consent" use:when_drawn={OnDrawn::new(move |el| consent_block(el, consent_block_params.clone()))}></div>
            {controls(handle, consent_text_id)}
            {device_pickers(handle)}
            {diagnosis_view(handle)}
            {embed_notice(handle, page_problem)}
            {warnings_view(handle)}
            {transcript_view(handle)}
            {status_panel(handle)}
            {preflight_view(handle)}
            <div class="lkw-audio" use:when_drawn={keep(audio_ref)}></div>
        </section>
    }
}
