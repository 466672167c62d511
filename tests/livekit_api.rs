//! Browser tests of the safe `livekit` layer against the real SDK (and, when `scripts/test` runs
//! them, against the real LiveKit server and agent).
//!
//! Tests named `real_stack_…` need the live stack (LiveKit server, agent, token server) and get
//! its token endpoint from `support::stack_token_url`: they fail when `scripts/test` runs them
//! without it, and skip (printing `SKIPPED`) only when run by hand without `scripts/test`.
#![cfg(target_arch = "wasm32")]

mod support;

use lk_voice_widget::livekit::event::RoomEvent;
use lk_voice_widget::livekit::failure::{ConnectErrorReason, LiveKitError, SdkLoadCause};
use lk_voice_widget::livekit::TokenEndpointError;
use lk_voice_widget::livekit::{load_sdk, Room, TokenClient, TokenRequest};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn load_sdk_loads_the_pinned_module_without_a_page_global() {
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    assert_eq!(sdk.version(), "2.23.0");
    assert_eq!(
        sdk.is_browser_supported(),
        has_webrtc(),
        "the SDK supports exactly the browsers that have WebRTC"
    );
    let global = js_sys::Reflect::get(&js_sys::global(), &js("LivekitClient")).expect("reflect");
    assert!(
        global.is_undefined(),
        "the SDK must not create window.LivekitClient"
    );
}

#[wasm_bindgen_test]
fn default_sdk_url_points_at_vendor_beside_the_app() {
    let url = lk_voice_widget::livekit::default_sdk_url();
    assert!(url.ends_with("/vendor/livekit-client.min.js"), "{url}");
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "resolved against the module URL: {url}"
    );
}

#[wasm_bindgen_test]
async fn load_sdk_missing_file_names_the_url_and_status() {
    match load_sdk("/vendor/no-such-sdk.js").await {
        Err(LiveKitError::SdkLoad { url, cause, .. }) => {
            assert!(url.ends_with("/vendor/no-such-sdk.js"), "{url}");
            assert_eq!(cause, SdkLoadCause::Http(404));
        }
        other => panic!("expected an SDK load failure, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn subscription_owns_its_listeners_and_removes_them_on_drop() {
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    assert_eq!(room.listener_count(), 0);
    let subscription = room.subscribe(|_, _| {});
    assert_eq!(subscription.len(), RoomEvent::SDK_NAMES.len());
    assert!(!subscription.is_empty());
    assert_eq!(room.listener_count() as usize, RoomEvent::SDK_NAMES.len());
    drop(subscription);
    assert_eq!(room.listener_count(), 0);
}

#[wasm_bindgen_test]
async fn new_room_is_disconnected_and_mic_is_off() {
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    assert_eq!(room.connection_state(), "disconnected");
    assert!(!room.is_microphone_enabled());
    assert!(room.remote_participants().is_empty());
    room.disconnect().await; // disconnecting a room that never connected is harmless
}

#[wasm_bindgen_test]
async fn a_held_room_is_on_the_crash_list_until_its_guard_drops() {
    use lk_voice_widget::livekit::live_calls;
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    let before = live_calls::count();
    let guard = room.hold_live();
    assert_eq!(live_calls::count(), before + 1);
    // What a crash does first: every held room is told to disconnect (harmless before connect).
    assert_eq!(live_calls::end_all(), before + 1);
    drop(guard);
    assert_eq!(live_calls::count(), before);
}

#[wasm_bindgen_test]
async fn a_captured_microphone_is_stopped_by_a_crash() {
    use lk_voice_widget::livekit::live_calls;
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    let before = live_calls::count();
    let captured = room
        .capture_microphone(None)
        .captured()
        .await
        .expect("the fake microphone is captured");
    assert_eq!(live_calls::count(), before + 1);
    let track = captured.media_stream_track().expect("a MediaStreamTrack");
    assert_eq!(track.ready_state(), web_sys::MediaStreamTrackState::Live);
    live_calls::end_all();
    assert_eq!(track.ready_state(), web_sys::MediaStreamTrackState::Ended);
    drop(captured);
    assert_eq!(live_calls::count(), before);
}

#[wasm_bindgen_test]
async fn connect_to_a_closed_port_is_a_typed_unreachable_error() {
    if skip_without_webrtc("connect_to_a_closed_port_is_a_typed_unreachable_error") {
        return;
    }
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    let events = Rc::new(RefCell::new(Vec::new()));
    let seen = events.clone();
    let _subscription = room.subscribe(move |event, _| seen.borrow_mut().push(event));
    match room.connect("ws://127.0.0.1:9", "not-a-token").await {
        Err(LiveKitError::Connect { url, reason, .. }) => {
            assert_eq!(url, "ws://127.0.0.1:9");
            assert!(
                matches!(
                    reason,
                    ConnectErrorReason::ServerUnreachable | ConnectErrorReason::WebSocket
                ),
                "reason {reason:?}"
            );
        }
        other => panic!("expected a connect failure, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn start_audio_resolves_and_reports_playback() {
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    room.start_audio().await.expect("startAudio resolves");
    let _ = room.can_playback_audio();
}

#[wasm_bindgen_test]
async fn token_client_unreachable_endpoint_is_typed() {
    let abort = web_sys::AbortController::new().expect("abort controller");
    let client = TokenClient::new("http://127.0.0.1:9/api/token");
    match client.fetch(&TokenRequest::default(), &abort).await {
        Err(TokenEndpointError::Unreachable { url, .. }) => {
            assert_eq!(url, "http://127.0.0.1:9/api/token")
        }
        other => panic!("expected unreachable, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn token_client_non_json_answer_keeps_the_evidence() {
    let abort = web_sys::AbortController::new().expect("abort controller");
    // The test runner serves the crate root: Cargo.toml is a 200 with a non-JSON body.
    let mut client = TokenClient::new("/Cargo.toml");
    client.method = "GET".into();
    match client.fetch(&TokenRequest::default(), &abort).await {
        Err(TokenEndpointError::NotJson {
            status, body_start, ..
        }) => {
            assert_eq!(status, 200);
            assert!(body_start.starts_with("[workspace]"), "{body_start}");
        }
        other => panic!("expected not-JSON, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn token_client_aborted_fetch_is_reported_not_hung() {
    let abort = web_sys::AbortController::new().expect("abort controller");
    abort.abort();
    let client = TokenClient::new("/Cargo.toml");
    assert!(matches!(
        client.fetch(&TokenRequest::default(), &abort).await,
        Err(TokenEndpointError::Unreachable { .. })
    ));
}

/// Connect, mic, agent audio and disconnect against the real stack.
#[wasm_bindgen_test]
async fn real_stack_connect_mic_agent_audio_and_disconnect() {
    if skip_without_webrtc("real_stack_connect_mic_agent_audio_and_disconnect") {
        return;
    }
    let Some(token_url) = stack_token_url("real_stack_connect_mic_agent_audio_and_disconnect")
    else {
        return;
    };
    let abort = web_sys::AbortController::new().expect("abort controller");
    let grant = TokenClient::new(token_url)
        .fetch(&TokenRequest::default(), &abort)
        .await
        .expect("token");
    let server_url = grant
        .server_url
        .clone()
        .expect("standard shape names the server");

    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");
    let tracks = Rc::new(RefCell::new(Vec::new()));
    let events = Rc::new(RefCell::new(Vec::new()));
    let (seen_tracks, seen_events) = (tracks.clone(), events.clone());
    let subscription = room.subscribe(move |event, track| {
        if let (
            RoomEvent::TrackSubscribed {
                track: snapshot, ..
            },
            Some(track),
        ) = (&event, track)
        {
            seen_tracks.borrow_mut().push((snapshot.sid.clone(), track));
        }
        seen_events.borrow_mut().push(event);
    });
    room.connect(&server_url, &grant.participant_token)
        .await
        .expect("connects");
    assert_eq!(room.connection_state(), "connected");
    assert!(!room.name().is_empty());
    assert_eq!(room.local_microphone_device_id(), None, "no mic track yet");
    room.set_microphone_enabled(true)
        .await
        .expect("fake mic publishes");
    assert!(room.is_microphone_enabled());
    let capturing = room
        .local_microphone_device_id()
        .expect("the live mic track names its device");
    assert!(!capturing.is_empty());

    let agent_track = wait_until(Duration::from_secs(20), || !tracks.borrow().is_empty()).await;
    assert!(
        agent_track,
        "the agent's audio track was not subscribed within 20 s"
    );
    assert!(room.remote_participants().iter().any(|p| p.is_agent()));

    let container = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("append");
    let (sid, track) = tracks.borrow()[0].clone();
    let audio = lk_voice_widget::livekit::RemoteAudio::attach(&track, &sid, &container, None)
        .expect("attach");
    assert_eq!(audio.track_sid(), sid);
    assert!(
        audio.element().is_connected(),
        "the <audio> is in the container"
    );
    assert_eq!(
        container
            .query_selector_all("audio")
            .expect("query")
            .length(),
        1
    );
    drop(audio);
    assert_eq!(
        container
            .query_selector_all("audio")
            .expect("query")
            .length(),
        0,
        "Drop removes <audio>"
    );

    // The same track in an element a click unlocked: it plays there, and the watchdog's means
    // (what the element does, play again, re-attach) work on it.
    let primed = lk_voice_widget::livekit::PrimedAudio::prime(&container).expect("primed");
    let element = primed.take_element().expect("the primed element");
    assert!(primed.take_element().is_none(), "handed out once");
    let audio = lk_voice_widget::livekit::RemoteAudio::attach(
        &track,
        &sid,
        &container,
        Some(element.clone()),
    )
    .expect("attach to the primed element");
    assert_eq!(audio.element(), &element, "no second <audio>");
    assert!(element.src_object().is_some(), "the track plays in it");
    let played = audio.play_again().await;
    assert_eq!(
        played,
        !audio.output().paused,
        "play_again says what happened"
    );
    let _ = element.pause();
    element.set_muted(true);
    assert!(audio.output().paused && audio.output().muted);
    let played = audio.play_again().await;
    assert!(!audio.output().muted, "play_again unmutes");
    assert_eq!(played, !audio.output().paused);
    let before = element.src_object().expect("stream");
    audio.reattach().expect("re-attach");
    let after = element.src_object().expect("stream again");
    assert!(before != after, "a fresh srcObject");
    drop(audio);
    drop(primed);
    assert_eq!(
        container
            .query_selector_all("audio")
            .expect("query")
            .length(),
        0,
        "Drop removes the primed <audio> too"
    );

    room.set_microphone_enabled(false).await.expect("mic off");
    room.disconnect().await;
    assert_eq!(room.connection_state(), "disconnected");
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, RoomEvent::Disconnected { .. })));
    drop(subscription);
    assert_eq!(room.listener_count(), 0);
    container.remove();
}

#[wasm_bindgen_test]
async fn real_stack_microphone_captured_while_connecting_is_published_or_stopped() {
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let room = Room::new(&sdk).expect("room");

    // Not connected: the capture still runs; unpublished, it stops on drop.
    let unpublished = room
        .capture_microphone(None)
        .captured()
        .await
        .expect("the fake microphone is captured before any connection");
    let track = unpublished
        .media_stream_track()
        .expect("a MediaStreamTrack");
    assert_eq!(track.ready_state(), web_sys::MediaStreamTrackState::Live);
    // livekit-client records with MediaRecorder (webm/opus or mp4); WebKitGTK's takes neither.
    assert_eq!(
        unpublished.is_buffering(),
        can_record_pre_connect(),
        "the pre-connect recording starts as soon as the track exists (where it can record)"
    );
    drop(unpublished);
    assert_eq!(
        track.ready_state(),
        web_sys::MediaStreamTrackState::Ended,
        "an unpublished capture stops its track on drop"
    );

    if skip_without_webrtc(
        "real_stack_microphone_captured_while_connecting_is_published_or_stopped (its publishing half)",
    ) {
        return;
    }
    let Some(token_url) =
        stack_token_url("real_stack_microphone_captured_while_connecting_is_published_or_stopped")
    else {
        return;
    };
    let abort = web_sys::AbortController::new().expect("abort controller");
    // No one will subscribe (the agent asked for never comes): the pre-connect recording runs
    // until stopped, so stopping it is observable.
    let request = TokenRequest {
        room_config: Some(lk_voice_widget::livekit::RoomConfigRequest {
            agents: vec![lk_voice_widget::livekit::AgentDispatchRequest {
                agent_name: "absent-agent".into(),
                metadata: None,
            }],
        }),
        ..TokenRequest::default()
    };
    let grant = TokenClient::new(token_url)
        .fetch(&request, &abort)
        .await
        .expect("token");
    let server_url = grant.server_url.clone().expect("server url");
    let room = Room::new(&sdk).expect("room");
    // Started before connecting, on a named device (the page's second fake microphone).
    let devices = sdk
        .local_devices(lk_voice_widget::livekit::DeviceKind::Microphone, false)
        .await
        .expect("devices");
    let second = devices
        .iter()
        .find(|d| d.device_id != "default")
        .expect("a named fake microphone")
        .device_id
        .clone();
    let capture = room.capture_microphone(Some(&second));
    room.connect(&server_url, &grant.participant_token)
        .await
        .expect("connects");
    let microphone = capture.captured().await.expect("captured");
    let track = microphone.media_stream_track().expect("a MediaStreamTrack");
    assert_eq!(
        track.get_settings().get_device_id().as_deref(),
        Some(second.as_str()),
        "captured from the named device"
    );
    assert!(microphone.is_buffering(), "recording for the agent");
    room.publish_microphone(microphone)
        .await
        .expect("published once connected");
    assert!(room.is_microphone_enabled());
    assert!(room.local_microphone_track_sid().is_some());
    assert!(
        room.is_microphone_pre_connect_buffering(),
        "published with its recording for the agent"
    );
    room.stop_microphone_pre_connect_buffer();
    assert!(!room.is_microphone_pre_connect_buffering());
    assert_eq!(
        track.ready_state(),
        web_sys::MediaStreamTrackState::Live,
        "a published capture belongs to the room and stays live"
    );
    room.disconnect().await;
    assert_eq!(
        track.ready_state(),
        web_sys::MediaStreamTrackState::Ended,
        "disconnect stops the published microphone"
    );
}

/// `at_join` tells a room this join created from one that was already there (LiveKit then
/// ignores the token's agent dispatch).
#[wasm_bindgen_test]
async fn real_stack_at_join_tells_a_new_room_from_one_already_there() {
    if skip_without_webrtc("real_stack_at_join_tells_a_new_room_from_one_already_there") {
        return;
    }
    let Some(token_url) =
        stack_token_url("real_stack_at_join_tells_a_new_room_from_one_already_there")
    else {
        return;
    };
    let room_name = format!("call-at-join-{}", js_sys::Date::now() as u64);
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let request = TokenRequest {
        room_name: Some(room_name.clone()),
        ..TokenRequest::default()
    };
    let join = || async {
        let room = Room::new(&sdk).expect("room");
        connect_with_token(&room, token_url, &request).await;
        room
    };

    let first = join().await;
    let created = first
        .at_join()
        .expect("the SDK tells when the room was created");
    assert_eq!(created.room, room_name);
    assert!(!created.existed_before(), "{created:?}");
    assert!(created.present.is_empty(), "{created:?}");
    let now_s = (js_sys::Date::now() / 1000.0) as u64;
    assert!(
        created.created_unix_s.abs_diff(now_s) < 120,
        "a creation time in Unix seconds: {created:?}"
    );

    let second = join().await;
    let reused = second
        .at_join()
        .expect("the SDK tells when the room was created");
    assert!(reused.existed_before(), "{reused:?}");
    assert_eq!(reused.created_unix_s, created.created_unix_s);
    assert!(
        reused.present.contains(&first.local_identity()),
        "the first call is named as already there: {reused:?}"
    );
    second.disconnect().await;
    first.disconnect().await;
}

/// A resumable room stays in the call when the page goes away (a reload takes it over); a plain
/// one leaves, as livekit-client does by default.
#[wasm_bindgen_test]
async fn real_stack_a_resumable_room_stays_when_the_page_leaves() {
    if skip_without_webrtc("real_stack_a_resumable_room_stays_when_the_page_leaves") {
        return;
    }
    let Some(token_url) = stack_token_url("real_stack_a_resumable_room_stays_when_the_page_leaves")
    else {
        return;
    };
    let sdk = load_sdk(SDK_URL).await.expect("SDK loads");
    let connect = |room: Room| async move {
        connect_with_token(&room, token_url, &TokenRequest::default()).await;
        room
    };
    let plain = connect(Room::new(&sdk).expect("room")).await;
    let resumable = connect(Room::new_resumable(&sdk).expect("room")).await;

    let page_hide = web_sys::Event::new("pagehide").expect("event");
    web_sys::window()
        .expect("window")
        .dispatch_event(&page_hide)
        .expect("dispatch");
    let left = wait_until(Duration::from_secs(5), || {
        plain.connection_state() == "disconnected"
    })
    .await;
    assert!(left, "a plain room leaves on pagehide");
    assert_eq!(resumable.connection_state(), "connected");
    resumable.disconnect().await;
}
