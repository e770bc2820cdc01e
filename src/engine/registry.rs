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
    /// By object id (`ById`: a counting run drops the collected ones).
    pub objects: super::by_id::ById<ObjectState>,
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
        &self.objects[id]
    }

    fn object_mut(&mut self, id: ObjectId) -> &mut ObjectState {
        &mut self.objects[id]
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
                debug_assert_eq!(*object, self.objects.next_id());
                let server_type = trace.object(*object).server_type;
                self.objects.push(ObjectState { server_type, ..Default::default() });
            }
            Effect::Store { cache, name, object } => {
                self.cache_mut(*cache).insert(*name, *object);
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
            Effect::Collect { object, warns, closes } => {
                let o = self.object_mut(*object);
                o.collected = true;
                if o.connected > 0 {
                    o.warned = *warns;
                    if *closes {
                        o.connected = 0;
                    }
                    if *warns {
                        self.warnings += 1;
                    }
                }
            }
            Effect::Closed => self.closed = true,
        }
    }
}

/// Flags, by object id, every object a slot table lists. `lists_seen` (by list id)
/// can be shared across tables so that each list is walked once; ids are dense, so
/// flags do what sets would, in one pass. A list met lately (runs of one list, and
/// the few lists most tables alternate between) is skipped without indexing.
///
/// Flags are by storage position (`ById::position`), which is the id in a traced run.
pub fn mark_listed(trace: &Trace, slots: &[ListId], lists_seen: &mut [bool], marks: &mut [bool]) {
    // The last list met, by id modulo 32.
    let mut met = [NO_LIST; 32];
    for &l in slots {
        let recent = &mut met[l as usize % 32];
        if l == *recent || l == NO_LIST {
            continue;
        }
        *recent = l;
        let Some(p) = trace.lists.position(l) else { continue };
        if let Some(seen) = lists_seen.get_mut(p) {
            if !std::mem::replace(seen, true) {
                for &o in trace.lists.at(p).iter() {
                    if let Some(m) = trace.objects.position(o).and_then(|p| marks.get_mut(p)) {
                        *m = true;
                    }
                }
            }
        }
    }
}

/// Checkpoints of a trace's states, so any step can be shown by replaying a bounded
/// number of effects instead of the whole run (RaftScope's time-travel idea).
///
/// Bounded by effects, not steps: one folded step of 5.0.1's per-slot misses carries
/// tens of thousands of effects, so a checkpoint follows any step that brings the
/// effects since the last one over the budget.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// `(n, state after the first n steps)`, ascending in `n`, starting at 0.
    checkpoints: Vec<(usize, Registry)>,
}

/// Most steps replayed to show any step.
const MAX_REPLAY_STEPS: usize = 64;
/// Effects replayed to show any step stay under about this (or 1/32 of the trace's
/// effects, when that is more: a checkpoint holds a whole registry).
const MIN_EFFECT_BUDGET: usize = 2048;

impl Timeline {
    pub fn new(trace: &Trace) -> Self {
        let total: usize = trace.steps.iter().map(|s| s.effects.len()).sum();
        let budget = (total / 32).max(MIN_EFFECT_BUDGET);
        let mut checkpoints = vec![(0, Registry::default())];
        let mut state = Registry::default();
        let (mut since_steps, mut since_effects) = (0, 0);
        for (i, step) in trace.steps.iter().enumerate() {
            for e in &step.effects {
                state.apply(e, trace);
            }
            since_steps += 1;
            since_effects += step.effects.len();
            if since_steps >= MAX_REPLAY_STEPS || since_effects >= budget {
                checkpoints.push((i + 1, state.clone()));
                (since_steps, since_effects) = (0, 0);
            }
        }
        Timeline { checkpoints }
    }

    /// The state once the first `n` steps have run (`n` = 0 is before the first step).
    pub fn state_at(&self, trace: &Trace, n: usize) -> Registry {
        let (checkpoint, replay) = self.replay(trace, n);
        let mut state = checkpoint.clone();
        for step in replay {
            for e in &step.effects {
                state.apply(e, trace);
            }
        }
        state
    }

    /// Effects `state_at(n)` replays: the bound the checkpoints keep.
    pub fn replayed_effects(&self, trace: &Trace, n: usize) -> usize {
        self.replay(trace, n).1.iter().map(|s| s.effects.len()).sum()
    }

    /// The last checkpoint at or before step `n`, and the steps from it to `n`.
    fn replay<'t>(&self, trace: &'t Trace, n: usize) -> (&Registry, &'t [super::trace::Step]) {
        let n = n.min(trace.steps.len());
        let (at, checkpoint) = &self.checkpoints[self.checkpoints.partition_point(|(at, _)| *at <= n) - 1];
        (checkpoint, &trace.steps[*at..n])
    }
}

impl Registry {
    /// `NodesManager.get_node(host, port)`: user-facing lookups rewrite `localhost`
    /// first, so they find what initialize() stored.
    pub fn get_node(&self, trace: &Trace, host: &str, port: u16, localhost: &str) -> Option<ObjectId> {
        let host = if host == "localhost" { localhost } else { host };
        let name = trace.names.find(&format!("{host}:{port}"))?;
        self.nodes_cache.get(&name).copied()
    }

    /// `NodesManager.get_node_from_slot(slot)`: the primary serving the slot.
    pub fn get_node_from_slot(&self, trace: &Trace, slot: u16) -> Result<ObjectId, String> {
        self.slot_list(slot)
            .and_then(|l| trace.list(l).first().copied())
            .ok_or_else(|| format!("Slot \"{slot}\" not covered by the cluster."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Announce, Model, Scenario, Topology};

    /// Showing any step of the #3163 run replays a bounded number of effects, even
    /// right after the step that folds 16k per-slot replica objects (before, such a
    /// position replayed the whole fold on every visit).
    #[test]
    fn any_step_replays_a_bounded_number_of_effects() {
        let topo = Topology::new(3, 1, 2, Announce::Hostname("localhost".into()));
        let sc = Scenario::new(Model::ASYNC_501, "localhost", topo.base_port, topo.cluster_slots().unwrap());
        let run = simulate(&sc).unwrap();
        let trace = &run.trace;
        let total: usize = trace.steps.iter().map(|s| s.effects.len()).sum();
        let biggest = trace.steps.iter().map(|s| s.effects.len()).max().unwrap();
        assert!(biggest > 4 * MIN_EFFECT_BUDGET, "the run has no big folded step: {biggest}");
        let timeline = Timeline::new(trace);
        let budget = (total / 32).max(MIN_EFFECT_BUDGET);
        for n in 0..=trace.steps.len() {
            assert!(timeline.replayed_effects(trace, n) < budget, "step {n} replays too much");
        }
        assert!(timeline.checkpoints.len() <= trace.steps.len() / MAX_REPLAY_STEPS + 33);
    }
}
