//! The scenario bar: presets, the scenario editor and the two models.

use super::{export_repro::ExportRepro, Ctx};
use crate::app::models::{model_choices, RELEASE_HELP};
use crate::app::presets::{Preset, PRESETS};
use crate::app::spec::{ReplySource, ScenarioSpec, MAX_READS};
use crate::app::state::Action;
use crate::engine::{Model, Release, Workload};
use std::rc::Rc;
use yew::prelude::*;

type Edit = Rc<dyn Fn(&mut ScenarioSpec, &str) -> Result<(), String>>;

fn num<T: std::str::FromStr>(v: &str, what: &str) -> Result<T, String> {
    v.trim().parse::<T>().map_err(|_| format!("{what} must be a whole number in range, not {v:?}"))
}

fn topo(spec: &mut ScenarioSpec, f: impl FnOnce(&mut u16, &mut u16, &mut u16, &mut String)) {
    if let ReplySource::Topology { primaries, replicas, ranges, announce } = &mut spec.source {
        f(primaries, replicas, ranges, announce);
    }
}

pub fn scenario_bar(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let spec = s.spec().clone();
    let active = Preset::matching(&spec).map(|p| p.id);
    let on_change = |edit: Edit| {
        let ctx = ctx.clone();
        let spec = spec.clone();
        Callback::from(move |e: Event| {
            let value = match e.target_dyn_into::<web_sys::HtmlInputElement>() {
                Some(i) => i.value(),
                None => e.target_unchecked_into::<web_sys::HtmlSelectElement>().value(),
            };
            let mut next = spec.clone();
            match edit(&mut next, &value) {
                Ok(()) => ctx.dispatch(Action::LoadScenario(next)),
                Err(msg) => ctx.dispatch(Action::ScenarioInvalid(msg)),
            }
        })
    };
    let (primaries, replicas, ranges, announce, pasted) = match &spec.source {
        ReplySource::Topology { primaries, replicas, ranges, announce } => {
            (primaries.to_string(), replicas.to_string(), ranges.to_string(), announce.clone(), None)
        }
        ReplySource::Pasted(r) => (String::new(), String::new(), String::new(), String::new(), Some(r.entries.len())),
    };
    let model_select = |which: &'static str, current: Model| {
        let (l, r) = (s.left(), s.right());
        let set = {
            let ctx = ctx.clone();
            move |m: Model| {
                let (nl, nr) = if which == "left" { (m, r) } else { (l, m) };
                ctx.dispatch(Action::SetModels(nl, nr));
            }
        };
        let onchange = {
            let set = set.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                if let Ok(m) = Model::from_name(&v) {
                    set(m);
                }
            })
        };
        // Any release, typed or picked from the list: the same client at that release.
        let onrelease = {
            let ctx = ctx.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                match Release::parse(&v) {
                    Ok(release) => set(current.at(release)),
                    Err(msg) => ctx.dispatch(Action::ScenarioInvalid(msg)),
                }
            })
        };
        let choices = model_choices(current);
        html! {
            <span class="model-pick">
                <label class="field">
                    <span>{ format!("{which} pane model") }</span>
                    <select data-testid={format!("model-{which}")} {onchange}>
                        { for choices.iter().map(|m| html! {
                            <option value={m.name()} selected={*m == current}>{ m.name() }</option>
                        }) }
                    </select>
                </label>
                <label class="field release">
                    <span>{ "release" }</span>
                    <input data-testid={format!("release-{which}")} list="releases" inputmode="decimal"
                        size="6" value={current.release().version()} onchange={onrelease}
                        aria-describedby="release-help" />
                </label>
            </span>
        }
    };
    let swap = {
        let ctx = ctx.clone();
        let (l, r) = (s.left(), s.right());
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::SetModels(r, l)))
    };
    let to_topology = {
        let ctx = ctx.clone();
        let spec = spec.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = Preset::default_preset().spec();
            next.startup_host = spec.startup_host.clone();
            next.startup_port = spec.startup_port;
            ctx.dispatch(Action::LoadScenario(next));
        })
    };
    let blurb = active
        .and_then(Preset::by_id)
        .map(|p| p.blurb.text(s.lang))
        .unwrap_or("A scenario of your own: compare the two models below, or pick a preset.");
    html! {
        <section class="scenario" aria-label="Scenario">
            <div class="presets" role="group" aria-label="Presets">
                { for PRESETS.iter().map(|p| {
                    let ctx = ctx.clone();
                    let id = p.id;
                    let onclick = Callback::from(move |_: MouseEvent| ctx.dispatch(Action::LoadPreset(id.to_string())));
                    html! {
                        <button type="button" class={if active == Some(p.id) { "preset active" } else { "preset" }}
                            data-testid={format!("preset-{}", p.id)} aria-pressed={(active == Some(p.id)).to_string()} {onclick}>
                            { p.title.text(s.lang) }
                        </button>
                    }
                }) }
            </div>
            <p class="blurb">{ blurb }</p>
            <details class="editor">
                <summary>{ format!("Scenario: {}", spec.describe()) }</summary>
                <div class="fields">
                    <label class="field"><span>{ "startup host" }</span>
                        <input type="text" data-testid="edit-startup-host" value={spec.startup_host.clone()} spellcheck="false"
                            onchange={on_change(Rc::new(|s, v| {
                                let v = v.trim();
                                if v.is_empty() || v.chars().any(char::is_whitespace) { return Err("the startup host must be a host name or address".into()); }
                                s.startup_host = v.to_string(); Ok(())
                            }))} /></label>
                    <label class="field"><span>{ "startup port" }</span>
                        <input type="number" min="1" max="65535" value={spec.startup_port.to_string()}
                            onchange={on_change(Rc::new(|s, v| { s.startup_port = num(v, "the startup port")?; Ok(()) }))} /></label>
                    if let Some(n) = pasted {
                        <p class="pasted-note">
                            { format!("The cluster is the reply you pasted ({n} entries). ") }
                            <button type="button" onclick={to_topology}>{ "Use a generated cluster instead" }</button>
                        </p>
                    } else {
                        <label class="field"><span>{ "primaries" }</span>
                            <input type="number" min="1" max="64" data-testid="edit-primaries" value={primaries}
                                onchange={on_change(Rc::new(|s, v| { let n = num(v, "primaries")?; topo(s, |p, _, _, _| *p = n); Ok(()) }))} /></label>
                        <label class="field"><span>{ "replicas per primary" }</span>
                            <input type="number" min="0" max="15" data-testid="edit-replicas" value={replicas}
                                onchange={on_change(Rc::new(|s, v| { let n = num(v, "replicas")?; topo(s, |_, r, _, _| *r = n); Ok(()) }))} /></label>
                        <label class="field"><span>{ "ranges per primary" }</span>
                            <input type="number" min="1" max="64" data-testid="edit-ranges" value={ranges}
                                onchange={on_change(Rc::new(|s, v| { let n = num(v, "ranges per primary")?; topo(s, |_, _, g, _| *g = n); Ok(()) }))} /></label>
                        <label class="field"><span>{ "announced endpoint" }</span>
                            <input type="text" list="announce-options" data-testid="edit-announce" value={announce} spellcheck="false"
                                onchange={on_change(Rc::new(|s, v| {
                                    crate::engine::Announce::parse(v.trim())?;
                                    let v = v.trim().to_string();
                                    topo(s, |_, _, _, a| *a = v); Ok(())
                                }))} />
                            <datalist id="announce-options">
                                <option value="localhost" /><option value="ip" /><option value="empty" /><option value="unknown" />
                            </datalist></label>
                    }
                    <label class="field"><span>{ "re-initializations" }</span>
                        <input type="number" min="0" max="100" data-testid="edit-reinit" value={spec.reinit.to_string()}
                            onchange={on_change(Rc::new(|s, v| { s.reinit = num(v, "re-initializations")?; Ok(()) }))} /></label>
                    <label class="field"><span>{ "workload" }</span>
                        <select data-testid="edit-workload" onchange={on_change(Rc::new(|s, v| {
                            s.workload = Workload::parse(v)?;
                            if s.workload == Workload::Keys && s.reads == 0 {
                                s.reads = 300;
                            }
                            Ok(())
                        }))}>
                            { for [Workload::EachRange, Workload::EveryRefresh, Workload::Keys, Workload::None].iter().map(|w| html! {
                                <option value={w.name()} selected={*w == spec.workload}>{ match w {
                                    Workload::EachRange => "a GET to every range after the last initialize",
                                    Workload::EveryRefresh => "a GET to every range after every initialize",
                                    Workload::Keys => "GETs, each to a slot of its own",
                                    Workload::None => "no commands",
                                } }</option>
                            }) }
                        </select></label>
                    if spec.workload == Workload::Keys {
                        <label class="field"><span>{ "GETs" }</span>
                            <input type="number" min="1" max={MAX_READS.to_string()} data-testid="edit-reads" value={spec.reads.to_string()}
                                onchange={on_change(Rc::new(|s, v| { s.reads = num(v, "GETs")?; Ok(()) }))} /></label>
                    }
                    <label class="field tick"><span>{ "read_from_replicas" }</span>
                        <input type="checkbox" data-testid="edit-rfr" checked={spec.read_from_replicas}
                            onchange={on_change(Rc::new(|s, _| { s.read_from_replicas = !s.read_from_replicas; Ok(()) }))} /></label>
                    <label class="field tick"><span>{ "address_remap localhost → 127.0.0.1" }</span>
                        <input type="checkbox" data-testid="edit-remap" checked={spec.address_remap}
                            onchange={on_change(Rc::new(|s, _| { s.address_remap = !s.address_remap; Ok(()) }))} /></label>
                </div>
            </details>
            <div class="models">
                { model_select("left", s.left()) }
                <button type="button" class="swap" onclick={swap} aria-label="Swap the two models">{ "⇄" }</button>
                { model_select("right", s.right()) }
                <datalist id="releases">
                    { for Release::all().rev().map(|r| html! { <option value={r.version()} /> }) }
                </datalist>
                <p id="release-help" class="hint">{ RELEASE_HELP }</p>
            </div>
            <ExportRepro spec={spec.clone()} left={s.left()} right={s.right()} />
            if let Some(e) = &s.scenario_error {
                <p class="error" role="alert" data-testid="scenario-error">{ format!("That scenario cannot run: {e}. The previous one is still shown.") }</p>
            }
        </section>
    }
}
