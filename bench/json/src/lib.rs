//! The three JSON readers the measurement compares, each giving engine::json's `Json`
//! (what parse.rs and app::matrix read): `hand` is engine::json::parse, `serde` is
//! serde_json, `browser` is JSON.parse read through serde-wasm-bindgen (wasm32 only).
//! The same code is appended to a copy of json.rs for the size variants.

use slotscope::engine::json::{self, Json};

mod serde_reader {
    use super::Json;
    include!("../swap_serde_json.rs");
}
#[cfg(target_arch = "wasm32")]
mod browser_reader {
    use super::Json;
    include!("../swap_js.rs");
}

/// A count over the whole value, so that no reader's work can be skipped.
pub fn weight(v: &Json) -> usize {
    match v {
        Json::Array(items) => 1 + items.iter().map(weight).sum::<usize>(),
        Json::Object(members) => 1 + members.iter().map(|(k, v)| k.len() + weight(v)).sum::<usize>(),
        Json::String(s) => s.len(),
        _ => 1,
    }
}

pub fn hand(text: &str) -> Result<Json, String> {
    json::parse(text)
}

pub fn serde(text: &str) -> Result<Json, String> {
    serde_reader::parse_serde_json(text)
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::*;
    use wasm_bindgen::prelude::*;

    // Each takes the JavaScript string the page would have (a textarea's value, a
    // fetched text): the Rust readers copy it into the wasm first, as the page must.
    #[wasm_bindgen]
    pub fn read_hand(text: &JsValue) -> usize {
        hand(&text.as_string().unwrap_or_default()).map(|v| weight(&v)).unwrap_or(0)
    }

    #[wasm_bindgen]
    pub fn read_serde(text: &JsValue) -> usize {
        serde(&text.as_string().unwrap_or_default()).map(|v| weight(&v)).unwrap_or(0)
    }

    #[wasm_bindgen]
    pub fn read_browser(text: &JsValue) -> usize {
        browser_reader::parse_browser(text).map(|v| weight(&v)).unwrap_or(0)
    }
}
