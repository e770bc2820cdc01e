//! The build-time pre-render (native, `ssr` feature): the same components the
//! browser runs draw the default view into `index.html`, with Yew's hydration
//! markers, so the page is readable before WebAssembly arrives and the wasm adopts
//! it ([`super::start`]) instead of drawing it again. Below the app goes the whole
//! tour as text with the version table, for readers without JavaScript or WebAssembly.
//!
//! Then [`inline_critical`] puts what the first paint waits for into the page itself:
//! the style sheet and `static/early.js`, each allowed by its hash in the page's
//! Content-Security-Policy, so nothing is fetched before the first paint.
//!
//! `src/bin/prerender.rs` runs both on the staged `index.html` from Trunk.toml's
//! post_build hook; `tests/ssr.rs` tests the views natively through [`app_html`].

use super::page_tags::{attr, file_name, tags};
use super::tour::{chapter_text, version_matrix};
use super::App;
use crate::app::tour::{Extra, TOUR};
use crate::i18n::{Lang, Msg};
use base64ct::{Base64, Encoding};
use sha2::{Digest, Sha256};
use std::future::Future;
use yew::prelude::*;

/// index.html's empty root, where [`page`] puts the view, as written and as trunk's
/// minifier writes it in a release build (which runs before the hook).
const ROOT_MARKS: [&str; 2] = [r#"<div id="app"></div>"#, "<div id=app></div>"];
/// Where [`page`] puts the tour as text (after the root).
const READING_MARKS: [&str; 2] = [r#"<div id="reading"></div>"#, "<div id=reading></div>"];

/// Replaces the one occurrence of one of `marks` in `html` by `with`.
fn fill(html: &str, marks: [&str; 2], with: &str) -> Result<String, String> {
    let found: Vec<&str> = marks.into_iter().filter(|m| html.contains(m)).collect();
    match found[..] {
        [mark] if html.matches(mark).count() == 1 => Ok(html.replacen(mark, with, 1)),
        _ => Err(format!("index.html must hold exactly one empty {} to fill", marks[0])),
    }
}

fn block_on<F: Future>(f: F) -> F::Output {
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime");
    tokio::task::LocalSet::new().block_on(&rt, f)
}

/// The app's default view (no query) as hydratable HTML.
pub fn app_html() -> String {
    app_html_at("")
}

/// The app's first view of a page opened at `search` (`?preset=...`), as the wasm's
/// first render draws it: the hydration path for any address (tests and fuzzing).
pub fn app_html_at(search: &str) -> String {
    app_html_in(search, Lang::En)
}

/// [`app_html_at`] on the page of `page_lang` (`/zh/` for Chinese).
pub fn app_html_in(search: &str, page_lang: Lang) -> String {
    super::set_first_state(crate::app::state::State::from_query_in(search, page_lang));
    block_on(yew::LocalServerRenderer::<App>::new().hydratable(true).render())
}

/// What [`Reading`] is drawn in.
#[derive(Clone, Copy, PartialEq, Properties)]
pub struct ReadingProps {
    pub lang: Lang,
}

/// Every tour chapter as text, with the version table and a link that opens the
/// chapter in the stepper: a plain `<details>`, no script needed.
#[function_component(Reading)]
fn reading(props: &ReadingProps) -> Html {
    let lang = props.lang;
    html! {
        <details class="reading" data-testid="reading">
            <summary>{ crate::tr!(lang, TourReadingSummary, n = TOUR.len()) }</summary>
            { for TOUR.iter().enumerate().map(|(i, c)| html! {
                <article class="reading-chapter" id={format!("read-{}", c.slug)}>
                    <h3>{ c.heading(i, lang) }</h3>
                    { chapter_text(c, lang) }
                    if c.extra == Extra::VersionMatrix { { version_matrix(lang) } }
                    <p><a href={format!("?tour={}", c.slug)}>{ Msg::TourReadingStep.text(lang) }</a></p>
                </article>
            }) }
        </details>
    }
}

/// The tour as text in English (not hydrated: it has no behaviour).
pub fn reading_html() -> String {
    reading_html_in(Lang::En)
}

/// The tour as text in `lang`.
pub fn reading_html_in(lang: Lang) -> String {
    block_on(yew::LocalServerRenderer::<Reading>::with_props(ReadingProps { lang }).hydratable(false).render())
}

/// `index_html` with the default view inside its root and the tour as text after it.
pub fn page(index_html: &str) -> Result<String, String> {
    page_in(index_html, Lang::En)
}

/// [`page`] in `lang`, for the page of that language: the English page is the
/// site's root, the Chinese one `zh/index.html` beside it.
pub fn page_in(index_html: &str, lang: Lang) -> Result<String, String> {
    let html = localize(index_html, lang)?;
    let html = fill(&html, ROOT_MARKS, &format!(r#"<div id="app">{}</div>"#, app_html_in("", lang)))?;
    fill(&html, READING_MARKS, &format!(r#"<div id="reading">{}</div>"#, reading_html_in(lang)))
}

/// Where the page of `lang` sits, relative to the site's root.
pub fn page_dir(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "",
        Lang::Zh => "zh/",
    }
}

/// The page's own words (`<html lang>`, title, description, the loading line, the
/// text without JavaScript) in `lang`; index.html holds them in English. On a page
/// one directory down, the site's relative asset addresses (`./x`) get `../`.
fn localize(html: &str, lang: Lang) -> Result<String, String> {
    if lang == Lang::En {
        return Ok(html.to_string());
    }
    let mut html = html.to_string();
    let places: [(Msg, &str, &str); 5] = [
        (Msg::PageTitle, "<title>", "</title>"),
        (Msg::PageDescription, r#"content=""#, r#"""#),
        (Msg::PageLoading, ">", "<"),
        (Msg::PageFailed, r#"data-failed=""#, r#"""#),
        (Msg::PageNoscript, ">", "<"),
    ];
    for (msg, before, after) in places {
        let en = format!("{before}{}{after}", msg.text(Lang::En));
        if html.matches(&en).count() != 1 {
            return Err(format!("index.html must hold the page text {en:?} once"));
        }
        html = html.replacen(&en, &format!("{before}{}{after}", escape(msg.text(lang))), 1);
    }
    for tag in [r#"<html lang="en">"#, "<html lang=en>"] {
        html = html.replacen(tag, &format!(r#"<html lang="{}">"#, lang.tag()), 1);
    }
    if !html.contains(&format!(r#"<html lang="{}">"#, lang.tag())) {
        return Err(r#"index.html has no <html lang="en"> to set the language on"#.into());
    }
    if !page_dir(lang).is_empty() {
        for attr in ["href", "src", "content"] {
            html = html.replace(&format!(r#"{attr}="./"#), &format!(r#"{attr}="../"#));
            html = html.replace(&format!("{attr}=./"), &format!("{attr}=../"));
        }
    }
    Ok(html)
}

/// Text as HTML: `&`, `<`, `>` and `"` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The Chinese catalogue as the browser loads it ([`crate::i18n::asset`]) and its
/// content-hashed file name, to sit beside the English index.html.
pub fn catalogue_asset() -> (String, String) {
    let asset = crate::i18n::asset();
    let digest = Sha256::digest(asset.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    (format!("catalogue-zh-{hex}.txt"), asset)
}

/// `html` (the page of `lang`) with a `<meta name="slotscope-zh">` naming the
/// catalogue file for `static/loader.js`.
pub fn name_catalogue(html: &str, lang: Lang, file: &str) -> Result<String, String> {
    let up = if page_dir(lang).is_empty() { "./" } else { "../" };
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    Ok(format!(r#"{}<meta name="slotscope-zh" content="{up}{file}">{}"#, &html[..at], &html[at..]))
}

/// The script that must run before the first paint (hides the pre-render under a
/// deep link, applies the address's theme), without its comment lines.
fn early_script() -> String {
    let source = include_str!("../../static/early.js");
    source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// `'sha256-...'`: a Content-Security-Policy source allowing exactly `text` inline.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", Base64::encode_string(&Sha256::digest(text.as_bytes())))
}

/// Adds `source` after `directive` (e.g. `"script-src 'self'"`) in the page's policy.
fn allow(html: &str, directive: &str, source: &str, what: &str) -> Result<String, String> {
    match html.matches(directive).count() {
        1 => Ok(html.replacen(directive, &format!("{directive} {source}"), 1)),
        _ => Err(format!("index.html's Content-Security-Policy has no \"{directive}\" to add {what}'s hash to")),
    }
}

/// `html` with its style sheet (`<link rel=stylesheet href=...>`, read through
/// `read(file name)`) and the early script inlined before any other resource, each
/// allowed by its hash in the Content-Security-Policy: the first paint waits for no
/// request. Only the file name of the sheet's address is used (the page and its
/// assets sit in one directory, whatever the public URL).
pub fn inline_critical(html: &str, read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let (start, tag) = tags(html)
        .find(|(_, t)| t.starts_with("<link") && attr(t, "rel") == Some("stylesheet"))
        .ok_or("index.html has no <link rel=stylesheet> to inline")?;
    let end = start + tag.len();
    let href = attr(tag, "href").filter(|v| !v.is_empty()).ok_or("index.html's stylesheet <link> has no href")?;
    let css = read(file_name(href))?;
    if css.contains("</style") {
        return Err("the style sheet contains \"</style\" and cannot be inlined".into());
    }
    let early = early_script();
    let inlined = format!("<script>{early}</script><style>{css}</style>");
    let html = format!("{}{inlined}{}", &html[..start], &html[end..]);
    let html = allow(&html, "script-src 'self'", &csp_hash(&early), "the early script")?;
    allow(&html, "style-src 'self'", &csp_hash(&css), "the style sheet")
}
