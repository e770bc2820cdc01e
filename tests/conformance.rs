//! Replays every configuration recorded against real redis-py and a real Redis
//! Cluster (tests/fixtures/conformance, or $SLOTSCOPE_FIXTURES from the live run)
//! and requires the engine's object graph to equal the observed one, field by field.
#![cfg(not(target_arch = "wasm32"))]

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use slotscope::engine::parse::parse_json;
use slotscope::engine::trace::{Action, Holder};
use slotscope::engine::{keyslot, simulate, Census, Model, Role, Run, Scenario, Verdict, Workload};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Fixture {
    config: Config,
    cluster_slots: serde_json::Value,
    /// The nodes whose reply differs from the startup node's (their replicas' order).
    #[serde(default)]
    cluster_slots_by_port: IndexMap<u16, serde_json::Value>,
    observed: Observed,
}

#[derive(Deserialize)]
struct Config {
    model: String,
    startup_host: String,
    startup_port: u16,
    reinit: u32,
    workload: String,
    #[serde(default)]
    read_from_replicas: bool,
    /// For the `keys` workload: every key, in order.
    #[serde(default)]
    workload_keys: Vec<String>,
    /// `"localhost=127.0.0.1"`: the client was given address_remap mapping localhost.
    #[serde(default)]
    address_remap: Option<String>,
}

/// `[id, host, port, server_type, in_nodes_cache, in_startup_nodes, connections_created, connected_after_close]`
type ObjectRow = (u32, String, u16, Option<String>, bool, bool, u32, u32);
/// `[id, host, port, server_type, held_by, connections_created, connected_after_close]`
type OtherRow = (u32, String, u16, Option<String>, String, u32, u32);

#[derive(Deserialize, Serialize, PartialEq, Debug)]
struct RangeRow {
    start: u16,
    end: u16,
    primary_object: u32,
    replica_objects: Vec<Vec<u32>>,
}

/// What the probe saw; every field is compared.
#[derive(Deserialize, Serialize, PartialEq, Debug)]
struct Observed {
    objects_created: u32,
    nodes_cache: IndexMap<String, u32>,
    startup_nodes: IndexMap<String, u32>,
    default_node: Option<u32>,
    ranges: Vec<RangeRow>,
    distinct_slot_objects: u32,
    orphaned_objects: u32,
    objects: Vec<ObjectRow>,
    other_live_objects: Vec<OtherRow>,
    open_connections_after_close: u32,
    open_connections_after_drop: u32,
    unclosed_warnings: u32,
    unclosed_warnings_before_drop: u32,
    unclosed_exception_handler_calls: u32,
    other_warnings: IndexMap<String, u32>,
    warnings_after_release: IndexMap<String, u32>,
    unraisable_exceptions: IndexMap<String, u32>,
    commands: Vec<(u32, String)>,
}

fn role(r: Option<Role>) -> Option<String> {
    r.map(|r| match r {
        Role::Primary => "primary".to_string(),
        Role::Replica => "replica".to_string(),
    })
}

/// The same facts, read off the engine's run.
fn observe(run: &Run, reply: &slotscope::engine::ClusterSlotsReply) -> Observed {
    let trace = &run.trace;
    let reg = &run.after_close;
    let census = Census::of(trace, reg);
    let in_cache = |o: u32| reg.nodes_cache.values().any(|&x| x == o);
    let in_startup = |o: u32| reg.startup_nodes.values().any(|&x| x == o);
    let mut objects = Vec::new();
    let mut other_live_objects = Vec::new();
    for (id, state) in reg.objects.iter().enumerate() {
        let id = id as u32;
        if state.collected {
            continue;
        }
        let node = trace.object(id);
        let held_by: Option<Holder> = reg.held.iter().find(|(o, _)| *o == id).map(|(_, h)| *h);
        if in_cache(id) || in_startup(id) || census.slot_objects.binary_search(&id).is_ok() {
            objects.push((
                id,
                trace.name(node.host).to_string(),
                node.port,
                role(state.server_type),
                in_cache(id),
                in_startup(id),
                state.connections,
                state.connected,
            ));
        } else if let Some(h) = held_by {
            other_live_objects.push((
                id,
                trace.name(node.host).to_string(),
                node.port,
                role(state.server_type),
                h.name().to_string(),
                state.connections,
                state.connected,
            ));
        }
    }
    // The CLI's own per-range verdict, so the replay checks the code users script against.
    let ranges = Verdict::of(run, reply)
        .ranges
        .into_iter()
        .map(|r| RangeRow {
            start: r.start,
            end: r.end,
            primary_object: r.primary_object.unwrap_or(u32::MAX),
            replica_objects: r.replica_objects,
        })
        .collect();
    let commands = trace
        .steps
        .iter()
        .filter_map(|s| match &s.action {
            Action::QueryStartupNode { object, command } => Some((*object, command.to_string())),
            Action::Command { object, command, .. } => Some((*object, command.to_string())),
            _ => None,
        })
        .collect();
    Observed {
        objects_created: trace.objects.len() as u32,
        nodes_cache: reg.nodes_cache.iter().map(|(&k, &v)| (trace.name(k).to_string(), v)).collect(),
        startup_nodes: reg.startup_nodes.iter().map(|(&k, &v)| (trace.name(k).to_string(), v)).collect(),
        default_node: reg.default_node,
        ranges,
        distinct_slot_objects: census.distinct_slot_objects,
        orphaned_objects: census.orphaned_objects,
        objects,
        other_live_objects,
        open_connections_after_close: reg.open_connections(),
        // Dropping the client collects every node: CPython closes what they held.
        open_connections_after_drop: run.end.open_connections(),
        // The probe counts the warnings at the drop apart from those before it.
        unclosed_warnings: run.end.warnings - reg.warnings,
        unclosed_warnings_before_drop: reg.warnings,
        // Each warning from an async ClusterNode.__del__ at the drop also goes to the
        // loop's handler.
        unclosed_exception_handler_calls: run.end.warnings - reg.warnings,
        other_warnings: connection_warnings(run),
        // Nothing in these runs warns later or raises inside __del__.
        warnings_after_release: IndexMap::new(),
        unraisable_exceptions: IndexMap::new(),
        commands,
    }
}

/// The warning the release prints for every socket an async connection still held
/// when it was collected (asyncio's StreamWriter, or redis-py's own Connection).
fn connection_warnings(run: &Run) -> IndexMap<String, u32> {
    use slotscope::engine::model::{ConnectionDrop, STREAM_WRITER_WARNING};
    let Some(model) = run.trace.model.filter(|m| m.flavor() == slotscope::engine::Flavor::Async) else {
        return IndexMap::new();
    };
    let warned: u32 = run
        .trace
        .steps
        .iter()
        .map(|s| match &s.action {
            Action::Collected { connection_warnings, .. } => *connection_warnings,
            _ => 0,
        })
        .sum();
    let text = match model.connection_drop() {
        ConnectionDrop::Warns(text) => text,
        _ => STREAM_WRITER_WARNING,
    };
    let mut out = IndexMap::new();
    if warned > 0 {
        out.insert(text.to_string(), warned);
    }
    out
}

/// DeprecationWarnings are about how the probe calls the client (`read_from_replicas`
/// from 6.4, `lib_name` in some 7.x), not about the registry: they are not compared.
fn without_deprecations(mut o: Observed) -> Observed {
    o.other_warnings.retain(|k, _| !k.starts_with("DeprecationWarning"));
    o
}

fn fixture_dir() -> PathBuf {
    std::env::var_os("SLOTSCOPE_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance"))
}

/// An object whose host is Python's None (the server gave a null host) as the engine
/// names it: `NULL_HOST`, the text redis-py's node names use (`None:7000`).
fn python_none_hosts(observed: &mut serde_json::Value) {
    for rows in ["objects", "other_live_objects"] {
        for row in observed[rows].as_array_mut().into_iter().flatten() {
            if row[1].is_null() {
                row[1] = slotscope::engine::NULL_HOST.into();
            }
        }
    }
}

fn replay(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("bad fixture: {e}"))?;
    python_none_hosts(&mut json["observed"]);
    let fixture: Fixture = serde_json::from_value(json).map_err(|e| format!("bad fixture: {e}"))?;
    let reply = parse_json(&fixture.cluster_slots.to_string())?;
    let c = &fixture.config;
    let mut sc = Scenario::new(Model::from_name(&c.model)?, &c.startup_host, c.startup_port, reply.clone());
    sc.reinit = c.reinit;
    sc.workload = Workload::parse(&c.workload)?;
    sc.read_from_replicas = c.read_from_replicas;
    for (port, reply) in &fixture.cluster_slots_by_port {
        sc.replies_by_port.push((*port, parse_json(&reply.to_string())?));
    }
    match c.address_remap.as_deref() {
        None => {}
        Some("localhost=127.0.0.1") => sc.address_remap = slotscope::app::remedy::localhost_remap(&reply),
        Some(other) => return Err(format!("unknown address_remap {other:?}")),
    }
    if sc.workload == Workload::Keys {
        sc.keys = c.workload_keys.clone();
    }
    // 8.1.0 picks a random startup node per initialize: replay the recorded picks.
    // Object ids are creation order in both worlds, so a first run names them.
    let first = simulate(&sc)?;
    sc.startup_picks = fixture
        .observed
        .commands
        .iter()
        .filter(|(_, cmd)| cmd == "CLUSTER SLOTS")
        .filter_map(|(id, _)| first.trace.objects.get(*id as usize).map(|o| first.trace.name(o.name).to_string()))
        .collect();
    let got = observe(&simulate(&sc)?, &reply);
    let observed = without_deprecations(fixture.observed);
    if got == observed {
        return Ok(());
    }
    let want = serde_json::to_value(&observed).unwrap();
    let have = serde_json::to_value(&got).unwrap();
    let mut diff = String::new();
    for (field, w) in want.as_object().unwrap() {
        let h = &have[field];
        if w != h {
            let short = |v: &serde_json::Value| {
                let s = v.to_string();
                if s.len() > 600 {
                    format!("{}... ({} chars)", &s[..600], s.len())
                } else {
                    s
                }
            };
            diff += &format!("\n    {field}:\n      redis-py: {}\n      engine:   {}", short(w), short(h));
        }
    }
    Err(diff)
}

/// The entries of `dir` that `keep` accepts, sorted.
fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| keep(p))
        .collect();
    paths.sort();
    paths
}

/// Replays every fixture in `dir`, which must hold at least `least`.
fn replay_dir(dir: &Path, least: usize) {
    let paths = entries(dir, |p| p.extension().is_some_and(|x| x == "json"));
    assert!(
        paths.len() >= least,
        "expected {least} recorded configurations in {}, found {}",
        dir.display(),
        paths.len()
    );
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| replay(p).err().map(|d| format!("{}:{d}", p.file_name().unwrap().to_string_lossy())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} configurations in {} differ:\n{}",
        failures.len(),
        paths.len(),
        dir.display(),
        failures.join("\n")
    );
}

#[test]
fn engine_matches_every_recorded_redis_py_run() {
    replay_dir(&fixture_dir(), 342);
}

/// Clusters of other layouts and announcements (conformance/layouts.sh): one directory
/// each, `<primaries>-<replicas>-<ranges>-<announce>`, whose file `COUNT` says how many
/// configurations it holds, so a directory that lost some fails.
#[test]
fn engine_matches_redis_py_on_other_layouts_and_mixed_announcements() {
    let root = std::env::var_os("SLOTSCOPE_LAYOUT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts"));
    let dirs = entries(&root, Path::is_dir);
    assert!(dirs.len() >= 3, "expected 3 layouts in {}, found {}", root.display(), dirs.len());
    for dir in dirs {
        let count = std::fs::read_to_string(dir.join("COUNT")).unwrap_or_default();
        let least = count.trim().parse().unwrap_or_else(|_| panic!("{}: no COUNT", dir.display()));
        replay_dir(&dir, least);
    }
}

#[derive(Deserialize)]
struct Vector {
    key_hex: String,
    slot: u16,
}

#[test]
fn keyslot_agrees_with_cluster_keyslot_on_every_recorded_key() {
    let path = std::env::var_os("SLOTSCOPE_KEYSLOT_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keyslot-vectors.json"));
    let vectors: Vec<Vector> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(vectors.len() >= 2000, "only {} vectors", vectors.len());
    let wrong: Vec<String> = vectors
        .iter()
        .filter_map(|v| {
            let key: Vec<u8> = (0..v.key_hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&v.key_hex[i..i + 2], 16).unwrap())
                .collect();
            let got = keyslot(&key);
            (got != v.slot).then(|| format!("{}: server {} engine {got}", v.key_hex, v.slot))
        })
        .collect();
    assert!(wrong.is_empty(), "{} keys disagree:\n{}", wrong.len(), wrong.join("\n"));
}
