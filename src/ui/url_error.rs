//! The banner shown when a link's parameters cannot be applied.

use super::Ctx;
use crate::app::state::Action;
use crate::i18n::Msg;
use yew::prelude::*;

pub fn url_error(ctx: &Ctx) -> Html {
    let lang = ctx.s().lang;
    let Some(e) = ctx.s().url_error.clone() else {
        return html! {};
    };
    let dismiss = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::DismissUrlError))
    };
    html! {
        <div class="error url-error" role="alert" data-testid="url-error">
            <p>{ crate::tr!(lang, UiUrlError, error = e.text(lang)) }</p>
            <button type="button" onclick={dismiss} aria-label={Msg::UiDismissAria.text(lang)}>{ Msg::UiDismiss.text(lang) }</button>
        </div>
    }
}
