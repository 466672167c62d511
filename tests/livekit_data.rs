//! Browser tests of text streams, RPC and devices in the safe `livekit` layer. The two-party
//! tests put two rooms of this page into one LiveKit room (the test stack's token server allows
//! named rooms) and talk between them.
//!
//! Tests named `real_stack_…` need the live stack (LiveKit server, agent, token server) and get
//! its token endpoint from `support::stack_token_url`: they fail when `scripts/test` runs them
//! without it, and skip (printing `SKIPPED`) only when run by hand without `scripts/test`.
#![cfg(target_arch = "wasm32")]

mod support;

use lk_voice_widget::livekit::event::{ParticipantKind, ParticipantSnapshot};
use lk_voice_widget::livekit::{
    load_sdk, DeviceKind, Room, RpcFailure, Sdk, TokenClient, TokenRequest,
};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sdk() -> Sdk {
    load_sdk(SDK_URL).await.expect("SDK loads")
}

/// The agent's name is shown capitalised by the browser's own upper case (not Rust's tables,
/// which the wasm leaves out): the full Unicode mapping, beyond ASCII.
#[wasm_bindgen_test]
fn an_agents_name_is_shown_with_its_first_letter_upper_cased() {
    let mut agent = ParticipantSnapshot {
        identity: "agent-1".into(),
        sid: "PA_1".into(),
        name: None,
        kind: ParticipantKind::Agent,
        attributes: Default::default(),
    };
    for (name, shown) in [
        ("sofia", "Sofia"),
        ("élodie", "Élodie"),
        ("ßofia", "SSofia"),
        ("Ana", "Ana"),
    ] {
        agent.attributes.insert("lk.agent.name".into(), name.into());
        assert_eq!(agent.display_name(), shown);
    }
}

#[wasm_bindgen_test]
async fn text_stream_topic_registers_once_and_unregisters_on_drop() {
    let room = Room::new(&sdk().await).expect("room");
    let first = room
        .register_text_stream_handler("lk.chat", |_| {})
        .expect("first registration");
    assert_eq!(first.topic(), "lk.chat");
    assert!(
        room.register_text_stream_handler("lk.chat", |_| {})
            .is_err(),
        "a topic registers once"
    );
    drop(first);
    let again = room.register_text_stream_handler("lk.chat", |_| {});
    assert!(
        again.is_ok(),
        "dropping the registration unregistered the topic"
    );
}

#[wasm_bindgen_test]
async fn rpc_method_registers_once_and_unregisters_on_drop() {
    let room = Room::new(&sdk().await).expect("room");
    let first = room
        .register_rpc_method("calendar.freeSlots", |_| {
            Box::pin(async { Ok("[]".to_string()) })
        })
        .expect("first registration");
    assert_eq!(first.method(), "calendar.freeSlots");
    assert!(room
        .register_rpc_method("calendar.freeSlots", |_| Box::pin(async {
            Ok(String::new())
        }))
        .is_err());
    drop(first);
    assert!(room
        .register_rpc_method("calendar.freeSlots", |_| Box::pin(async {
            Ok(String::new())
        }))
        .is_ok());
}

#[wasm_bindgen_test]
async fn local_devices_lists_the_fake_microphone_with_a_label() {
    let sdk = sdk().await;
    let microphones = sdk
        .local_devices(DeviceKind::Microphone, true)
        .await
        .expect("devices");
    assert!(!microphones.is_empty(), "the fake microphone is listed");
    assert!(
        microphones.iter().any(|d| !d.label.is_empty()),
        "labels are filled after permission: {microphones:?}"
    );
    let _speakers = sdk
        .local_devices(DeviceKind::Speaker, false)
        .await
        .expect("speaker list (may be empty headless)");
}

#[wasm_bindgen_test]
async fn speaker_starts_on_default_and_switching_is_reported() {
    let room = Room::new(&sdk().await).expect("room");
    assert_eq!(
        room.active_device(DeviceKind::Speaker).as_deref(),
        Some("default")
    );
    let switched = room
        .switch_active_device(DeviceKind::Speaker, "default")
        .await;
    if has_set_sink_id() {
        assert!(switched.is_ok(), "{switched:?}");
    } else {
        // No HTMLMediaElement.setSinkId (WebKit): the SDK reports that, it does not pretend.
        assert!(
            format!("{switched:?}").contains("does not support"),
            "{switched:?}"
        );
    }
    assert_eq!(
        room.active_device(DeviceKind::Speaker).as_deref(),
        Some("default")
    );
}

/// Two rooms of this page joined to one LiveKit room.
async fn two_parties(token_url: &str, room_name: &str) -> (Room, Room, String, String) {
    let sdk = sdk().await;
    let mut joined = Vec::new();
    for who in ["alice", "bob"] {
        let abort = web_sys::AbortController::new().expect("abort");
        let request = TokenRequest {
            room_name: Some(room_name.to_string()),
            participant_identity: Some(format!("{who}-{room_name}")),
            ..TokenRequest::default()
        };
        let grant = TokenClient::new(token_url)
            .fetch(&request, &abort)
            .await
            .expect("token");
        let room = Room::new(&sdk).expect("room");
        room.connect(
            &grant.server_url.expect("server url"),
            &grant.participant_token,
        )
        .await
        .expect("connect");
        joined.push((room, format!("{who}-{room_name}")));
    }
    let (bob, bob_id) = joined.pop().expect("bob");
    let (alice, alice_id) = joined.pop().expect("alice");
    (alice, bob, alice_id, bob_id)
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", (js_sys::Math::random() * 1e9) as u64)
}

#[wasm_bindgen_test]
async fn real_stack_text_stream_and_rpc_between_two_participants() {
    if skip_without_webrtc("real_stack_text_stream_and_rpc_between_two_participants") {
        return;
    }
    let Some(token_url) =
        stack_token_url("real_stack_text_stream_and_rpc_between_two_participants")
    else {
        return;
    };
    let (alice, bob, alice_id, bob_id) = two_parties(token_url, &unique("call-data")).await;

    // Text stream: bob receives alice's chat with its header.
    let received = Rc::new(RefCell::new(Vec::new()));
    let sink = received.clone();
    let registration = bob
        .register_text_stream_handler("lk.chat", move |stream| {
            let sink = sink.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = stream.read_all().await.unwrap_or_default();
                sink.borrow_mut().push((
                    stream.header.sender_identity.clone(),
                    stream.header.topic.clone(),
                    text,
                ));
            });
        })
        .expect("register");
    // The remote participant must be known before sending; wait for it.
    assert!(
        wait_until(Duration::from_secs(10), || alice
            .remote_participants()
            .iter()
            .any(|p| p.identity == bob_id))
        .await
    );
    alice
        .send_text("Do you have a slot on Tuesday?", "lk.chat")
        .await
        .expect("send");
    assert!(
        wait_until(Duration::from_secs(10), || !received.borrow().is_empty()).await,
        "chat not received"
    );
    assert_eq!(
        received.borrow()[0],
        (
            alice_id.clone(),
            "lk.chat".to_string(),
            "Do you have a slot on Tuesday?".to_string()
        )
    );
    drop(registration);

    // Chunk by chunk: a long text arrives in deltas that add up to the whole.
    let chunks = Rc::new(RefCell::new(Vec::new()));
    let sink = chunks.clone();
    let _chunked = bob
        .register_text_stream_handler("test.chunks", move |stream| {
            let sink = sink.clone();
            wasm_bindgen_futures::spawn_local(async move {
                while let Ok(Some(chunk)) = stream.next_chunk().await {
                    sink.borrow_mut().push(chunk);
                }
                sink.borrow_mut().push("<end>".to_string());
            });
        })
        .expect("register");
    let long_text = "Hello from Sofia. ".repeat(1000);
    alice
        .send_text(&long_text, "test.chunks")
        .await
        .expect("send long");
    assert!(
        wait_until(Duration::from_secs(10), || chunks
            .borrow()
            .last()
            .map(String::as_str)
            == Some("<end>"))
        .await
    );
    let joined: String = chunks
        .borrow()
        .iter()
        .filter(|c| c.as_str() != "<end>")
        .cloned()
        .collect();
    assert_eq!(joined, long_text);
    assert!(
        chunks.borrow().len() >= 2,
        "at least one chunk and the end of the stream"
    );

    // RPC: bob answers, and a failing handler comes back as a typed error with its code.
    let _slots = bob
        .register_rpc_method("calendar.freeSlots", |call| {
            Box::pin(async move {
                Ok(format!(
                    "slots for {}: [\"Tue 10:00\"]",
                    call.caller_identity
                ))
            })
        })
        .expect("register rpc");
    let _book = bob
        .register_rpc_method("calendar.book", |_| {
            Box::pin(async { Err(RpcFailure::application("slot taken")) })
        })
        .expect("register rpc");
    let answer = alice
        .perform_rpc(&bob_id, "calendar.freeSlots", "{}", 8000)
        .await
        .expect("rpc answer");
    assert_eq!(answer, format!("slots for {alice_id}: [\"Tue 10:00\"]"));
    let failure = alice
        .perform_rpc(&bob_id, "calendar.book", "{}", 8000)
        .await
        .expect_err("rpc error");
    assert_eq!(
        failure,
        RpcFailure {
            code: RpcFailure::APPLICATION_ERROR,
            message: "slot taken".into()
        }
    );
    let missing = alice
        .perform_rpc(&bob_id, "no.such.method", "", 8000)
        .await
        .expect_err("unsupported method");
    assert_eq!(
        missing.code, 1400,
        "LiveKit's UNSUPPORTED_METHOD: {missing:?}"
    );

    alice.disconnect().await;
    bob.disconnect().await;
}
