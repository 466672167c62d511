//! The site's `localStorage`, or nothing: reading it throws in a sandboxed `<iframe>` or with
//! site data blocked, writing throws when it is full or (older Safari) in a private window. None of
//! that is the visitor's problem: what cannot be read is absent, what cannot be written is not
//! remembered, and the caller learns which by the result.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `window.localStorage`, if the page may use it.
fn storage() -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"localStorage".into())
        .ok()
        .filter(|s| s.is_object())
}

fn call(method: &str, args: &[&str]) -> Result<JsValue, JsValue> {
    let storage = storage().ok_or(JsValue::NULL)?;
    let function: Function = Reflect::get(&storage, &method.into())?.dyn_into()?;
    match args {
        [key] => function.call1(&storage, &(*key).into()),
        [key, value] => function.call2(&storage, &(*key).into(), &(*value).into()),
        _ => function.call0(&storage),
    }
}

/// The value stored under `key`; `None` when there is none or storage is unavailable.
pub fn read(key: &str) -> Option<String> {
    call("getItem", &[key]).ok().and_then(|v| v.as_string())
}

/// Stores `value` under `key`; false when storage is unavailable or refused it.
pub fn write(key: &str, value: &str) -> bool {
    call("setItem", &[key, value]).is_ok()
}

/// Removes `key`; false when storage is unavailable (then nothing was stored there either).
pub fn remove(key: &str) -> bool {
    call("removeItem", &[key]).is_ok()
}
