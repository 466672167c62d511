//! LiveKit's `ConnectionCheck`, run one test at a time with a typed outcome.

use super::error::js_error_text;
use super::sdk::Sdk;
use crate::sys;
use js_sys::{Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The tests the widget runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionTest {
    WebSocket,
    WebRtc,
    Turn,
    PublishAudio,
}

/// `CheckStatus` of a finished test, with the messages the SDK logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionTestOutcome {
    pub passed: bool,
    pub skipped: bool,
    pub messages: Vec<String>,
}

pub struct ConnectionCheck {
    inner: sys::connection_check::ConnectionCheck,
}

impl ConnectionCheck {
    pub fn new(sdk: &Sdk, url: &str, token: &str) -> Result<Self, String> {
        let class = sdk.module.connection_check_class();
        let instance = Reflect::construct(&class, &Array::of2(&url.into(), &token.into()))
            .map_err(|e| js_error_text(&e))?;
        Ok(Self {
            inner: instance.unchecked_into(),
        })
    }

    /// Runs one test. `Err` when the SDK call itself threw.
    pub async fn run(&self, test: ConnectionTest) -> Result<ConnectionTestOutcome, String> {
        let promise = match test {
            ConnectionTest::WebSocket => self.inner.check_websocket(),
            ConnectionTest::WebRtc => self.inner.check_webrtc(),
            ConnectionTest::Turn => self.inner.check_turn(),
            ConnectionTest::PublishAudio => self.inner.check_publish_audio(),
        }
        .map_err(|e| js_error_text(&e))?;
        let info = JsFuture::from(promise)
            .await
            .map_err(|e| js_error_text(&e))?;
        // CheckStatus: IDLE 0, RUNNING 1, SKIPPED 2, SUCCESS 3, FAILED 4.
        let status = Reflect::get(&info, &"status".into())
            .ok()
            .and_then(|s| s.as_f64())
            .unwrap_or(4.0) as u32;
        let messages = Reflect::get(&info, &"logs".into())
            .ok()
            .map(|logs| Array::from(&logs))
            .map(|logs| {
                logs.iter()
                    .filter_map(|entry| Reflect::get(&entry, &"message".into()).ok()?.as_string())
                    .collect()
            })
            .unwrap_or_default();
        Ok(ConnectionTestOutcome {
            passed: status == 3,
            skipped: status == 2,
            messages,
        })
    }
}
