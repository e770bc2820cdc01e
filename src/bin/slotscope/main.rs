//! `slotscope`: the engine's verdict, scriptable. Every error is one line on stderr
//! and a non-zero exit; nothing a user types makes it panic.

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod check;
#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// Cargo builds every binary when the wasm32 browser tests build; the CLI is native
/// only, so on wasm32 it is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}
