//! The trace: the one contract between the engine and every view.
//!
//! A run is a list of steps. Each step says what happened (`Action`, for narration
//! and views), which redis-py line it mirrors (`Source`), where it sits in the input
//! (`Anchor`, for lockstep alignment), and how it changed the registry (`Effect`s,
//! which `Timeline` replays to rebuild any step's full state).

use super::model::Model;
use super::source::Source;
use serde::Serialize;

pub type ObjectId = u32;
pub use super::by_id::ById;
pub use super::names::{Name, Names};
/// Index into `Trace::lists`: an immutable list of objects serving a slot.
pub type ListId = u32;

/// The server_type a ClusterNode carries (`None` for startup nodes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Primary,
    Replica,
}

/// The registry's name-keyed dicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cache {
    StartupNodes,
    NodesCache,
    TmpNodesCache,
}

impl Cache {
    pub fn name(self) -> &'static str {
        match self {
            Cache::StartupNodes => "startup_nodes",
            Cache::NodesCache => "nodes_cache",
            Cache::TmpNodesCache => "tmp_nodes_cache",
        }
    }
}

/// What a `ClusterNode` was when it was constructed. Never changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterNode {
    pub id: ObjectId,
    /// The host passed to `ClusterNode(host, ...)`: what the server announced.
    pub host_given: Name,
    /// `self.host`, after the `localhost` rewrite.
    pub host: Name,
    pub port: u16,
    /// `self.name`: `host:port` of the rewritten host.
    pub name: Name,
    pub server_type: Option<Role>,
    /// The step that constructed it.
    pub created_at: u32,
    /// Which phase constructed it (0 = client construction, k = k-th initialize).
    pub round: u16,
}

/// Where a step sits in the input, so two models' runs can be shown side by side at
/// the same moment. Ordered field by field: construction (round 0), each initialize
/// (its startup-node attempts, each walking the reply entry by entry and slot by
/// slot, then the commit), the commands after it, then close and the final drop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Anchor {
    pub round: u16,
    pub attempt: u16,
    pub stage: Stage,
    /// Reply entry index (or command index in the workload).
    pub entry: u32,
    /// 1 + the slot, for per-slot work; 0 for work done once per entry.
    pub slot: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Construct,
    Query,
    Entries,
    Coverage,
    Commit,
    Workload,
    Close,
    Drop,
}

/// The attempt number used once every startup node attempt is over.
const AFTER_ATTEMPTS: u16 = u16::MAX;
/// The round number of close and drop, after every initialize.
const FINAL: u16 = u16::MAX;

impl Anchor {
    fn new(round: u16, attempt: u16, stage: Stage, entry: u32, slot: u32) -> Self {
        Anchor { round, attempt, stage, entry, slot }
    }
    pub fn construct() -> Self {
        Anchor::new(0, 0, Stage::Construct, 0, 0)
    }
    pub fn query(round: u16, attempt: u16) -> Self {
        Anchor::new(round, attempt, Stage::Query, 0, 0)
    }
    pub fn entry(round: u16, attempt: u16, entry: u32) -> Self {
        Anchor::new(round, attempt, Stage::Entries, entry, 0)
    }
    pub fn slot(round: u16, attempt: u16, entry: u32, slot: u16) -> Self {
        Anchor::new(round, attempt, Stage::Entries, entry, u32::from(slot) + 1)
    }
    pub fn coverage(round: u16, attempt: u16) -> Self {
        Anchor::new(round, attempt, Stage::Coverage, 0, 0)
    }
    pub fn commit(round: u16) -> Self {
        Anchor::new(round, AFTER_ATTEMPTS, Stage::Commit, 0, 0)
    }
    pub fn command(round: u16, index: u32) -> Self {
        Anchor::new(round, AFTER_ATTEMPTS, Stage::Workload, index, 0)
    }
    pub fn close() -> Self {
        Anchor::new(FINAL, AFTER_ATTEMPTS, Stage::Close, 0, 0)
    }
    pub fn drop() -> Self {
        Anchor::new(FINAL, AFTER_ATTEMPTS, Stage::Drop, 0, 0)
    }
}

/// Client attributes outside the NodesManager that keep a ClusterNode alive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holder {
    /// Async: `commands_parser.node`, the default node COMMAND was sent to.
    CommandsParserNode,
    /// Sync 8.1.0: `RedisCluster.startup_nodes`, the list the client was built with.
    ClientStartupNodes,
}

impl Holder {
    pub fn name(self) -> &'static str {
        match self {
            Holder::CommandsParserNode => "commands_parser.node",
            Holder::ClientStartupNodes => "RedisCluster.startup_nodes",
        }
    }
}

/// A change to the registry. Applying a run's effects in order rebuilds its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
// One line per variant, like the list of what redis-py does (rustfmt would spread the
// variants over lines once any has a doc comment).
#[rustfmt::skip]
pub enum Effect {
    /// Object `id` now exists (its facts are `Trace::objects[id]`).
    Create { object: ObjectId },
    /// `cache[name] = object`.
    Store { cache: Cache, name: Name, object: ObjectId },
    /// `cache.pop(name)`.
    Pop { cache: Cache, name: Name },
    /// `cache = dict(other)`: the sync client's wholesale swap.
    Replace { cache: Cache, with: Cache },
    /// A new initialize starts with an empty tmp_nodes_cache and tmp_slots.
    ResetTmp,
    /// `tmp_slots[start..=end] = list`.
    AssignSlots { start: u16, end: u16, list: ListId },
    /// `slots_cache = tmp_slots`, each list replaced through `remap` (pairs of
    /// tmp list, committed list) when the model rebuilds lists from nodes_cache.
    CommitSlots { remap: Vec<(ListId, ListId)> },
    SetServerType { object: ObjectId, role: Role },
    /// Sync: `node.redis_connection = Redis(...)` (a client, no socket yet).
    RedisClient { object: ObjectId },
    /// Sync 8.1.0: a new object takes over the previous node's Redis client and sockets.
    ShareClient { from: ObjectId, to: ObjectId },
    /// A connection is acquired: opened if the object has none connected.
    Acquire { object: ObjectId },
    /// Every connection of the object is closed.
    Disconnect { object: ObjectId },
    DefaultNode { object: Option<ObjectId> },
    /// A client attribute now references the object for the client's lifetime.
    Hold { object: ObjectId, by: Holder },
    /// No reference to the object is left: Python collects it. An async object with a
    /// connected socket warns "Unclosed ClusterNode object"; a sync one closes its pool.
    /// `closes`: the collector closes its sockets (not in async 4.4.0-4.5.5).
    Collect { object: ObjectId, warns: bool, closes: bool },
    Closed,
}

/// What a step did, in redis-py's words. Views and narration read this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
// One line per variant, like the list of what redis-py does (rustfmt would spread the
// variants over lines once any has a doc comment).
#[rustfmt::skip]
pub enum Action {
    /// initialize() begins: empty tmp_nodes_cache and tmp_slots.
    InitializeStart { round: u16 },
    /// A command sent to a startup node while initializing (INFO, CLUSTER SLOTS).
    QueryStartupNode { object: ObjectId, command: &'static str },
    /// Sync: a Redis client is made for a node (`create_redis_node`).
    RedisClient { object: ObjectId },
    /// Sync 8.1.0: the startup node's free connections are dropped after the query.
    DropStartupConnections { object: ObjectId },
    ReplyReceived { entries: u32 },
    /// Sync before 4.3.4: the startup node's client does not decode, so the reply's
    /// hosts arrive as bytes and are used as `b'host'`.
    BytesReply { object: ObjectId },
    /// Sync 8.0+: enabling maintenance notifications reconnects these nodes' pools.
    MaintNotificationsReconnect { objects: Vec<ObjectId> },
    /// Sync before 4.3.4: `populate_startup_nodes` adds every node of nodes_cache.
    PopulateStartupNodes { added: u32 },
    /// Single-node rule: an empty primary host becomes the startup node's host.
    EmptyHost { entry: u32, host: Name },
    Remapped { entry: u32, from: String, to: String },
    /// A dict lookup by name. `key` is what was looked up; `hit` what it found.
    Lookup { cache: Cache, key: Name, role: Role, hit: Option<ObjectId> },
    /// `ClusterNode(host, port, ...)` constructed a new object.
    Construct { object: ObjectId, host_given: Name, name: Name },
    /// `cache[key] = object`, and what the key held before.
    Store { cache: Cache, key: Name, object: ObjectId, evicted: Option<ObjectId> },
    /// Slots of an entry get their node list (per range, or per slot in 5.0.1).
    /// `repeats`: how many following slots repeated the same lookups (5.0.1 resolves
    /// replicas once per slot; identical repeats are folded into this one step).
    AssignSlots { entry: u32, start: u16, end: u16, list: ListId, repeats: u32 },
    /// 5.0.1 resolves replicas once per slot: when every slot of a range misses its
    /// lookups again, the slots after the first two are one step. Its effects are all
    /// of theirs (every object constructed, stored and assigned, in order).
    SlotsBatch { entry: u32, start: u16, end: u16, created: u32, first: Option<ObjectId>, last: Option<ObjectId> },
    /// A slot already taken by a node of another name.
    Disagreement { slot: u16, have: Name, got: Name, count: u32 },
    Coverage { covered: u32, full: bool },
    /// `slots_cache = tmp_slots` (or rebuilt from nodes_cache objects).
    CommitSlots { rebuilt: bool },
    /// set_nodes: a name only in the old dict is popped and disconnected.
    SetNodesRemove { cache: Cache, name: Name, object: ObjectId },
    /// set_nodes: a name in both dicts with another object: old one disconnected, replaced.
    SetNodesReplace { cache: Cache, name: Name, old: ObjectId, new: ObjectId },
    /// set_nodes: a name in both dicts, the old object kept (async 8.1.0).
    SetNodesKeep { cache: Cache, name: Name, kept: ObjectId, dropped: ObjectId },
    /// set_nodes: a new name added.
    SetNodesAdd { cache: Cache, name: Name, object: ObjectId },
    /// Sync: the whole dict is replaced (`nodes_cache = tmp_nodes_cache`).
    CacheSwap { cache: Cache, from: Cache, size: u32 },
    DefaultNode { object: ObjectId },
    /// A client attribute keeps a reference to the object.
    Held { object: ObjectId, by: Holder },
    /// Objects no longer referenced anywhere are collected.
    Collected { objects: Vec<ObjectId>, warned: u32, sockets_closed: u32, connection_warnings: u32 },
    /// A command routed by key slot to the object serving it.
    /// `key`/`slot` are `None` for COMMAND, which goes to the default node.
    /// `orphan`: no name-keyed dict (nodes_cache, tmp_nodes_cache) holds the object
    /// the command is routed to, so close() will never reach what it opens.
    Command { command: &'static str, key: Option<String>, slot: Option<u16>, index: u8, object: ObjectId, opened: bool, orphan: bool },
    /// close()/aclose() disconnects what one dict holds.
    CloseCache { cache: Cache, objects: u32, sockets_closed: u32 },
    /// initialize() raised: the message redis-py would raise.
    InitializeFailed { message: String },
}

/// Most steps change one thing: keep that one inline, without a heap allocation.
pub type Effects = smallvec::SmallVec<[Effect; 1]>;

/// One recorded step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub anchor: Anchor,
    pub action: Action,
    #[serde(skip)]
    pub source: Source,
    pub effects: Effects,
}

/// A whole run of one model on one input.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Trace {
    pub model: Option<Model>,
    /// Every host and node name the run uses, interned once: steps, objects and the
    /// registry carry `Name` ids; `name(id)` gives the text.
    #[serde(skip)]
    pub names: Names,
    /// By object id; a counting run drops the ones no longer alive (`ById`).
    pub objects: ById<ClusterNode>,
    pub lists: ById<std::rc::Rc<[ObjectId]>>,
    pub steps: Vec<Step>,
}

impl Trace {
    /// The text of an interned host or node name.
    pub fn name(&self, name: Name) -> &str {
        self.names.text(name)
    }
    pub fn object(&self, id: ObjectId) -> &ClusterNode {
        &self.objects[id]
    }
    pub fn list(&self, id: ListId) -> &[ObjectId] {
        &self.lists[id]
    }
}
