// engine::json::parse on serde_json (appended to json.rs by bench/json.sh for the
// size variant; included by bench/json/src/lib.rs for the speed runs). Integers keep
// their digits; a fraction or exponent becomes a marker `as_i64` refuses, so no float
// printer is linked for numbers the page refuses anyway.
pub fn parse_serde_json(input: &str) -> Result<Json, String> {
    fn convert(v: serde_json::Value) -> Json {
        use serde_json::Value;
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Json::Number(i.to_string()),
                (None, Some(u)) => Json::Number(u.to_string()),
                _ => Json::Number("0.5".into()),
            },
            Value::String(s) => Json::String(s),
            Value::Array(items) => Json::Array(items.into_iter().map(convert).collect()),
            Value::Object(members) => Json::Object(members.into_iter().map(|(k, v)| (k, convert(v))).collect()),
        }
    }
    serde_json::from_str::<serde_json::Value>(input).map(convert).map_err(|e| format!("not valid JSON: {e}"))
}
