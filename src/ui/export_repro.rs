//! "Export reproduction": downloads the engine's bash script for the scenario on
//! screen (`crate::app::export`). The script is made in the page and handed to the
//! browser as a Blob object URL behind an `<a download>`: nothing leaves the page.

use crate::app::export::exports;
use crate::app::session::Side;
use crate::app::spec::ScenarioSpec;
use crate::app::view::side_word;
use crate::engine::Model;
use crate::i18n::{Lang, Msg};
use crate::tr;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    type Blob;
    #[wasm_bindgen(constructor)]
    fn new(parts: &js_sys::Array, options: &JsValue) -> Blob;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &Blob) -> String;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

/// An object URL holding a script, revoked when dropped.
struct Link {
    url: String,
    filename: String,
    notes: Vec<String>,
}

impl Drop for Link {
    fn drop(&mut self) {
        revoke_object_url(&self.url);
    }
}

fn link(filename: String, text: &str, notes: Vec<String>) -> Link {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"text/x-shellscript;charset=utf-8".into());
    let blob = Blob::new(&js_sys::Array::of1(&text.into()), &options);
    Link { url: create_object_url(&blob), filename, notes }
}

/// What the last click prepared, for the scenario and models it was made for.
struct Prepared {
    for_: (ScenarioSpec, Model, Model, Lang),
    items: Vec<(Side, Model, Result<Link, String>)>,
}

/// Starts the download of `link` (an `<a download>` clicked from script).
fn download(link: &Link) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", &link.url);
    let _ = a.set_attribute("download", &link.filename);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
}

/// The scenario on screen.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub spec: ScenarioSpec,
    pub left: Model,
    pub right: Model,
    pub lang: Lang,
}

#[function_component(ExportRepro)]
pub fn export_repro(props: &Props) -> Html {
    let prepared = use_state(|| None::<Rc<Prepared>>);
    let lang = props.lang;
    let key = (props.spec.clone(), props.left, props.right, lang);
    let onclick = {
        let prepared = prepared.clone();
        let key = key.clone();
        Callback::from(move |_: MouseEvent| {
            let (spec, left, right, lang) = &key;
            let items: Vec<_> = exports(spec, *left, *right, *lang)
                .into_iter()
                .map(|e| (e.side, e.model, e.script.map(|s| link(s.filename, &s.text, s.notes))))
                .collect();
            if let Some(first) = items.iter().find_map(|(_, _, l)| l.as_ref().ok()) {
                download(first);
            }
            prepared.set(Some(Rc::new(Prepared { for_: key.clone(), items })));
        })
    };
    let results = match prepared.as_ref().filter(|p| p.for_ == key) {
        None => html! {},
        Some(p) => html! {
            <ul class="export-results" aria-live="polite">
                { for p.items.iter().map(|(side, model, item)| {
                    let (id, word) = (side.name(), side_word(*side, lang));
                    match item {
                        Ok(l) => html! {
                            <li>
                                <a href={l.url.clone()} download={l.filename.clone()} data-testid={format!("export-download-{id}")}>
                                    { tr!(lang, ExportDownload, file = l.filename, side = word) }
                                </a>
                                { for l.notes.iter().map(|n| html! { <span class="note">{ format!(" {}", tr!(lang, ExportNote, note = n)) }</span> }) }
                            </li>
                        },
                        Err(reason) => html! {
                            <li class="reason" data-testid={format!("export-reason-{id}")}>
                                { tr!(lang, ExportReason, model = model, side = word, reason = reason) }
                            </li>
                        },
                    }
                }) }
            </ul>
        },
    };
    html! {
        <div class="export">
            <button type="button" data-testid="export-repro" {onclick}
                title={Msg::ExportButtonTitle.text(lang)}>
                { Msg::ExportButton.text(lang) }
            </button>
            <span class="hint">{ format!(" {}", Msg::ExportHint.text(lang)) }</span>
            { results }
        </div>
    }
}
