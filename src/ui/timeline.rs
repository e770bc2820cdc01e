//! The shared timeline: first / back / play / forward / last, speed, scrubber,
//! "step n of N", chapters, and the divergence marker.

use super::Ctx;
use crate::app::state::{Action, SPEEDS};
use yew::prelude::*;

pub fn timeline(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let n = s.session.len();
    let last = s.last();
    let joint = s.session.joints[s.pos.min(last)];
    let click = |a: Action| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(a.clone()))
    };
    let on_scrub = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(p) = v.parse::<usize>() {
                ctx.dispatch(Action::Seek(p));
            }
        })
    };
    let on_speed = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(i) = v.parse::<usize>() {
                ctx.dispatch(Action::SetSpeed(i));
            }
        })
    };
    let on_chapter = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let v = el.value();
            if !v.is_empty() {
                ctx.dispatch(Action::Chapter(v));
            }
            el.set_value("");
        })
    };
    // The chapter the position is in (last one at or before it).
    let here = s.session.chapters.iter().rev().find(|c| c.joint <= s.pos).map(|c| c.label.clone()).unwrap_or_default();
    let divergence = if joint.diverges {
        let (l, r) = (s.left(), s.right());
        let text = match (joint.left_moves, joint.right_moves) {
            (true, false) => format!("{l} does extra work here; {r} waits."),
            (false, true) => format!("{r} does extra work here; {l} waits."),
            _ => format!("{l} and {r} do different things at this step."),
        };
        html! { <p class="divergence" data-testid="divergence" role="status"><span aria-hidden="true">{ "◆ " }</span>{ "The panes differ here: " }{ text }</p> }
    } else {
        html! {}
    };
    html! {
        <section class="timeline" aria-label="Timeline">
            <div class="controls">
                <button type="button" data-testid="step-first" onclick={click(Action::First)} disabled={s.pos == 0}
                    aria-label="First step" title="First step (Home)">{ "|◀" }</button>
                <button type="button" data-testid="step-prev" onclick={click(Action::StepBack)} disabled={s.pos == 0}
                    aria-label="Back: previous step" title="Previous step (←)">{ "◀ Back" }</button>
                <button type="button" data-testid="play-toggle" class="play" onclick={click(Action::TogglePlay)}
                    aria-pressed={s.playing.to_string()} title="Play / pause (space)">
                    { if s.playing { "⏸ Pause" } else { "▶ Play" } }
                </button>
                <button type="button" data-testid="step-next" onclick={click(Action::StepForward)} disabled={s.pos >= last}
                    aria-label="Forward: next step" title="Next step (→)">{ "Forward ▶" }</button>
                <button type="button" data-testid="step-last" onclick={click(Action::Last)} disabled={s.pos >= last}
                    aria-label="Last step" title="Last step (End)">{ "▶|" }</button>
                <label class="speed">
                    { "Speed " }
                    <select data-testid="speed" onchange={on_speed} aria-label="Playback speed (steps per tick)">
                        { for SPEEDS.iter().enumerate().map(|(i, v)| html! {
                            <option value={i.to_string()} selected={i == s.speed}>{ format!("{v} step{}/tick", if *v == 1 { "" } else { "s" }) }</option>
                        }) }
                    </select>
                </label>
                <label class="chapters">
                    { "Jump to " }
                    <select data-testid="chapters" onchange={on_chapter} aria-label="Jump to a moment">
                        <option value="" selected=true>{ "a moment…" }</option>
                        { for s.session.chapters.iter().map(|c| html! {
                            <option value={c.slug.clone()}>{ format!("{} (step {})", c.label, c.joint + 1) }</option>
                        }) }
                    </select>
                </label>
                <output class="counter" data-testid="step-counter" aria-live="off">
                    { format!("step {} of {}", s.pos + 1, n) }
                </output>
            </div>
            <input type="range" class="scrubber" data-testid="scrubber" min="0" max={last.to_string()} value={s.pos.to_string()}
                oninput={on_scrub} aria-label="Timeline position"
                aria-valuetext={format!("step {} of {}: {}", s.pos + 1, n, here)} />
            <p class="where">
                if s.pos == 0 {
                    { "Press ▶ Play or → to step through, or jump to a moment such as “first orphaned ClusterNode”." }
                } else {
                    <span class="chapter-now">{ here }</span>
                }
            </p>
            { divergence }
        </section>
    }
}
