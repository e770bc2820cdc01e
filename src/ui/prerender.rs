//! The build-time pre-render (native, `ssr` feature): the same components the
//! browser runs draw the default view into `index.html`, with Yew's hydration
//! markers, so the page is readable before WebAssembly arrives and the wasm adopts
//! it ([`super::start`]) instead of drawing it again. Below the app goes the whole
//! tour as text with the version table, for readers without JavaScript or WebAssembly.
//!
//! `src/bin/prerender.rs` runs [`page`] on the staged `index.html` from Trunk.toml's
//! post_build hook; `tests/ssr.rs` tests the views natively through [`app_html`].

use super::tour::{paragraph, version_matrix};
use super::App;
use crate::app::tour::{Extra, TOUR};
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
    super::set_first_state(crate::app::state::State::from_query(search));
    block_on(yew::LocalServerRenderer::<App>::new().hydratable(true).render())
}

/// Every tour chapter as text, with the version table and a link that opens the
/// chapter in the stepper: a plain `<details>`, no script needed.
#[function_component(Reading)]
fn reading() -> Html {
    html! {
        <details class="reading" data-testid="reading">
            <summary>{ format!("Read the whole tour as text ({} chapters and the version table)", TOUR.len()) }</summary>
            { for TOUR.iter().enumerate().map(|(i, c)| html! {
                <article class="reading-chapter" id={format!("read-{}", c.slug)}>
                    <h3>{ format!("{}. {}", i + 1, c.title) }</h3>
                    { for c.paragraphs.iter().map(|p| paragraph(p)) }
                    <p class="tour-look"><strong>{ "Look at " }</strong>{ c.look }</p>
                    if c.extra == Extra::VersionMatrix { { version_matrix() } }
                    <p><a href={format!("?tour={}", c.slug)}>{ "Step through this chapter" }</a></p>
                </article>
            }) }
        </details>
    }
}

/// The tour as text (not hydrated: it has no behaviour).
pub fn reading_html() -> String {
    block_on(yew::LocalServerRenderer::<Reading>::new().hydratable(false).render())
}

/// `index_html` with the default view inside its root and the tour as text after it.
pub fn page(index_html: &str) -> Result<String, String> {
    let html = fill(index_html, ROOT_MARKS, &format!(r#"<div id="app">{}</div>"#, app_html()))?;
    fill(&html, READING_MARKS, &format!(r#"<div id="reading">{}</div>"#, reading_html()))
}
