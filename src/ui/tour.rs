//! The guided tour: numbered chapters above the timeline. Opening one loads its
//! scenario and steps the panes to its moment (`Action::OpenTour`), so the text and
//! the panes below always show the same thing.

use super::Ctx;
use crate::app::presets::Preset;
use crate::app::state::Action;
use crate::app::tour::{chapter, pieces, Extra, TOUR};
use yew::prelude::*;

pub(crate) fn paragraph(p: &str) -> Html {
    html! {
        <p>{ for pieces(p).map(|(t, code)| if code { html! { <code>{ t }</code> } } else { html! { { t } } }) }</p>
    }
}

thread_local! {
    /// The version matrix block, built once (`crate::app::matrix::html`: escaped HTML).
    static MATRIX: AttrValue = AttrValue::from(crate::app::matrix::html());
}

/// The measured version matrix (tour chapter `versions`): one row per release and client.
pub(crate) fn version_matrix() -> Html {
    html! { <div class="matrix">{ Html::from_html_unchecked(MATRIX.with(AttrValue::clone)) }</div> }
}

pub fn tour(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let open = s.tour.and_then(chapter);
    let go = |slug: &'static str| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::OpenTour(slug.to_string())))
    };
    let close = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::CloseTour))
    };
    let index = open.map(|(i, _)| i);
    let prev = index.and_then(|i| i.checked_sub(1)).map(|i| TOUR[i].slug);
    let next = match index {
        None => Some(TOUR[0].slug),
        Some(i) => TOUR.get(i + 1).map(|c| c.slug),
    };
    let nav_button = |testid: &'static str, label: &'static str, target: Option<&'static str>| match target {
        Some(slug) => {
            html! { <button type="button" data-testid={testid} onclick={go(slug)}>{ label }</button> }
        }
        None => {
            html! { <button type="button" data-testid={testid} disabled=true>{ label }</button> }
        }
    };
    let body = match open {
        None => html! {
            <p class="tour-intro">
                { format!("New to #3163? {} short chapters explain the leak; each one moves the panes below to the \
                   moment it talks about, so you read and watch the same thing.", crate::app::tour::TOUR.len()) }
            </p>
        },
        Some((i, c)) => {
            // The visitor may have changed the scenario since opening the chapter.
            let here = Preset::matching(s.spec()).is_some_and(|p| p.id == c.preset)
                && s.left() == c.left
                && s.right() == c.right;
            html! {
                <article class="tour-body" data-testid="tour-body" aria-labelledby="tour-chapter-title" aria-live="polite">
                    <h3 id="tour-chapter-title">{ format!("{}. {}", i + 1, c.title) }</h3>
                    { for c.paragraphs.iter().map(|p| paragraph(p)) }
                    <p class="tour-look"><strong>{ "Look at " }</strong>{ c.look }</p>
                    if !here {
                        <p class="tour-away">{ "The panes show another scenario now. " }
                            <button type="button" onclick={go(c.slug)}>{ "Show this chapter again" }</button></p>
                    }
                    if c.extra == Extra::VersionMatrix { { version_matrix() } }
                </article>
            }
        }
    };
    html! {
        <section class="tour" data-testid="tour" aria-labelledby="tour-title">
            <div class="tour-head">
                <h2 id="tour-title">{ "Guided tour" }</h2>
                <ol class="tour-chapters">
                    { for TOUR.iter().enumerate().map(|(i, c)| {
                        let current = index == Some(i);
                        html! {
                            <li><button type="button" class={if current { "tour-chapter current" } else { "tour-chapter" }}
                                data-testid={format!("tour-chapter-{}", c.slug)} aria-current={current.then_some("step")}
                                onclick={go(c.slug)}>
                                <span class="n">{ i + 1 }</span>{ c.title }
                            </button></li>
                        }
                    }) }
                </ol>
            </div>
            { body }
            <div class="tour-nav">
                { nav_button("tour-prev", "← Previous chapter", prev) }
                { nav_button("tour-next", if open.is_none() { "Start the tour →" } else { "Next chapter →" }, next) }
                if open.is_some() {
                    <button type="button" class="secondary" data-testid="tour-close" onclick={close}>{ "Close the tour" }</button>
                }
            </div>
        </section>
    }
}
