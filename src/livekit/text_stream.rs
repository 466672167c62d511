//! Receiving text streams (`lk.transcription`, `lk.chat`): a handler per topic, owned by a
//! registration that unregisters the topic on `Drop` (registering a topic twice throws).

use super::error::unexpected;
use super::event_js::string_map;
use super::failure::LiveKitError;
use super::string_map::StringMap;
use crate::sys;
use js_sys::{Function, Reflect, Symbol};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What a text stream says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextStreamHeader {
    pub id: String,
    pub topic: String,
    /// Sender-set attributes, e.g. `lk.segment_id`, `lk.transcription_final`.
    pub attributes: StringMap,
    pub timestamp_ms: u64,
    pub sender_identity: String,
}

/// One incoming text stream.
pub struct TextStream {
    reader: sys::text_stream::TextStreamReader,
    iterator: RefCell<Option<JsValue>>,
    pub header: TextStreamHeader,
}

impl TextStream {
    /// Reads the whole stream.
    pub async fn read_all(&self) -> Result<String, LiveKitError> {
        let promise = self
            .reader
            .read_all()
            .map_err(|e| unexpected("readAll", &e))?;
        let text = JsFuture::from(promise)
            .await
            .map_err(|e| unexpected("readAll", &e))?;
        Ok(text.as_string().unwrap_or_default())
    }

    /// The next chunk as it arrives (a delta, not the text so far); `None` at the end.
    pub async fn next_chunk(&self) -> Result<Option<String>, LiveKitError> {
        let iterator = self.iterator()?;
        let next: Function = Reflect::get(&iterator, &"next".into())
            .map_err(|e| unexpected("stream iterator", &e))?
            .unchecked_into();
        let promise: js_sys::Promise = next
            .call0(&iterator)
            .map_err(|e| unexpected("stream next()", &e))?
            .unchecked_into();
        let result = JsFuture::from(promise)
            .await
            .map_err(|e| unexpected("stream next()", &e))?;
        let done = Reflect::get(&result, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        Ok(Some(
            Reflect::get(&result, &"value".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
        ))
    }

    /// The stream's attributes as they are now: a sender can set final ones (e.g.
    /// `lk.transcription_final = true`) in the stream's trailer, after the header was read.
    pub fn attributes_now(&self) -> StringMap {
        string_map(&self.reader.info().attributes())
    }

    fn iterator(&self) -> Result<JsValue, LiveKitError> {
        if let Some(existing) = self.iterator.borrow().as_ref() {
            return Ok(existing.clone());
        }
        let factory: Function = Reflect::get(&self.reader, &Symbol::async_iterator())
            .map_err(|e| unexpected("stream iterator", &e))?
            .unchecked_into();
        let iterator = factory
            .call0(&self.reader)
            .map_err(|e| unexpected("stream iterator", &e))?;
        *self.iterator.borrow_mut() = Some(iterator.clone());
        Ok(iterator)
    }
}

pub(crate) type TextStreamListener = Closure<dyn FnMut(JsValue, JsValue)>;

pub(crate) fn text_stream_listener(handler: impl Fn(TextStream) + 'static) -> TextStreamListener {
    Closure::new(move |reader: JsValue, sender: JsValue| {
        let reader: sys::text_stream::TextStreamReader = reader.unchecked_into();
        let info = reader.info();
        let sender_identity = Reflect::get(&sender, &"identity".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let header = TextStreamHeader {
            id: info.id(),
            topic: info.topic(),
            attributes: string_map(&info.attributes()),
            timestamp_ms: info.timestamp().max(0.0) as u64,
            sender_identity,
        };
        handler(TextStream {
            reader,
            iterator: RefCell::new(None),
            header,
        });
    })
}

/// Owns a topic's handler; `Drop` unregisters the topic.
#[must_use = "dropping the registration unregisters the topic"]
pub struct TextStreamRegistration {
    pub(crate) room: sys::room::Room,
    pub(crate) topic: String,
    pub(crate) _listener: TextStreamListener,
}

impl TextStreamRegistration {
    pub fn topic(&self) -> &str {
        &self.topic
    }
}

impl Drop for TextStreamRegistration {
    fn drop(&mut self) {
        let _ = self.room.unregister_text_stream_handler(&self.topic);
    }
}
