//! The registry's state at one step, and how effects change it.
//!
//! This is the only place effects are interpreted: the engine applies them as it
//! runs, and `Timeline` re-applies them from checkpoints to show any step.

use super::keyslot::SLOTS;
use super::trace::{Cache, Effect, Holder, ListId, Name, ObjectId, Role, Trace};
use indexmap::IndexMap;
use serde::Serialize;

/// A slot with no node list yet.
pub const NO_LIST: ListId = ListId::MAX;

/// What can change about a `ClusterNode` after it is constructed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ObjectState {
    pub server_type: Option<Role>,
    /// Connection objects the node (or its Redis client's pool) has created.
    pub connections: u32,
    /// Of those, how many hold an open socket now.
    pub connected: u32,
    /// Sockets ever opened by this object.
    pub sockets_opened: u32,
    /// Sync: the node has a `redis_connection` (a Redis client).
    pub redis_client: bool,
    pub collected: bool,
    /// Collected with an open socket: "Unclosed ClusterNode object" was warned.
    pub warned: bool,
}

/// Dicts keep insertion order, as Python's do: set_nodes and default_node depend on it.
pub type NameMap = IndexMap<Name, ObjectId, rustc_hash::FxBuildHasher>;

/// Every structure redis-py's NodesManager keeps, at one moment.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub objects: Vec<ObjectState>,
    pub startup_nodes: NameMap,
    pub nodes_cache: NameMap,
    pub tmp_nodes_cache: NameMap,
    /// Slot -> list id, or empty when no slot is assigned.
    pub tmp_slots: Vec<ListId>,
    pub slots_cache: Vec<ListId>,
    pub default_node: Option<ObjectId>,
    /// References held by client attributes outside the NodesManager.
    pub held: Vec<(ObjectId, Holder)>,
    pub closed: bool,
    pub warnings: u32,
}

impl Registry {
    pub fn cache(&self, cache: Cache) -> &NameMap {
        match cache {
            Cache::StartupNodes => &self.startup_nodes,
            Cache::NodesCache => &self.nodes_cache,
            Cache::TmpNodesCache => &self.tmp_nodes_cache,
        }
    }

    fn cache_mut(&mut self, cache: Cache) -> &mut NameMap {
        match cache {
            Cache::StartupNodes => &mut self.startup_nodes,
            Cache::NodesCache => &mut self.nodes_cache,
            Cache::TmpNodesCache => &mut self.tmp_nodes_cache,
        }
    }

    pub fn object(&self, id: ObjectId) -> &ObjectState {
        &self.objects[id as usize]
    }

    fn object_mut(&mut self, id: ObjectId) -> &mut ObjectState {
        &mut self.objects[id as usize]
    }

    /// The list serving `slot` in the committed slots_cache.
    pub fn slot_list(&self, slot: u16) -> Option<ListId> {
        self.slots_cache.get(usize::from(slot)).copied().filter(|&l| l != NO_LIST)
    }

    pub fn tmp_slot_list(&self, slot: u16) -> Option<ListId> {
        self.tmp_slots.get(usize::from(slot)).copied().filter(|&l| l != NO_LIST)
    }

    /// Open sockets held by live objects.
    pub fn open_connections(&self) -> u32 {
        self.objects.iter().map(|o| o.connected).sum()
    }

    pub fn apply(&mut self, effect: &Effect, trace: &Trace) {
        match effect {
            Effect::Create { object } => {
                debug_assert_eq!(*object as usize, self.objects.len());
                let server_type = trace.object(*object).server_type;
                self.objects.push(ObjectState { server_type, ..Default::default() });
            }
            Effect::Store { cache, name, object } => {
                self.cache_mut(*cache).insert(name.clone(), *object);
            }
            Effect::Pop { cache, name } => {
                self.cache_mut(*cache).shift_remove(name);
            }
            Effect::Replace { cache, with } => {
                let copy = self.cache(*with).clone();
                *self.cache_mut(*cache) = copy;
            }
            Effect::ResetTmp => {
                self.tmp_nodes_cache.clear();
                self.tmp_slots.clear();
            }
            Effect::AssignSlots { start, end, list } => {
                if self.tmp_slots.is_empty() {
                    self.tmp_slots = vec![NO_LIST; usize::from(SLOTS)];
                }
                self.tmp_slots[usize::from(*start)..=usize::from(*end)].fill(*list);
            }
            Effect::CommitSlots { remap } => {
                let mut slots = std::mem::take(&mut self.tmp_slots);
                if !remap.is_empty() {
                    let lookup: rustc_hash::FxHashMap<ListId, ListId> = remap.iter().copied().collect();
                    for l in slots.iter_mut() {
                        if let Some(to) = lookup.get(l) {
                            *l = *to;
                        }
                    }
                }
                self.slots_cache = slots;
            }
            Effect::SetServerType { object, role } => {
                self.object_mut(*object).server_type = Some(*role);
            }
            Effect::RedisClient { object } => {
                self.object_mut(*object).redis_client = true;
            }
            Effect::ShareClient { from, to } => {
                let from_state = self.object_mut(*from);
                let (connections, connected) = (from_state.connections, from_state.connected);
                from_state.connections = 0;
                from_state.connected = 0;
                let to_state = self.object_mut(*to);
                to_state.redis_client = true;
                to_state.connections = connections;
                to_state.connected = connected;
            }
            Effect::Acquire { object } => {
                let o = self.object_mut(*object);
                if o.connected == 0 {
                    o.connections = o.connections.max(1);
                    o.connected = 1;
                    o.sockets_opened += 1;
                }
            }
            Effect::Disconnect { object } => {
                self.object_mut(*object).connected = 0;
            }
            Effect::DefaultNode { object } => self.default_node = *object,
            Effect::Hold { object, by } => self.held.push((*object, *by)),
            Effect::Collect { object, warns } => {
                let o = self.object_mut(*object);
                o.collected = true;
                if o.connected > 0 {
                    o.warned = *warns;
                    o.connected = 0;
                    if *warns {
                        self.warnings += 1;
                    }
                }
            }
            Effect::Closed => self.closed = true,
        }
    }
}

/// Checkpoints of a trace's states, so any step can be shown by replaying a bounded
/// number of effects instead of the whole run (RaftScope's time-travel idea).
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    every: usize,
    checkpoints: Vec<Registry>,
}

impl Timeline {
    /// About 32 checkpoints per trace, never closer than 64 steps.
    pub fn new(trace: &Trace) -> Self {
        let every = (trace.steps.len() / 32).max(64);
        let mut checkpoints = vec![Registry::default()];
        let mut state = Registry::default();
        for (i, step) in trace.steps.iter().enumerate() {
            for e in &step.effects {
                state.apply(e, trace);
            }
            if (i + 1) % every == 0 {
                checkpoints.push(state.clone());
            }
        }
        Timeline { every, checkpoints }
    }

    /// The state once the first `n` steps have run (`n` = 0 is before the first step).
    pub fn state_at(&self, trace: &Trace, n: usize) -> Registry {
        let n = n.min(trace.steps.len());
        let k = (n / self.every).min(self.checkpoints.len() - 1);
        let mut state = self.checkpoints[k].clone();
        for step in &trace.steps[k * self.every..n] {
            for e in &step.effects {
                state.apply(e, trace);
            }
        }
        state
    }
}

impl Registry {
    /// `NodesManager.get_node(host, port)`: user-facing lookups rewrite `localhost`
    /// first, so they find what initialize() stored.
    pub fn get_node(&self, host: &str, port: u16, localhost: &str) -> Option<ObjectId> {
        let host = if host == "localhost" { localhost } else { host };
        self.nodes_cache.get(format!("{host}:{port}").as_str()).copied()
    }

    /// `NodesManager.get_node_from_slot(slot)`: the primary serving the slot.
    pub fn get_node_from_slot(&self, trace: &Trace, slot: u16) -> Result<ObjectId, String> {
        self.slot_list(slot)
            .and_then(|l| trace.list(l).first().copied())
            .ok_or_else(|| format!("Slot \"{slot}\" not covered by the cluster."))
    }
}
