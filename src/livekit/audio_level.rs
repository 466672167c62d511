//! The level of a live audio stream, from a Web Audio `AnalyserNode`. Closes its
//! `AudioContext` on `Drop`.

use web_sys::{AnalyserNode, AudioContext, MediaStream, MediaStreamTrack};

pub struct AudioLevel {
    context: AudioContext,
    node: AnalyserNode,
    buffer: Vec<f32>,
}

impl AudioLevel {
    /// Measures `stream` (e.g. the `srcObject` of the agent's `<audio>`).
    pub fn of_stream(stream: &MediaStream) -> Option<Self> {
        let context = AudioContext::new().ok()?;
        let node = context.create_analyser().ok()?;
        node.set_fft_size(1024);
        let source = context.create_media_stream_source(stream).ok()?;
        source.connect_with_audio_node(&node).ok()?;
        Some(Self {
            buffer: vec![0.0; node.fft_size() as usize],
            context,
            node,
        })
    }

    /// Measures one track (e.g. our microphone).
    pub fn of_track(track: &MediaStreamTrack) -> Option<Self> {
        let stream = MediaStream::new_with_tracks(&js_sys::Array::of1(track)).ok()?;
        Self::of_stream(&stream)
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
        let _ = self.context.close();
    }
}
