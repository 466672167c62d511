//! RPC both ways: methods the remote side (the agent) can call on us, owned by a registration
//! that unregisters on `Drop`; and calls we make, with typed errors.

use super::error::js_error_text;
use crate::sys;
use js_sys::{Array, Reflect};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;

/// A call the remote side made to one of our methods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcInvocation {
    pub request_id: String,
    pub caller_identity: String,
    pub payload: String,
    pub response_timeout_ms: u32,
}

/// An RPC error, as LiveKit carries it (`RpcError.code`, `message`). Codes 1400–1999 are
/// LiveKit's own (1400 unsupported method, 1401 recipient not found, 1500 application error,
/// 1501 connection timeout, 1502 response timeout, 1503 recipient disconnected …).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("RPC error {code}: {message}")]
pub struct RpcFailure {
    pub code: i32,
    pub message: String,
}

impl RpcFailure {
    /// LiveKit's "application error" code, for a handler that fails.
    pub const APPLICATION_ERROR: i32 = 1500;

    pub fn application(message: impl Into<String>) -> Self {
        Self {
            code: Self::APPLICATION_ERROR,
            message: message.into(),
        }
    }

    pub(crate) fn from_js(err: &JsValue) -> Self {
        let code = Reflect::get(err, &"code".into())
            .ok()
            .and_then(|c| c.as_f64())
            .unwrap_or(0.0) as i32;
        let message = Reflect::get(err, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| js_error_text(err));
        Self { code, message }
    }
}

/// What an RPC method handler returns.
pub type RpcResult = Pin<Box<dyn Future<Output = Result<String, RpcFailure>>>>;

pub(crate) type RpcListener = Closure<dyn FnMut(JsValue) -> js_sys::Promise>;

pub(crate) fn rpc_listener(
    rpc_error_class: js_sys::Function,
    handler: impl Fn(RpcInvocation) -> RpcResult + 'static,
) -> RpcListener {
    Closure::new(move |data: JsValue| {
        let data: sys::rpc::RpcInvocationData = data.unchecked_into();
        let invocation = RpcInvocation {
            request_id: data.request_id(),
            caller_identity: data.caller_identity(),
            payload: data.payload(),
            response_timeout_ms: data.response_timeout().max(0.0) as u32,
        };
        let reply = handler(invocation);
        let error_class = rpc_error_class.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            match reply.await {
                Ok(payload) => Ok(JsValue::from_str(&payload)),
                Err(failure) => {
                    let args = Array::of2(
                        &JsValue::from(failure.code),
                        &JsValue::from_str(&failure.message),
                    );
                    // Thrown as the SDK's RpcError so the caller sees our code and message.
                    Err(Reflect::construct(&error_class, &args).unwrap_or_else(|e| e))
                }
            }
        })
    })
}

/// Owns an RPC method; `Drop` unregisters it.
#[must_use = "dropping the registration unregisters the method"]
pub struct RpcRegistration {
    pub(crate) room: sys::room::Room,
    pub(crate) method: String,
    pub(crate) _listener: RpcListener,
}

impl RpcRegistration {
    pub fn method(&self) -> &str {
        &self.method
    }
}

impl Drop for RpcRegistration {
    fn drop(&mut self) {
        let _ = self.room.unregister_rpc_method(&self.method);
    }
}
