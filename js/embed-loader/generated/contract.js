// Generated from the Rust catalogs (src/i18n/) and the options table (src/embed/options.rs)
// by src/embed/contract.rs — do not edit. Rewrite with:
//   LKW_BLESS=1 cargo test -p lk-voice-widget --lib embed::contract

/** The languages the widget speaks (BCP 47 primary tags); the first is the default. */
export const LANGS = ["en", "de"];

/** What the loader's button and status say before the wasm is here, by language. */
export const WORDS = {
  "en": { "call": "Call", "ready": "Ready to call.", "loading": "Loading…", "label": "Voice call", "failed": "The voice widget could not load. Click Call to try again.", "consent": "I agree that an AI assistant processes my voice to arrange my appointment.", "privacy": "Privacy policy", "remember": "Remember my choice on this site" },
  "de": { "call": "Anrufen", "ready": "Bereit zum Anrufen.", "loading": "Wird geladen…", "label": "Sprachanruf", "failed": "Das Sprach-Widget konnte nicht geladen werden. Zum erneuten Versuch auf Anrufen klicken.", "consent": "Ich bin einverstanden, dass meine Stimme zur Terminvereinbarung von einem KI-Assistenten verarbeitet wird.", "privacy": "Datenschutzerklärung", "remember": "Meine Auswahl auf dieser Website merken" },
};

/** What the site owner reads (English); `{name}` blanks are filled by the loader. */
export const OWNER = {
  loadFailedFix: "The widget's code did not load from {where}: check that the embed folder and the files beside it are served (and, from another origin, with CORS), and that the page's CSP allows script-src for that origin and 'wasm-unsafe-eval'.",
  loaderNotBuilt: "this loader was not built by Trunk (js/build-embed.mjs did not run)",
  destroyFailed: "lk-voice-widget: destroy failed",
  rpcMethodNameRequired: "registerRpcMethod: the method name must be a non-empty string",
  rpcHandlerRequired: "registerRpcMethod: the handler must be a function",
  mountNeedsElement: "mount: the first argument must be an element",
  rpcUnsupportedMethod: "Method not supported at destination",
  rpcResponseTimeout: "Response timeout: the page's handler for {method} did not answer within {ms} ms",
  frameTokenUrlIgnored: "lk-voice-widget frame: ignoring token-url {url} (not on {origin})",
};

/** The widget's options: attribute, mount() key, kind (config | style | load), whether the
 * iframe page takes it from its query (and iframeSnippet() passes it), and `bare`: what the
 * attribute means when present without a value. */
export const OPTIONS = [
  { attribute: "token-url", key: "tokenUrl", kind: "config", inFrame: true },
  { attribute: "server-url", key: "serverUrl", kind: "config", inFrame: false },
  { attribute: "sdk-url", key: "sdkUrl", kind: "config", inFrame: false },
  { attribute: "agent", key: "agent", kind: "config", inFrame: true },
  { attribute: "agent-metadata", key: "agentMetadata", kind: "config", inFrame: true },
  { attribute: "lang", key: "lang", kind: "config", inFrame: true },
  { attribute: "participant-name", key: "participantName", kind: "config", inFrame: true },
  { attribute: "participant-identity", key: "participantIdentity", kind: "config", inFrame: false },
  { attribute: "participant-metadata", key: "participantMetadata", kind: "config", inFrame: true },
  { attribute: "layout", key: "layout", kind: "style", inFrame: true },
  { attribute: "placement", key: "placement", kind: "style", inFrame: false },
  { attribute: "theme", key: "theme", kind: "style", inFrame: true },
  { attribute: "load", key: "load", kind: "load", inFrame: true },
  { attribute: "resume", key: "resume", kind: "config", inFrame: true, bare: "on" },
  { attribute: "consent", key: "consent", kind: "config", inFrame: true, bare: "on" },
  { attribute: "consent-privacy-url", key: "consentPrivacyUrl", kind: "config", inFrame: true },
  { attribute: "consent-remember", key: "consentRemember", kind: "config", inFrame: true, bare: "on" },
];

/** Consent before a call: where a remembered consent is kept. */
export const CONSENT = { storageKey: "lk-voice-widget.consent", storedPrefix: "given:" };

/** How `consent`, `consent-remember` and `resume` are switched on and off (any case). */
export const SWITCH = { on: ["on", "true", "yes"], off: ["off", "false", "no"] };

/** LiveKit's RPC error codes the loader answers with. */
export const RPC_ERRORS = { unsupportedMethod: 1400, applicationError: 1500, responseTimeout: 1502 };

/** The `lkw-error` fields of a widget whose code did not load. */
export const LOAD_FAILED = { "hop": "widget", "code": "load-failed" };

/** The `lkw-error` fields of a widget whose code crashed (the wasm sends it). */
export const CRASHED = { "hop": "widget", "code": "crashed" };

/** sessionStorage keys of calls a reload rejoins (option `resume`) start with this. */
export const RESUME_KEY_PREFIX = "lkw-resume:";
