//! Shape rules for every string a caller (or the config) puts into a token.
//!
//! The limits are small on purpose: the browser sends the token to LiveKit in the WebSocket URL
//! (`/rtc?access_token=…`), and many proxies refuse URLs over 8 KiB, so the client-chosen data in
//! a token has a total budget as well as per-field limits. Names and identities show up in
//! dashboards, logs and webhooks, so they are restricted to alphabets that need no escaping.

use std::collections::HashMap;

pub const MAX_ROOM_LEN: usize = 128;
pub const MAX_IDENTITY_LEN: usize = 128;
/// In characters, not bytes: display names are Unicode.
pub const MAX_NAME_CHARS: usize = 128;
pub const MAX_AGENT_NAME_LEN: usize = 64;
pub const MAX_METADATA_BYTES: usize = 2048;
pub const MAX_ATTRIBUTES: usize = 16;
pub const MAX_ATTRIBUTE_KEY_LEN: usize = 64;
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 512;
/// Participant metadata + attribute keys and values + agent metadata, together.
pub const MAX_CLIENT_DATA_BYTES: usize = 4096;

/// A field that broke a rule. Displayed as "`field` problem", which the API wraps into a message
/// telling the caller what to send instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {problem}")]
pub struct Invalid {
    pub field: String,
    pub problem: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Room names: letters, digits, `-`, `_`, `.`; the same alphabet as `LK_ROOM_PREFIX`.
pub fn room_name(field: &str, value: &str) -> Result<(), Invalid> {
    ascii_token(field, value, MAX_ROOM_LEN, "-_.")
}

/// Identities: letters, digits, `-`, `_`, `.`, `:`, `@` (so an email or `app:user-1` works).
pub fn identity(field: &str, value: &str) -> Result<(), Invalid> {
    ascii_token(field, value, MAX_IDENTITY_LEN, "-_.:@")
}

/// Agent names as registered by a LiveKit agent worker.
pub fn agent_name(field: &str, value: &str) -> Result<(), Invalid> {
    ascii_token(field, value, MAX_AGENT_NAME_LEN, "-_.")
}

/// Display names may be any script, but not control characters or the invisible formatting
/// characters that let one name impersonate another (bidi overrides, zero-width joiners).
pub fn display_name(field: &str, value: &str) -> Result<(), Invalid> {
    let chars = value.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Invalid::new(
            field,
            format!("is {chars} characters long; the limit is {MAX_NAME_CHARS}"),
        ));
    }
    if let Some(bad) = value.chars().find(|&c| c.is_control() || is_invisible(c)) {
        return Err(Invalid::new(
            field,
            format!(
                "contains the control or invisible character U+{:04X}; send plain text",
                u32::from(bad)
            ),
        ));
    }
    Ok(())
}

/// Free-form data (usually JSON) only has a size limit.
pub fn metadata(field: &str, value: &str) -> Result<(), Invalid> {
    max_bytes(field, value, MAX_METADATA_BYTES)
}

/// Attribute keys follow the identity alphabet; `lk.` keys are LiveKit's own (`lk.agent.state`,
/// `lk.publish_on_behalf`, …) and a caller setting them could mislead other participants.
pub fn attributes(field: &str, attributes: &HashMap<String, String>) -> Result<(), Invalid> {
    if attributes.len() > MAX_ATTRIBUTES {
        return Err(Invalid::new(
            field,
            format!(
                "has {} entries; the limit is {MAX_ATTRIBUTES}",
                attributes.len()
            ),
        ));
    }
    for (key, value) in attributes {
        let key_field = format!("{field}.{}", printable_prefix(key));
        ascii_token(&key_field, key, MAX_ATTRIBUTE_KEY_LEN, "-_.:")
            .map_err(|e| Invalid::new(e.field, format!("(the key) {}", e.problem)))?;
        if key.starts_with("lk.") {
            return Err(Invalid::new(
                key_field,
                "uses the reserved prefix `lk.`; LiveKit sets those attributes itself",
            ));
        }
        max_bytes(&key_field, value, MAX_ATTRIBUTE_VALUE_BYTES)?;
    }
    Ok(())
}

/// The combined size of the free-form fields, checked after each one passed on its own.
pub fn client_data_budget(total_bytes: usize) -> Result<(), Invalid> {
    if total_bytes > MAX_CLIENT_DATA_BYTES {
        return Err(Invalid::new(
            "participant_metadata + participant_attributes + agent metadata",
            format!(
                "add up to {total_bytes} bytes; the limit is {MAX_CLIENT_DATA_BYTES} because the \
                 token travels in the WebSocket URL"
            ),
        ));
    }
    Ok(())
}

fn ascii_token(field: &str, value: &str, max_len: usize, extra: &str) -> Result<(), Invalid> {
    if value.is_empty() {
        return Err(Invalid::new(field, "is empty"));
    }
    if value.len() > max_len {
        return Err(Invalid::new(
            field,
            format!("is {} bytes long; the limit is {max_len}", value.len()),
        ));
    }
    if let Some(bad) = value
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || extra.contains(c)))
    {
        let allowed = extra
            .chars()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Invalid::new(
            field,
            format!(
                "contains {}; use ASCII letters, digits and {allowed}",
                describe(bad)
            ),
        ));
    }
    Ok(())
}

fn max_bytes(field: &str, value: &str, max: usize) -> Result<(), Invalid> {
    if value.len() > max {
        return Err(Invalid::new(
            field,
            format!("is {} bytes long; the limit is {max}", value.len()),
        ));
    }
    Ok(())
}

/// Bidi embeddings/overrides/isolates, zero-width characters, line/paragraph separators and the
/// BOM: text that renders as nothing or reorders its neighbours.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// A rejected character as a person can read it in an error message.
fn describe(c: char) -> String {
    if c.is_ascii_graphic() || c == ' ' {
        format!("{c:?}")
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

/// Attribute keys go into error messages; keep a hostile key from making the message huge or
/// unreadable.
fn printable_prefix(key: &str) -> String {
    key.chars()
        .take(MAX_ATTRIBUTE_KEY_LEN)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_names() {
        assert!(room_name("r", "call-abc_1.2").is_ok());
        assert!(room_name("r", "").is_err());
        assert!(room_name("r", "a b").is_err());
        assert!(room_name("r", "a/b").is_err());
        assert!(room_name("r", "café").is_err());
        assert!(room_name("r", &"x".repeat(MAX_ROOM_LEN)).is_ok());
        assert!(room_name("r", &"x".repeat(MAX_ROOM_LEN + 1)).is_err());
    }

    #[test]
    fn identities_allow_emails_and_namespaces() {
        assert!(identity("i", "ana@example.com").is_ok());
        assert!(identity("i", "app:user-1").is_ok());
        assert!(identity("i", "ana\n").is_err());
        assert!(identity("i", "<script>").is_err());
        let err = identity("participant_identity", "a b").unwrap_err();
        assert_eq!(err.field, "participant_identity");
        assert!(err.problem.contains("' '"), "{err}");
    }

    #[test]
    fn display_names_allow_any_script_but_not_invisible_text() {
        assert!(display_name("n", "José Ñúñez").is_ok());
        assert!(display_name("n", "Анна 李").is_ok());
        assert!(display_name("n", "a\u{202E}b").is_err());
        assert!(display_name("n", "a\u{200B}b").is_err());
        assert!(display_name("n", "a\nb").is_err());
        assert!(display_name("n", &"é".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(display_name("n", &"é".repeat(MAX_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn attribute_rules() {
        let one = |k: &str, v: &str| HashMap::from([(k.to_owned(), v.to_owned())]);
        assert!(attributes("a", &one("lang", "es")).is_ok());
        assert!(attributes("a", &one("app:page", "/pricing")).is_ok());
        assert!(attributes("a", &one("lk.agent.state", "speaking")).is_err());
        assert!(attributes("a", &one("bad key", "v")).is_err());
        assert!(attributes("a", &one("", "v")).is_err());
        assert!(attributes("a", &one("k", &"v".repeat(MAX_ATTRIBUTE_VALUE_BYTES + 1))).is_err());
        let many: HashMap<String, String> = (0..=MAX_ATTRIBUTES)
            .map(|i| (format!("k{i}"), String::new()))
            .collect();
        assert!(attributes("a", &many).is_err());
    }

    #[test]
    fn budget() {
        assert!(client_data_budget(MAX_CLIENT_DATA_BYTES).is_ok());
        assert!(client_data_budget(MAX_CLIENT_DATA_BYTES + 1).is_err());
    }
}
