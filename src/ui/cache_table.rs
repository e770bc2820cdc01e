//! The cache-key table: the key looked up next to the key stored, hit or miss, and
//! what a store evicted. The last few node resolutions of the current initialize().

use super::cls;
use crate::app::view::PaneModel;
use crate::engine::Role;
use yew::prelude::*;

pub fn cache_table(pm: &PaneModel) -> Html {
    let rows = &pm.cache_rows;
    let body = if rows.is_empty() {
        html! { <tr><td colspan="5" class="none">{ "No tmp_nodes_cache lookups in this initialize() yet." }</td></tr> }
    } else {
        html! {
            { for rows.iter().map(|r| {
                let role = match r.role { Some(Role::Primary) => "primary", Some(Role::Replica) => "replica", None => "startup" };
                let looked = if r.lookups.is_empty() {
                    html! { <span class="none">{ "—" }</span> }
                } else {
                    html! { { for r.lookups.iter().map(|l| html! {
                        <div class="lookup">
                            <code>{ format!("{:?}", l.key) }</code>
                            <span class="in">{ format!(" in {}", l.cache.name()) }</span>
                        </div>
                    }) } }
                };
                let result = if r.lookups.is_empty() {
                    html! { <span class="none">{ "—" }</span> }
                } else {
                    html! { { for r.lookups.iter().map(|l| match l.hit {
                        Some(o) => html! { <div class="hit">{ format!("✓ hit #{o}") }</div> },
                        None => html! { <div class="miss">{ "✗ miss" }</div> },
                    }) } }
                };
                let made = r.constructed.map(|o| format!("new #{o}")).unwrap_or_default();
                let stored = match &r.store {
                    Some(st) => html! {
                        <>
                            <code>{ format!("{:?}", st.key) }</code>
                            if r.mismatch() { <span class="mismatch" title="the key stored is not the key looked up">{ " ≠ looked up" }</span> }
                            <div class="in">{ format!("{} = #{}", st.cache.name(), st.object) }{ if made.is_empty() { String::new() } else { format!(" ({made})") } }</div>
                        </>
                    },
                    None => html! { <span class="none">{ if made.is_empty() { "—".to_string() } else { made.clone() } }</span> },
                };
                let evicted = match r.store.as_ref().and_then(|s| s.evicted.map(|e| (e, s.object))) {
                    Some((e, o)) if e == o => html! { <span class="same">{ format!("#{e} (same object)") }</span> },
                    Some((e, _)) => html! { <span class="evicted">{ format!("⚠ #{e} → orphan") }</span> },
                    None => html! { <span class="none">{ "—" }</span> },
                };
                html! {
                    <tr key={r.first_step} class={cls("", &[(r.current, "current"), (r.mismatch(), "mismatch-row")])}
                        aria-current={r.current.then_some("step")}>
                        <td>{ role }</td>
                        <td>{ looked }</td>
                        <td>{ result }</td>
                        <td>{ stored }</td>
                        <td>{ evicted }</td>
                    </tr>
                }
            }) }
        }
    };
    html! {
        <section class="cache-table" data-testid="cache-table" aria-label={format!("Cache keys, {} pane", pm.side.name())}>
            <h3>{ "Cache keys: looked up vs stored" }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label={format!("Cache-key table, {} pane (scrolls sideways)", pm.side.name())}>
                <table>
                    <thead>
                        <tr><th scope="col">{ "role" }</th><th scope="col">{ "key looked up" }</th><th scope="col">{ "result" }</th>
                            <th scope="col">{ "key stored" }</th><th scope="col">{ "evicted" }</th></tr>
                    </thead>
                    <tbody>{ body }</tbody>
                </table>
            </div>
        </section>
    }
}
