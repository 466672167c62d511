//! The wasm's start. Every page — the standalone `index.html` as any host page — loads it through
//! the embed loader (`dist/embed/lk-voice-widget.js`, from `js/embed-loader/`), which draws the
//! Call button first and then mounts each `<lk-voice-widget>` itself (`embed::bridge`).

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic ends the calls and tells the person (src/embed/crash.rs), also before a mount.
    lk_voice_widget::embed::crash::install();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("lk-voice-widget is a browser app: build it with `trunk build` (see README.md)");
}
