//! Where the page's own work goes, natively: building the #3163 session (both runs,
//! timelines, verdicts, alignment, chapters) and one pane view per position.
//! `cargo run --release --example view_time [preset]`; the release profile is the
//! wasm's (opt-level z), so the shares are close to the browser's.

use slotscope::app::presets::Preset;
use slotscope::app::session::{Session, Side};
use slotscope::app::view::PaneModel;
use slotscope::engine::{align::align, simulate, Timeline, Verdict};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let id = std::env::args().nth(1).unwrap_or_else(|| "3163".into());
    let p = Preset::by_id(&id).expect("a preset id");
    let spec = p.spec();
    let t = Instant::now();
    let reply = spec.reply().expect("reply");
    println!("reply {:.2}", ms(t));
    for model in [p.left, p.right] {
        let t = Instant::now();
        let run = simulate(&spec.scenario(model, reply.clone()).unwrap()).unwrap();
        let sim = ms(t);
        let t = Instant::now();
        let tl = Timeline::new(&run.trace);
        let tlm = ms(t);
        let t = Instant::now();
        let v = Verdict::of(&run, &reply);
        println!(
            "{model}: simulate {sim:.2} ms ({} steps, {} objects), timeline {tlm:.2}, verdict {:.2}",
            run.trace.steps.len(),
            run.trace.objects.len(),
            ms(t)
        );
        std::hint::black_box((tl, v));
    }
    let t = Instant::now();
    let s = Session::build(&spec, p.left, p.right, None).unwrap();
    println!("Session::build {:.2} ms ({} positions)", ms(t), s.len());
    let t = Instant::now();
    std::hint::black_box(align(&s.left.run.trace, &s.right.run.trace));
    println!("align {:.2}", ms(t));
    // As the page steps forward: each position built from the one before.
    let mut times = Vec::new();
    let mut before: Option<(PaneModel, PaneModel)> = None;
    for pos in 0..s.len() {
        let t = Instant::now();
        let now = (
            PaneModel::build_after(&s, Side::Left, pos, before.as_ref().map(|b| &b.0)),
            PaneModel::build_after(&s, Side::Right, pos, before.as_ref().map(|b| &b.1)),
        );
        times.push((ms(t), pos));
        before = Some(std::hint::black_box(now));
    }
    let first = times[0].0;
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let slowest: Vec<String> = times.iter().rev().take(5).map(|(t, pos)| format!("{t:.2} at {pos}")).collect();
    println!(
        "PaneModel::build_after x2, stepping forward: median {:.2} ms, first {first:.2}, slowest {}",
        times[times.len() / 2].0,
        slowest.join(", ")
    );
}
