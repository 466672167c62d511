//! The conversation as the person reads it: speech transcripts of both sides and chat, in order.
//! Interim speech segments are replaced in place by later versions of the same segment.

/// Who said a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// The person using the widget.
    User,
    /// The voice agent.
    Agent { name: String },
    /// Any other participant, by identity: the name is looked up when shown, because a message
    /// can arrive before its sender's join event.
    Other { identity: String },
}

/// Spoken (transcribed) or typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Speech,
    Chat,
}

/// One line of the conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptLine {
    /// The segment id (speech) or stream id (chat): later versions with the same id replace it.
    pub id: String,
    pub speaker: Speaker,
    pub kind: LineKind,
    pub text: String,
    /// Interim speech is shown as such until its final version arrives.
    pub is_final: bool,
}

impl TranscriptLine {
    /// The agent stopped speaking mid-sentence: the person barged in. livekit-agents closes an
    /// interrupted segment as *final* with only the words actually played, and nothing on the
    /// wire says "interrupted" (no attribute, no state), so the one sign is a final agent line
    /// that ends without closing punctuation. A reply an LLM wrote without a full stop is
    /// marked too; that costs a word on screen, not a wrong diagnosis.
    pub fn is_cut_off(&self) -> bool {
        if !(self.is_final
            && self.kind == LineKind::Speech
            && matches!(self.speaker, Speaker::Agent { .. }))
        {
            return false;
        }
        let text = self
            .text
            .trim_end()
            .trim_end_matches(['"', '\'', ')', ']', '»', '«', '“', '”', '’', '*']);
        !text.is_empty() && !text.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？'])
    }
}

/// The conversation, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    lines: Vec<TranscriptLine>,
}

impl Transcript {
    /// Long calls keep the newest lines only.
    pub const CAPACITY: usize = 400;

    /// Adds a line, or replaces the earlier version of the same segment. A final line is never
    /// downgraded by a late interim one.
    pub fn upsert(&mut self, line: TranscriptLine) {
        if let Some(existing) = self.lines.iter_mut().find(|l| l.id == line.id) {
            if existing.is_final && !line.is_final {
                return;
            }
            *existing = line;
            return;
        }
        if line.text.trim().is_empty() && !line.is_final {
            return; // an empty interim chunk: nothing to show yet
        }
        if self.lines.len() == Self::CAPACITY {
            self.lines.remove(0);
        }
        self.lines.push(line);
    }

    pub fn lines(&self) -> &[TranscriptLine] {
        &self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speech(id: &str, text: &str, is_final: bool) -> TranscriptLine {
        TranscriptLine {
            id: id.into(),
            speaker: Speaker::Agent {
                name: "Sofia".into(),
            },
            kind: LineKind::Speech,
            text: text.into(),
            is_final,
        }
    }

    #[test]
    fn interim_segment_is_replaced_by_its_final_version() {
        let mut t = Transcript::default();
        t.upsert(speech("SG_1", "Hello,", false));
        t.upsert(speech("SG_1", "Hello, this is", false));
        t.upsert(speech("SG_1", "Hello, this is Sofia.", true));
        assert_eq!(t.lines().len(), 1);
        assert_eq!(t.lines()[0].text, "Hello, this is Sofia.");
        assert!(t.lines()[0].is_final);
    }

    #[test]
    fn late_interim_does_not_undo_a_final_line() {
        let mut t = Transcript::default();
        t.upsert(speech("SG_1", "Done.", true));
        t.upsert(speech("SG_1", "Do", false));
        assert_eq!(t.lines()[0].text, "Done.");
    }

    #[test]
    fn segments_and_chat_keep_their_order() {
        let mut t = Transcript::default();
        t.upsert(speech("SG_1", "Hi", true));
        t.upsert(TranscriptLine {
            id: "chat-1".into(),
            speaker: Speaker::User,
            kind: LineKind::Chat,
            text: "Any slot Tuesday?".into(),
            is_final: true,
        });
        t.upsert(speech("SG_2", "Yes", false));
        t.upsert(speech("SG_1", "Hi there", true));
        let ids: Vec<&str> = t.lines().iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["SG_1", "chat-1", "SG_2"]);
        assert_eq!(t.lines()[0].text, "Hi there");
    }

    #[test]
    fn an_agent_line_closed_mid_sentence_is_cut_off() {
        let cut = speech("SG_1", "The next free slot is Tuesday at", true);
        assert!(cut.is_cut_off());
        for whole in [
            "Shall I book it?",
            "Booked.",
            "Danke!",
            "Say \"yes\".",
            "(Tuesday, 10:00.)",
            "Wait…",
            " ",
        ] {
            assert!(!speech("SG_2", whole, true).is_cut_off(), "{whole:?}");
        }
        assert!(
            !speech("SG_3", "The next free", false).is_cut_off(),
            "still speaking"
        );
        let mut user = speech("SG_4", "i would like an appointment", true);
        user.speaker = Speaker::User;
        assert!(!user.is_cut_off(), "recognised speech has no punctuation");
        let mut chat = speech("chat-1", "ok", true);
        chat.kind = LineKind::Chat;
        assert!(!chat.is_cut_off());
    }

    #[test]
    fn empty_interim_is_not_shown_and_capacity_is_kept() {
        let mut t = Transcript::default();
        t.upsert(speech("SG_0", " ", false));
        assert!(t.is_empty());
        for i in 0..(Transcript::CAPACITY + 3) {
            t.upsert(speech(&format!("SG_{i}"), "x", true));
        }
        assert_eq!(t.lines().len(), Transcript::CAPACITY);
        assert_eq!(t.lines()[0].id, "SG_3");
    }
}
