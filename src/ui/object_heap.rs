//! The object heap: one card per group of ClusterNode objects in the same situation.

use super::{cls, hue};
use crate::app::view::{side_word, Card, PaneModel};
use crate::engine::Role;
use crate::i18n::{Lang, Msg};
use crate::tr;
use yew::prelude::*;

fn card_html(c: &Card, lang: Lang) -> Html {
    let role = match c.role {
        Some(Role::Primary) => Msg::ViewRolePrimary,
        Some(Role::Replica) => Msg::ViewRoleReplica,
        None => Msg::ViewRoleStartupNode,
    }
    .text(lang);
    let refs = c.refs.describe(lang);
    let status_class = c.status.name();
    let created = match c.round {
        0 => Msg::ViewCardByConstructor.text(lang).to_string(),
        k => tr!(lang, ViewCardByInitialize, round = k),
    };
    let (gap, open, close, sep) = match lang {
        Lang::En => (" ", " (", ")", "; "),
        Lang::Zh => ("", "（", "）", "；"),
    };
    html! {
        <li key={c.first()} class={cls("card", &[(true, status_class), (c.touched, "touched"), (c.count > 1, "group")])}
            style={hue(c.first())}>
            <div class="card-head">
                <span class="swatch" aria-hidden="true"></span>
                <span class="ids">{ c.ids() }</span>
                if c.count > 1 {
                    <span class="times">{ tr!(lang, ViewCardTimes, n = c.count) }</span>
                }
                <span class={format!("status {status_class}")} title={c.status.explain(lang)}>{ c.status.label(lang) }</span>
            </div>
            <dl class="facts">
                <dt>{ Msg::ViewCardName.text(lang) }</dt><dd><code>{ c.name.clone() }</code>{ format!("{open}{role}{close}") }</dd>
                <dt>{ Msg::ViewCardHostGiven.text(lang) }</dt><dd><code>{ format!("{:?}", c.host_given) }</code>
                    if c.host_given != c.host {
                        { " → " }<code>{ format!("{:?}", c.host) }</code>{ format!("{gap}{}", Msg::ViewCardRewritten.text(lang)) }
                    }
                </dd>
                <dt>{ Msg::ViewCardConnections.text(lang) }</dt><dd>{ tr!(lang, ViewCardConnCounts, open = c.open, closed = c.closed) }</dd>
                <dt>{ Msg::ViewCardReferencedBy.text(lang) }</dt>
                <dd>{ if refs.is_empty() { Msg::ViewCardNothing.text(lang).to_string() } else { refs.join(sep) } }</dd>
            </dl>
            <p class="created">{ created }{ if c.count > 1 { format!("{gap}{}", Msg::ViewCardFirstOfThem.text(lang)) } else { String::new() } }</p>
        </li>
    }
}

pub fn object_heap(pm: &PaneModel, lang: Lang) -> Html {
    let total = pm.counters.objects_created;
    let side = side_word(pm.side, lang);
    html! {
        <section class="object-heap" data-testid="object-heap" aria-label={tr!(lang, ViewHeapAria, side = side)}>
            <h3>{ tr!(lang, ViewHeapTitle, n = total, cards = pm.cards.len()) }</h3>
            if pm.cards.is_empty() {
                <p class="none">{ Msg::ViewHeapNone.text(lang) }</p>
            } else {
                <ul class="cards" tabindex="0" aria-label={tr!(lang, ViewHeapListAria, side = side)}>
                    { for pm.cards.iter().map(|c| card_html(c, lang)) }
                </ul>
            }
            if pm.cards_hidden > 0 {
                <p class="more">{ tr!(lang, ViewHeapMore, n = pm.cards_hidden) }</p>
            }
        </section>
    }
}
