//! Capturing the microphone while the room connects, publishing it once connected.
//!
//! Why: `setMicrophoneEnabled(true)` after `connect()` puts the browser's `getUserMedia` (and the
//! permission prompt) behind the signalling round trips; started at the click, the capture runs
//! in parallel and the microphone is published as soon as the room is up. Publishing itself
//! waits for the connection (the SDK would defer a publish for up to 15 s with the track live),
//! so the two steps are separate, and every captured track has one owner that stops it unless it
//! was handed to the room: a call that fails or ends first never leaves the microphone on.
//!
//! Pre-connect buffer: what the person says from the capture on is recorded (livekit-client's
//! `startPreConnectBuffer`) as soon as the track exists, not when the session gets to it, and
//! `publishTrack` hands the recording to the agent once one is active (byte stream
//! `lk.agent.pre-connect-audio-buffer`, as LiveKit's own starters do): the first sentence is
//! not lost while the room and the agent are still on their way.

use super::error::{microphone_failure, unexpected};
use super::failure::LiveKitError;
use super::room::Room;
use super::task::spawn;
use crate::sys;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A capture under way (`localParticipant.createTracks({audio: true})`).
pub struct MicrophoneCapture {
    pending: Option<Result<JsFuture, LiveKitError>>,
}

/// A live microphone track not yet published. Stopped on `Drop` unless published; stopped by a
/// crash while it is held (`live_calls`).
pub struct CapturedMicrophone {
    track: Option<sys::track::Track>,
    _live: super::live_calls::LiveGuard,
}

fn stop(track: &sys::track::Track) {
    let _ = track.stop_pre_connect_buffer();
    let _ = track.stop();
}

/// Starts the pre-connect recording the moment the browser hands out the track. Awaits its own
/// `JsFuture` of the same promise (a promise has any number of readers), registered before the
/// session's, so the recording starts before anyone else sees the track.
async fn record_from_capture(tracks: JsFuture) {
    if let Ok(tracks) = tracks.await {
        if let Some(track) = first_track(&tracks) {
            if track.start_pre_connect_buffer().is_err() {
                web_sys::console::warn_1(
                    &"lk-voice-widget: no pre-connect buffer (the first words wait for the agent)"
                        .into(),
                );
            }
        }
    }
}

fn first_track(tracks: &JsValue) -> Option<sys::track::Track> {
    let tracks: &Array = tracks.dyn_ref()?;
    let track = tracks.get(0);
    (!track.is_undefined()).then(|| track.unchecked_into())
}

impl Room {
    /// Starts capturing the microphone now (the room may still be connecting): `device_id`, the
    /// one the person picked, else the browser's default. A picked device that is gone falls back
    /// to another (the SDK retries without the exact match); the session's device check says so.
    pub fn capture_microphone(&self, device_id: Option<&str>) -> MicrophoneCapture {
        let options = Object::new();
        let audio: JsValue = match device_id {
            Some(id) => {
                let audio = Object::new();
                let _ = Reflect::set(&audio, &"deviceId".into(), &id.into());
                audio.into()
            }
            None => JsValue::TRUE,
        };
        let started = Reflect::set(&options, &"audio".into(), &audio)
            .map_err(|e| unexpected("createTracks options", &e))
            .and_then(|_| {
                self.local_participant()
                    .create_tracks(&options)
                    .map_err(|e| microphone_failure(&e))
            })
            .map(|promise| {
                spawn(record_from_capture(JsFuture::from(promise.clone())));
                JsFuture::from(promise)
            });
        MicrophoneCapture {
            pending: Some(started),
        }
    }

    /// Publishes a captured microphone (call once connected). On failure the track is stopped.
    pub async fn publish_microphone(
        &self,
        mut microphone: CapturedMicrophone,
    ) -> Result<(), LiveKitError> {
        let Some(track) = microphone.track.take() else {
            return Err(unexpected("publishTrack", &"no track".into()));
        };
        let published = match self.local_participant().publish_track(&track) {
            Ok(promise) => JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        published.map(|_| ()).map_err(|e| {
            stop(&track);
            microphone_failure(&e)
        })
    }
}

impl MicrophoneCapture {
    /// Waits for the browser's answer: the live track, or why there is none.
    pub async fn captured(mut self) -> Result<CapturedMicrophone, LiveKitError> {
        let pending = self
            .pending
            .take()
            .unwrap_or_else(|| Err(unexpected("createTracks", &"awaited twice".into())))?;
        let tracks = pending.await.map_err(|e| microphone_failure(&e))?;
        let track = first_track(&tracks)
            .ok_or_else(|| unexpected("createTracks", &"no audio track".into()))?;
        Ok(CapturedMicrophone {
            _live: super::live_calls::hold_track(&track),
            track: Some(track),
        })
    }
}

impl Drop for MicrophoneCapture {
    /// Never awaited (the call failed or ended first): stop the track whenever it arrives.
    fn drop(&mut self) {
        if let Some(Ok(pending)) = self.pending.take() {
            spawn(async move {
                if let Ok(tracks) = pending.await {
                    if let Some(track) = first_track(&tracks) {
                        stop(&track);
                    }
                }
            });
        }
    }
}

impl CapturedMicrophone {
    /// The pre-connect recording is running (publishing will hand it to the agent).
    pub fn is_buffering(&self) -> bool {
        self.track
            .as_ref()
            .and_then(|t| t.has_pre_connect_buffer())
            .unwrap_or(false)
    }

    /// The underlying `MediaStreamTrack` (e.g. for its device id).
    pub fn media_stream_track(&self) -> Option<web_sys::MediaStreamTrack> {
        self.track
            .as_ref()
            .and_then(|t| t.media_stream_track().dyn_into().ok())
    }
}

impl Drop for CapturedMicrophone {
    fn drop(&mut self) {
        if let Some(track) = self.track.take() {
            stop(&track);
        }
    }
}
