//! Reading the message catalogues, `i18n/<lang>/<area>.txt`: one `key = text` per
//! line, `#` comments, blank lines. Shared by `build.rs` (which turns the English
//! files into `Msg` and the compiled-in English text) and the parity test, so there
//! is one reader. Std only: build scripts cannot use the crate.

/// One message as written in a catalogue file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub text: String,
    /// `file:line`, for error messages.
    pub at: String,
}

/// Reads one catalogue file's text. Errors name the file and line.
pub fn parse(file: &str, source: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let at = format!("{file}:{}", i + 1);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, text)) = line.split_once(" = ") else {
            return Err(format!("{at}: expected `key = text`"));
        };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(format!("{at}: the key {key:?} is not lowercase letters, digits and dashes"));
        }
        let text = text.trim();
        placeholders(text).map_err(|e| format!("{at}: {e}"))?;
        out.push(Entry { key: key.to_string(), text: text.to_string(), at });
    }
    Ok(out)
}

/// The placeholder names a text uses, sorted and deduplicated: `{name}` and the
/// plural form `{name|one|many}` both use `name`.
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("a `}}` without its `{{` in {text:?}"));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("a `{{` without its `}}` in {text:?}"));
        };
        let inner = &rest[open + 1..open + close];
        let mut parts = inner.split('|');
        let name = parts.next().unwrap_or_default();
        let forms = parts.count();
        let ident = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ident || (forms != 0 && forms != 2) {
            return Err(format!("{{{inner}}} is neither {{name}} nor {{name|one|many}} in {text:?}"));
        }
        names.push(name.to_string());
        rest = &rest[open + close + 1..];
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// The Rust name of a key: `tour-orphan-title` is `TourOrphanTitle`.
pub fn variant(key: &str) -> String {
    key.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}
