//! Turns the room's text streams into transcript lines: `lk.transcription` (speech of both sides,
//! interim then final) and `lk.chat` (typed messages).

use super::CallSink;
use crate::call::{CallInput, LineKind, Speaker, TranscriptLine};
use crate::i18n::owner_console;
use crate::livekit::spawn;
use crate::livekit::{Room, TextStream, TextStreamRegistration};

pub const TRANSCRIPTION_TOPIC: &str = "lk.transcription";
pub const CHAT_TOPIC: &str = "lk.chat";

const SEGMENT_ID: &str = "lk.segment_id";
const TRANSCRIBED_TRACK: &str = "lk.transcribed_track_id";
const FINAL: &str = "lk.transcription_final";

/// Who a stream speaks for: our own speech (transcribed by the agent, which sends it on our
/// behalf: the sender is our identity and the transcribed track our microphone) or a remote
/// participant.
fn speaker(room: &Room, stream: &TextStream, transcribed_track: Option<&str>) -> Speaker {
    let ours = room.local_microphone_track_sid();
    let sender = &stream.header.sender_identity;
    if (transcribed_track.is_some() && transcribed_track == ours.as_deref())
        || *sender == room.local_identity()
    {
        return Speaker::User;
    }
    match room
        .remote_participants()
        .into_iter()
        .find(|p| &p.identity == sender)
    {
        Some(p) if p.is_agent() => Speaker::Agent {
            name: p.display_name().to_string(),
        },
        _ => Speaker::Other {
            identity: sender.clone(),
        },
    }
}

/// Registers both topics; the registrations unregister them when dropped. One handler type
/// for both (a flag picks the reader): one copy of the listener and registration code.
pub(super) fn register(room: &Room, sink: CallSink) -> Vec<TextStreamRegistration> {
    let mut registrations = Vec::new();
    for (topic, chat) in [(TRANSCRIPTION_TOPIC, false), (CHAT_TOPIC, true)] {
        let (stream_room, stream_sink) = (room.clone(), sink.clone());
        match room.register_text_stream_handler(topic, move |stream| {
            let (room, sink) = (stream_room.clone(), stream_sink.clone());
            if chat {
                spawn(read_chat(room, stream, sink));
            } else {
                spawn(read_transcription(room, stream, sink));
            }
        }) {
            Ok(registration) => registrations.push(registration),
            Err(failure) => web_sys::console::warn_2(
                &owner_console::HANDLER_NOT_REGISTERED.into(),
                &failure.message().into(),
            ),
        }
    }
    registrations
}

/// Shows a speech segment as it grows; final once the sender says so (often in the stream's
/// trailer) or, when the sender sets no flag, when the stream ends.
async fn read_transcription(room: Room, stream: TextStream, sink: CallSink) {
    let attributes = &stream.header.attributes;
    let id = attributes
        .get(SEGMENT_ID)
        .cloned()
        .unwrap_or_else(|| stream.header.id.clone());
    let speaker = speaker(
        &room,
        &stream,
        attributes.get(TRANSCRIBED_TRACK).map(String::as_str),
    );
    let line = |text: &str, is_final: bool| TranscriptLine {
        id: id.clone(),
        speaker: speaker.clone(),
        kind: LineKind::Speech,
        text: text.to_string(),
        is_final,
    };
    let mut text = String::new();
    while let Ok(Some(chunk)) = stream.next_chunk().await {
        text.push_str(&chunk);
        sink(CallInput::Transcript(line(&text, false)));
    }
    let is_final = stream
        .attributes_now()
        .get(FINAL)
        .is_none_or(|flag| flag == "true");
    sink(CallInput::Transcript(line(&text, is_final)));
}

async fn read_chat(room: Room, stream: TextStream, sink: CallSink) {
    let Ok(text) = stream.read_all().await else {
        return;
    };
    let speaker = speaker(&room, &stream, None);
    sink(CallInput::Transcript(TranscriptLine {
        id: stream.header.id.clone(),
        speaker,
        kind: LineKind::Chat,
        text,
        is_final: true,
    }));
}

/// The line for a chat message we sent.
pub(super) fn own_chat_line(id: String, text: &str) -> CallInput {
    CallInput::Transcript(TranscriptLine {
        id,
        speaker: Speaker::User,
        kind: LineKind::Chat,
        text: text.to_string(),
        is_final: true,
    })
}

/// A unique id for our own chat lines.
pub(super) fn local_line_id() -> String {
    format!("local-{}", (js_sys::Math::random() * 1e15) as u64)
}
