//! Browser tests of what the safe layer reads or holds in the browser itself, without the SDK:
//! what the browser offers for a call, playback unlocked by a click, the screen wake lock.
#![cfg(target_arch = "wasm32")]

mod support;

use lk_voice_widget::call::browser_support::BrowserGap;
use lk_voice_widget::livekit::{browser_features, PrimedAudio, ScreenWakeLock};
use std::time::Duration;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn run_js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .expect("test script runs")
}

#[wasm_bindgen_test]
fn browser_features_read_what_this_browser_has() {
    let features = browser_features();
    assert_eq!(features.peer_connection, has_webrtc());
    assert!(features.websocket);
    assert!(features.secure_context, "the test page is on localhost");
    assert!(
        features.get_user_media,
        "every engine we test has getUserMedia"
    );
    let expected = if has_webrtc() {
        None
    } else {
        Some(BrowserGap::NoWebRtc)
    };
    assert_eq!(features.gap(), expected);
}

#[wasm_bindgen_test]
fn browser_features_notice_a_missing_peer_connection() {
    // What a webview without WebRTC looks like: the constructor is gone.
    run_js(
        "window.__savedPC = window.RTCPeerConnection; \
         Object.defineProperty(window, 'RTCPeerConnection', {value: undefined, configurable: true, writable: true});",
    );
    let features = browser_features();
    run_js(
        "Object.defineProperty(window, 'RTCPeerConnection', {value: window.__savedPC, configurable: true, writable: true});",
    );
    assert!(!features.peer_connection);
    assert_eq!(features.gap(), Some(BrowserGap::NoWebRtc));
}

#[wasm_bindgen_test]
async fn primed_audio_plays_an_element_in_the_container_and_removes_it_on_drop() {
    let container = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("append");
    let primed = PrimedAudio::prime(&container).expect("primed");
    let audio = container.query_selector("audio").expect("query");
    assert!(audio.is_some(), "the element is in the container");
    assert!(audio.unwrap().has_attribute("data-lkw-primed"));
    drop(primed);
    assert!(
        container.query_selector("audio").expect("query").is_none(),
        "Drop removes an element nobody took"
    );

    let primed = PrimedAudio::prime(&container).expect("primed again");
    let element = primed.take_element().expect("the element");
    assert!(primed.take_element().is_none(), "handed out once");
    drop(primed);
    assert!(
        element.is_connected(),
        "a taken element belongs to its taker (the agent's RemoteAudio removes it)"
    );
    element.remove();
}

#[wasm_bindgen_test]
async fn primed_audio_opens_one_audio_context_that_runs_where_the_page_may_play() {
    let container = document().create_element("div").expect("div");
    let primed = PrimedAudio::prime(&container).expect("primed");
    // The click primes the element only: the context is opened once the connect has started.
    assert!(primed.context().is_none(), "no AudioContext in the click");
    let context = primed.open_context().expect("context");
    let again = primed.open_context().expect("the same context");
    assert_eq!(
        context, again,
        "one AudioContext per call, however often it is asked for"
    );
    // Chromium's test browser lets pages play; Firefox here needs a gesture (or a sound device)
    // and WebKit a gesture: the context runs exactly where an AudioContext made by a page runs.
    let reference = web_sys::AudioContext::new().expect("context");
    let _ = reference.resume();
    sleep(300).await;
    let page_may_play = reference.state() == web_sys::AudioContextState::Running;
    let _ = reference.close();
    assert_eq!(primed.context_running(), page_may_play);
    drop(primed);
    sleep(50).await;
    assert_eq!(
        context.state(),
        web_sys::AudioContextState::Closed,
        "closed with the call"
    );
}

#[wasm_bindgen_test]
async fn screen_wake_lock_is_held_and_released_on_drop() {
    let has_api = js_sys::Reflect::has(
        &web_sys::window().expect("window").navigator(),
        &js("wakeLock"),
    )
    .unwrap_or(false);
    // Count the sentinels the browser hands out, to see them released.
    run_js(
        "if (navigator.wakeLock && !window.__lkwLocks) { window.__lkwLocks = []; \
         const request = navigator.wakeLock.request.bind(navigator.wakeLock); \
         navigator.wakeLock.request = async (kind) => { const s = await request(kind); window.__lkwLocks.push(s); return s; }; }",
    );
    let Some(lock) = ScreenWakeLock::acquire() else {
        assert!(!has_api, "the API exists but no lock was asked for");
        web_sys::console::log_1(&"SKIPPED wake lock: no Wake Lock API here".into());
        return;
    };
    let held = wait_until(Duration::from_secs(5), || lock.is_held()).await;
    let asked = run_js("return (window.__lkwLocks || []).length").as_f64() == Some(1.0);
    if !held {
        // A browser may refuse (headless without a screen, a permissions policy); the call goes on.
        web_sys::console::log_1(&"wake lock refused by this browser".into());
        return;
    }
    assert!(asked);
    drop(lock);
    let released = wait_until(Duration::from_secs(5), || {
        run_js("return window.__lkwLocks.every((s) => s.released)").is_truthy()
    })
    .await;
    assert!(released, "Drop releases the wake lock");
}

#[wasm_bindgen_test]
async fn audio_level_measures_in_a_shared_context_and_leaves_it_open() {
    use wasm_bindgen::JsCast;
    // A 440 Hz tone as a MediaStream, made in the context the meter will share.
    let made = run_js(
        "const ctx = new AudioContext(); ctx.resume(); \
         const osc = ctx.createOscillator(); const dest = ctx.createMediaStreamDestination(); \
         osc.connect(dest); osc.start(); return [ctx, dest.stream];",
    );
    let made: js_sys::Array = made.unchecked_into();
    let context: web_sys::AudioContext = made.get(0).unchecked_into();
    let stream: web_sys::MediaStream = made.get(1).unchecked_into();
    let mut meter =
        lk_voice_widget::livekit::AudioLevel::of_stream(&stream, Some(&context)).expect("meter");
    let running = wait_until(Duration::from_secs(2), || {
        context.state() == web_sys::AudioContextState::Running
    })
    .await;
    if running {
        // Where the page may play (Chromium here), the tone is measured.
        let heard = wait_until(Duration::from_secs(2), || meter.dbfs() > -20.0).await;
        assert!(heard, "a full-scale tone reads {} dBFS", meter.dbfs());
        assert!(meter.level() > 0.5);
    }
    drop(meter);
    sleep(50).await;
    assert_ne!(
        context.state(),
        web_sys::AudioContextState::Closed,
        "a shared context stays open when its meter goes"
    );
    // A meter of its own (no shared context) measures a track too.
    let track = stream.get_audio_tracks().get(0).unchecked_into();
    let own = lk_voice_widget::livekit::AudioLevel::of_track(&track, None);
    assert!(own.is_some());
    drop(own);
    let _ = context.close();
}
