//! The shared timeline: first / back / play / forward / last, speed, scrubber,
//! "step n of N", chapters, and the divergence marker.

use super::Ctx;
use crate::app::state::{Action, SPEEDS};
use crate::i18n::Msg;
use crate::tr;
use yew::prelude::*;

pub fn timeline(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let lang = s.lang;
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
    let here = s.session.chapters.iter().rev().find(|c| c.joint <= s.pos).map(|c| c.label(s.lang)).unwrap_or_default();
    let divergence = if joint.diverges {
        let (l, r) = (s.left(), s.right());
        let text = match (joint.left_moves, joint.right_moves) {
            (true, false) => tr!(lang, UiDivExtra, busy = l, idle = r),
            (false, true) => tr!(lang, UiDivExtra, busy = r, idle = l),
            _ => tr!(lang, UiDivDifferent, left = l, right = r),
        };
        html! {
            <p class="divergence" data-testid="divergence" role="status">
                <span aria-hidden="true">{ "◆ " }</span>{ tr!(lang, UiDivergence, what = text) }
            </p>
        }
    } else {
        html! {}
    };
    html! {
        <section class="timeline" aria-label={Msg::UiTimelineAria.text(lang)}>
            <div class="controls">
                <button type="button" data-testid="step-first" onclick={click(Action::First)} disabled={s.pos == 0}
                    aria-label={Msg::UiFirstAria.text(lang)} title={Msg::UiFirstTitle.text(lang)}>{ "|◀" }</button>
                <button type="button" data-testid="step-prev" onclick={click(Action::StepBack)} disabled={s.pos == 0}
                    aria-label={Msg::UiPrevAria.text(lang)} title={Msg::UiPrevTitle.text(lang)}>{ Msg::UiPrev.text(lang) }</button>
                <button type="button" data-testid="play-toggle" class="play" onclick={click(Action::TogglePlay)}
                    aria-pressed={s.playing.to_string()} title={Msg::UiPlayTitle.text(lang)}>
                    { if s.playing { Msg::UiPause.text(lang) } else { Msg::UiPlay.text(lang) } }
                </button>
                <button type="button" data-testid="step-next" onclick={click(Action::StepForward)} disabled={s.pos >= last}
                    aria-label={Msg::UiNextAria.text(lang)} title={Msg::UiNextTitle.text(lang)}>{ Msg::UiNext.text(lang) }</button>
                <button type="button" data-testid="step-last" onclick={click(Action::Last)} disabled={s.pos >= last}
                    aria-label={Msg::UiLastAria.text(lang)} title={Msg::UiLastTitle.text(lang)}>{ "▶|" }</button>
                <label class="speed">
                    { format!("{} ", Msg::UiSpeed.text(lang)) }
                    <select data-testid="speed" onchange={on_speed} aria-label={Msg::UiSpeedAria.text(lang)}>
                        { for SPEEDS.iter().enumerate().map(|(i, v)| html! {
                            <option value={i.to_string()} selected={i == s.speed}>{ tr!(lang, UiSpeedOption, n = v) }</option>
                        }) }
                    </select>
                </label>
                <label class="chapters">
                    { format!("{} ", Msg::UiJumpTo.text(lang)) }
                    <select data-testid="chapters" onchange={on_chapter} aria-label={Msg::UiJumpAria.text(lang)}>
                        <option value="" selected=true>{ Msg::UiJumpPlaceholder.text(lang) }</option>
                        { for s.session.chapters.iter().map(|c| html! {
                            <option value={c.slug.clone()}>{ tr!(lang, UiChapterOption, label = c.label(lang), step = c.joint + 1) }</option>
                        }) }
                    </select>
                </label>
                <output class="counter" data-testid="step-counter" aria-live="off">
                    { tr!(lang, UiStepCounter, step = s.pos + 1, total = n) }
                </output>
            </div>
            <input type="range" class="scrubber" data-testid="scrubber" min="0" max={last.to_string()} value={s.pos.to_string()}
                oninput={on_scrub} aria-label={Msg::UiScrubberAria.text(lang)}
                aria-valuetext={tr!(lang, UiScrubberValuetext, step = s.pos + 1, total = n, chapter = here)} />
            <p class="where">
                if s.pos == 0 {
                    { Msg::UiPressPlay.text(lang) }
                } else {
                    <span class="chapter-now">{ here }</span>
                }
            </p>
            { divergence }
        </section>
    }
}
