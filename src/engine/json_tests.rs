//! Unit tests of engine::json (kept beside it, out of its file).

use super::*;

fn err(input: &str) -> String {
    parse(input).unwrap_err()
}

fn s(text: &str) -> Json {
    Json::String(text.into())
}

fn n(text: &str) -> Json {
    Json::Number(text.into())
}

#[test]
fn scalars_arrays_and_objects_in_order() {
    assert_eq!(parse("null").unwrap(), Json::Null);
    assert_eq!(parse(" true ").unwrap(), Json::Bool(true));
    assert_eq!(parse("\t\r\nfalse\n").unwrap(), Json::Bool(false));
    assert_eq!(parse("[]").unwrap(), Json::Array(vec![]));
    assert_eq!(parse("{ }").unwrap(), Json::Object(vec![]));
    let v = parse(r#"{"b": [1, "x", null], "a": {}, "b": true}"#).unwrap();
    assert_eq!(
        v,
        Json::Object(vec![
            ("b".into(), Json::Array(vec![n("1"), s("x"), Json::Null])),
            ("a".into(), Json::Object(vec![])),
            ("b".into(), Json::Bool(true)),
        ])
    );
    assert_eq!(v.get("b"), Some(&Json::Bool(true)), "a repeated key means its last value");
    assert_eq!(v.get("c"), None);
}

#[test]
fn numbers_keep_their_text() {
    for t in ["0", "-0", "7", "-12", "3.25", "-0.5", "1e9", "1E+2", "2.5e-3", "123456789012345678901234567890"] {
        assert_eq!(parse(t).unwrap(), n(t), "{t}");
    }
    assert_eq!(parse("-42").unwrap().as_i64(), Some(-42));
    assert_eq!(parse("-9223372036854775808").unwrap().as_i64(), Some(i64::MIN));
    assert_eq!(parse("9223372036854775808").unwrap().as_i64(), None, "beyond i64");
    assert_eq!(parse("9223372036854775808").unwrap().as_u64(), Some(1 << 63));
    assert_eq!(parse("-1").unwrap().as_u64(), None);
    assert_eq!(parse("1.0").unwrap().as_i64(), None, "written as a fraction");
    assert_eq!(parse("1e2").unwrap().as_i64(), None, "written with an exponent");
}

#[test]
fn bad_numbers_say_why() {
    assert_eq!(err("01"), "not valid JSON: leading zeros are not allowed in a number at line 1 column 2");
    assert_eq!(err("[-01]"), "not valid JSON: leading zeros are not allowed in a number at line 1 column 4");
    assert_eq!(err("-"), "not valid JSON: unexpected end of input at line 1 column 2");
    assert_eq!(err("-x"), "not valid JSON: expected a digit at line 1 column 2");
    assert_eq!(err("1."), "not valid JSON: unexpected end of input at line 1 column 3");
    assert_eq!(err("1.e5"), "not valid JSON: expected a digit at line 1 column 3");
    assert_eq!(err("1e+"), "not valid JSON: unexpected end of input at line 1 column 4");
    assert_eq!(err(".5"), "not valid JSON: expected a value at line 1 column 1");
    assert_eq!(err("+1"), "not valid JSON: expected a value at line 1 column 1");
}

#[test]
fn escapes_unicode_and_surrogate_pairs() {
    let v = parse(r#""q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20AC \ud83d\ude00 é😀""#).unwrap();
    assert_eq!(v, s("q\" b\\ s/ \u{8}\u{c}\n\r\t Aé€ 😀 é😀"));
    assert_eq!(parse(r#""\u0000""#).unwrap(), s("\0"));
}

#[test]
fn bad_strings_say_why() {
    assert_eq!(err(r#""\ud800""#), "not valid JSON: unpaired surrogate in a \\u escape at line 1 column 2");
    assert_eq!(err(r#""\ud800\u0041""#), "not valid JSON: unpaired surrogate in a \\u escape at line 1 column 2");
    assert_eq!(err(r#""ab\udc00""#), "not valid JSON: unpaired surrogate in a \\u escape at line 1 column 4");
    assert_eq!(err(r#""\x""#), "not valid JSON: invalid escape at line 1 column 2");
    assert_eq!(err(r#""\u12G4""#), "not valid JSON: expected four hex digits after \\u at line 1 column 6");
    assert_eq!(
        err("\"a\tb\""),
        "not valid JSON: control character in a string (write it as an escape) at line 1 column 3"
    );
    assert_eq!(err("\"abc"), "not valid JSON: unexpected end of input at line 1 column 5");
    assert_eq!(err("\"\\"), "not valid JSON: unexpected end of input at line 1 column 3");
}

#[test]
fn structure_errors_point_at_the_spot() {
    assert_eq!(err(""), "not valid JSON: unexpected end of input at line 1 column 1");
    assert_eq!(err("  \n "), "not valid JSON: unexpected end of input at line 2 column 2");
    assert_eq!(err("[1,\n 2,\n 3 4]"), "not valid JSON: expected ',' or ']' at line 3 column 4");
    assert_eq!(err("[1,]"), "not valid JSON: trailing comma at line 1 column 4");
    assert_eq!(err(r#"{"a":1,}"#), "not valid JSON: trailing comma at line 1 column 8");
    assert_eq!(err(r#"{"a" 1}"#), "not valid JSON: expected ':' at line 1 column 6");
    assert_eq!(err(r#"{"a":1 "b":2}"#), "not valid JSON: expected ',' or '}' at line 1 column 8");
    assert_eq!(err("{1:2}"), "not valid JSON: expected a string key at line 1 column 2");
    assert_eq!(err("[1"), "not valid JSON: unexpected end of input at line 1 column 3");
    assert_eq!(err("[1] x"), "not valid JSON: unexpected characters after the value at line 1 column 5");
    assert_eq!(err("[1]]"), "not valid JSON: unexpected characters after the value at line 1 column 4");
    assert_eq!(err("tru"), "not valid JSON: expected a value at line 1 column 1");
    assert_eq!(err("[nul]"), "not valid JSON: expected a value at line 1 column 2");
    assert_eq!(err("// no\n1"), "not valid JSON: expected a value at line 1 column 1");
    assert_eq!(err("[\"é\", é]"), "not valid JSON: expected a value at line 1 column 7", "columns count characters");
    assert_eq!(
        err("\u{a0}1"),
        "not valid JSON: expected a value at line 1 column 1",
        "only JSON's four whitespace bytes"
    );
}

#[test]
fn nesting_is_limited_without_recursion() {
    let deep = |d: usize| format!("{}{}", "[".repeat(d), "]".repeat(d));
    assert!(parse(&deep(MAX_DEPTH)).is_ok());
    assert_eq!(err(&deep(MAX_DEPTH + 1)), "not valid JSON: nested deeper than 127 levels at line 1 column 128");
    let objects = format!("{}1{}", r#"{"a":"#.repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
    assert!(err(&objects).contains("nested deeper than 127 levels"));
    // Far past the limit: refused at the limit, not a stack overflow.
    assert!(err(&"[".repeat(1_000_000)).contains("nested deeper"));
}

#[test]
fn writes_compact_text_with_serde_json_escapes() {
    let v = Json::Array(vec![
        s("a\u{1}\u{8}\u{c}\n\r\t\"\\/\u{7f}é\u{1f}😀"),
        Json::Object(vec![("k\"".into(), Json::int(-3)), ("z".into(), Json::Null)]),
        Json::Bool(false),
        n("2.5e-3"),
    ]);
    let text = v.to_string();
    let want = concat!(r#"["a\u0001\b\f\n\r\t\"\\/"#, "\u{7f}", r#"é\u001f😀",{"k\"":-3,"z":null},false,2.5e-3]"#);
    assert_eq!(text, want, "DEL and non-ASCII are written as they are");
    assert_eq!(parse(&text).unwrap(), v, "what is written reads back");
}
