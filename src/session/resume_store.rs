//! The running call's [`ResumeTicket`] in `sessionStorage` (option `resume`).
//!
//! Storage can be missing or refuse (a sandboxed iframe without `allow-same-origin`, storage
//! disabled, a full quota): then the call simply does not survive a reload, and nothing fails.

use super::SessionConfig;
use crate::call::resume::{NotResumable, ResumeTicket};

/// Where one widget keeps its ticket.
#[derive(Clone, Debug)]
pub(super) struct ResumeStore {
    key: String,
}

impl ResumeStore {
    /// The store of the widget `config` describes, if it resumes calls.
    pub(super) fn of(config: &SessionConfig) -> Option<Self> {
        if !config.resume {
            return None;
        }
        let agent = config
            .token_request
            .room_config
            .as_ref()
            .and_then(|c| c.agents.first())
            .map(|a| a.agent_name.as_str());
        Some(Self {
            key: ResumeTicket::storage_key(&config.token_client.endpoint, agent),
        })
    }

    /// Keeps `ticket` for the next page of this tab.
    pub(super) fn save(&self, ticket: &ResumeTicket) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(&self.key, &ticket.to_json());
        }
    }

    /// The saved ticket, if it can still rejoin at `now_s`; one that cannot is removed.
    pub(super) fn usable(&self, now_s: i64) -> Option<ResumeTicket> {
        let storage = storage()?;
        let text = storage.get_item(&self.key).ok()??;
        match ResumeTicket::read(&text, now_s) {
            Ok(ticket) => Some(ticket),
            Err(NotResumable::Expired | NotResumable::Unreadable) => {
                let _ = storage.remove_item(&self.key);
                None
            }
        }
    }

    /// The call ended: nothing to rejoin.
    pub(super) fn clear(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

/// `sessionStorage`, if this page may use it (reading the property itself throws where it is
/// denied).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
