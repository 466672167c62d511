//! Stands in for wasm-streams 0.5 (README "Size"): leptos enables server_fn's `browser`
//! feature, whose streaming server functions are the only users of wasm-streams here, and
//! wasm-streams exports three `#[wasm_bindgen]` classes that keep their code in the wasm. The
//! widget calls no server functions, so this keeps only the API server_fn names, and a stream
//! made from Rust is an error instead of a stream.

use core::pin::Pin;
use core::task::{Context, Poll};
use futures_core::Stream;
use wasm_bindgen::JsValue;

const NO_STREAMS: &str =
    "lk-voice-widget is built without wasm-streams: server functions cannot stream";

/// A JavaScript `ReadableStream`, only carried.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// An empty, already erroring stream: nothing of `stream` is read.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let raw = web_sys::ReadableStream::new().expect("ReadableStream");
        let _ = raw.cancel_with_reason(&JsValue::from_str(NO_STREAMS));
        Self { raw }
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Yields one error, then ends.
    pub fn into_stream(self) -> IntoStream {
        IntoStream { done: false }
    }
}

pub struct IntoStream {
    done: bool,
}

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        self.done = true;
        Poll::Ready(Some(Err(JsValue::from_str(NO_STREAMS))))
    }
}
