//! The embed loader's options (a plain JS object, camelCase) as a [`SessionConfig`].
//!
//! Every field is optional: `tokenUrl` (default `/api/token`), `serverUrl`, `sdkUrl`, `agent`,
//! `agentMetadata`, `lang`, `participantName`, `participantIdentity`, `participantMetadata`.
//! Layout, placement and theme are the loader's (CSS on the host element).

use super::resolve_lang;
use crate::livekit::agent_room_config;
use crate::session::SessionConfig;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A trimmed, non-empty string field of `options`.
pub fn text(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The session configuration `options` describe (RPC methods are added by the bridge).
pub fn session_config(options: &JsValue) -> SessionConfig {
    let mut config =
        SessionConfig::new(text(options, "tokenUrl").unwrap_or_else(|| "/api/token".into()));
    config.server_url = text(options, "serverUrl");
    if let Some(sdk_url) = text(options, "sdkUrl") {
        config.sdk_url = sdk_url;
    }
    config = config.with_lang(resolve_lang(text(options, "lang").as_deref()));
    let request = &mut config.token_request;
    request.participant_name = text(options, "participantName");
    request.participant_identity = text(options, "participantIdentity");
    request.participant_metadata = text(options, "participantMetadata");
    request.room_config = agent_room_config(text(options, "agent"), text(options, "agentMetadata"));
    config
}
