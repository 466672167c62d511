//! The playback watchdog's judgement: while the agent is speaking, is the page actually playing
//! its voice? The most reported voice-widget failure is an agent nobody hears — an `<audio>`
//! paused by the system (iOS interruptions, a Bluetooth switch), muted, stalled, or gone — and
//! the call itself looks healthy. Sampled by the session every [`SAMPLE_MS`]; each symptom that
//! outlasts [`GRACE_MS`] of agent speech gets the next recovery step, and once every step was
//! tried the person is told what to check.

/// How often the session samples.
pub const SAMPLE_MS: u32 = 500;
/// How long a symptom must last while the agent speaks before the next step.
pub const GRACE_MS: u32 = 1_500;

pub use crate::livekit::failure::OutputSnapshot;

/// One sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaybackSample {
    /// The agent is speaking: its `lk.agent.state` says so, or its track carries sound.
    pub agent_speaking: bool,
    /// `None`: no `<audio>` plays the agent's track.
    pub output: Option<OutputSnapshot>,
    /// The browser refuses playback until a click ("Enable audio" shows): that click is the fix,
    /// not ours to work around.
    pub playback_blocked: bool,
}

/// Why the agent is not heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputSymptom {
    NoElement,
    Paused,
    Muted,
    VolumeZero,
    Ended,
    /// Playing, but `currentTime` stopped moving (at this millisecond).
    Stalled {
        at_ms: u64,
    },
}

/// What the widget does about it, in the order it tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Unmute, restore the volume, `play()` again.
    Play,
    /// Detach the track and attach it to the element again (a fresh `srcObject`).
    Reattach,
    /// The SDK's `startAudio()`: resumes its AudioContext and plays every element.
    ResumeAudio,
    /// Route the element to the chosen (or default) output device again.
    ReapplyOutputDevice,
}

impl Recovery {
    pub const ORDER: [Recovery; 4] = [
        Self::Play,
        Self::Reattach,
        Self::ResumeAudio,
        Self::ReapplyOutputDevice,
    ];
}

/// What a sample calls for.
#[derive(Clone, Debug, PartialEq)]
pub enum WatchVerdict {
    /// All is well, or not yet long enough to act.
    Nothing,
    /// Try `action` now.
    Recover {
        symptom: OutputSymptom,
        action: Recovery,
    },
    /// Every step was tried and the agent is still not heard: tell the person and the owner.
    NotHeard {
        symptom: OutputSymptom,
        tried: Vec<Recovery>,
    },
    /// The agent's voice plays again after `tried` (and, if it was said, the warning goes).
    Recovered {
        tried: Vec<Recovery>,
        was_warned: bool,
    },
}

/// The watchdog's memory between samples.
#[derive(Clone, Debug, Default)]
pub struct PlaybackWatch {
    last_time: Option<f64>,
    symptom_ms: u32,
    tried: Vec<Recovery>,
    warned: bool,
}

impl PlaybackWatch {
    /// Judges one sample taken `elapsed_ms` after the previous one.
    pub fn sample(&mut self, sample: &PlaybackSample, elapsed_ms: u32) -> WatchVerdict {
        let symptom = self.symptom(sample.output.as_ref(), elapsed_ms);
        if sample.playback_blocked || !sample.agent_speaking {
            self.symptom_ms = 0;
            return WatchVerdict::Nothing;
        }
        let Some(symptom) = symptom else {
            self.symptom_ms = 0;
            if self.tried.is_empty() {
                return WatchVerdict::Nothing;
            }
            let was_warned = std::mem::take(&mut self.warned);
            return WatchVerdict::Recovered {
                tried: std::mem::take(&mut self.tried),
                was_warned,
            };
        };
        self.symptom_ms += elapsed_ms;
        if self.symptom_ms < GRACE_MS || self.warned {
            return WatchVerdict::Nothing;
        }
        self.symptom_ms = 0;
        match Recovery::ORDER.get(self.tried.len()) {
            Some(&action) => {
                self.tried.push(action);
                WatchVerdict::Recover { symptom, action }
            }
            None => {
                self.warned = true;
                WatchVerdict::NotHeard {
                    symptom,
                    tried: self.tried.clone(),
                }
            }
        }
    }

    fn symptom(
        &mut self,
        output: Option<&OutputSnapshot>,
        elapsed_ms: u32,
    ) -> Option<OutputSymptom> {
        let Some(out) = output else {
            self.last_time = None;
            return Some(OutputSymptom::NoElement);
        };
        let previous = self.last_time.replace(out.current_time);
        if out.ended {
            Some(OutputSymptom::Ended)
        } else if out.paused {
            Some(OutputSymptom::Paused)
        } else if out.muted {
            Some(OutputSymptom::Muted)
        } else if out.volume <= 0.0 {
            Some(OutputSymptom::VolumeZero)
        } else {
            // A playing live stream advances with the wall clock; allow a lot of jitter.
            let expected_s = f64::from(elapsed_ms) / 1000.0;
            match previous {
                Some(before) if out.current_time - before < expected_s * 0.25 => {
                    Some(OutputSymptom::Stalled {
                        at_ms: (out.current_time.max(0.0) * 1000.0) as u64,
                    })
                }
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playing(t: f64) -> Option<OutputSnapshot> {
        Some(OutputSnapshot {
            paused: false,
            muted: false,
            volume: 1.0,
            ended: false,
            current_time: t,
        })
    }

    fn paused(t: f64) -> Option<OutputSnapshot> {
        Some(OutputSnapshot {
            paused: true,
            ..playing(t).unwrap()
        })
    }

    fn speaking(output: Option<OutputSnapshot>) -> PlaybackSample {
        PlaybackSample {
            agent_speaking: true,
            output,
            playback_blocked: false,
        }
    }

    /// Feeds `n` samples of `make(i)` and collects what was not `Nothing`.
    fn run(
        watch: &mut PlaybackWatch,
        n: usize,
        make: impl Fn(usize) -> PlaybackSample,
    ) -> Vec<WatchVerdict> {
        (0..n)
            .map(|i| watch.sample(&make(i), SAMPLE_MS))
            .filter(|v| *v != WatchVerdict::Nothing)
            .collect()
    }

    #[test]
    fn healthy_playback_calls_for_nothing() {
        let mut w = PlaybackWatch::default();
        let v = run(&mut w, 40, |i| speaking(playing(i as f64 * 0.5)));
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn a_paused_element_gets_played_again_after_the_grace_time_and_recovers() {
        let mut w = PlaybackWatch::default();
        let samples_in_grace = (GRACE_MS / SAMPLE_MS) as usize;
        let early = run(&mut w, samples_in_grace - 1, |_| speaking(paused(3.0)));
        assert!(early.is_empty(), "acted before the grace time: {early:?}");
        assert_eq!(
            w.sample(&speaking(paused(3.0)), SAMPLE_MS),
            WatchVerdict::Recover {
                symptom: OutputSymptom::Paused,
                action: Recovery::Play
            }
        );
        assert_eq!(
            w.sample(&speaking(playing(3.5)), SAMPLE_MS),
            WatchVerdict::Recovered {
                tried: vec![Recovery::Play],
                was_warned: false
            }
        );
        // and then quiet again
        assert_eq!(
            w.sample(&speaking(playing(4.0)), SAMPLE_MS),
            WatchVerdict::Nothing
        );
    }

    #[test]
    fn every_step_is_tried_in_order_then_the_person_is_told_once() {
        let mut w = PlaybackWatch::default();
        let v = run(&mut w, 40, |_| speaking(paused(7.0)));
        let actions: Vec<_> = v
            .iter()
            .filter_map(|v| match v {
                WatchVerdict::Recover { action, .. } => Some(*action),
                _ => None,
            })
            .collect();
        assert_eq!(actions, Recovery::ORDER.to_vec());
        let told: Vec<_> = v
            .iter()
            .filter(|v| matches!(v, WatchVerdict::NotHeard { .. }))
            .collect();
        assert_eq!(told.len(), 1, "{v:?}");
        assert_eq!(
            *told[0],
            WatchVerdict::NotHeard {
                symptom: OutputSymptom::Paused,
                tried: Recovery::ORDER.to_vec()
            }
        );
        // heard again: the warning goes
        let after = w.sample(&speaking(playing(8.0)), SAMPLE_MS);
        assert_eq!(
            after,
            WatchVerdict::Recovered {
                tried: Recovery::ORDER.to_vec(),
                was_warned: true
            }
        );
    }

    #[test]
    fn a_stalled_clock_is_a_symptom_and_a_moving_one_is_not() {
        let mut w = PlaybackWatch::default();
        let v = run(&mut w, 6, |_| speaking(playing(12.0)));
        assert_eq!(
            v.first(),
            Some(&WatchVerdict::Recover {
                symptom: OutputSymptom::Stalled { at_ms: 12_000 },
                action: Recovery::Play
            })
        );
    }

    #[test]
    fn muted_volume_zero_ended_and_missing_are_symptoms() {
        let base = playing(1.0).unwrap();
        for (output, symptom) in [
            (
                Some(OutputSnapshot {
                    muted: true,
                    ..base
                }),
                OutputSymptom::Muted,
            ),
            (
                Some(OutputSnapshot {
                    volume: 0.0,
                    ..base
                }),
                OutputSymptom::VolumeZero,
            ),
            (
                Some(OutputSnapshot {
                    ended: true,
                    ..base
                }),
                OutputSymptom::Ended,
            ),
            (None, OutputSymptom::NoElement),
        ] {
            let mut w = PlaybackWatch::default();
            let v = run(&mut w, 3, |_| speaking(output));
            assert_eq!(
                v,
                vec![WatchVerdict::Recover {
                    symptom,
                    action: Recovery::Play
                }]
            );
        }
    }

    #[test]
    fn silence_between_turns_and_a_blocked_autoplay_are_not_acted_on() {
        let mut w = PlaybackWatch::default();
        let quiet = run(&mut w, 20, |_| PlaybackSample {
            agent_speaking: false,
            ..speaking(paused(2.0))
        });
        assert!(quiet.is_empty());
        let blocked = run(&mut w, 20, |_| PlaybackSample {
            playback_blocked: true,
            ..speaking(paused(2.0))
        });
        assert!(blocked.is_empty(), "Enable audio is the fix there");
    }

    #[test]
    fn a_symptom_interrupted_by_the_agent_pausing_starts_its_grace_over() {
        let mut w = PlaybackWatch::default();
        let v = run(&mut w, 30, |i| PlaybackSample {
            agent_speaking: i % 3 != 2, // never 3 speaking samples in a row
            ..speaking(paused(2.0))
        });
        assert!(v.is_empty(), "{v:?}");
    }
}
