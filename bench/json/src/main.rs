//! Native timings for bench/json.sh: each reader on each input file, median of N runs.
//!
//!   json-native --write-worst FILE   writes the 16384-range reply (16 primaries x 1024
//!                                    ranges x 2 replicas, announcing localhost) as
//!                                    `redis-cli --json CLUSTER SLOTS` prints it
//!   json-native RUNS FILE...         prints `file reader median_ms weight` lines

use slotscope::engine::json::Json;
use slotscope::engine::{Announce, Topology};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--write-worst") {
        let reply = Topology::new(16, 2, 1024, Announce::Hostname("localhost".into())).cluster_slots();
        let reply = reply.unwrap_or_else(|e| panic!("worst-case reply: {e}"));
        assert_eq!(reply.entries.len(), 16384);
        std::fs::write(&args[1], reply.to_redis_cli_json()).unwrap_or_else(|e| panic!("{}: {e}", args[1]));
        return;
    }
    let runs: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(15);
    for path in &args[1..] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        type Reader = fn(&str) -> Result<Json, String>;
        let readers: [(&str, Reader); 2] =
            [("hand", slotscope_json_bench::hand), ("serde", slotscope_json_bench::serde)];
        for (name, read) in readers {
            let mut times = Vec::new();
            let mut weight = 0;
            for _ in 0..=runs {
                let t = std::time::Instant::now();
                let v = read(&text).unwrap_or_else(|e| panic!("{name} on {path}: {e}"));
                times.push(t.elapsed().as_secs_f64() * 1e3);
                weight = slotscope_json_bench::weight(&v);
                drop(std::hint::black_box(v));
            }
            times.remove(0); // the warm-up
            times.sort_by(f64::total_cmp);
            println!("{path} {name} {:.3} {weight}", times[runs / 2]);
        }
    }
}
