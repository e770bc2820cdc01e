//! Hardened inputs: the parsers, the URL decoder and the engine on random input
//! never panic, never hang, and refuse oversized input with a clear error.
//!
//! Case counts come from SLOTSCOPE_FUZZ_CASES (default 256 per target, the smoke
//! run of the test command); `./scripts/fuzz.sh` runs many more. Each target
//! prints how many cases it ran.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use slotscope::engine::parse::{parse_cluster_slots, parse_json, parse_redis_cli_text, MAX_INPUT_BYTES};
use slotscope::engine::{
    simulate, Announce, ClusterSlotsReply, Model, NodeEntry, Scenario, SlotRange, Timeline, Topology, Workload,
};

mod common;

/// Each target's cases in the test command's smoke run.
const SMOKE: u32 = 256;

fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    common::fuzz(name, SMOKE, strategy, test)
}

/// A valid reply to mutate: the #3163 cluster in both redis-cli forms.
fn seeds() -> Vec<String> {
    let reply = Topology::new(3, 1, 2, Announce::Hostname("localhost".into())).cluster_slots().unwrap();
    vec![reply.to_redis_cli_json(), reply.to_redis_cli_text()]
}

/// Byte-level edits of a valid input: the inputs that reach deepest into a parser.
fn mutated() -> impl Strategy<Value = String> {
    let edits = proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..8);
    (0usize..2, edits).prop_map(|(which, edits)| {
        let mut chars: Vec<char> = seeds()[which].chars().collect();
        for (at, kind, c) in edits {
            if chars.is_empty() {
                break;
            }
            let i = at.index(chars.len());
            match kind {
                0 => chars[i] = c,
                1 => chars.insert(i, c),
                2 => {
                    chars.remove(i);
                }
                _ => {
                    let j = at.index(chars.len().min(i + 40));
                    chars.truncate(j.max(1));
                }
            }
        }
        chars.into_iter().collect()
    })
}

#[test]
fn parsers_survive_arbitrary_and_mutated_input() {
    run("parse-arbitrary", "\\PC{0,400}", |s| {
        let _ = parse_cluster_slots(&s);
        let _ = parse_redis_cli_text(&s);
        let _ = parse_json(&s);
        Ok(())
    });
    run("parse-mutated", mutated(), |s| {
        if let Ok(reply) = parse_cluster_slots(&s) {
            prop_assert!(reply.validate().is_ok());
        }
        Ok(())
    });
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = "[".repeat(MAX_INPUT_BYTES + 1);
    let e = parse_cluster_slots(&big).unwrap_err();
    assert!(e.contains("at most") && e.contains("bytes"), "{e}");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_cluster_slots(&deep).is_err(), "deep nesting is an error, not a stack overflow");
    let deep_text = (0..5000).map(|i| format!("{}1) (integer) 0\n", "   ".repeat(i))).collect::<String>();
    assert!(parse_cluster_slots(&deep_text).is_err());
}

#[test]
fn the_url_decoder_survives_arbitrary_links() {
    run("url", "[?&=%a-zA-Z0-9.:,_{}\\-]{0,200}|\\PC{0,120}", |s| {
        let _ = slotscope::app::url::decode(&s);
        Ok(())
    });
}

fn node() -> impl Strategy<Value = NodeEntry> {
    let host = prop_oneof![
        Just(String::new()),
        Just("localhost".to_string()),
        Just("127.0.0.1".to_string()),
        Just("::1".to_string()),
        Just("LOCALHOST".to_string()),
        "[a-z]{1,8}",
    ];
    (host, prop_oneof![7000u16..7006, 1u16..=65535]).prop_map(|(host, port)| NodeEntry {
        host,
        port,
        id: String::new(),
        metadata: vec![],
    })
}

fn reply() -> impl Strategy<Value = ClusterSlotsReply> {
    let entry = (0u16..16384, 0u16..16384, node(), proptest::collection::vec(node(), 0..3))
        .prop_map(|(a, b, primary, replicas)| SlotRange { start: a.min(b), end: a.max(b), primary, replicas });
    proptest::collection::vec(entry, 1..12).prop_map(|entries| ClusterSlotsReply { entries })
}

#[test]
fn the_engine_survives_random_replies() {
    use slotscope::engine::model::ConnectionDrop;
    let model = prop::sample::select(Model::every().collect::<Vec<_>>());
    let workload =
        prop::sample::select(vec![Workload::None, Workload::EachRange, Workload::EveryRefresh, Workload::Keys]);
    let startup = prop_oneof![Just("localhost"), Just("127.0.0.1"), Just("::1")];
    let options = (any::<bool>(), any::<bool>(), proptest::collection::vec("[a-z{}:]{0,6}", 1..20));
    let case = (reply(), model, 0u32..3, workload, startup, options);
    run("engine", case, |(reply, model, reinit, workload, host, (rfr, remap, keys))| {
        let mut sc = Scenario::new(model, host, 7000, reply.clone());
        sc.reinit = reinit;
        sc.workload = workload;
        sc.read_from_replicas = rfr;
        sc.keys = keys;
        if remap {
            sc.address_remap = slotscope::app::remedy::localhost_remap(&reply);
        }
        let run = simulate(&sc).map_err(TestCaseError::fail)?;
        prop_assert!(run.trace.steps.windows(2).all(|w| w[0].anchor <= w[1].anchor));
        let last = Timeline::new(&run.trace).state_at(&run.trace, run.trace.steps.len());
        prop_assert_eq!(last.warnings, run.end.warnings);
        // Dropping the client closes everything, except where a release's connections
        // schedule their own disconnect and nothing makes the client one cycle.
        let pending = model.flavor() == slotscope::engine::Flavor::Async
            && model.connection_drop() == ConnectionDrop::SchedulesDisconnect
            && !(rfr || model.traits().connections_hold_client);
        if !pending {
            prop_assert_eq!(run.end.open_connections(), 0, "dropping the client closes everything");
        }
        Ok(())
    });
}

// ---- found by the coverage-guided fuzzers (fuzz/, ./scripts/fuzz.sh --coverage-guided) ----

/// `reads` counts the GETs of `workload=keys`; with another workload the address
/// leaves it out, so a link that gives it anyway must decode as if it had not: the
/// same preset, and the same state after the page rewrites the address.
#[test]
fn reads_without_the_keys_workload_round_trips() {
    use slotscope::app::presets::Preset;
    use slotscope::app::url::{decode, encode};
    for q in ["?preset=3163&reads=5", "?preset=replica-flood&workload=each-range", "?startup=h:1&reads=7&step=close"] {
        let state = decode(q).unwrap();
        let again = encode(&state);
        assert_eq!(decode(&again), Ok(state.clone()), "{q} re-encoded as {again}");
        if q.starts_with("?preset=3163") {
            assert_eq!(Preset::matching(&state.spec).map(|p| p.id), Some("3163"), "{q}");
        }
    }
}
