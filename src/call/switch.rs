//! How the widget's on/off options (`consent`, `consent-remember`, `resume`) are written: one
//! list of words for all of them, which the loader reads too (generated, `embed::contract`). A
//! bare attribute reaches here as `on` (`embed::options`).

/// Words that switch an option on or off (any case, trimmed).
pub const SWITCH_ON: &[&str] = &["on", "true", "yes"];
pub const SWITCH_OFF: &[&str] = &["off", "false", "no"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
    /// Neither: `consent` takes it as its sentence, the others tell the site's developer.
    Other,
}

pub fn switch(value: &str) -> Switch {
    let value = value.trim().to_ascii_lowercase();
    if SWITCH_ON.contains(&value.as_str()) {
        Switch::On
    } else if SWITCH_OFF.contains(&value.as_str()) {
        Switch::Off
    } else {
        Switch::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_and_off_in_any_case_anything_else_is_other() {
        assert_eq!(switch(" ON "), Switch::On);
        assert_eq!(switch("yes"), Switch::On);
        assert_eq!(switch("False"), Switch::Off);
        assert_eq!(switch("maybe"), Switch::Other);
        assert_eq!(switch(""), Switch::Other);
    }
}
