//! What the running call writes to the browser console for the site's developer: problems that do
//! not change the call (a chat message not sent, a device switch refused) and programming errors.
//! English, like every owner fix. The JS error's own text follows each prefix.

pub const CHAT_NOT_SENT: &str = "lk-voice-widget: chat not sent:";
pub const DEVICE_SWITCH_FAILED: &str = "lk-voice-widget: device switch failed:";
/// A text-stream or RPC handler the SDK would not register.
pub const HANDLER_NOT_REGISTERED: &str = "lk-voice-widget: a handler was not registered:";
pub const NEEDS_A_WINDOW: &str = "lk-voice-widget needs a browser window (AbortController)";
pub const RESUME_VALUE: &str =
    "lk-voice-widget: resume takes \"on\" or \"off\"; left off for the value";
