//! What every part of the widget shares: the call state, the language, and the way to reach the
//! session (created on the first intent, once the audio container exists).

use crate::call::consent::Consent;
use crate::call::CallState;
use crate::i18n::{Lang, Messages};
use crate::session::CallSession;
use leptos::prelude::*;
use std::rc::Rc;

type SessionFactory = Rc<dyn Fn() -> Option<Rc<CallSession>>>;

#[derive(Clone, Copy)]
pub struct WidgetHandle {
    pub state: RwSignal<CallState>,
    pub lang: Lang,
    /// The visitor's consent (not required unless the site asks, see `ui::consent_view`); read
    /// when drawn and on a click, so not a signal.
    pub consent: StoredValue<Consent, LocalStorage>,
    factory: StoredValue<SessionFactory, LocalStorage>,
}

impl WidgetHandle {
    pub fn new(state: RwSignal<CallState>, lang: Lang, factory: SessionFactory) -> Self {
        Self {
            state,
            lang,
            consent: StoredValue::new_local(Consent::default()),
            factory: StoredValue::new_local(factory),
        }
    }

    /// The session, created on first use.
    pub fn session(&self) -> Option<Rc<CallSession>> {
        self.factory.with_value(|factory| factory())
    }

    pub fn text(&self) -> &'static Messages {
        self.lang.messages()
    }

    /// Sets the consent signal (the widget's, restored from storage as the page loads).
    pub fn with_consent(mut self, consent: StoredValue<Consent, LocalStorage>) -> Self {
        self.consent = consent;
        self
    }

    pub fn is_active(&self) -> bool {
        self.state.with(|s| s.stage.is_active())
    }
}
