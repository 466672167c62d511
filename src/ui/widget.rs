//! The voice widget: Call / Hang up, "Enable audio" when the browser blocks playback, the status
//! line, the diagnosis of a failure, and the status panel.

use super::status_panel::StatusPanel;
use super::status_text::status_line;
use crate::call::{diagnose, CallInput, CallStage, CallState};
use crate::session::{CallSession, SessionConfig};
use leptos::html::Div;
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
    /// Where the token comes from, which agent to request, where the SDK is.
    config: SessionConfig,
) -> impl IntoView {
    let state = RwSignal::new(CallState::default());
    let config = StoredValue::new(config);
    let audio_ref = NodeRef::<Div>::new();
    let session: StoredValue<Option<Rc<CallSession>>, LocalStorage> = StoredValue::new_local(None);

    // The session needs the audio container, which exists once the view is mounted; it is
    // created on the first intent.
    let ensure_session = move || -> Option<Rc<CallSession>> {
        if let Some(existing) = session.get_value() {
            return Some(existing);
        }
        let container = audio_ref.get_untracked()?;
        let sink = Rc::new(move |input: CallInput| state.update(|s| s.apply(now_ms(), input)));
        let created = CallSession::new(config.get_value(), sink, container.into());
        session.set_value(Some(created.clone()));
        Some(created)
    };
    // Start the SDK download when the page is idle; pointer-over and focus start it sooner.
    let idle_preload = StoredValue::new_local(super::idle_preload::when_idle(3_000, move || {
        if let Some(session) = ensure_session() {
            session.preload();
        }
    }));
    on_cleanup(move || {
        idle_preload.set_value(None);
        if let Some(session) = session.get_value() {
            session.shutdown();
        }
    });

    let active = move || state.with(|s| s.stage.is_active());
    // Leak check for tests: listeners the widget holds on the last room it created (0 after
    // every Hang up). Re-read on every state change.
    let room_listeners = move || {
        state.track();
        session
            .get_value()
            .and_then(|s| s.last_room())
            .map(|room| room.listener_count())
            .unwrap_or(0)
    };
    let on_call_click = move |_| {
        let Some(session) = ensure_session() else {
            return;
        };
        if active() {
            session.hang_up();
        } else {
            session.start();
        }
    };
    let preload = move || {
        if let Some(session) = ensure_session() {
            session.preload();
        }
    };
    let on_enable_audio = move |_| {
        if let Some(session) = ensure_session() {
            session.enable_audio();
        }
    };

    let diagnosis = move || {
        state.with(|s| match &s.stage {
            CallStage::Failed(failure) => Some(diagnose(failure)),
            _ => None,
        })
    };

    view! {
        <section
            class="lkw"
            data-stage=move || state.with(|s| s.stage.key())
            data-room-listeners=room_listeners
        >
            <div class="lkw-controls">
                <button
                    type="button"
                    class="lkw-call"
                    class:lkw-call-active=active
                    on:click=on_call_click
                    on:pointerenter=move |_| preload()
                    on:focus=move |_| preload()
                >
                    {move || if active() { "Hang up" } else { "Call" }}
                </button>
                <Show when=move || state.with(|s| s.playback_blocked && s.stage.is_active())>
                    <button type="button" class="lkw-enable-audio" on:click=on_enable_audio>
                        "Enable audio"
                    </button>
                </Show>
            </div>
            <p class="lkw-status" role="status" aria-live="polite">
                {move || state.with(status_line)}
            </p>
            {move || {
                diagnosis()
                    .map(|d| {
                        view! {
                            <div class="lkw-error" role="alert" data-hop=d.hop.label()>
                                <p class="lkw-error-user">{d.user_message}</p>
                                <p class="lkw-error-fix">{d.owner_fix}</p>
                                <p class="lkw-error-evidence">{d.evidence}</p>
                            </div>
                        }
                    })
            }}
            <StatusPanel state=state />
            <div class="lkw-audio" node_ref=audio_ref></div>
        </section>
    }
}
