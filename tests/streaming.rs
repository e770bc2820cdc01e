//! The counting run (`engine::count`) streams: what a user reads from it (the CLI's
//! verdict and `--json`, the leak chart) is exactly what the traced run gives, and
//! its memory does not grow with the number of refreshes.

use slotscope::engine::scenario::Remap;
use slotscope::engine::{count, simulate, Announce, ClusterSlotsReply, Model, Scenario, Topology, Verdict, Workload};

fn replies() -> Vec<(&'static str, ClusterSlotsReply, u16)> {
    let topo = |p, r, n, a| {
        let t = Topology::new(p, r, n, a);
        (t.cluster_slots().unwrap(), t.base_port)
    };
    let (a, pa) = topo(3, 1, 2, Announce::Hostname("localhost".into()));
    let (b, pb) = topo(3, 2, 4, Announce::Ip);
    let (c, pc) = topo(4, 2, 16, Announce::Hostname("localhost".into()));
    let (d, pd) = topo(2, 1, 3, Announce::Hostname("redis-a.internal".into()));
    vec![("3163", a, pa), ("ip", b, pb), ("per-slot", c, pc), ("hostname", d, pd)]
}

/// Every scenario shape the counters depend on: re-initializes, commands after the
/// last or every refresh, reads from replicas, address_remap.
fn scenarios(model: Model, reply: &ClusterSlotsReply, port: u16) -> Vec<Scenario> {
    let base = Scenario::new(model, "localhost", port, reply.clone());
    let mut out = vec![base.clone()];
    for (reinit, workload, rfr) in
        [(3, Workload::EachRange, false), (2, Workload::EveryRefresh, true), (4, Workload::None, false)]
    {
        let mut sc = base.clone();
        sc.reinit = reinit;
        sc.workload = workload;
        sc.read_from_replicas = rfr;
        out.push(sc);
    }
    if model.release() >= slotscope::app::remedy::ADDRESS_REMAP_SINCE {
        let mut sc = base.clone();
        sc.reinit = 2;
        sc.address_remap = Remap::host_on_every_port(reply, "localhost", "127.0.0.1");
        out.push(sc);
    }
    out
}

#[test]
fn counting_gives_the_traced_verdict_for_every_model() {
    for (label, reply, port) in replies() {
        for model in Model::per_era() {
            for sc in scenarios(model, &reply, port) {
                let traced = simulate(&sc).unwrap();
                let counted = count(&sc).unwrap();
                assert!(counted.trace.steps.is_empty(), "{model} {label}: a counting run keeps no steps");
                let (t, c) = (Verdict::of(&traced, &reply), Verdict::of(&counted, &reply));
                assert_eq!(c, t, "{model} on {label}, reinit {}, {:?}", sc.reinit, sc.workload);
                assert_eq!(counted.steps, traced.trace.steps.len(), "{model} {label}");
                assert_eq!(counted.end.warnings, traced.end.warnings, "{model} {label}");
                assert_eq!(counted.end.open_connections(), traced.end.open_connections(), "{model} {label}");
            }
        }
    }
}

/// 5.0.1 makes a replica object per slot on every refresh: a counting run keeps about
/// two refreshes' worth of them however many run, where a trace keeps them all.
#[test]
fn counting_memory_does_not_grow_with_refreshes() {
    let topo = Topology::new(4, 2, 16, Announce::Hostname("localhost".into()));
    let reply = topo.cluster_slots().unwrap();
    let stored = |reinit: u32| {
        let mut sc = Scenario::new(Model::ASYNC_501, "localhost", topo.base_port, reply.clone());
        sc.reinit = reinit;
        let run = count(&sc).unwrap();
        (run.trace.objects.len(), run.trace.lists.len(), run.rounds.last().unwrap().objects_created)
    };
    let (objects_5, lists_5, made_5) = stored(5);
    let (objects_200, lists_200, made_200) = stored(200);
    assert!(made_200 > 30 * made_5, "the longer run makes more objects: {made_5} vs {made_200}");
    assert_eq!((objects_200, lists_200), (objects_5, lists_5), "stored objects and lists stay flat");
    let per_initialize = made_5 / 6;
    assert!(objects_200 as u32 <= 2 * per_initialize + 16, "{objects_200} stored, {per_initialize} per initialize");
}

#[test]
fn counting_allows_more_refreshes_than_a_trace() {
    let topo = Topology::new(3, 1, 2, Announce::Hostname("localhost".into()));
    let mut sc = Scenario::new(Model::ASYNC_501, "localhost", topo.base_port, topo.cluster_slots().unwrap());
    sc.reinit = 1000;
    assert_eq!(simulate(&sc).unwrap_err(), "at most 100 re-initializations, got 1000");
    let run = count(&sc).unwrap();
    assert_eq!(run.rounds.len(), 1001);
    assert_eq!(run.rounds.last().unwrap().orphaned_objects, 16384);
    sc.reinit = 10_001;
    assert_eq!(count(&sc).unwrap_err(), "at most 10000 re-initializations, got 10001");
}

/// The leak chart's long run takes the counting run a refresh at a time, yielding to
/// the page in between: each `refresh` is one initialize() and the rounds it leaves
/// are `count`'s, round for round.
#[test]
fn a_counting_run_taken_a_refresh_at_a_time_is_count() {
    for (label, reply, port) in replies() {
        for model in Model::per_era() {
            let mut sc = Scenario::new(model, "localhost", port, reply.clone());
            sc.reinit = 5;
            sc.workload = Workload::EveryRefresh;
            let whole = count(&sc).unwrap();
            let mut running = slotscope::engine::counting(&sc).unwrap();
            assert_eq!((running.done(), running.total()), (0, 6), "{model} {label}");
            let mut made = vec![];
            loop {
                let more = running.refresh();
                made.push(running.done());
                if !more {
                    break;
                }
            }
            assert!(!running.refresh(), "{model} {label}: nothing is left after the last");
            assert_eq!(made, (1..=6).collect::<Vec<_>>(), "{model} {label}: one initialize() per refresh");
            let stepped = running.finish();
            assert_eq!(stepped.rounds, whole.rounds, "{model} {label}");
            assert_eq!(Verdict::of(&stepped, &reply), Verdict::of(&whole, &reply), "{model} {label}");
        }
    }
}

/// A run whose initialize() raises stops there: the refreshes after it never run.
#[test]
fn a_counting_run_stops_at_the_initialize_that_raises() {
    let t = Topology::new(3, 1, 2, Announce::Hostname("localhost".into()));
    let reply = t.cluster_slots().unwrap();
    let mut sc = Scenario::new(Model::per_era().next().unwrap(), "localhost", t.base_port, reply.clone());
    sc.reinit = 3;
    sc.reply.entries.truncate(1);
    sc.require_full_coverage = Some(true); // slots not covered: initialize() raises
    let whole = count(&sc).unwrap();
    assert!(whole.error.is_some(), "an uncovered reply raises");
    let mut running = slotscope::engine::counting(&sc).unwrap();
    assert!(!running.refresh(), "the first initialize() raised: nothing more to run");
    assert_eq!(running.done(), 1);
    let stepped = running.finish();
    assert_eq!((stepped.error, stepped.initializations), (whole.error, whole.initializations));
}
