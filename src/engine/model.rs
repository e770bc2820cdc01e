//! The client models Slotscope can run, and how each one differs from the others.
//!
//! Every difference here is one observed in the real sources (see `source.rs` for the
//! lines); a model is a bundle of those differences, not a re-implementation.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One redis-py cluster client, at one version, or with the naming fix applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Model {
    #[serde(rename = "async-5.0.1")]
    Async501,
    #[serde(rename = "sync-5.0.1")]
    Sync501,
    #[serde(rename = "async-8.1.0")]
    Async810,
    #[serde(rename = "sync-8.1.0")]
    Sync810,
    #[serde(rename = "async-fixed")]
    AsyncFixed,
    #[serde(rename = "sync-fixed")]
    SyncFixed,
}

/// `redis.asyncio.RedisCluster` or `redis.cluster.RedisCluster`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    Async,
    Sync,
}

/// Which redis-py tree a model's line references point into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Version {
    V501,
    V810,
}

impl Version {
    pub fn commit(self) -> &'static str {
        match self {
            Version::V501 => "cc4bc1a544d1030aec1696baef2861064fa8dd1c",
            Version::V810 => "e013126df18e476fbb8b8215f040f39bd3242683",
        }
    }
    pub fn tag(self) -> &'static str {
        match self {
            Version::V501 => "v5.0.1",
            Version::V810 => "v8.1.0",
        }
    }
}

impl Model {
    pub const ALL: [Model; 6] =
        [Model::Async501, Model::Sync501, Model::Async810, Model::Sync810, Model::AsyncFixed, Model::SyncFixed];

    pub fn name(self) -> &'static str {
        match self {
            Model::Async501 => "async-5.0.1",
            Model::Sync501 => "sync-5.0.1",
            Model::Async810 => "async-8.1.0",
            Model::Sync810 => "sync-8.1.0",
            Model::AsyncFixed => "async-fixed",
            Model::SyncFixed => "sync-fixed",
        }
    }

    /// Parses a model name as the CLI and the URL spell it.
    pub fn from_name(name: &str) -> Result<Model, String> {
        Model::ALL.into_iter().find(|m| m.name() == name).ok_or_else(|| {
            let known: Vec<&str> = Model::ALL.iter().map(|m| m.name()).collect();
            format!("unknown model '{name}' (known: {})", known.join(", "))
        })
    }

    pub fn flavor(self) -> Flavor {
        match self {
            Model::Async501 | Model::Async810 | Model::AsyncFixed => Flavor::Async,
            Model::Sync501 | Model::Sync810 | Model::SyncFixed => Flavor::Sync,
        }
    }

    /// The release whose code the model follows; the fixed models are 5.0.1 plus the fix.
    pub fn version(self) -> Version {
        match self {
            Model::Async810 | Model::Sync810 => Version::V810,
            _ => Version::V501,
        }
    }

    /// The fix: look nodes up by the same normalised name they are stored under.
    pub fn looks_up_normalised_name(self) -> bool {
        matches!(self, Model::AsyncFixed | Model::SyncFixed)
    }

    /// 5.0.1 resolves replicas inside the per-slot loop; 8.1.0 once per range.
    pub fn replicas_per_slot(self) -> bool {
        self.version() == Version::V501
    }

    /// 5.0.1 sends INFO before CLUSTER SLOTS to check cluster mode; 8.1.0 does not.
    pub fn sends_info_first(self) -> bool {
        self.version() == Version::V501
    }

    /// Async 8.1.0 (PR #4057) keeps the old object when set_nodes meets a known name and
    /// rebuilds slots_cache from nodes_cache; 5.0.1 replaces and disconnects the old one.
    pub fn keeps_known_nodes(self) -> bool {
        self == Model::Async810
    }

    /// Sync 8.1.0 disconnects the startup node's free connections right after CLUSTER SLOTS.
    pub fn drops_startup_connections(self) -> bool {
        self == Model::Sync810
    }

    /// Sync 8.1.0 always builds a new ClusterNode and hands it the previous node's
    /// Redis client; sync 5.0.1 reuses the previous object when it has a client.
    pub fn sync_shares_previous_client(self) -> bool {
        self == Model::Sync810
    }

    /// async RedisCluster defaults require_full_coverage=True, sync to False.
    pub fn default_require_full_coverage(self) -> bool {
        self.flavor() == Flavor::Async
    }

    /// 8.1.0 shuffles the startup nodes before querying them. Slotscope queries them in
    /// order so runs are reproducible; the verdict does not depend on which node answers.
    pub fn shuffles_startup_nodes(self) -> bool {
        self.version() == Version::V810
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
