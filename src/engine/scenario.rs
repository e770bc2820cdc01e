//! What a run is given: a model, a client's startup nodes, the reply its cluster
//! sends, and what the program does with the client afterwards.

use super::model::Model;
use super::problem::Problem;
use super::reply::ClusterSlotsReply;
use serde::{Deserialize, Serialize};

/// What the program does with the client after it is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Workload {
    /// Build, re-initialize, close; no commands.
    None,
    /// One GET to a key of every slot range after the last initialize, then close.
    #[default]
    EachRange,
    /// One GET to every slot range after every initialize (a long-running service).
    EveryRefresh,
    /// One GET per key of `Scenario::keys`, in order, after the last initialize.
    Keys,
}

impl Workload {
    pub fn parse(s: &str) -> Result<Workload, Problem> {
        match s {
            "none" => Ok(Workload::None),
            "each-range" => Ok(Workload::EachRange),
            "every-refresh" => Ok(Workload::EveryRefresh),
            "keys" => Ok(Workload::Keys),
            _ => Err(Problem::UnknownWorkload { name: s.to_string() }),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Workload::None => "none",
            Workload::EachRange => "each-range",
            Workload::EveryRefresh => "every-refresh",
            Workload::Keys => "keys",
        }
    }
}

/// `address_remap`: a (host, port) the cluster announces, and what the client dials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remap {
    pub from: (String, u16),
    pub to: (String, u16),
}

impl Remap {
    /// Rules sending `from` to `to` on every port `reply` announces `from` with.
    pub fn host_on_every_port(reply: &ClusterSlotsReply, from: &str, to: &str) -> Vec<Remap> {
        let mut ports: Vec<u16> = reply.nodes().filter(|n| n.host == from).map(|n| n.port).collect();
        ports.sort_unstable();
        ports.dedup();
        ports.into_iter().map(|p| Remap { from: (from.to_string(), p), to: (to.to_string(), p) }).collect()
    }
}

/// Most re-initializations a traced run may ask for (a refresh is a whole reply walk,
/// and the trace keeps every step of it).
pub const MAX_REINIT: u32 = 100;
/// Most re-initializations a counting run (`run::count`) may ask for: its memory does
/// not grow with them, its time does (linearly).
pub const MAX_COUNTED_REINIT: u32 = 10_000;

/// Most keys a `keys` workload may send, and the longest key.
pub const MAX_KEYS: usize = 100_000;
pub const MAX_KEY_BYTES: usize = 512;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub model: Model,
    /// `RedisCluster(host=..., port=...)` or `startup_nodes=[...]`.
    pub startup_nodes: Vec<(String, u16)>,
    pub reply: ClusterSlotsReply,
    /// Extra `initialize()` calls after the first (as after MOVED errors).
    pub reinit: u32,
    pub workload: Workload,
    /// What `socket.gethostbyname("localhost")` returns.
    pub localhost: String,
    pub address_remap: Vec<Remap>,
    /// `None` takes the client's default (async True, sync False).
    pub require_full_coverage: Option<bool>,
    /// redis-py 8.1.0 shuffles the startup nodes before each initialize. Entry k names
    /// the node that answered the (k+1)-th initialize in a real run, so a recording can
    /// be replayed exactly; without one, nodes are tried in dict order.
    #[serde(default)]
    pub startup_picks: Vec<String>,
    /// `RedisCluster(read_from_replicas=True)`: reads are spread over each slot's
    /// primary and replicas by the client's round-robin load balancer.
    #[serde(default)]
    pub read_from_replicas: bool,
    /// The keys a `Workload::Keys` run GETs, in order.
    #[serde(default)]
    pub keys: Vec<String>,
    /// What a node answers where it differs from `reply`, by the port the client dials
    /// it on: each node lists a primary's replicas in the order it learned of them, so
    /// with two replicas or more a client that asks another node (8.x picks one at
    /// random) walks the same ranges with the replicas in another order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies_by_port: Vec<(u16, ClusterSlotsReply)>,
}

impl Scenario {
    pub fn new(model: Model, host: &str, port: u16, reply: ClusterSlotsReply) -> Self {
        Scenario {
            model,
            startup_nodes: vec![(host.to_string(), port)],
            reply,
            reinit: 0,
            workload: Workload::EachRange,
            localhost: "127.0.0.1".into(),
            address_remap: Vec::new(),
            require_full_coverage: None,
            startup_picks: Vec::new(),
            read_from_replicas: false,
            keys: Vec::new(),
            replies_by_port: Vec::new(),
        }
    }

    /// The reply the node dialled on `port` gives.
    pub fn reply_from(&self, port: u16) -> &ClusterSlotsReply {
        self.replies_by_port.iter().find(|(p, _)| *p == port).map_or(&self.reply, |(_, r)| r)
    }

    /// `remap_host_port`: where the client dials for an announced `host:port`, when
    /// an address_remap rule applies to it.
    pub fn remap_host_port(&self, host: &str, port: u16) -> Option<(&str, u16)> {
        self.address_remap.iter().find(|r| r.from.0 == host && r.from.1 == port).map(|r| (r.to.0.as_str(), r.to.1))
    }

    /// Checks the scenario for a traced run (`simulate`).
    pub fn validate(&self) -> Result<(), Problem> {
        self.validate_up_to(MAX_REINIT)
    }

    /// Checks the scenario, allowing up to `max_reinit` re-initializations.
    pub fn validate_up_to(&self, max_reinit: u32) -> Result<(), Problem> {
        if self.startup_nodes.is_empty() {
            return Err(Problem::NoStartupNode);
        }
        for (host, port) in &self.startup_nodes {
            if host.is_empty() {
                return Err(Problem::StartupNodeWithoutHost);
            }
            if *port == 0 {
                return Err(Problem::StartupPortZero);
            }
        }
        if self.reinit > max_reinit {
            return Err(Problem::TooManyReinits { max: max_reinit, got: self.reinit });
        }
        if self.localhost.is_empty() {
            return Err(Problem::LocalhostUnresolved);
        }
        if self.workload == Workload::Keys && self.keys.is_empty() {
            return Err(Problem::NoKeys);
        }
        if self.keys.len() > MAX_KEYS {
            return Err(Problem::TooManyKeys { max: MAX_KEYS, got: self.keys.len() });
        }
        if let Some(k) = self.keys.iter().find(|k| k.len() > MAX_KEY_BYTES) {
            return Err(Problem::KeyTooLong { bytes: k.len(), max: MAX_KEY_BYTES });
        }
        self.reply.validate()?;
        self.replies_by_port.iter().try_for_each(|(_, r)| r.validate())
    }
}
