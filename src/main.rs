//! The standalone page (`index.html`): mounts the widget into `#lk-voice-widget`. Loaded by the
//! embed loader instead, it does nothing: the loader mounts each `<lk-voice-widget>` itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    if lk_voice_widget::embed::loaded_by_embed_loader() {
        // The embed loader (`<lk-voice-widget>`) mounts each widget itself.
        return;
    }
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("lk-voice-widget"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        web_sys::console::error_1(
            &"lk-voice-widget: no element with id 'lk-voice-widget' on this page".into(),
        );
        return;
    };
    // The page's one widget lives as long as the page: its handle is owned here, not leaked.
    let handle = lk_voice_widget::embed::mount(element);
    PAGE_WIDGET.with(|slot| *slot.borrow_mut() = Some(handle));
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The standalone page's widget; dropping the handle would unmount it.
    static PAGE_WIDGET: std::cell::RefCell<Option<lk_voice_widget::embed::PageWidget>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("lk-voice-widget is a browser app: build it with `trunk build` (see README.md)");
}
