//! The standalone page (`index.html`): one widget, configured by its element's `data-*`
//! attributes.

use super::bridge::ELEMENT_NAME;
use super::config::session_config;
use super::options::{OptionKind, WidgetOption};
use super::policy::page_problem;
use crate::session::SessionConfig;
use crate::ui::VoiceWidget;
use leptos::prelude::*;
use web_sys::HtmlElement;

/// Reads the widget's configuration from `element`'s attributes: each call option of
/// [`WidgetOption`] as `data-<attribute>` (`data-token-url`, default `/api/token`;
/// `data-server-url`, `data-agent`, `data-sdk-url` …), and the language from `lang` or
/// `data-lang` (default: the browser's language, else English).
pub fn config_from_element(element: &HtmlElement) -> SessionConfig {
    let attr = |name: &str| {
        element
            .get_attribute(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    session_config(&|option| {
        if option.kind() != OptionKind::Config {
            return None;
        }
        let name = format!("data-{}", option.attribute());
        let data = attr(&name).or_else(|| {
            option
                .bare()
                .filter(|_| element.has_attribute(&name))
                .map(String::from)
        });
        match option {
            WidgetOption::Lang => attr("lang").or(data),
            _ => data,
        }
    })
}

/// The standalone page's widget, mounted: dropping it unmounts it (and ends any call).
pub struct PageWidget {
    _unmount: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
    _watched: super::crash::WatchedWidget,
}

/// Mounts the widget into `element`.
pub fn mount(element: HtmlElement) -> PageWidget {
    let config = config_from_element(&element);
    let watched = super::crash::watch_widget(&element, config.lang, None);
    let page_problem = page_problem();
    let unmount = leptos::mount::mount_to(element, move || {
        view! { <VoiceWidget config=config.clone() page_problem=page_problem /> }.into_any()
    });
    PageWidget {
        _unmount: unmount,
        _watched: watched,
    }
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
    get.and_then(|get| get.call1(&registry, &ELEMENT_NAME.into()).ok())
        .is_some_and(|class| !class.is_undefined())
}
