//! The engine: a sans-IO model of redis-py's cluster node registry.
//!
//! Input: a `Scenario` (model, startup nodes, CLUSTER SLOTS reply, re-inits,
//! workload). Output: a `Run` whose `Trace` records every step as data. Nothing here
//! touches a socket, a clock or the DOM, so the same engine runs in the CLI, the
//! browser and the tests.

pub mod align;
pub mod by_id;
pub mod census;
mod commit;
mod initialize;
pub mod json;
pub mod keyslot;
pub mod model;
pub mod names;
mod node_names;
pub mod parse;
pub mod problem;
pub mod registry;
pub mod release;
pub mod reply;
pub mod run;
pub mod scenario;
mod sim;
pub mod source;
pub mod topology;
pub mod trace;
pub mod verdict;

pub use census::Census;
pub use keyslot::keyslot;
pub use model::{ConnectionDrop, Era, Flavor, Model, Traits, ERAS};
pub use parse::parse_cluster_slots;
pub use problem::Problem;
pub use registry::{Registry, Timeline};
pub use release::Release;
pub use reply::{ClusterSlotsReply, NodeEntry, SlotRange, NULL_HOST};
pub use run::{count, counting, simulate, Run, Running};
pub use scenario::{Scenario, Workload};
pub use topology::{Announce, Topology};
pub use trace::{Action, Anchor, Cache, Effect, ObjectId, Role, Step, Trace};
pub use verdict::Verdict;
