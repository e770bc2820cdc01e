//! Slotscope: a faithful model of redis-py's cluster node registry (issue #3163),
//! with the views that explain it.
//!
//! `engine` is pure: no I/O, no clocks, no web crates. It builds for native and wasm32.
//! `ui` (Yew) builds for wasm32, and natively with `--features ssr` for the build-time
//! pre-render and the native view tests.

pub mod app;
pub mod engine;
pub mod i18n;
pub mod repro;
#[cfg(any(target_arch = "wasm32", feature = "ssr"))]
pub mod ui;
