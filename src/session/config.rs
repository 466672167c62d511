//! What a session needs to know: where the token and the SDK come from.

use crate::livekit::{default_sdk_url, TokenClient, TokenRequest};

#[derive(Clone, Debug)]
pub struct SessionConfig {
    pub token_client: TokenClient,
    pub token_request: TokenRequest,
    /// Used when the token endpoint names no server URL.
    pub server_url: Option<String>,
    pub sdk_url: String,
}

impl SessionConfig {
    pub fn new(token_endpoint: impl Into<String>) -> Self {
        Self {
            token_client: TokenClient::new(token_endpoint),
            token_request: TokenRequest::default(),
            server_url: None,
            sdk_url: default_sdk_url(),
        }
    }
}
