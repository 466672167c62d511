//! What the running call writes to the browser console for the site's developer: problems that do
//! not change the call (a chat message not sent, a device switch refused) and programming errors.
//! English, like every owner fix. The JS error's own text follows each prefix.

pub const CHAT_NOT_SENT: &str = "lk-voice-widget: chat not sent:";
pub const DEVICE_SWITCH_FAILED: &str = "lk-voice-widget: device switch failed:";
/// A text-stream or RPC handler the SDK would not register.
pub const HANDLER_NOT_REGISTERED: &str = "lk-voice-widget: a handler was not registered:";
pub const NEEDS_A_WINDOW: &str = "lk-voice-widget needs a browser window (AbortController)";
pub const RESUME_VALUE: &str =
    "lk-voice-widget: resume is switched on or off (on, off, true, false, yes, no); left off for the value";

/// The message a crash drill panics with (`crashDrill()`): the console and the `lkw-error`
/// evidence then show it was the drill, not a bug.
pub const CRASH_DRILL: &str = "crash drill: crashDrill() was called";
/// The `fix` of the `lkw-error` with `code: 'crashed'`.
pub const CRASHED_FIX: &str = "The widget's code panicked: its call was ended. Reload the page; the console line \"lk-voice-widget crashed\" says where.";

/// The console line (and the `lkw-error` evidence) of a panic: its message and where it was
/// raised (`file:line:column`), as the panic carries them.
pub fn crash_report(message: Option<&str>, location: Option<(&str, u32, u32)>) -> String {
    let message = message.unwrap_or("a panic without a message");
    match location {
        Some((file, row, column)) => {
            format!("lk-voice-widget crashed: {message} at {file}:{row}:{column}")
        }
        None => format!("lk-voice-widget crashed: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_report_names_the_message_and_the_place() {
        assert_eq!(
            crash_report(Some(CRASH_DRILL), Some(("src/embed/bridge.rs", 80, 9))),
            "lk-voice-widget crashed: crash drill: crashDrill() was called at src/embed/bridge.rs:80:9"
        );
        assert_eq!(
            crash_report(None, None),
            "lk-voice-widget crashed: a panic without a message"
        );
    }
}
