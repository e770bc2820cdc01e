//! `slotscope repro`: the script a user attaches to a bug report.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn slotscope(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_slotscope")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_script_carries_the_scenario_and_the_engines_prediction() {
    let (ok, script, err) = slotscope(&["repro", "--model", "async-5.0.1", "--preset", "3163"]);
    assert!(ok, "{err}");
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    for line in [
        "REDIS_PY_VERSION=5.0.1",
        "CLIENT=async",
        "STARTUP_HOST=localhost",
        "PRIMARIES=3",
        "REPLICAS=1",
        "RANGES=2",
        "ANNOUNCE=localhost",
        "PREDICTED_ORPHANS=16384",
        "PREDICTED_OPEN_AFTER_CLOSE=3",
        "PREDICTED_WARNINGS=3",
    ] {
        assert!(script.lines().any(|l| l == line), "missing {line}");
    }
    assert!(script.contains("trap cleanup EXIT"), "the script must stop what it starts");
}

#[test]
fn unreproducible_scenarios_are_refused_with_a_reason() {
    let (ok, _, err) = slotscope(&["repro", "--model", "async-fixed", "--preset", "3163"]);
    assert!(!ok && err.contains("no redis-py release has"), "{err}");
    let (ok, _, err) = slotscope(&["repro", "--model", "sync-5.0.1", "--preset", "nope"]);
    assert!(!ok && err.contains("unknown preset 'nope'"), "{err}");
    let (ok, _, err) =
        slotscope(&["repro", "--model", "sync-5.0.1", "--preset", "3163", "--startup-host", "redis.example"]);
    assert!(!ok && err.contains("startup host"), "{err}");
}

/// Runs the exported #3163 script against a real cluster and redis-py 5.0.1. Needs
/// redis-server and PyPI (or SLOTSCOPE_REPRO_PYTHON); the test command's live step
/// runs it with `--include-ignored`.
#[test]
#[ignore = "needs redis-server and redis-py: run by ./scripts/test.sh (live step)"]
fn the_3163_script_reproduces_the_leak_as_predicted() {
    let (ok, script, err) = slotscope(&["repro", "--model", "async-5.0.1", "--preset", "3163"]);
    assert!(ok, "{err}");
    let path = std::env::temp_dir().join(format!("slotscope-repro-test-{}.sh", std::process::id()));
    std::fs::write(&path, script).unwrap();
    let out = Command::new("bash").arg(&path).output().unwrap();
    std::fs::remove_file(&path).ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "script failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("orphaned ClusterNode objects (in slots_cache, not in nodes_cache): 16384"), "{stdout}");
    assert!(stdout.contains("connections still open after close: 3"), "{stdout}");
    assert!(stdout.contains("\"Unclosed ClusterNode object\" warnings once the client is collected: 3"), "{stdout}");
    assert!(stdout.contains("repro: matches Slotscope's prediction"), "{stdout}");
}
