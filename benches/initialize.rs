//! One initialize() on the worst reply a cluster can send: 16384 single-slot ranges,
//! every primary with replicas, all announced as localhost (the most objects) and
//! as IPs (the most lookups that hit), per model. Native only (criterion is a native
//! dev-dependency): on wasm32 the bench is an empty program, so `cargo clippy
//! --target wasm32-unknown-unknown --all-targets` builds.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
#[cfg(not(target_arch = "wasm32"))]
use slotscope::engine::{simulate, Announce, Model, Scenario, Topology, Workload};

#[cfg(not(target_arch = "wasm32"))]
fn worst_case(announce: Announce) -> Scenario {
    // 16 primaries x 1024 ranges = 16384 single-slot ranges, 2 replicas each.
    let topo = Topology::new(16, 2, 1024, announce);
    let mut sc = Scenario::new(Model::ASYNC_501, "localhost", topo.base_port, topo.cluster_slots().unwrap());
    sc.workload = Workload::None;
    sc
}

#[cfg(not(target_arch = "wasm32"))]
fn initialize(c: &mut Criterion) {
    let mut group = c.benchmark_group("initialize_16384_single_slot_ranges");
    group.sample_size(10);
    for (label, announce) in [("localhost", Announce::Hostname("localhost".into())), ("ip", Announce::Ip)] {
        let base = worst_case(announce);
        for model in Model::ALL {
            let mut sc = base.clone();
            sc.model = model;
            group.bench_with_input(BenchmarkId::new(model.name(), label), &sc, |b, sc| {
                b.iter(|| simulate(sc).unwrap().trace.steps.len())
            });
        }
    }
    group.finish();
}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(benches, initialize);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);
