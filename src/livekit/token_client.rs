//! Fetching an access token from the site's token endpoint (LiveKit's standard request shape,
//! [`lkw_protocol::TokenRequest`]).

use super::token_request::{request_body, TokenRequest};
use super::token_response::{parse_token_response, sent_evidence, TokenEndpointError, TokenGrant};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

/// A token endpoint: URL, method and extra headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClient {
    pub endpoint: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
}

impl TokenClient {
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            method: "POST".into(),
            headers: Vec::new(),
        }
    }

    /// Fetches a token. `abort` cancels the request (Hang up, unmount); a cancelled fetch comes
    /// back as `Unreachable` with the browser's `AbortError` text.
    ///
    /// The request is sent now, not when the future is first polled: the click that starts a
    /// call goes on to unlock playback, which can take a browser's first ~200 ms of media
    /// start-up (Firefox), and must not hold the request back.
    pub fn fetch(
        &self,
        request: &TokenRequest,
        abort: &AbortController,
    ) -> impl std::future::Future<Output = Result<TokenGrant, TokenEndpointError>> + 'static {
        let endpoint = self.endpoint.clone();
        let body = self
            .method
            .eq_ignore_ascii_case("POST")
            .then(|| request_body(request));
        let evidence = sent_evidence(&self.method, body.as_deref());
        let sent = self.send(body.as_deref(), abort);
        async move {
            let unreachable = |err: JsValue| TokenEndpointError::Unreachable {
                url: endpoint.clone(),
                message: super::error::js_error_text(&err),
            };
            let response: Response = JsFuture::from(sent.map_err(unreachable)?)
                .await
                .and_then(|r| r.dyn_into::<Response>())
                .map_err(unreachable)?;
            let status = response.status();
            let content_type = response
                .headers()
                .get("content-type")
                .ok()
                .flatten()
                .unwrap_or_default();
            let retry_after = response.headers().get("retry-after").ok().flatten();
            let body = match response.text() {
                Ok(promise) => JsFuture::from(promise)
                    .await
                    .map_err(unreachable)?
                    .as_string()
                    .unwrap_or_default(),
                Err(err) => return Err(unreachable(err)),
            };
            parse_token_response(status, &content_type, &body, retry_after.as_deref())
                .map_err(|error| with_page_origin(error).with_sent(evidence))
        }
    }

    /// Builds the request (`body`: the JSON of a POST) and calls `fetch`; the promise of its
    /// response.
    fn send(
        &self,
        body: Option<&str>,
        abort: &AbortController,
    ) -> Result<js_sys::Promise, JsValue> {
        let headers = Headers::new()?;
        headers.set("accept", "application/json")?;
        let init = RequestInit::new();
        init.set_method(&self.method);
        init.set_signal(Some(&abort.signal()));
        if let Some(body) = body {
            headers.set("content-type", "application/json")?;
            init.set_body(&JsValue::from_str(body));
        }
        for (name, value) in &self.headers {
            headers.set(name, value)?;
        }
        init.set_headers(&headers);
        let request = Request::new_with_str_and_init(&self.endpoint, &init)?;
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        Ok(window.fetch_with_request(&request))
    }
}

/// An `origin_not_allowed` from a server that does not name the origin it refused (ours does):
/// it refused the origin this page sent, `window.location.origin`, which is what the owner must
/// list.
fn with_page_origin(error: TokenEndpointError) -> TokenEndpointError {
    match error {
        TokenEndpointError::Refused { status, mut body }
            if body.error == lkw_protocol::ErrorCode::OriginNotAllowed && body.origin.is_none() =>
        {
            body.origin = web_sys::window().and_then(|w| w.location().origin().ok());
            TokenEndpointError::Refused { status, body }
        }
        other => other,
    }
}
