//! The key playground: a key's hash tag, CRC16, slot, and the object serving it in
//! each pane at the current step.

use super::{hue, Ctx};
use crate::app::session::Side;
use crate::app::state::Action;
use crate::app::view::{key_info, Status};
use yew::prelude::*;

pub fn key_playground(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let k = key_info(&s.key);
    let oninput = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            ctx.dispatch(Action::SetKey(v));
        })
    };
    let serving = |side: Side| {
        let pm = ctx.pane(side);
        let trace = &s.session.pane(side).run.trace;
        let body = match pm.serving(trace, k.slot) {
            Some((id, name, st)) => html! {
                <>
                    <span class="swatch" style={hue(id)} aria-hidden="true"></span>
                    { format!("#{id} ") }<code>{ name }</code>
                    <span class={format!("status {}", st.name())}>{ st.name() }</span>
                    if st == Status::Orphaned { <span class="warn">{ " — close() will never reach it" }</span> }
                </>
            },
            None => {
                html! { <span class="none">{ "not routed yet: slots_cache is empty at this step" }</span> }
            }
        };
        html! {
            <li data-testid={format!("key-serving-{}", side.name())}>
                <strong>{ format!("{}: ", pm.model) }</strong>{ body }
            </li>
        }
    };
    html! {
        <section class="key-playground" aria-labelledby="kp-title">
            <h2 id="kp-title">{ "Key playground" }</h2>
            <label class="field wide"><span>{ "key" }</span>
                <input type="text" data-testid="key-input" value={s.key.clone()} {oninput} spellcheck="false" autocomplete="off"
                    aria-describedby="kp-result" /></label>
            <p id="kp-result" class="key-result">
                <code class="key-view">
                    { k.before.clone() }
                    if let Some(t) = &k.tag { <mark title="hash tag: only this part is hashed">{ t.clone() }</mark> }
                    { k.after.clone() }
                </code>
                { if k.tag.is_some() { " hashes only its tag; " } else { " has no hash tag; " } }
                { format!("CRC16 = 0x{:04X} = {}; {} mod 16384 = slot ", k.crc, k.crc, k.crc) }
                <output data-testid="key-slot" class="slot-number">{ k.slot }</output>
            </p>
            <ul class="serving" aria-label="Which object serves this key">
                { serving(Side::Left) }
                { serving(Side::Right) }
            </ul>
        </section>
    }
}
