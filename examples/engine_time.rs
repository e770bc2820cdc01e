//! Median wall time of one engine run on the worst-case reply (16384 single-slot
//! ranges, 2 replicas each), per model and announcement: `engine <model> <announce>
//! <ms>` for the traced run the page steps through (`simulate`), `count ...` for the
//! streamed run the CLI's verdict uses (`count`: no trace, like redis-py's own
//! initialize()). scripts/bench.sh reads both. Build with `--profile native`.
//!
//! `engine_time [RUNS] [MODEL] [ANNOUNCE] [KIND]`: RUNS (default 7) runs each; MODEL,
//! ANNOUNCE (`localhost`, `ip`) and KIND (`engine`, `count`) keep only those rows (for
//! a profiler).

use slotscope::engine::{count, simulate, Announce, Model, Run, Scenario, Topology, Workload};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(7).max(1);
    let only_model = args.get(1).map(String::as_str);
    let only_announce = args.get(2).map(String::as_str);
    let only_kind = args.get(3).map(String::as_str);
    for (label, announce) in [("localhost", Announce::Hostname("localhost".into())), ("ip", Announce::Ip)] {
        if only_announce.is_some_and(|a| a != label) {
            continue;
        }
        // 16 primaries x 1024 ranges each: every slot is its own range.
        let topo = Topology::new(16, 2, 1024, announce);
        let reply = topo.cluster_slots().expect("valid topology");
        for model in Model::ALL {
            if only_model.is_some_and(|m| m != model.name()) {
                continue;
            }
            let mut sc = Scenario::new(model, "127.0.0.1", topo.base_port, reply.clone());
            sc.workload = Workload::None;
            for (kind, f) in [("engine", simulate as fn(&Scenario) -> Result<Run, String>), ("count", count)] {
                if only_kind.is_some_and(|k| k != kind) {
                    continue;
                }
                let mut times: Vec<f64> = (0..runs)
                    .map(|_| {
                        let t = Instant::now();
                        let run = f(&sc).expect("valid scenario");
                        std::hint::black_box(run.steps);
                        t.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                println!("{kind} {model} {label} {:.2}", times[runs / 2]);
            }
        }
    }
}
