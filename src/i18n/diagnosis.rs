//! Turns a [`CallFailure`] into words: what the person sees, what the site owner should fix, and
//! the evidence. [`problem`] is what both the screen and the host page's `lkw-error` show.
//!
//! The owner's sentences are templates filled by [`fill`] rather than a `format!` each: the
//! same words in a smaller wasm (issue 15; `golden.txt` holds every text they make).

use super::template::fill;
use super::{Lang, Messages};
use crate::call::browser_support::{BrowserFeatures, BrowserGap};
use crate::call::failure::{CallFailure, Hop, ServerUrlProblem};
use crate::call::token_claims::ClaimProblem;
use crate::call::{CallStage, EndReason};
use crate::livekit::event::DisconnectReason;
use crate::livekit::failure::{ConnectErrorReason, MicrophoneFailure, SdkLoadCause};
use crate::livekit::TokenEndpointError;
use lkw_protocol::ErrorCode;

/// A failure explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub hop: Hop,
    /// Short, plain, for the person in the call.
    pub user_message: String,
    /// Concrete, for whoever runs the site.
    pub owner_fix: String,
    /// What was observed (status, error text …), never a token or a secret.
    pub evidence: String,
}

/// The diagnosis the person and the host page get for `stage`, if it is a problem (see
/// [`CallStage::problem`]).
pub fn problem(stage: &CallStage, lang: Lang) -> Option<Diagnosis> {
    stage.problem().map(|failure| diagnose(&failure, lang))
}

/// Explains `failure`: the person's words in `lang`, the owner's fix and evidence in English.
pub fn diagnose(failure: &CallFailure, lang: Lang) -> Diagnosis {
    let hop = failure.hop();
    let m = lang.messages();
    let (user_message, owner_fix, evidence) = match failure {
        CallFailure::Browser { gap, features } => browser(m, *gap, features),
        CallFailure::SdkLoad {
            url,
            cause,
            message,
        } => sdk_load(m, url, cause, message),
        CallFailure::TokenEndpoint { endpoint, error } => token_endpoint(m, endpoint, error),
        CallFailure::TokenContents { endpoint, problem } => token_contents(m, endpoint, problem),
        CallFailure::ServerUrl { url, problem } => (
            m.server_url_wrong().into(),
            fill(
                "Fix the LiveKit server URL: {0}.",
                &[&server_url_problem(url, problem)],
            ),
            fill("server URL: '{0}'", &[url]),
        ),
        CallFailure::Connect {
            url,
            reason,
            status,
            message,
        } => connect(m, url, *reason, *status, message),
        CallFailure::Microphone { failure, message } => microphone(m, *failure, message),
        CallFailure::Disconnected { reason } => disconnected(m, *reason),
        CallFailure::Unexpected { message } => (
            m.something_went_wrong().into(),
            "An unexpected error reached the widget; the evidence names it.".into(),
            message.clone(),
        ),
    };
    Diagnosis {
        hop,
        user_message,
        owner_fix,
        evidence,
    }
}

/// What is wrong with a server URL, in the owner's words (also the preflight's detail).
pub fn server_url_problem(url: &str, problem: &ServerUrlProblem) -> String {
    let (template, scheme) = match problem {
        ServerUrlProblem::Missing => (
            "no LiveKit server URL: the token endpoint did not send one and none is configured",
            "",
        ),
        ServerUrlProblem::NotAUrl => (
            "'{0}' is not a URL: expected wss://your-project.livekit.cloud",
            "",
        ),
        ServerUrlProblem::NoHost => ("'{0}' names no host", ""),
        ServerUrlProblem::Unencrypted => (
            "'{0}' is unencrypted but this page is https: browsers block it; use wss://",
            "",
        ),
        ServerUrlProblem::Scheme(other) => (
            "'{0}' has scheme '{1}': expected wss:// (or ws:// for local development)",
            other.as_str(),
        ),
    };
    fill(template, &[url.trim(), scheme])
}

/// One line of evidence: each browser feature, present or missing.
pub fn browser_evidence(features: &BrowserFeatures) -> String {
    let word = |present: bool| if present { "present" } else { "missing" };
    fill(
        "RTCPeerConnection: {0}; WebSocket: {1}; navigator.mediaDevices.getUserMedia: {2}; secure context: {3}",
        &[
            word(features.peer_connection),
            word(features.websocket),
            word(features.get_user_media),
            if features.secure_context { "yes" } else { "no" },
        ],
    )
}

fn sdk_load(
    m: &Messages,
    url: &str,
    cause: &SdkLoadCause,
    message: &str,
) -> (String, String, String) {
    let status;
    let (template, detail) = match cause {
        SdkLoadCause::Http(code) => {
            status = code.to_string();
            (
                "The LiveKit SDK at {0} answered HTTP {1}: deploy vendor/livekit-client.min.js beside the widget.",
                status.as_str(),
            )
        }
        SdkLoadCause::Mime(content_type) => (
            "The LiveKit SDK at {0} is served as '{1}': serve it as text/javascript.",
            content_type.as_str(),
        ),
        SdkLoadCause::Network => (
            "The LiveKit SDK at {0} could not be fetched: check the network and the page's Content-Security-Policy (script-src).",
            "",
        ),
        SdkLoadCause::Script => ("The LiveKit SDK at {0} failed while starting: {1}", message),
    };
    (
        m.sdk_failed().into(),
        fill(template, &[url, detail]),
        fill("SDK load failed: {0}", &[message]),
    )
}

fn token_endpoint(
    m: &Messages,
    endpoint: &str,
    error: &TokenEndpointError,
) -> (String, String, String) {
    let user = m.token_refused().to_string();
    match error {
        TokenEndpointError::Unreachable { url, message } => (
            m.token_unreachable().into(),
            fill("The token endpoint at {0} could not be reached: is the token server running, and does it allow this page's origin (CORS)?", &[url]),
            message.clone(),
        ),
        TokenEndpointError::RateLimited { retry_after_s, body_start } => {
            let wait = retry_after_s.map(|s| s.to_string());
            let retry = wait
                .as_deref()
                .map(|s| fill(", retry after {0} s", &[s]))
                .unwrap_or_default();
            (
                m.token_rate_limited(*retry_after_s),
                fill(
                    "The token endpoint at {0} answered 429 (rate limited){1}: too many token requests from this visitor's network address. If real visitors share an address (an office, a school, a mobile carrier's NAT), raise the limit (our token server: LK_RATE_LIMIT_PER_MIN, LK_RATE_LIMIT_BURST).",
                    &[endpoint, &retry],
                ),
                fill(
                    "HTTP 429, Retry-After: {0}, body: {1}",
                    &[wait.as_deref().unwrap_or("none"), body_start],
                ),
            )
        }
        TokenEndpointError::Refused { status, body } => {
            let status = status.to_string();
            let code = body.error.as_str();
            // Our token server's refusal: act on its code, quote its message (not the JSON).
            match &body.error {
                ErrorCode::AgentNotAllowed => {
                    let agent = body.agent.as_deref();
                    let named = agent.map(|a| fill("'{0}'", &[a]));
                    (
                        m.agent_unavailable().into(),
                        fill(
                            "The token endpoint at {0} does not dispatch the agent {1}: add it to the token server's allowlist (our token server: LK_ALLOWED_AGENTS, comma separated), or set the widget's agent to one it allows. It answered {2}: {3}",
                            &[endpoint, named.as_deref().unwrap_or("this widget asked for"), &status, &body.message],
                        ),
                        fill(
                            "HTTP {0}, error: {1}, agent: {2}, message: {3}",
                            &[&status, code, agent.unwrap_or("(not named)"), &body.message],
                        ),
                    )
                }
                ErrorCode::OriginNotAllowed => (
                    m.site_not_allowed().into(),
                    origin_fix(endpoint, &status, body.origin.as_deref(), &body.message),
                    fill(
                        "HTTP {0}, error: {1}, origin: {2}, message: {3}",
                        &[&status, code, body.origin.as_deref().unwrap_or("(not named)"), &body.message],
                    ),
                ),
                _ => (
                    user,
                    fill(
                        "The token endpoint at {0} answered {1}: {2} ({3})",
                        &[endpoint, &status, &body.message, code],
                    ),
                    fill(
                        "HTTP {0}, error: {1}, message: {2}",
                        &[&status, code, &body.message],
                    ),
                ),
            }
        }
        TokenEndpointError::HttpStatus { status, content_type, body_start, sent } => {
            let sent_part = sent
                .as_deref()
                .map(|s| fill(", sent: {0}", &[s]))
                .unwrap_or_default();
            (
                user,
                foreign_endpoint_fix(endpoint, *status, body_start, sent.as_deref()),
                fill(
                    "HTTP {0}, content-type '{1}', body: {2}{3}",
                    &[&status.to_string(), content_type, body_start, &sent_part],
                ),
            )
        }
        TokenEndpointError::NotJson { status, content_type, body_start } => (
            user,
            fill(
                "The token endpoint at {0} answered {1} with '{2}', not JSON: is the URL right (an HTML page usually means a wrong path or a login page)?",
                &[endpoint, &status.to_string(), content_type],
            ),
            fill("body: {0}", &[body_start]),
        ),
        TokenEndpointError::NoToken { status, keys_found, body_start } => (
            user,
            fill(
                "The token endpoint at {0} answered JSON without a token (keys: {1}): return {\"server_url\", \"participant_token\"}.",
                &[endpoint, &if keys_found.is_empty() { "none".to_string() } else { keys_found.join(", ") }],
            ),
            fill("HTTP {0}, body: {1}", &[&status.to_string(), body_start]),
        ),
    }
}

/// The owner's fix when an endpoint that is not ours (no protocol error body) fails: its answer
/// beside the request the widget sent, so a field mismatch shows at a glance, and what the status
/// class points at. A gateway error means the endpoint is not running, whatever it reads.
fn foreign_endpoint_fix(
    endpoint: &str,
    status: u16,
    body_start: &str,
    sent: Option<&str>,
) -> String {
    let answered = fill(
        "The token endpoint at {0} answered {1}: {2}",
        &[endpoint, &status.to_string(), first_line(body_start)],
    );
    let Some(sent) = sent else {
        return answered;
    };
    let points_at = match status {
        404 => "Is the token URL right?",
        405 => "It does not take this method: LiveKit's standard token endpoint takes a POST with a JSON body.",
        502..=504 => "The endpoint's server behind its gateway is down or not reachable: start it, then check the gateway's upstream address.",
        _ => "That is LiveKit's standard token request (room_name, participant_identity, participant_name, participant_metadata, participant_attributes, room_config). An endpoint written for other field names (identity, room, roomName, participantName…) fails on it: make it read these fields and answer {\"server_url\", \"participant_token\"}.",
    };
    fill(
        "{0} — the widget sent: {1}. {2}",
        &[&answered, sent, points_at],
    )
}

/// The owner's fix for a refused origin: the exact value to add, or, for a page without an
/// origin of its own (`null`: a sandboxed frame, a `file:` page), that no list can help.
fn origin_fix(endpoint: &str, status: &str, origin: Option<&str>, message: &str) -> String {
    let template = match origin {
        Some(origin) if origin != "null" => "The token endpoint at {0} does not accept token requests from pages on {3}: add {3} to its allowed origins (our token server: LK_ALLOWED_ORIGINS={3}, comma separated with any others) and restart it. It answered {1}: {2}",
        Some(_) => "The token endpoint at {0} refused this page because it has no origin of its own (null: a sandboxed iframe without allow-same-origin, or a file: page): serve the page from a web address, or drop the sandbox. It answered {1}: {2}",
        None => "The token endpoint at {0} does not accept token requests from this page's origin: add the page's origin to its allowed origins (our token server: LK_ALLOWED_ORIGINS). It answered {1}: {2}",
    };
    fill(
        template,
        &[endpoint, status, message, origin.unwrap_or_default()],
    )
}

fn token_contents(
    m: &Messages,
    endpoint: &str,
    problem: &ClaimProblem,
) -> (String, String, String) {
    // Spelled out rather than `{:?}`: Debug formatting of a type costs the wasm its whole
    // formatting code (issue 15), and a rename should not change what the owner reads.
    let (owner_fix, evidence, seconds) = match problem {
        ClaimProblem::Unreadable => (
            "The token from {0} is not a LiveKit access token (a JWT): return participant_token from AccessToken.toJwt().",
            "token claims: unreadable",
            0,
        ),
        ClaimProblem::Expired { seconds_ago } => (
            "The token from {0} expired {1} s ago: mint a fresh token per call (and check the server clock).",
            "token claims: expired {1} s ago",
            *seconds_ago,
        ),
        ClaimProblem::NotYetValid { seconds_ahead } => (
            "The token from {0} is valid only in {1} s (nbf): the token server's clock is ahead.",
            "token claims: not valid for {1} s",
            *seconds_ahead,
        ),
        ClaimProblem::NoRoomJoin => (
            "The token from {0} has no roomJoin grant: add VideoGrants { roomJoin: true, room }.",
            "token claims: no roomJoin grant",
            0,
        ),
        ClaimProblem::CannotPublish => (
            "The token from {0} forbids publishing (canPublish: false): the agent cannot hear the caller.",
            "token claims: canPublish false",
            0,
        ),
    };
    let args = [endpoint, &seconds.to_string()];
    (
        m.token_refused().into(),
        fill(owner_fix, &args),
        fill(evidence, &args),
    )
}

fn connect(
    m: &Messages,
    url: &str,
    reason: ConnectErrorReason,
    status: Option<u16>,
    message: &str,
) -> (String, String, String) {
    let status_text = status
        .map(|s| fill(" (HTTP {0})", &[&s.to_string()]))
        .unwrap_or_default();
    let cloud = is_livekit_cloud(url);
    let owner_fix = match (reason, status) {
        // livekit-client 2.23 asks LiveKit Cloud for the project's regions first: a 401 there is
        // the same token refusal, said by the region endpoint.
        (_, Some(401)) if cloud => "LiveKit Cloud at {0} rejected the token (401){3}: the token server's API key and secret are not this project's (LIVEKIT_API_KEY / LIVEKIT_API_SECRET from the project's settings, same project as the URL), or the token expired.",
        (_, Some(401)) => "LiveKit at {0} rejected the token (401): the token server's API key or secret does not match the LiveKit server's, or the token expired.",
        // Since livekit-client 2.23 a 403 from LiveKit Cloud is region pinning, and the SDK has
        // already tried the project's other regions before it gives up with this one.
        (ConnectErrorReason::NotAllowed, Some(403)) if cloud => "LiveKit Cloud at {0} refused this project in every region the SDK tried (403, after failing over between regions): the project is pinned to regions (project settings → region pinning) that this visitor could not connect to, or the token's grants do not allow this room. Check the project's allowed regions against where your visitors are.",
        (ConnectErrorReason::NotAllowed, Some(403)) => "LiveKit at {0} answered 403 Forbidden: a proxy or firewall in front of LiveKit refuses this page's WebSocket (check its rules for /rtc), or the token's grants do not allow this room.",
        (ConnectErrorReason::NotAllowed, Some(404)) => "LiveKit at {0} says the room does not exist (404) and this join may not create it: the server has automatic room creation off (room.auto_create: false). Create the room through the server API before handing out the token, or turn automatic creation on.",
        (ConnectErrorReason::NotAllowed, _) => "LiveKit at {0} refused to let this participant join{1}: check the token's room grant and permissions.",
        (ConnectErrorReason::ServerUnreachable, _) | (ConnectErrorReason::WebSocket, _) => "LiveKit at {0} could not be reached{1}: is the server running, is the URL right, and does the network allow WebSockets to it?",
        (ConnectErrorReason::Timeout, _) => "Connecting to LiveKit at {0} timed out: the media path (UDP/TCP/TURN) may be blocked.",
        (ConnectErrorReason::Cancelled, _) => "The connection was cancelled before it completed.",
        (ConnectErrorReason::LeaveRequest, _) => "LiveKit at {0} asked this participant to leave while joining.",
        _ => "Connecting to LiveKit at {0} failed{1}: {2}",
    };
    let regions = if message.contains("region settings") {
        " when the SDK asked for the project's regions"
    } else {
        ""
    };
    (
        m.connect_failed().into(),
        fill(owner_fix, &[url, &status_text, message, regions]),
        fill(
            "ConnectionError reason {0}{1}: {2}",
            &[reason.sdk_name(), &status_text, message],
        ),
    )
}

/// A LiveKit Cloud project URL (`wss://<project>.livekit.cloud`), where livekit-client fails over
/// between regions; the SDK's own test (`*.livekit.cloud`, `*.livekit.run`), case-insensitive.
fn is_livekit_cloud(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.split(':').next().unwrap_or("").as_bytes();
    let ends_with = |suffix: &str| {
        host.len() >= suffix.len()
            && host[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    ends_with(".livekit.cloud") || ends_with(".livekit.run")
}

fn browser(m: &Messages, gap: BrowserGap, features: &BrowserFeatures) -> (String, String, String) {
    let (user, owner) = match gap {
        BrowserGap::NoWebRtc => (
            m.browser_cannot_call(),
            "This browser has no WebRTC (RTCPeerConnection): it was built without it (e.g. WebKitGTK on Linux distributions), is too old, or is an in-app browser that removes it. Nothing on the site can fix this; visitors need a current Chrome, Edge, Firefox or Safari (in an app: \"open in browser\").",
        ),
        BrowserGap::NoWebSocket => (
            m.browser_cannot_call(),
            "This browser has no WebSocket, which the LiveKit signal connection needs: it is too old or locked down.",
        ),
        BrowserGap::InsecurePage => (
            m.page_not_secure(),
            "The page is not a secure context (plain http on a host other than localhost), so the browser hides the microphone API: serve the page over https.",
        ),
        BrowserGap::NoMicrophoneApi => (
            m.browser_cannot_call(),
            "This browser offers no microphone API (navigator.mediaDevices.getUserMedia) on a secure page: an in-app webview that does not pass the microphone through, or a locked-down browser.",
        ),
    };
    (user.into(), owner.into(), browser_evidence(features))
}

fn microphone(m: &Messages, failure: MicrophoneFailure, message: &str) -> (String, String, String) {
    let (user, owner) = match failure {
        MicrophoneFailure::PermissionDenied => (
            m.mic_denied(),
            "The browser or the person denied the microphone. On an embedded page, the iframe needs allow=\"microphone\".",
        ),
        MicrophoneFailure::NotFound => (
            m.mic_missing(),
            "The device has no audio input.",
        ),
        MicrophoneFailure::DeviceInUse => (
            m.mic_busy(),
            "getUserMedia could not start the device (NotReadableError).",
        ),
        MicrophoneFailure::Other => (
            m.mic_failed(),
            "getUserMedia failed; see the evidence.",
        ),
    };
    (user.into(), owner.into(), message.to_string())
}

fn disconnected(m: &Messages, reason: DisconnectReason) -> (String, String, String) {
    let (user, owner) = match reason {
        DisconnectReason::DuplicateIdentity => (
            m.ended_elsewhere(),
            "Another participant joined with the same identity: give each call its own identity.",
        ),
        DisconnectReason::ServerShutdown => {
            (m.service_restarted(), "The LiveKit server shut down.")
        }
        DisconnectReason::ParticipantRemoved => (
            m.removed_from_call(),
            "The participant was removed through the server API.",
        ),
        DisconnectReason::RoomDeleted | DisconnectReason::RoomClosed => (
            m.call_ended(),
            "The room was deleted or closed on the server.",
        ),
        DisconnectReason::SignalClose
        | DisconnectReason::ConnectionTimeout
        | DisconnectReason::MediaFailure => (
            m.connection_lost(),
            "The connection to LiveKit broke and could not be restored.",
        ),
        DisconnectReason::JoinFailure => (m.join_failed(), "LiveKit reported a join failure."),
        _ => (m.call_ended(), "The call ended from the server side."),
    };
    (
        user.into(),
        owner.into(),
        // The host page's stable key (`remote:duplicate-identity`), not a Rust name.
        fill("disconnect reason {0}", &[&EndReason::Remote(reason).key()]),
    )
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        "(empty body)"
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lkw_protocol::ErrorBody;

    fn diagnose_en(failure: &CallFailure) -> Diagnosis {
        diagnose(failure, Lang::En)
    }

    #[test]
    fn a_browser_without_webrtc_is_named_before_anything_is_fetched() {
        let failure = BrowserFeatures::WITHOUT_WEBRTC.refusal().unwrap();
        let d = diagnose_en(&failure);
        assert_eq!(d.hop, Hop::Browser);
        assert!(d.user_message.contains("This browser cannot make calls"));
        assert!(d.owner_fix.contains("RTCPeerConnection"));
        assert!(d.evidence.contains("RTCPeerConnection: missing"));
        let de = diagnose(&failure, Lang::De);
        assert!(de.user_message.contains("keine Anrufe"));
    }

    #[test]
    fn an_http_page_is_the_page_hop() {
        let features = BrowserFeatures {
            peer_connection: true,
            get_user_media: false,
            secure_context: false,
            websocket: true,
        };
        let d = diagnose_en(&features.refusal().unwrap());
        assert_eq!(d.hop, Hop::Page);
        assert!(d.owner_fix.contains("https"));
    }

    #[test]
    fn a_rate_limited_visitor_is_told_how_long_to_wait_not_a_json_quote() {
        let d = diagnose_en(&CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error: TokenEndpointError::RateLimited {
                retry_after_s: Some(30),
                body_start: r#"{"error":"rate_limited"}"#.into(),
            },
        });
        assert_eq!(d.hop, Hop::TokenEndpoint);
        assert_eq!(
            d.user_message,
            "Too many calls were started from your network just now. Please wait 30 seconds and call again."
        );
        assert!(!d.user_message.contains('{'));
        assert!(d.owner_fix.contains("LK_RATE_LIMIT_PER_MIN"));
        assert!(d.evidence.contains("Retry-After: 30"));
        let no_header = diagnose(
            &CallFailure::TokenEndpoint {
                endpoint: "/api/token".into(),
                error: TokenEndpointError::RateLimited {
                    retry_after_s: None,
                    body_start: String::new(),
                },
            },
            Lang::De,
        );
        assert!(
            no_header.user_message.contains("einen Moment"),
            "{}",
            no_header.user_message
        );
    }

    fn refused(status: u16, body: ErrorBody) -> Diagnosis {
        diagnose_en(&CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error: TokenEndpointError::Refused { status, body },
        })
    }

    #[test]
    fn a_refused_origin_names_the_variable_and_the_exact_origin_to_add() {
        let message = "This token endpoint does not serve pages from http://localhost:8080.";
        let d = refused(
            403,
            ErrorBody {
                origin: Some("http://localhost:8080".into()),
                ..ErrorBody::new(ErrorCode::OriginNotAllowed, message)
            },
        );
        assert_eq!(d.hop, Hop::TokenEndpoint);
        assert_eq!(
            d.user_message,
            "Calls cannot be started from this website yet. Please contact the site."
        );
        assert!(
            d.owner_fix.contains(
                "from pages on http://localhost:8080: add http://localhost:8080 to its allowed origins (our token server: LK_ALLOWED_ORIGINS=http://localhost:8080"
            ),
            "{}",
            d.owner_fix
        );
        assert!(d
            .evidence
            .contains("error: origin_not_allowed, origin: http://localhost:8080"));
        // A sandboxed frame has no origin to list: the fix says so instead of "add null".
        let opaque = refused(
            403,
            ErrorBody {
                origin: Some("null".into()),
                ..ErrorBody::new(ErrorCode::OriginNotAllowed, "no")
            },
        );
        assert!(
            opaque.owner_fix.contains("sandboxed iframe"),
            "{}",
            opaque.owner_fix
        );
        assert!(!opaque.owner_fix.contains("LK_ALLOWED_ORIGINS=null"));
        // The person's words come from the catalog, in their language.
        let de = diagnose(
            &CallFailure::TokenEndpoint {
                endpoint: "/api/token".into(),
                error: TokenEndpointError::Refused {
                    status: 403,
                    body: ErrorBody::new(ErrorCode::OriginNotAllowed, "no"),
                },
            },
            Lang::De,
        );
        assert!(
            de.user_message.starts_with("Von dieser Website"),
            "{}",
            de.user_message
        );
    }

    #[test]
    fn an_agent_off_the_allowlist_tells_the_owner_which_list_to_edit() {
        let message = "This server does not dispatch the agent \"billing\". Ask for one of: \"sofia\"; or leave out room_config.agents to get the default agent \"sofia\".";
        let d = refused(
            403,
            ErrorBody {
                agent: Some("billing".into()),
                ..ErrorBody::new(ErrorCode::AgentNotAllowed, message)
            },
        );
        assert_eq!(d.hop, Hop::TokenEndpoint);
        assert_eq!(
            d.user_message,
            "The assistant is not available right now. Please try again later."
        );
        assert!(
            d.owner_fix
                .contains("does not dispatch the agent 'billing': add it to the token server's allowlist (our token server: LK_ALLOWED_AGENTS"),
            "{}",
            d.owner_fix
        );
        assert!(d.owner_fix.contains("Ask for one of: \"sofia\""));
        assert!(d
            .evidence
            .contains("error: agent_not_allowed, agent: billing"));
        // a server that does not name the agent still gets the allowlist named
        let unnamed = refused(403, ErrorBody::new(ErrorCode::AgentNotAllowed, "no"));
        assert!(unnamed
            .owner_fix
            .contains("the agent this widget asked for: add it"));
        assert!(unnamed.owner_fix.contains("LK_ALLOWED_AGENTS"));
    }

    #[test]
    fn a_coded_refusal_quotes_the_message_not_the_json() {
        let d = refused(
            400,
            ErrorBody::new(
                ErrorCode::InvalidRequest,
                "The token request has a field the server cannot use: `room_name`: bad.",
            ),
        );
        assert_eq!(
            d.user_message,
            "The call could not be set up (no access from the server). Please try again later."
        );
        assert_eq!(
            d.owner_fix,
            "The token endpoint at /api/token answered 400: The token request has a field the server cannot use: `room_name`: bad. (invalid_request)"
        );
        assert!(!d.owner_fix.contains("\"error\""));
        assert!(d
            .evidence
            .starts_with("HTTP 400, error: invalid_request, message: "));
        let unknown = refused(
            402,
            ErrorBody::new(ErrorCode::Other("quota".into()), "Pay up."),
        );
        assert_eq!(
            unknown.owner_fix,
            "The token endpoint at /api/token answered 402: Pay up. (quota)"
        );
    }

    #[test]
    fn token_500_quotes_the_body_and_the_endpoint() {
        let d = diagnose_en(&CallFailure::TokenEndpoint {
            endpoint: "/api/token".into(),
            error: TokenEndpointError::HttpStatus {
                status: 500,
                content_type: "text/plain".into(),
                body_start: "secret missing".into(),
                sent: None,
            },
        });
        assert_eq!(d.hop, Hop::TokenEndpoint);
        assert_eq!(
            d.owner_fix,
            "The token endpoint at /api/token answered 500: secret missing"
        );
    }

    fn foreign_failure(status: u16, body: &str) -> Diagnosis {
        diagnose_en(&CallFailure::TokenEndpoint {
            endpoint: "https://example.org/getToken".into(),
            error: TokenEndpointError::HttpStatus {
                status,
                content_type: "text/plain".into(),
                body_start: body.into(),
                sent: Some(
                    r#"POST {"room_name":"call-1","participant_identity":"visitor-1"}"#.into(),
                ),
            },
        })
    }

    #[test]
    fn a_foreign_endpoint_that_falls_over_is_shown_what_was_sent() {
        let d = foreign_failure(500, "Error: identity is required for join but not set");
        assert_eq!(d.hop, Hop::TokenEndpoint);
        assert!(d.owner_fix.starts_with(
            "The token endpoint at https://example.org/getToken answered 500: Error: identity is required for join but not set — the widget sent: POST {\"room_name\":\"call-1\",\"participant_identity\":\"visitor-1\"}. That is LiveKit's standard token request"
        ), "{}", d.owner_fix);
        assert!(d
            .owner_fix
            .contains("(identity, room, roomName, participantName…)"));
        assert!(d.evidence.ends_with(
            r#", sent: POST {"room_name":"call-1","participant_identity":"visitor-1"}"#
        ));
    }

    #[test]
    fn a_foreign_endpoints_status_class_says_where_to_look() {
        assert!(foreign_failure(404, "Not Found")
            .owner_fix
            .ends_with("Is the token URL right?"));
        assert!(foreign_failure(405, "")
            .owner_fix
            .contains("takes a POST with a JSON body"));
        let gateway = foreign_failure(502, "<html>Bad Gateway</html>").owner_fix;
        assert!(gateway.contains("behind its gateway is down"));
        assert!(!gateway.contains("field names"));
    }

    #[test]
    fn html_answer_suggests_wrong_path() {
        let d = diagnose_en(&CallFailure::TokenEndpoint {
            endpoint: "/token".into(),
            error: TokenEndpointError::NotJson {
                status: 200,
                content_type: "text/html".into(),
                body_start: "<!doctype html>".into(),
            },
        });
        assert!(d.owner_fix.contains("not JSON"));
        assert!(d.evidence.contains("<!doctype html>"));
    }

    #[test]
    fn unauthorized_connect_names_key_and_secret() {
        let d = diagnose_en(&CallFailure::Connect {
            url: "ws://127.0.0.1:7880".into(),
            reason: ConnectErrorReason::NotAllowed,
            status: Some(401),
            message: "invalid token".into(),
        });
        assert_eq!(d.hop, Hop::Signal);
        assert!(d.owner_fix.contains("API key or secret"));
    }

    fn connect_refused(url: &str, status: u16, message: &str) -> Diagnosis {
        diagnose_en(&CallFailure::Connect {
            url: url.into(),
            reason: ConnectErrorReason::NotAllowed,
            status: Some(status),
            message: message.into(),
        })
    }

    #[test]
    fn a_403_from_livekit_cloud_is_region_pinning_after_failover() {
        let cloud = connect_refused(
            "wss://dental-x1y2.livekit.cloud",
            403,
            "project not allowed in region",
        );
        assert_eq!(cloud.hop, Hop::Signal);
        assert!(cloud.owner_fix.contains("refused this project in every region the SDK tried (403, after failing over between regions)"));
        assert!(cloud.owner_fix.contains("region pinning"));
        let self_hosted = connect_refused("wss://lk.example.org", 403, "Forbidden");
        assert!(self_hosted
            .owner_fix
            .contains("a proxy or firewall in front of LiveKit"));
        assert!(!self_hosted.owner_fix.contains("region"));
    }

    #[test]
    fn a_401_from_livekit_clouds_region_endpoint_names_the_projects_keys() {
        let d = connect_refused(
            "wss://dental-x1y2.livekit.cloud/",
            401,
            "Could not fetch region settings: Unauthorized",
        );
        assert!(d.owner_fix.starts_with(
            "LiveKit Cloud at wss://dental-x1y2.livekit.cloud/ rejected the token (401) when the SDK asked for the project's regions: the token server's API key and secret are not this project's"
        ));
        let rtc = connect_refused("wss://x.livekit.run", 401, "invalid token");
        assert!(rtc.owner_fix.contains("rejected the token (401): the token server's API key and secret are not this project's"));
    }

    #[test]
    fn a_missing_room_that_may_not_be_created_names_auto_create() {
        let d = connect_refused("ws://127.0.0.1:7880", 404, "requested room does not exist");
        assert!(d.owner_fix.contains("room.auto_create: false"));
    }

    #[test]
    fn livekit_cloud_is_told_by_its_host_only() {
        assert!(is_livekit_cloud("wss://p.livekit.cloud"));
        assert!(is_livekit_cloud("https://p.LIVEKIT.cloud:443/rtc?x=1"));
        assert!(is_livekit_cloud("wss://p.livekit.run"));
        assert!(!is_livekit_cloud("wss://livekit.cloud.example.org"));
        assert!(!is_livekit_cloud("wss://example.org/p.livekit.cloud"));
        assert!(!is_livekit_cloud("wss://p.livekit.cloud@evil.example"));
        assert!(!is_livekit_cloud("ws://127.0.0.1:7880"));
    }

    #[test]
    fn unreachable_server_names_the_url() {
        let d = diagnose_en(&CallFailure::Connect {
            url: "ws://127.0.0.1:1".into(),
            reason: ConnectErrorReason::ServerUnreachable,
            status: None,
            message: "could not establish signal connection".into(),
        });
        assert!(d
            .owner_fix
            .contains("ws://127.0.0.1:1 could not be reached"));
    }

    #[test]
    fn denied_microphone_tells_the_person_how_to_allow_it() {
        let d = diagnose_en(&CallFailure::Microphone {
            failure: MicrophoneFailure::PermissionDenied,
            message: "NotAllowedError: Permission denied".into(),
        });
        assert_eq!(d.hop, Hop::Microphone);
        assert!(d.user_message.contains("Allow the microphone"));
    }

    #[test]
    fn sdk_404_names_the_url_and_the_fix() {
        let d = diagnose_en(&CallFailure::SdkLoad {
            url: "https://x/vendor/livekit-client.min.js".into(),
            cause: SdkLoadCause::Http(404),
            message: "Failed to fetch dynamically imported module".into(),
        });
        assert_eq!(d.hop, Hop::Sdk);
        assert!(d.owner_fix.contains("answered HTTP 404"));
    }

    #[test]
    fn evidence_lists_every_browser_feature() {
        let e = browser_evidence(&BrowserFeatures {
            peer_connection: false,
            ..BrowserFeatures::WITHOUT_WEBRTC
        });
        assert!(e.contains("RTCPeerConnection: missing"));
        assert!(e.contains("getUserMedia: present"));
        assert!(e.contains("secure context: yes"));
    }

    #[test]
    fn server_url_problems_are_named_with_the_url() {
        let text = |url: &str, https: bool| {
            server_url_problem(
                url,
                &crate::call::failure::check_server_url(url, https).unwrap_err(),
            )
        };
        assert!(text("ws://a", true).contains("use wss://"));
        assert!(text("", false).contains("no LiveKit server URL"));
        assert!(text("a.livekit.cloud", false).contains("not a URL"));
        assert!(text("ftp://a", false).contains("scheme 'ftp'"));
        assert!(text("wss://", false).contains("no host"));
    }

    #[test]
    fn a_remote_end_worth_explaining_is_a_problem_a_plain_leave_is_not() {
        use crate::call::EndReason;
        let duplicate = CallStage::Ended(EndReason::Remote(DisconnectReason::DuplicateIdentity));
        assert!(
            problem(&duplicate, Lang::En).is_some_and(|d| d.owner_fix.contains("same identity"))
        );
        let left = CallStage::Ended(EndReason::Remote(DisconnectReason::ClientInitiated));
        assert_eq!(problem(&left, Lang::En), None);
        assert_eq!(
            problem(&CallStage::Ended(EndReason::HungUp), Lang::En),
            None
        );
        assert_eq!(problem(&CallStage::Connected, Lang::En), None);
    }

    #[test]
    fn an_sdk_served_with_the_wrong_type_names_the_type() {
        let d = diagnose_en(&CallFailure::SdkLoad {
            url: "/vendor/livekit-client.min.js".into(),
            cause: SdkLoadCause::Mime("text/html".into()),
            message: "Failed to load module script".into(),
        });
        assert_eq!(
            d.owner_fix,
            "The LiveKit SDK at /vendor/livekit-client.min.js is served as 'text/html': serve it as text/javascript."
        );
    }

    #[test]
    fn duplicate_identity_is_explained() {
        let d = diagnose_en(&CallFailure::Disconnected {
            reason: DisconnectReason::DuplicateIdentity,
        });
        assert!(d.owner_fix.contains("same identity"));
        assert_eq!(d.evidence, "disconnect reason remote:duplicate-identity");
    }
}

#[cfg(test)]
mod token_contents_tests {
    use super::*;

    #[test]
    fn expired_token_names_its_age_and_the_fix() {
        let d = diagnose(
            &CallFailure::TokenContents {
                endpoint: "/api/token".into(),
                problem: ClaimProblem::Expired { seconds_ago: 3600 },
            },
            Lang::En,
        );
        assert_eq!(d.hop, Hop::TokenContents);
        assert!(d.owner_fix.contains("expired 3600 s ago"));
        assert_eq!(d.evidence, "token claims: expired 3600 s ago");
    }
}

#[cfg(test)]
mod german_tests {
    use super::*;

    #[test]
    fn the_person_reads_german_while_the_owner_fix_stays_english() {
        let failure = CallFailure::Microphone {
            failure: MicrophoneFailure::PermissionDenied,
            message: "NotAllowedError".into(),
        };
        let d = diagnose(&failure, Lang::De);
        assert!(d
            .user_message
            .starts_with("Der Mikrofonzugriff ist blockiert"));
        assert!(d.owner_fix.contains("denied the microphone"));
    }
}
