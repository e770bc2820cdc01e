use slotscope::app::presets::Preset;
use slotscope::engine::simulate;
fn main() {
    let p = Preset::by_id("3163").unwrap();
    let spec = p.spec();
    let reply = spec.reply().unwrap();
    let sc = spec.scenario(p.left, reply).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..50 { std::hint::black_box(simulate(&sc).unwrap()); }
    println!("{:.2} ms/run", t.elapsed().as_secs_f64() * 1000.0 / 50.0);
}
