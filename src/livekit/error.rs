//! JS errors → typed [`LiveKitError`]s, keeping the SDK's reason codes and messages as evidence.

use super::failure::{ConnectErrorReason, LiveKitError, MicrophoneFailure};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

fn field(err: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(err, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `Name: message` of any thrown value, for evidence.
pub(crate) fn js_error_text(err: &JsValue) -> String {
    let name = field(err, "name").and_then(|v| v.as_string());
    let message = field(err, "message").and_then(|v| v.as_string());
    match (name, message) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (None, Some(message)) => message,
        // A thrown non-Error (`throw 42`, a plain object): its JSON, as a console would show it.
        _ => err
            .as_string()
            .or_else(|| js_sys::JSON::stringify(err).ok()?.as_string())
            .unwrap_or_else(|| "a thrown value without text".into()),
    }
}

/// A rejected `room.connect()`: `ConnectionError` carries `reason` (numeric) and `status`.
pub fn connect_failure(url: &str, err: &JsValue) -> LiveKitError {
    let reason_code = field(err, "reason")
        .and_then(|v| v.as_f64())
        .map(|v| v as u32);
    let status = field(err, "status")
        .and_then(|v| v.as_f64())
        .map(|v| v as u16)
        .filter(|s| *s > 0);
    LiveKitError::Connect {
        url: url.to_string(),
        reason: ConnectErrorReason::from_code(reason_code),
        status,
        message: js_error_text(err),
    }
}

/// A rejected `setMicrophoneEnabled(true)`: a `getUserMedia` `DOMException`.
pub fn microphone_failure(err: &JsValue) -> LiveKitError {
    let name = field(err, "name")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    LiveKitError::Microphone {
        failure: MicrophoneFailure::from_error_name(&name),
        message: js_error_text(err),
    }
}

/// Anything else that threw.
pub fn unexpected(context: &str, err: &JsValue) -> LiveKitError {
    LiveKitError::Unexpected {
        message: format!("{context}: {}", js_error_text(err)),
    }
}
