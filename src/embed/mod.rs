//! Mounting the widget into a page.
//!
//! Two ways in:
//! - the standalone page (`index.html`): [`mount`] into `#lk-voice-widget`, configured by its
//!   `data-*` attributes ([`config_from_element`]);
//! - the embed loader (`js/embed/lk-voice-widget.js`, the `<lk-voice-widget>` element and
//!   `mount(element, options)`): it calls the exported `mountEmbedded` ([`bridge`]) with an
//!   element inside its shadow root, the options as a plain object, and a bridge for host events
//!   and the host page's RPC handlers.
//!
//! [`policy`] finds what the page itself forbids (the microphone blocked by a permissions
//! policy, e.g. an `<iframe>` without `allow="microphone"`).

pub mod bridge;
pub mod options;
pub mod policy;

use crate::i18n::Lang;
use crate::livekit::{AgentDispatchRequest, RoomConfigRequest};
use crate::session::SessionConfig;
use crate::ui::VoiceWidget;
use leptos::prelude::*;
use web_sys::HtmlElement;

/// Reads the widget's configuration from `element`'s attributes:
/// `data-token-url` (default `/api/token`), `data-server-url`, `data-agent`, `data-sdk-url`,
/// `lang` or `data-lang` (`en`, `de`; default: the browser's language, else English).
pub fn config_from_element(element: &HtmlElement) -> SessionConfig {
    let attr = |name: &str| {
        element
            .get_attribute(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut config =
        SessionConfig::new(attr("data-token-url").unwrap_or_else(|| "/api/token".into()));
    config.server_url = attr("data-server-url");
    if let Some(sdk_url) = attr("data-sdk-url") {
        config.sdk_url = sdk_url;
    }
    config = config.with_lang(resolve_lang(
        attr("lang").or_else(|| attr("data-lang")).as_deref(),
    ));
    if let Some(agent_name) = attr("data-agent") {
        config.token_request.room_config = Some(RoomConfigRequest {
            agents: vec![AgentDispatchRequest {
                agent_name,
                metadata: None,
            }],
        });
    }
    config
}

/// The widget's language: `tag` if it names one we speak, else the browser's, else English.
pub fn resolve_lang(tag: Option<&str>) -> Lang {
    tag.and_then(Lang::from_tag)
        .or_else(|| {
            web_sys::window()
                .and_then(|w| w.navigator().language())
                .and_then(|tag| Lang::from_tag(&tag))
        })
        .unwrap_or_default()
}

/// Mounts the widget into `element`. The returned handle unmounts it (and ends any call) on drop.
pub fn mount(
    element: HtmlElement,
) -> leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState> {
    let config = config_from_element(&element);
    leptos::mount::mount_to(element, move || {
        view! { <VoiceWidget config=config.clone() /> }.into_any()
    })
}

/// Whether the embed loader brought this module in: it defines `<lk-voice-widget>` before it
/// initialises the wasm, and then mounts each widget itself (the standalone page does not).
pub fn loaded_by_embed_loader() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let registry = js_sys::Reflect::get(&window, &"customElements".into()).unwrap_or_default();
    if !registry.is_object() {
        return false;
    }
    let get = js_sys::Reflect::get(&registry, &"get".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    get.and_then(|get| get.call1(&registry, &bridge::ELEMENT_NAME.into()).ok())
        .is_some_and(|class| !class.is_undefined())
}
