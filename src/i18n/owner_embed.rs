//! What the site owner reads about embedding the widget: console warnings, thrown errors and the
//! `fix` of the embed's own `lkw-error`s. English, like every owner fix (pasted into a search or a
//! bug report). The loader's templates name their blanks `{like_this}` and it fills them (its copy
//! of these is generated, see `embed::contract`).

/// The loader could not fetch the widget's code from `{where}`.
pub const LOAD_FAILED_FIX: &str = "The widget's code did not load from {where}: check that the embed folder and the files beside it are served (and, from another origin, with CORS), and that the page's CSP allows script-src for that origin and 'wasm-unsafe-eval'.";
/// The loader was copied without its build step.
pub const LOADER_NOT_BUILT: &str =
    "this loader was not built by Trunk (js/build-embed.mjs did not run)";
pub const DESTROY_FAILED: &str = "lk-voice-widget: destroy failed";
pub const RPC_METHOD_NAME_REQUIRED: &str =
    "registerRpcMethod: the method name must be a non-empty string";
pub const RPC_HANDLER_REQUIRED: &str = "registerRpcMethod: the handler must be a function";
pub const MOUNT_NEEDS_ELEMENT: &str = "mount: the first argument must be an element";
/// LiveKit's own words for an unknown method (what the agent's SDK shows).
pub const RPC_UNSUPPORTED_METHOD: &str = "Method not supported at destination";
pub const RPC_RESPONSE_TIMEOUT: &str =
    "Response timeout: the page's handler for {method} did not answer within {ms} ms";
/// The iframe page refuses a token endpoint on another origin.
pub const FRAME_TOKEN_URL_IGNORED: &str =
    "lk-voice-widget frame: ignoring token-url {url} (not on {origin})";

// What the wasm side says to the owner.
/// Followed by the function's name.
pub const BRIDGE_LACKS_FUNCTION: &str = "lk-voice-widget: the loader's bridge has no function";
pub const RPC_BRIDGE_NO_PROMISE: &str = "the RPC bridge returned no promise";
pub const RPC_HANDLER_FAILED: &str = "the page's RPC handler failed";
pub const HOST_LISTENER_THREW: &str = "lk-voice-widget: a host event listener threw";
pub const FRAME_BLOCKS_MICROPHONE_FIX: &str = "The widget runs in an <iframe> that does not allow the microphone: add allow=\"microphone; autoplay\" to the <iframe> tag.";
pub const PAGE_BLOCKS_MICROPHONE_FIX: &str = "The page's Permissions-Policy blocks the microphone: allow it for this origin (e.g. Permissions-Policy: microphone=(self)).";
pub const PERMISSIONS_POLICY_EVIDENCE: &str =
    "permissions policy: allowsFeature('microphone') = false";

/// What the loader needs, by the name it uses.
pub const FOR_THE_LOADER: &[(&str, &str)] = &[
    ("loadFailedFix", LOAD_FAILED_FIX),
    ("loaderNotBuilt", LOADER_NOT_BUILT),
    ("destroyFailed", DESTROY_FAILED),
    ("rpcMethodNameRequired", RPC_METHOD_NAME_REQUIRED),
    ("rpcHandlerRequired", RPC_HANDLER_REQUIRED),
    ("mountNeedsElement", MOUNT_NEEDS_ELEMENT),
    ("rpcUnsupportedMethod", RPC_UNSUPPORTED_METHOD),
    ("rpcResponseTimeout", RPC_RESPONSE_TIMEOUT),
    ("frameTokenUrlIgnored", FRAME_TOKEN_URL_IGNORED),
];
