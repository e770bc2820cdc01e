//! The page and the CLI in two languages, English and Simplified Chinese.
//!
//! Every sentence lives in one catalogue per language, `i18n/en/*.txt` and
//! `i18n/zh/*.txt` (one `key = text` per line, `{name}` placeholders, `{n|one|many}`
//! for an English plural). `build.rs` turns the English keys into [`Msg`] and compiles
//! the English text in. The Chinese text is compiled in only natively (the CLI's
//! `--lang zh`, the pre-rendered `/zh/` page); the browser loads it as a same-origin
//! asset when Chinese is chosen ([`load`], from the file [`asset`] writes at build
//! time), so the English page carries none of it.
//!
//! The engine knows nothing of languages: its steps and errors are facts, and this
//! module (and the views) phrase them.

pub mod catalogue;
pub mod errors;
pub mod narrate;
pub mod verdict;

use std::fmt::{Display, Write as _};

include!(concat!(env!("OUT_DIR"), "/msgs.rs"));

/// A language of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// As the address (`?lang=zh`) and the CLI (`--lang zh`) spell it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// `<html lang>` and `hreflang`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// A language code (`en`, `zh`, or a BCP 47 tag of either: `zh-CN`, `en-GB`).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }
}

impl Msg {
    /// The message in `lang`, placeholders unfilled. Chinese text not loaded (in the
    /// browser, before [`load`]) falls back to English. Never inlined: hundreds of
    /// call sites each make one call instead of carrying the lookup (bench.sh's size).
    #[inline(never)]
    pub fn text(self, lang: Lang) -> &'static str {
        let i = self as usize;
        match lang {
            Lang::En => en(i),
            Lang::Zh => zh(i).unwrap_or_else(|| en(i)),
        }
    }

    /// The message in `lang` with its placeholders filled by name (see [`tr!`]): `names`
    /// lists the arguments' names, each followed by a comma, in the order of `values`.
    /// A placeholder without an argument is left as written, so a missing argument
    /// shows on the page instead of vanishing.
    #[inline(never)]
    pub fn fill(self, lang: Lang, names: &str, values: &[&dyn Display]) -> String {
        fill(self.text(lang), names, values)
    }
}

/// A message with its arguments: `tr!(lang, NarrateInitializeRound, round = 2)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $msg:ident $(, $name:ident = $value:expr)* $(,)?) => {
        // The names travel as one string, the values as (pointer, vtable) pairs: as cheap
        // a call as format!'s (a pair of name and value per argument cost ~2 KB of wasm).
        $crate::i18n::Msg::$msg.fill($lang, concat!($(stringify!($name), ","),*), &[$(&$value as &dyn ::core::fmt::Display),*])
    };
}

/// A piece of a message template: text, or a `{name}` / `{name|one|many}` slot (`raw`
/// is the slot as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    Slot { name: &'t str, forms: Option<(&'t str, &'t str)>, raw: &'t str },
}

/// The pieces of `template`, in order, none of them empty text. A `{` without its `}`
/// is text. [`fill`] fills the slots with values, `ui::app_shell::rich` with elements.
pub fn pieces(template: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let slot = rest.find('{').and_then(|open| Some((open, open + rest[open..].find('}')?)));
        let (piece, next) = match slot {
            Some((0, close)) => {
                let raw = &rest[..=close];
                let mut parts = raw[1..close].split('|');
                let name = parts.next().unwrap_or_default();
                let forms = match (parts.next(), parts.next()) {
                    (Some(one), Some(many)) => Some((one, many)),
                    _ => None,
                };
                (Piece::Slot { name, forms, raw }, &rest[close + 1..])
            }
            Some((open, _)) => (Piece::Text(&rest[..open]), &rest[open..]),
            None => (Piece::Text(rest), ""),
        };
        rest = next;
        Some(piece)
    })
}

/// Fills `{name}` and `{name|one|many}` in `template` from `values`, named by `names`
/// (each name followed by a comma).
pub fn fill(template: &str, names: &str, values: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot { name, forms, raw } => match names.split(',').zip(values).find(|(n, _)| *n == name) {
                Some((_, value)) => match forms {
                    Some((one, many)) => out.push_str(if value.to_string() == "1" { one } else { many }),
                    None => {
                        let _ = write!(out, "{value}");
                    }
                },
                None => out.push_str(raw),
            },
        }
    }
    out
}

/// The English text of message `i`.
fn en(i: usize) -> &'static str {
    let start = i.checked_sub(1).map_or(0, |p| usize::from(EN_END[p]));
    EN_TEXT.get(start..usize::from(EN_END[i])).unwrap_or_default()
}

#[cfg(any(not(target_arch = "wasm32"), slotscope_zh_compiled))]
fn zh(i: usize) -> Option<&'static str> {
    Some(ZH[i]).filter(|t| !t.is_empty())
}

#[cfg(all(target_arch = "wasm32", not(slotscope_zh_compiled)))]
fn zh(i: usize) -> Option<&'static str> {
    LOADED.get().and_then(|all| all.get(i).copied()).filter(|t| !t.is_empty())
}

#[cfg(target_arch = "wasm32")]
static LOADED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// The first line of the Chinese asset: which catalogue it belongs to, so a page
/// never reads an asset of another build (the lines are in `Msg` order).
fn header() -> String {
    // A fingerprint of the English catalogue in order (FNV-1a; the keys are not in
    // the wasm, the English texts are).
    let mut h: u32 = 0x811c_9dc5;
    for b in (0..COUNT).flat_map(|i| en(i).bytes().chain([0])) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("slotscope-catalogue zh {COUNT} {h:08x}")
}

/// The Chinese catalogue as the browser loads it: the header, then one message per
/// line in `Msg` order. Written by the pre-render into the site.
#[cfg(not(target_arch = "wasm32"))]
pub fn asset() -> String {
    let mut s = header();
    for t in ZH.iter() {
        s.push('\n');
        s.push_str(t);
    }
    s.push('\n');
    s
}

/// Whether `lang`'s text is at hand (English always; Chinese natively, and in the
/// browser once [`load`]ed).
pub fn loaded(lang: Lang) -> bool {
    match lang {
        Lang::En => true,
        #[cfg(all(target_arch = "wasm32", not(slotscope_zh_compiled)))]
        Lang::Zh => LOADED.get().is_some(),
        #[cfg(any(not(target_arch = "wasm32"), slotscope_zh_compiled))]
        Lang::Zh => true,
    }
}

/// Takes in the Chinese catalogue fetched by the page ([`asset`]'s text). Loading
/// twice keeps the first.
pub fn load(text: &str) -> Result<(), String> {
    let mut lines = text.lines();
    if lines.next() != Some(header().as_str()) {
        return Err("the Chinese catalogue belongs to another build of the page".into());
    }
    let all: Vec<&'static str> = lines.map(|l| &*Box::leak(l.to_string().into_boxed_str())).collect();
    if all.len() != COUNT {
        return Err(format!("the Chinese catalogue has {} messages, not {COUNT}", all.len()));
    }
    #[cfg(target_arch = "wasm32")]
    let _ = LOADED.set(all);
    Ok(())
}

/// Every key and its texts, for the parity test and tools.
#[cfg(not(target_arch = "wasm32"))]
pub fn all() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    (0..COUNT).map(|i| (KEYS[i], en(i), ZH[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_by_name_and_plurals_pick_a_form() {
        let n = 1;
        assert_eq!(
            fill("{n} {n|object|objects} in {cache}", "n,cache,", &[&n, &"nodes_cache"]),
            "1 object in nodes_cache"
        );
        assert_eq!(fill("{n} {n|object|objects}", "n,", &[&3]), "3 objects");
        assert_eq!(fill("{cache} 里有 {n} 个对象", "n,cache,", &[&3, &"nodes_cache"]), "nodes_cache 里有 3 个对象");
        assert_eq!(fill("no {arg} given", "", &[]), "no {arg} given");
        assert_eq!(fill("{n}{cache}", "cache,", &[&"x"]), "{n}x", "a missing value shows as written");
        assert_eq!(fill("a {n", "n,", &[&1]), "a {n", "an unclosed brace is text");
        assert_eq!(
            crate::tr!(Lang::En, PageLanguageFailed, reason = "404"),
            "The Chinese text could not be loaded: 404"
        );
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_asset_loads_back_and_a_stale_one_is_refused() {
        assert!(load(&asset()).is_ok());
        assert!(load("slotscope-catalogue zh 1 00000000\nx\n").unwrap_err().contains("another build"));
    }

    #[test]
    fn languages_read_their_codes_and_tags() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(Lang::parse(l.tag()), Some(l));
        }
    }
}
