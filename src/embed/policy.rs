//! What the page itself forbids, found before the call: the microphone blocked by a permissions
//! policy — an `<iframe>` without `allow="microphone"` (cross-origin frames get no microphone by
//! default) or a `Permissions-Policy: microphone=()` header.
//!
//! Read through `document.permissionsPolicy` or `document.featurePolicy` (`allowsFeature`);
//! browsers without either (Firefox, Safari) report nothing here and the call's own microphone
//! failure is diagnosed instead.

use crate::ui::PageProblem;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The page problem, if the browser can tell.
pub fn page_problem() -> Option<PageProblem> {
    if allows_feature("microphone")? {
        return None;
    }
    Some(if in_frame() {
        PageProblem::FrameBlocksMicrophone
    } else {
        PageProblem::PageBlocksMicrophone
    })
}

/// `document.permissionsPolicy.allowsFeature(feature)` (or the older `featurePolicy`);
/// `None` where the browser has neither.
pub fn allows_feature(feature: &str) -> Option<bool> {
    let document = web_sys::window()?.document()?;
    ["permissionsPolicy", "featurePolicy"]
        .iter()
        .find_map(|key| {
            let policy = Reflect::get(&document, &JsValue::from_str(key)).ok()?;
            if !policy.is_object() {
                return None;
            }
            let allows = Reflect::get(&policy, &"allowsFeature".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            allows
                .call1(&policy, &JsValue::from_str(feature))
                .ok()?
                .as_bool()
        })
}

/// Whether this document is framed (comparing window proxies is allowed across origins).
fn in_frame() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        _ => false,
    }
}
