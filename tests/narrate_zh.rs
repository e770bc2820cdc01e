//! The narration in Chinese: every step of every preset, both panes, reads as
//! Chinese (redis-py's identifiers aside), with every placeholder filled, and the
//! English is what it was.

use slotscope::app::presets::PRESETS;
use slotscope::app::session::Session;
use slotscope::engine::{Action, Model, Trace};
use slotscope::i18n::narrate::narrate;
use slotscope::i18n::Lang;

/// Words that may stay in Latin letters in a Chinese sentence: commands, class and
/// module names redis-py prints, and the one English term kept in parentheses.
const IDENTIFIERS: &[&str] = &[
    "GET",
    "READONLY",
    "COMMAND",
    "CLUSTER",
    "SLOTS",
    "INFO",
    "MOVED",
    "Redis",
    "ClusterNode",
    "Connection",
    "StreamWriter",
    "dict",
    "pop",
    "bytes",
    "asyncio",
    "maintenance",
    "notifications",
];

/// `text` without what it quotes ("name", “warning text”).
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut closing = None;
    for c in text.chars() {
        match (closing, c) {
            (None, '"') => closing = Some('"'),
            (None, '“') => closing = Some('”'),
            (Some(end), c) if c == end => closing = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

/// The Latin-letter words of `text` that are not identifiers: a word counts as an
/// identifier when it holds code punctuation (`tmp_nodes_cache`, `close()`,
/// `redis-py`, `b'localhost':P`) or is listed above.
fn prose_words(text: &str) -> Vec<String> {
    unquoted(text)
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_.()[]'-:#=,".contains(c)))
        .flat_map(|w| w.split(','))
        .map(|w| w.trim_matches(|c: char| ".:,".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !IDENTIFIERS.contains(w))
        .map(str::to_string)
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn check_trace(what: &str, trace: &Trace) -> usize {
    for (i, step) in trace.steps.iter().enumerate() {
        let (en, zh) = (narrate(Lang::En, trace, step), narrate(Lang::Zh, trace, step));
        let at = format!("{what}, step {i} ({:?})", step.action);
        assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{at}: empty narration");
        assert_ne!(zh, en, "{at}: the Chinese narration is the English one");
        assert!(zh.chars().any(is_cjk), "{at}: no Chinese in {zh:?}");
        for text in [&en, &zh] {
            assert!(!unquoted(text).contains(['{', '}']), "{at}: a placeholder left unfilled in {text:?}");
        }
        // redis-py's own exception text stays as redis-py raises it.
        let prose = match &step.action {
            Action::InitializeFailed { .. } => zh.split('：').next().unwrap_or_default().to_string(),
            _ => zh.clone(),
        };
        let english = prose_words(&prose);
        assert!(english.is_empty(), "{at}: English prose {english:?} in {zh:?}");
    }
    trace.steps.len()
}

#[test]
fn every_step_of_every_preset_is_narrated_in_chinese() {
    let mut steps = 0;
    for p in &PRESETS {
        let s = Session::build(&p.spec(), p.left, p.right, None).unwrap();
        steps += check_trace(&format!("{} left ({})", p.id, p.left), &s.left.run.trace);
        steps += check_trace(&format!("{} right ({})", p.id, p.right), &s.right.run.trace);
    }
    assert!(steps > 1000, "{steps} steps");
}

#[test]
fn every_era_is_narrated_in_chinese_on_the_3163_cluster_with_refreshes_and_replica_reads() {
    let p = PRESETS.iter().find(|p| p.id == "3163").unwrap();
    let mut spec = p.spec();
    spec.reinit = 1;
    spec.read_from_replicas = true;
    for m in Model::per_era().chain(Model::every().filter(|m| m.is_fixed())) {
        let s = Session::build(&spec, m, m, None).unwrap();
        check_trace(&format!("3163 with {m}"), &s.left.run.trace);
    }
}

#[test]
fn the_3163_run_in_chinese_names_the_missed_lookup_and_the_orphan_socket() {
    let p = PRESETS.iter().find(|p| p.id == "3163").unwrap();
    let s = Session::build(&p.spec(), p.left, p.right, None).unwrap();
    let trace = &s.left.run.trace;
    let zh: Vec<String> = trace.steps.iter().map(|st| narrate(Lang::Zh, trace, st)).collect();
    let said = |needle: &str| zh.iter().find(|t| t.contains(needle)).cloned();
    assert_eq!(
        said("永远不可能命中").as_deref(),
        Some(
            "在 tmp_nodes_cache 中查找主节点 \"localhost:7000\"：未命中。节点存入时用的名字是 \"127.0.0.1:7000\"，所以这次查找永远不可能命中。"
        )
    );
    assert!(said("孤儿对象，close() 永远碰不到它").is_some(), "{zh:#?}");
    assert!(said("挤出了 #").is_some());
    assert_eq!(zh[0], "ClusterNode(\"localhost\", 7000) 改写了主机名：新对象 #0，名为 \"127.0.0.1:7000\"。");
    assert!(zh.iter().any(|t| t == "initialize() 开始执行，此时 tmp_nodes_cache 和 tmp_slots 都是空的。"));
    // A plural the English spells out ("N objects ... are"); the Chinese has none.
    assert!(said("个对象全部被垃圾回收").is_some());
    let en_collected: Vec<String> = trace
        .steps
        .iter()
        .filter(|st| matches!(st.action, Action::Collected { .. }))
        .map(|st| narrate(Lang::En, trace, st))
        .collect();
    assert!(en_collected.iter().any(|t| t.contains("objects are collected")), "{en_collected:?}");
}

#[test]
fn a_quoted_name_and_a_listed_identifier_are_not_prose() {
    assert!(prose_words("在 tmp_nodes_cache 中查找主节点 \"localhost:7000\"：未命中。").is_empty());
    assert!(prose_words("随后 asyncio 关闭 2 个套接字，并警告“unclosed StreamWriter”").is_empty());
    assert_eq!(prose_words("Look up primary in nodes_cache: miss."), ["Look", "up", "primary", "in", "miss"]);
}
