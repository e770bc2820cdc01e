//! The engine's time inside the browser: one run of the worst-case reply (16384
//! single-slot ranges, 2 replicas each), per model and announcement, traced
//! (`simulate`, what the page steps through) and counted (`count`), in headless
//! Chromium, in a wasm built with the page's `[profile.release]` (opt-level "z",
//! without the page's wasm-opt pass). bench/engine.sh runs it:
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver cargo bench --profile release \
//!         --target wasm32-unknown-unknown --bench engine_browser
//!
//! and reads its lines, `browser engine|count <model> <announce> <ms>`: the median
//! of RUNS runs after one warm-up (the first run also pays for compiling the wasm
//! on first call, which the page's cold run pays too: printed as `browser-cold`).
//! Natively this file is an empty program.

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod browser {
    use slotscope::engine::{count, simulate, Announce, Model, Run, Scenario, Topology, Workload};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const RUNS: usize = 7;

    fn now() -> f64 {
        web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
    }

    #[wasm_bindgen_test]
    fn worst_case_reply_in_the_browser() {
        for (label, announce) in [("localhost", Announce::Hostname("localhost".into())), ("ip", Announce::Ip)] {
            let topo = Topology::new(16, 2, 1024, announce);
            let reply = topo.cluster_slots().expect("valid topology");
            for model in [Model::ASYNC_501, Model::ASYNC_FIXED] {
                let mut sc = Scenario::new(model, "127.0.0.1", topo.base_port, reply.clone());
                sc.workload = Workload::None;
                for (kind, f) in [("engine", simulate as fn(&Scenario) -> Result<Run, String>), ("count", count)] {
                    let mut times: Vec<f64> = (0..=RUNS)
                        .map(|_| {
                            let t = now();
                            let run = f(&sc).expect("valid scenario");
                            std::hint::black_box(run.steps);
                            now() - t
                        })
                        .collect();
                    let cold = times.remove(0);
                    times.sort_by(f64::total_cmp);
                    console_log!("browser {kind} {model} {label} {:.2}", times[RUNS / 2]);
                    console_log!("browser-cold {kind} {model} {label} {:.2}", cold);
                }
            }
        }
    }
}
