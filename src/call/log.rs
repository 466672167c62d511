//! The ordered event log the status panel shows.

use super::failure::CallFailure;
use super::playback_watch::{OutputSymptom, Recovery};
use super::warning::Warning;
use crate::livekit::event::{DisconnectReason, RoomEvent};

/// How an entry should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogTone {
    Info,
    Warning,
    Error,
}

/// What happened, as data: the words are chosen when shown, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogEvent {
    CallRequested,
    CallResuming {
        room: String,
    },
    TokenReceived,
    SdkLoaded {
        version: String,
    },
    Connecting {
        url: String,
    },
    MicrophoneOn,
    MicrophoneOff,
    HangingUp,
    CallEnded,
    CallEndedRemote(DisconnectReason),
    Failed(CallFailure),
    Room(RoomEvent),
    /// A problem that does not end the call was raised.
    Warned(Warning),
    /// The playback watchdog saw the agent speak unheard and tries `action`.
    PlaybackRecovering {
        symptom: OutputSymptom,
        action: Recovery,
    },
    /// The agent's voice plays again after the watchdog's `tried` steps.
    PlaybackRecovered {
        tried: Vec<Recovery>,
    },
}

/// One line of the status panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Milliseconds since the call was requested.
    pub at_ms: u64,
    pub tone: LogTone,
    pub event: LogEvent,
}

impl LogEntry {
    /// `+1.234s`, the time shown beside an entry.
    pub fn elapsed_label(&self) -> String {
        format!("+{}.{:03}s", self.at_ms / 1000, self.at_ms % 1000)
    }
}

/// Keeps the newest entries; a long call must not grow memory without bound.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLog {
    entries: Vec<LogEntry>,
    /// How many entries went before the first one kept: with its index, an entry's number.
    dropped: u64,
}

impl EventLog {
    pub const CAPACITY: usize = 300;

    pub fn push(&mut self, entry: LogEntry) {
        if self.entries.len() == Self::CAPACITY {
            self.entries.remove(0);
            self.dropped += 1;
        }
        self.entries.push(entry);
    }

    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// Each entry with its number: never reused by this log, and unchanged while the entry is
    /// kept (the status panel keys its rows by it, so a new entry draws one row, not all).
    pub fn numbered(&self) -> impl Iterator<Item = (u64, &LogEntry)> {
        (self.dropped..).zip(&self.entries)
    }

    pub fn clear(&mut self) {
        self.dropped += self.entries.len() as u64;
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_keeps_the_newest_entries_up_to_capacity() {
        let mut log = EventLog::default();
        for i in 0..(EventLog::CAPACITY as u64 + 5) {
            log.push(LogEntry {
                at_ms: i,
                tone: LogTone::Info,
                event: LogEvent::TokenReceived,
            });
        }
        assert_eq!(log.entries().len(), EventLog::CAPACITY);
        assert_eq!(log.entries()[0].at_ms, 5);
    }

    #[test]
    fn entry_numbers_stay_with_their_entries_and_are_never_reused() {
        let entry = |at_ms| LogEntry {
            at_ms,
            tone: LogTone::Info,
            event: LogEvent::TokenReceived,
        };
        let mut log = EventLog::default();
        for i in 0..(EventLog::CAPACITY as u64 + 2) {
            log.push(entry(i));
        }
        let numbered: Vec<(u64, u64)> = log.numbered().map(|(n, e)| (n, e.at_ms)).collect();
        assert_eq!(numbered.first(), Some(&(2, 2)));
        assert!(numbered.iter().all(|(n, at_ms)| n == at_ms));
        let last = numbered.last().map(|(n, _)| *n);
        log.clear();
        log.push(entry(0));
        assert!(log.numbered().all(|(n, _)| Some(n) > last));
    }

    #[test]
    fn elapsed_label_pads_milliseconds() {
        let e = LogEntry {
            at_ms: 1_045,
            tone: LogTone::Info,
            event: LogEvent::CallEnded,
        };
        assert_eq!(e.elapsed_label(), "+1.045s");
    }
}
