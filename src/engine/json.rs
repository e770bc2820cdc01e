//! A small JSON reader and writer for the code that ships in the web app.
//!
//! serde_json cost about 12 KB gzip of the wasm bundle for three uses: reading a
//! pasted `redis-cli --json CLUSTER SLOTS` reply, writing one, and reading the
//! embedded version matrix. None of them needs serde's data model, so a value tree
//! and a strict RFC 8259 parser are enough. The native CLI keeps serde_json.
//!
//! Kept because `bench/json.sh` measured it (README, "The JSON reader"): this reader
//! costs the engine floor 7.0 KB gzip; serde_json in its place grows it by 8.2 KB more
//! and reads 1.4-2.4x slower in Chromium, JSON.parse + serde-wasm-bindgen by 9.8 KB, 1.6-3.1x.

use super::problem::{JsonExpected, JsonFault, Problem};
use std::fmt;

/// Deeper input is refused. serde_json refused the same depth (128 open brackets), so
/// no input that parsed before is refused now, nor the other way round.
pub const MAX_DEPTH: usize = 127;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number exactly as written (already checked against the JSON grammar).
    /// Kept as text so that no float parser or printer is linked into the wasm, and
    /// so that writing a parsed value gives back the same digits.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in document order, duplicates included: what a key means when it is
    /// repeated is the reader's choice (see `get`).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A whole number, written the way any JSON library writes it.
    pub fn int(n: i64) -> Json {
        Json::Number(n.to_string())
    }

    /// The member `key` of an object. A repeated key means its last value, as it did
    /// with serde_json, whose map kept the last insertion.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Only numbers written as integers: `1.0` and `1e2` are not, as in serde_json.
    pub fn as_i64(&self) -> Option<i64> {
        self.integer_text()?.parse().ok()
    }

    /// Only non-negative numbers written as integers.
    pub fn as_u64(&self) -> Option<u64> {
        self.integer_text()?.parse().ok()
    }

    fn integer_text(&self) -> Option<&str> {
        match self {
            Json::Number(t) if !t.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) => Some(t),
            _ => None,
        }
    }
}

/// Compact JSON text, escaped the way serde_json and `redis-cli --json` do (so
/// output stays byte-for-byte what it was): `"` and `\`, the short escapes for
/// the common control characters and `\u00xx` for the others; everything else,
/// non-ASCII included, as is.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Recursion here is bounded by the value's depth: parsed values are at most
        // MAX_DEPTH deep and the ones the engine builds are a few levels.
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Json::Number(t) => f.write_str(t),
            Json::String(s) => write_string(f, s),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    item.fmt(f)?;
                }
                f.write_str("]")
            }
            Json::Object(members) => {
                f.write_str("{")?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, k)?;
                    f.write_str(":")?;
                    v.fmt(f)?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    f.write_str("\"")?;
    // Unescaped runs are written as slices: they end only at ASCII bytes, so every
    // cut is on a char boundary.
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        f.write_str(&s[run..i])?;
        if short.is_empty() {
            let u = [b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
            f.write_str(std::str::from_utf8(&u).map_err(|_| fmt::Error)?)?;
        } else {
            f.write_str(short)?;
        }
        run = i + 1;
    }
    f.write_str(&s[run..])?;
    f.write_str("\"")
}

/// Parses one JSON text (RFC 8259, nothing more lenient): whitespace around the
/// value, nothing after it. Errors read `not valid JSON: <what> at line L column C`,
/// the column counted in characters from 1.
///
/// Containers are kept on an explicit stack, not the call stack, so hostile nesting
/// meets `MAX_DEPTH`, not a stack overflow; every byte is looked at a bounded number
/// of times, so the time is linear in the input.
pub fn parse(input: &str) -> Result<Json, String> {
    read(input).map_err(String::from)
}

/// [`parse`], the error as facts (`Problem::Json`), for a caller that phrases it.
pub fn read(input: &str) -> Result<Json, Problem> {
    Parser { src: input.as_bytes(), pos: 0 }.document().map_err(|(what, at)| {
        let (line, column) = line_column(input, at);
        Problem::Json { what, line, column }
    })
}

/// A failure and the byte offset it points at.
type Failure = (JsonFault, usize);

/// An open container: its items so far (an object also holds the key whose value
/// is being read).
enum Open {
    Array(Vec<Json>),
    Object(Vec<(String, Json)>, String),
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn document(&mut self) -> Result<Json, Failure> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // A value starts here: a scalar completes at once, a non-empty container
            // is pushed and its first item read next.
            self.skip_ws();
            let mut done = match self.peek() {
                Some(b'[') | Some(b'{') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.fail(JsonFault::TooDeep { max: MAX_DEPTH }));
                    }
                    let array = self.peek() == Some(b'[');
                    self.pos += 1;
                    self.skip_ws();
                    match (array, self.peek()) {
                        (true, Some(b']')) => {
                            self.pos += 1;
                            Json::Array(Vec::new())
                        }
                        (false, Some(b'}')) => {
                            self.pos += 1;
                            Json::Object(Vec::new())
                        }
                        (true, _) => {
                            stack.push(Open::Array(Vec::new()));
                            continue;
                        }
                        (false, _) => {
                            let key = self.key()?;
                            stack.push(Open::Object(Vec::new(), key));
                            continue;
                        }
                    }
                }
                _ => self.scalar()?,
            };
            // A value is complete: hand it to the open container, closing every
            // container that ends right after it.
            loop {
                let Some(top) = stack.last_mut() else {
                    self.skip_ws();
                    if self.pos < self.src.len() {
                        return Err(self.fail(JsonFault::TrailingCharacters));
                    }
                    return Ok(done);
                };
                self.skip_ws();
                let next = self.peek();
                match top {
                    Open::Array(items) => {
                        items.push(done);
                        match next {
                            Some(b',') => {
                                self.pos += 1;
                                self.no_trailing_comma(b']')?;
                                break;
                            }
                            Some(b']') => self.pos += 1,
                            _ => return Err(self.expected(JsonExpected::CommaOrBracket)),
                        }
                    }
                    Open::Object(members, key) => {
                        members.push((std::mem::take(key), done));
                        match next {
                            Some(b',') => {
                                self.pos += 1;
                                self.no_trailing_comma(b'}')?;
                                *key = self.key()?;
                                break;
                            }
                            Some(b'}') => self.pos += 1,
                            _ => return Err(self.expected(JsonExpected::CommaOrBrace)),
                        }
                    }
                }
                done = match stack.pop() {
                    Some(Open::Array(items)) => Json::Array(items),
                    Some(Open::Object(members, _)) => Json::Object(members),
                    None => unreachable!("the loop saw an open container"),
                };
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn fail(&self, what: JsonFault) -> Failure {
        (what, self.pos)
    }

    /// "expected X", or the plainer "unexpected end of input" when the text stops.
    fn expected(&self, what: JsonExpected) -> Failure {
        if self.pos >= self.src.len() {
            self.fail(JsonFault::UnexpectedEnd)
        } else {
            self.fail(JsonFault::Expected(what))
        }
    }

    /// Named apart from "expected a value" because it is the mistake people make.
    fn no_trailing_comma(&mut self, close: u8) -> Result<(), Failure> {
        self.skip_ws();
        if self.peek() == Some(close) {
            return Err(self.fail(JsonFault::TrailingComma));
        }
        Ok(())
    }

    /// An object key and its colon, leaving the position at the value.
    fn key(&mut self) -> Result<String, Failure> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return Err(self.expected(JsonExpected::StringKey));
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.expected(JsonExpected::Colon));
        }
        self.pos += 1;
        Ok(key)
    }

    fn scalar(&mut self) -> Result<Json, Failure> {
        match self.peek() {
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            _ => Err(self.expected(JsonExpected::Value)),
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, Failure> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.fail(JsonFault::Expected(JsonExpected::Value)))
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<Json, Failure> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.fail(JsonFault::LeadingZeros));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.expected(JsonExpected::Digit)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.some_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.some_digits()?;
        }
        // Only ASCII bytes were consumed, so this slice is valid UTF-8.
        let text = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or_default();
        Ok(Json::Number(text.to_string()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> Result<(), Failure> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.expected(JsonExpected::Digit));
        }
        self.digits();
        Ok(())
    }

    /// A string from its opening quote; the position ends after the closing one.
    fn string(&mut self) -> Result<String, Failure> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.fail(JsonFault::UnexpectedEnd));
            };
            match b {
                b'"' => {
                    out.push_str(self.text(run));
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.text(run));
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                0x00..=0x1f => return Err(self.fail(JsonFault::ControlCharacter)),
                _ => self.pos += 1,
            }
        }
    }

    /// The source from `from` to the position, which both sit next to ASCII bytes
    /// (a quote or a backslash) or at the end of an escape: always char boundaries.
    fn text(&self, from: usize) -> &str {
        std::str::from_utf8(&self.src[from..self.pos]).unwrap_or_default()
    }

    /// One escape, the position just after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Failure> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let at = self.pos - 1;
                self.pos += 1;
                let unit = self.hex4()?;
                let code = match unit {
                    // A high surrogate is half a character: the low half must follow.
                    0xd800..=0xdbff => {
                        let low = if self.src[self.pos..].starts_with(b"\\u") {
                            self.pos += 2;
                            self.hex4()?
                        } else {
                            0
                        };
                        if !(0xdc00..=0xdfff).contains(&low) {
                            return Err((JsonFault::UnpairedSurrogate, at));
                        }
                        0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                    }
                    0xdc00..=0xdfff => return Err((JsonFault::UnpairedSurrogate, at)),
                    _ => unit,
                };
                // Every surrogate was paired or refused above, so this is a char.
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            None => return Err(self.fail(JsonFault::UnexpectedEnd)),
            Some(_) => return Err((JsonFault::InvalidEscape, self.pos - 1)),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Failure> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.expected(JsonExpected::HexDigits)),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }
}

/// Line and column (from 1, in characters) of a byte offset. Only errors need it, so
/// it rescans the input once rather than tracking lines while parsing.
fn line_column(input: &str, at: usize) -> (usize, usize) {
    let before = &input.as_bytes()[..at.min(input.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    // UTF-8 continuation bytes do not start a character.
    let column = 1 + before[line_start..].iter().filter(|&&b| b & 0xc0 != 0x80).count();
    (line, column)
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
