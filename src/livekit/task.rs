//! Spawning a future on the page's event loop, through one non-generic function.
//!
//! `wasm_bindgen_futures::spawn_local` is generic over the future, and its task setup (the task,
//! its waker, the queue) was inlined at every call site, ≈ 200 B of wasm each. Here each site
//! only boxes its future and calls [`spawn_boxed`], which holds the one copy of that setup.

use std::future::Future;
use std::pin::Pin;

/// Runs `future` to completion on the page's event loop (like `spawn_local`).
pub fn spawn(future: impl Future<Output = ()> + 'static) {
    spawn_boxed(Box::pin(future));
}

/// The one instantiation of `spawn_local`. Never inlined: its callers would each get a copy.
#[inline(never)]
fn spawn_boxed(future: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(future);
}
