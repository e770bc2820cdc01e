//! The CLI is a contract other tools script against: run the real binary.
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
        // The binary may reject its arguments before it reads stdin.
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

/// Runs a command that must fail; returns its one-line message.
fn fails(args: &[&str], stdin: Option<&str>) -> String {
    let out = slotscope(args, stdin);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line expected: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
    err
}

const LOCALHOST_3X2: &str =
    r#"{"primaries":3,"replicas":0,"ranges_per_primary":2,"announce":"localhost","base_port":7000}"#;

#[test]
fn keyslot_prints_key_tab_slot() {
    assert_eq!(ok(&["keyslot", "123456789", "{a}b"], None), "123456789\t12739\n{a}b\t15495\n");
    assert_eq!(ok(&["keyslot", "--hex", "313233343536373839"], None), "313233343536373839\t12739\n");
    assert!(fails(&["keyslot", "--hex", "zz"], None).contains("not hex"));
}

#[test]
fn simulate_json_has_the_contract_fields() {
    let out = ok(
        &[
            "simulate",
            "--model",
            "async-5.0.1",
            "--startup-host",
            "localhost",
            "--startup-port",
            "7000",
            "--topology",
            "-",
            "--json",
        ],
        Some(LOCALHOST_3X2),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for field in [
        "model",
        "initializations",
        "objects_created",
        "nodes_cache",
        "ranges",
        "distinct_slot_objects",
        "orphaned_objects",
        "open_connections_after_close",
        "unclosed_warnings",
        "steps",
    ] {
        assert!(v.get(field).is_some(), "missing {field}: {out}");
    }
    assert_eq!(v["model"], "async-5.0.1");
    assert_eq!(v["orphaned_objects"], 3);
    assert_eq!(v["open_connections_after_close"], 3);
    assert_eq!(v["unclosed_warnings"], 3);
    let ranges = v["ranges"].as_array().unwrap();
    assert_eq!(ranges.len(), 6);
    for r in ranges {
        for f in ["start", "end", "primary_object", "primary_in_nodes_cache", "replica_objects"] {
            assert!(r.get(f).is_some(), "range misses {f}");
        }
    }
    // Each primary's first range is served by an object nodes_cache does not hold.
    let orphan_ranges = ranges.iter().filter(|r| r["primary_in_nodes_cache"] == false).count();
    assert_eq!(orphan_ranges, 3);
    assert_eq!(v["nodes_cache"].as_object().unwrap().len(), 3);
    assert!(v["nodes_cache"].get("127.0.0.1:7000").is_some());
}

#[test]
fn simulate_prints_a_human_verdict() {
    let out = ok(&["simulate", "--model", "async-5.0.1", "--topology", "-"], Some(LOCALHOST_3X2));
    assert!(
        out.contains("leaks: 3 orphaned ClusterNode objects per initialize; 3 connections left open after close"),
        "{out}"
    );
    let out = ok(&["simulate", "--model", "async-fixed", "--topology", "-"], Some(LOCALHOST_3X2));
    assert!(out.starts_with("async-fixed: no leak"), "{out}");
}

const REDIS_CLI_TEXT: &str = r#"1) 1) (integer) 0
   2) (integer) 8191
   3) 1) "localhost"
      2) (integer) 7000
      3) "4f9b2b4bd2d8c6e4d6c0d1c8e3f5a7b9c1d3e5f7"
      4) 1) "ip"
         2) "127.0.0.1"
2) 1) (integer) 8192
   2) (integer) 12287
   3) 1) "localhost"
      2) (integer) 7001
      3) "5f9b2b4bd2d8c6e4d6c0d1c8e3f5a7b9c1d3e5f7"
      4) 1) "ip"
         2) "127.0.0.1"
3) 1) (integer) 12288
   2) (integer) 16383
   3) 1) "localhost"
      2) (integer) 7000
      3) "4f9b2b4bd2d8c6e4d6c0d1c8e3f5a7b9c1d3e5f7"
      4) 1) "ip"
         2) "127.0.0.1"
"#;

#[test]
fn simulate_reads_redis_cli_text_and_json() {
    let text = ok(&["simulate", "--model", "async-5.0.1", "--cluster-slots", "-", "--json"], Some(REDIS_CLI_TEXT));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["orphaned_objects"], 1);
    let json = r#"[[0,8191,["localhost",7000,"a",{"ip":"127.0.0.1"}]],[8192,12287,["localhost",7001,"b",{"ip":"127.0.0.1"}]],[12288,16383,["localhost",7000,"a",{"ip":"127.0.0.1"}]]]"#;
    let from_json = ok(&["simulate", "--model", "async-5.0.1", "--cluster-slots", "-", "--json"], Some(json));
    let w: serde_json::Value = serde_json::from_str(&from_json).unwrap();
    assert_eq!(v["ranges"], w["ranges"]);
    assert_eq!(v["orphaned_objects"], w["orphaned_objects"]);
}

#[test]
fn bad_input_gives_one_clear_line() {
    let sim = |extra: &[&str]| {
        let mut args = vec!["simulate", "--model", "async-5.0.1"];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>, stdin: &str| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        fails(&refs, Some(stdin))
    };
    let e = run(sim(&["--cluster-slots", "-"]), "[[0, 16384, [\"a\", 7000, \"x\"]]]");
    assert!(e.contains("slot 16384 is out of range"), "{e}");
    let e = run(sim(&["--cluster-slots", "-"]), "[[0, 10, [\"a\", 70000, \"x\"]]]");
    assert!(e.contains("port 70000 is out of range"), "{e}");
    let e = run(sim(&["--cluster-slots", "-"]), "[[0, 10, [\"a\"");
    assert!(e.contains("not valid JSON"), "{e}");
    let e = run(sim(&["--cluster-slots", "-"]), "");
    assert!(e.contains("stdin is empty"), "{e}");
    let e = run(sim(&["--startup-port", "70000", "--topology", "-"]), LOCALHOST_3X2);
    assert!(e.contains("port 70000 is out of range"), "{e}");
    let e = fails(&["simulate", "--model", "async-9.9.9", "--topology", "-"], Some(LOCALHOST_3X2));
    assert!(e.contains("unknown model 'async-9.9.9'"), "{e}");
    let e = fails(&["simulate", "--model", "async-5.0.1", "--cluster-slots", "/nonexistent/file"], None);
    assert!(e.contains("cannot read /nonexistent/file"), "{e}");
    let empty = std::env::temp_dir().join(format!("slotscope-empty-{}", std::process::id()));
    std::fs::write(&empty, "").unwrap();
    let e = fails(&["simulate", "--model", "async-5.0.1", "--cluster-slots", empty.to_str().unwrap()], None);
    assert!(e.contains("is empty"), "{e}");
    std::fs::remove_file(empty).ok();
    let e = run(sim(&["--topology", "-"]), r#"{"primaries":0}"#);
    assert!(e.contains("at least one primary"), "{e}");
}

#[test]
fn every_command_answers_help() {
    for cmd in ["keyslot", "simulate", "repro", "check", "models", "presets"] {
        for flag in ["--help", "-h"] {
            let out = ok(&[cmd, flag], None);
            assert!(out.starts_with(&format!("usage: slotscope {cmd}")), "{cmd} {flag}: {out}");
        }
    }
    assert!(ok(&["simulate", "--model", "async-5.0.1", "--help"], None).contains("--workload"));
    assert!(ok(&["--help"], None).contains("async-X.Y.Z"));
}

#[test]
fn any_release_resolves_to_its_era_and_models_lists_the_eras() {
    let models = ok(&["models"], None);
    for era in ["async-4.6.0 .. async-5.0.1", "async-7.2.0 .. async-7.4.1", "sync-4.3.0 .. sync-4.3.3"] {
        assert!(models.contains(era), "{era} missing from:\n{models}");
    }
    assert!(models.contains("async-fixed") && models.contains("6.4.0"));
    let ip = r#"{"primaries":3,"replicas":1,"ranges_per_primary":2,"announce":"ip","base_port":7000}"#;
    // The 7.2-7.4 async regression leaks without localhost after a re-initialize.
    let out = ok(&["simulate", "--model", "async-7.3.1", "--topology", "-", "--reinit", "1"], Some(ip));
    assert!(out.starts_with("async-7.3.1: leaks: 6 orphaned"), "{out}");
    let out = ok(&["simulate", "--model", "async-6.4.0", "--topology", "-", "--reinit", "1"], Some(ip));
    assert!(out.contains("no leak"), "{out}");
    // 4.x sync close() leaves every socket open, whatever the cluster announces.
    let out = ok(&["simulate", "--model", "sync-4.6.0", "--topology", "-", "--reinit", "1"], Some(ip));
    assert!(out.contains("3 connections left open after close"), "{out}");
}

#[test]
fn an_unmodelled_release_names_the_nearest() {
    let err = fails(&["simulate", "--model", "async-9.0.0", "--topology", "-"], Some(LOCALHOST_3X2));
    assert!(err.contains("8.1.0"), "{err}");
    let err = fails(&["simulate", "--model", "sync-5.0.9", "--topology", "-"], Some(LOCALHOST_3X2));
    assert!(err.contains("5.0.8 and 5.1.0"), "{err}");
}

#[test]
fn remedies_are_tried_on_the_same_cluster_cheapest_first() {
    let localhost = r#"{"primaries":3,"replicas":1,"ranges_per_primary":2,"announce":"localhost","base_port":7000}"#;
    let out = ok(&["simulate", "--model", "async-5.0.1", "--topology", "-", "--remedies"], Some(localhost));
    assert!(out.contains("cheapest fix: pass address_remap"), "{out}");
    assert!(out.contains("upgrade to redis-py 8.0.0 or newer: stops the leak"), "{out}");
    assert!(out.contains("start the client from 127.0.0.1 instead of localhost: still leaks"), "{out}");
    // The option itself, on a release that has it and one that does not.
    let fixed = ok(
        &["simulate", "--model", "sync-8.1.0", "--topology", "-", "--address-remap", "localhost=127.0.0.1"],
        Some(localhost),
    );
    assert!(fixed.contains("no leak"), "{fixed}");
    let err = fails(
        &["simulate", "--model", "async-4.4.0", "--topology", "-", "--address-remap", "localhost=127.0.0.1"],
        Some(localhost),
    );
    assert!(err.contains("4.5.5"), "{err}");
    assert!(fails(&["simulate", "--model", "async-5.0.1", "--topology", "-", "--address-remap", "x"], Some(localhost))
        .contains("FROM=TO"));
}

#[test]
fn read_from_replicas_floods_sockets_on_per_slot_releases() {
    let topo = r#"{"primaries":3,"replicas":1,"ranges_per_primary":3,"announce":"localhost","base_port":7000}"#;
    let keys: Vec<String> = slotscope::engine::keyslot::distinct_slot_keys("slotscope:rfr:", 1000);
    let dir = std::env::temp_dir().join(format!("slotscope-keys-{}", std::process::id()));
    std::fs::write(&dir, keys.join("\n")).unwrap();
    let workload = format!("keys:{}", dir.display());
    let run = |model: &str| {
        let out = ok(
            &[
                "simulate",
                "--model",
                model,
                "--topology",
                "-",
                "--read-from-replicas",
                "--workload",
                &workload,
                "--json",
            ],
            Some(topo),
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["open_connections_after_close"].as_u64().unwrap()
    };
    let flood = run("async-5.0.1");
    assert!(flood > 400, "one socket per replica read: {flood}");
    assert!(run("sync-6.4.0") <= 12 && run("async-8.1.0") == 0);
    let _ = std::fs::remove_file(dir);
}

/// `--json` streams (engine::count) but prints exactly what the traced run's verdict
/// is, field for field, for every model; the refresh cap is 100 only with `--trace`.
#[test]
fn simulate_json_streams_the_same_verdict_as_a_trace() {
    use slotscope::engine::{simulate, Model, Scenario, Topology, Verdict, Workload};
    let topo = r#"{"primaries":3,"replicas":1,"ranges_per_primary":2,"announce":"localhost","base_port":7000}"#;
    let out = ok(&["simulate", "--model", "all", "--topology", "-", "--reinit", "3", "--json"], Some(topo));
    let reply = serde_json::from_str::<Topology>(topo).unwrap().cluster_slots().unwrap();
    let traced: Vec<Verdict> = Model::per_era()
        .map(|m| {
            let mut sc = Scenario::new(m, "localhost", 7000, reply.clone());
            (sc.reinit, sc.workload) = (3, Workload::EachRange);
            Verdict::of(&simulate(&sc).unwrap(), &reply)
        })
        .collect();
    assert_eq!(out, serde_json::to_string_pretty(&traced).unwrap() + "\n");

    let long = ok(&["simulate", "--model", "async-5.0.1", "--topology", "-", "--reinit", "1000", "--json"], Some(topo));
    let v: serde_json::Value = serde_json::from_str(&long).unwrap();
    assert_eq!(v["initializations"], 1001);
    assert_eq!(v["orphans_per_initialize"].as_array().unwrap().len(), 1001);
    let err =
        fails(&["simulate", "--model", "async-5.0.1", "--topology", "-", "--reinit", "1000", "--trace"], Some(topo));
    assert!(err.contains("at most 100 re-initializations"), "{err}");
}

/// `slotscope simulate --lang`: the human verdict and the `--trace` narration in
/// Chinese; English (the default) and the JSON unchanged.
mod lang {
    use super::{ok, slotscope};

    /// 3 primaries, each with a replica, 2 ranges each, announced as localhost.
    const WITH_REPLICAS: &str =
        r#"{"primaries":3,"replicas":1,"ranges_per_primary":2,"announce":"localhost","base_port":7000}"#;

    fn simulate(extra: &[&str]) -> String {
        let mut args = vec!["simulate", "--model", "async-5.0.1", "--topology", "-", "--reinit", "1"];
        args.extend_from_slice(extra);
        ok(&args, Some(WITH_REPLICAS))
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
        let clean = ok(&["simulate", "--model", "async-fixed", "--topology", "-", "--lang", "zh"], Some(WITH_REPLICAS));
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
        assert!(
            zh.contains("\n  - 传入 address_remap，把 localhost 映射到 127.0.0.1（客户端选项）：止住了泄漏（"),
            "{zh}"
        );
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
            let out = slotscope(&all, Some(WITH_REPLICAS));
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
}
