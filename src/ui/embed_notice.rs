//! Says, before the call, what the page around the widget forbids: the microphone blocked by a
//! permissions policy (an `<iframe>` without `allow="microphone; autoplay"`). A diagnosis, not a
//! silent failure: the person reads why a call cannot work, the owner reads the fix.
//!
//! The problem is found by whoever mounts the widget (`embed::policy`) and passed in.

use super::handle::WidgetHandle;
use crate::i18n::owner_embed;
use leptos::prelude::*;

/// A page problem the widget names before the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageProblem {
    /// In a frame whose `<iframe>` lacks `allow="microphone"`.
    FrameBlocksMicrophone,
    /// The page's own `Permissions-Policy` blocks the microphone.
    PageBlocksMicrophone,
}

impl PageProblem {
    /// A stable key (`data-notice`, the `code` of the host's `lkw-error` event).
    pub fn key(self) -> &'static str {
        match self {
            PageProblem::FrameBlocksMicrophone => "iframe-microphone-policy",
            PageProblem::PageBlocksMicrophone => "page-microphone-policy",
        }
    }

    /// What the site owner must change.
    pub fn owner_fix(self) -> &'static str {
        match self {
            PageProblem::FrameBlocksMicrophone => owner_embed::FRAME_BLOCKS_MICROPHONE_FIX,
            PageProblem::PageBlocksMicrophone => owner_embed::PAGE_BLOCKS_MICROPHONE_FIX,
        }
    }

    /// What was observed.
    pub fn evidence(self) -> &'static str {
        owner_embed::PERMISSIONS_POLICY_EVIDENCE
    }
}

pub fn embed_notice(handle: WidgetHandle, problem: Option<PageProblem>) -> AnyView {
    let words = handle.lang.messages();
    let Some(problem) = problem else {
        return ().into_any();
    };
    view! {
            <div class="lkw-notice" role="alert" data-notice=problem.key() data-hop="page">
                <p class="lkw-notice-user">{words.page_blocks_microphone()}</p>
                <p class="lkw-notice-fix">
                    <span class="lkw-error-hop">{words.for_the_site_owner()}</span>
                    ": "
                    {problem.owner_fix()}
                </p>
                <p class="lkw-error-evidence">{problem.evidence()}</p>
            </div>
    }
    .into_any()
}
