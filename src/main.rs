//! The wasm's start. Every page — the standalone `index.html` as any host page — loads it through
//! the embed loader (`dist/embed/lk-voice-widget.js`, from `js/embed-loader/`), which draws the
//! Call button first and then mounts each `<lk-voice-widget>` itself (`embed::bridge`). Nothing
//! is started here: a panic is a wasm trap that the loader's crash watch reports
//! (`js/crash_watch.js`, see `src/embed/crash.rs`).

// The widget is the library's exports (`mountEmbedded`, …), which the loader calls. main() names
// none of them, and an unnamed dependency is not linked: this line links it (without it the wasm
// is empty and wasm-bindgen fails with "failed to find intrinsics").
#[cfg(target_arch = "wasm32")]
extern crate lk_voice_widget;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("lk-voice-widget is a browser app: build it with `trunk build` (see README.md)");
}
