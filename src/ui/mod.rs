//! The Yew web front end: rendered into `index.html` at build time (natively, `ssr`
//! feature, [`prerender`]) and hydrated in the browser ([`start`]).
//!
//! All behaviour lives in `crate::app` (pure, natively tested): one `State`, one
//! `reduce`, view models per pane. This module only renders them and wires the
//! browser in: URL <-> state (history push/replace, popstate), keyboard, the play
//! timer and the theme. One view function per file (plain functions of the shared
//! `Ctx`, called by `App`; only parts with state of their own are components).

mod address_bar;
mod app_shell;
mod cache_table;
mod check_cluster;
mod counters;
mod export_repro;
mod key_playground;
mod language;
mod leak_chart;
#[cfg(all(feature = "ssr", not(target_arch = "wasm32")))]
pub mod minify;
mod object_heap;
#[cfg(all(feature = "ssr", not(target_arch = "wasm32")))]
mod page_tags;
mod pane;
#[cfg(all(feature = "ssr", not(target_arch = "wasm32")))]
pub mod prerender;
mod scenario_bar;
mod slot_map;
mod timeline;
mod tour;
mod url_error;

pub use app_shell::App;

use crate::app::state::{reduce, Action, State};
use crate::app::view::PaneModel;
use std::rc::Rc;
use yew::prelude::*;

/// The reducer wrapper Yew's `use_reducer` needs (`crate::app` has no Yew).
#[derive(Debug, PartialEq)]
pub struct AppState(pub State);

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(AppState(reduce(&self.0, action)))
    }
}

/// What every view function reads: the state, its dispatcher, and both panes' view
/// models at the current position (built once per step, shared). Passed by
/// reference, not through a Yew context.
#[derive(Clone)]
pub struct Ctx {
    pub state: UseReducerHandle<AppState>,
    pub left: Rc<PaneModel>,
    pub right: Rc<PaneModel>,
}

impl Ctx {
    pub fn s(&self) -> &State {
        &self.state.0
    }
    pub fn dispatch(&self, a: Action) {
        self.state.dispatch(a)
    }
    pub fn pane(&self, side: crate::app::session::Side) -> &Rc<PaneModel> {
        match side {
            crate::app::session::Side::Left => &self.left,
            crate::app::session::Side::Right => &self.right,
        }
    }
}

/// What a part of the page reads from the state, for [`Part`] to compare. Sessions
/// and paste reports compare by identity: both sides are alive while Yew compares,
/// and a 16k-entry report is not compared field by field on every step.
#[derive(Clone, Default)]
pub struct Deps {
    pub lang: crate::i18n::Lang,
    pub session: Option<crate::app::state::SessionRef>,
    pub tour: Option<&'static str>,
    pub scenario_error: Option<crate::app::fault::Fault>,
    pub paste: Option<Result<Rc<crate::app::paste::PasteReport>, crate::app::fault::Fault>>,
}

impl PartialEq for Deps {
    fn eq(&self, o: &Self) -> bool {
        let paste = match (&self.paste, &o.paste) {
            (Some(Ok(a)), Some(Ok(b))) => Rc::ptr_eq(a, b),
            (a, b) => a == b,
        };
        paste
            && self.lang == o.lang
            && self.session == o.session
            && self.tour == o.tour
            && self.scenario_error == o.scenario_error
    }
}

#[derive(Properties, Clone)]
pub struct PartProps {
    pub ctx: Ctx,
    pub deps: Deps,
    pub view: fn(&Ctx) -> Html,
    /// Below the fold: first drawn in the task after the page's first render, so
    /// the panes show sooner (nothing above it moves when it appears). The
    /// pre-render leaves it as its placeholder too (the leak chart of one
    /// initialize and the paste form do nothing without the wasm), so hydration,
    /// which must draw what the pre-render drew, stays short.
    #[prop_or_default]
    pub later: bool,
}

impl PartialEq for PartProps {
    fn eq(&self, o: &Self) -> bool {
        self.deps == o.deps && self.later == o.later && std::ptr::fn_addr_eq(self.view, o.view)
    }
}

/// A part of the page drawn by `view` that Yew re-renders only when its `deps`
/// change: a step redraws the panes and the timeline, not the tour, the scenario
/// bar, the leak chart or the paste form. `deps` must name everything `view` reads
/// from the state (its callbacks keep the `ctx` of their render).
#[function_component(Part)]
pub fn part(p: &PartProps) -> Html {
    let shown = use_state(|| !p.later);
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            let timer = (!*shown).then(|| gloo::timers::callback::Timeout::new(0, move || shown.set(true)));
            move || drop(timer)
        });
    }
    if *shown {
        (p.view)(&p.ctx)
    } else {
        html! { <div class="part-pending" aria-busy="true"></div> }
    }
}

/// The element the page lives in: index.html's `<div id="app">`, which the build's
/// pre-render fills with the default view.
pub const ROOT_ID: &str = "app";

/// Whether a page opened at `search` (the location's query) shows the pre-rendered
/// default view: only without a query. Any query (a preset, a step, a theme) may
/// change what is shown, so such a page is drawn by the client instead, and
/// `static/early.js` hides the pre-rendered view until then (the same rule, in JS).
pub fn shows_prerendered(search: &str) -> bool {
    search.trim_start_matches('?').is_empty()
}

/// Entry point of the web app. A page opened without a query hydrates the
/// pre-rendered default view in `#app` (the same components drew it at build time:
/// no flash, nothing moves); a deep link, or a build without the pre-render, is
/// drawn from scratch.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    mark("slotscope:main");
    reserve_heap();
    let doc = web_sys::window().and_then(|w| w.document()).expect("a browser page has a document");
    let root = match doc.get_element_by_id(ROOT_ID) {
        Some(root) => root,
        None => {
            let root = doc.create_element("div").expect("div");
            root.set_id(ROOT_ID);
            let _ = doc.body().expect("body").append_child(&root);
            root
        }
    };
    let search = address_bar::location_search();
    language::take_preloaded();
    // Two tasks, not one long one: the engine runs the session now, the view is
    // drawn (or adopted) in the next task, so the page stays responsive in between.
    let first = State::from_query_in(&search, language::page_lang());
    // The pre-render is in the page's language: adopted only if that text is here.
    let hydrate = root.first_element_child().is_some() && shows_prerendered(&search) && crate::i18n::loaded(first.lang);
    FIRST_STATE.with(|f| f.replace(Some(first)));
    mark("slotscope:session");
    gloo::timers::callback::Timeout::new(0, move || {
        if hydrate {
            yew::Renderer::<App>::with_root(root).hydrate();
        } else {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
    })
    .forget();
}

thread_local! {
    /// The state [`start`] computed for the first render, taken by [`App`].
    static FIRST_STATE: std::cell::RefCell<Option<State>> = const { std::cell::RefCell::new(None) };
}

/// Sets the state of the next first render (the pre-render of any address).
#[cfg(all(feature = "ssr", not(target_arch = "wasm32")))]
pub(crate) fn set_first_state(state: State) {
    FIRST_STATE.with(|f| f.replace(Some(state)));
}

/// The state of the page's first render: the one [`start`] computed ahead, or the
/// address's (tests mount the app directly; the pre-render has no address).
pub(crate) fn first_state() -> State {
    FIRST_STATE
        .with(|f| f.take())
        .unwrap_or_else(|| State::from_query_in(&address_bar::location_search(), language::page_lang()))
}

/// Grows the wasm memory once, up front, to what the #3163 preset needs (about
/// 7 MiB): the allocator keeps the block when it is freed, so the first run does
/// not grow memory twenty-odd times (each `memory.grow` cost 0.5-2 ms in
/// Chromium, 10-50 ms in all, measured with a performance trace).
#[cfg(target_arch = "wasm32")]
fn reserve_heap() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(12 << 20)));
}

/// A `performance.mark()`: where the start-up time goes, read by bench/browser.mjs
/// (its `first-render mark` lines) and visible in any browser's performance panel.
pub(crate) fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Mounts the app into `root` (tests and embedders); `destroy()` the handle to unmount.
#[cfg(target_arch = "wasm32")]
pub fn mount(root: web_sys::Element) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root(root).render()
}

/// A class attribute: `base` plus each name whose flag is set (one small function
/// instead of a `classes!` expansion per use).
pub(crate) fn cls(base: &str, flags: &[(bool, &str)]) -> String {
    let mut s = String::from(base);
    for &(on, name) in flags {
        if on {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(name);
        }
    }
    s
}

/// CSS custom property giving an object its own hue (golden-angle spacing, so
/// consecutive ids look different). Colour is never the only signal: ids are printed
/// and orphans are hatched.
pub(crate) fn hue(id: u32) -> String {
    format!("--h:{}", (u64::from(id) * 137_508 / 1000) % 360)
}
