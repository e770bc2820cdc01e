//! The page's one state and the one pure function that changes it.
//!
//! Everything a visitor does is an `Action`; `reduce` never panics, and an action that
//! would leave the page in a bad state (a malformed URL, an impossible scenario, a
//! paste that is not a CLUSTER SLOTS reply) sets an error message and keeps the last
//! good state.

use super::fault::{Fault, Why};
use super::paste::{check_paste, PasteReport};
use super::presets::Preset;
use super::session::Session;
use super::spec::ScenarioSpec;
use super::tour;
pub use super::url::Theme;
use super::url::{self, StepRef, UrlState};
use crate::engine::Model;
use crate::i18n::Lang;
use std::rc::Rc;

/// Joints advanced per tick of "play", by speed setting.
pub const SPEEDS: [usize; 6] = [1, 4, 16, 64, 256, 1024];
/// Milliseconds between two ticks of "play".
pub const TICK_MS: u32 = 200;

/// How the address bar should follow a state change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Nav {
    /// Leave the address bar alone (the state came from it).
    #[default]
    Keep,
    /// A new history entry: another scenario, other models, a chapter jump.
    Push,
    /// Update the current entry: stepping, typing a key.
    Replace,
}

/// A shared, immutable session; equal when it is the same one.
#[derive(Clone, Debug)]
pub struct SessionRef(pub Rc<Session>);

impl PartialEq for SessionRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SessionRef {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub session: SessionRef,
    /// Position on the shared timeline: an index into `session.joints`.
    pub pos: usize,
    pub playing: bool,
    /// Index into `SPEEDS`.
    pub speed: usize,
    /// The key playground's key.
    pub key: String,
    pub theme: Theme,
    /// The language the page is shown in.
    pub lang: Lang,
    /// The language of the page the app runs in (`/` English, `/zh/` Chinese): the
    /// address names `lang` only when the two differ.
    pub page_lang: Lang,
    /// Why the last URL could not be applied.
    pub url_error: Option<Fault>,
    /// Why the last scenario edit could not be applied.
    pub scenario_error: Option<Fault>,
    pub paste: Option<Result<Rc<PasteReport>, Fault>>,
    /// The open chapter of the guided tour (`tour::TOUR`), if any.
    pub tour: Option<&'static str>,
    pub nav: Nav,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    StepForward,
    StepBack,
    Seek(usize),
    /// Move by a number of positions (Shift+arrows).
    Jump(isize),
    /// Seek to a chapter (a new history entry).
    Chapter(String),
    First,
    Last,
    TogglePlay,
    /// One tick of "play": advance by the speed, stop at the end.
    Tick,
    SetSpeed(usize),
    LoadPreset(String),
    LoadScenario(ScenarioSpec),
    /// The scenario editor could not read a field.
    ScenarioInvalid(Fault),
    SetModels(Model, Model),
    SetKey(String),
    SetTheme(Theme),
    SetLang(Lang),
    /// Apply a query string (initial load or browser back/forward).
    ApplyUrl(String),
    DismissUrlError,
    /// "Check my cluster": parse the paste and run every model on it.
    CheckPaste {
        text: String,
        host: String,
        port: String,
        /// The visitor's redis-py release (`5.0.1`, or what `pip show redis` prints);
        /// empty for none. Its verdicts come first.
        release: String,
        /// `async`, `sync`, or empty for both.
        client: String,
    },
    /// Load the last checked paste as the scenario to step through.
    StepThroughPaste,
    /// Open a chapter of the guided tour: load its scenario and step to its moment.
    OpenTour(String),
    CloseTour,
}

impl State {
    /// What the address carries of this state.
    pub fn url_state(&self) -> UrlState {
        UrlState {
            spec: self.spec().clone(),
            left: self.left(),
            right: self.right(),
            step: StepRef::Index(self.pos),
            key: Some(self.key.clone()),
            theme: Some(self.theme),
            lang: (self.lang != self.page_lang).then_some(self.lang),
            tour: self.tour,
        }
    }

    /// The default page: the #3163 preset at its first step.
    pub fn initial() -> State {
        let p = Preset::default_preset();
        let session = Session::build(&p.spec(), p.left, p.right, None).expect("the default preset always builds");
        State::with_first_session(session)
    }

    fn with_first_session(session: Session) -> State {
        State {
            session: SessionRef(Rc::new(session)),
            pos: 0,
            playing: false,
            speed: 1,
            key: "123456789".into(),
            theme: Theme::Auto,
            lang: Lang::En,
            page_lang: Lang::En,
            url_error: None,
            scenario_error: None,
            paste: None,
            tour: None,
            nav: Nav::Keep,
        }
    }

    /// The English page a query string describes, or the default page and the error.
    pub fn from_query(query: &str) -> State {
        State::from_query_in(query, Lang::En)
    }

    /// The page a query string describes on the page of `page_lang` (a link without
    /// `lang` shows that page's language), or the default page and the error.
    pub fn from_query_in(query: &str, page_lang: Lang) -> State {
        let in_page = |s: State| State { lang: page_lang, page_lang, ..s };
        // Build only the scenario the link asks for: the default one is built first
        // only when the link cannot run (it is what the page then shows).
        if let Ok(u) = url::decode(query) {
            if let Ok(session) = Session::build(&u.spec, u.left, u.right, None) {
                return reduce(&in_page(State::with_first_session(session)), Action::ApplyUrl(query.to_string()));
            }
        }
        reduce(&in_page(State::initial()), Action::ApplyUrl(query.to_string()))
    }

    pub fn last(&self) -> usize {
        self.session.len().saturating_sub(1)
    }

    pub fn left(&self) -> Model {
        self.session.left.model
    }

    pub fn right(&self) -> Model {
        self.session.right.model
    }

    pub fn spec(&self) -> &ScenarioSpec {
        &self.session.spec
    }

    pub fn to_query(&self) -> String {
        url::encode(&self.url_state())
    }

    fn at(&self, pos: usize, nav: Nav) -> State {
        let pos = pos.min(self.last());
        State { pos, nav, playing: self.playing && pos < self.last(), ..self.clone() }
    }

    fn with_session(&self, session: Session, nav: Nav) -> State {
        State {
            session: SessionRef(Rc::new(session)),
            pos: 0,
            playing: false,
            scenario_error: None,
            nav,
            ..self.clone()
        }
    }

    fn load(&self, spec: &ScenarioSpec, left: Model, right: Model, nav: Nav) -> State {
        if spec == self.spec() && left == self.left() && right == self.right() {
            return State { scenario_error: None, nav: Nav::Keep, ..self.clone() };
        }
        match Session::try_build(spec, left, right, Some(&self.session)) {
            Ok(s) => self.with_session(s, nav),
            Err(e) => State { scenario_error: Some(e), nav: Nav::Keep, ..self.clone() },
        }
    }
}

/// The whole page's behaviour, as a pure function.
pub fn reduce(state: &State, action: Action) -> State {
    match action {
        Action::StepForward => state.at(state.pos.saturating_add(1), Nav::Replace),
        Action::StepBack => state.at(state.pos.saturating_sub(1), Nav::Replace),
        Action::Seek(n) => state.at(n, Nav::Replace),
        Action::Jump(d) => state.at(state.pos.saturating_add_signed(d), Nav::Replace),
        Action::First => state.at(0, Nav::Replace),
        Action::Last => state.at(state.last(), Nav::Replace),
        Action::Chapter(slug) => match state.session.chapter(&slug) {
            Some(c) => state.at(c.joint, Nav::Push),
            None => state.clone(),
        },
        Action::TogglePlay => {
            let playing = !state.playing;
            // Play from the start when at the end.
            let pos = if playing && state.pos >= state.last() { 0 } else { state.pos };
            State { playing, pos, nav: Nav::Replace, ..state.clone() }
        }
        Action::Tick => {
            if !state.playing {
                return State { nav: Nav::Keep, ..state.clone() };
            }
            let step = SPEEDS[state.speed.min(SPEEDS.len() - 1)];
            let pos = state.pos.saturating_add(step).min(state.last());
            State { pos, playing: pos < state.last(), nav: Nav::Replace, ..state.clone() }
        }
        Action::SetSpeed(i) => State { speed: i.min(SPEEDS.len() - 1), nav: Nav::Keep, ..state.clone() },
        Action::LoadPreset(id) => match Preset::by_id(&id) {
            Some(p) => state.load(&p.spec(), p.left, p.right, Nav::Push),
            None => State { scenario_error: Some(Why::NoPreset { id }.into()), ..state.clone() },
        },
        Action::LoadScenario(spec) => state.load(&spec, state.left(), state.right(), Nav::Push),
        Action::ScenarioInvalid(e) => State { scenario_error: Some(e), nav: Nav::Keep, ..state.clone() },
        Action::SetModels(l, r) => state.load(&state.spec().clone(), l, r, Nav::Push),
        Action::SetKey(key) => State { key, nav: Nav::Replace, ..state.clone() },
        Action::SetTheme(theme) => State { theme, nav: Nav::Replace, ..state.clone() },
        Action::SetLang(lang) => State { lang, nav: Nav::Replace, ..state.clone() },
        Action::DismissUrlError => State { url_error: None, nav: Nav::Keep, ..state.clone() },
        Action::ApplyUrl(query) => apply_url(state, &query),
        Action::CheckPaste { text, host, port, release, client } => {
            let paste = Some(check_paste(&text, &host, &port, &release, &client).map(Rc::new));
            State { paste, nav: Nav::Keep, ..state.clone() }
        }
        Action::StepThroughPaste => match &state.paste {
            Some(Ok(report)) => {
                let spec = ScenarioSpec::pasted(report.reply.clone(), &report.startup_host, report.startup_port);
                let (left, right) = report.step_models.unwrap_or((state.left(), state.right()));
                state.load(&spec, left, right, Nav::Push)
            }
            _ => state.clone(),
        },
        Action::OpenTour(slug) => open_tour(state, &slug, Nav::Push),
        Action::CloseTour => State { tour: None, nav: Nav::Replace, ..state.clone() },
    }
}

/// Opens a tour chapter: its scenario (reusing the session when it is already on
/// screen) at its moment. An unknown chapter changes nothing.
fn open_tour(state: &State, slug: &str, nav: Nav) -> State {
    let Some((_, c)) = tour::chapter(slug) else { return state.clone() };
    let Some(p) = Preset::by_id(c.preset) else { return state.clone() };
    let base = state.load(&p.spec(), c.left, c.right, nav);
    if base.scenario_error.is_some() {
        return base;
    }
    let pos = base.session.chapter(c.moment).map_or(0, |m| m.joint);
    State { pos, playing: false, tour: Some(c.slug), nav, ..base }
}

fn apply_url(state: &State, query: &str) -> State {
    let fail = |e: Fault| State { url_error: Some(e), playing: false, nav: Nav::Keep, ..state.clone() };
    let u = match url::decode(query) {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let base = if &u.spec == state.spec() && u.left == state.left() && u.right == state.right() {
        state.clone()
    } else {
        match Session::try_build(&u.spec, u.left, u.right, Some(&state.session)) {
            Ok(s) => state.with_session(s, Nav::Keep),
            Err(e) => return fail(Why::LinkCannotRun(Box::new(e)).into()),
        }
    };
    let pos = match &u.step {
        StepRef::Index(n) => {
            if *n > base.last() {
                return fail(Why::StepPastEnd { step: n.saturating_add(1), steps: base.session.len() }.into());
            }
            *n
        }
        StepRef::Chapter(slug) => match base.session.chapter(slug) {
            Some(c) => c.joint,
            None => {
                let known: Vec<&str> = base.session.chapters.iter().map(|c| c.slug.as_str()).collect();
                return fail(Why::StepNotMoment { slug: slug.clone(), known: known.join(", ") }.into());
            }
        },
    };
    State {
        pos,
        playing: false,
        key: u.key.unwrap_or_else(|| base.key.clone()),
        theme: u.theme.unwrap_or(base.theme),
        lang: u.lang.unwrap_or(base.page_lang),
        url_error: None,
        scenario_error: None,
        tour: u.tour,
        nav: Nav::Keep,
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::paste::check_paste;

    /// "Check my cluster" with these fields.
    fn paste(text: &str, host: &str, port: &str, release: &str, client: &str) -> Action {
        let [text, host, port, release, client] = [text, host, port, release, client].map(str::to_string);
        Action::CheckPaste { text, host, port, release, client }
    }
    use crate::app::spec::ReplySource;

    #[test]
    fn stepping_is_clamped_and_never_panics() {
        let s = State::initial();
        let b = reduce(&s, Action::StepBack);
        assert_eq!(b.pos, 0);
        let e = reduce(&s, Action::Last);
        assert_eq!(e.pos, s.last());
        assert_eq!(reduce(&e, Action::StepForward).pos, s.last());
        assert_eq!(reduce(&s, Action::Seek(usize::MAX)).pos, s.last());
        assert_eq!(reduce(&e, Action::First).pos, 0);
        assert_eq!(reduce(&s, Action::Jump(-100)).pos, 0);
        assert_eq!(reduce(&s, Action::Jump(100)).pos, 100);
        assert_eq!(reduce(&e, Action::Jump(isize::MAX)).pos, s.last());
    }

    #[test]
    fn play_advances_by_speed_and_stops_at_the_end() {
        let s = reduce(&State::initial(), Action::SetSpeed(99));
        assert_eq!(s.speed, SPEEDS.len() - 1);
        let p = reduce(&s, Action::TogglePlay);
        assert!(p.playing);
        let t = reduce(&p, Action::Tick);
        assert_eq!(t.pos, SPEEDS[SPEEDS.len() - 1].min(p.last()));
        let mut x = t;
        for _ in 0..10_000 {
            if !x.playing {
                break;
            }
            x = reduce(&x, Action::Tick);
        }
        assert!(!x.playing);
        assert_eq!(x.pos, x.last());
        // Paused: a tick changes nothing.
        assert_eq!(reduce(&x, Action::Tick).pos, x.pos);
        // Play at the end restarts.
        assert_eq!(reduce(&x, Action::TogglePlay).pos, 0);
    }

    #[test]
    fn a_bad_scenario_keeps_the_last_good_state() {
        let s = reduce(&State::initial(), Action::Seek(40));
        let mut spec = s.spec().clone();
        spec.source = ReplySource::Topology { primaries: 0, replicas: 0, ranges: 1, announce: "localhost".into() };
        let t = reduce(&s, Action::LoadScenario(spec));
        assert!(t.scenario_error.as_deref().unwrap().contains("at least one primary"));
        assert_eq!(t.pos, 40);
        assert_eq!(t.session, s.session);
    }

    #[test]
    fn presets_and_models_load() {
        let s = reduce(&State::initial(), Action::LoadPreset("ips".into()));
        assert_eq!(Preset::matching(s.spec()).unwrap().id, "ips");
        assert_eq!(s.nav, Nav::Push);
        let m = reduce(&s, Action::SetModels(Model::SYNC_501, Model::SYNC_810));
        assert_eq!((m.left(), m.right()), (Model::SYNC_501, Model::SYNC_810));
        let bad = reduce(&s, Action::LoadPreset("nope".into()));
        assert!(bad.scenario_error.is_some());
    }

    #[test]
    fn url_round_trip_restores_scenario_and_step() {
        let s = reduce(&State::initial(), Action::LoadPreset("workaround".into()));
        let s = reduce(&s, Action::SetModels(Model::SYNC_810, Model::ASYNC_FIXED));
        let s = reduce(&s, Action::Seek(17));
        let s = reduce(&s, Action::SetKey("user:{42}".into()));
        let s = reduce(&s, Action::SetTheme(Theme::Dark));
        let q = s.to_query();
        let t = State::from_query(&q);
        assert_eq!(t.url_error, None, "{q}");
        assert_eq!(t.spec(), s.spec());
        assert_eq!((t.left(), t.right(), t.pos), (s.left(), s.right(), 17));
        assert_eq!(t.key, "user:{42}");
        assert_eq!(t.theme, Theme::Dark);
    }

    #[test]
    fn the_language_is_kept_in_the_address_only_when_it_is_not_the_pages() {
        // The English page: English needs no `lang`; Chinese is written and read back.
        let s = reduce(&State::from_query("?step=5"), Action::SetLang(Lang::Zh));
        assert_eq!((s.lang, s.pos), (Lang::Zh, 4), "switching keeps the step");
        let q = s.to_query();
        assert!(q.contains("lang=zh"), "{q}");
        assert_eq!(State::from_query(&q).lang, Lang::Zh);
        let back = reduce(&s, Action::SetLang(Lang::En));
        assert!(!back.to_query().contains("lang="), "{}", back.to_query());
        // The Chinese page (/zh/): Chinese without `lang`, English written.
        let zh = State::from_query_in("", Lang::Zh);
        assert_eq!(zh.lang, Lang::Zh);
        assert!(!zh.to_query().contains("lang="));
        let en = State::from_query_in("?lang=en&step=3", Lang::Zh);
        assert_eq!((en.lang, en.pos), (Lang::En, 2));
        assert!(en.to_query().contains("lang=en"));
        // Back to an entry without `lang`: the page's language again.
        assert_eq!(reduce(&en, Action::ApplyUrl("?step=2".into())).lang, Lang::Zh);
        let bad = State::from_query("?lang=fr");
        assert!(bad.url_error.as_deref().is_some_and(|e| e.contains("lang")), "{:?}", bad.url_error);
    }

    #[test]
    fn a_tour_chapter_loads_its_scenario_and_moment() {
        use super::super::session::Side;
        let s = reduce(&State::initial(), Action::LoadPreset("refresh".into()));
        let t = reduce(&s, Action::OpenTour("orphan".into()));
        assert_eq!(t.tour, Some("orphan"));
        assert_eq!(Preset::matching(t.spec()).unwrap().id, "3163");
        assert_eq!(Some(t.pos), t.session.chapter("duplicate-primary").map(|c| c.joint));
        assert!(t.session.first_orphan(Side::Left).unwrap() < t.pos);
        assert_eq!(t.nav, Nav::Push);
        assert!(t.to_query().contains("tour=orphan"), "{}", t.to_query());
        // The next chapter on the same scenario reuses the session.
        let u = reduce(&t, Action::OpenTour("open-socket".into()));
        assert_eq!(u.session, t.session);
        assert_eq!(Some(u.pos), u.session.chapter("orphan-socket").map(|c| c.joint));
        // Another scenario: the workaround announces IPs.
        let w = reduce(&u, Action::OpenTour("workaround".into()));
        assert_eq!(Preset::matching(w.spec()).unwrap().id, "ips");
        // Unknown chapters change nothing; closing keeps the panes.
        assert_eq!(reduce(&w, Action::OpenTour("nope".into())), w);
        let c = reduce(&w, Action::CloseTour);
        assert_eq!((c.tour, c.pos, &c.session), (None, w.pos, &w.session));
        // The address round-trips the open chapter and the step.
        let back = State::from_query(&w.to_query());
        assert_eq!((back.tour, back.pos, back.url_error.clone()), (Some("workaround"), w.pos, None));
        let bare = State::from_query("?tour=orphan");
        assert_eq!((bare.tour, bare.pos), (Some("orphan"), t.pos));
    }

    #[test]
    fn a_link_with_a_bad_step_still_opens_its_scenario() {
        let s = State::from_query("?preset=ips&step=999999");
        assert_eq!(Preset::matching(s.spec()).map(|p| p.id), Some("ips"));
        assert_eq!(s.pos, 0);
        assert!(s.url_error.as_deref().is_some_and(|e| e.contains("past the end")), "{:?}", s.url_error);
        // A link whose scenario cannot run falls back to the default page.
        let t = State::from_query("?primaries=0");
        assert_eq!(Preset::matching(t.spec()).map(|p| p.id), Some("3163"));
        assert!(t.url_error.is_some());
    }

    #[test]
    fn bad_urls_keep_the_last_good_state() {
        let s = reduce(&State::initial(), Action::Seek(5));
        for q in [
            "?primaries=banana",
            "?left=async-9",
            "?step=999999999",
            "?step=nowhere",
            "?primaries=0",
            "?preset=x",
            "?reply=zz",
        ] {
            let t = reduce(&s, Action::ApplyUrl(q.into()));
            assert!(t.url_error.is_some(), "{q}");
            assert_eq!(t.pos, 5, "{q}");
            assert_eq!(t.session, s.session, "{q}");
        }
        let named = reduce(&s, Action::ApplyUrl("?preset=3163&step=first-orphan".into()));
        assert_eq!(named.url_error, None);
        assert_eq!(Some(named.pos), named.session.first_orphan(super::super::session::Side::Left));
    }

    #[test]
    fn check_paste_runs_every_model_and_can_be_stepped_through() {
        let json = r#"[[0,8191,["localhost",7000,"a"],["localhost",7002,"c"]],[8192,16383,["localhost",7001,"b"],["localhost",7003,"d"]]]"#;
        let s = reduce(&State::initial(), paste(json, "localhost", "", "", ""));
        let report = s.paste.clone().unwrap().unwrap();
        assert_eq!(report.verdicts.len(), Model::per_era().count());
        assert!(report.verdicts.iter().any(|v| v.leaks), "5.0.1 leaks replicas per slot");
        assert_eq!(report.recorded_layout, None, "not the recorded layout");
        let t = reduce(&s, Action::StepThroughPaste);
        assert!(matches!(t.spec().source, ReplySource::Pasted(_)));
        let q = t.to_query();
        let u = State::from_query(&q);
        assert_eq!(u.url_error, None);
        assert_eq!(u.spec(), t.spec());

        let bad = reduce(&s, paste("hello", "localhost", "7000", "", ""));
        assert!(matches!(bad.paste, Some(Err(_))));
        let bad = reduce(&s, paste(json, "", "7000", "", ""));
        assert!(matches!(bad.paste, Some(Err(_))));
        let bad = reduce(&s, paste(json, "h", "99999", "", ""));
        assert!(matches!(bad.paste, Some(Err(_))));
    }

    #[test]
    fn check_paste_gives_the_visitors_release_first() {
        let json = r#"[[0,8191,["127.0.0.1",7000,"a"],["127.0.0.1",7002,"c"]],[8192,16383,["127.0.0.1",7001,"b"],["127.0.0.1",7003,"d"]]]"#;
        let pip = "Name: redis\nVersion: 7.3.1\nSummary: Python client for Redis database and key-value store\n";
        let report = check_paste(json, "localhost", "7000", pip, "").unwrap();
        let first: Vec<&str> = report.verdicts.iter().take(2).map(|v| v.model.name()).collect();
        assert_eq!(first, ["async-7.3.1", "sync-7.3.1"]);
        assert!(report.verdicts.iter().filter(|v| v.model.name() == "async-7.3.1").count() == 1);
        // One refresh, as in the matrix: the 7.2-7.4 async regression shows on IPs.
        assert!(report.verdicts[0].leaks && !report.verdicts[1].leaks, "{:?}", report.verdicts[0]);
        let err = check_paste(json, "localhost", "7000", "Version: 9.9.9", "").unwrap_err();
        assert!(err.contains("9.9.9") && err.contains("8.1.0"), "{err}");
        assert_eq!(
            check_paste(json, "localhost", "7000", "4.6.0", "").unwrap().verdicts[0].model.name(),
            "async-4.6.0"
        );
        // One client: its diagnosis, and the run to step through beside its upgrade.
        let local = json.replace("127.0.0.1", "localhost");
        let r = check_paste(&local, "localhost", "7000", "5.0.1", "async").unwrap();
        assert_eq!(r.verdicts[0].model, Model::ASYNC_501);
        assert!(r.diagnoses[0].outcome.leaks, "{:?}", r.diagnoses);
        // One range per primary: only the per-slot replicas leak, and 5.1.0 resolves them per range.
        assert_eq!(r.step_models.unwrap().1.name(), "async-5.1.0");
        let s = reduce(&State::initial(), paste(&local, "localhost", "7000", "8.1.0", "sync"));
        let t = reduce(&s, Action::StepThroughPaste);
        assert_eq!((t.left(), t.right()), (Model::SYNC_810, Model::SYNC_810_FIXED));
        assert!(check_paste(&local, "localhost", "7000", "5.0.1", "trio").is_err());
    }
}
