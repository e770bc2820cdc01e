//! The page's views rendered natively (`--features ssr`): what the build's pre-render
//! puts into index.html, so what a reader sees before WebAssembly arrives, or without it.

mod common;

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
    assert!(
        html.contains(r#"aria-pressed="true" data-testid="preset-3163""#)
            || html.contains(r#"data-testid="preset-3163" aria-pressed="true""#),
        "the #3163 preset is not the pressed one"
    );
    assert!(!text_of(&html, "narration").trim().is_empty());
}

#[test]
fn the_prerender_draws_the_page_above_the_fold_and_leaves_the_parts_below_to_the_wasm() {
    let html = app_html();
    for part in ["tour", "scrubber", "narration", "slot-map", "cache-table", "object-heap", "key-input"] {
        assert!(html.contains(&format!("data-testid=\"{part}\"")), "no {part}");
    }
    // The leak chart and "Check my cluster" are drawn by the wasm, in the task after
    // hydration: two placeholders, and neither part's markup.
    assert_eq!(html.matches("part-pending").count(), 2);
    assert!(!html.contains("data-testid=\"leak-chart\"") && !html.contains("data-testid=\"paste-check\""));
}

#[test]
fn the_prerender_carries_hydration_markers() {
    assert!(app_html().starts_with("<!--<[slotscope::ui::app_shell::App]>-->"));
}

#[test]
fn the_tour_as_text_has_every_chapter_and_the_version_table() {
    let html = reading_html();
    for (i, c) in TOUR.iter().enumerate() {
        assert!(
            html.contains(&format!("{}. {}", i + 1, c.title.text(slotscope::i18n::Lang::En))),
            "chapter {} missing",
            c.slug
        );
        assert!(html.contains(&format!("href=\"?tour={}\"", c.slug)));
    }
    assert!(html.matches("<tr").count() > 100, "no version table");
}

#[test]
fn page_fills_the_root_of_a_plain_or_minified_index() {
    for index in [
        r#"<body><div id="app"></div><div id="reading"></div></body>"#,
        "<body><div id=app></div><div id=reading></div></body>",
    ] {
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

/// The hydration path on random addresses: whatever link a visitor opens, the first
/// render (the one the wasm hydrates or draws) never panics and always shows a page,
/// and only the address without a query is the pre-rendered page.
/// SLOTSCOPE_FUZZ_CASES sets the count (default 24: each case runs the engine and
/// renders the whole page); `./scripts/fuzz.sh` runs more and prints cases per second.
#[test]
fn fuzz_the_first_render_of_random_links() {
    use proptest::prelude::*;
    let key = prop::sample::select(vec![
        "preset",
        "left",
        "right",
        "step",
        "tour",
        "theme",
        "key",
        "startup",
        "primaries",
        "replicas",
        "ranges",
        "announce",
        "reinit",
        "workload",
        "reads",
        "rfr",
        "remap",
        "reply",
        "lang",
        "zzz",
    ]);
    let value = prop_oneof![
        prop::sample::select(vec![
            "3163",
            "ips",
            "replica-flood",
            "async-5.0.1",
            "sync-8.1.0",
            "async-fixed",
            "sync-4.3.0",
            "orphan",
            "versions",
            "dark",
            "1",
            "0",
            "2",
            "5",
            "last",
            "localhost",
            "ip",
            "127.0.0.1:7000",
            "none",
            "keys",
            "zh",
            "en",
            "",
        ])
        .prop_map(str::to_string),
        "[a-z0-9.:%&=_-]{0,12}",
        (0u32..100_000).prop_map(|n| n.to_string()),
    ];
    let link = prop_oneof![
        proptest::collection::vec((key, value), 0..6).prop_map(|pairs| {
            let q: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
            if q.is_empty() {
                String::new()
            } else {
                format!("?{}", q.join("&"))
            }
        }),
        "\\PC{0,60}",
    ];
    // Both pages: the English one at the site's root and the Chinese one at zh/.
    use slotscope::i18n::Lang;
    use slotscope::ui::prerender::app_html_in;
    let default_pages = Lang::ALL.map(|l| app_html_in("", l));
    common::fuzz("hydration", 24, link, |q| {
        for (lang, default_page) in Lang::ALL.into_iter().zip(&default_pages) {
            let html = app_html_in(&q, lang);
            prop_assert!(html.contains("data-testid=\"step-counter\""), "{q} ({lang:?}): no page");
            if slotscope::ui::shows_prerendered(&q) {
                prop_assert_eq!(&html, default_page, "{} ({:?}) is hydrated but renders another page", q, lang);
            }
        }
        Ok(())
    });
}

mod inline {
    use slotscope::ui::prerender::inline_critical;

    const INDEX: &str = concat!(
        r#"<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'">"#,
        r#"<link href=/slotscope/style-0123.css integrity=sha384-x rel=stylesheet></head><body></body>"#
    );

    fn css(name: &str) -> Result<String, String> {
        match name {
            "style-0123.css" => Ok("body{color:red}".into()),
            _ => Err(format!("no {name}")),
        }
    }

    #[test]
    fn the_style_sheet_and_the_early_script_are_inlined_with_their_hashes_in_the_policy() {
        let out = inline_critical(INDEX, css).unwrap();
        assert!(out.contains("<style>body{color:red}</style>"), "{out}");
        assert!(!out.contains("rel=stylesheet"));
        assert!(out.contains("<script>") && out.contains("deeplink"), "the early script is not inlined");
        // sha256 of "body{color:red}", base64.
        assert!(out.contains("style-src 'self' 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=';"), "{out}");
        assert!(out.contains("script-src 'self' 'sha256-"), "{out}");
        assert!(
            out.find("<script>").unwrap() < out.find("<style>").unwrap(),
            "the script must not wait for the style sheet"
        );
    }

    #[test]
    fn a_page_without_a_style_sheet_or_policy_is_refused_with_one_line() {
        assert_eq!(
            inline_critical("<head></head>", css).unwrap_err(),
            "index.html has no <link rel=stylesheet> to inline"
        );
        let no_policy = r#"<head><link href=style-0123.css rel=stylesheet></head>"#;
        assert_eq!(
            inline_critical(no_policy, css).unwrap_err(),
            "index.html's Content-Security-Policy has no \"script-src 'self'\" to add the early script's hash to"
        );
    }
}

/// The Chinese page, `zh/index.html`: the same index.html filled in Chinese, one
/// directory down.
mod chinese_page {
    use slotscope::i18n::Lang;
    use slotscope::ui::prerender::{catalogue_asset, name_catalogue, page_in};

    const INDEX: &str = include_str!("../index.html");

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn the_chinese_page_is_chinese_from_html_lang_to_the_tour() {
        let out = page_in(INDEX, Lang::Zh).unwrap();
        assert!(out.contains(r#"<html lang="zh-CN">"#));
        let description = out.split(r#"name="description" content=""#).nth(1).unwrap().split('"').next().unwrap();
        assert!(has_cjk(description), "{description}");
        let loading = out.split(r#"id="loading""#).nth(1).unwrap().split("</p>").next().unwrap();
        assert!(has_cjk(loading), "{loading}");
        assert!(loading.contains(r#"data-failed="Slotscope 无法启动：""#), "the loader's failure words: {loading}");
        let noscript = out.split("<noscript>").nth(1).unwrap().split("</noscript>").next().unwrap();
        assert!(has_cjk(noscript), "{noscript}");
        let narration = super::text_of(&out, "narration");
        assert!(has_cjk(&narration), "{narration}");
        let reading = out.split(r#"data-testid="reading""#).nth(1).unwrap();
        assert!(has_cjk(reading.split("</summary>").next().unwrap()), "the tour as text is not in Chinese");
        // The English page is untouched by the Chinese one.
        let en = page_in(INDEX, Lang::En).unwrap();
        assert!(en.contains(r#"<html lang="en">"#) && !has_cjk(&super::text_of(&en, "narration")));
    }

    #[test]
    fn the_chinese_page_reaches_the_sites_assets_one_directory_up() {
        let index = INDEX.replace(
            "</head>",
            r#"<link rel="icon" href="./favicon-1.svg"><meta name="slotscope-js" content="./app-1.js"></head>"#,
        );
        let out = page_in(&index, Lang::Zh).unwrap();
        assert!(out.contains(r#"href="../favicon-1.svg""#) && out.contains(r#"content="../app-1.js""#));
        let head = out.split("<body").next().unwrap();
        assert!(!head.contains(r#"="./"#), "an asset address still points into zh/");
        let (file, asset) = catalogue_asset();
        assert!(name_catalogue(&out, Lang::Zh, &file)
            .unwrap()
            .contains(&format!(r#"<meta name="slotscope-zh" content="../{file}">"#)));
        let en = page_in(&index, Lang::En).unwrap();
        assert!(name_catalogue(&en, Lang::En, &file).unwrap().contains(&format!(r#"content="./{file}""#)));
        assert!(file.starts_with("catalogue-zh-") && slotscope::i18n::load(&asset).is_ok());
    }

    #[test]
    fn an_index_without_the_page_texts_cannot_become_the_chinese_page() {
        let e = page_in(r#"<html lang="en"><div id="app"></div><div id="reading"></div>"#, Lang::Zh).unwrap_err();
        assert!(e.starts_with("index.html must hold the page text") && !e.contains('\n'), "{e}");
    }
}
