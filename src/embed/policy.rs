//! What the page itself forbids, found before the call: the microphone blocked by a permissions
//! policy — an `<iframe>` without `allow="microphone"` (cross-origin frames get no microphone by
//! default) or a `Permissions-Policy: microphone=()` header.
//!
//! Read through `document.permissionsPolicy` or `document.featurePolicy` (`allowsFeature`);
//! browsers without either (Firefox, Safari) report nothing here and the call's own microphone
//! failure is diagnosed instead.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A page problem the widget names before the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageProblem {
    /// In a frame whose `<iframe>` lacks `allow="microphone"`.
    FrameBlocksMicrophone,
    /// The page's own `Permissions-Policy` blocks the microphone.
    PageBlocksMicrophone,
}

impl PageProblem {
    /// A stable key (`data-notice`, the `code` of the host's `lkw-error` event).
    pub fn key(self) -> &'static str {
        match self {
            PageProblem::FrameBlocksMicrophone => "iframe-microphone-policy",
            PageProblem::PageBlocksMicrophone => "page-microphone-policy",
        }
    }

    /// What the site owner must change (English, like every owner fix).
    pub fn owner_fix(self) -> &'static str {
        match self {
            PageProblem::FrameBlocksMicrophone => {
                "The widget runs in an <iframe> that does not allow the microphone: add allow=\"microphone; autoplay\" to the <iframe> tag."
            }
            PageProblem::PageBlocksMicrophone => {
                "The page's Permissions-Policy blocks the microphone: allow it for this origin (e.g. Permissions-Policy: microphone=(self))."
            }
        }
    }

    /// What was observed.
    pub fn evidence(self) -> &'static str {
        "permissions policy: allowsFeature('microphone') = false"
    }
}

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
