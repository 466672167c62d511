//! Live levels: the agent's voice and the person's microphone, from an `AnalyserNode`.
//!
//! Sampling runs only while a source exists and the page is visible; with
//! `prefers-reduced-motion` it samples four times a second and the bar does not animate (CSS).
//! The bar's length is a CSS custom property set through the CSSOM (`style.setProperty`), not a
//! `style` attribute: a host page whose CSP has no `'unsafe-inline'` in `style-src` blocks the
//! attribute but not the CSSOM.

use super::effect::effect;
use super::element_slot::{element_slot, keep, when_drawn};
use super::handle::WidgetHandle;
use crate::livekit::AudioLevel;
use crate::session::timers::Timer;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Which level to show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LevelSource {
    Agent,
    Microphone,
}

fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// A level in 0..=1 as whole per-mille (no float formatting in the wasm). Kept as a `u64`, the
/// type of the call timer's seconds: a signal of one more type (`f64`) cost the wasm its own
/// signal code (issue 15).
fn per_mille(level: f64) -> u64 {
    (level.clamp(0.0, 1.0) * 1000.0).round() as u64
}

pub fn level_meter(handle: WidgetHandle, source: LevelSource) -> AnyView {
    let level = RwSignal::new(0u64);
    // Rebuild the analyser when its source may have appeared or gone. Not a Memo: the effect
    // keeps the last key itself (one more Memo type costs the wasm, issue 15).
    let source_key = move || {
        handle.state.with(|s| match source {
            LevelSource::Agent => s.agent.as_ref().and_then(|a| a.audio_track_sid.clone()),
            LevelSource::Microphone => s.microphone_on.then(|| "microphone".to_string()),
        })
    };
    let seen = std::cell::Cell::new(None);
    let analyser: StoredValue<Option<AudioLevel>, LocalStorage> = StoredValue::new_local(None);
    let interval: StoredValue<Option<Timer>, LocalStorage> = StoredValue::new_local(None);
    let stop = move || {
        interval.set_value(None);
        analyser.set_value(None);
        level.set(0);
    };
    effect(move || {
        let key = source_key();
        if seen.replace(Some(key.clone())) == Some(key.clone()) {
            return;
        }
        stop();
        if key.is_none() {
            return;
        }
        let Some(session) = handle.session() else {
            return;
        };
        // The analyser (and the call's AudioContext, if no meter opened it yet) is made at the
        // first tick, not here: this effect runs in the same turn as the line that says the
        // microphone is on, and opening a context takes the main thread milliseconds.
        let measure = move || {
            let shared = session.audio_context();
            match source {
                LevelSource::Agent => session
                    .agent_audio_stream()
                    .and_then(|s| AudioLevel::of_stream(&s, shared.as_ref())),
                LevelSource::Microphone => session
                    .microphone_track()
                    .and_then(|t| AudioLevel::of_track(&t, shared.as_ref())),
            }
        };
        let period = if reduced_motion() { 250 } else { 60 };
        let tick = move || {
            if !page_visible() {
                return;
            }
            analyser.update_value(|a| {
                if a.is_none() {
                    *a = measure();
                }
                if let Some(a) = a.as_mut() {
                    level.set(per_mille(a.level()));
                }
            });
        };
        interval.set_value(Timer::every(period, tick));
    });
    on_cleanup(stop);
    let (label, class) = match source {
        LevelSource::Agent => (
            handle.text().agent_voice_level(),
            "lkw-level lkw-level-agent",
        ),
        LevelSource::Microphone => (
            handle.text().your_microphone_level(),
            "lkw-level lkw-level-mic",
        ),
    };
    let bar = element_slot();
    effect(move || {
        let permille = level.get();
        // Not drawn yet at the first run: the bar's CSS reads 0 while the property is unset.
        if let Some(bar) = bar.get_value() {
            let value = format!("{}.{:03}", permille / 1000, permille % 1000);
            let style = web_sys::HtmlElement::style(bar.unchecked_ref());
            let _ = style.set_property("--lkw-level", &value);
        }
    });
    view! {
        <div
            class=class
            role="meter"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || ((level.get() + 5) / 10).to_string()
            data-active=move || source_key().is_some().to_string()
        >
            <span class="lkw-level-bar" use:when_drawn={keep(bar)}></span>
        </div>
    }
    .into_any()
}
