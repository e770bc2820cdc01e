use slotscope::engine::{simulate, Announce, Model, Scenario, Topology, Workload};
fn main() {
    let topo = Topology::new(16, 2, 1024, if std::env::args().nth(1).as_deref() == Some("ip") { Announce::Ip } else { Announce::Hostname("localhost".into()) });
    let mut sc = Scenario::new(Model::Async501, "localhost", topo.base_port, topo.cluster_slots().unwrap());
    sc.workload = Workload::None;
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..20 { n += simulate(&sc).unwrap().trace.steps.len(); }
    eprintln!("{n} {:?}", t.elapsed() / 20);
}
