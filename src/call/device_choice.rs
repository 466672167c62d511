//! Is the call capturing from the microphone the person picked? A device can vanish mid-call
//! (unplugged, taken by the OS) and the browser, or the SDK, quietly falls back to another: the
//! person then talks into a microphone nobody listens to. Pure: the session gathers the facts.

use super::warning::Warning;

/// A microphone as the browser lists it: `(device id, label)`.
pub type ListedDevice = (String, String);

/// The warning to show, or `None` when the call captures from the picked microphone (or the person
/// picked none, or the system default, which any device satisfies).
///
/// `capturing` is the device id of the live microphone track, when there is one; `listed` is the
/// browser's current list (empty when it could not be read: then only `capturing` is compared).
pub fn microphone_choice(
    chosen: Option<&str>,
    capturing: Option<&str>,
    listed: &[ListedDevice],
) -> Option<Warning> {
    let chosen = chosen.filter(|id| !id.is_empty() && *id != "default")?;
    let gone = !listed.is_empty() && !listed.iter().any(|(id, _)| id == chosen);
    let elsewhere = capturing.is_some_and(|id| id != chosen);
    if !gone && !elsewhere {
        return None;
    }
    let label = |id: &str| {
        listed
            .iter()
            .find(|(listed_id, label)| listed_id == id && !label.is_empty())
            .map_or_else(|| format!("device {id}"), |(_, label)| format!("'{label}'"))
    };
    let chosen_label = if gone {
        format!("device {chosen}, no longer listed")
    } else {
        label(chosen)
    };
    let active = match capturing {
        Some(id) if id == chosen => format!("{chosen_label}, which stopped"),
        Some(id) => label(id),
        None => "no live microphone track".to_string(),
    };
    Some(Warning::MicrophoneNotChosen {
        chosen: chosen_label,
        active,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Vec<ListedDevice> {
        vec![
            ("default".into(), "Default - Headset".into()),
            ("headset".into(), "Headset".into()),
            ("laptop".into(), "Laptop microphone".into()),
        ]
    }

    #[test]
    fn nothing_picked_or_the_default_picked_is_never_a_mismatch() {
        assert_eq!(microphone_choice(None, Some("laptop"), &listed()), None);
        assert_eq!(microphone_choice(Some(""), Some("laptop"), &listed()), None);
        assert_eq!(
            microphone_choice(Some("default"), Some("laptop"), &listed()),
            None
        );
    }

    #[test]
    fn capturing_from_the_picked_one_is_fine() {
        assert_eq!(
            microphone_choice(Some("headset"), Some("headset"), &listed()),
            None
        );
        // An unreadable list does not raise a false alarm.
        assert_eq!(
            microphone_choice(Some("headset"), Some("headset"), &[]),
            None
        );
    }

    #[test]
    fn an_unreadable_list_names_the_pick_by_id_not_as_gone() {
        let warning = microphone_choice(Some("headset"), Some("laptop"), &[]);
        assert_eq!(
            warning,
            Some(Warning::MicrophoneNotChosen {
                chosen: "device headset".into(),
                active: "device laptop".into(),
            })
        );
    }

    #[test]
    fn another_device_capturing_names_both_by_label() {
        let warning = microphone_choice(Some("headset"), Some("laptop"), &listed());
        assert_eq!(
            warning,
            Some(Warning::MicrophoneNotChosen {
                chosen: "'Headset'".into(),
                active: "'Laptop microphone'".into(),
            })
        );
    }

    #[test]
    fn the_picked_device_unplugged_is_named_gone() {
        let unplugged: Vec<ListedDevice> = listed()
            .into_iter()
            .filter(|(id, _)| id != "headset")
            .collect();
        let warning =
            microphone_choice(Some("headset"), Some("default"), &unplugged).expect("a mismatch");
        let Warning::MicrophoneNotChosen { chosen, active } = &warning else {
            panic!("wrong warning {warning:?}");
        };
        assert_eq!(chosen, "device headset, no longer listed");
        assert_eq!(active, "'Default - Headset'");
        // Still capturing from the vanished id: the track has stopped.
        let stale = microphone_choice(Some("headset"), Some("headset"), &unplugged);
        assert!(matches!(
            stale,
            Some(Warning::MicrophoneNotChosen { ref active, .. }) if active.ends_with("which stopped")
        ));
    }

    #[test]
    fn the_warning_is_on_the_microphone_hop_with_a_fix() {
        let d = microphone_choice(Some("headset"), Some("laptop"), &listed())
            .expect("a mismatch")
            .explain(crate::i18n::Lang::En);
        assert_eq!(d.hop, crate::call::Hop::Microphone);
        assert!(d
            .owner_fix
            .contains("('Headset') is not the one the call captures from ('Laptop microphone')"));
        assert!(d.user_message.contains("different microphone"));
    }
}
