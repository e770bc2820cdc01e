//! The web app's logic, free of the DOM: what the page shows at any moment, as plain
//! data computed from the engine's trace. Compiled on every target so it is unit-tested
//! natively; `crate::ui` (wasm32 only) renders it with Yew.
//!
//! - `spec`: the scenario a visitor chose (topology or pasted reply + startup node).
//! - `presets`: the five named scenarios.
//! - `session`: the two runs of a scenario, aligned in lockstep, plus chapters.
//! - `state`: the single `State` and the pure `reduce(State, Action)`.
//! - `url`: `State` <-> query string (shareable links, back/forward).
//! - `tour`: the guided tour's chapters (text, scenario, moment).
//! - `matrix`: the measured version matrix (`data/version-matrix.json`).
//! - `export`: "Export reproduction": the engine's repro script for the scenario on screen.
//! - `view`: view models (slot-map runs, aggregated object cards, cache-key rows,
//!   counters, leak chart series) for one pane at one step.

pub mod export;
pub mod fault;
pub mod matrix;
pub mod models;
pub mod paste;
pub mod presets;
pub mod remedy;
pub mod session;
pub mod spec;
pub mod state;
pub mod tour;
pub mod url;
pub mod view;
