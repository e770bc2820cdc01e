//! Browser tests for the web front end, run in headless Chromium by
//! wasm-bindgen-test-runner (see .cargo/config.toml and scripts/test.sh):
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver \
//!         cargo test --target wasm32-unknown-unknown --test browser
//!
//! Under that runner plain `#[test]`s are silently skipped: use
//! `#[wasm_bindgen_test]`. On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use slotscope::ui::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh `<div>` appended to `<body>`, so each test mounts in isolation.
fn fresh_root() -> web_sys::Element {
    let document = web_sys::window()
        .expect("a window")
        .document()
        .expect("a document");
    let root = document.create_element("div").expect("create div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append div");
    root
}

#[wasm_bindgen_test]
async fn ui_root_mounts_into_a_div_and_renders_the_heading() {
    let root = fresh_root();
    assert!(root.query_selector("h1").unwrap().is_none());

    let handle = yew::Renderer::<App>::with_root(root.clone()).render();

    // Yew renders on its scheduler, after the current task: yield until the
    // heading shows up (bounded, so a broken root fails instead of hanging).
    let mut heading = None;
    for _ in 0..50 {
        yew::platform::time::sleep(Duration::from_millis(10)).await;
        heading = root.query_selector("h1").unwrap();
        if heading.is_some() {
            break;
        }
    }
    let heading = heading.expect("the UI root rendered an <h1> into the div");
    assert_eq!(heading.text_content().unwrap_or_default().trim(), "Slotscope");

    handle.destroy();
    root.remove();
}
