//! The banner shown when a link's parameters cannot be applied.

use super::Ctx;
use crate::app::state::Action;
use yew::prelude::*;

pub fn url_error(ctx: &Ctx) -> Html {
    let Some(e) = ctx.s().url_error.clone() else {
        return html! {};
    };
    let dismiss = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::DismissUrlError))
    };
    html! {
        <div class="error url-error" role="alert" data-testid="url-error">
            <p>{ format!("This link could not be opened: {e}. Showing the last good state instead.") }</p>
            <button type="button" onclick={dismiss} aria-label="Dismiss this message">{ "Dismiss" }</button>
        </div>
    }
}
