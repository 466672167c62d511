//! The level of a live audio stream, from a Web Audio `AnalyserNode`.
//!
//! Meters of a call share the call's one AudioContext ([`super::PrimedAudio::open_context`]):
//! every context is an audio stream of its own, and one made outside a gesture may stay
//! suspended where the browser asks for one (WebKit) — the call's is resumed by "Enable audio".
//! A meter without one makes its own and closes it on `Drop`. A suspended context reads zeros:
//! [`AudioLevel::is_running`] tells a reading from no reading.

use web_sys::{
    AnalyserNode, AudioContext, MediaStream, MediaStreamAudioSourceNode, MediaStreamTrack,
};

pub struct AudioLevel {
    context: AudioContext,
    /// The meter made `context` itself (and closes it).
    owns_context: bool,
    source: MediaStreamAudioSourceNode,
    node: AnalyserNode,
    buffer: Vec<f32>,
}

impl AudioLevel {
    /// Measures `stream` (e.g. the `srcObject` of the agent's `<audio>`), in `shared` if given.
    pub fn of_stream(stream: &MediaStream, shared: Option<&AudioContext>) -> Option<Self> {
        let (context, owns_context) = match shared {
            Some(context) => (context.clone(), false),
            None => (AudioContext::new().ok()?, true),
        };
        let node = context.create_analyser().ok()?;
        node.set_fft_size(1024);
        let source = context.create_media_stream_source(stream).ok()?;
        source.connect_with_audio_node(&node).ok()?;
        Some(Self {
            buffer: vec![0.0; node.fft_size() as usize],
            context,
            owns_context,
            source,
            node,
        })
    }

    /// Measures one track (e.g. our microphone), in `shared` if given.
    pub fn of_track(track: &MediaStreamTrack, shared: Option<&AudioContext>) -> Option<Self> {
        let stream = MediaStream::new_with_tracks(&js_sys::Array::of1(track)).ok()?;
        Self::of_stream(&stream, shared)
    }

    /// Whether the context processes audio: a suspended one reads zeros, which say nothing.
    pub fn is_running(&self) -> bool {
        self.context.state() == web_sys::AudioContextState::Running
    }

    /// The current level in dBFS (-120 for digital silence).
    pub fn dbfs(&mut self) -> f64 {
        if self.context.state() == web_sys::AudioContextState::Suspended {
            let _ = self.context.resume();
        }
        self.node.get_float_time_domain_data(&mut self.buffer);
        let mean: f32 =
            self.buffer.iter().map(|v| v * v).sum::<f32>() / self.buffer.len().max(1) as f32;
        20.0 * f64::from(mean.sqrt()).max(1e-6).log10()
    }

    /// 0.0 (silence) to 1.0 on a perceptual scale over -60..0 dBFS.
    pub fn level(&mut self) -> f64 {
        ((self.dbfs() + 60.0) / 60.0).clamp(0.0, 1.0)
    }
}

impl Drop for AudioLevel {
    fn drop(&mut self) {
        let _ = self.source.disconnect();
        if self.owns_context {
            let _ = self.context.close();
        }
    }
}
