//! Reading CLUSTER SLOTS replies the way users have them: `redis-cli --json CLUSTER
//! SLOTS`, the numbered tree `redis-cli CLUSTER SLOTS` prints on a terminal, or the
//! raw one-value-per-line form it prints into a pipe.

use super::json::{self, Json};
use super::problem::{Field, Problem};
use super::reply::{ClusterSlotsReply, NodeEntry, SlotRange, NULL_HOST};

/// Inputs above this size are refused before parsing (a full 16384-entry reply with
/// replicas is about 3 MB of JSON).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// A parsed RESP-like value: the common ground of the three input forms.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Int(i64),
    Str(String),
    Array(Vec<Value>),
}

/// Parses any of the accepted forms, telling them apart by their first character.
pub fn parse_cluster_slots(input: &str) -> Result<ClusterSlotsReply, Problem> {
    check_size(input)?;
    let trimmed = input.trim_start();
    if trimmed.is_empty() {
        return Err(Problem::InputEmpty);
    }
    if trimmed.starts_with('[') {
        parse_json(input)
    } else {
        parse_redis_cli_text(input)
    }
}

/// `redis-cli --json CLUSTER SLOTS`: `[[start, end, [host, port, id, {meta}], ...], ...]`.
pub fn parse_json(input: &str) -> Result<ClusterSlotsReply, Problem> {
    check_size(input)?;
    reply_from_value(from_json(json::read(input)?, 0)?)
}

/// The text `redis-cli CLUSTER SLOTS` prints, numbered (tty) or raw (pipe).
pub fn parse_redis_cli_text(input: &str) -> Result<ClusterSlotsReply, Problem> {
    check_size(input)?;
    let lines: Vec<&str> = input.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return Err(Problem::InputEmpty);
    }
    let numbered = lines.iter().any(|l| !markers(l).0.is_empty());
    let value = if numbered { parse_tree(&lines)? } else { parse_flat(&lines)? };
    reply_from_value(value)
}

fn check_size(input: &str) -> Result<(), Problem> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Problem::InputTooLarge { bytes: input.len(), max: MAX_INPUT_BYTES });
    }
    Ok(())
}

fn from_json(v: Json, depth: usize) -> Result<Value, Problem> {
    if depth > 4 {
        return Err(Problem::JsonTooDeep);
    }
    Ok(match v {
        // serde_json, used here before, read `-0` as a float: kept refused, so that the
        // inputs accepted did not change.
        Json::Number(ref n) => match v.as_i64() {
            Some(i) if n != "-0" => Value::Int(i),
            _ => return Err(Problem::NotWholeNumber { number: n.clone() }),
        },
        Json::String(s) => Value::Str(s),
        // Only a host is ever null (unknown-endpoint): Python's None to redis-py.
        Json::Null => Value::Str(NULL_HOST.to_string()),
        Json::Bool(value) => return Err(Problem::UnexpectedBoolean { value }),
        Json::Array(items) => {
            Value::Array(items.into_iter().map(|i| from_json(i, depth + 1)).collect::<Result<_, _>>()?)
        }
        // RESP3 maps (Redis 7 node metadata) arrive as JSON objects: keep key, value
        // pairs. In key order with the last of a repeated key, as serde_json's map gave
        // them: the metadata read from a reply did not change.
        Json::Object(members) => Value::Array({
            let order = key_order_last_wins(&members.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>());
            let mut members: Vec<Option<(String, Json)>> = members.into_iter().map(Some).collect();
            order
                .into_iter()
                .filter_map(|i| members[i].take())
                .flat_map(|(k, v)| [Ok(Value::Str(k)), from_json(v, depth + 1)])
                .collect::<Result<_, _>>()?
        }),
    })
}

/// The indices of `keys` in key order, a repeated key once (its last occurrence): the
/// order collecting pairs into a `BTreeMap` gives. A heap sort, and not generic: the
/// stable sort a `BTreeMap` collect uses, or another slice sort, costs the page ~1-2 KB
/// gzip each.
pub(crate) fn key_order_last_wins(keys: &[&str]) -> Vec<usize> {
    use std::cmp::Reverse;
    // Later occurrences first within a key, so the first of each key is the one kept.
    let heap: std::collections::BinaryHeap<(&str, Reverse<usize>)> =
        keys.iter().enumerate().map(|(i, &k)| (k, Reverse(i))).collect();
    let mut sorted = heap.into_sorted_vec();
    sorted.dedup_by(|a, b| a.0 == b.0);
    sorted.into_iter().map(|(_, Reverse(i))| i).collect()
}

/// The index markers (`1)`, `12)`, or `1#` for RESP3 maps) at the start of a line,
/// with their columns, and what follows them.
fn markers(line: &str) -> (Vec<usize>, &str) {
    let mut cols = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let digits_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let is_marker =
            i > digits_start && i + 1 < bytes.len() && (bytes[i] == b')' || bytes[i] == b'#') && bytes[i + 1] == b' ';
        if !is_marker {
            return (cols, line[digits_start..].trim_end());
        }
        cols.push(digits_start);
        i += 2;
    }
}

fn parse_tree(lines: &[&str]) -> Result<Value, Problem> {
    // Each open array remembers the column of its markers; a marker at a smaller column
    // closes the deeper arrays, one at the same column starts a sibling.
    let mut stack: Vec<(usize, Vec<Value>)> = vec![(0, Vec::new())];
    let mut root_open = false;
    for (n, line) in lines.iter().enumerate() {
        let (cols, rest) = markers(line);
        let Some(&first) = cols.first() else {
            return Err(Problem::ExpectedNumberedItem { text: line.to_string() }.at_line(n + 1));
        };
        while stack.len() > 1 && stack.last().map(|(c, _)| *c > first).unwrap_or(false) {
            close_level(&mut stack);
        }
        if !root_open {
            stack.push((first, Vec::new()));
            root_open = true;
        } else if stack.last().map(|(c, _)| *c < first).unwrap_or(true) {
            return Err(Problem::IndentedTooDeep.at_line(n + 1));
        }
        for &col in &cols[1..] {
            stack.push((col, Vec::new()));
        }
        if stack.len() > 8 {
            return Err(Problem::NestedTooDeep.at_line(n + 1));
        }
        for scalar in scalars(rest).map_err(|e| e.at_line(n + 1))? {
            if let Some((_, items)) = stack.last_mut() {
                items.push(scalar);
            }
        }
    }
    while stack.len() > 1 {
        close_level(&mut stack);
    }
    let mut root = stack.pop().map(|(_, items)| items).unwrap_or_default();
    match root.len() {
        1 => Ok(root.remove(0)),
        _ => Err(Problem::NoOuterList),
    }
}

fn close_level(stack: &mut Vec<(usize, Vec<Value>)>) {
    if let Some((_, items)) = stack.pop() {
        if let Some((_, parent)) = stack.last_mut() {
            parent.push(Value::Array(items));
        }
    }
}

/// One line's value: `(integer) 7`, `"text"`, `(empty array)`, a RESP3 `"k" => "v"`
/// pair (two values), or bare text.
fn scalars(rest: &str) -> Result<Vec<Value>, Problem> {
    if let Some((k, v)) = split_pair(rest) {
        return Ok(vec![scalar(k)?, scalar(v)?]);
    }
    Ok(vec![scalar(rest)?])
}

fn split_pair(rest: &str) -> Option<(&str, &str)> {
    if !rest.starts_with('"') {
        return None;
    }
    let end = quoted_end(rest)?;
    let after = rest[end..].trim_start();
    after.strip_prefix("=>").map(|v| (&rest[..end], v.trim()))
}

fn quoted_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn scalar(text: &str) -> Result<Value, Problem> {
    let text = text.trim();
    if let Some(n) = text.strip_prefix("(integer) ") {
        return n.trim().parse().map(Value::Int).map_err(|_| Problem::BadInteger { text: n.to_string() });
    }
    if text.starts_with("(empty") {
        return Ok(Value::Array(Vec::new()));
    }
    if text == "(nil)" {
        return Ok(Value::Str(NULL_HOST.to_string()));
    }
    if text.starts_with('"') {
        return unquote(text).map(Value::Str);
    }
    Ok(Value::Str(text.to_string()))
}

fn unquote(text: &str) -> Result<String, Problem> {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| Problem::UnterminatedString { text: text.to_string() })?;
    let mut out = Vec::new();
    let mut bytes = inner.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(b'x') => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                let s = std::str::from_utf8(&hex).unwrap_or("");
                out.push(u8::from_str_radix(s, 16).map_err(|_| Problem::BadEscape { text: text.to_string() })?);
            }
            Some(other) => out.push(other),
            None => return Err(Problem::DanglingBackslash { text: text.to_string() }),
        }
    }
    String::from_utf8(out).map_err(|_| Problem::NotUtf8 { text: text.to_string() })
}

/// The raw form has no structure: `start`, `end`, then per node `host`, `port`, `id`
/// and optional `ip`/`hostname` metadata pairs. A number where a host could start means
/// the next entry begins.
fn parse_flat(lines: &[&str]) -> Result<Value, Problem> {
    let tokens: Vec<Value> = lines
        .iter()
        .map(|l| {
            let t = l.trim();
            t.parse::<i64>().map(Value::Int).unwrap_or_else(|_| Value::Str(t.to_string()))
        })
        .collect();
    let is_int = |i: usize| matches!(tokens.get(i), Some(Value::Int(_)));
    let mut entries = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !(is_int(i) && is_int(i + 1)) {
            return Err(Problem::ExpectedRangeStart { found: lines[i].trim().to_string() }.at_line(i + 1));
        }
        let mut entry = vec![tokens[i].clone(), tokens[i + 1].clone()];
        i += 2;
        while i < tokens.len() && !is_int(i) {
            if !is_int(i + 1) {
                return Err(Problem::HostWithoutPort.at_line(i + 1));
            }
            let mut node = vec![tokens[i].clone(), tokens[i + 1].clone()];
            i += 2;
            if matches!(tokens.get(i), Some(Value::Str(s)) if is_node_id(s)) {
                node.push(tokens[i].clone());
                i += 1;
            }
            let mut meta = Vec::new();
            while i + 1 < tokens.len()
                && matches!(&tokens[i], Value::Str(k) if k == "ip" || k == "hostname")
                && !is_int(i + 1)
            {
                meta.push(tokens[i].clone());
                meta.push(tokens[i + 1].clone());
                i += 2;
            }
            if !meta.is_empty() {
                node.push(Value::Array(meta));
            }
            entry.push(Value::Array(node));
        }
        entries.push(Value::Array(entry));
    }
    Ok(Value::Array(entries))
}

/// Redis node ids are 40 hex characters; nothing else in a reply looks like one.
fn is_node_id(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn reply_from_value(value: Value) -> Result<ClusterSlotsReply, Problem> {
    let Value::Array(items) = value else {
        return Err(Problem::ExpectedRangeList);
    };
    let entries = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| entry_from_value(item).map_err(|e| e.in_entry(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let reply = ClusterSlotsReply { entries };
    reply.validate()?;
    Ok(reply)
}

fn entry_from_value(value: Value) -> Result<SlotRange, Problem> {
    let Value::Array(items) = value else {
        return Err(Problem::ExpectedEntry);
    };
    if items.len() < 3 {
        return Err(Problem::EntryTooShort { elements: items.len() });
    }
    let mut it = items.into_iter();
    let start = slot(it.next())?;
    let end = slot(it.next())?;
    let mut nodes = it.map(node_from_value);
    let primary = nodes.next().unwrap_or(Err(Problem::MissingPrimary))?;
    let replicas = nodes.collect::<Result<Vec<_>, _>>()?;
    Ok(SlotRange { start, end, primary, replicas })
}

fn int(v: Option<Value>, field: Field) -> Result<i64, Problem> {
    match v {
        Some(Value::Int(i)) => Ok(i),
        // Python's int() accepts numeric strings, and some tools quote numbers.
        Some(Value::Str(s)) => s.trim().parse().map_err(|_| Problem::NotANumber { field, text: s }),
        Some(Value::Array(_)) => Err(Problem::IsAList { field }),
        None => Err(Problem::Missing { field }),
    }
}

fn slot(v: Option<Value>) -> Result<u16, Problem> {
    let n = int(v, Field::Slot)?;
    u16::try_from(n).ok().filter(|s| *s < super::keyslot::SLOTS).ok_or(Problem::SlotOutOfRange { slot: n })
}

fn node_from_value(value: Value) -> Result<NodeEntry, Problem> {
    let Value::Array(items) = value else {
        return Err(Problem::ExpectedNode);
    };
    let mut it = items.into_iter();
    let host = match it.next() {
        Some(Value::Str(s)) => s,
        Some(Value::Int(host)) => return Err(Problem::HostIsNumber { host }),
        _ => return Err(Problem::MissingHost),
    };
    let port = int(it.next(), Field::Port)?;
    let port = u16::try_from(port).ok().filter(|p| *p > 0).ok_or(Problem::PortOutOfRange { port })?;
    let id = match it.next() {
        Some(Value::Str(s)) => s,
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Array(_)) => return Err(Problem::IdIsList),
        None => String::new(),
    };
    let mut metadata = Vec::new();
    for extra in it {
        match extra {
            Value::Array(pairs) => {
                let mut p = pairs.into_iter();
                while let (Some(k), Some(v)) = (p.next(), p.next()) {
                    metadata.push((text(k), text(v)));
                }
            }
            // Redis 6.2 sent the hostname as a plain fourth element.
            other => metadata.push(("hostname".into(), text(other))),
        }
    }
    Ok(NodeEntry { host, port, id, metadata })
}

fn text(v: Value) -> String {
    match v {
        Value::Str(s) => s,
        Value::Int(i) => i.to_string(),
        Value::Array(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_key_keep_the_last_of_a_repeated_key() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let keys: Vec<&str> = pairs.iter().map(|p| p.0).collect();
        let got: Vec<_> = key_order_last_wins(&keys).into_iter().map(|i| pairs[i]).collect();
        let btree: Vec<_> = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)]
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_iter()
            .collect();
        assert_eq!(got, vec![("a", 5), ("b", 3), ("c", 4)]);
        assert_eq!(got, btree);
    }

    const TREE: &str = r#"1) 1) (integer) 0
   2) (integer) 5460
   3) 1) "localhost"
      2) (integer) 30001
      3) "09dbe9720cda62f7865eabc5fd8857c5d2678366"
      4) 1) "ip"
         2) "127.0.0.1"
   4) 1) "localhost"
      2) (integer) 30004
      3) "821d8ca00d7ccf931ed3ffc7e3db0599d2271abf"
      4) 1) "ip"
         2) "127.0.0.1"
2) 1) (integer) 5461
   2) (integer) 16383
   3) 1) "127.0.0.1"
      2) (integer) 30002
      3) "c9d93d9f2c0c524ff34cc11838c2003d8c29e013"
      4) (empty array)
"#;

    #[test]
    fn tree_form() {
        let r = parse_cluster_slots(TREE).unwrap();
        assert_eq!(r.entries.len(), 2);
        assert_eq!(r.entries[0].primary.host, "localhost");
        assert_eq!(r.entries[0].primary.metadata, vec![("ip".into(), "127.0.0.1".into())]);
        assert_eq!(r.entries[0].replicas[0].port, 30004);
        assert_eq!(r.entries[1].start, 5461);
        assert!(r.entries[1].replicas.is_empty());
    }

    #[test]
    fn flat_form() {
        let flat = "0\n5460\nlocalhost\n30001\n09dbe9720cda62f7865eabc5fd8857c5d2678366\nip\n127.0.0.1\n\
                    localhost\n30004\n821d8ca00d7ccf931ed3ffc7e3db0599d2271abf\nip\n127.0.0.1\n\
                    5461\n16383\n127.0.0.1\n30002\nc9d93d9f2c0c524ff34cc11838c2003d8c29e013\n";
        let r = parse_cluster_slots(flat).unwrap();
        assert_eq!(r, parse_cluster_slots(TREE).unwrap());
    }

    #[test]
    fn json_form_with_metadata_map() {
        let j = r#"[[0,16383,["","7000","abc",{"hostname":"localhost"}]]]"#;
        let r = parse_cluster_slots(j).unwrap();
        assert_eq!(r.entries[0].primary.host, "");
        assert_eq!(r.entries[0].primary.port, 7000);
        assert_eq!(r.entries[0].primary.metadata[0].1, "localhost");
    }

    #[test]
    fn errors_name_the_problem() {
        let e = parse_cluster_slots("[[0,16384,[\"a\",1,\"x\"]]]").unwrap_err();
        assert!(e.contains("16384") && e.contains("out of range"), "{e}");
        let e = parse_cluster_slots("[[0,1,[\"a\",70000,\"x\"]]]").unwrap_err();
        assert!(e.contains("port 70000"), "{e}");
        assert!(parse_cluster_slots("   \n").unwrap_err().contains("empty"));
        assert!(parse_cluster_slots("[]").unwrap_err().contains("empty"));
    }
}
