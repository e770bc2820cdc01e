//! Reading the start tags of the page trunk wrote (build time): which files it loads
//! and with what attributes. Trunk writes them, so a tag is `<` to `>` and a value
//! is quoted or a single word.

/// The start tags in `html`, `<` to `>`, each with where it starts (attribute values
/// here hold no `>`).
pub fn tags(html: &str) -> impl Iterator<Item = (usize, &str)> {
    html.match_indices('<').filter_map(move |(at, _)| html[at..].find('>').map(|end| (at, &html[at..=at + end])))
}

/// The value of `name` in a start tag, quoted or not.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        rest = after;
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.strip_prefix('=') {
                return Some(match value.strip_prefix('"') {
                    Some(quoted) => quoted.split('"').next().unwrap_or(""),
                    None => value.split([' ', '>']).next().unwrap_or("").trim_end_matches('/'),
                });
            }
        }
    }
    None
}

/// The last part of an address: the page and its assets sit in one directory,
/// whatever the public URL.
pub fn file_name(address: &str) -> &str {
    address.rsplit('/').next().unwrap_or(address)
}
