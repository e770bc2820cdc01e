//! The cache-key table: the key looked up next to the key stored, hit or miss, and
//! what a store evicted. The last few node resolutions of the current initialize().

use super::cls;
use crate::app::view::{side_word, PaneModel};
use crate::engine::Role;
use crate::i18n::{Lang, Msg};
use crate::tr;
use yew::prelude::*;

pub fn cache_table(pm: &PaneModel, lang: Lang) -> Html {
    let rows = &pm.cache_rows;
    // "(new #3)" after the cache's name; "in tmp_nodes_cache" after a key in code, a
    // space before it in both languages.
    let (open, close) = match lang {
        Lang::En => (" (", ")"),
        Lang::Zh => ("（", "）"),
    };
    let body = if rows.is_empty() {
        html! { <tr><td colspan="5" class="none">{ Msg::ViewCtNone.text(lang) }</td></tr> }
    } else {
        html! {
            { for rows.iter().map(|r| {
                let role = match r.role {
                    Some(Role::Primary) => Msg::ViewRolePrimary,
                    Some(Role::Replica) => Msg::ViewRoleReplica,
                    None => Msg::ViewRoleStartup,
                }
                .text(lang);
                let looked = if r.lookups.is_empty() {
                    html! { <span class="none">{ "—" }</span> }
                } else {
                    html! { { for r.lookups.iter().map(|l| html! {
                        <div class="lookup">
                            <code>{ format!("{:?}", l.key) }</code>
                            <span class="in">{ format!(" {}", tr!(lang, ViewCtIn, cache = l.cache.name())) }</span>
                        </div>
                    }) } }
                };
                let result = if r.lookups.is_empty() {
                    html! { <span class="none">{ "—" }</span> }
                } else {
                    html! { { for r.lookups.iter().map(|l| match l.hit {
                        Some(o) => html! { <div class="hit">{ tr!(lang, ViewCtHit, id = o) }</div> },
                        None => html! { <div class="miss">{ Msg::ViewCtMiss.text(lang) }</div> },
                    }) } }
                };
                let made = r.constructed.map(|o| tr!(lang, ViewCtNew, id = o)).unwrap_or_default();
                let stored = match &r.store {
                    Some(st) => html! {
                        <>
                            <code>{ format!("{:?}", st.key) }</code>
                            if r.mismatch() {
                                <span class="mismatch" title={Msg::ViewCtMismatchTitle.text(lang)}>
                                    { format!(" {}", Msg::ViewCtMismatch.text(lang)) }
                                </span>
                            }
                            <div class="in">
                                { format!("{} = #{}", st.cache.name(), st.object) }
                                { if made.is_empty() { String::new() } else { format!("{open}{made}{close}") } }
                            </div>
                        </>
                    },
                    None => html! { <span class="none">{ if made.is_empty() { "—".to_string() } else { made.clone() } }</span> },
                };
                let evicted = match r.store.as_ref().and_then(|s| s.evicted.map(|e| (e, s.object))) {
                    Some((e, o)) if e == o => html! { <span class="same">{ tr!(lang, ViewCtSame, id = e) }</span> },
                    Some((e, _)) => html! { <span class="evicted">{ tr!(lang, ViewCtEvicted, id = e) }</span> },
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
    let side = side_word(pm.side, lang);
    html! {
        <section class="cache-table" data-testid="cache-table" aria-label={tr!(lang, ViewCtAria, side = side)}>
            <h3>{ Msg::ViewCtTitle.text(lang) }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label={tr!(lang, ViewCtWrapAria, side = side)}>
                <table>
                    <thead>
                        <tr><th scope="col">{ Msg::ViewCtColRole.text(lang) }</th><th scope="col">{ Msg::ViewCtColLookedUp.text(lang) }</th>
                            <th scope="col">{ Msg::ViewCtColResult.text(lang) }</th>
                            <th scope="col">{ Msg::ViewCtColStored.text(lang) }</th><th scope="col">{ Msg::ViewCtColEvicted.text(lang) }</th></tr>
                    </thead>
                    <tbody>{ body }</tbody>
                </table>
            </div>
        </section>
    }
}
