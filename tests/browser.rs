//! Browser tests for the web front end, run in headless Chromium by
//! wasm-bindgen-test-runner (see .cargo/config.toml and scripts/test.sh):
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver \
//!         cargo test --target wasm32-unknown-unknown --test browser
//!
//! Under that runner plain `#[test]`s are silently skipped: use
//! `#[wasm_bindgen_test]`. On native targets this file compiles to nothing.
//!
//! Each test sets the page's query string, mounts the app into a fresh `<div>` with
//! `slotscope::ui::mount`, waits for Yew to render, and reads the DOM through the
//! `data-testid` contract (ARCHITECTURE.md). Steps are found through the engine and
//! the app's session, never hard-coded.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use slotscope::app::presets::Preset;
use slotscope::app::session::{Session, Side};
use slotscope::engine::{Action, Model};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn document() -> web_sys::Document {
    window().document().expect("a document")
}

/// Replaces the page's query string (the app reads it when it mounts).
fn set_query(query: &str) {
    let path = window().location().pathname().unwrap_or_default();
    window().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}"))).unwrap();
}

fn search() -> String {
    window().location().search().unwrap_or_default()
}

/// Polls (bounded) until the address bar's query contains `part`: a step reaches it
/// once stepping pauses (ui::address_bar).
async fn address_has(part: &str) -> String {
    for _ in 0..100 {
        if search().contains(part) {
            return search();
        }
        tick().await;
    }
    panic!("the address never showed {part}: {}", search());
}

async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(10)).await;
}

/// The app mounted in its own `<div>`; unmounted and removed on drop.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<slotscope::ui::App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

impl Mounted {
    async fn with_query(query: &str) -> Mounted {
        set_query(query);
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let handle = slotscope::ui::mount(root.clone());
        let m = Mounted { root, handle: Some(handle) };
        m.wait_for("[data-testid=pane-left]").await;
        // Effects (listeners, the address bar) run after the first render.
        m.settle().await;
        m
    }

    /// Polls (bounded) until `selector` matches, so a broken page fails instead of hanging.
    async fn wait_for(&self, selector: &str) -> Element {
        for _ in 0..300 {
            if let Some(e) = self.root.query_selector(selector).unwrap() {
                return e;
            }
            tick().await;
        }
        panic!("nothing matched {selector}");
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default().trim().to_string()
    }

    fn testid(&self, id: &str) -> String {
        self.text(&format!("[data-testid={id}]"))
    }

    fn pane(&self, side: &str, id: &str) -> String {
        self.text(&format!("[data-testid=pane-{side}] [data-testid={id}]"))
    }

    fn number(&self, side: &str, id: &str) -> u32 {
        let t = self.pane(side, id);
        t.parse().unwrap_or_else(|_| panic!("{side} {id} is not a number: {t:?}"))
    }

    /// Clicks, then yields until Yew has re-rendered.
    async fn click(&self, selector: &str) {
        self.get(selector).dyn_into::<HtmlElement>().unwrap().click();
        self.settle().await;
    }

    async fn settle(&self) {
        tick().await;
        tick().await;
    }

    async fn type_into(&self, selector: &str, value: &str) {
        let el = self.get(selector);
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            i.set_value(value);
        } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            t.set_value(value);
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        el.dispatch_event(&ev).unwrap();
        self.settle().await;
    }

    /// Sets a field's or select's value and fires `change`, as a user committing an edit.
    async fn change(&self, selector: &str, value: &str) {
        let el = self.get(selector);
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            i.set_value(value);
        } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.set_value(value);
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        el.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
        self.settle().await;
    }

    fn counter(&self) -> (usize, usize) {
        let t = self.testid("step-counter");
        let w: Vec<&str> = t.split_whitespace().collect();
        assert_eq!((w.first(), w.get(2)), (Some(&"step"), Some(&"of")), "{t}");
        (w[1].parse().unwrap(), w[3].parse().unwrap())
    }
}

async fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().body().unwrap().dispatch_event(&ev).unwrap();
    tick().await;
    tick().await;
}

fn session(preset: &str) -> Session {
    let p = Preset::by_id(preset).unwrap();
    Session::build(&p.spec(), p.left, p.right, None).unwrap()
}

#[wasm_bindgen_test]
async fn first_render_shows_both_panes_with_their_models() {
    let m = Mounted::with_query("").await;
    assert_eq!(m.text("h1"), "Slotscope");
    let left = m.get("[data-testid=pane-left]");
    let right = m.get("[data-testid=pane-right]");
    assert_eq!(left.get_attribute("data-model").as_deref(), Some("async-5.0.1"));
    assert_eq!(right.get_attribute("data-model").as_deref(), Some("async-fixed"));
    for id in [
        "narration",
        "counter-orphaned",
        "counter-open-connections",
        "counter-objects",
        "slot-map",
        "object-heap",
        "cache-table",
    ] {
        assert!(m.find(&format!("[data-testid=pane-left] [data-testid={id}]")).is_some(), "left {id}");
        assert!(m.find(&format!("[data-testid=pane-right] [data-testid={id}]")).is_some(), "right {id}");
    }
    for id in
        ["step-prev", "step-next", "step-first", "step-last", "step-counter", "key-input", "key-slot", "paste-input"]
    {
        assert!(m.find(&format!("[data-testid={id}]")).is_some(), "{id}");
    }
    let s = session("3163");
    assert_eq!(m.counter(), (1, s.len()));
    assert!(m.find("[data-testid=url-error]").is_none());
    // The aggregated views stay small: never one DOM node per slot or per object.
    let nodes = m.root.query_selector_all("*").unwrap().length();
    assert!(nodes < 3000, "{nodes} DOM nodes");
}

#[wasm_bindgen_test]
async fn stepping_forward_changes_narration_and_counters() {
    // The step before the buggy run constructs its first ClusterNode from the reply.
    let s = session("3163");
    let trace = &s.left.run.trace;
    let construct = s
        .joints
        .iter()
        .position(|j| j.left_moves && j.left > 2 && matches!(trace.steps[j.left - 1].action, Action::Construct { .. }))
        .expect("the buggy run constructs a node");
    let m = Mounted::with_query(&format!("?preset=3163&step={}", construct)).await;
    assert_eq!(m.counter().0, construct);
    let narration = m.pane("left", "narration");
    let objects = m.number("left", "counter-objects");
    m.click("[data-testid=step-next]").await;
    assert_eq!(m.counter().0, construct + 1);
    assert_ne!(m.pane("left", "narration"), narration);
    assert_eq!(m.number("left", "counter-objects"), objects + 1);
    m.click("[data-testid=step-prev]").await;
    assert_eq!(m.pane("left", "narration"), narration);
    m.click("[data-testid=step-last]").await;
    assert_eq!(m.counter(), (s.len(), s.len()));
    m.click("[data-testid=step-first]").await;
    assert_eq!(m.counter().0, 1);
}

#[wasm_bindgen_test]
async fn the_buggy_pane_shows_the_orphan_the_fixed_pane_does_not() {
    let s = session("3163");
    let fo = s.first_orphan(Side::Left).expect("async-5.0.1 orphans a ClusterNode");
    assert_eq!(s.first_orphan(Side::Right), None);
    let m = Mounted::with_query(&format!("?preset=3163&step={}", fo + 1)).await;
    assert!(m.number("left", "counter-orphaned") > 0, "{}", m.pane("left", "narration"));
    assert_eq!(m.number("right", "counter-orphaned"), 0);
    assert!(m.pane("left", "narration").contains("evicting"));
    assert!(m.pane("left", "cache-table").contains("localhost:7003"));
    assert!(m.pane("left", "cache-table").contains("127.0.0.1:7003"));
    // One step earlier there is no orphan yet.
    m.click("[data-testid=step-prev]").await;
    assert_eq!(m.number("left", "counter-orphaned"), 0);
    drop(m);

    // At the end of the commit the leak is committed: orphans in slots_cache on the left only.
    let end_of_commit = s.chapter("commands-1").unwrap().joint; // 0-based: the last commit step is this - 1
    let m = Mounted::with_query(&format!("?preset=3163&step={end_of_commit}")).await;
    let orphans = m.number("left", "counter-orphaned");
    assert_eq!(orphans, s.left.verdict.orphaned_objects);
    assert!(orphans > 0);
    assert_eq!(m.number("right", "counter-orphaned"), 0);
    assert!(m.pane("left", "object-heap").contains("like this"), "per-slot duplicates are aggregated");
}

#[wasm_bindgen_test]
async fn keyboard_steps_the_timeline() {
    let m = Mounted::with_query("?preset=ips").await;
    let n = m.counter().1;
    press("ArrowRight").await;
    assert_eq!(m.counter(), (2, n));
    press("ArrowRight").await;
    press("ArrowLeft").await;
    assert_eq!(m.counter().0, 2);
    press("End").await;
    assert_eq!(m.counter().0, n);
    press("Home").await;
    assert_eq!(m.counter().0, 1);
    // Space plays; the timer advances; space pauses.
    press(" ").await;
    assert_eq!(m.get("[data-testid=play-toggle]").get_attribute("aria-pressed").as_deref(), Some("true"));
    yew::platform::time::sleep(Duration::from_millis(700)).await;
    press(" ").await;
    let played = m.counter().0;
    assert!(played > 1, "play advanced to {played}");
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(m.counter().0, played, "paused");
    // Arrows typed into a field are the field's, not the timeline's.
    let input = m.get("[data-testid=key-input]").dyn_into::<HtmlElement>().unwrap();
    input.focus().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
    m.settle().await;
    assert_eq!(m.counter().0, played);
}

#[wasm_bindgen_test]
async fn the_url_round_trips_scenario_and_step_and_back_works() {
    let m =
        Mounted::with_query("?preset=workaround&left=sync-8.1.0&right=async-fixed&step=17&key=user%3A%7B42%7D").await;
    assert_eq!(m.get("[data-testid=pane-left]").get_attribute("data-model").as_deref(), Some("sync-8.1.0"));
    assert_eq!(m.get("[data-testid=pane-right]").get_attribute("data-model").as_deref(), Some("async-fixed"));
    assert_eq!(m.counter().0, 17);
    assert_eq!(m.get("[data-testid=preset-workaround]").get_attribute("aria-pressed").as_deref(), Some("true"));
    let key = m.get("[data-testid=key-input]").dyn_into::<HtmlInputElement>().unwrap();
    assert_eq!(key.value(), "user:{42}");
    // A preset is a new history entry; Back returns to the previous scenario and to
    // the step taken just before (the preset writes it into the entry it leaves, even
    // if the pause that writes steps has not come yet).
    m.click("[data-testid=step-next]").await;
    m.click("[data-testid=preset-ips]").await;
    assert!(search().contains("preset=ips"), "{}", search());
    assert_eq!(m.counter().0, 1);
    window().history().unwrap().back().unwrap();
    for _ in 0..200 {
        if m.counter().0 == 18 {
            break;
        }
        tick().await;
    }
    assert_eq!(m.counter().0, 18);
    assert!(search().contains("step=18") && search().contains("preset=workaround"), "{}", search());
    assert_eq!(m.get("[data-testid=preset-workaround]").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(m.get("[data-testid=pane-left]").get_attribute("data-model").as_deref(), Some("sync-8.1.0"));
}

#[wasm_bindgen_test]
async fn steps_reach_the_address_when_stepping_pauses_without_new_history_entries() {
    let m = Mounted::with_query("?preset=ips&step=3").await;
    let entries = window().history().unwrap().length().unwrap();
    for _ in 0..4 {
        m.click("[data-testid=step-next]").await;
    }
    let at = address_has("step=7").await;
    assert!(at.contains("preset=ips"), "{at}");
    assert_eq!(window().history().unwrap().length().unwrap(), entries, "steps replace the entry, they do not add one");
    // Back right after a step: the step is not written over the entry Back went to.
    m.click("[data-testid=preset-workaround]").await;
    m.click("[data-testid=step-next]").await;
    window().history().unwrap().back().unwrap();
    address_has("preset=ips").await;
    for _ in 0..30 {
        tick().await;
    }
    assert!(search().contains("step=7") && search().contains("preset=ips"), "{}", search());
    assert_eq!(m.counter().0, 7);
}

#[wasm_bindgen_test]
async fn a_bad_url_parameter_shows_a_message_and_the_page_still_works() {
    for (query, word) in [("?primaries=banana", "primaries"), ("?step=99999999", "step"), ("?left=async-9.9", "left")] {
        let m = Mounted::with_query(query).await;
        let err = m.wait_for("[data-testid=url-error]").await.text_content().unwrap_or_default();
        assert!(err.contains(word), "{query}: {err}");
        // The default page is shown and works.
        assert_eq!(m.get("[data-testid=pane-left]").get_attribute("data-model").as_deref(), Some("async-5.0.1"));
        m.click("[data-testid=step-next]").await;
        assert_eq!(m.counter().0, 2);
    }
}

#[wasm_bindgen_test]
async fn the_key_playground_shows_slot_12739_for_123456789() {
    let m = Mounted::with_query("?preset=3163&key=foo").await;
    assert_eq!(m.testid("key-slot"), slotscope::engine::keyslot(b"foo").to_string());
    m.type_into("[data-testid=key-input]", "123456789").await;
    assert_eq!(m.testid("key-slot"), "12739");
    m.type_into("[data-testid=key-input]", "{123456789}:tagged").await;
    assert_eq!(m.testid("key-slot"), "12739");
    assert_eq!(m.text(".key-view mark"), "123456789");
}

#[wasm_bindgen_test]
async fn check_my_cluster_gives_a_verdict_per_model() {
    let m = Mounted::with_query("?preset=ips").await;
    let reply = r#"[[0,8191,["localhost",7000,"a"],["localhost",7002,"c"]],[8192,16383,["localhost",7001,"b"],["localhost",7003,"d"]]]"#;
    m.type_into("[data-testid=paste-input]", reply).await;
    m.click("[data-testid=paste-check]").await;
    let verdict = m.wait_for("[data-testid=paste-verdict]").await;
    assert_eq!(verdict.query_selector_all("li").unwrap().length(), Model::per_era().count() as u32);
    assert!(verdict.text_content().unwrap_or_default().contains("async-5.0.1: leaks"));
    // With the visitor's release (pasted from pip show), its two verdicts come first.
    m.type_into("[data-testid=paste-release]", "Name: redis Version: 6.4.0 Summary: x").await;
    m.click("[data-testid=paste-check]").await;
    let first = m.wait_for("[data-testid=paste-verdict] li").await;
    assert_eq!(first.get_attribute("data-model").as_deref(), Some("async-6.4.0"));
    m.type_into("[data-testid=paste-release]", "").await;
    m.click("[data-testid=paste-step-through]").await;
    assert!(search().contains("reply="), "{}", search());
    assert_eq!(m.counter().0, 1);
    // A paste that is not a reply says so and keeps the scenario.
    m.type_into("[data-testid=paste-input]", "hello").await;
    m.click("[data-testid=paste-check]").await;
    let err = m.wait_for("[data-testid=paste-verdict]").await.text_content().unwrap_or_default();
    assert!(err.contains("Could not check"), "{err}");
    assert!(search().contains("reply="));
    // "Fill in an example" puts a redis-cli reply in the field; it checks.
    m.click(".check form button.secondary").await;
    let text = m.get("[data-testid=paste-input]").dyn_into::<web_sys::HtmlTextAreaElement>().unwrap().value();
    assert!(text.starts_with("1) 1) (integer) 0"), "{text}");
    m.click("[data-testid=paste-check]").await;
    let verdict = m.wait_for("[data-testid=paste-verdict] li").await;
    assert!(verdict.parent_element().unwrap().text_content().unwrap_or_default().contains("async-5.0.1: leaks"));
}

#[wasm_bindgen_test]
async fn the_scenario_editor_and_model_pickers_reload_the_panes() {
    let m = Mounted::with_query("?preset=ips").await;
    let before = m.counter().1;
    m.change("[data-testid=edit-primaries]", "2").await;
    assert!(search().contains("primaries=2"), "{}", search());
    assert_ne!(m.counter().1, before);
    assert_eq!(m.get("[data-testid=preset-ips]").get_attribute("aria-pressed").as_deref(), Some("false"));
    // An impossible scenario is refused with a message; the panes keep the last good one.
    let good = m.counter().1;
    m.change("[data-testid=edit-primaries]", "0").await;
    let err = m.wait_for("[data-testid=scenario-error]").await.text_content().unwrap_or_default();
    assert!(err.contains("primary"), "{err}");
    assert_eq!(m.counter().1, good);
    m.change("[data-testid=model-right]", "sync-8.1.0").await;
    assert_eq!(m.get("[data-testid=pane-right]").get_attribute("data-model").as_deref(), Some("sync-8.1.0"));
    assert!(search().contains("right=sync-8.1.0"), "{}", search());
    // Any release: the same client at that release, in the pane, the select and the URL.
    m.change("[data-testid=release-right]", "7.3.1").await;
    assert_eq!(m.get("[data-testid=pane-right]").get_attribute("data-model").as_deref(), Some("sync-7.3.1"));
    assert!(search().contains("right=sync-7.3.1"), "{}", search());
    m.change("[data-testid=release-left]", "9.0.0").await;
    let err = m.wait_for("[data-testid=scenario-error]").await.text_content().unwrap_or_default();
    assert!(err.contains("9.0.0") && err.contains("8.1.0"), "{err}");
}

#[wasm_bindgen_test]
async fn address_remap_is_a_scenario_option_that_cleans_the_leaky_pane() {
    let m = Mounted::with_query("?preset=3163").await;
    assert!(m.get("[data-testid=pane-left]").class_name().contains("leaky"));
    m.change("[data-testid=edit-remap]", "on").await;
    assert!(search().contains("remap=1"), "{}", search());
    assert!(m.get("[data-testid=pane-left]").class_name().contains("clean"), "async-5.0.1 with address_remap");
}

#[wasm_bindgen_test]
async fn a_step_in_the_16k_duplicate_preset_stays_cheap() {
    // Mid-walk of async-5.0.1 on #3163: thousands of per-slot duplicates exist.
    let s = session("3163");
    let mid = s.chapter("duplicate-primary").unwrap().joint;
    let m = Mounted::with_query(&format!("?preset=3163&step={mid}")).await;
    let next = m.get("[data-testid=step-next]").dyn_into::<HtmlElement>().unwrap();
    let steps = 20;
    let t0 = js_sys::Date::now();
    for _ in 0..steps {
        next.click();
        tick().await;
    }
    let per_step = (js_sys::Date::now() - t0) / f64::from(steps);
    assert_eq!(m.counter().0, mid + steps as usize);
    web_sys::console::log_1(
        &format!(
            "one step with {} objects: {per_step:.1} ms (including a 10 ms yield)",
            m.number("left", "counter-objects")
        )
        .into(),
    );
    assert!(per_step < 400.0, "{per_step} ms per step");
    let nodes = m.root.query_selector_all("*").unwrap().length();
    assert!(nodes < 3000, "{nodes} DOM nodes");
}

#[wasm_bindgen_test]
async fn the_theme_comes_from_the_url_and_the_toggle() {
    let root = || document().document_element().unwrap();
    let m = Mounted::with_query("?preset=ips&theme=dark").await;
    assert_eq!(root().get_attribute("data-theme").as_deref(), Some("dark"));
    m.click("[data-testid=theme-toggle]").await;
    assert_eq!(root().get_attribute("data-theme").as_deref(), Some("light"));
    address_has("theme=light").await;
    drop(m);
    let _m = Mounted::with_query("?preset=ips").await;
    assert_eq!(root().get_attribute("data-theme"), None, "auto follows prefers-color-scheme");
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn js_fetch(url: &str) -> js_sys::Promise;
}

/// The text behind a URL the page made (a blob: object URL).
async fn fetch_text(url: &str) -> String {
    use js_sys::futures::JsFuture;
    let response = JsFuture::from(js_fetch(url)).await.expect("fetch");
    let text = js_sys::Reflect::get(&response, &"text".into()).unwrap().dyn_into::<js_sys::Function>().unwrap();
    let promise = text.call0(&response).unwrap().dyn_into::<js_sys::Promise>().unwrap();
    JsFuture::from(promise).await.unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn a_tour_chapter_moves_the_step_and_the_narration() {
    let s = session("3163");
    let m = Mounted::with_query("?preset=3163").await;
    assert!(m.find("[data-testid=tour-body]").is_none(), "the tour starts closed");
    let narration = m.pane("left", "narration");
    // Every chapter is a button: reachable and operable from the keyboard.
    for c in slotscope::app::tour::TOUR {
        let b = m.get(&format!("[data-testid=tour-chapter-{}]", c.slug));
        assert_eq!(b.tag_name(), "BUTTON", "{}", c.slug);
    }
    m.click("[data-testid=tour-chapter-missed-lookup]").await;
    let missed = s.chapter("missed-lookup").unwrap().joint;
    assert_eq!(m.counter().0, missed + 1);
    assert_ne!(m.pane("left", "narration"), narration);
    assert!(m.pane("left", "narration").contains("can never hit"), "{}", m.pane("left", "narration"));
    assert!(m.testid("tour-body").contains("cannot hit"));
    assert!(search().contains("tour=missed-lookup"), "{}", search());
    assert_eq!(
        m.get("[data-testid=tour-chapter-missed-lookup]").get_attribute("aria-current").as_deref(),
        Some("step")
    );
    // Next: the orphan, in the buggy pane only.
    m.click("[data-testid=tour-next]").await;
    assert_eq!(m.counter().0, s.chapter("duplicate-primary").unwrap().joint + 1);
    assert!(m.number("left", "counter-orphaned") > 0, "{}", m.pane("left", "narration"));
    assert_eq!(m.number("right", "counter-orphaned"), 0);
    assert!(m.testid("tour-body").starts_with("5. The orphan"), "{}", m.testid("tour-body"));
    assert!(search().contains("tour=orphan"), "{}", search());
    // Previous goes back; the browser's Back does too.
    m.click("[data-testid=tour-prev]").await;
    assert_eq!(m.counter().0, missed + 1);
    window().history().unwrap().back().unwrap();
    for _ in 0..200 {
        if search().contains("tour=orphan") && m.counter().0 != missed + 1 {
            break;
        }
        tick().await;
    }
    assert_eq!(m.counter().0, s.chapter("duplicate-primary").unwrap().joint + 1);
    // The workaround chapter loads its own scenario: the cluster announces IPs.
    m.click("[data-testid=tour-chapter-workaround]").await;
    assert_eq!(m.get("[data-testid=preset-ips]").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(m.number("left", "counter-orphaned"), 0);
    assert!(m.get("[data-testid=tour-next]").has_attribute("disabled"), "the last chapter");
}

#[wasm_bindgen_test]
async fn a_tour_link_opens_its_chapter_and_the_versions_chapter_shows_the_matrix() {
    let s = session("3163");
    let m = Mounted::with_query("?tour=orphan").await;
    assert!(m.find("[data-testid=url-error]").is_none());
    assert_eq!(m.counter().0, s.chapter("duplicate-primary").unwrap().joint + 1);
    assert!(m.number("left", "counter-orphaned") > 0);
    assert_eq!(m.get("[data-testid=tour-chapter-orphan]").get_attribute("aria-current").as_deref(), Some("step"));
    m.click("[data-testid=tour-chapter-versions]").await;
    let table = m.wait_for("[data-testid=version-matrix]").await;
    let rows = slotscope::app::matrix::matrix();
    assert_eq!(table.query_selector_all("tbody tr").unwrap().length() as usize, rows.len());
    assert!(table.text_content().unwrap_or_default().contains("8.0.1"));
    assert_eq!(m.get("[data-testid=pane-right]").get_attribute("data-model").as_deref(), Some("sync-8.1.0"));
    assert!(m.number("right", "counter-left-open") > 0, "sync 8.1.0 still leaves sockets open");
}

#[wasm_bindgen_test]
async fn export_reproduction_offers_the_engines_script_or_the_reason() {
    let m = Mounted::with_query("?preset=3163").await;
    assert!(m.find("[data-testid=export-download-left]").is_none());
    m.click("[data-testid=export-repro]").await;
    let a = m.wait_for("[data-testid=export-download-left]").await;
    assert_eq!(a.get_attribute("download").as_deref(), Some("slotscope-repro-async-5.0.1-3163.sh"));
    let href = a.get_attribute("href").unwrap();
    assert!(href.starts_with("blob:"), "{href}");
    let text = fetch_text(&href).await;
    assert!(text.starts_with("#!/usr/bin/env bash"), "{}", &text[..80.min(text.len())]);
    assert!(text.contains("PREDICTED_ORPHANS="), "no prediction in the script");
    // The fixed model on the right is not offered.
    assert!(m.find("[data-testid=export-download-right]").is_none());
    drop(m);
    // A fixed model cannot be reproduced: the engine's reason is shown; the released
    // right pane still gets its script.
    let m = Mounted::with_query("?preset=3163&left=async-fixed&right=sync-8.1.0").await;
    m.click("[data-testid=export-repro]").await;
    let reason = m.wait_for("[data-testid=export-reason-left]").await.text_content().unwrap_or_default();
    assert!(reason.contains("no redis-py release has"), "{reason}");
    let right = m.wait_for("[data-testid=export-download-right]").await;
    assert!(fetch_text(&right.get_attribute("href").unwrap()).await.contains("CLIENT=sync"));
}
