//! Generates the message catalogue's Rust side from `i18n/en/*.txt` (the English
//! text, compiled in) and `i18n/zh/*.txt` (compiled in natively only: the CLI and the
//! pre-render; the browser loads it as an asset, `crate::i18n::load`). See
//! `src/i18n/mod.rs` and README, "Adding a message".

#[path = "src/i18n/catalogue.rs"]
mod catalogue;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

fn read_dir(lang: &str) -> Vec<catalogue::Entry> {
    let dir = Path::new("i18n").join(lang);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        out.extend(catalogue::parse(&f.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}")));
    }
    out
}

fn main() {
    // `--cfg slotscope_zh_compiled`: the Chinese text compiled into the wasm too, only
    // to measure what that would cost (bench/i18n.sh); the page fetches it instead.
    println!("cargo::rustc-check-cfg=cfg(slotscope_zh_compiled)");
    let en = read_dir("en");
    let zh: BTreeMap<String, String> = read_dir("zh").into_iter().map(|e| (e.key, e.text)).collect();
    let (mut keys, mut variants) = (HashSet::new(), HashSet::new());
    for e in &en {
        assert!(keys.insert(e.key.as_str()), "{}: the key {} is defined twice", e.at, e.key);
        assert!(
            variants.insert(catalogue::variant(&e.key)),
            "{}: {} names the same variant as another key",
            e.at,
            e.key
        );
    }
    let mut s = String::new();
    s.push_str("/// Every message of the page and the CLI, one variant per catalogue key.\n");
    s.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\n#[repr(u16)]\npub enum Msg {\n");
    for e in &en {
        let _ = writeln!(s, "    /// {}\n    {},", e.text.replace('`', "'"), catalogue::variant(&e.key));
    }
    s.push_str("}\n\n");
    let _ = writeln!(s, "pub(crate) const COUNT: usize = {};", en.len());
    // The English text as one string and where each message ends: a table of fat
    // pointers would cost 8 bytes a message in the wasm, these 2 (bench.sh's size).
    let all: String = en.iter().map(|e| e.text.as_str()).collect();
    assert!(all.len() <= usize::from(u16::MAX), "the English catalogue outgrew u16 offsets");
    let _ = writeln!(s, "pub(crate) static EN_TEXT: &str = {all:?};");
    let _ = write!(s, "pub(crate) static EN_END: [u16; COUNT] = [");
    let mut end = 0;
    for e in &en {
        end += e.text.len();
        let _ = write!(s, "{end},");
    }
    s.push_str("];\n");
    s.push_str("#[cfg(not(target_arch = \"wasm32\"))]\npub(crate) static KEYS: [&str; COUNT] = [\n");
    for e in &en {
        let _ = writeln!(s, "    {:?},", e.key);
    }
    s.push_str("];\n/// The Chinese text in `Msg` order (\"\" where a key has none yet: the parity test fails).\n");
    s.push_str(
        "#[cfg(any(not(target_arch = \"wasm32\"), slotscope_zh_compiled))]\npub(crate) static ZH: [&str; COUNT] = [\n",
    );
    for e in &en {
        let _ = writeln!(s, "    {:?},", zh.get(&e.key).map(String::as_str).unwrap_or(""));
    }
    s.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("msgs.rs");
    std::fs::write(out, s).expect("write msgs.rs");
}
