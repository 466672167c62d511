//! Call / Hang up, "Enable audio" when the browser blocks playback, mute, and the call timer.

use super::effect::effect;
use super::handle::WidgetHandle;
use super::shown::{flag, shown};
use crate::call::CallStage;
use crate::session::timers::Timer;
use leptos::prelude::*;

fn in_room(stage: &CallStage) -> bool {
    matches!(
        stage,
        CallStage::Connected | CallStage::AgentJoined | CallStage::Reconnecting
    )
}

/// `consent_text_id`: the consent sentence's id, where the site asks for consent.
pub fn controls(handle: WidgetHandle, consent_text_id: Option<String>) -> AnyView {
    let m = handle.text();
    let active = move || handle.is_active();
    // Call waits for consent: disabled and described by the sentence as drawn; the consent block
    // (`consent_view`) updates both as the visitor ticks (an active call always has consent: a
    // withdrawal hangs up).
    let waits = handle.consent.with_value(|c| c.pending());
    let on_call = move |_| {
        let Some(session) = handle.session() else {
            return;
        };
        if handle.is_active() {
            session.hang_up();
        } else if handle.consent.with_value(|c| c.allows_call()) {
            session.start();
        }
    };
    let preload = move || {
        if let Some(session) = handle.session() {
            session.preload();
        }
    };
    let on_enable_audio = move |_| {
        if let Some(session) = handle.session() {
            session.enable_audio();
        }
    };
    let muted = move || handle.state.with(|s| !s.microphone_on);
    let on_mute = move |_| {
        if let Some(session) = handle.session() {
            session.set_muted(!muted());
        }
    };
    let show_mute = move || handle.state.with(|s| in_room(&s.stage));

    view! {
        <div class="lkw-controls">
            <button
                type="button"
                class="lkw-call"
                class:lkw-call-active=active
                disabled=waits
                aria-describedby=consent_text_id.filter(|_| waits)
                on:click=on_call
                on:pointerenter=move |_| preload()
                on:focus=move |_| preload()
            >
                {move || String::from(if active() { m.hang_up() } else { m.call() })}
            </button>
            {shown(show_mute, move || view! {
                <button
                    type="button"
                    class="lkw-mute"
                    aria-pressed=move || muted().to_string()
                    on:click=on_mute
                >
                    {move || String::from(if muted() { m.unmute() } else { m.mute() })}
                </button>
            }.into_any())}
            {shown(move || handle.state.with(|s| s.playback_blocked && s.stage.is_active()), move || view! {
                <button type="button" class="lkw-enable-audio" on:click=on_enable_audio>
                    {m.enable_audio()}
                </button>
            }.into_any())}
            {call_timer(handle)}
        </div>
    }
    .into_any()
}

/// Minutes and seconds since the room connected; runs only while in a call.
fn call_timer(handle: WidgetHandle) -> AnyView {
    let seconds = RwSignal::new(0u64);
    let running = flag(move || handle.state.with(|s| in_room(&s.stage)));
    let interval: StoredValue<Option<Timer>, LocalStorage> = StoredValue::new_local(None);
    effect(move || {
        interval.set_value(None); // drops (clears) the previous call's ticks
        if running.get() {
            seconds.set(0);
            let started = web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now())
                .unwrap_or(0.0);
            let tick = move || {
                let now = web_sys::window()
                    .and_then(|w| w.performance())
                    .map(|p| p.now())
                    .unwrap_or(started);
                seconds.set(((now - started) / 1000.0).max(0.0) as u64);
            };
            interval.set_value(Timer::every(500, tick));
        }
    });
    on_cleanup(move || interval.set_value(None));
    let label = handle.text().call_duration();
    shown(
        move || running.get(),
        move || {
            view! {
                <span class="lkw-timer" role="timer" aria-label=label>
                    {move || {
                        let s = seconds.get();
                        format!("{}:{:02}", s / 60, s % 60)
                    }}
                </span>
            }
            .into_any()
        },
    )
}
