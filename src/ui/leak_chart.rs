//! Leak over time: orphaned objects, open connections and "Unclosed ClusterNode"
//! warnings after each initialize(), for both panes (inline SVG); on request, the
//! same for up to 1000 refreshes (fewer for a heavy cluster), from the engine's streaming run.

use super::Ctx;
use crate::app::state::SessionRef;
use crate::app::view::{leak_series, long_run, long_run_refreshes, points, polyline, tenths, LeakPoint, Progress};
use crate::i18n::{Lang, Msg};
use crate::tr;
use std::rc::Rc;
use yew::prelude::*;

const W: u32 = 280;
const H: u32 = 90;
/// Longer lines are drawn without a mark per point.
const MARKED_POINTS: usize = 101;

fn chart(title: &str, left: &[u32], right: &[u32], lname: &str, rname: &str, lang: Lang) -> Html {
    let max = left.iter().chain(right).copied().max().unwrap_or(0).max(1);
    let n = left.len().max(right.len());
    let marks = |vals: &[u32], square: bool| {
        if vals.len() > MARKED_POINTS {
            return html! {};
        }
        html! {
            { for points(vals, max, W, H).into_iter().map(|(x, y)| {
                // Tenths: the square's corner is 3 units up and left of the point (it may
                // stick out of the box by that much, which the viewBox allows).
                let corner = |v: u64| if v >= 30 { tenths(v - 30) } else { format!("-{}", tenths(30 - v)) };
                if square {
                    html! { <rect class="mark right" x={corner(x)} y={corner(y)} width="6" height="6" /> }
                } else {
                    html! { <circle class="mark left" cx={tenths(x)} cy={tenths(y)} r="3.5" /> }
                }
            }) }
        }
    };
    let last = |v: &[u32]| v.last().copied().unwrap_or(0);
    html! {
        <figure class="chart">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("-40 -10 {} {}", W + 48, H + 26)} role="img"
                aria-label={tr!(lang, UiLcAria, title = title, left = lname, a = last(left), right = rname, b = last(right), max = max, n = n)}>
                <line class="axis" x1="0" y1={H.to_string()} x2={W.to_string()} y2={H.to_string()} />
                <line class="axis" x1="0" y1="0" x2="0" y2={H.to_string()} />
                <text class="tick end" x="-5" y="4">{ max }</text>
                <text class="tick end" x="-5" y={H.to_string()}>{ "0" }</text>
                <text class="tick" x="0" y={(H + 12).to_string()}>{ "#1" }</text>
                <text class="tick end" x={W.to_string()} y={(H + 12).to_string()}>{ format!("#{n}") }</text>
                <polyline class="line left" points={polyline(left, max, W, H)} />
                <polyline class="line right" points={polyline(right, max, W, H)} />
                { marks(left, false) }
                { marks(right, true) }
            </svg>
        </figure>
    }
}

fn pick(v: &[LeakPoint], f: fn(&LeakPoint) -> u32) -> Vec<u32> {
    v.iter().map(f).collect()
}

fn charts(l: &[LeakPoint], r: &[LeakPoint], ln: &str, rn: &str, lang: Lang) -> Html {
    let title = |m: Msg| m.text(lang);
    html! {
        <div class="charts">
            { chart(title(Msg::UiLcOrphaned), &pick(l, |p| p.orphaned), &pick(r, |p| p.orphaned), ln, rn, lang) }
            { chart(title(Msg::UiLcOpen), &pick(l, |p| p.open), &pick(r, |p| p.open), ln, rn, lang) }
            { chart(title(Msg::UiLcWarnings), &pick(l, |p| p.warnings), &pick(r, |p| p.warnings), ln, rn, lang) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LongRunProps {
    session: SessionRef,
    lang: Lang,
}

/// Work done between two chances for the page to paint and answer input (ms): a
/// slice ends after the refresh that passes it, so a task stays near the 50 ms of a
/// long task (40-60 ms measured for the #3163 preset), and the run takes about 15%
/// longer than in one piece (4.2-4.3 s against 3.6-5.0 s here).
const SLICE_MS: f64 = 30.0;

/// A button that runs both panes' models for `long_run_refreshes` refreshes (1000,
/// fewer for a cluster heavier than the #3163 preset's) through the streaming run
/// (flat memory) and draws the same charts for them. The run goes a slice at a time
/// (`app::view::long_run`): the page shows its progress and stays responsive; a
/// new scenario stops it.
#[function_component(LongRun)]
fn long_run_button(p: &LongRunProps) -> Html {
    // Where the run is, for the session it was started on.
    let progress = use_state(|| None::<(SessionRef, Rc<Progress>)>);
    // The session a run is wanted for: set by a click, cleared once the panes show
    // another one. A run that is not wanted stops at its next report.
    let wanted = use_mut_ref(|| None::<SessionRef>);
    if wanted.borrow().as_ref().is_some_and(|w| *w != p.session) {
        *wanted.borrow_mut() = None;
    }
    let s = p.session.clone();
    let lang = p.lang;
    let (ln, rn) = (s.left.model.name(), s.right.model.name());
    let refreshes = long_run_refreshes(&s);
    let shown = progress.as_ref().filter(|(of, _)| *of == s).map(|(_, p)| p.clone());
    let onclick = Callback::from(move |_| {
        *wanted.borrow_mut() = Some(s.clone());
        let (session, progress, wanted) = (s.clone(), progress.clone(), wanted.clone());
        let s = s.clone();
        let report = move |p: Progress| {
            let go = wanted.borrow().as_ref() == Some(&s);
            if go {
                progress.set(Some((s.clone(), Rc::new(p))));
            }
            go
        };
        yew::platform::spawn_local(async move {
            long_run(&session, refreshes, SLICE_MS, now_ms, next_task, report).await;
        });
    });
    match shown.as_deref() {
        None => html! {
            <p><button type="button" data-testid="leak-chart-long" {onclick}>
                { tr!(lang, UiLcRun, n = refreshes) }</button>{ format!("{}{}", gap(lang), Msg::UiLcRunNote.text(lang)) }</p>
        },
        Some(Progress::Running { done, total }) => html! {
            <p class="hint" aria-busy="true" data-testid="leak-chart-progress">
                { tr!(lang, UiLcRunning, n = refreshes, done = *done, total = *total) }{ " " }
                <progress max={total.to_string()} value={done.to_string()}
                    aria-label={Msg::UiLcTitle.text(lang)}></progress>
            </p>
        },
        Some(Progress::Done(Err(e))) => html! { <p class="hint">{ e.text(lang) }</p> },
        Some(Progress::Done(Ok((l, r)))) => html! {
            <>
                <p class="legend">{ tr!(lang, UiLcAfterLong, n = l.len().max(r.len())) }</p>
                { charts(l, r, ln, rn, lang) }
            </>
        },
    }
}

pub fn leak_chart(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let lang = s.lang;
    let l: Vec<LeakPoint> = leak_series(&s.session.left.run.rounds);
    let r: Vec<LeakPoint> = leak_series(&s.session.right.run.rounds);
    let (ln, rn) = (s.left().name(), s.right().name());
    let rows = l.len().max(r.len());
    html! {
        <section class="leak-chart" data-testid="leak-chart" aria-labelledby="lc-title">
            <h2 id="lc-title">{ Msg::UiLcTitle.text(lang) }</h2>
            <p class="legend">
                <span class="key-left">{ format!("{}{}", Msg::UiLcSolid.text(lang), gap(lang)) }{ ln }</span>{ "  " }
                <span class="key-right">{ format!("{}{}", Msg::UiLcDashed.text(lang), gap(lang)) }{ rn }</span>
                { format!(" {}", tr!(lang, UiLcAfter, n = rows)) }
            </p>
            if rows <= 1 {
                <p class="hint">{ Msg::UiLcOne.text(lang) }</p>
            }
            { charts(&l, &r, ln, rn, lang) }
            <LongRun session={s.session.clone()} {lang} />
            <details class="chart-data">
                <summary>{ Msg::UiLcNumbers.text(lang) }</summary>
                <table>
                    <thead><tr><th scope="col">{ Msg::UiLcColInit.text(lang) }</th>
                        <th scope="col">{ tr!(lang, UiLcColModel, model = ln) }</th>
                        <th scope="col">{ tr!(lang, UiLcColModel, model = rn) }</th></tr></thead>
                    <tbody>
                        { for (0..rows).map(|i| {
                            let cell = |v: &[LeakPoint]| v.get(i).map(|p| format!("{} / {} / {}", p.orphaned, p.open, p.warnings)).unwrap_or_else(|| "—".into());
                            html! { <tr><td>{ format!("#{}", i + 1) }</td><td>{ cell(&l) }</td><td>{ cell(&r) }</td></tr> }
                        }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}

/// A clock in ms for the long run's slices.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now());
    #[cfg(not(target_arch = "wasm32"))]
    return std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1e3);
}

/// Resolves in a task of its own (`setTimeout`), after the page has had the thread:
/// painted the progress, answered clicks.
async fn next_task() {
    #[cfg(target_arch = "wasm32")]
    {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let queued = web_sys::window().map(|w| w.set_timeout_with_callback(&resolve).is_ok());
            if queued != Some(true) {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// The space between two phrases: English separates them, Chinese does not.
fn gap(lang: Lang) -> &'static str {
    match lang {
        Lang::En => " ",
        Lang::Zh => "",
    }
}

#[cfg(all(test, feature = "ssr", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::app::session::Side;
    use crate::app::state::State;
    use crate::app::view::PaneModel;
    use crate::ui::{AppState, Ctx};
    use std::rc::Rc;

    #[derive(Properties, PartialEq)]
    struct Props {
        lang: Lang,
    }

    /// The leak chart of the "long-running client" preset, as the page draws it
    /// below the fold.
    #[function_component(Chart)]
    fn chart_of(p: &Props) -> Html {
        let lang = p.lang;
        let state = use_reducer(move || {
            let mut s = State::from_query("?preset=refresh");
            s.lang = lang;
            AppState(s)
        });
        let (session, pos) = (&state.0.session, state.0.pos);
        let left = Rc::new(PaneModel::build(session, Side::Left, pos));
        let right = Rc::new(PaneModel::build(session, Side::Right, pos));
        leak_chart(&Ctx { state: state.clone(), left, right })
    }

    fn render(lang: Lang) -> String {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        tokio::task::LocalSet::new()
            .block_on(&rt, yew::LocalServerRenderer::<Chart>::with_props(Props { lang }).render())
    }

    #[test]
    fn the_leak_chart_reads_in_either_language() {
        let (en, zh) = (render(Lang::En), render(Lang::Zh));
        for e in [
            "Leak over time",
            "● solid: ",
            " — after each of 20 initialize() calls",
            "orphaned objects",
            "“Unclosed ClusterNode” warnings so far",
            "ends at",
            "Run 1000 refreshes",
            "async-5.0.1 orphaned / open / warnings",
        ] {
            assert!(en.contains(e), "English lost {e:?}");
            assert!(!zh.contains(e), "Chinese still says {e:?}");
        }
        for z in [
            "泄漏随时间的变化",
            "● 实线：async-5.0.1",
            "— 共 20 次 initialize() 调用，每次之后取值",
            "孤儿对象",
            "累计的 “Unclosed ClusterNode” 警告",
            "最终为",
            "运行 1000 次刷新",
            "（按槽位解析的版本需要几秒）",
            "async-5.0.1 孤儿 / 打开 / 警告",
        ] {
            assert!(zh.contains(z), "Chinese lacks {z:?}");
        }
    }
}
