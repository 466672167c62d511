//! Holds a call's state inputs from the click until the browser draws its next frame.
//!
//! Every input redraws what reads the call state; on a call's first click that was ≈ 10 ms
//! (mostly V8 compiling the drawing code) run inside the click, which held back the handling of
//! the token answer and so `room.connect()` (issue 15: click → connected 1.27× plain JS, warm).
//! A frame is the earliest moment a change can be seen anyway: released just before it is drawn,
//! the click still shows in the next frame, and a token answer that comes first is handled at
//! once. Inputs keep their order (the state machine ignores any that comes before the call's
//! start).

use super::CallSink;
use crate::call::CallInput;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A page that draws no frames (a hidden tab) still gets its inputs after this long.
const FALLBACK_MS: i32 = 100;

pub(super) struct InputGate {
    deliver: CallSink,
    held: RefCell<Option<Vec<CallInput>>>,
    /// Releases the held inputs; the same function for the frame and the fallback timeout.
    /// Owned by JavaScript (it holds the gate weakly): a frame or timeout that comes after the
    /// session is gone (unmounted) finds nothing to do, where a dropped `Closure` would throw.
    release: RefCell<Option<JsValue>>,
}

impl InputGate {
    pub fn new(deliver: CallSink) -> Rc<Self> {
        let gate = Rc::new(Self {
            deliver,
            held: RefCell::default(),
            release: RefCell::default(),
        });
        let weak = Rc::downgrade(&gate);
        let release = Closure::<dyn FnMut()>::new(move || {
            if let Some(gate) = weak.upgrade() {
                gate.release();
            }
        });
        *gate.release.borrow_mut() = Some(release.into_js_value());
        gate
    }

    /// Delivers `input`, or queues it behind those held.
    pub fn send(&self, input: CallInput) {
        if let Some(held) = self.held.borrow_mut().as_mut() {
            held.push(input);
            return;
        }
        (self.deliver)(input);
    }

    /// Holds what is sent from now on until the next animation frame.
    pub fn hold_until_frame(&self) {
        let release = self.release.borrow();
        let (Some(window), Some(release)) = (web_sys::window(), release.as_ref()) else {
            return;
        };
        let release = release.unchecked_ref();
        if self.held.borrow().is_some() {
            return;
        }
        *self.held.borrow_mut() = Some(Vec::new());
        let frame = window.request_animation_frame(release);
        let timeout =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(release, FALLBACK_MS);
        if frame.is_err() && timeout.is_err() {
            self.release();
        }
    }

    /// Delivers what was held, in order (also what is sent meanwhile), then lets inputs through.
    fn release(&self) {
        loop {
            let batch = match self.held.borrow_mut().as_mut() {
                Some(held) if !held.is_empty() => std::mem::take(held),
                _ => break,
            };
            batch.into_iter().for_each(|input| (self.deliver)(input));
        }
        self.held.borrow_mut().take();
    }
}
