//! `slotscope-app`: the web app binary that trunk builds for wasm32
//! (see index.html / Trunk.toml). The native CLI is `src/bin/slotscope.rs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    slotscope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "slotscope-app is the web front end and only does something in a browser.\n\
         Serve it with `./scripts/dev.sh` (trunk serve on http://127.0.0.1:8080/),\n\
         build it with `trunk build --release`, or use the CLI: `cargo run --bin slotscope`."
    );
}
