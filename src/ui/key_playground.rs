//! The key playground: a key's hash tag, CRC16, slot, and the object serving it in
//! each pane at the current step.

use super::{app_shell::rich, hue, Ctx};
use crate::app::session::Side;
use crate::app::state::Action;
use crate::app::view::{key_info, Status};
use crate::i18n::{Lang, Msg};
use crate::tr;
use yew::prelude::*;

pub fn key_playground(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let lang = s.lang;
    let k = key_info(&s.key);
    let oninput = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            ctx.dispatch(Action::SetKey(v));
        })
    };
    let colon = match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    };
    let serving = |side: Side| {
        let pm = ctx.pane(side);
        let trace = &s.session.pane(side).run.trace;
        let body = match pm.serving(trace, k.slot) {
            Some((id, name, st)) => html! {
                <>
                    <span class="swatch" style={hue(id)} aria-hidden="true"></span>
                    { format!("#{id} ") }<code>{ name }</code>
                    <span class={format!("status {}", st.name())}>{ st.label(lang) }</span>
                    if st == Status::Orphaned { <span class="warn">{ format!(" {}", Msg::UiKpNeverClosed.text(lang)) }</span> }
                </>
            },
            None => {
                html! { <span class="none">{ Msg::UiKpNotRouted.text(lang) }</span> }
            }
        };
        html! {
            <li data-testid={format!("key-serving-{}", side.name())}>
                <strong>{ format!("{}{colon}", pm.model) }</strong>{ body }
            </li>
        }
    };
    let key_view = html! {
        <code class="key-view">
            { k.before.clone() }
            if let Some(t) = &k.tag { <mark title={Msg::UiKpTagTitle.text(lang)}>{ t.clone() }</mark> }
            { k.after.clone() }
        </code>
    };
    let result = if k.tag.is_some() {
        tr!(lang, UiKpTagged, hex = format!("{:04X}", k.crc), crc = k.crc)
    } else {
        tr!(lang, UiKpUntagged, hex = format!("{:04X}", k.crc), crc = k.crc)
    };
    let result = rich(
        &result,
        &[
            ("key", key_view),
            ("slot", html! { <output data-testid="key-slot" class="slot-number">{ k.slot }</output> }),
        ],
    );
    html! {
        <section class="key-playground" aria-labelledby="kp-title">
            <h2 id="kp-title">{ Msg::UiKpTitle.text(lang) }</h2>
            <label class="field wide"><span>{ Msg::UiKpKey.text(lang) }</span>
                <input type="text" data-testid="key-input" value={s.key.clone()} {oninput} spellcheck="false" autocomplete="off"
                    aria-describedby="kp-result" /></label>
            <p id="kp-result" class="key-result">{ result }</p>
            <ul class="serving" aria-label={Msg::UiKpServingAria.text(lang)}>
                { serving(Side::Left) }
                { serving(Side::Right) }
            </ul>
        </section>
    }
}
