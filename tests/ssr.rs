//! The page's views rendered natively (`--features ssr`): what the build's pre-render
//! puts into index.html, so what a reader sees before WebAssembly arrives, or without it.

use slotscope::app::tour::TOUR;
use slotscope::ui::prerender::{app_html, page, reading_html};

fn text_of(html: &str, testid: &str) -> String {
    let at = html.find(&format!("data-testid=\"{testid}\"")).unwrap_or_else(|| panic!("no {testid}"));
    let open = at + html[at..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</").unwrap();
    html[open..close].to_string()
}

#[test]
fn the_prerendered_page_is_the_first_step_of_3163_buggy_beside_fixed() {
    let html = app_html();
    assert!(html.contains(r#"data-model="async-5.0.1""#) && html.contains(r#"data-model="async-fixed""#));
    let counter = text_of(&html, "step-counter");
    assert!(counter.starts_with("step 1 of "), "{counter}");
    assert!(html.contains(r#"aria-pressed="true" data-testid="preset-3163""#) || html.contains(r#"data-testid="preset-3163" aria-pressed="true""#),
        "the #3163 preset is not the pressed one");
    assert!(!text_of(&html, "narration").trim().is_empty());
}

#[test]
fn every_part_is_drawn_in_the_prerender_not_left_pending() {
    let html = app_html();
    assert!(!html.contains("part-pending"), "a part was left for later");
    for part in ["tour", "leak-chart", "paste-check", "narration"] {
        assert!(html.contains(&format!("data-testid=\"{part}\"")), "no {part}");
    }
}

#[test]
fn the_prerender_carries_hydration_markers() {
    assert!(app_html().starts_with("<!--<[slotscope::ui::app_shell::App]>-->"));
}

#[test]
fn the_tour_as_text_has_every_chapter_and_the_version_table() {
    let html = reading_html();
    for (i, c) in TOUR.iter().enumerate() {
        assert!(html.contains(&format!("{}. {}", i + 1, c.title)), "chapter {} missing", c.slug);
        assert!(html.contains(&format!("href=\"?tour={}\"", c.slug)));
    }
    assert!(html.matches("<tr").count() > 100, "no version table");
}

#[test]
fn page_fills_the_root_of_a_plain_or_minified_index() {
    for index in [r#"<body><div id="app"></div><div id="reading"></div></body>"#, "<body><div id=app></div><div id=reading></div></body>"] {
        let out = page(index).unwrap();
        assert!(out.contains(r#"<div id="app"><!--<[slotscope::ui::app_shell::App]>-->"#));
        assert!(out.contains(r#"<div id="reading"><details data-testid="reading""#));
    }
}

#[test]
fn page_refuses_an_index_without_one_empty_root() {
    let e = page("<body></body>").unwrap_err();
    assert_eq!(e, r#"index.html must hold exactly one empty <div id="app"></div> to fill"#);
    assert!(page(r#"<div id="app"></div><div id="app"></div><div id="reading"></div>"#).is_err());
}
