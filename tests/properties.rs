//! Properties over random clusters: what must hold for every topology, not just
//! the ones someone thought of.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use slotscope::engine::{
    align::align, parse_cluster_slots, simulate, Census, ClusterSlotsReply, Model, NodeEntry, Scenario, SlotRange,
    Timeline, Workload,
};
use std::collections::{BTreeMap, BTreeSet};

/// How a primary announces itself.
#[derive(Clone, Debug)]
enum Host {
    Localhost,
    Ip,
    Name,
}

impl Host {
    fn text(&self, i: usize) -> String {
        match self {
            Host::Localhost => "localhost".into(),
            Host::Ip => "127.0.0.1".into(),
            Host::Name => format!("redis-{i}"),
        }
    }
}

#[derive(Clone, Debug)]
struct Cluster {
    hosts: Vec<Host>,
    ranges: Vec<u16>,
    replicas: usize,
    replica_host: Host,
    order_seed: u64,
}

fn cluster() -> impl Strategy<Value = Cluster> {
    (1usize..6, 0usize..3).prop_flat_map(|(p, replicas)| {
        let host = prop_oneof![Just(Host::Localhost), Just(Host::Ip), Just(Host::Name)];
        (
            proptest::collection::vec(host.clone(), p),
            proptest::collection::vec(1u16..5, p),
            Just(replicas),
            host,
            any::<u64>(),
        )
            .prop_map(|(hosts, ranges, replicas, replica_host, order_seed)| Cluster {
                hosts,
                ranges,
                replicas,
                replica_host,
                order_seed,
            })
    })
}

impl Cluster {
    /// Chunks of the slot space dealt to primaries in a shuffled order.
    fn reply(&self) -> ClusterSlotsReply {
        let mut owners: Vec<usize> =
            self.ranges.iter().enumerate().flat_map(|(p, &n)| std::iter::repeat_n(p, n as usize)).collect();
        let mut x = self.order_seed | 1;
        for i in (1..owners.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            owners.swap(i, (x % (i as u64 + 1)) as usize);
        }
        // Keep a primary's ranges apart: otherwise two adjacent chunks of one owner are
        // still two entries, which real servers would merge.
        let n = owners.len() as u32;
        let p = self.hosts.len();
        let entries = owners
            .iter()
            .enumerate()
            .map(|(k, &owner)| {
                let k = k as u32;
                let node = |host: &Host, i: usize| NodeEntry {
                    host: host.text(i),
                    port: 7000 + i as u16,
                    id: format!("{:040x}", i),
                    metadata: vec![],
                };
                SlotRange {
                    start: (k * 16384 / n) as u16,
                    end: ((k + 1) * 16384 / n - 1) as u16,
                    primary: node(&self.hosts[owner], owner),
                    replicas: (0..self.replicas).map(|j| node(&self.replica_host, p + owner * 4 + j)).collect(),
                }
            })
            .collect();
        ClusterSlotsReply { entries }
    }
}

fn run(model: Model, reply: &ClusterSlotsReply, reinit: u32, startup: &str) -> slotscope::engine::Run {
    let mut sc = Scenario::new(model, startup, 7000, reply.clone());
    sc.reinit = reinit;
    sc.workload = Workload::EachRange;
    simulate(&sc).expect("valid scenario")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn fixed_models_keep_one_object_per_node_and_no_orphans(c in cluster(), reinit in 0u32..3) {
        let reply = c.reply();
        for model in [Model::ASYNC_FIXED, Model::SYNC_FIXED] {
            let run = run(model, &reply, reinit, "localhost");
            let census = Census::of(&run.trace, &run.after_close);
            let cached: BTreeSet<u32> = run.after_close.nodes_cache.values().copied().collect();
            prop_assert!(census.slot_objects.iter().all(|o| cached.contains(o)), "{model}: {:?} not in {:?}", census.slot_objects, cached);
            let mut by_address: BTreeMap<(String, u16), BTreeSet<u32>> = BTreeMap::new();
            for &o in &census.slot_objects {
                let node = run.trace.object(o);
                by_address.entry((run.trace.name(node.host).to_string(), node.port)).or_default().insert(o);
            }
            prop_assert!(by_address.values().all(|ids| ids.len() == 1), "{model}: {by_address:?}");
            prop_assert_eq!(run.after_close.open_connections(), 0);
            prop_assert_eq!(run.end.warnings, 0);
        }
    }

    #[test]
    fn async_501_orphans_every_extra_range_of_a_localhost_primary(mut c in cluster(), reinit in 0u32..3) {
        c.replicas = 0;
        let reply = c.reply();
        let run = run(Model::ASYNC_501, &reply, reinit, "localhost");
        let expected: u32 = c
            .hosts
            .iter()
            .zip(&c.ranges)
            .filter(|(h, _)| matches!(h, Host::Localhost))
            .map(|(_, &r)| u32::from(r) - 1)
            .sum();
        let census = Census::of(&run.trace, &run.after_close);
        prop_assert_eq!(census.orphaned_objects, expected);
        // Each orphan served one GET and kept that socket through close().
        prop_assert_eq!(run.after_close.open_connections(), expected);
        prop_assert_eq!(run.end.warnings, expected);
    }

    #[test]
    fn anchors_never_go_back_and_alignment_covers_both_runs(c in cluster(), reinit in 0u32..2) {
        let reply = c.reply();
        let runs: Vec<_> = Model::ALL.iter().map(|&m| run(m, &reply, reinit, "localhost")).collect();
        for r in &runs {
            prop_assert!(r.trace.steps.windows(2).all(|w| w[0].anchor <= w[1].anchor));
        }
        let joints = align(&runs[0].trace, &runs[4].trace);
        prop_assert_eq!(joints.last().map(|j| (j.left, j.right)), Some((runs[0].trace.steps.len(), runs[4].trace.steps.len())));
        prop_assert!(joints.windows(2).all(|w| w[0].left <= w[1].left && w[0].right <= w[1].right));
    }

    #[test]
    fn timeline_states_match_a_replay_from_the_start(c in cluster(), n in 0usize..5000) {
        let reply = c.reply();
        let run = run(Model::ASYNC_501, &reply, 1, "localhost");
        let trace = &run.trace;
        let n = n % (trace.steps.len() + 1);
        let timeline = Timeline::new(trace);
        let mut expected = slotscope::engine::Registry::default();
        for step in &trace.steps[..n] {
            for e in &step.effects {
                expected.apply(e, trace);
            }
        }
        let got = timeline.state_at(trace, n);
        prop_assert_eq!(got.nodes_cache, expected.nodes_cache);
        prop_assert_eq!(got.slots_cache, expected.slots_cache);
        prop_assert_eq!(got.objects, expected.objects);
        prop_assert_eq!(timeline.state_at(trace, trace.steps.len()).warnings, run.end.warnings);
    }

    #[test]
    fn both_redis_cli_forms_parse_back_to_the_same_reply(c in cluster()) {
        let reply = c.reply();
        prop_assert_eq!(&parse_cluster_slots(&reply.to_redis_cli_json()).unwrap(), &reply);
        prop_assert_eq!(&parse_cluster_slots(&reply.to_redis_cli_text()).unwrap(), &reply);
    }

    #[test]
    fn parsers_never_panic_on_garbage(s in "\\PC{0,200}") {
        let _ = parse_cluster_slots(&s);
        let _ = slotscope::engine::parse::parse_redis_cli_text(&s);
    }
}
