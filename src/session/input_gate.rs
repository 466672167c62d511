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
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A page that draws no frames (a hidden tab) still gets its inputs after this long.
const FALLBACK_MS: i32 = 100;

pub(super) struct InputGate {
    deliver: CallSink,
    held: RefCell<Option<Vec<CallInput>>>,
    /// Releases the held inputs; the same function for the frame and the fallback timeout. Owned
    /// here (it holds the gate weakly) and dropped with the gate, whose `Drop` first cancels the
    /// frame and the timeout still pending, so neither can call it after it is gone.
    release: Closure<dyn FnMut()>,
    /// The pending animation frame and fallback timeout, while inputs are held.
    pending: Cell<Option<(Option<i32>, Option<i32>)>>,
}

impl InputGate {
    pub fn new(deliver: CallSink) -> Rc<Self> {
        Rc::new_cyclic(|weak: &std::rc::Weak<Self>| {
            let weak = weak.clone();
            Self {
                deliver,
                held: RefCell::default(),
                release: Closure::new(move || {
                    if let Some(gate) = weak.upgrade() {
                        gate.release();
                    }
                }),
                pending: Cell::default(),
            }
        })
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
        let Some(window) = web_sys::window() else {
            return;
        };
        if self.held.borrow().is_some() {
            return;
        }
        *self.held.borrow_mut() = Some(Vec::new());
        let release = self.release.as_ref().unchecked_ref();
        let frame = window.request_animation_frame(release).ok();
        let timeout = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(release, FALLBACK_MS)
            .ok();
        if frame.is_none() && timeout.is_none() {
            self.release();
        } else {
            self.pending.set(Some((frame, timeout)));
        }
    }

    /// Delivers what was held, in order (also what is sent meanwhile), then lets inputs through.
    fn release(&self) {
        self.cancel_pending();
        loop {
            let batch = match self.held.borrow_mut().as_mut() {
                Some(held) if !held.is_empty() => std::mem::take(held),
                _ => break,
            };
            batch.into_iter().for_each(|input| (self.deliver)(input));
        }
        self.held.borrow_mut().take();
    }

    /// Cancels the frame or timeout that has not fired yet (the other one released the inputs).
    fn cancel_pending(&self) {
        let (Some((frame, timeout)), Some(window)) = (self.pending.take(), web_sys::window())
        else {
            return;
        };
        if let Some(frame) = frame {
            let _ = window.cancel_animation_frame(frame);
        }
        if let Some(timeout) = timeout {
            window.clear_timeout_with_handle(timeout);
        }
    }
}

impl Drop for InputGate {
    fn drop(&mut self) {
        self.cancel_pending();
    }
}
