//! The two catalogues say the same things: every message exists in English and in
//! Chinese, with the same placeholders, in the same area file, and the Chinese text
//! is Chinese (not English copied over). Native only: the files are read from disk.
#![cfg(not(target_arch = "wasm32"))]

use slotscope::i18n::catalogue::{parse, placeholders, Entry};
use std::collections::BTreeMap;
use std::path::Path;

fn read(lang: &str) -> BTreeMap<String, Vec<Entry>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n").join(lang);
    let mut out = BTreeMap::new();
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let entries = parse(&format!("{lang}/{name}"), &std::fs::read_to_string(&p).unwrap()).unwrap();
            out.insert(name, entries);
        }
    }
    out
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_placeholders() {
    let (en, zh) = (read("en"), read("zh"));
    let mut problems = Vec::new();
    let names: Vec<&String> = en.keys().chain(zh.keys()).collect();
    for file in names {
        let e: BTreeMap<&str, &Entry> = en.get(file).into_iter().flatten().map(|x| (x.key.as_str(), x)).collect();
        let z: BTreeMap<&str, &Entry> = zh.get(file).into_iter().flatten().map(|x| (x.key.as_str(), x)).collect();
        for (k, x) in &e {
            match z.get(k) {
                None => problems.push(format!("{}: {k} has no Chinese text in zh/{file}", x.at)),
                Some(y) => {
                    let (pe, pz) = (placeholders(&x.text).unwrap(), placeholders(&y.text).unwrap());
                    if pe != pz {
                        problems.push(format!("{}: {k} uses {pe:?} in English but {pz:?} in Chinese", y.at));
                    }
                    let prose =
                        x.text.split_whitespace().filter(|w| w.chars().all(|c| c.is_ascii_alphabetic())).count();
                    if prose >= 4 && !has_cjk(&y.text) {
                        problems.push(format!("{}: {k} is not translated: {:?}", y.at, y.text));
                    }
                }
            }
        }
        for (k, y) in &z {
            if !e.contains_key(k) {
                problems.push(format!("{}: {k} is not in en/{file}", y.at));
            }
        }
    }
    assert!(problems.is_empty(), "{} catalogue problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_compiled_catalogue_is_the_files() {
    let en: usize = read("en").values().map(Vec::len).sum();
    assert_eq!(slotscope::i18n::all().count(), en);
    for (key, en, zh) in slotscope::i18n::all() {
        assert!(!en.is_empty(), "{key} is empty in English");
        assert!(!zh.is_empty(), "{key} is empty in Chinese");
    }
}
