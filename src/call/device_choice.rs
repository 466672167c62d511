//! Is the call capturing from the microphone the person picked? A device can vanish mid-call
//! (unplugged, taken by the OS) and the browser, or the SDK, quietly falls back to another: the
//! person then talks into a microphone nobody listens to. Pure: the session gathers the facts.

use super::warning::Warning;

/// A microphone as the browser lists it: `(device id, label)`.
pub type ListedDevice = (String, String);

/// A microphone as the warning names it: the browser's label when it lists one, else its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MicrophoneName {
    pub id: String,
    pub label: Option<String>,
}

/// The microphone the person picked, as the browser lists it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickedMicrophone {
    Listed(MicrophoneName),
    /// Unplugged, or taken away by the OS: the browser no longer lists this id.
    NoLongerListed {
        id: String,
    },
}

/// What the call captures from instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CapturingMicrophone {
    Other(MicrophoneName),
    /// Still the picked device's id, but its track has stopped.
    PickedButStopped,
    /// No live microphone track at all.
    Nothing,
}

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
    let name = |id: &str| MicrophoneName {
        id: id.to_string(),
        label: listed
            .iter()
            .find(|(listed_id, label)| listed_id == id && !label.is_empty())
            .map(|(_, label)| label.clone()),
    };
    let picked = if gone {
        PickedMicrophone::NoLongerListed {
            id: chosen.to_string(),
        }
    } else {
        PickedMicrophone::Listed(name(chosen))
    };
    let active = match capturing {
        Some(id) if id == chosen => CapturingMicrophone::PickedButStopped,
        Some(id) => CapturingMicrophone::Other(name(id)),
        None => CapturingMicrophone::Nothing,
    };
    Some(Warning::MicrophoneNotChosen {
        chosen: picked,
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

    fn unlabelled(id: &str) -> MicrophoneName {
        MicrophoneName {
            id: id.into(),
            label: None,
        }
    }

    fn labelled(id: &str, label: &str) -> MicrophoneName {
        MicrophoneName {
            id: id.into(),
            label: Some(label.into()),
        }
    }

    #[test]
    fn an_unreadable_list_names_the_pick_by_id_not_as_gone() {
        let warning = microphone_choice(Some("headset"), Some("laptop"), &[]);
        assert_eq!(
            warning,
            Some(Warning::MicrophoneNotChosen {
                chosen: PickedMicrophone::Listed(unlabelled("headset")),
                active: CapturingMicrophone::Other(unlabelled("laptop")),
            })
        );
    }

    #[test]
    fn another_device_capturing_names_both_by_label() {
        let warning = microphone_choice(Some("headset"), Some("laptop"), &listed());
        assert_eq!(
            warning,
            Some(Warning::MicrophoneNotChosen {
                chosen: PickedMicrophone::Listed(labelled("headset", "Headset")),
                active: CapturingMicrophone::Other(labelled("laptop", "Laptop microphone")),
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
        assert_eq!(
            warning,
            Warning::MicrophoneNotChosen {
                chosen: PickedMicrophone::NoLongerListed {
                    id: "headset".into()
                },
                active: CapturingMicrophone::Other(labelled("default", "Default - Headset")),
            }
        );
        // Still capturing from the vanished id: the track has stopped.
        let stale = microphone_choice(Some("headset"), Some("headset"), &unplugged);
        assert!(matches!(
            stale,
            Some(Warning::MicrophoneNotChosen {
                active: CapturingMicrophone::PickedButStopped,
                ..
            })
        ));
    }

    #[test]
    fn the_warning_is_on_the_microphone_hop() {
        let warning =
            microphone_choice(Some("headset"), Some("laptop"), &listed()).expect("a mismatch");
        assert_eq!(warning.hop(), crate::call::Hop::Microphone);
    }
}
