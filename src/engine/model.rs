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
    /// Async 8.0+: the kept object takes the new object's `server_type` (7.2-7.4 keep
    /// the old role).
    pub kept_node_takes_role: bool,
    /// Async: after set_nodes, slots_cache is rebuilt from the nodes_cache objects.
    pub rebuilds_slots_cache: bool,
    /// Async `set_nodes(remove_old=True)` pops the names the new dict lacks (4.3.0 and
    /// 4.3.1 only disconnect them and leave them in the dict).
    pub pops_removed_nodes: bool,
    /// Sync `_get_or_create_cluster_node` always builds a new ClusterNode and hands it
    /// the previous node's Redis client (else it reuses the previous node).
    pub shares_previous_client: bool,
    /// Sync: the startup node's free connections are dropped right after CLUSTER SLOTS.
    pub drops_startup_connections: bool,
    /// A tmp_nodes_cache hit is stored again under the node's own name.
    pub restores_on_hit: bool,
    /// The startup nodes are shuffled before they are asked for CLUSTER SLOTS.
    pub shuffles_startup_nodes: bool,
    /// RedisCluster keeps its own list of the startup ClusterNodes (both clients, 7.0+).
    pub client_holds_startup_nodes: bool,
    /// Async: the commands parser keeps the node it sent COMMAND to (4.3.2+).
    pub commands_parser_holds_node: bool,
    /// Async `close()`/`aclose()` also walks startup_nodes (4.3.4+).
    pub close_walks_startup_nodes: bool,
    /// Sync `close()` disconnects each node's connection pool (4.x only released the
    /// client's own single connection, so every socket stayed open).
    pub close_disconnects_pool: bool,
    /// Sync: a lookup that misses tmp_nodes_cache tries the previous nodes_cache
    /// (`_get_or_create_cluster_node`, from 4.3.4) before constructing.
    pub reuses_previous_nodes: bool,
    /// Sync: a reused previous node is given its new role (`server_type`), from 4.4.2.
    pub reused_node_takes_role: bool,
    /// Sync: initialize() adds the discovered nodes to startup_nodes
    /// (`populate_startup_nodes`) instead of replacing startup_nodes with them.
    pub startup_nodes_accumulate: bool,
    /// Sync: a startup node whose Redis client initialize() did not make itself
    /// (`decode_responses=True`) answers CLUSTER SLOTS in bytes, and the hosts are
    /// used as they come: `b'localhost'`, which is never rewritten (before 4.3.4).
    pub undecoded_reply_hosts: bool,
    /// Async: every connection holds `RedisCluster.on_connect` (`redis_connect_func`), so
    /// the client, its nodes and their connections form one cycle (4.3.x always; from
    /// 4.4.0 only with read_from_replicas, which still sets it).
    pub connections_hold_client: bool,
    /// RedisCluster's default `require_full_coverage` (async from 4.4.0, sync from 6.0.0).
    pub requires_full_coverage: bool,
    /// Sync 8.0+: `RedisCluster.__init__` enables maintenance notifications on every
    /// node's pool after COMMAND, so those connections reconnect on next use.
    pub maint_notifications_reconnect: bool,
}

/// What an async `Connection` does when it is collected with its socket open. This is
/// connection code, not the node registry, so it follows releases, not eras
/// (docs/eras.md, (m)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionDrop {
    /// 4.3.0-4.5.5: `Connection.__del__` schedules `disconnect()` as a task on the
    /// running loop, which keeps the connection (and its StreamWriter) alive until the
    /// task runs: no warning, the socket closes a moment later. Only when the whole
    /// client is cyclic garbage does the collector finalize the StreamWriter too, which
    /// warns and closes at once.
    SchedulesDisconnect,
    /// 4.6.0-5.0.1: no `__del__`: asyncio's StreamWriter warns and closes the socket.
    StreamWriterWarns,
    /// 5.0.2+: `Connection.__del__` warns (this text) and closes the socket.
    Warns(&'static str),
}

/// asyncio's warning for a StreamWriter collected unclosed, as the probe records it.
pub const STREAM_WRITER_WARNING: &str = "ResourceWarning: unclosed (StreamWriter)";

/// Measured for every release (data/version-matrix.json and the era recordings).
const CONNECTION_DROPS: &[(Release, Release, ConnectionDrop)] = &[
    (Release::of("4.3.0"), Release::of("4.5.5"), ConnectionDrop::SchedulesDisconnect),
    (Release::of("4.6.0"), Release::of("5.0.1"), ConnectionDrop::StreamWriterWarns),
    (
        Release::of("5.0.2"),
        Release::of("5.0.7"),
        ConnectionDrop::Warns("ResourceWarning: unclosed Connection Connection(host)"),
    ),
    (
        Release::of("5.0.8"),
        Release::of("8.1.0"),
        ConnectionDrop::Warns("ResourceWarning: unclosed Connection (redis.asyncio.connection.Connection)"),
    ),
];

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

/// Where every era's behaviour differs from the one before is written up, with a
/// permalink for each side of every change, in docs/eras.md; the engine reads only
/// these values.
const BASE: Traits = Traits {
    replicas_per_slot: true,
    sends_info_first: true,
    keeps_known_nodes: false,
    kept_node_takes_role: false,
    rebuilds_slots_cache: false,
    pops_removed_nodes: true,
    shares_previous_client: false,
    drops_startup_connections: false,
    restores_on_hit: true,
    shuffles_startup_nodes: false,
    client_holds_startup_nodes: false,
    commands_parser_holds_node: true,
    close_walks_startup_nodes: true,
    close_disconnects_pool: true,
    reuses_previous_nodes: true,
    reused_node_takes_role: true,
    startup_nodes_accumulate: false,
    undecoded_reply_hosts: false,
    requires_full_coverage: true,
    maint_notifications_reconnect: false,
    connections_hold_client: false,
};

/// Every era of both clients, oldest first per client (async, then sync); together
/// they cover every release in `release::VERSIONS` once per client (tested). An era
/// ends wherever any behaviour above changes, read at every release tag.
#[rustfmt::skip]
pub static ERAS: &[Era] = &[
    Era { flavor: Flavor::Async, first: Release::of("4.3.0"), last: Release::of("4.3.1"), tag: "v4.3.1", commit: "42b937fa1f73f3e8251eba5ec8ead2fcbaec7c50", column: 0, traits: Traits { pops_removed_nodes: false, commands_parser_holds_node: false, close_walks_startup_nodes: false, requires_full_coverage: false, connections_hold_client: true, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("4.3.2"), last: Release::of("4.3.3"), tag: "v4.3.3", commit: "bedf3c82a55b4b67eed93f686cb17e82f7ab19cd", column: 1, traits: Traits { close_walks_startup_nodes: false, requires_full_coverage: false, connections_hold_client: true, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("4.3.4"), last: Release::of("4.3.6"), tag: "v4.3.6", commit: "7b48b1bb34f97e4adf32c12a987ff593dc536aef", column: 2, traits: Traits { requires_full_coverage: false, connections_hold_client: true, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("4.4.0"), last: Release::of("4.4.0"), tag: "v4.4.0", commit: "6fa6cfc9ada2ec1878484ba44a02fdc3c0c691d5", column: 3, traits: BASE },
    Era { flavor: Flavor::Async, first: Release::of("4.4.1"), last: Release::of("4.5.4"), tag: "v4.5.4", commit: "e1017fd77afd2f56dca90f986fc82e398e518a26", column: 4, traits: BASE },
    Era { flavor: Flavor::Async, first: Release::of("4.5.5"), last: Release::of("4.5.5"), tag: "v4.5.5", commit: "f056118224e851915922de02ec40f2d16c9e4dd7", column: 5, traits: BASE },
    Era { flavor: Flavor::Async, first: Release::of("4.6.0"), last: Release::of("5.0.1"), tag: "v5.0.1", commit: "cc4bc1a544d1030aec1696baef2861064fa8dd1c", column: 6, traits: BASE },
    Era { flavor: Flavor::Async, first: Release::of("5.0.2"), last: Release::of("5.0.7"), tag: "v5.0.7", commit: "7b3f0d652fdd08dfbe61656f148ddc0f4f2d4fde", column: 7, traits: BASE },
    Era { flavor: Flavor::Async, first: Release::of("5.0.8"), last: Release::of("5.0.8"), tag: "v5.0.8", commit: "6a2a6368e6a76d0ab2eb7236d4a69ce13730d119", column: 8, traits: Traits { sends_info_first: false, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("5.1.0"), last: Release::of("5.2.1"), tag: "v5.2.1", commit: "a74fa6a3dc1996ff256d5b1849c3018a7ac05c99", column: 9, traits: Traits { sends_info_first: false, replicas_per_slot: false, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("5.3.0"), last: Release::of("6.1.1"), tag: "v6.1.1", commit: "bd5e4eccf942c37aacb8e0bf09a661d83402f6e4", column: 10, traits: Traits { sends_info_first: false, replicas_per_slot: false, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("6.2.0"), last: Release::of("6.4.0"), tag: "v6.4.0", commit: "fff669daaf43ae8092ea8ab7a2a3196a9b1b7e41", column: 11, traits: Traits { sends_info_first: false, replicas_per_slot: false, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("7.0.0"), last: Release::of("7.1.1"), tag: "v7.1.1", commit: "7351a1e2d68f386ce6079e274df6bf2ae1406188", column: 12, traits: Traits { sends_info_first: false, replicas_per_slot: false, client_holds_startup_nodes: true, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("7.2.0"), last: Release::of("7.4.1"), tag: "v7.4.1", commit: "f93955c152f29aaef2a83563dac431dd6633b61d", column: 13, traits: Traits { sends_info_first: false, replicas_per_slot: false, client_holds_startup_nodes: true, keeps_known_nodes: true, ..BASE } },
    Era { flavor: Flavor::Async, first: Release::of("8.0.0"), last: Release::of("8.1.0"), tag: "v8.1.0", commit: "e013126df18e476fbb8b8215f040f39bd3242683", column: 14, traits: Traits { sends_info_first: false, replicas_per_slot: false, client_holds_startup_nodes: true, keeps_known_nodes: true, kept_node_takes_role: true, rebuilds_slots_cache: true, shuffles_startup_nodes: true, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("4.3.0"), last: Release::of("4.3.3"), tag: "v4.3.3", commit: "bedf3c82a55b4b67eed93f686cb17e82f7ab19cd", column: 15, traits: Traits { close_disconnects_pool: false, reuses_previous_nodes: false, startup_nodes_accumulate: true, undecoded_reply_hosts: true, requires_full_coverage: false, reused_node_takes_role: false, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("4.3.4"), last: Release::of("4.4.1"), tag: "v4.4.1", commit: "f46d7f3ef7ce64f90acd4a3dcc14375ab9ae9c9d", column: 16, traits: Traits { close_disconnects_pool: false, requires_full_coverage: false, reused_node_takes_role: false, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("4.4.2"), last: Release::of("4.5.4"), tag: "v4.5.4", commit: "e1017fd77afd2f56dca90f986fc82e398e518a26", column: 17, traits: Traits { close_disconnects_pool: false, requires_full_coverage: false, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("4.5.5"), last: Release::of("5.0.0"), tag: "v5.0.0", commit: "28cc65c18cc4fb37ef14497c963eb181dba8d25d", column: 18, traits: Traits { close_disconnects_pool: false, requires_full_coverage: false, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("5.0.1"), last: Release::of("5.0.7"), tag: "v5.0.1", commit: "cc4bc1a544d1030aec1696baef2861064fa8dd1c", column: 19, traits: Traits { requires_full_coverage: false, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("5.0.8"), last: Release::of("5.0.8"), tag: "v5.0.8", commit: "6a2a6368e6a76d0ab2eb7236d4a69ce13730d119", column: 20, traits: Traits { requires_full_coverage: false, sends_info_first: false, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("5.1.0"), last: Release::of("5.2.1"), tag: "v5.2.1", commit: "a74fa6a3dc1996ff256d5b1849c3018a7ac05c99", column: 21, traits: Traits { requires_full_coverage: false, sends_info_first: false, replicas_per_slot: false, restores_on_hit: false, drops_startup_connections: true, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("5.3.0"), last: Release::of("5.3.1"), tag: "v5.3.1", commit: "8f297c2c853b69a63fb1c0ede5a0c507636a5068", column: 22, traits: Traits { requires_full_coverage: false, sends_info_first: false, replicas_per_slot: false, restores_on_hit: false, drops_startup_connections: true, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("6.0.0"), last: Release::of("6.4.0"), tag: "v6.4.0", commit: "fff669daaf43ae8092ea8ab7a2a3196a9b1b7e41", column: 23, traits: Traits { sends_info_first: false, replicas_per_slot: false, restores_on_hit: false, drops_startup_connections: true, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("7.0.0"), last: Release::of("7.1.1"), tag: "v7.1.1", commit: "7351a1e2d68f386ce6079e274df6bf2ae1406188", column: 24, traits: Traits { sends_info_first: false, replicas_per_slot: false, restores_on_hit: false, drops_startup_connections: true, client_holds_startup_nodes: true, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("7.2.0"), last: Release::of("7.4.1"), tag: "v7.4.1", commit: "f93955c152f29aaef2a83563dac431dd6633b61d", column: 25, traits: Traits { sends_info_first: false, replicas_per_slot: false, restores_on_hit: false, drops_startup_connections: true, client_holds_startup_nodes: true, shares_previous_client: true, ..BASE } },
    Era { flavor: Flavor::Sync, first: Release::of("8.0.0"), last: Release::of("8.1.0"), tag: "v8.1.0", commit: "e013126df18e476fbb8b8215f040f39bd3242683", column: 26, traits: Traits { sends_info_first: false, replicas_per_slot: false, restores_on_hit: false, drops_startup_connections: true, client_holds_startup_nodes: true, shares_previous_client: true, shuffles_startup_nodes: true, maint_notifications_reconnect: true, ..BASE } },
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
    // Upstream fixed the async client (8.0.0) but not the sync one.
    (Model { release: Release::of("8.1.0"), flavor: Flavor::Sync, fixed: true }, "sync-8.1.0-fixed"),
];

impl Model {
    pub const ASYNC_501: Model = Model::new(Flavor::Async, Release::of("5.0.1"));
    pub const SYNC_501: Model = Model::new(Flavor::Sync, Release::of("5.0.1"));
    pub const ASYNC_810: Model = Model::new(Flavor::Async, Release::of("8.1.0"));
    pub const SYNC_810: Model = Model::new(Flavor::Sync, Release::of("8.1.0"));
    pub const ASYNC_FIXED: Model = FIXED[0].0;
    pub const SYNC_FIXED: Model = FIXED[1].0;
    pub const SYNC_810_FIXED: Model = FIXED[2].0;

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
        Model::parse_name(name).map_err(String::from)
    }

    /// [`Model::from_name`], the error as facts.
    pub fn parse_name(name: &str) -> Result<Model, super::problem::Problem> {
        use super::problem::Problem;
        if let Some((m, _)) = FIXED.iter().find(|(_, n)| *n == name) {
            return Ok(*m);
        }
        let (flavor, version) = match name.split_once('-') {
            Some(("async", v)) => (Flavor::Async, v),
            Some(("sync", v)) => (Flavor::Sync, v),
            _ => {
                let fixed: Vec<&str> = FIXED.iter().map(|(_, n)| *n).collect();
                return Err(Problem::UnknownModel {
                    name: name.to_string(),
                    oldest: Release::OLDEST.to_string(),
                    newest: Release::NEWEST.to_string(),
                    fixed: fixed.join(", "),
                });
            }
        };
        Release::parse(version)
            .map(|r| Model::new(flavor, r))
            .map_err(|e| Problem::UnknownModelRelease { name: name.to_string(), cause: Box::new(e) })
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
        self.era().traits
    }

    /// What the collector does with this release's async connections.
    pub fn connection_drop(self) -> ConnectionDrop {
        CONNECTION_DROPS
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&self.release))
            .map_or(ConnectionDrop::StreamWriterWarns, |(_, _, d)| *d)
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

    /// RedisCluster's default require_full_coverage in this release.
    pub fn default_require_full_coverage(self) -> bool {
        self.traits().requires_full_coverage
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
    fn every_era_has_its_own_column_of_lines_and_its_own_tag() {
        for (i, e) in ERAS.iter().enumerate() {
            assert_eq!(e.column, i, "{}", e.label());
            assert!(e.commit.len() == 40 && e.commit.bytes().all(|b| b.is_ascii_hexdigit()), "{}", e.label());
            let rep = e.representative();
            assert_eq!(e.tag, format!("v{rep}"), "{}: the tag is a release of the era", e.label());
            let link = crate::engine::source::Source::new(
                crate::engine::source::Site::PrimaryLookup,
                Model::new(e.flavor, rep),
            )
            .permalink();
            assert!(link.contains(e.commit), "{link}");
            let file = if e.flavor == Flavor::Async { "redis/asyncio/cluster.py" } else { "redis/cluster.py" };
            assert!(link.contains(file), "{link}");
        }
    }

    #[test]
    fn connection_drops_cover_every_release_once() {
        for r in Release::all() {
            let n = CONNECTION_DROPS.iter().filter(|(a, b, _)| (*a..=*b).contains(&r)).count();
            assert_eq!(n, 1, "{r}");
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
        assert_eq!(Model::from_name("sync-4.6.0").unwrap().era().last, Release::of("5.0.0"));
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
