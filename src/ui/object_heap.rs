//! The object heap: one card per group of ClusterNode objects in the same situation.

use super::{cls, hue};
use crate::app::view::{Card, PaneModel};
use crate::engine::Role;
use yew::prelude::*;

fn card_html(c: &Card) -> Html {
    let role = match c.role {
        Some(Role::Primary) => "primary",
        Some(Role::Replica) => "replica",
        None => "startup node",
    };
    let refs = c.refs.describe();
    let status_class = c.status.name();
    let created = match c.round {
        0 => "made by the client's constructor".to_string(),
        k => format!("made by initialize() #{k}"),
    };
    html! {
        <li key={c.first()} class={cls("card", &[(true, status_class), (c.touched, "touched"), (c.count > 1, "group")])}
            style={hue(c.first())}>
            <div class="card-head">
                <span class="swatch" aria-hidden="true"></span>
                <span class="ids">{ c.ids() }</span>
                if c.count > 1 {
                    <span class="times">{ format!("×{} like this", c.count) }</span>
                }
                <span class={format!("status {status_class}")} title={c.status.explain()}>{ c.status.name() }</span>
            </div>
            <dl class="facts">
                <dt>{ "name" }</dt><dd><code>{ c.name.clone() }</code>{ format!(" ({role})") }</dd>
                <dt>{ "host given" }</dt><dd><code>{ format!("{:?}", c.host_given) }</code>
                    if c.host_given != c.host { { " → " }<code>{ format!("{:?}", c.host) }</code>{ " (rewritten)" } }
                </dd>
                <dt>{ "connections" }</dt><dd>{ format!("{} open, {} closed", c.open, c.closed) }</dd>
                <dt>{ "referenced by" }</dt><dd>{ if refs.is_empty() { "nothing".to_string() } else { refs.join("; ") } }</dd>
            </dl>
            <p class="created">{ created }{ if c.count > 1 { " (the first of them)" } else { "" } }</p>
        </li>
    }
}

pub fn object_heap(pm: &PaneModel) -> Html {
    let total = pm.counters.objects_created;
    html! {
        <section class="object-heap" data-testid="object-heap" aria-label={format!("Object heap, {} pane", pm.side.name())}>
            <h3>{ format!("Object heap: {total} ClusterNode object{} in {} card{}", if total == 1 { "" } else { "s" },
                pm.cards.len(), if pm.cards.len() == 1 { "" } else { "s" }) }</h3>
            if pm.cards.is_empty() {
                <p class="none">{ "No ClusterNode objects yet." }</p>
            } else {
                <ul class="cards" tabindex="0" aria-label={format!("ClusterNode objects, {} pane", pm.side.name())}>{ for pm.cards.iter().map(card_html) }</ul>
            }
            if pm.cards_hidden > 0 {
                <p class="more">{ format!("… and {} more group{} of objects.", pm.cards_hidden, if pm.cards_hidden == 1 { "" } else { "s" }) }</p>
            }
        </section>
    }
}
