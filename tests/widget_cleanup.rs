//! The cleanup test, in the style of leptos-use's `owner.cleanup()` test: unmounting the widget
//! mid-call ends the microphone track and leaves no `<audio>`. Its own file = its own page, so no
//! other test's microphone is counted.
//!
//! Tests named `real_stack_…` need the live stack (LiveKit server, agent, token server) and get
//! its token endpoint from `support::stack_token_url`: they fail when `scripts/test` runs them
//! without it, and skip (printing `SKIPPED`) only when run by hand without `scripts/test`.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;
use support::mounted::*;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn real_stack_unmount_mid_call_ends_the_mic_and_removes_audio() {
    if skip_without_webrtc("real_stack_unmount_mid_call_ends_the_mic_and_removes_audio") {
        return;
    }
    let Some(token_url) =
        stack_token_url("real_stack_unmount_mid_call_ends_the_mic_and_removes_audio")
    else {
        return;
    };
    record_microphone_tracks();
    let mut widget = Mounted::new(config(token_url));
    sleep(0).await;
    widget.click("button.lkw-call");
    assert!(
        wait_until(Duration::from_secs(20), || widget.audio_count() == 1
            && microphone_tracks().1 >= 1)
        .await,
        "call did not reach audio + mic; log: {}",
        widget.text(".lkw-log")
    );
    widget.unmount();
    assert!(
        wait_until(Duration::from_secs(10), || widget.audio_count() == 0).await,
        "<audio> left behind"
    );
    assert!(
        wait_until(Duration::from_secs(10), || microphone_tracks().1 == 0).await,
        "mic track still live"
    );
}
