//! Slotscope: a faithful model of redis-py's cluster node registry (issue #3163),
//! with the views that explain it.
//!
//! `engine` is pure: no I/O, no clocks, no web crates. It builds for native and wasm32.

pub mod app;
pub mod engine;
pub mod repro;
#[cfg(target_arch = "wasm32")]
pub mod ui;
