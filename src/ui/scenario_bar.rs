//! The scenario bar: presets, the scenario editor and the two models.

use super::{export_repro::ExportRepro, Ctx};
use crate::app::fault::Fault;
use crate::app::models::model_choices;
use crate::app::presets::{Preset, PRESETS};
use crate::app::spec::{ReplySource, ScenarioSpec, MAX_READS};
use crate::app::state::Action;
use crate::engine::{Model, Release, Workload};
use crate::i18n::{Lang, Msg};
use crate::tr;
use std::rc::Rc;
use yew::prelude::*;

/// A field's edit: the engine's refusals stay facts (phrased again when the language
/// changes), the editor's own checks are phrased when they fail.
type Edit = Rc<dyn Fn(&mut ScenarioSpec, &str) -> Result<(), Fault>>;

fn num<T: std::str::FromStr>(v: &str, what: Msg, lang: Lang) -> Result<T, Fault> {
    v.trim()
        .parse::<T>()
        .map_err(|_| Fault::from(tr!(lang, UiErrWholeNumber, what = what.text(lang), value = format!("{v:?}"))))
}

fn topo(spec: &mut ScenarioSpec, f: impl FnOnce(&mut u16, &mut u16, &mut u16, &mut String)) {
    if let ReplySource::Topology { primaries, replicas, ranges, announce } = &mut spec.source {
        f(primaries, replicas, ranges, announce);
    }
}

pub fn scenario_bar(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let lang = s.lang;
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
                Err(fault) => ctx.dispatch(Action::ScenarioInvalid(fault)),
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
                    Err(msg) => ctx.dispatch(Action::ScenarioInvalid(msg.into())),
                }
            })
        };
        let choices = model_choices(current);
        html! {
            <span class="model-pick">
                <label class="field">
                    <span>{ if which == "left" { Msg::UiModelLeft.text(lang) } else { Msg::UiModelRight.text(lang) } }</span>
                    <select data-testid={format!("model-{which}")} {onchange}>
                        { for choices.iter().map(|m| html! {
                            <option value={m.name()} selected={*m == current}>{ m.name() }</option>
                        }) }
                    </select>
                </label>
                <label class="field release">
                    <span>{ Msg::UiRelease.text(lang) }</span>
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
    let blurb = active.and_then(Preset::by_id).map(|p| p.blurb.text(s.lang)).unwrap_or(Msg::UiCustomBlurb.text(lang));
    html! {
        <section class="scenario" aria-label={Msg::UiScenarioAria.text(lang)}>
            <div class="presets" role="group" aria-label={Msg::UiPresetsAria.text(lang)}>
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
                <summary>{ tr!(lang, UiScenarioSummary, what = spec.describe_in(lang)) }</summary>
                <div class="fields">
                    <label class="field"><span>{ Msg::UiFieldStartupHost.text(lang) }</span>
                        <input type="text" data-testid="edit-startup-host" value={spec.startup_host.clone()} spellcheck="false"
                            onchange={on_change(Rc::new(move |s, v| {
                                let v = v.trim();
                                if v.is_empty() || v.chars().any(char::is_whitespace) { return Err(Fault::from(Msg::UiErrStartupHost.text(lang).to_string())); }
                                s.startup_host = v.to_string(); Ok(())
                            }))} /></label>
                    <label class="field"><span>{ Msg::UiFieldStartupPort.text(lang) }</span>
                        <input type="number" min="1" max="65535" value={spec.startup_port.to_string()}
                            onchange={on_change(Rc::new(move |s, v| { s.startup_port = num(v, Msg::UiWhatStartupPort, lang)?; Ok(()) }))} /></label>
                    if let Some(n) = pasted {
                        <p class="pasted-note">
                            { format!("{} ", tr!(lang, UiPastedNote, n = n)) }
                            <button type="button" onclick={to_topology}>{ Msg::UiUseGenerated.text(lang) }</button>
                        </p>
                    } else {
                        <label class="field"><span>{ Msg::UiFieldPrimaries.text(lang) }</span>
                            <input type="number" min="1" max="64" data-testid="edit-primaries" value={primaries}
                                onchange={on_change(Rc::new(move |s, v| { let n = num(v, Msg::UiWhatPrimaries, lang)?; topo(s, |p, _, _, _| *p = n); Ok(()) }))} /></label>
                        <label class="field"><span>{ Msg::UiFieldReplicas.text(lang) }</span>
                            <input type="number" min="0" max="15" data-testid="edit-replicas" value={replicas}
                                onchange={on_change(Rc::new(move |s, v| { let n = num(v, Msg::UiWhatReplicas, lang)?; topo(s, |_, r, _, _| *r = n); Ok(()) }))} /></label>
                        <label class="field"><span>{ Msg::UiFieldRanges.text(lang) }</span>
                            <input type="number" min="1" max="64" data-testid="edit-ranges" value={ranges}
                                onchange={on_change(Rc::new(move |s, v| { let n = num(v, Msg::UiWhatRanges, lang)?; topo(s, |_, _, g, _| *g = n); Ok(()) }))} /></label>
                        <label class="field"><span>{ Msg::UiFieldAnnounce.text(lang) }</span>
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
                    <label class="field"><span>{ Msg::UiFieldReinit.text(lang) }</span>
                        <input type="number" min="0" max="100" data-testid="edit-reinit" value={spec.reinit.to_string()}
                            onchange={on_change(Rc::new(move |s, v| { s.reinit = num(v, Msg::UiWhatReinit, lang)?; Ok(()) }))} /></label>
                    <label class="field"><span>{ Msg::UiFieldWorkload.text(lang) }</span>
                        <select data-testid="edit-workload" onchange={on_change(Rc::new(|s, v| {
                            s.workload = Workload::parse(v)?;
                            if s.workload == Workload::Keys && s.reads == 0 {
                                s.reads = 300;
                            }
                            Ok(())
                        }))}>
                            { for [Workload::EachRange, Workload::EveryRefresh, Workload::Keys, Workload::None].iter().map(|w| html! {
                                <option value={w.name()} selected={*w == spec.workload}>{ match w {
                                    Workload::EachRange => Msg::UiWorkloadEachRange,
                                    Workload::EveryRefresh => Msg::UiWorkloadEveryRefresh,
                                    Workload::Keys => Msg::UiWorkloadKeys,
                                    Workload::None => Msg::UiWorkloadNone,
                                }.text(lang) }</option>
                            }) }
                        </select></label>
                    if spec.workload == Workload::Keys {
                        <label class="field"><span>{ Msg::UiFieldReads.text(lang) }</span>
                            <input type="number" min="1" max={MAX_READS.to_string()} data-testid="edit-reads" value={spec.reads.to_string()}
                                onchange={on_change(Rc::new(move |s, v| { s.reads = num(v, Msg::UiWhatReads, lang)?; Ok(()) }))} /></label>
                    }
                    <label class="field tick"><span>{ Msg::UiFieldRfr.text(lang) }</span>
                        <input type="checkbox" data-testid="edit-rfr" checked={spec.read_from_replicas}
                            onchange={on_change(Rc::new(|s, _| { s.read_from_replicas = !s.read_from_replicas; Ok(()) }))} /></label>
                    <label class="field tick"><span>{ Msg::UiFieldRemap.text(lang) }</span>
                        <input type="checkbox" data-testid="edit-remap" checked={spec.address_remap}
                            onchange={on_change(Rc::new(|s, _| { s.address_remap = !s.address_remap; Ok(()) }))} /></label>
                </div>
            </details>
            <div class="models">
                { model_select("left", s.left()) }
                <button type="button" class="swap" onclick={swap} aria-label={Msg::UiSwapAria.text(lang)}>{ "⇄" }</button>
                { model_select("right", s.right()) }
                <datalist id="releases">
                    { for Release::all().rev().map(|r| html! { <option value={r.version()} /> }) }
                </datalist>
                <p id="release-help" class="hint">{ Msg::UiReleaseHelp.text(lang) }</p>
            </div>
            <ExportRepro spec={spec.clone()} left={s.left()} right={s.right()} {lang} />
            if let Some(e) = &s.scenario_error {
                <p class="error" role="alert" data-testid="scenario-error">{ tr!(lang, UiScenarioError, error = e.text(lang)) }</p>
            }
        </section>
    }
}
