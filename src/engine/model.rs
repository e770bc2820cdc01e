//! The client models Slotscope can run, and how each one differs from the others.
//!
//! A model is a client (async or sync) at a published release, or with the naming fix
//! applied. Releases whose node-registry code behaves the same form an `Era`; an era
//! is a bundle of observed differences (`Traits`), not a re-implementation, chosen by
//! a version table the way a TLS library picks a cipher suite from a table. Where each
//! difference lives in redis-py is in `source.rs` (the lines) and `CHANGES` (the
//! release that changed it, with a permalink).

use super::release::Release;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// `redis.asyncio.RedisCluster` or `redis.cluster.RedisCluster`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    Async,
    Sync,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Async => "async",
            Flavor::Sync => "sync",
        }
    }
}

/// The behaviours that differ between releases, in redis-py's own terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Traits {
    /// initialize() resolves the replicas inside the per-slot loop (one lookup, and for
    /// `localhost` one new object, per slot) rather than once per range.
    pub replicas_per_slot: bool,
    /// `INFO` goes to the startup node before `CLUSTER SLOTS` (the cluster_enabled check).
    pub sends_info_first: bool,
    /// Async `set_nodes` keeps the object already stored under a known name instead of
    /// disconnecting it and storing the new one.
    pub keeps_known_nodes: bool,
    /// Async: after set_nodes, slots_cache is rebuilt from the nodes_cache objects.
    pub rebuilds_slots_cache: bool,
    /// Sync `_get_or_create_cluster_node` always builds a new ClusterNode and hands it
    /// the previous node's Redis client (else it reuses the previous node).
    pub shares_previous_client: bool,
    /// Sync: the startup node's free connections are dropped right after CLUSTER SLOTS.
    pub drops_startup_connections: bool,
    /// A tmp_nodes_cache hit is stored again under the node's own name.
    pub restores_on_hit: bool,
    /// The startup nodes are shuffled before they are asked for CLUSTER SLOTS.
    pub shuffles_startup_nodes: bool,
    /// Sync RedisCluster keeps its own list of the startup ClusterNodes.
    pub client_holds_startup_nodes: bool,
    /// Sync `close()` disconnects each node's connection pool (4.x only released the
    /// client's own single connection, so every socket stayed open).
    pub close_disconnects_pool: bool,
    /// What a collected async connection with an open socket prints: asyncio's
    /// `unclosed <StreamWriter>` or redis-py's own `unclosed Connection`.
    pub connection_warning: ConnectionWarning,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ConnectionWarning {
    #[default]
    StreamWriter,
    Connection,
}

impl ConnectionWarning {
    /// The warning as the conformance probe records it (object repr reduced to its type).
    pub fn text(self) -> &'static str {
        match self {
            ConnectionWarning::StreamWriter => "ResourceWarning: unclosed (StreamWriter)",
            ConnectionWarning::Connection => "ResourceWarning: unclosed Connection (Connection)",
        }
    }
}

/// Releases of one client whose node registry behaves the same.
#[derive(Debug, PartialEq, Eq)]
pub struct Era {
    pub flavor: Flavor,
    pub first: Release,
    pub last: Release,
    /// The tag every permalink of this era points into, and its commit.
    pub tag: &'static str,
    pub commit: &'static str,
    /// Which column of `source.rs`'s line table holds this era's lines.
    pub(crate) column: usize,
    pub traits: Traits,
}

impl Era {
    /// `async 5.1.0–7.1.1`
    pub fn label(&self) -> String {
        format!("{} {}–{}", self.flavor.name(), self.first, self.last)
    }

    pub fn releases(&self) -> impl Iterator<Item = Release> + '_ {
        Release::all().filter(move |r| (self.first..=self.last).contains(r))
    }

    /// The release that stands for the era: the one its lines were read from when
    /// that is one of its own, else its newest.
    pub fn representative(&self) -> Release {
        Release::parse(self.tag.trim_start_matches('v'))
            .ok()
            .filter(|r| (self.first..=self.last).contains(r))
            .unwrap_or(self.last)
    }
}

const V501: &str = "cc4bc1a544d1030aec1696baef2861064fa8dd1c";
const V810: &str = "e013126df18e476fbb8b8215f040f39bd3242683";

const OLD: Traits = Traits {
    replicas_per_slot: true,
    sends_info_first: true,
    keeps_known_nodes: false,
    rebuilds_slots_cache: false,
    shares_previous_client: false,
    drops_startup_connections: false,
    restores_on_hit: true,
    shuffles_startup_nodes: false,
    client_holds_startup_nodes: false,
    close_disconnects_pool: true,
    connection_warning: ConnectionWarning::StreamWriter,
};

/// Every era of both clients, oldest first per client; together they cover every
/// release in `release::VERSIONS` once per client (tested).
pub static ERAS: &[Era] = &[
    Era {
        flavor: Flavor::Async,
        first: Release::of("4.3.0"),
        last: Release::of("5.0.8"),
        tag: "v5.0.1",
        commit: V501,
        column: 0,
        traits: OLD,
    },
    Era {
        flavor: Flavor::Async,
        first: Release::of("5.1.0"),
        last: Release::of("7.1.1"),
        tag: "v5.0.1",
        commit: V501,
        column: 0,
        traits: Traits { replicas_per_slot: false, ..OLD },
    },
    Era {
        flavor: Flavor::Async,
        first: Release::of("7.2.0"),
        last: Release::of("7.4.1"),
        tag: "v5.0.1",
        commit: V501,
        column: 0,
        traits: Traits { replicas_per_slot: false, keeps_known_nodes: true, ..OLD },
    },
    Era {
        flavor: Flavor::Async,
        first: Release::of("8.0.0"),
        last: Release::of("8.1.0"),
        tag: "v8.1.0",
        commit: V810,
        column: 1,
        traits: Traits {
            replicas_per_slot: false,
            sends_info_first: false,
            keeps_known_nodes: true,
            rebuilds_slots_cache: true,
            shuffles_startup_nodes: true,
            connection_warning: ConnectionWarning::Connection,
            ..OLD
        },
    },
    Era {
        flavor: Flavor::Sync,
        first: Release::of("4.3.0"),
        last: Release::of("4.6.0"),
        tag: "v5.0.1",
        commit: V501,
        column: 2,
        traits: Traits { close_disconnects_pool: false, ..OLD },
    },
    Era {
        flavor: Flavor::Sync,
        first: Release::of("5.0.0"),
        last: Release::of("5.0.8"),
        tag: "v5.0.1",
        commit: V501,
        column: 2,
        traits: OLD,
    },
    Era {
        flavor: Flavor::Sync,
        first: Release::of("5.1.0"),
        last: Release::of("7.1.1"),
        tag: "v5.0.1",
        commit: V501,
        column: 2,
        traits: Traits { replicas_per_slot: false, ..OLD },
    },
    Era {
        flavor: Flavor::Sync,
        first: Release::of("7.2.0"),
        last: Release::of("8.1.0"),
        tag: "v8.1.0",
        commit: V810,
        column: 3,
        traits: Traits {
            replicas_per_slot: false,
            sends_info_first: false,
            shares_previous_client: true,
            drops_startup_connections: true,
            restores_on_hit: false,
            shuffles_startup_nodes: true,
            client_holds_startup_nodes: true,
            ..OLD
        },
    },
];

/// One redis-py cluster client at one release, or with the naming fix applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Model {
    release: Release,
    flavor: Flavor,
    fixed: bool,
}

/// The fixed models: a release plus the naming fix, and the names they go by.
const FIXED: &[(Model, &str)] = &[
    (Model { release: Release::of("5.0.1"), flavor: Flavor::Async, fixed: true }, "async-fixed"),
    (Model { release: Release::of("5.0.1"), flavor: Flavor::Sync, fixed: true }, "sync-fixed"),
];

impl Model {
    pub const ASYNC_501: Model = Model::new(Flavor::Async, Release::of("5.0.1"));
    pub const SYNC_501: Model = Model::new(Flavor::Sync, Release::of("5.0.1"));
    pub const ASYNC_810: Model = Model::new(Flavor::Async, Release::of("8.1.0"));
    pub const SYNC_810: Model = Model::new(Flavor::Sync, Release::of("8.1.0"));
    pub const ASYNC_FIXED: Model = FIXED[0].0;
    pub const SYNC_FIXED: Model = FIXED[1].0;

    /// The six models the page and the CLI started with; every other release name
    /// (`async-6.4.0`, `sync-4.6.0`, ...) works everywhere these do.
    pub const ALL: [Model; 6] =
        [Model::ASYNC_501, Model::SYNC_501, Model::ASYNC_810, Model::SYNC_810, Model::ASYNC_FIXED, Model::SYNC_FIXED];

    pub const fn new(flavor: Flavor, release: Release) -> Model {
        Model { release, flavor, fixed: false }
    }

    /// Every release of both clients, then the fixed models.
    pub fn every() -> impl Iterator<Item = Model> {
        let released =
            [Flavor::Async, Flavor::Sync].into_iter().flat_map(|f| Release::all().map(move |r| Model::new(f, r)));
        released.chain(FIXED.iter().map(|(m, _)| *m))
    }

    /// One model per era of each client (its representative release), then the fixed ones.
    pub fn per_era() -> impl Iterator<Item = Model> {
        ERAS.iter().map(|e| Model::new(e.flavor, e.representative())).chain(FIXED.iter().map(|(m, _)| *m))
    }

    pub fn name(self) -> &'static str {
        if self.fixed {
            return FIXED.iter().find(|(m, _)| *m == self).map_or("fixed", |(_, n)| n);
        }
        self.release.model_name(self.flavor == Flavor::Async)
    }

    /// Parses a model name as the CLI and the URL spell it: `async-X.Y.Z`,
    /// `sync-X.Y.Z` for any modelled release, or a fixed model's name.
    pub fn from_name(name: &str) -> Result<Model, String> {
        if let Some((m, _)) = FIXED.iter().find(|(_, n)| *n == name) {
            return Ok(*m);
        }
        let (flavor, version) = match name.split_once('-') {
            Some(("async", v)) => (Flavor::Async, v),
            Some(("sync", v)) => (Flavor::Sync, v),
            _ => {
                let fixed: Vec<&str> = FIXED.iter().map(|(_, n)| *n).collect();
                return Err(format!(
                    "unknown model '{name}' (known: async-X.Y.Z or sync-X.Y.Z for a redis-py release from {} to {}, {})",
                    Release::OLDEST,
                    Release::NEWEST,
                    fixed.join(", ")
                ));
            }
        };
        Release::parse(version).map(|r| Model::new(flavor, r)).map_err(|e| format!("unknown model '{name}': {e}"))
    }

    pub fn flavor(self) -> Flavor {
        self.flavor
    }

    pub fn release(self) -> Release {
        self.release
    }

    /// The same client at another release (a fixed model stays fixed only where a
    /// fixed model of that release exists).
    pub fn at(self, release: Release) -> Model {
        let m = Model { release, ..self };
        if m.fixed && !FIXED.iter().any(|(f, _)| *f == m) {
            Model::new(self.flavor, release)
        } else {
            m
        }
    }

    pub fn era(self) -> &'static Era {
        ERAS.iter()
            .find(|e| e.flavor == self.flavor && (e.first..=e.last).contains(&self.release))
            .expect("every release of both clients is in an era")
    }

    pub fn traits(self) -> Traits {
        let mut t = self.era().traits;
        // Outside the node registry: the async Connection warns for itself from 5.0.8.
        if self.release >= Release::of("5.0.8") {
            t.connection_warning = ConnectionWarning::Connection;
        }
        t
    }

    /// The fix: look nodes up by the same normalised name they are stored under.
    pub fn looks_up_normalised_name(self) -> bool {
        self.fixed
    }

    pub fn is_fixed(self) -> bool {
        self.fixed
    }

    pub fn replicas_per_slot(self) -> bool {
        self.traits().replicas_per_slot
    }

    pub fn sends_info_first(self) -> bool {
        self.traits().sends_info_first
    }

    pub fn keeps_known_nodes(self) -> bool {
        self.flavor == Flavor::Async && self.traits().keeps_known_nodes
    }

    pub fn rebuilds_slots_cache(self) -> bool {
        self.flavor == Flavor::Async && self.traits().rebuilds_slots_cache
    }

    pub fn drops_startup_connections(self) -> bool {
        self.flavor == Flavor::Sync && self.traits().drops_startup_connections
    }

    pub fn sync_shares_previous_client(self) -> bool {
        self.flavor == Flavor::Sync && self.traits().shares_previous_client
    }

    /// async RedisCluster defaults require_full_coverage=True, sync to False.
    pub fn default_require_full_coverage(self) -> bool {
        self.flavor == Flavor::Async
    }

    /// 8.x shuffles the startup nodes before querying them. Slotscope queries them in
    /// order so runs are reproducible (unless a recording names the pick); the verdict
    /// does not depend on which node answers.
    pub fn shuffles_startup_nodes(self) -> bool {
        self.traits().shuffles_startup_nodes
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Model {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Model, D::Error> {
        let name = String::deserialize(d)?;
        Model::from_name(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_of_each_client_is_in_exactly_one_era() {
        for flavor in [Flavor::Async, Flavor::Sync] {
            for r in Release::all() {
                let n = ERAS.iter().filter(|e| e.flavor == flavor && (e.first..=e.last).contains(&r)).count();
                assert_eq!(n, 1, "{} {r} is in {n} eras", flavor.name());
            }
        }
        for e in ERAS {
            assert!(e.first <= e.last && (e.first..=e.last).contains(&e.representative()), "{}", e.label());
        }
    }

    #[test]
    fn names_round_trip_for_every_model() {
        for m in Model::every() {
            assert_eq!(Model::from_name(m.name()), Ok(m), "{m}");
        }
        assert_eq!(Model::from_name("async-5.0.1"), Ok(Model::ASYNC_501));
        assert_eq!(Model::from_name("sync-fixed"), Ok(Model::SYNC_FIXED));
        assert_eq!(Model::from_name("async-7.3.1").unwrap().era().first, Release::of("7.2.0"));
        assert_eq!(Model::from_name("sync-4.6.0").unwrap().era().last, Release::of("4.6.0"));
    }

    #[test]
    fn unknown_models_are_one_line_errors_naming_the_nearest() {
        let e = Model::from_name("async-9.1.0").unwrap_err();
        assert!(e.contains("async-9.1.0") && e.contains("8.1.0") && !e.contains('\n'), "{e}");
        let e = Model::from_name("sync-5.0.9").unwrap_err();
        assert!(e.contains("5.0.8 and 5.1.0"), "{e}");
        let e = Model::from_name("trio-5.0.1").unwrap_err();
        assert!(e.contains("async-X.Y.Z") && e.contains("async-fixed"), "{e}");
    }
}
