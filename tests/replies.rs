//! Every kind of host a CLUSTER SLOTS reply can carry, and the reply a real Redis 7
//! sends for a topology.
#![cfg(not(target_arch = "wasm32"))] // serde_json is a native-only dependency

use slotscope::engine::parse::parse_json;
use slotscope::engine::Action;
use slotscope::engine::{
    simulate, Announce, ClusterSlotsReply, Model, NodeEntry, Scenario, SlotRange, Topology, Verdict,
};
use slotscope::i18n::{narrate::narrate, Lang};

fn node(host: &str, port: u16) -> NodeEntry {
    NodeEntry { host: host.into(), port, id: String::new(), metadata: vec![] }
}

fn two_ranges_of(host: &str) -> ClusterSlotsReply {
    ClusterSlotsReply {
        entries: vec![
            SlotRange { start: 0, end: 8191, primary: node(host, 7000), replicas: vec![] },
            SlotRange { start: 8192, end: 16383, primary: node(host, 7000), replicas: vec![] },
        ],
    }
}

fn verdict(model: Model, startup: &str, reply: &ClusterSlotsReply) -> (Verdict, slotscope::engine::Run) {
    let run = simulate(&Scenario::new(model, startup, 7000, reply.clone())).unwrap();
    (Verdict::of(&run, reply), run)
}

#[test]
fn only_the_exact_string_localhost_is_rewritten() {
    for host in ["LOCALHOST", "localhost.", "::1", "redis-a.internal", "10.0.0.7"] {
        let (v, run) = verdict(Model::ASYNC_501, "localhost", &two_ranges_of(host));
        assert_eq!(v.orphaned_objects, 0, "{host}");
        let served = run.trace.object(v.ranges[0].primary_object.unwrap());
        assert_eq!(run.trace.name(served.host), host, "kept as given");
        assert_eq!(run.trace.name(served.name), format!("{host}:7000").as_str());
    }
    let (v, run) = verdict(Model::ASYNC_501, "localhost", &two_ranges_of("localhost"));
    assert_eq!(v.orphaned_objects, 1);
    assert_eq!(run.trace.name(run.trace.object(v.ranges[1].primary_object.unwrap()).name), "127.0.0.1:7000");
}

#[test]
fn a_single_node_with_an_empty_host_takes_the_startup_host() {
    let reply = ClusterSlotsReply {
        entries: vec![SlotRange { start: 0, end: 16383, primary: node("", 7000), replicas: vec![] }],
    };
    for model in Model::ALL {
        let (v, run) = verdict(model, "localhost", &reply);
        let served = run.trace.object(v.ranges[0].primary_object.unwrap());
        // The startup node's host was already rewritten, so the empty host becomes 127.0.0.1.
        assert_eq!(run.trace.name(served.name), "127.0.0.1:7000", "{model}");
        assert_eq!(v.orphaned_objects, 0, "{model}");
    }
}

#[test]
fn localhost_resolution_is_a_parameter() {
    let reply = two_ranges_of("localhost");
    let mut sc = Scenario::new(Model::ASYNC_501, "localhost", 7000, reply.clone());
    sc.localhost = "127.0.1.1".into();
    let run = simulate(&sc).unwrap();
    let v = Verdict::of(&run, &reply);
    assert!(v.nodes_cache.contains_key("127.0.1.1:7000"), "{:?}", v.nodes_cache);
    assert_eq!(
        run.after_close.get_node(&run.trace, "localhost", 7000, "127.0.1.1"),
        v.nodes_cache.get("127.0.1.1:7000").copied()
    );
}

#[test]
fn user_facing_get_node_finds_what_initialize_stored_but_slots_use_orphans() {
    let reply = two_ranges_of("localhost");
    let run = simulate(&Scenario::new(Model::ASYNC_501, "localhost", 7000, reply)).unwrap();
    let reg = &run.after_close;
    let by_name = reg.get_node(&run.trace, "localhost", 7000, "127.0.0.1").unwrap();
    assert_eq!(reg.get_node_from_slot(&run.trace, 8192), Ok(by_name));
    let orphan = reg.get_node_from_slot(&run.trace, 0).unwrap();
    assert_ne!(orphan, by_name, "slot 0 is served by an object get_node cannot find");
    assert_eq!(run.trace.object(orphan).name, run.trace.object(by_name).name);
}

#[test]
fn uncovered_slots_raise_in_async_and_not_in_sync() {
    let reply = ClusterSlotsReply {
        entries: vec![SlotRange { start: 0, end: 100, primary: node("127.0.0.1", 7000), replicas: vec![] }],
    };
    let (v, run) = verdict(Model::ASYNC_501, "127.0.0.1", &reply);
    assert_eq!(
        v.error.as_deref(),
        Some("All slots are not covered after query all startup_nodes. 101 of 16384 covered...")
    );
    assert_eq!(run.after_close.open_connections(), 0, "the failed initialize closed what it opened");
    let (v, run) = verdict(Model::SYNC_501, "127.0.0.1", &reply);
    assert_eq!(v.error, None);
    assert!(run.after_close.get_node_from_slot(&run.trace, 101).unwrap_err().contains("not covered"));
}

#[test]
fn overlapping_ranges_are_disagreements_and_more_than_five_raise() {
    let mut entries = vec![SlotRange { start: 0, end: 16383, primary: node("127.0.0.1", 7000), replicas: vec![] }];
    entries.push(SlotRange { start: 0, end: 5, primary: node("127.0.0.1", 7001), replicas: vec![] });
    let (v, _) = verdict(Model::ASYNC_501, "127.0.0.1", &ClusterSlotsReply { entries: entries.clone() });
    assert!(v.error.unwrap().starts_with(
        "startup_nodes could not agree on a valid slots cache: 127.0.0.1:7000 vs 127.0.0.1:7001 on slot: 0"
    ));
    entries[1].end = 4;
    let (v, _) = verdict(Model::ASYNC_501, "127.0.0.1", &ClusterSlotsReply { entries });
    assert_eq!(v.error, None, "five disagreements are tolerated");
}

#[test]
fn the_generator_matches_what_redis_7_sent_for_the_same_topology() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    for (file, announce) in [
        ("async-5.0.1_announce-hostname_startup-localhost_reinit-0.json", Announce::Hostname("localhost".into())),
        ("async-5.0.1_announce-ip_startup-localhost_reinit-0.json", Announce::Ip),
    ] {
        let fixture: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        let mut real = parse_json(&fixture["cluster_slots"].to_string()).unwrap();
        let mut topo = Topology::new(3, 1, 2, announce);
        topo.base_port = fixture["config"]["startup_port"].as_u64().unwrap() as u16;
        let mut generated = topo.cluster_slots().unwrap();
        // Node ids are random per cluster; everything else must be identical.
        for reply in [&mut real, &mut generated] {
            for e in &mut reply.entries {
                for n in std::iter::once(&mut e.primary).chain(e.replicas.iter_mut()) {
                    n.id.clear();
                }
            }
        }
        assert_eq!(generated, real, "{file}");
    }
}

#[test]
fn address_remap_turns_announced_localhost_into_what_the_client_dials() {
    use slotscope::engine::scenario::Remap;
    let reply = two_ranges_of("localhost");
    let mut sc = Scenario::new(Model::ASYNC_501, "127.0.0.1", 7000, reply.clone());
    sc.address_remap = vec![Remap { from: ("localhost".into(), 7000), to: ("127.0.0.1".into(), 7000) }];
    let run = simulate(&sc).unwrap();
    let v = Verdict::of(&run, &reply);
    // Remapped before the lookup, the key looked up is the name stored: no orphan.
    assert_eq!(v.orphaned_objects, 0, "{v:#?}");
    let remaps =
        run.trace.steps.iter().filter(|s| matches!(s.action, slotscope::engine::Action::Remapped { .. })).count();
    assert_eq!(remaps, 2, "one per entry");
}

/// Each node lists a primary's replicas in the order it learned of them, and redis-py
/// 8.x asks a random startup node at every refresh: after a refresh answered by another
/// node, slots_cache holds the replicas in that node's order (recorded on a 3 x 2
/// replica cluster, tests/fixtures/layouts/3-2-2-ip).
#[test]
fn a_refresh_walks_the_reply_of_the_node_it_asked() {
    let topology = Topology::new(3, 2, 2, Announce::Ip);
    let reply = topology.cluster_slots().unwrap();
    let mut reordered = reply.clone();
    reordered.entries.iter_mut().for_each(|e| e.replicas.reverse());
    let (first, asked) = (topology.primary_port(0), topology.primary_port(1));
    let replica_ports = |run: &slotscope::engine::Run| -> Vec<u16> {
        let v = Verdict::of(run, &reply);
        v.ranges[0].replica_objects.iter().map(|objects| run.trace.object(objects[0]).port).collect()
    };
    let in_reply: Vec<u16> = reply.entries[0].replicas.iter().map(|r| r.port).collect();
    let reversed: Vec<u16> = in_reply.iter().rev().copied().collect();
    for model in [Model::ASYNC_810, Model::SYNC_810] {
        let mut sc = Scenario::new(model, "127.0.0.1", first, reply.clone());
        sc.reinit = 1;
        // The first initialize has one startup node; the refresh asks primary 1.
        sc.startup_picks = vec![format!("127.0.0.1:{first}"), format!("127.0.0.1:{asked}")];
        assert_eq!(replica_ports(&simulate(&sc).unwrap()), in_reply, "{model}: every node gives the same reply");
        sc.replies_by_port = vec![(asked, reordered.clone())];
        assert_eq!(replica_ports(&simulate(&sc).unwrap()), reversed, "{model}: the refresh walks primary 1's reply");
        sc.startup_picks.truncate(1);
        sc.startup_picks.push(format!("127.0.0.1:{}", topology.primary_port(2)));
        assert_eq!(replica_ports(&simulate(&sc).unwrap()), in_reply, "{model}: primary 2 gives the startup node's");
    }
}

/// `cluster-preferred-endpoint-type unknown-endpoint`: Redis 7 gives the host as null
/// (JSON `null`, `(nil)` in redis-cli's text). redis-py keeps Python's None, which is
/// not "", so the startup host does not replace it: the node is named `None:7000`
/// (recorded, tests/fixtures/layouts/3-1-2-unknown).
#[test]
fn a_null_host_is_pythons_none() {
    let json = r#"[[0,16383,[null,7000,"a",{"ip":"127.0.0.1"}],[null,7001,"b",{"ip":"127.0.0.1"}]]]"#;
    let text = "1) 1) (integer) 0\n   2) (integer) 16383\n   3) 1) (nil)\n      2) (integer) 7000\n      3) \"a\"\n   4) 1) (nil)\n      2) (integer) 7001\n      3) \"b\"\n";
    for reply in [parse_json(json).unwrap(), slotscope::engine::parse::parse_redis_cli_text(text).unwrap()] {
        assert_eq!(reply.entries[0].primary.host, "None");
        for model in Model::ALL {
            let (v, run) = verdict(model, "localhost", &reply);
            let names: Vec<&str> = v.nodes_cache.keys().map(String::as_str).collect();
            assert_eq!(names, ["None:7000", "None:7001"], "{model}");
            assert_eq!(v.orphaned_objects, 0, "{model}");
            assert_eq!(run.trace.name(run.trace.object(v.ranges[0].primary_object.unwrap()).host), "None");
            // Narrated as Python writes the call: None, not "None".
            let built =
                run.trace.steps.iter().find(|s| matches!(s.action, Action::Construct { object: 1, .. })).unwrap();
            let text = narrate(Lang::En, &run.trace, built);
            assert!(text.starts_with("ClusterNode(None, 7000)"), "{model}: {text}");
        }
    }
    let generated = Topology::new(1, 1, 1, Announce::parse("unknown").unwrap()).cluster_slots().unwrap();
    assert_eq!(generated.entries[0].primary.host, "None");
}

/// A node given as `?` (hostnames preferred, none announced) cannot be dialled: real
/// redis-py fails there (ConnectionError at the first command, or a startup node
/// skipped at a refresh), which the engine does not model, so the reply is refused
/// with a reason rather than answered wrong.
#[test]
fn a_node_announced_as_a_question_mark_is_refused_with_the_reason() {
    let json = r#"[[0,8191,["localhost",7000,"a"],["?",7003,"d"]],[8192,16383,["localhost",7001,"b"]]]"#;
    let text = parse_json(json).unwrap_err().to_string();
    assert!(text.contains("7003") && text.contains("announced as ?"), "{text}");
    assert!(text.contains("entry"), "names the entry: {text}");
}
