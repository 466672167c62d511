//! The playback watchdog's findings in technical English: the owner's evidence and the event log
//! quote them, so they stay the same in every language.

use crate::call::playback_watch::{OutputSymptom, Recovery};

/// Why the agent is not heard.
pub fn output_symptom(symptom: &OutputSymptom) -> String {
    match symptom {
        OutputSymptom::NoElement => "no <audio> element plays the agent's track".into(),
        OutputSymptom::Paused => "the agent's <audio> is paused".into(),
        OutputSymptom::Muted => "the agent's <audio> is muted".into(),
        OutputSymptom::VolumeZero => "the agent's <audio> has volume 0".into(),
        OutputSymptom::Ended => "the agent's <audio> has ended".into(),
        OutputSymptom::Stalled { at_ms } => format!(
            "the agent's <audio> is stalled (currentTime stays at {}.{} s)",
            at_ms / 1000,
            at_ms % 1000 / 100
        ),
    }
}

pub fn recovery(step: Recovery) -> &'static str {
    match step {
        Recovery::Play => "play again",
        Recovery::Reattach => "re-attach the track",
        Recovery::ResumeAudio => "resume the audio context",
        Recovery::ReapplyOutputDevice => "re-apply the output device",
    }
}

/// `play again, re-attach the track, …`
pub fn recovery_steps(steps: &[Recovery]) -> String {
    steps
        .iter()
        .map(|s| recovery(*s))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stall_names_where_current_time_stopped() {
        assert_eq!(
            output_symptom(&OutputSymptom::Stalled { at_ms: 12_345 }),
            "the agent's <audio> is stalled (currentTime stays at 12.3 s)"
        );
        assert_eq!(
            recovery_steps(&[Recovery::Play, Recovery::Reattach]),
            "play again, re-attach the track"
        );
    }
}
