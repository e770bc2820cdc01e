//! The version matrix: one row per measured redis-py release and client.

use crate::app::matrix::{matrix, summary, Measurement, Outcome};
use yew::prelude::*;

fn counts(o: &Outcome) -> String {
    format!("{} / {} / {}", o.orphaned_objects, o.open_connections_after_close, o.unclosed_warnings)
}

fn verdict(o: &Outcome) -> Html {
    if let Some(e) = &o.error {
        html! { <span class="bad">{ format!("error: {e}") }</span> }
    } else if o.leaks {
        html! { <span class="bad">{ "⚠ leaks" }</span> }
    } else {
        html! { <span class="good">{ "✓ clean" }</span> }
    }
}

fn row(m: &Measurement) -> Html {
    let l = &m.localhost;
    html! {
        <tr class={if l.leaks { "leaks" } else { "" }}>
            <th scope="row">{ m.version.clone() }</th>
            <td>{ m.client.clone() }</td>
            <td>{ verdict(l) }</td>
            <td class="num">{ l.objects_created }</td>
            <td class="num">{ l.orphaned_objects }</td>
            <td class="num">{ l.open_connections_after_close }</td>
            <td class="num">{ l.unclosed_warnings }</td>
            <td>{ verdict(&m.ip_control) }{ if m.ip_control.leaks { format!(" {}", counts(&m.ip_control)) } else { String::new() } }</td>
        </tr>
    }
}

#[function_component(VersionMatrix)]
pub fn version_matrix() -> Html {
    let rows = use_memo((), |_| matrix());
    let Some(first) = rows.first() else { return html! {} };
    html! {
        <div class="matrix">
            <ul class="matrix-summary">{ for summary(&rows).into_iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            <div class="matrix-wrap" tabindex="0" role="region" aria-label="Version matrix (scrolls)">
                <table data-testid="version-matrix">
                    <caption>{ format!(
                        "{} runs of real redis-py against Redis {} (Python {}, recorded {}): 3 primaries with 1 replica and \
                         2 slot ranges each, one re-initialize, a GET per range, then close.",
                        rows.len(), first.redis_server, first.python, first.recorded_on) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "release" }</th><th scope="col">{ "client" }</th>
                            <th scope="col">{ "announcing localhost" }</th>
                            <th scope="col">{ "objects created" }</th><th scope="col">{ "orphaned" }</th>
                            <th scope="col">{ "open after close" }</th><th scope="col">{ "warnings" }</th>
                            <th scope="col">{ "announcing IPs (control): orphaned / open / warnings" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows.iter().map(row) }</tbody>
                </table>
            </div>
        </div>
    }
}
