//! The page's language: which one the page opens in, the switch, and what follows
//! it outside the app's root (`<html lang>`, the title, the description).
//!
//! The English text is in the wasm; the Chinese text is a file beside the page that
//! `static/loader.js` fetches (`window.slotscopeCatalogue()`, once): before the wasm
//! starts when the page opens in Chinese, on the first switch otherwise.

use super::Ctx;
use crate::app::state::Action;
use crate::i18n::{self, Lang, Msg};
use yew::prelude::*;

/// The language of the page the app runs in: its `<html lang>` (`zh-CN` on `/zh/`).
pub fn page_lang() -> Lang {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    Lang::En
}

/// Takes the Chinese text the loader fetched before starting the wasm, if it did.
#[cfg(target_arch = "wasm32")]
pub fn take_preloaded() {
    let Some(w) = web_sys::window() else { return };
    if let Some(text) = js_sys::Reflect::get(&w, &"slotscopeZh".into()).ok().and_then(|v| v.as_string()) {
        if let Err(e) = i18n::load(&text) {
            gloo::console::warn!(e);
        }
    }
}

/// `<html lang>`, the title and the description follow the language; the choice is
/// remembered for the site's bare address (`static/early.js`).
pub fn apply(lang: Lang, chosen: bool) {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(w) = web_sys::window() else { return };
        let Some(doc) = w.document() else { return };
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        doc.set_title(Msg::PageTitle.text(lang));
        if let Ok(Some(meta)) = doc.query_selector(r#"meta[name="description"]"#) {
            let _ = meta.set_attribute("content", Msg::PageDescription.text(lang));
        }
        if chosen {
            if let Ok(Some(store)) = w.local_storage() {
                let _ = store.set_item("slotscope-lang", lang.code());
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (lang, chosen);
}

/// Switches to `lang`, fetching its text first if the page has not yet.
fn switch(ctx: &Ctx, lang: Lang) {
    if i18n::loaded(lang) {
        ctx.dispatch(Action::SetLang(lang));
    } else {
        fetch_then_switch(ctx, lang);
    }
}

#[cfg(target_arch = "wasm32")]
fn fetch_then_switch(ctx: &Ctx, lang: Lang) {
    let ctx = ctx.clone();
    yew::platform::spawn_local(async move {
        match fetch_catalogue().await.and_then(|text| i18n::load(&text)) {
            Ok(()) => ctx.dispatch(Action::SetLang(lang)),
            Err(reason) => {
                let said = crate::tr!(ctx.s().lang, PageLanguageFailed, reason = reason);
                gloo::console::error!(said);
            }
        }
    });
}

/// Natively every language's text is compiled in.
#[cfg(not(target_arch = "wasm32"))]
fn fetch_then_switch(_: &Ctx, _: Lang) {}

#[cfg(target_arch = "wasm32")]
async fn fetch_catalogue() -> Result<String, String> {
    let w = web_sys::window().ok_or("no window")?;
    let f = js_sys::Reflect::get(&w, &"slotscopeCatalogue".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("the page's loader offers no catalogue")?;
    let promise = f.call0(&w).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()).ok_or("no promise")?;
    let text = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "the catalogue is not text".into())
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;

/// The switch: one link per language, to that language's own page (which works
/// without the wasm); with it, a click switches in place and keeps the step.
pub fn language_switch(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let to_page = |target: Lang| match (s.page_lang, target) {
        (Lang::En, Lang::Zh) => "zh/",
        (Lang::Zh, Lang::En) => "../",
        _ => "./",
    };
    html! {
        <nav class="lang-switch" aria-label={Msg::PageLanguage.text(s.lang)} data-testid="lang-switch">
            { for Lang::ALL.iter().map(|&l| {
                let ctx2 = ctx.clone();
                let onclick = Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    switch(&ctx2, l);
                });
                html! {
                    <a href={to_page(l)} hreflang={l.tag()} lang={l.tag()} data-lang={l.code()}
                        aria-current={(l == s.lang).then_some("true")} {onclick}>{ l.own_name() }</a>
                }
            }) }
        </nav>
    }
}
