//! The wasm's own JSON reader and writer (engine::json) against serde_json, which
//! did the job before and still does in the CLI: same values, same accept/reject,
//! and the same bytes for a `redis-cli --json` reply.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::Value;
use slotscope::engine::json::{self, Json, MAX_DEPTH};
use slotscope::engine::{ClusterSlotsReply, NodeEntry, SlotRange};

/// Text that exercises the escapes: controls, quotes, backslashes, DEL, non-ASCII and
/// characters outside the BMP (written as surrogate pairs by some writers).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[\\x00-\\x1f\"\\\\/\\x7f]{0,6}",
        "[aé€😀\u{10FFFF}\u{FFFF}\u{D7FF}\u{E000}]{0,6}",
        any::<String>(),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((text(), inner), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// The same value, structurally. Numbers agree when serde_json reads the kept text as
/// the number it has. serde_json's map is sorted by key and keeps the last of a
/// repeated key, so members are compared through that view.
fn agree(mine: &Json, theirs: &Value) -> bool {
    match (mine, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(t), Value::Number(_)) => serde_json::from_str::<Value>(t).ok().as_ref() == Some(theirs),
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| agree(x, y)),
        (Json::Object(a), Value::Object(b)) => {
            let a: std::collections::BTreeMap<&String, &Json> = a.iter().map(|(k, v)| (k, v)).collect();
            a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| *ka == kb && agree(va, vb))
        }
        _ => false,
    }
}

/// Every accept and reject agrees with serde_json, with one documented exception:
/// serde_json refuses numbers beyond f64's range, which engine::json keeps as text
/// (its readers want integers and refuse those anyway).
fn same_verdict(s: &str) -> Result<(), TestCaseError> {
    match (json::parse(s), serde_json::from_str::<Value>(s)) {
        (Ok(mine), Ok(theirs)) => prop_assert!(agree(&mine, &theirs), "{s:?}: {mine:?} vs {theirs:?}"),
        (Err(e), Err(_)) => prop_assert!(e.starts_with("not valid JSON: ") && e.contains(" at line "), "{e}"),
        (Ok(_), Err(e)) => {
            prop_assert!(e.to_string().starts_with("number out of range"), "{s:?}: only serde_json refused: {e}")
        }
        (Err(e), Ok(_)) => prop_assert!(false, "{s:?}: only engine::json refused: {e}"),
    }
    Ok(())
}

/// A serialized value with a few characters replaced, inserted or deleted: nearly
/// JSON, which is where parsers disagree.
fn mutated() -> impl Strategy<Value = String> {
    let edits = proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<prop::sample::Index>()), 1..4);
    (value(), edits).prop_map(|(v, edits)| {
        const ALPHABET: &[char] =
            &['[', ']', '{', '}', '"', ',', ':', '\\', '0', '1', '-', '.', 'e', 'u', 'd', ' ', '\n', '\t', '\u{0}'];
        let mut chars: Vec<char> = serde_json::to_string(&v).unwrap().chars().collect();
        for (at, kind, c) in edits {
            let c = *c.get(ALPHABET);
            if chars.is_empty() {
                chars.push(c);
                continue;
            }
            let i = at.index(chars.len());
            match kind {
                0 => chars[i] = c,
                1 => chars.insert(i, c),
                _ => {
                    chars.remove(i);
                }
            }
        }
        chars.into_iter().collect()
    })
}

proptest! {
    #[test]
    fn reads_what_serde_json_writes_and_writes_it_back_byte_for_byte(v in value()) {
        let compact = serde_json::to_string(&v).unwrap();
        let mine = json::parse(&compact).map_err(TestCaseError::fail)?;
        let theirs: Value = serde_json::from_str(&compact).unwrap();
        prop_assert!(agree(&mine, &theirs), "{compact}");
        prop_assert_eq!(mine.to_string(), compact);
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let mine = json::parse(&pretty).map_err(TestCaseError::fail)?;
        prop_assert!(agree(&mine, &theirs), "{pretty}");
    }

    #[test]
    fn random_bytes_never_panic_and_get_serde_json_verdict(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        same_verdict(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn json_like_noise_gets_serde_json_verdict(s in "[\\[\\]{}\",:0-9eE.+\\- \\n\\tatrufnlsu\\\\]{0,40}") {
        same_verdict(&s)?;
    }

    #[test]
    fn nearly_json_gets_serde_json_verdict(s in mutated()) {
        same_verdict(&s)?;
    }

    #[test]
    fn redis_cli_json_is_what_serde_json_wrote(reply in reply()) {
        prop_assert_eq!(reply.to_redis_cli_json(), serde_json_redis_cli_json(&reply));
    }
}

#[test]
fn the_depth_limit_is_serde_json_s() {
    for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2] {
        for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
            let inner = if open == "[" { "" } else { "0" };
            let s = format!("{}{inner}{}", open.repeat(depth), close.repeat(depth));
            assert_eq!(json::parse(&s).is_ok(), serde_json::from_str::<Value>(&s).is_ok(), "depth {depth} of {open}");
        }
    }
}

/// `to_redis_cli_json` as it was written with serde_json, to hold the new writer to
/// the same bytes.
fn serde_json_redis_cli_json(reply: &ClusterSlotsReply) -> String {
    let node = |n: &NodeEntry| {
        let meta: serde_json::Map<String, Value> =
            n.metadata.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        serde_json::json!([n.host, n.port, n.id, meta])
    };
    let entries: Vec<Value> = reply
        .entries
        .iter()
        .map(|e| {
            let mut items = vec![serde_json::json!(e.start), serde_json::json!(e.end), node(&e.primary)];
            items.extend(e.replicas.iter().map(node));
            Value::Array(items)
        })
        .collect();
    Value::Array(entries).to_string()
}

fn node() -> impl Strategy<Value = NodeEntry> {
    let key = prop_oneof![Just("ip".to_string()), Just("hostname".to_string()), text()];
    (text(), any::<u16>(), text(), proptest::collection::vec((key, text()), 0..4))
        .prop_map(|(host, port, id, metadata)| NodeEntry { host, port, id, metadata })
}

fn reply() -> impl Strategy<Value = ClusterSlotsReply> {
    let entry = (any::<u16>(), any::<u16>(), node(), proptest::collection::vec(node(), 0..3))
        .prop_map(|(start, end, primary, replicas)| SlotRange { start, end, primary, replicas });
    proptest::collection::vec(entry, 0..5).prop_map(|entries| ClusterSlotsReply { entries })
}
