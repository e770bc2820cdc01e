//! A pane's counters: objects created, orphaned, connections open, left open after close.

use crate::app::session::Side;
use crate::app::view::PaneModel;
use crate::i18n::{Lang, Msg};
use yew::prelude::*;

pub fn counters(pm: &PaneModel, lang: Lang) -> Html {
    let c = pm.counters;
    let cell = |testid: &'static str, label: Msg, value: String, hint: Msg, bad: bool| {
        html! {
            <div class={if bad { "counter-cell bad" } else { "counter-cell" }} title={hint.text(lang)}>
                <dt>{ label.text(lang) }</dt>
                <dd data-testid={testid}>{ value }</dd>
            </div>
        }
    };
    let after = c.left_open_after_close.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    let label = match pm.side {
        Side::Left => Msg::VerdictCountersLeft,
        Side::Right => Msg::VerdictCountersRight,
    };
    html! {
        <dl class="counters" aria-label={label.text(lang)}>
            { cell("counter-objects", Msg::VerdictCounterObjects, c.objects_created.to_string(),
                Msg::VerdictCounterObjectsHint, false) }
            { cell("counter-orphaned", Msg::VerdictCounterOrphaned, c.orphaned.to_string(),
                Msg::VerdictCounterOrphanedHint, c.orphaned > 0) }
            { cell("counter-open-connections", Msg::VerdictCounterOpen, c.open_connections.to_string(),
                Msg::VerdictCounterOpenHint, false) }
            { cell("counter-left-open", Msg::VerdictCounterLeftOpen, after,
                Msg::VerdictCounterLeftOpenHint, c.left_open_after_close.is_some_and(|n| n > 0)) }
            if c.warnings > 0 {
                { cell("counter-warnings", Msg::VerdictCounterWarnings, c.warnings.to_string(),
                    Msg::VerdictCounterWarningsHint, true) }
            }
        </dl>
    }
}
