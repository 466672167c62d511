//! The call pipeline: token and SDK → checks → room → connect → microphone → watchers. Each
//! step that can fail ends the call with a typed [`CallFailure`]; the steps the preflight also
//! needs are functions of the config here, so both walk the hops the same way.

use super::active_call::ActiveCall;
use super::playback;
use super::resume_store::ResumeStore;
use super::watch::CallWatch;
use super::{conversation, CallSession, SessionConfig};
use crate::call::failure::{check_server_url, uses_http_scheme, CallFailure};
use crate::call::resume::ResumeTicket;
use crate::call::token_claims::{ClaimProblem, TokenClaims};
use crate::call::{CallInput, Warning};
use crate::i18n::owner_console;
use crate::livekit::event::RoomEvent;
use crate::livekit::failure::LiveKitError;
use crate::livekit::spawn;
use crate::livekit::TokenGrant;
use crate::livekit::{Room, ScreenWakeLock, Sdk};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Where a call's token comes from: the endpoint (a click) or a resume ticket (a reload).
pub(super) type TokenFetch = Pin<Box<dyn Future<Output = Result<TokenGrant, CallFailure>>>>;

/// The token request, sent now (not when the future is first polled: the click that starts a
/// call goes on to unlock playback and must not hold the request back).
pub(super) fn fetch_token(
    config: &SessionConfig,
    abort: &web_sys::AbortController,
) -> impl Future<Output = Result<TokenGrant, CallFailure>> + 'static {
    let endpoint = config.token_client.endpoint.clone();
    let fetch = config.token_client.fetch(&config.token_request, abort);
    async move {
        fetch
            .await
            .map_err(|error| CallFailure::TokenEndpoint { endpoint, error })
    }
}

/// The token's claims, decoded (`decoded`) and checked against the clock (`now_s`): a token the
/// server would refuse is named before the room is joined.
pub(super) fn check_claims(
    config: &SessionConfig,
    decoded: Result<TokenClaims, ClaimProblem>,
    now_s: i64,
) -> Result<TokenClaims, CallFailure> {
    let failure = |problem| CallFailure::TokenContents {
        endpoint: config.token_client.endpoint.clone(),
        problem,
    };
    let claims = decoded.map_err(failure)?;
    match claims.problems(now_s).into_iter().next() {
        Some(problem) => Err(failure(problem)),
        None => Ok(claims),
    }
}

/// The LiveKit server URL the call uses (the token answer's, else the configured one), checked
/// before the SDK sees it.
pub(super) fn server_url(
    config: &SessionConfig,
    grant: &TokenGrant,
) -> Result<String, CallFailure> {
    let url = config.server_url_for(grant);
    match check_server_url(&url, page_is_https()) {
        Ok(()) => Ok(url),
        Err(problem) => Err(CallFailure::ServerUrl { url, problem }),
    }
}

impl CallSession {
    /// Ends `call` after a failure: report it, then release everything.
    /// Not generic over the failure's type: one copy of this future, not one per type.
    async fn fail(&self, call: &Rc<ActiveCall>, failure: CallFailure) {
        if !self.is_current(call) {
            return;
        }
        self.active.borrow_mut().take();
        (self.sink)(CallInput::Failed(failure));
        call.close().await;
        (self.sink)(CallInput::Released);
    }

    /// The call from the click on: `sdk_load` and `token_fetch` were started inside it (a
    /// rejoined call's token is a ticket's, ready at once). The token future is boxed: one copy
    /// of this long state machine, not one per kind of token source (a second cost the wasm
    /// ~6 KB gzip).
    pub(super) async fn run(
        self: Rc<Self>,
        call: Rc<ActiveCall>,
        sdk_load: impl Future<Output = Result<Sdk, LiveKitError>>,
        token_fetch: TokenFetch,
    ) {
        // One failure report for every step (`break 'failed`): a report at each step cost the
        // wasm ~1 KB. A microphone captured but not yet published is dropped (and stopped) after
        // the report, as before.
        let microphone;
        let failure: CallFailure = 'failed: {
            self.token_identity.borrow_mut().take();
            let sink = self.sink.clone();
            let sdk_task = async {
                let loaded = sdk_load.await;
                if let Ok(sdk) = &loaded {
                    *self.loaded_sdk_version.borrow_mut() = Some(sdk.version());
                    sink(CallInput::SdkLoaded {
                        version: sdk.version(),
                    });
                }
                loaded
            };
            // The token is decoded once, as it arrives: its claims name the room for the timeline
            // (standard token answers carry no room name) and are checked below.
            let token_task = async {
                token_fetch.await.map(|grant| {
                    let claims = TokenClaims::decode(&grant.participant_token);
                    let room_name = grant.room_name.clone().or_else(|| {
                        let claims = claims.as_ref().ok()?;
                        claims.room().map(str::to_owned)
                    });
                    sink(CallInput::TokenReceived { room_name });
                    (grant, claims)
                })
            };
            let (sdk, grant) = futures::join!(sdk_task, token_task);
            if !self.is_current(&call) {
                return;
            }
            let sdk = match sdk {
                Ok(sdk) => sdk,
                Err(failure) => break 'failed failure.into(),
            };
            let (grant, decoded) = match grant {
                Ok(fetched) => fetched,
                Err(failure) => break 'failed failure,
            };
            if let Ok(claims) = &decoded {
                *self.token_identity.borrow_mut() = claims.sub.clone();
            }
            let claims = match check_claims(&self.config, decoded, now_unix_s()) {
                Ok(claims) => claims,
                Err(failure) => break 'failed failure,
            };
            let server_url = match server_url(&self.config, &grant) {
                Ok(url) => url,
                Err(failure) => break 'failed failure,
            };
            if uses_http_scheme(&server_url) {
                sink(CallInput::Warn(Warning::ServerUrlScheme {
                    url: server_url.clone(),
                }));
            }

            let resume = ResumeStore::of(&self.config);
            let created = match resume {
                Some(_) => Room::new_resumable(&sdk),
                None => Room::new(&sdk),
            };
            let room = match created {
                Ok(room) => room,
                Err(failure) => break 'failed failure.into(),
            };
            *self.last_room.borrow_mut() = Some(room.clone());
            call.set_room(
                room.clone(),
                room.subscribe(self.event_handler(Rc::downgrade(&call))),
            );

            // The connect starts first, as in a page that calls `room.connect()` itself: what else
            // the call needs before it is connected runs while the network works.
            sink(CallInput::ConnectStarted {
                server_url: server_url.clone(),
            });
            let connecting = room.connect(&server_url, &grant.participant_token);
            // The microphone (the one picked in an earlier call of this session, if any) is captured
            // while the room connects (the browser's prompt, if any, shows at once); it is published
            // once connected. Dropped unpublished, it is stopped.
            let picked = self.chosen_microphone.borrow().clone();
            microphone = room.capture_microphone(picked.as_deref());
            if let Err(failure) = connecting.await {
                break 'failed failure.into();
            }
            if !self.is_current(&call) {
                // Hung up while connecting. The hang-up's disconnect can come at a moment the SDK's
                // connect cannot be aborted, and the connect then completes: leave again, or the room
                // stays joined with nobody's call (its peer connection open, its listeners held; 19
                // of 100 quick hang-ups in the leak bench).
                room.disconnect().await;
                return;
            }
            call.mark_connected();
            // In the room: from now on a reload rejoins it (option `resume`).
            if let (Some(store), Some(expires_unix_s)) = (resume, claims.exp) {
                call.keep_for_resume(
                    store,
                    &ResumeTicket {
                        server_url: server_url.clone(),
                        token: grant.participant_token.clone(),
                        room: room.name(),
                        identity: room.local_identity(),
                        expires_unix_s,
                    },
                );
            }
            // Whether this join created the room, read before anyone else can come in.
            let room_at_join = room.at_join();
            for participant in room.remote_participants() {
                sink(CallInput::Room(RoomEvent::ParticipantConnected {
                    participant,
                }));
            }
            let text_streams = conversation::register(&room, sink.clone());
            let rpc_methods = self
                .config
                .rpc_methods
                .iter()
                .filter_map(|method| {
                    let handler = method.handler.clone();
                    room.register_rpc_method(&method.name, move |invocation| handler(invocation))
                        .map_err(|failure| {
                            web_sys::console::warn_2(
                                &owner_console::HANDLER_NOT_REGISTERED.into(),
                                &failure.message().into(),
                            )
                        })
                        .ok()
                })
                .collect();
            call.keep_registrations(text_streams, rpc_methods);
            let microphone = match microphone.captured().await {
                Ok(microphone) => microphone,
                Err(failure) => break 'failed failure.into(),
            };
            if !self.is_current(&call) {
                return; // the call ended during the prompt: `microphone` stops on drop
            }
            if let Err(failure) = room.publish_microphone(microphone).await {
                break 'failed failure.into();
            }
            if !self.is_current(&call) {
                return;
            }
            sink(CallInput::MicrophoneEnabled);
            if self.chosen_microphone.borrow().is_some() {
                let session = self.clone();
                spawn(async move { session.check_microphone_choice().await });
            }
            call.set_wake_lock(ScreenWakeLock::acquire());
            call.set_playback_watch(playback::watch(
                Rc::downgrade(&call),
                room.clone(),
                sink.clone(),
            ));
            call.set_watch(CallWatch::start(
                &room,
                sink.clone(),
                claims.requested_agents(),
                room_at_join,
                self.config.agent_join_timeout_ms,
                Rc::downgrade(&call),
            ));
            // Still within the click's user activation on a fast path; when the browser refuses,
            // `audioPlaybackChanged(false)` (or the check below) shows "Enable audio".
            let _ = room.start_audio().await;
            if self.is_current(&call) && !room.can_playback_audio() {
                sink(CallInput::Room(RoomEvent::AudioPlaybackChanged {
                    playing: false,
                }));
            }
            return;
        };
        self.fail(&call, failure).await;
    }
}

/// Now, in Unix seconds (token claims are checked against it).
pub(super) fn now_unix_s() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub(super) fn page_is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}
