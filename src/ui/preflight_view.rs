//! "Check connection": runs the preflight check and lists each hop with pass / warn / fail.

use super::handle::WidgetHandle;
use super::shown::shown;
use crate::call::preflight::PreflightReport;
use leptos::prelude::*;

pub fn preflight_view(handle: WidgetHandle) -> AnyView {
    let report = RwSignal::new(PreflightReport::default());
    let m = handle.text();
    let run = move |_| {
        let Some(session) = handle.session() else {
            return;
        };
        report.set(PreflightReport {
            running: true,
            results: Vec::new(),
        });
        session.run_preflight(move |result| {
            report.update(|r| {
                r.record(result);
                r.running = r.results.len() < crate::call::preflight::PreflightCheck::ALL.len();
            });
        });
    };
    let rows = move || {
        report.with(|r| {
            r.results
                .iter()
                .map(|result| {
                    let name = m.preflight_check(result.check);
                    let status = m.check_status(result.status());
                    let detail = crate::i18n::preflight_outcome(&result.outcome);
                    view! {
                        <li class="lkw-check" data-check=result.check.key() data-status=result.status().key() data-hop=result.check.hop().key()>
                            <span class="lkw-check-name">{name}</span>
                            " — "
                            <span class="lkw-check-status">{status}</span>
                            <span class="lkw-check-detail">{detail}</span>
                        </li>
                    }
                    .into_any()
                })
                // Rows as `AnyView`s: one `Vec<AnyView>` type with the device options (issue 15).
                .collect::<Vec<_>>()
                .into_any()
        })
    };
    view! {
        <div class="lkw-preflight" data-running=move || report.with(|r| r.running).to_string()>
            {shown(move || !handle.is_active(), move || view! {
                <button type="button" class="lkw-preflight-run" on:click=run disabled=move || report.with(|r| r.running)>
                    {m.check_connection()}
                </button>
            }.into_any())}
            <ol class="lkw-checks" aria-live="polite">{move || rows()}</ol>
        </div>
    }
    .into_any()
}
