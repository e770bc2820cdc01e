//! "Check my cluster": paste `redis-cli CLUSTER SLOTS` output (text or `--json`) and
//! the startup host; get every model's verdict, then step through that exact reply.

use super::Ctx;
use crate::app::matrix::Outcome;
use crate::app::paste::PasteReport;
use crate::app::remedy::Diagnosis;
use crate::app::state::Action;
use crate::i18n::{Lang, Msg};
use crate::tr;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What `redis-cli CLUSTER SLOTS` prints on a terminal for a localhost cluster.
const EXAMPLE: &str = r#"1) 1) (integer) 0
   2) (integer) 5460
   3) 1) "localhost"
      2) (integer) 7000
      3) "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca"
   4) 1) "localhost"
      2) (integer) 7004
      3) "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
2) 1) (integer) 5461
   2) (integer) 10922
   3) 1) "localhost"
      2) (integer) 7001
      3) "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1"
   4) 1) "localhost"
      2) (integer) 7005
      3) "2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"
3) 1) (integer) 10923
   2) (integer) 16383
   3) 1) "localhost"
      2) (integer) 7002
      3) "292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f"
   4) 1) "localhost"
      2) (integer) 7003
      3) "3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f""#;

/// The value of the field named `name` in the form around `el` (the fields are
/// uncontrolled: the page reads them when the form is submitted).
fn field(el: Option<web_sys::Element>, name: &str) -> String {
    let Some(f) = el
        .and_then(|e| e.closest("form").ok().flatten())
        .and_then(|f| f.query_selector(&format!("[name={name}]")).ok().flatten())
    else {
        return String::new();
    };
    if let Some(t) = f.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    if let Some(s) = f.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    f.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

/// A message whose `{name}` placeholders are code: the text around them, and each
/// `name` as `<code>` with its text.
fn with_code(template: &str, codes: &[(&str, &str)]) -> Html {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + len];
        parts.push(html! { { rest[..open].to_string() } });
        match codes.iter().find(|(n, _)| *n == name) {
            Some((_, code)) => parts.push(html! { <code>{ *code }</code> }),
            None => parts.push(html! { { rest[open..=open + len].to_string() } }),
        }
        rest = &rest[open + len + 1..];
    }
    parts.push(html! { { rest.to_string() } });
    html! { { for parts } }
}

/// "Do I leak, how much per refresh, and what is the cheapest fix": the visitor's
/// own release, then every remedy the engine tried on the same reply.
fn diagnosis(d: &Diagnosis, lang: Lang) -> Html {
    let cheapest = d.cheapest().map(|r| r.kind);
    html! {
        <div class="diagnosis" data-testid="paste-diagnosis" data-model={d.model.name()}>
            <p class={if d.outcome.leaks { "bad" } else { "good" }}><strong>{ d.sentence_in(lang) }</strong></p>
            if d.outcome.leaks {
                <ul class="remedies">
                    { for d.remedies.iter().map(|r| {
                        html! {
                            <li class={if cheapest == Some(r.kind) { "cheapest" } else { "" }}>
                                <span class="what">{ r.step.text(lang) }</span>
                                { tr!(lang, CheckRemedyResult, result = r.result_in(lang)) }
                                <span class="why">{ format!(" {}", tr!(lang, CheckRemedyWhy, why = r.reason.text(lang))) }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// The version matrix for this reply, computed by the engine (one refresh, a GET per
/// range), with the real runs beside it when the reply has our recorded layout.
fn counts_table(r: &PasteReport, lang: Lang) -> Html {
    let cell = |o: &Outcome| {
        format!(
            "{} / {} / {} / {}",
            o.objects_created, o.orphaned_objects, o.open_connections_after_close, o.unclosed_warnings
        )
    };
    let recorded = r.recorded_layout.is_some();
    html! {
        <div class="matrix"><div class="matrix-wrap" tabindex="0" role="region" aria-label={Msg::CheckMatrixAria.text(lang)}>
            <table data-testid="paste-matrix">
                <caption>{ match r.recorded_layout {
                    Some(a) => tr!(lang, CheckMatrixRecorded, announce = a),
                    None => Msg::CheckMatrixComputed.text(lang).to_string(),
                } }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::CheckColModel.text(lang) }</th><th scope="col">{ Msg::CheckColReleases.text(lang) }</th>
                    <th scope="col">{ Msg::CheckColEngine.text(lang) }</th>
                    if recorded { <th scope="col">{ Msg::CheckColReal.text(lang) }</th> }
                </tr></thead>
                <tbody>
                    { for r.verdicts.iter().map(|v| {
                        let era = v.model.era();
                        let span = if v.model.is_fixed() {
                            Msg::CheckNamingFix.text(lang).to_string()
                        } else {
                            tr!(lang, CheckEraSpan, first = era.first, last = era.last)
                        };
                        html! {
                            <tr data-model={v.model.name()}>
                                <th scope="row">{ v.model.name() }</th>
                                <td>{ span }</td>
                                <td>{ v.counts.as_ref().map(cell).unwrap_or_else(|| Msg::CheckCellTooLarge.text(lang).into()) }</td>
                                if recorded { <td>{ v.recorded.as_ref().map(cell).unwrap_or_else(|| "—".into()) }</td> }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div></div>
    }
}

pub fn check_cluster(ctx: &Ctx) -> Html {
    let lang = ctx.s().lang;
    let on_check = {
        let ctx = ctx.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = e.target_dyn_into::<web_sys::Element>();
            let (text, host, port) =
                (field(form.clone(), "text"), field(form.clone(), "host"), field(form.clone(), "port"));
            let (release, client) = (field(form.clone(), "release"), field(form, "client"));
            ctx.dispatch(Action::CheckPaste { text, host, port, release, client });
        })
    };
    let on_example = Callback::from(|e: MouseEvent| {
        let form = e.target_dyn_into::<web_sys::Element>().and_then(|b| b.closest("form").ok().flatten());
        if let Some(t) = form.and_then(|f| f.query_selector("textarea").ok().flatten()) {
            if let Some(t) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                t.set_value(EXAMPLE);
            }
        }
    });
    let on_step = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            ctx.dispatch(Action::StepThroughPaste);
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        })
    };
    let result = match &ctx.s().paste {
        None => html! {},
        Some(Err(e)) => html! {
            <div class="paste-verdict error" data-testid="paste-verdict" role="alert">
                { tr!(lang, CheckFailed, error = e.text(lang)) }
            </div>
        },
        Some(Ok(r)) => html! {
            <div class="paste-verdict" data-testid="paste-verdict" role="status">
                <p>{ tr!(lang, CheckSummary, n = r.reply.entries.len(), covered = r.covered, host = r.startup_host,
                    port = r.startup_port) }</p>
                { for r.diagnoses.iter().map(|d| diagnosis(d, lang)) }
                <ul class="verdicts">
                    { for r.verdicts.iter().map(|v| html! {
                        <li class={if v.leaks { "bad" } else { "good" }} data-model={v.model.name()}>
                            <span class="badge">{ if v.leaks { Msg::CheckBadgeLeaks.text(lang) } else { Msg::CheckBadgeOk.text(lang) } }</span>
                            { " " }{ v.sentence(lang) }
                        </li>
                    }) }
                </ul>
                { counts_table(r, lang) }
                <button type="button" data-testid="paste-step-through" onclick={on_step}>{
                    match r.step_models {
                        Some((yours, way_out)) => tr!(lang, CheckStepThrough, yours = yours, way_out = way_out),
                        None => Msg::CheckStepThroughPanes.text(lang).to_string(),
                    }
                }</button>
            </div>
        },
    };
    let intro = with_code(
        Msg::CheckIntro.text(lang),
        &[
            ("cli", "redis-cli -p 7000 CLUSTER SLOTS"),
            ("json", "redis-cli --json CLUSTER SLOTS"),
            ("pip", "pip show redis"),
        ],
    );
    html! {
        <section class="check" aria-labelledby="cc-title">
            <h2 id="cc-title">{ Msg::CheckTitle.text(lang) }</h2>
            <p>{ intro }</p>
            <form onsubmit={on_check}>
                <label class="field wide"><span>{ Msg::CheckFieldOutput.text(lang) }</span>
                    <textarea name="text" data-testid="paste-input" rows="8" spellcheck="false"
                        placeholder="1) 1) (integer) 0\n   2) (integer) 5460\n   3) 1) \"localhost\" ..." /></label>
                <div class="row">
                    <label class="field"><span>{ Msg::CheckFieldHost.text(lang) }</span>
                        <input type="text" name="host" data-testid="paste-host" value="localhost" spellcheck="false" /></label>
                    <label class="field"><span>{ Msg::CheckFieldPort.text(lang) }</span>
                        <input type="text" name="port" inputmode="numeric" data-testid="paste-port" value="7000" /></label>
                    <label class="field"><span>{ Msg::CheckFieldRelease.text(lang) }</span>
                        <input type="text" name="release" data-testid="paste-release" list="releases" size="8"
                            spellcheck="false" placeholder={Msg::CheckReleasePlaceholder.text(lang)} /></label>
                    <label class="field"><span>{ Msg::CheckFieldClient.text(lang) }</span>
                        <select name="client" data-testid="paste-client">
                            <option value="" selected=true>{ Msg::CheckClientBoth.text(lang) }</option>
                            <option value="async">{ Msg::CheckClientAsync.text(lang) }</option>
                            <option value="sync">{ Msg::CheckClientSync.text(lang) }</option>
                        </select></label>
                    <button type="submit" data-testid="paste-check">{ Msg::CheckSubmit.text(lang) }</button>
                    <button type="button" class="secondary" onclick={on_example}>{ Msg::CheckExample.text(lang) }</button>
                </div>
            </form>
            { result }
        </section>
    }
}

#[cfg(all(test, feature = "ssr", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::app::session::Side;
    use crate::app::state::{reduce, State};
    use crate::app::view::PaneModel;
    use crate::ui::AppState;
    use std::rc::Rc;

    #[derive(Clone, PartialEq, Properties)]
    struct Props {
        lang: Lang,
        text: &'static str,
    }

    /// "Check my cluster" after checking `text` from localhost:7000 as async-5.0.1.
    #[function_component(Checked)]
    fn checked(p: &Props) -> Html {
        let state = use_reducer(|| {
            let s = State { lang: p.lang, ..State::initial() };
            let [text, host, port, release, client] = [p.text, "localhost", "7000", "5.0.1", "async"].map(String::from);
            AppState(reduce(&s, Action::CheckPaste { text, host, port, release, client }))
        });
        let pane = |side| Rc::new(PaneModel::build_after(&state.0.session, side, 0, None));
        check_cluster(&Ctx { state: state.clone(), left: pane(Side::Left), right: pane(Side::Right) })
    }

    fn render(lang: Lang, text: &'static str) -> String {
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
        let html = tokio::task::LocalSet::new()
            .block_on(&rt, yew::LocalServerRenderer::<Checked>::with_props(Props { lang, text }).render());
        html.replace("<!--<[]>-->", "").replace("<!--</[]>-->", "").replace("&quot;", "\"")
    }

    const REPLY: &str = r#"[[0,8191,["localhost",7000,"a"],["localhost",7002,"c"]],[8192,16383,["localhost",7001,"b"],["localhost",7003,"d"]]]"#;

    #[test]
    fn a_checked_cluster_reads_in_chinese_and_in_the_same_english() {
        let en = render(Lang::En, REPLY);
        for e in [
            "Check my cluster",
            "2 slot ranges, 16384 of 16384 slots covered, startup node localhost:7000.",
            "async-5.0.1: leaks (16382 orphaned ClusterNode objects and 0 leaked connections per refresh, 0 open after close); \
             cheapest fix: pass address_remap mapping localhost to 127.0.0.1 (a client option).",
            "stops the leak",
            " — the remapped host is what the lookup key is built from, so it matches the stored name",
            "⚠ leaks",
            "releases that behave the same",
            "Step through this reply: async-5.0.1 beside async-5.1.0",
        ] {
            assert!(en.contains(e), "English lacks {e:?}");
        }
        let zh = render(Lang::Zh, REPLY);
        for z in [
            "检查我的集群",
            "2 个槽位区间，覆盖 16384 个槽位中的 16384 个，启动节点 localhost:7000。",
            "async-5.0.1：有泄漏（每次刷新产生 16382 个孤儿 ClusterNode 对象、泄漏 0 个连接，close 之后仍有 0 个连接未关闭）；\
             最省事的修复：传入 address_remap，把 localhost 映射到 127.0.0.1（客户端选项）。",
            "止住了泄漏",
            "查找用的键由映射后的主机名拼成",
            "⚠ 泄漏",
            "行为相同的版本",
            "逐步查看这段回复：async-5.0.1 与 async-5.1.0 对照",
            "粘贴 <code>redis-cli -p 7000 CLUSTER SLOTS</code>（或 <code>redis-cli --json CLUSTER SLOTS</code>）的输出",
        ] {
            assert!(zh.contains(z), "Chinese lacks {z:?}");
        }
        for e in ["leaks (", "stops the leak", "Check my cluster", "cheapest fix", "slot ranges"] {
            assert!(!zh.contains(e), "Chinese still says {e:?}");
        }
    }

    #[test]
    fn a_paste_that_is_no_reply_says_so_in_chinese() {
        let zh = render(Lang::Zh, "hello");
        assert!(
            zh.contains("无法检查：Slotscope 读不懂这段 CLUSTER SLOTS 回复：第 1 行：这里应是一个槽位区间的起始和结束槽位，实际是 \"hello\"。"),
            "{zh}"
        );
        let en = render(Lang::En, "hello");
        assert!(en.contains("Could not check it: that is not a CLUSTER SLOTS reply Slotscope can read: line 1: expected the start and end slots of a range, found \"hello\". The page still shows the previous scenario."), "{en}");
    }
}
