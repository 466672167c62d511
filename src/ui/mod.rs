//! Leptos components. They read [`CallState`](crate::call::CallState) and send intents to the
//! session; they never call the SDK.

mod bundle_view;
mod consent_view;
mod controls;
mod devices;
mod diagnosis_view;
mod effect;
mod element_slot;
mod embed_notice;
mod handle;
mod host_events;
mod idle_preload;
mod keyed_rows;
mod level_meter;
mod preflight_view;
mod shown;
mod status_panel;
mod transcript_view;
mod warnings_view;
mod widget;

pub use embed_notice::PageProblem;
pub use handle::WidgetHandle;
pub use host_events::HostEvents;
pub use status_panel::StatusPanel;
pub use transcript_view::TranscriptView;
pub use warnings_view::WarningsView;
pub use widget::VoiceWidget;
