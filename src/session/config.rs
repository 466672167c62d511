//! What a session needs to know: where the token and the SDK come from, the language, and the
//! RPC methods the host page offers the agent.

use crate::i18n::Lang;
use crate::livekit::TokenGrant;
use crate::livekit::{default_sdk_url, RpcInvocation, RpcResult, TokenClient, TokenRequest};
use std::rc::Rc;

/// An RPC method the agent may call during a call (e.g. `calendar.freeSlots`).
#[derive(Clone)]
pub struct RpcMethod {
    pub name: String,
    pub handler: Rc<dyn Fn(RpcInvocation) -> RpcResult>,
}

impl std::fmt::Debug for RpcMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RpcMethod")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug)]
pub struct SessionConfig {
    pub token_client: TokenClient,
    pub token_request: TokenRequest,
    /// Used when the token endpoint names no server URL.
    pub server_url: Option<String>,
    pub sdk_url: String,
    pub lang: Lang,
    /// Registered on the room after connecting, unregistered when the call ends.
    pub rpc_methods: Vec<RpcMethod>,
    /// How long to wait for the agent after connecting before diagnosing its absence.
    pub agent_join_timeout_ms: u32,
    /// A page reload or a navigation within the site rejoins the running call (option
    /// `resume`, see `call::resume`).
    pub resume: bool,
    /// Whether Call waits for the visitor's consent, and with which words (none: it does not).
    pub consent: Option<crate::call::consent::ConsentSetup>,
}

impl SessionConfig {
    pub fn new(token_endpoint: impl Into<String>) -> Self {
        Self {
            token_client: TokenClient::new(token_endpoint),
            token_request: TokenRequest::default(),
            server_url: None,
            sdk_url: default_sdk_url(),
            lang: Lang::En,
            rpc_methods: Vec::new(),
            agent_join_timeout_ms: 15_000,
            resume: false,
            consent: None,
        }
    }

    /// The LiveKit URL for `grant`: the one the token endpoint named, else the configured one.
    pub fn server_url_for(&self, grant: &TokenGrant) -> String {
        grant
            .server_url
            .clone()
            .or_else(|| self.server_url.clone())
            .unwrap_or_default()
    }

    /// Sets the language and tells the agent through the participant attribute `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self.token_request
            .participant_attributes
            .insert("lang".into(), lang.tag().into());
        self
    }
}
