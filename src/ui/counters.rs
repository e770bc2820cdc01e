//! A pane's counters: objects created, orphaned, connections open, left open after close.

use crate::app::view::PaneModel;
use yew::prelude::*;

pub fn counters(pm: &PaneModel) -> Html {
    let c = pm.counters;
    let cell = |testid: &'static str, label: &'static str, value: String, hint: &'static str, bad: bool| {
        html! {
            <div class={if bad { "counter-cell bad" } else { "counter-cell" }} title={hint}>
                <dt>{ label }</dt>
                <dd data-testid={testid}>{ value }</dd>
            </div>
        }
    };
    let after = c.left_open_after_close.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    html! {
        <dl class="counters" aria-label={format!("Counters, {} pane", pm.side.name())}>
            { cell("counter-objects", "objects created", c.objects_created.to_string(),
                "ClusterNode objects constructed so far", false) }
            { cell("counter-orphaned", "orphaned", c.orphaned.to_string(),
                "objects that serve slots but that no name-keyed dict holds: close() never reaches them", c.orphaned > 0) }
            { cell("counter-open-connections", "connections open", c.open_connections.to_string(),
                "sockets open right now", false) }
            { cell("counter-left-open", "left open after close", after,
                "sockets still open right after close()/aclose() (— before close)", c.left_open_after_close.is_some_and(|n| n > 0)) }
            if c.warnings > 0 {
                { cell("counter-warnings", "“Unclosed ClusterNode” warnings", c.warnings.to_string(),
                    "objects collected with an open socket", true) }
            }
        </dl>
    }
}
