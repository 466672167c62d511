//! Microphone and speaker pickers. The lists refresh when the call connects and whenever a
//! device is plugged in or out (`mediaDevicesChanged`). A picker with nothing to choose between
//! (e.g. speakers where the browser cannot route audio) is not shown.

use super::effect::effect;
use super::handle::WidgetHandle;
use super::shown::shown;
use crate::call::log::LogEvent;
use crate::call::CallStage;
use crate::livekit::event::RoomEvent;
use crate::livekit::spawn;
use crate::livekit::{DeviceKind, MediaDevice};
use leptos::prelude::*;

pub fn device_pickers(handle: WidgetHandle) -> AnyView {
    let microphones = RwSignal::new(Vec::<MediaDevice>::new());
    let speakers = RwSignal::new(Vec::<MediaDevice>::new());
    // Changes when the lists may have changed: connected, or a device change event. Not a Memo:
    // the effect keeps the last one itself (one more Memo type costs the wasm, issue 15).
    let generation = move || {
        handle.state.with(|s| {
            let connected = matches!(s.stage, CallStage::Connected | CallStage::AgentJoined);
            let changes = s
                .log
                .entries()
                .iter()
                .filter(|e| matches!(e.event, LogEvent::Room(RoomEvent::MediaDevicesChanged)))
                .count();
            (connected, changes)
        })
    };
    let seen = std::cell::Cell::new(None);
    effect(move || {
        let now = generation();
        let (connected, _) = now;
        if seen.replace(Some(now)) == Some(now) || !connected {
            return;
        }
        let Some(session) = handle.session() else {
            return;
        };
        spawn(async move {
            microphones.set(session.devices(DeviceKind::Microphone).await);
            speakers.set(session.devices(DeviceKind::Speaker).await);
        });
    });
    let m = handle.text();
    shown(
        move || generation().0,
        move || {
            view! {
                <div class="lkw-devices">
                    {picker(handle, DeviceKind::Microphone, m.microphone(), microphones)}
                    {picker(handle, DeviceKind::Speaker, m.speaker(), speakers)}
                </div>
            }
            .into_any()
        },
    )
}

/// One picker (a plain function, as the widget's parts: it reads nothing reactive as it is
/// drawn, so it needs no component's untracking).
fn picker(
    handle: WidgetHandle,
    kind: DeviceKind,
    label: &'static str,
    devices: RwSignal<Vec<MediaDevice>>,
) -> AnyView {
    let class = match kind {
        DeviceKind::Microphone => "lkw-device lkw-device-microphone",
        DeviceKind::Speaker => "lkw-device lkw-device-speaker",
    };
    let on_change = move |event: leptos::ev::Event| {
        let device_id = event_target_value(&event);
        if let Some(session) = handle.session() {
            session.switch_device(kind, device_id);
        }
    };
    let fallback = handle.text().system_default_device();
    let options = move || {
        let active = handle.session().and_then(|s| s.active_device(kind));
        devices
            .get()
            .into_iter()
            .map(|device| {
                let selected = active.as_deref() == Some(device.device_id.as_str());
                let text = if device.label.is_empty() {
                    fallback.to_string()
                } else {
                    device.label.clone()
                };
                view! { <option value=device.device_id selected=selected>{text}</option> }
                    .into_any()
            })
            .collect::<Vec<_>>()
            .into_any()
    };
    shown(
        move || devices.with(|d| !d.is_empty()),
        move || {
            view! {
                <label class=class>
                    <span class="lkw-device-label">{label}</span>
                    <select on:change=on_change>{move || options()}</select>
                </label>
            }
            .into_any()
        },
    )
}
