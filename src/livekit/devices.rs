//! Media devices: listing microphones and speakers, and which one the room uses.

/// The device kinds a voice call uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceKind {
    Microphone,
    Speaker,
}

impl DeviceKind {
    /// The `MediaDeviceKind` string.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Microphone => "audioinput",
            DeviceKind::Speaker => "audiooutput",
        }
    }
}

/// One device as the browser lists it. Labels are empty until the page has mic permission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaDevice {
    pub device_id: String,
    pub label: String,
    pub group_id: String,
}
