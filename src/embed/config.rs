//! A [`SessionConfig`] from the widget's options: the loader's options object (`mountEmbedded`),
//! which the element, `mount()` and the iframe page all fill.

use super::options::WidgetOption;
use crate::call::consent::consent_setup;
use crate::call::switch::{switch, Switch};
use crate::i18n::owner_consent::consent_option_problem;
use crate::i18n::Lang;
use crate::livekit::agent_room_config;
use crate::session::SessionConfig;

/// The session configuration from `get` (an option's trimmed, non-empty value, if set).
/// RPC methods are added by the bridge.
pub fn session_config(get: &dyn Fn(WidgetOption) -> Option<String>) -> SessionConfig {
    let mut config =
        SessionConfig::new(get(WidgetOption::TokenUrl).unwrap_or_else(|| "/api/token".into()));
    config.server_url = get(WidgetOption::ServerUrl);
    if let Some(sdk_url) = get(WidgetOption::SdkUrl) {
        config.sdk_url = sdk_url;
    }
    config = config.with_lang(resolve_lang(get(WidgetOption::Lang).as_deref()));
    let request = &mut config.token_request;
    request.participant_name = get(WidgetOption::ParticipantName);
    request.participant_identity = get(WidgetOption::ParticipantIdentity);
    request.participant_metadata = get(WidgetOption::ParticipantMetadata);
    request.room_config =
        agent_room_config(get(WidgetOption::Agent), get(WidgetOption::AgentMetadata));
    config.resume = resume_enabled(get(WidgetOption::Resume).as_deref());
    let (consent, problems) = consent_setup(
        get(WidgetOption::Consent).as_deref(),
        get(WidgetOption::ConsentPrivacyUrl).as_deref(),
        get(WidgetOption::ConsentRemember).as_deref(),
    );
    for problem in problems {
        web_sys::console::warn_1(&consent_option_problem(&problem).into());
    }
    config.consent = consent;
    config
}

/// `resume` switched on (or bare) turns it on; absent or off leaves it off, and a value that is
/// neither is told to the site's developer.
fn resume_enabled(value: Option<&str>) -> bool {
    match value.map(|v| (v, switch(v))) {
        None | Some((_, Switch::Off)) => false,
        Some((_, Switch::On)) => true,
        Some((v, Switch::Other)) => {
            web_sys::console::warn_2(&crate::i18n::owner_console::RESUME_VALUE.into(), &v.into());
            false
        }
    }
}

/// The widget's language: `tag` if it names one we speak, else the browser's, else the default.
pub fn resolve_lang(tag: Option<&str>) -> Lang {
    tag.and_then(Lang::from_tag)
        .or_else(|| {
            web_sys::window()
                .and_then(|w| w.navigator().language())
                .and_then(|tag| Lang::from_tag(&tag))
        })
        .unwrap_or_default()
}
