//! The root component: state, browser wiring, and the page layout.

use super::address_bar::{location_search, AddressBar};
use super::{
    check_cluster, key_playground::key_playground, language, leak_chart::leak_chart, pane::pane,
    scenario_bar::scenario_bar, timeline::timeline, tour::tour, url_error::url_error, AppState, Ctx, Deps, Part,
};
use crate::app::session::Side;
use crate::app::state::{Action, SessionRef, Theme, TICK_MS};
use crate::app::view::PaneModel;
use crate::i18n::{Msg, Piece};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn apply_theme(theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match theme {
        Theme::Auto => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.name()),
    };
}

/// ←/→ step, Shift+←/→ jump 100, space play/pause, Home/End. Not while typing in a
/// field, and not space on a button (which clicks it).
fn key_action(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(tag.as_str(), "input" | "textarea" | "select") {
        return None;
    }
    match e.key().as_str() {
        "ArrowRight" if e.shift_key() => Some(Action::Jump(100)),
        "ArrowLeft" if e.shift_key() => Some(Action::Jump(-100)),
        "ArrowRight" => Some(Action::StepForward),
        "ArrowLeft" => Some(Action::StepBack),
        "Home" => Some(Action::First),
        "End" => Some(Action::Last),
        " " | "Spacebar" if !matches!(tag.as_str(), "button" | "a" | "summary") => Some(Action::TogglePlay),
        _ => None,
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState(super::first_state()));

    // Both panes at the current position: rebuilt only when the session or position
    // changes, from the panes shown before when they are of the same session.
    let shown = use_mut_ref(|| None::<(SessionRef, Rc<PaneModel>, Rc<PaneModel>)>);
    let panes = use_memo((state.0.session.clone(), state.0.pos), move |(s, pos)| {
        let mut shown = shown.borrow_mut();
        let before = shown.as_ref().filter(|(was, _, _)| was == s);
        let left = Rc::new(PaneModel::build_after(s, Side::Left, *pos, before.map(|b| &*b.1)));
        let right = Rc::new(PaneModel::build_after(s, Side::Right, *pos, before.map(|b| &*b.2)));
        *shown = Some((s.clone(), left.clone(), right.clone()));
        (left, right)
    });
    let (left, right) = (&panes.0, &panes.1);

    // After each change: the address bar and the theme follow the state.
    {
        let address_bar = use_mut_ref(AddressBar::default);
        let state = state.clone();
        use_effect_with(state.clone(), move |_| address_bar.borrow_mut().follow(&state.0));
    }
    {
        use_effect_with(state.0.theme, |theme| apply_theme(*theme));
    }
    {
        // The first run only sets the page's own language (nothing chosen yet).
        let first = use_mut_ref(|| true);
        use_effect_with(state.0.lang, move |lang| {
            language::apply(*lang, !std::mem::replace(&mut *first.borrow_mut(), false))
        });
    }
    // Once, after the first render: index.html's "Loading…" line goes, a deep link's
    // page shows; browser
    // back/forward and the keyboard are listened to.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            super::mark("slotscope:rendered");
            let doc = web_sys::window().and_then(|w| w.document());
            if let Some(el) = doc.as_ref().and_then(|d| d.get_element_by_id("loading")) {
                el.remove();
            }
            // A deep link's page is drawn: show it (static/early.js hid the pre-render).
            if let Some(root) = doc.as_ref().and_then(|d| d.document_element()) {
                let _ = root.class_list().remove_1("deeplink");
            }
            let d = dispatcher.clone();
            let popstate = web_sys::window()
                .map(|w| EventListener::new(&w, "popstate", move |_| d.dispatch(Action::ApplyUrl(location_search()))));
            let keydown = doc.map(|d| {
                EventListener::new_with_options(
                    &d,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                            return;
                        };
                        if let Some(a) = key_action(e) {
                            e.prevent_default();
                            dispatcher.dispatch(a);
                        }
                    },
                )
            });
            move || drop((popstate, keydown))
        });
    }
    // Play.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.0.playing, move |playing| {
            let interval = playing.then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }

    let ctx = Ctx { state: state.clone(), left: left.clone(), right: right.clone() };
    let s = &state.0;
    let lang = s.lang;
    let live = if s.playing {
        String::new()
    } else {
        crate::tr!(
            lang,
            UiLive,
            step = s.pos + 1,
            total = s.session.len(),
            left = left.model,
            left_text = left.narration.text(lang),
            right = right.model,
            right_text = right.narration.text(lang)
        )
    };
    // The toggle flips what is on screen, which for "auto" is the system's choice:
    // read when clicked, and shown by the style sheet (the label of the theme not on
    // screen), so the pre-rendered page and the hydrated one are the same.
    let theme = s.theme;
    let on_theme = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let dark_now = match theme {
                Theme::Dark => true,
                Theme::Light => false,
                Theme::Auto => system_prefers_dark(),
            };
            d.dispatch(Action::SetTheme(if dark_now { Theme::Light } else { Theme::Dark }))
        })
    };
    let theme_word = format!(" {}", Msg::UiThemeSr.text(lang));
    html! {
        <div class="app">
            <header class="masthead">
                <div>
                    <h1>{ "Slotscope" }</h1>
                    <p class="tagline">
                        { rich(Msg::UiTagline.text(lang), &[
                            ("issue", html! {
                                <a href="https://github.com/redis/redis-py/issues/3163">{ Msg::UiTaglineIssue.text(lang) }</a>
                            }),
                            ("localhost", html! { <code>{ "localhost" }</code> }),
                        ]) }
                    </p>
                </div>
                <div class="masthead-tools">
                    { language::language_switch(&ctx) }
                    <button type="button" class="theme-toggle" data-testid="theme-toggle" onclick={on_theme}>
                        <span class="to-dark">{ Msg::UiThemeDark.text(lang) }<span class="sr-only">{ theme_word.clone() }</span></span>
                        <span class="to-light">{ Msg::UiThemeLight.text(lang) }<span class="sr-only">{ theme_word }</span></span>
                    </button>
                </div>
            </header>
            <main>
            { url_error(&ctx) }
            <Part ctx={ctx.clone()} view={tour as fn(&Ctx) -> Html}
                deps={Deps { lang: s.lang, session: Some(s.session.clone()), tour: s.tour, ..Deps::default() }} />
            <Part ctx={ctx.clone()} view={scenario_bar as fn(&Ctx) -> Html}
                deps={Deps { lang: s.lang, session: Some(s.session.clone()), scenario_error: s.scenario_error.clone(), ..Deps::default() }} />
            { timeline(&ctx) }
            <div class="panes">
                { pane(&ctx, Side::Left) }
                { pane(&ctx, Side::Right) }
            </div>
            <div class="sr-only" aria-live="polite" aria-atomic="true">{ live }</div>
            <div class="lower">
                { key_playground(&ctx) }
                <Part ctx={ctx.clone()} view={leak_chart as fn(&Ctx) -> Html} later=true
                    deps={Deps { lang: s.lang, session: Some(s.session.clone()), ..Deps::default() }} />
            </div>
            <Part ctx={ctx.clone()} view={check_cluster::check_cluster as fn(&Ctx) -> Html} later=true
                deps={Deps { lang: s.lang, paste: s.paste.clone(), ..Deps::default() }} />
            </main>
            <footer class="foot">
                <p>{ format!("{} ", Msg::UiFooter.text(lang)) }</p>
            </footer>
        </div>
    }
}

/// A message whose `{name}` placeholders are elements (a link, code): the text
/// between them as text nodes (none where it is empty, so both languages hydrate
/// alike), each placeholder as its element from `parts`; a placeholder without one is
/// shown as written.
pub(crate) fn rich(template: &str, parts: &[(&str, Html)]) -> Html {
    crate::i18n::pieces(template)
        .map(|piece| match piece {
            Piece::Text(text) => Html::from(text.to_string()),
            Piece::Slot { name, raw, .. } => match parts.iter().find(|(n, _)| *n == name) {
                Some((_, element)) => element.clone(),
                None => Html::from(raw.to_string()),
            },
        })
        .collect()
}
