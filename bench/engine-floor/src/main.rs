//! The engine floor: the floor's counter, where each click runs a preset with two
//! models through the engine (chosen by the count, so no model or preset can be
//! optimised away) and shows one narrated step (in English), the verdict and a parsed reply.

use slotscope::app::presets::PRESETS;
use slotscope::app::session::{Session, Side};
use slotscope::engine::{parse_cluster_slots, Model};
use slotscope::i18n::{narrate::narrate, Lang};
use yew::prelude::*;

fn line(count: usize) -> String {
    let preset = &PRESETS[count % PRESETS.len()];
    let (left, right) = (Model::ALL[count % Model::ALL.len()], Model::ALL[(count / 2) % Model::ALL.len()]);
    let session = match Session::build(&preset.spec(), left, right, None) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let pane = session.pane(Side::Left);
    let n = session.done(Side::Left, count % session.len());
    let steps = &pane.run.trace.steps;
    let said = steps.get(n.min(steps.len().saturating_sub(1))).map(|s| narrate(Lang::En, &pane.run.trace, s)).unwrap_or_default();
    let reg = pane.state_at(n);
    let pasted = parse_cluster_slots(&said).map(|r| r.entries.len().to_string()).unwrap_or_else(|e| e.to_string());
    format!("{said} | {} open | {} orphaned | {pasted}", reg.open_connections(), pane.verdict.orphaned_objects)
}

#[function_component(Counter)]
fn counter() -> Html {
    let count = use_state(|| 0usize);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    html! {
        <main>
            <p data-testid="count">{ line(*count) }</p>
            <button type="button" data-testid="increment" {onclick}>{ "+1" }</button>
        </main>
    }
}

fn main() {
    yew::Renderer::<Counter>::new().render();
}
