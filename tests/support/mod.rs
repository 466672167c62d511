//! Shared helpers for the browser tests.
#![allow(dead_code)]

pub mod mounted;

use std::time::Duration;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The SDK as served to the test page (the runner serves the crate root as a fallback).
pub const SDK_URL: &str = "/vendor/livekit-client.min.js";

/// The prefix of every browser test that needs the live stack (LiveKit server, agent, token
/// server): the name says so, in the runner's output and in a filter (`cargo test … real_stack_`).
pub const STACK_TEST_PREFIX: &str = "real_stack_";

/// The token endpoint of the stack `scripts/test` started, for the test `test` (whose name must
/// start with [`STACK_TEST_PREFIX`]). Both variables are read at compile time:
/// - `LKW_TEST_TOKEN_URL` (set by `scripts/test` once the stack is up): the endpoint;
/// - `LKW_TEST_REQUIRES_STACK` (set by `scripts/test` from its first line): the test command runs
///   these tests, so a missing endpoint fails the test instead of skipping it.
///
/// Without either (`wasm-pack test --headless --chrome` by hand) it prints why the test did
/// nothing and returns `None`.
pub fn stack_token_url(test: &str) -> Option<&'static str> {
    let url = stack_token_url_from(
        test,
        option_env!("LKW_TEST_TOKEN_URL"),
        option_env!("LKW_TEST_REQUIRES_STACK").is_some_and(|v| !v.is_empty()),
    );
    if url.is_none() {
        web_sys::console::log_1(
            &format!("SKIPPED {test}: no LKW_TEST_TOKEN_URL (run scripts/test for the real stack)")
                .into(),
        );
    }
    url
}

/// The rule behind [`stack_token_url`], with its inputs given.
pub fn stack_token_url_from(
    test: &str,
    token_url: Option<&'static str>,
    required: bool,
) -> Option<&'static str> {
    assert!(
        test.starts_with(STACK_TEST_PREFIX),
        "{test} needs the live stack: its name must start with {STACK_TEST_PREFIX}"
    );
    let url = token_url.filter(|url| !url.is_empty());
    assert!(
        url.is_some() || !required,
        "{test} needs the live stack, and the test command runs it (LKW_TEST_REQUIRES_STACK), \
         but LKW_TEST_TOKEN_URL was not set when it was built"
    );
    url
}

/// Whether this browser can make a peer connection. Debian's WebKitGTK is built without WebRTC
/// (`RTCPeerConnection` is undefined): there a LiveKit call cannot even start.
pub fn has_webrtc() -> bool {
    has_global_function("RTCPeerConnection")
}

/// Whether the page's global `name` is a function (a constructor the browser offers).
pub fn has_global_function(name: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &js(name))
        .map(|value| value.is_function())
        .unwrap_or(false)
}

/// Whether livekit-client can make its pre-connect recording here: a `MediaRecorder` that takes
/// one of the types it tries (WebKitGTK has a MediaRecorder that takes neither).
pub fn can_record_pre_connect() -> bool {
    js_sys::Function::new_no_args(
        "return typeof MediaRecorder === 'function' && \
         (MediaRecorder.isTypeSupported('audio/webm;codecs=opus') || \
          MediaRecorder.isTypeSupported('video/mp4'))",
    )
    .call0(&JsValue::UNDEFINED)
    .map(|value| value.is_truthy())
    .unwrap_or(false)
}

/// Whether `<audio>` can be routed to a chosen speaker (`HTMLMediaElement.setSinkId`; WebKit has
/// none).
pub fn has_set_sink_id() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &js("HTMLMediaElement"))
        .and_then(|ctor| js_sys::Reflect::get(&ctor, &js("prototype")))
        .and_then(|proto| js_sys::Reflect::has(&proto, &js("setSinkId")))
        .unwrap_or(false)
}

/// For a test that needs a peer connection: prints why it is skipped and returns true when this
/// browser has no WebRTC.
pub fn skip_without_webrtc(test: &str) -> bool {
    if has_webrtc() {
        return false;
    }
    web_sys::console::log_1(
        &format!(
            "SKIPPED {test}: this browser has no WebRTC (RTCPeerConnection is undefined; \
             Debian's WebKitGTK is built without it)"
        )
        .into(),
    );
    true
}

/// Waits `ms` milliseconds on the browser's clock.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Polls `check` every 50 ms until it holds or `timeout` passes.
pub async fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let rounds = (timeout.as_millis() / 50).max(1);
    for _ in 0..rounds {
        if check() {
            return true;
        }
        sleep(50).await;
    }
    check()
}

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

/// A fresh `<div>` appended to the body, for a test to mount into (the test removes it).
pub fn appended_div() -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    let root: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    root
}

pub fn js(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// Connects `room` with a token the stack's endpoint (`token_url`) grants for `request`.
pub async fn connect_with_token(
    room: &lk_voice_widget::livekit::Room,
    token_url: &str,
    request: &lk_voice_widget::livekit::TokenRequest,
) {
    let abort = web_sys::AbortController::new().expect("abort controller");
    let grant = lk_voice_widget::livekit::TokenClient::new(token_url)
        .fetch(request, &abort)
        .await
        .expect("token");
    room.connect(
        grant
            .server_url
            .as_deref()
            .expect("the stack names its server"),
        &grant.participant_token,
    )
    .await
    .expect("connects");
}
