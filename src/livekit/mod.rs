//! The safe, typed API over `livekit-client`: rooms that own their listeners, events as one
//! enum, remote audio that detaches itself, typed errors.
//!
//! `event`, `failure`, `room_at_join`, `string_map`, `token_request`, `token_response` and
//! `upper_case` are plain Rust and build natively (`upper_case` asks the browser in the wasm);
//! everything else needs a browser.

pub mod event;
pub mod failure;
pub mod room_at_join;
pub mod string_map;
mod token_request;
pub mod token_response;
mod upper_case;

#[cfg(target_arch = "wasm32")]
mod audio;
#[cfg(target_arch = "wasm32")]
mod audio_level;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod connection_check;
pub mod devices;
#[cfg(target_arch = "wasm32")]
mod error;
#[cfg(target_arch = "wasm32")]
mod event_js;
#[cfg(target_arch = "wasm32")]
pub mod live_calls;
#[cfg(target_arch = "wasm32")]
mod microphone;
#[cfg(target_arch = "wasm32")]
mod playback;
#[cfg(target_arch = "wasm32")]
mod room;
#[cfg(target_arch = "wasm32")]
mod rpc;
#[cfg(target_arch = "wasm32")]
mod sdk;
#[cfg(target_arch = "wasm32")]
pub mod site_storage;
#[cfg(target_arch = "wasm32")]
mod task;
#[cfg(target_arch = "wasm32")]
mod text_stream;
#[cfg(target_arch = "wasm32")]
mod token_client;
#[cfg(target_arch = "wasm32")]
mod wake_lock;

#[cfg(target_arch = "wasm32")]
pub use audio::RemoteAudio;
#[cfg(target_arch = "wasm32")]
pub use audio_level::AudioLevel;
#[cfg(target_arch = "wasm32")]
pub use browser::browser_features;
#[cfg(target_arch = "wasm32")]
pub use connection_check::{ConnectionCheck, ConnectionTest, ConnectionTestOutcome};
pub use devices::{DeviceKind, MediaDevice};
#[cfg(target_arch = "wasm32")]
pub use error::{connect_failure, microphone_failure, unexpected};
#[cfg(target_arch = "wasm32")]
pub use microphone::{CapturedMicrophone, MicrophoneCapture};
#[cfg(target_arch = "wasm32")]
pub use playback::PrimedAudio;
#[cfg(target_arch = "wasm32")]
pub use room::{EventSubscription, RemoteTrack, Room};
pub use room_at_join::RoomAtJoin;
#[cfg(target_arch = "wasm32")]
pub use rpc::{RpcFailure, RpcInvocation, RpcRegistration, RpcResult};
#[cfg(target_arch = "wasm32")]
pub use sdk::{default_sdk_url, load_sdk, Sdk};
#[cfg(target_arch = "wasm32")]
pub use task::spawn;
#[cfg(target_arch = "wasm32")]
pub use text_stream::{TextStream, TextStreamHeader, TextStreamRegistration};
#[cfg(target_arch = "wasm32")]
pub use token_client::TokenClient;
pub use token_request::{
    agent_room_config, request_body, AgentDispatchRequest, RoomConfigRequest, TokenRequest,
};
pub use token_response::{TokenEndpointError, TokenGrant};
#[cfg(target_arch = "wasm32")]
pub use wake_lock::ScreenWakeLock;
