//! SDK event arguments → [`RoomEvent`]. Arguments of an unexpected shape are logged once per
//! event name and dropped, never a panic.

use super::event::{
    ConnectionState, DisconnectReason, ParticipantKind, ParticipantSnapshot, RoomEvent, SdkEvent,
    TrackKind, TrackSnapshot,
};
use super::string_map::StringMap;
use crate::sys::participant::Participant;
use crate::sys::track::{Track, TrackPublication};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The JS track that came with an event, for the ones that carry one (`trackSubscribed`).
pub(crate) type EventTrack = Option<Track>;

fn is_object(value: &JsValue) -> bool {
    value.is_object()
}

pub(crate) fn string_map(value: &JsValue) -> StringMap {
    if !is_object(value) {
        return StringMap::new();
    }
    // Inserted one by one (a binary search each): sorting the pairs would bring a stable sort of
    // (String, String), its own ≈ 4 KB of wasm (issue 15).
    let mut map = StringMap::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        if let (Some(key), Some(text)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            map.insert(key, text);
        }
    }
    map
}

pub(crate) fn participant(value: &JsValue) -> Option<ParticipantSnapshot> {
    if !is_object(value)
        || Reflect::get(value, &"identity".into())
            .ok()?
            .as_string()
            .is_none()
    {
        return None;
    }
    let p: &Participant = value.unchecked_ref();
    Some(ParticipantSnapshot {
        identity: p.identity(),
        sid: p.sid(),
        name: p.name().filter(|n| !n.is_empty()),
        kind: ParticipantKind::from_code(p.kind().unwrap_or(0)),
        attributes: string_map(&p.attributes()),
    })
}

/// A snapshot from a publication (or a track: both have `kind`/`source`).
fn track_snapshot(publication: &JsValue) -> Option<TrackSnapshot> {
    if !is_object(publication) {
        return None;
    }
    let p: &TrackPublication = publication.unchecked_ref();
    Some(TrackSnapshot {
        sid: p.track_sid(),
        name: p.track_name(),
        kind: TrackKind::parse(&p.kind()),
        source: p.source(),
    })
}

/// Converts one SDK event. `None` means the arguments did not have the documented shape.
pub(crate) fn convert(
    name: SdkEvent,
    a: &JsValue,
    b: &JsValue,
    c: &JsValue,
) -> Option<(RoomEvent, EventTrack)> {
    let event = match name {
        SdkEvent::Connected => RoomEvent::Connected,
        SdkEvent::Reconnecting => RoomEvent::Reconnecting,
        SdkEvent::SignalReconnecting => RoomEvent::SignalReconnecting,
        SdkEvent::Reconnected => RoomEvent::Reconnected,
        SdkEvent::Disconnected => RoomEvent::Disconnected {
            reason: DisconnectReason::from_code(a.as_f64().map(|v| v as u32)),
        },
        SdkEvent::ConnectionStateChanged => RoomEvent::ConnectionStateChanged {
            state: ConnectionState::parse(&a.as_string()?),
        },
        SdkEvent::ParticipantConnected => RoomEvent::ParticipantConnected {
            participant: participant(a)?,
        },
        SdkEvent::ParticipantDisconnected => RoomEvent::ParticipantDisconnected {
            participant: participant(a)?,
            reason: DisconnectReason::from_code(b.as_f64().map(|v| v as u32)),
        },
        SdkEvent::ParticipantAttributesChanged => RoomEvent::ParticipantAttributesChanged {
            changed: string_map(a),
            participant: participant(b)?,
        },
        SdkEvent::TrackSubscribed => {
            let track = a
                .clone()
                .dyn_into::<Object>()
                .ok()?
                .unchecked_into::<Track>();
            return Some((
                RoomEvent::TrackSubscribed {
                    track: track_snapshot(b)?,
                    participant: participant(c)?,
                },
                Some(track),
            ));
        }
        SdkEvent::TrackUnsubscribed => RoomEvent::TrackUnsubscribed {
            track: track_snapshot(b)?,
            participant: participant(c)?,
        },
        SdkEvent::TrackSubscriptionFailed => RoomEvent::TrackSubscriptionFailed {
            track_sid: a.as_string()?,
            participant: participant(b)?,
        },
        SdkEvent::TrackMuted => RoomEvent::TrackMuted {
            track: track_snapshot(a)?,
            participant: participant(b)?,
        },
        SdkEvent::TrackUnmuted => RoomEvent::TrackUnmuted {
            track: track_snapshot(a)?,
            participant: participant(b)?,
        },
        SdkEvent::AudioPlaybackChanged => RoomEvent::AudioPlaybackChanged {
            playing: a.as_bool()?,
        },
        SdkEvent::MediaDevicesError => {
            let text = |key: &str| {
                Reflect::get(a, &key.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            RoomEvent::MediaDevicesError {
                name: text("name"),
                message: text("message"),
            }
        }
        SdkEvent::LocalAudioSilenceDetected => RoomEvent::LocalAudioSilenceDetected,
        SdkEvent::LocalTrackSubscribed => RoomEvent::LocalTrackSubscribed {
            track_sid: Reflect::get(a, &"trackSid".into()).ok()?.as_string()?,
        },
        SdkEvent::MediaDevicesChanged => RoomEvent::MediaDevicesChanged,
    };
    Some((event, None))
}
