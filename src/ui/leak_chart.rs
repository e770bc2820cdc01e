//! Leak over time: orphaned objects, open connections and "Unclosed ClusterNode"
//! warnings after each initialize(), for both panes (inline SVG); on request, the
//! same for up to 1000 refreshes (fewer for a heavy cluster), from the engine's streaming run.

use super::Ctx;
use crate::app::fault::Fault;
use crate::app::session::Side;
use crate::app::state::SessionRef;
use crate::app::view::{leak_series, leak_series_of, long_run_refreshes, points, polyline, tenths, LeakPoint};
use crate::i18n::{Lang, Msg};
use crate::tr;
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

type Series = Result<(Vec<LeakPoint>, Vec<LeakPoint>), Fault>;

/// A button that runs both panes' models for `long_run_refreshes` refreshes (1000,
/// fewer for a cluster heavier than the #3163 preset's) through the streaming run
/// (flat memory) and draws the same charts for them. The run takes the main thread
/// (seconds for per-slot releases): "Running" is painted first.
#[function_component(LongRun)]
fn long_run(p: &LongRunProps) -> Html {
    // For which session; `None` while running.
    let done = use_state(|| None::<(SessionRef, Option<std::rc::Rc<Series>>)>);
    let s = p.session.clone();
    let lang = p.lang;
    let (ln, rn) = (s.left.model.name(), s.right.model.name());
    let refreshes = long_run_refreshes(&s);
    let result = done.as_ref().filter(|(of, _)| *of == s).map(|(_, r)| r.clone());
    let onclick = {
        let done = done.clone();
        Callback::from(move |_| {
            done.set(Some((s.clone(), None)));
            let (s, done) = (s.clone(), done.clone());
            gloo::timers::callback::Timeout::new(50, move || {
                let series = |side| leak_series_of(&s, side, refreshes);
                let got = series(Side::Left).and_then(|l| Ok((l, series(Side::Right)?)));
                done.set(Some((s.clone(), Some(std::rc::Rc::new(got)))));
            })
            .forget();
        })
    };
    let Some(result) = result else {
        return html! {
            <p><button type="button" data-testid="leak-chart-long" {onclick}>
                { tr!(lang, UiLcRun, n = refreshes) }</button>{ format!("{}{}", gap(lang), Msg::UiLcRunNote.text(lang)) }</p>
        };
    };
    match result.as_deref() {
        None => html! { <p class="hint" aria-busy="true">{ tr!(lang, UiLcRunning, n = refreshes) }</p> },
        Some(Err(e)) => html! { <p class="hint">{ e.text(lang) }</p> },
        Some(Ok((l, r))) => html! {
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
