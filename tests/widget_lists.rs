//! Browser tests of the widget's lists (event log, conversation, warnings), mounted alone on a
//! state the test changes: each row stays the element that shows its entry (keyed `<For>`), so
//! dropping the oldest redraws nothing else. None of these tests needs the live stack.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use lk_voice_widget::call::log::{EventLog, LogEntry, LogEvent, LogTone};
use lk_voice_widget::call::{CallState, LineKind, Speaker, Transcript, TranscriptLine, Warning};
use lk_voice_widget::i18n::Lang;
use lk_voice_widget::ui::{StatusPanel, TranscriptView, WarningsView, WidgetHandle};
use std::rc::Rc;
use support::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A view mounted on a state the test owns; unmounted and removed on drop.
struct Harness {
    root: HtmlElement,
    state: RwSignal<CallState>,
    _mounted: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Harness {
    fn new(view: fn(WidgetHandle) -> AnyView) -> Self {
        let root = support::appended_div();
        let state = RwSignal::new(CallState::default());
        let handle = WidgetHandle::new(state, Lang::En, Rc::new(|| None));
        let mounted = leptos::mount::mount_to(root.clone(), move || view(handle));
        Self {
            root,
            state,
            _mounted: mounted,
        }
    }

    fn rows(&self, selector: &str) -> Vec<HtmlElement> {
        let list = self.root.query_selector_all(selector).expect("selector");
        (0..list.length())
            .filter_map(|i| list.get(i))
            .map(|node| node.unchecked_into())
            .collect()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn text_of(row: &HtmlElement, selector: &str) -> String {
    row.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_full_event_log_drops_its_oldest_row_and_keeps_the_others() {
    let panel = Harness::new(|handle| view! { <StatusPanel handle=handle /> }.into_any());
    let entry = |at_ms| LogEntry {
        at_ms,
        tone: LogTone::Info,
        event: LogEvent::TokenReceived,
    };
    panel.state.update(|s| {
        for at_ms in 0..EventLog::CAPACITY as u64 {
            s.log.push(entry(at_ms));
        }
    });
    sleep(0).await;
    let rows = panel.rows(".lkw-log-entry");
    assert_eq!(rows.len(), EventLog::CAPACITY);
    let second = rows[1].clone();
    assert_eq!(text_of(&second, ".lkw-log-time"), "+0.001s");

    panel
        .state
        .update(|s| s.log.push(entry(EventLog::CAPACITY as u64)));
    sleep(0).await;
    let rows = panel.rows(".lkw-log-entry");
    assert_eq!(rows.len(), EventLog::CAPACITY);
    assert!(
        rows[0].is_same_node(Some(&second)),
        "the second row is now the first, the same element"
    );
    assert_eq!(text_of(&second, ".lkw-log-time"), "+0.001s");
}

#[wasm_bindgen_test]
async fn a_full_conversation_drops_its_oldest_line_and_keeps_the_others() {
    let view = Harness::new(|handle| view! { <TranscriptView handle=handle /> }.into_any());
    let line = |n: usize| TranscriptLine {
        id: format!("segment-{n}"),
        speaker: Speaker::User,
        kind: LineKind::Speech,
        text: format!("line {n}."),
        is_final: true,
    };
    view.state.update(|s| {
        for n in 0..Transcript::CAPACITY {
            s.transcript.upsert(line(n));
        }
    });
    sleep(0).await;
    let second = view.rows(".lkw-line")[1].clone();
    assert_eq!(text_of(&second, ".lkw-line-text"), "line 1.");

    view.state
        .update(|s| s.transcript.upsert(line(Transcript::CAPACITY)));
    sleep(0).await;
    let rows = view.rows(".lkw-line");
    assert!(rows[0].is_same_node(Some(&second)));
    assert_eq!(text_of(&second, ".lkw-line-text"), "line 1.");
}

#[wasm_bindgen_test]
async fn a_growing_line_stays_the_same_element_and_shows_its_new_words() {
    // Interim → final, as the agent's speech arrives: the line is updated in place (a screen
    // reader, or anything holding the element, keeps following it).
    let view = Harness::new(|handle| view! { <TranscriptView handle=handle /> }.into_any());
    let line = |text: &str, is_final: bool| TranscriptLine {
        id: "segment-1".into(),
        speaker: Speaker::Agent {
            name: "Sofia".into(),
        },
        kind: LineKind::Speech,
        text: text.into(),
        is_final,
    };
    view.state
        .update(|s| s.transcript.upsert(line("The next", false)));
    sleep(0).await;
    let first = view.rows(".lkw-line")[0].clone();
    assert_eq!(
        first.get_attribute("data-state").as_deref(),
        Some("interim")
    );

    view.state.update(|s| {
        s.transcript
            .upsert(line("The next free slot is Tuesday.", true))
    });
    sleep(0).await;
    let rows = view.rows(".lkw-line");
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].is_same_node(Some(&first)),
        "a new element for the same line"
    );
    assert_eq!(
        text_of(&first, ".lkw-line-text"),
        "The next free slot is Tuesday."
    );
    assert_eq!(first.get_attribute("data-state").as_deref(), Some("final"));
}

#[wasm_bindgen_test]
async fn a_cleared_warning_leaves_the_others_as_they_are() {
    let view = Harness::new(|handle| view! { <WarningsView handle=handle /> }.into_any());
    let scheme = Warning::ServerUrlScheme {
        url: "https://example.livekit.cloud".into(),
    };
    view.state
        .update(|s| s.warnings = vec![Warning::MicrophoneSilent, scheme.clone()]);
    sleep(0).await;
    let rows = view.rows(".lkw-warning");
    assert_eq!(rows.len(), 2);
    let kept = rows[1].clone();
    assert_eq!(
        kept.get_attribute("data-warning").as_deref(),
        Some(scheme.key())
    );

    view.state.update(|s| {
        s.warnings.remove(0);
    });
    sleep(0).await;
    let rows = view.rows(".lkw-warning");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].is_same_node(Some(&kept)));
}
