//! The #3163 report and its neighbours: the numbers a real redis-py run showed.

use slotscope::engine::{simulate, Announce, Model, Scenario, Topology, Verdict, Workload};

fn verdict(model: Model, startup: &str, topo: &Topology, reinit: u32) -> Verdict {
    let reply = topo.cluster_slots().unwrap();
    let mut sc = Scenario::new(model, startup, topo.base_port, reply.clone());
    sc.reinit = reinit;
    sc.workload = Workload::EachRange;
    let run = simulate(&sc).unwrap();
    Verdict::of(&run, &reply)
}

fn localhost_3x2() -> Topology {
    Topology::new(3, 0, 2, Announce::Hostname("localhost".into()))
}

#[test]
fn async_501_orphans_one_object_per_extra_range() {
    let v = verdict(Model::ASYNC_501, "localhost", &localhost_3x2(), 0);
    assert_eq!(v.orphaned_objects, 3, "{v:#?}");
    assert_eq!(v.open_connections_after_close, 3);
    assert_eq!(v.unclosed_warnings, 3);
    assert_eq!(v.error, None);
    assert_eq!(
        v.sentence(),
        "async-5.0.1: leaks: 3 orphaned ClusterNode objects per initialize; 3 connections left open after close; 3 \"Unclosed ClusterNode object\" warnings when collected"
    );
}

#[test]
fn async_fixed_does_not_leak() {
    let v = verdict(Model::ASYNC_FIXED, "localhost", &localhost_3x2(), 0);
    assert_eq!((v.orphaned_objects, v.open_connections_after_close, v.unclosed_warnings), (0, 0, 0), "{v:#?}");
    assert_eq!(v.distinct_slot_objects, 3);
}

#[test]
fn announced_ips_never_leak() {
    let topo = Topology::new(3, 1, 2, Announce::Ip);
    for model in Model::ALL {
        for reinit in [0, 1, 5] {
            let v = verdict(model, "localhost", &topo, reinit);
            assert_eq!(
                (v.orphaned_objects, v.open_connections_after_close, v.unclosed_warnings),
                (0, 0, 0),
                "{model} reinit {reinit}: {v:#?}"
            );
        }
    }
}

#[test]
fn localhost_replicas_get_one_object_per_slot_in_async_501() {
    // 1 primary, 1 replica, 2 ranges of 8192 slots each, all announced as localhost.
    let topo = Topology::new(1, 1, 2, Announce::Hostname("localhost".into()));
    let v = verdict(Model::ASYNC_501, "localhost", &topo, 0);
    // The replica lookup misses for every one of the 16384 slots; the primary lookup
    // misses once per range.
    assert_eq!(v.objects_created, 1 + 2 + 16384, "{}", v.objects_created);
    assert_eq!(v.distinct_slot_objects, 2 + 16384);
    // nodes_cache keeps the last primary and the last replica.
    assert_eq!(v.orphaned_objects, 2 + 16384 - 2);
}

#[test]
fn the_trace_explains_the_missed_lookup_and_links_the_real_line() {
    use slotscope::engine::Action;
    use slotscope::i18n::{narrate::narrate, Lang};
    let topo = localhost_3x2();
    let run = simulate(&Scenario::new(Model::ASYNC_501, "localhost", 7000, topo.cluster_slots().unwrap())).unwrap();
    let trace = &run.trace;
    let miss = trace.steps.iter().find(|s| matches!(&s.action, Action::Lookup { hit: None, .. })).unwrap();
    assert_eq!(
        narrate(Lang::En, trace, miss),
        "Look up primary \"localhost:7000\" in tmp_nodes_cache: miss. Nodes are stored as \"127.0.0.1:7000\", so this lookup can never hit."
    );
    assert_eq!(
        miss.source.permalink(),
        "https://github.com/redis/redis-py/blob/cc4bc1a544d1030aec1696baef2861064fa8dd1c/redis/asyncio/cluster.py#L1262"
    );
    let eviction = trace
        .steps
        .iter()
        .find(|s| matches!(&s.action, Action::Store { evicted: Some(old), object, .. } if old != object))
        .unwrap();
    assert!(narrate(Lang::En, trace, eviction).contains("is now referenced only by the slots it serves"));
    // The fixed model looks up the name it stores under, so it never misses twice.
    let fixed = simulate(&Scenario::new(Model::ASYNC_FIXED, "localhost", 7000, topo.cluster_slots().unwrap())).unwrap();
    let misses = fixed.trace.steps.iter().filter(|s| matches!(&s.action, Action::Lookup { hit: None, .. })).count();
    assert_eq!(misses, 3, "one miss per primary, then hits");
}
