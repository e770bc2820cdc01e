//! `slotscope simulate --lang`: the human verdict and the `--trace` narration in
//! Chinese; English (the default) and the JSON unchanged.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn slotscope(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slotscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run slotscope");
    if let Some(input) = stdin {
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str], stdin: Option<&str>) -> String {
    let out = slotscope(args, stdin);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const LOCALHOST_3X2: &str =
    r#"{"primaries":3,"replicas":1,"ranges_per_primary":2,"announce":"localhost","base_port":7000}"#;

fn simulate(extra: &[&str]) -> String {
    let mut args = vec!["simulate", "--model", "async-5.0.1", "--topology", "-", "--reinit", "1"];
    args.extend_from_slice(extra);
    ok(&args, Some(LOCALHOST_3X2))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn the_verdict_in_chinese_names_the_same_numbers() {
    let en = simulate(&[]);
    assert_eq!(simulate(&["--lang", "en"]), en);
    assert_eq!(
        en,
        "async-5.0.1: leaks: 16384 orphaned ClusterNode objects per initialize; 3 connections left open after close; \
         3 \"Unclosed ClusterNode object\" warnings when collected\n"
    );
    let zh = simulate(&["--lang", "zh"]);
    assert_eq!(
        zh,
        "async-5.0.1：有泄漏：每次 initialize 产生 16384 个孤儿 ClusterNode 对象；close 之后仍有 3 个连接没有关闭；\
         被垃圾回收时发出 3 条“Unclosed ClusterNode object”警告\n"
    );
    let clean = ok(&["simulate", "--model", "async-fixed", "--topology", "-", "--lang", "zh"], Some(LOCALHOST_3X2));
    assert_eq!(
        clean,
        "async-fixed：没有泄漏：slots_cache 中的每个 ClusterNode 都在 nodes_cache 里；close() 会关闭所有连接\n"
    );
}

#[test]
fn the_trace_in_chinese_differs_only_in_its_narration() {
    let parse = |s: &str| -> serde_json::Value { serde_json::from_str(s).unwrap() };
    let (mut en, mut zh) = (parse(&simulate(&["--trace"])), parse(&simulate(&["--trace", "--lang", "zh"])));
    let steps = |v: &mut serde_json::Value| v["steps"].as_array_mut().unwrap().clone();
    let (en_steps, zh_steps) = (steps(&mut en), steps(&mut zh));
    assert_eq!(en_steps.len(), zh_steps.len());
    assert!(en_steps.len() > 100);
    for (e, z) in en_steps.iter().zip(&zh_steps) {
        let (e_text, z_text) = (e["narration"].as_str().unwrap(), z["narration"].as_str().unwrap());
        assert!(z_text.chars().any(is_cjk), "{z_text}");
        assert!(!e_text.chars().any(is_cjk), "{e_text}");
        let (mut e, mut z) = (e.clone(), z.clone());
        e.as_object_mut().unwrap().remove("narration");
        z.as_object_mut().unwrap().remove("narration");
        assert_eq!(e, z, "everything but the narration is the same");
    }
    assert_eq!(en["objects"], zh["objects"]);
}

#[test]
fn remedies_in_chinese_are_the_same_remedies() {
    let (en, zh) = (simulate(&["--remedies"]), simulate(&["--remedies", "--lang", "zh"]));
    assert_eq!(en.lines().count(), zh.lines().count());
    assert!(
        en.contains("\n  - pass address_remap mapping localhost to 127.0.0.1 (a client option): stops the leak ("),
        "{en}"
    );
    assert!(zh.contains("\n  - 传入 address_remap，把 localhost 映射到 127.0.0.1（客户端选项）：止住了泄漏（"), "{zh}");
    assert!(zh.lines().all(|l| l.chars().any(is_cjk)), "{zh}");
}

#[test]
fn json_is_the_same_in_both_languages() {
    assert_eq!(simulate(&["--json", "--lang", "zh"]), simulate(&["--json"]));
}

#[test]
fn a_bad_language_is_one_line_and_help_names_the_flag() {
    for args in [&["--lang", "fr"][..], &["--lang"][..]] {
        let mut all = vec!["simulate", "--model", "async-5.0.1", "--topology", "-"];
        all.extend_from_slice(args);
        let out = slotscope(&all, Some(LOCALHOST_3X2));
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("--lang"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let help = ok(&["simulate", "--help"], None);
    assert!(help.contains("--lang L") && help.contains("en (default) or zh"), "{help}");
    assert!(ok(&["--help"], None).contains("[--lang en|zh]"));
}
