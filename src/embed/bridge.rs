//! What the embed loader calls: `mountEmbedded(target, options, bridge)` mounts one widget into
//! `target` (an element inside the loader's shadow root) and returns an [`EmbeddedWidget`]
//! whose `destroy()` unmounts it, ends its call and releases everything the call held.
//!
//! `bridge` is the loader's side of one widget (a plain object, nothing global):
//! - `emit(type, detail)`: dispatches a host event (`lkw-call-state`, …) from the element;
//! - `invokeRpc({method, requestId, callerIdentity, payload, responseTimeout})`: runs the host
//!   page's handler for `method`; resolves to the answer, or rejects with `{code, message}`
//!   (the loader applies the timeout and turns a throwing handler into an application error).
//!
//! The handle answers the loader's questions about the call (`stage`, `isActive`), so the
//! loader keeps no copy of the stages.
//!
//! `options.rpcMethods` names the methods to register on the room of each call
//! ([`SessionConfig::rpc_methods`]); the handler behind a name is looked up at invocation time.

use super::config::session_config;
use super::contract::RPC_APPLICATION_ERROR;
use super::options::{OptionKind, WidgetOption};
use super::policy::page_problem;
use crate::call::{CallStage, CallState};
use crate::i18n::owner_embed;
use crate::livekit::{RpcFailure, RpcInvocation, RpcResult};
use crate::session::RpcMethod;
use crate::ui::{HostEvents, VoiceWidget};
use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

type Unmount = leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>;

/// One mounted widget, owned by the loader's element.
#[wasm_bindgen]
pub struct EmbeddedWidget {
    unmount: Option<Unmount>,
    /// The mounted widget's call (owned by the mount: disposed on `destroy`).
    state: RwSignal<CallState>,
    /// On the crash watch's list while mounted.
    _watched: super::crash::WatchedWidget,
}

// The loader's copy of the code (generated) and the wasm side's agree.
const _: () = assert!(RPC_APPLICATION_ERROR == RpcFailure::APPLICATION_ERROR);

#[wasm_bindgen]
impl EmbeddedWidget {
    /// The call's stage, as `data-stage` and `lkw-call-state.stage` spell it (`idle`,
    /// `connecting`, `agent-joined`, `ended`, `failed` …).
    #[wasm_bindgen(getter)]
    pub fn stage(&self) -> String {
        self.with_stage(|stage| stage.key())
            .unwrap_or("idle")
            .into()
    }

    /// Whether a call is under way (from the token fetch to the end of hanging up): the loader
    /// re-creates the widget for changed options only when this is false.
    #[wasm_bindgen(getter, js_name = isActive)]
    pub fn is_active(&self) -> bool {
        self.with_stage(CallStage::is_active).unwrap_or(false)
    }

    fn with_stage<T>(&self, read: impl Fn(&CallStage) -> T) -> Option<T> {
        self.state.try_with_untracked(|s| read(&s.stage))
    }

    /// Panics on purpose (just after it returns), to check the crash path
    /// (`crate::embed::crash`): every call on the page ends, every widget shows that it stopped
    /// working, and the host page gets `lkw-error` with `code: 'crashed'`. The wasm is then
    /// dead: reload the page.
    #[wasm_bindgen(js_name = crashDrill)]
    pub fn crash_drill(&self) {
        super::crash::drill()
    }

    /// Unmounts the widget: ends its call (room disconnected, microphone stopped, `<audio>`
    /// removed, listeners off) and frees this handle. Using the handle afterwards throws.
    pub fn destroy(mut self) {
        self.unmount.take();
    }
}

/// Mounts a widget into `target`. See the module documentation for `options` and `bridge`.
#[wasm_bindgen(js_name = mountEmbedded)]
pub fn mount_embedded(
    target: HtmlElement,
    options: JsValue,
    bridge: JsValue,
) -> Result<EmbeddedWidget, JsValue> {
    let emit = bridge_function(&bridge, "emit")?;
    let crash_emit = emit.clone();
    let invoke = bridge_function(&bridge, "invokeRpc")?;
    let mut config = session_config(&|option| {
        (option.kind() == OptionKind::Config)
            .then(|| text(&options, option))
            .flatten()
    });
    config.rpc_methods = rpc_method_names(&options)
        .into_iter()
        .map(|name| rpc_method(name, invoke.clone()))
        .collect();
    let host_events = HostEvents::new(move |kind, detail| {
        if let Err(err) = emit.call2(&JsValue::NULL, &JsValue::from_str(kind), &detail) {
            web_sys::console::warn_2(&owner_embed::HOST_LISTENER_THREW.into(), &err);
        }
    });
    let page_problem = page_problem();
    // The call's state is made inside the mount (its owner disposes it on unmount) and kept
    // for the handle.
    let made = Rc::new(Cell::new(None));
    let watched = super::crash::watch_widget(&target, config.lang, Some(crash_emit));
    let unmount = leptos::mount::mount_to(target, {
        let made = made.clone();
        move || {
            let state = RwSignal::new(CallState::default());
            made.set(Some(state));
            view! {
                <VoiceWidget
                    config=config
                    host_events=host_events
                    state=state
                    page_problem=page_problem
                />
            }
            .into_any()
        }
    });
    let state = made
        .get()
        .expect("mount_to renders the widget before it returns");
    Ok(EmbeddedWidget {
        unmount: Some(unmount),
        state,
        _watched: watched,
    })
}

/// A trimmed, non-empty string field of the loader's options.
fn text(options: &JsValue, option: WidgetOption) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(option.key()))
        .ok()
        .and_then(|v| v.as_string())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn bridge_function(bridge: &JsValue, name: &str) -> Result<Function, JsValue> {
    Reflect::get(bridge, &JsValue::from_str(name))?
        .dyn_into::<Function>()
        .map_err(|_| JsValue::from_str(&format!("{} {name}", owner_embed::BRIDGE_LACKS_FUNCTION)))
}

fn rpc_method_names(options: &JsValue) -> Vec<String> {
    let Ok(list) = Reflect::get(options, &"rpcMethods".into()) else {
        return Vec::new();
    };
    if !js_sys::Array::is_array(&list) {
        return Vec::new();
    }
    // Ordered and deduplicated by inserting each name where a binary search puts it: `Vec::sort`
    // would bring in its own stable sort for String (≈ 4 KB of wasm), a BTreeSet its node code
    // (issue 15).
    let mut names: Vec<String> = Vec::new();
    for name in js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| v.as_string())
    {
        if let (false, Err(at)) = (name.is_empty(), names.binary_search(&name)) {
            names.insert(at, name);
        }
    }
    names
}

/// An RPC method whose handler is the host page's, reached through the loader.
fn rpc_method(name: String, invoke: Function) -> RpcMethod {
    let method = name.clone();
    RpcMethod {
        name,
        handler: Rc::new(move |invocation: RpcInvocation| -> RpcResult {
            let request = Object::new();
            let set = |key: &str, value: JsValue| {
                let _ = Reflect::set(&request, &JsValue::from_str(key), &value);
            };
            set("method", JsValue::from_str(&method));
            set("requestId", JsValue::from_str(&invocation.request_id));
            set(
                "callerIdentity",
                JsValue::from_str(&invocation.caller_identity),
            );
            set("payload", JsValue::from_str(&invocation.payload));
            set(
                "responseTimeout",
                JsValue::from_f64(f64::from(invocation.response_timeout_ms)),
            );
            let started = invoke.call1(&JsValue::NULL, &request);
            Box::pin(async move {
                let promise = started
                    .map_err(|err| failure(&err))?
                    .dyn_into::<js_sys::Promise>()
                    .map_err(|_| RpcFailure::application(owner_embed::RPC_BRIDGE_NO_PROMISE))?;
                match JsFuture::from(promise).await {
                    Ok(answer) => Ok(answer.as_string().unwrap_or_default()),
                    Err(err) => Err(failure(&err)),
                }
            })
        }),
    }
}

/// The loader rejects with `{code, message}`; anything else is an application error.
fn failure(err: &JsValue) -> RpcFailure {
    let code = Reflect::get(err, &"code".into())
        .ok()
        .and_then(|c| c.as_f64())
        .filter(|c| c.fract() == 0.0 && *c > 0.0 && *c <= f64::from(i32::MAX))
        .map(|c| c as i32)
        .unwrap_or(RpcFailure::APPLICATION_ERROR);
    let message = Reflect::get(err, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| owner_embed::RPC_HANDLER_FAILED.into());
    RpcFailure { code, message }
}
