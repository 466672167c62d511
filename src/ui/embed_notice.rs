//! Says, before the call, what the page around the widget forbids: the microphone blocked by a
//! permissions policy (an `<iframe>` without `allow="microphone; autoplay"`). A diagnosis, not a
//! silent failure: the person reads why a call cannot work, the owner reads the fix.

use super::handle::WidgetHandle;
use crate::embed::policy::{page_problem, PageProblem};
use crate::i18n::Lang;
use leptos::prelude::*;

/// The person's words for `problem`.
pub fn user_message(problem: PageProblem, lang: Lang) -> &'static str {
    match (problem, lang) {
        (_, Lang::En) => "This page blocks the microphone, so a call cannot work here.",
        (_, Lang::De) => "Diese Seite sperrt das Mikrofon, daher ist hier kein Anruf möglich.",
    }
}

fn fix_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "For the site owner",
        Lang::De => "Für den Betreiber der Seite",
    }
}

#[component]
pub fn EmbedNotice(handle: WidgetHandle) -> impl IntoView {
    let lang = handle.lang;
    page_problem().map(|problem| {
        view! {
            <div class="lkw-notice" role="alert" data-notice=problem.key() data-hop="page">
                <p class="lkw-notice-user">{user_message(problem, lang)}</p>
                <p class="lkw-notice-fix">
                    <span class="lkw-error-hop">{fix_label(lang)}</span>
                    ": "
                    {problem.owner_fix()}
                </p>
                <p class="lkw-error-evidence">{problem.evidence()}</p>
            </div>
        }
    })
}
