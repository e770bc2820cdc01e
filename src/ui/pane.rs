//! One model's pane: narration and source line, counters, slot map, cache-key table,
//! object heap.

use super::{cache_table::cache_table, counters::counters, object_heap::object_heap, slot_map::slot_map, Ctx};
use crate::app::session::Side;
use crate::i18n::Msg;
use crate::tr;
use yew::prelude::*;

pub fn pane(ctx: &Ctx, side: Side) -> Html {
    let s = ctx.s();
    let pm = ctx.pane(side).clone();
    let run = s.session.pane(side);
    let verdict = &run.verdict;
    let leaks = verdict.leaks();
    let other = match side {
        Side::Left => s.right(),
        Side::Right => s.left(),
    };
    let lang = s.lang;
    let id = format!("pane-{}", side.name());
    let heading = format!("{id}-title");
    let step_text = match pm.step {
        Some(i) => tr!(lang, UiPaneStep, step = i + 1, total = pm.steps),
        None => tr!(lang, UiPaneBefore, total = pm.steps),
    };
    let source = if pm.pseudocode.is_empty() {
        html! {}
    } else {
        html! {
            <p class="source">
                <code class="pseudo">{ pm.pseudocode }</code>
                <a class="line" href={pm.permalink.clone()} target="_blank" rel="noopener"
                    title={Msg::UiSourceTitle.text(lang)}>
                    { format!("{}:{}", pm.file, pm.line) }
                </a>
            </p>
        }
    };
    html! {
        <section class={if leaks { "pane leaky" } else { "pane clean" }} data-testid={id.clone()}
            data-model={pm.model.name()} aria-labelledby={heading.clone()}>
            <header class="pane-head">
                <h2 id={heading}>
                    <span class="side">{ if side == Side::Left { Msg::UiSideLeft.text(lang) } else { Msg::UiSideRight.text(lang) } }</span>
                    { pm.model.name() }
                </h2>
                <span class={if leaks { "badge bad" } else { "badge good" }} title={verdict.sentence_in(s.lang)}>
                    { if leaks { Msg::UiBadgeLeaks.text(lang) } else { Msg::UiBadgeClean.text(lang) } }
                </span>
            </header>
            <p class="stepinfo">
                { step_text }
                if !pm.moved {
                    <span class="waiting">{ format!(" {}", tr!(lang, UiPaneWaiting, other = other)) }</span>
                }
            </p>
            <p class={if pm.moved { "narration" } else { "narration stale" }} data-testid="narration">{ pm.narration.text(s.lang) }</p>
            { source }
            if let Some(e) = &pm.error {
                <p class="run-error" role="note">{ tr!(lang, UiRunError, error = e) }</p>
            }
            { counters(&pm, s.lang) }
            { slot_map(&pm, &s.key, lang) }
            { cache_table(&pm, lang) }
            { object_heap(&pm, lang) }
        </section>
    }
}
