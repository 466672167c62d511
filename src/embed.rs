//! Mounting the widget into a page element, configured by its `data-*` attributes.

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
    let lang = attr("lang")
        .or_else(|| attr("data-lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .or_else(|| {
            web_sys::window()
                .and_then(|w| w.navigator().language())
                .and_then(|tag| Lang::from_tag(&tag))
        })
        .unwrap_or_default();
    config = config.with_lang(lang);
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

/// Mounts the widget into `element`. The returned handle unmounts it (and ends any call) on drop.
pub fn mount(
    element: HtmlElement,
) -> leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState> {
    let config = config_from_element(&element);
    leptos::mount::mount_to(element, move || {
        view! { <VoiceWidget config=config.clone() /> }.into_any()
    })
}
