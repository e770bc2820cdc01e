//! The simulator's core: the running registry, the trace being recorded, and the
//! small operations every model shares (construct, look up, store, collect).

use super::model::{Flavor, Model};
use super::node_names::{NodeNames, NodeTable};
use super::registry::Registry;
use super::scenario::Scenario;
use super::source::{Site, Source};
use super::trace::{Action, Anchor, Cache, ClusterNode, Effect, ListId, Name, ObjectId, Role, Step, Trace};
use rustc_hash::FxHashMap;
use std::rc::Rc;

const RECENT_LISTS: usize = 64;

/// No object (in `Sim::tmp_by_name`).
const NO_OBJECT: ObjectId = ObjectId::MAX;

/// Steps folded into one while 5.0.1 repeats the same per-slot misses.
pub(crate) struct Batch {
    pub anchor: Anchor,
    pub effects: super::trace::Effects,
    /// Some step had an effect: the fold is a step (kept even when not recording).
    pub any: bool,
}

pub(crate) struct Sim<'s> {
    pub sc: &'s Scenario,
    pub model: Model,
    /// The model's era's behaviours, looked up once (the walk asks per slot).
    pub traits: super::model::Traits,
    pub trace: Trace,
    /// False in a counting run (`run::count`): each step is applied to the registry
    /// and counted, then dropped, and what nothing refers to is dropped after each
    /// initialize (`compact`), so memory stays flat however many refreshes run.
    pub record: bool,
    /// Steps emitted so far, recorded or not.
    pub steps: usize,
    /// The first object made by the current initialize.
    pub round_first_object: ObjectId,
    pub reg: Registry,
    pub anchor: Anchor,
    pub round: u16,
    pub attempt: u16,
    lists: FxHashMap<Rc<[ObjectId]>, ListId>,
    /// `(primary, list)`: the last list interned per primary, by primary id modulo
    /// `RECENT_LISTS`.
    recent_lists: [(ObjectId, ListId); RECENT_LISTS],
    /// Objects at or above this id are in no interned list yet.
    unlisted_from: ObjectId,
    /// The names of every node met, and the scenario's reply as their indices,
    /// interned once.
    pub nodes: NodeTable<'s>,
    /// The walk's buffer for one entry's replicas (indices in `nodes`).
    pub replica_names: Vec<u32>,
    /// While set, steps are folded into it instead of recorded one by one.
    pub batch: Option<Batch>,
    /// Counts changes to tmp_nodes_cache, so a per-slot check that only reads it can
    /// be answered again without redoing its lookups.
    pub tmp_changes: u64,
    /// tmp_nodes_cache by name, for the walk's lookups (several per slot in 5.0.1):
    /// `tmp_by_name[name]` is the object stored under that name (or `NO_OBJECT`),
    /// and whether that is the object's own name (which the walk asks of every hit).
    /// `apply` keeps it equal to the registry's dict; `tmp_named` are the names set
    /// in it, to clear them when initialize() starts over.
    tmp_by_name: Vec<(ObjectId, bool)>,
    tmp_named: Vec<Name>,
    /// `(list, tmp_changes, entry, attempt)` for which `replicas_would_repeat` said yes.
    pub repeat_memo: Option<(ListId, u64, u32, u16)>,
    /// `LoadBalancer.primary_to_idx`: the next index per primary name, for
    /// read_from_replicas; initialize() resets it.
    pub read_load_balancer: FxHashMap<Name, usize>,
    /// Sync objects whose Redis client initialize() made itself, with
    /// decode_responses=True (see `Traits::undecoded_reply_hosts`).
    pub decoding_clients: rustc_hash::FxHashSet<ObjectId>,
    /// Connections opened through orphans so far (`RoundStats::leaked_sockets`).
    pub leaked_sockets: u32,
    /// The reply as an undecoding client reads it, made once.
    pub bytes_reply: Option<Rc<super::reply::ClusterSlotsReply>>,
}

impl<'s> Sim<'s> {
    pub fn new(sc: &'s Scenario, record: bool) -> Self {
        // Roughly three steps per node element per initialize (four for sync, which
        // also looks in the previous nodes_cache): growing a 100k-step Vec by doubling
        // would copy it many times over.
        let nodes: usize = sc.reply.entries.iter().map(|e| 1 + e.replicas.len()).sum();
        let per_node = if sc.model.flavor() == Flavor::Sync { 4 } else { 3 };
        let per_round = per_node * nodes + 2 * sc.reply.entries.len() + 64;
        let mut trace = Trace { model: Some(sc.model), ..Trace::default() };
        if record {
            trace.steps.reserve((per_round * (1 + sc.reinit as usize)).min(1 << 20));
        }
        // 5.0.1 makes replica objects (and a list) per slot: reserving them at once
        // spares the copies of growth by doubling, which the browser's first run of
        // the #3163 preset feels most.
        // A counting run holds about two initializes' objects at a time.
        let rounds = if record { 1 + sc.reinit as usize } else { 2.min(1 + sc.reinit as usize) };
        let objects = if sc.model.replicas_per_slot() {
            sc.reply
                .entries
                .iter()
                .map(|e| (usize::from(e.end.saturating_sub(e.start)) + 1) * e.replicas.len() + 1)
                .sum::<usize>()
        } else {
            nodes
        };
        // Capped: a run bigger than that grows as usual rather than reserving a
        // hundred MB up front.
        let objects = (objects * rounds + sc.startup_nodes.len()).min(1 << 17);
        trace.objects.reserve(objects);
        trace.lists.reserve(objects);
        let mut reg = Registry::default();
        reg.objects.reserve(objects);
        let mut sim = Sim {
            sc,
            model: sc.model,
            traits: sc.model.traits(),
            trace,
            record,
            steps: 0,
            round_first_object: 0,
            reg,
            anchor: Anchor::construct(),
            round: 0,
            attempt: 0,
            // A counting run indexes only lists made of objects listed before (see
            // `intern`): few, so it reserves none (their table alone would be ~1.6 MB
            // to clear and give back per run).
            lists: FxHashMap::with_capacity_and_hasher(if record { objects } else { 0 }, Default::default()),
            recent_lists: [(ObjectId::MAX, 0); RECENT_LISTS],
            unlisted_from: 0,
            nodes: NodeTable::new(&sc.localhost, sc.model.looks_up_normalised_name()),
            replica_names: Vec::new(),
            tmp_changes: 0,
            tmp_by_name: Vec::new(),
            tmp_named: Vec::new(),
            repeat_memo: None,
            read_load_balancer: FxHashMap::default(),
            decoding_clients: Default::default(),
            bytes_reply: None,
            leaked_sockets: 0,
            batch: None,
        };
        sim.nodes.intern_reply(&mut sim.trace.names, &sc.reply);
        sim
    }

    /// The nodes of reply entry `e` as interned, primary first (indices in `nodes`).
    pub fn entry_nodes(&self, e: u32) -> &[u32] {
        self.nodes.entry(e, 1 + self.sc.reply.entries[e as usize].replicas.len())
    }

    pub fn is_async(&self) -> bool {
        self.model.flavor() == Flavor::Async
    }

    pub fn at(&mut self, anchor: Anchor) {
        self.anchor = anchor;
    }

    /// Records a step and applies its effects to the running registry.
    pub fn emit(&mut self, site: Site, action: Action, effects: impl IntoIterator<Item = Effect>) {
        let effects: super::trace::Effects = effects.into_iter().collect();
        for e in &effects {
            self.apply(e);
        }
        if let Some(batch) = &mut self.batch {
            batch.any |= !effects.is_empty();
            if self.record {
                batch.effects.extend(effects);
            }
            return;
        }
        self.steps += 1;
        if !self.record {
            return;
        }
        self.trace.steps.push(Step { anchor: self.anchor, action, source: Source::new(site, self.model), effects });
    }

    /// A step with no effect. While folding it vanishes; in a counting run it is only
    /// counted: either way the action is never built (the per-slot walk's lookups).
    #[inline]
    pub fn emit_step(&mut self, site: Site, action: impl FnOnce(&Self) -> Action) {
        if self.batch.is_some() {
            return;
        }
        self.steps += 1;
        if self.record {
            let action = action(self);
            self.trace.steps.push(Step {
                anchor: self.anchor,
                action,
                source: Source::new(site, self.model),
                effects: Default::default(),
            });
        }
    }

    /// A step with one effect. While folding, only the effect is kept: the action,
    /// which the batch would drop, is never built (the per-slot walk's hot path).
    /// `action` sees the state before the effect.
    pub fn emit_one(&mut self, site: Site, effect: Effect, action: impl FnOnce(&Self) -> Action) {
        if self.batch.is_none() && self.record {
            let action = action(self);
            self.emit(site, action, [effect]);
            return;
        }
        self.apply(&effect);
        match &mut self.batch {
            Some(batch) => {
                batch.any = true;
                if self.record {
                    batch.effects.push(effect);
                }
            }
            None => self.steps += 1,
        }
    }

    /// What every effect goes through: counted, then applied to the running registry.
    fn apply(&mut self, effect: &Effect) {
        self.reg.apply(effect, &self.trace);
        self.follow_tmp(effect);
    }

    /// After an effect that changes tmp_nodes_cache: counts it (see `tmp_changes`)
    /// and keeps `tmp_by_name` equal to the dict.
    #[inline]
    fn follow_tmp(&mut self, effect: &Effect) {
        match *effect {
            Effect::Store { cache: Cache::TmpNodesCache, name, object } => self.index_tmp(name, object),
            Effect::Pop { cache: Cache::TmpNodesCache, name } => {
                if let Some(o) = self.tmp_by_name.get_mut(name.index()) {
                    *o = (NO_OBJECT, false);
                }
            }
            Effect::ResetTmp | Effect::Replace { cache: Cache::TmpNodesCache, .. } => {
                for name in self.tmp_named.drain(..) {
                    self.tmp_by_name[name.index()] = (NO_OBJECT, false);
                }
                let stored: Vec<(Name, ObjectId)> = self.reg.tmp_nodes_cache.iter().map(|(&n, &o)| (n, o)).collect();
                stored.into_iter().for_each(|(name, object)| self.index_tmp(name, object));
            }
            _ => return,
        }
        self.tmp_changes += 1;
    }

    fn index_tmp(&mut self, name: Name, object: ObjectId) {
        if self.tmp_by_name.len() <= name.index() {
            self.tmp_by_name.resize(self.trace.names.len().max(name.index() + 1), (NO_OBJECT, false));
        }
        let own = self.trace.object(object).name == name;
        if std::mem::replace(&mut self.tmp_by_name[name.index()], (object, own)).0 == NO_OBJECT {
            self.tmp_named.push(name);
        }
    }

    /// `tmp_nodes_cache.get(key)`.
    #[inline]
    pub fn tmp_get(&self, key: Name) -> Option<ObjectId> {
        self.tmp_found(key).map(|(object, _)| object)
    }

    /// The same, and whether `key` is the object's own name.
    #[inline]
    pub fn tmp_found(&self, key: Name) -> Option<(ObjectId, bool)> {
        let found = self.tmp_by_name.get(key.index()).copied().filter(|&(o, _)| o != NO_OBJECT);
        debug_assert_eq!(found.map(|f| f.0), self.reg.tmp_nodes_cache.get(&key).copied());
        debug_assert!(found.is_none_or(|(o, own)| own == (self.trace.object(o).name == key)));
        found
    }

    /// Starts folding steps into one, at the current anchor.
    pub fn begin_batch(&mut self) {
        self.batch = Some(Batch { anchor: self.anchor, effects: Default::default(), any: false });
    }

    /// Records the folded steps as one `SlotsBatch` step.
    pub fn end_batch(&mut self, entry: u32, end: u16) {
        let Some(batch) = self.batch.take() else { return };
        if !batch.any {
            return;
        }
        self.steps += 1;
        if !self.record {
            return;
        }
        let created: Vec<ObjectId> = batch
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Create { object } => Some(*object),
                _ => None,
            })
            .collect();
        let start = batch.anchor.slot.saturating_sub(1) as u16;
        let action = Action::SlotsBatch {
            entry,
            start,
            end,
            created: created.len() as u32,
            first: created.first().copied(),
            last: created.last().copied(),
        };
        self.trace.steps.push(Step {
            anchor: batch.anchor,
            action,
            source: Source::new(Site::SlotAssign, self.model),
            effects: batch.effects,
        });
    }

    /// The names of `host:port` (see `NodeTable::index`).
    pub fn names(&mut self, host: &str, port: u16) -> NodeNames {
        let i = self.names_index(host, port);
        self.nodes.get(i)
    }

    /// The same, as its index in `nodes`.
    pub fn names_index(&mut self, host: &str, port: u16) -> u32 {
        self.nodes.index(&mut self.trace.names, host, port)
    }

    pub fn construct(&mut self, names: NodeNames, role: Option<Role>) -> ObjectId {
        let id = self.trace.objects.next_id();
        self.trace.objects.push(ClusterNode {
            id,
            host_given: names.given,
            host: names.host,
            port: names.port,
            name: names.name,
            server_type: role,
            created_at: self.steps as u32,
            round: self.round,
        });
        let site = match role {
            Some(Role::Primary) => Site::PrimaryConstruct,
            Some(Role::Replica) => Site::ReplicaConstruct,
            None => Site::StartupNodeAppend,
        };
        self.emit_one(site, Effect::Create { object: id }, |_| Action::Construct {
            object: id,
            host_given: names.given,
            name: names.name,
        });
        id
    }

    pub fn lookup(&mut self, site: Site, cache: Cache, key: Name, role: Role) -> Option<ObjectId> {
        let hit = self.reg.cache(cache).get(&key).copied();
        self.lookup_done(site, cache, key, role, hit);
        hit
    }

    /// Records a lookup whose answer the caller already has.
    #[inline]
    pub fn lookup_done(&mut self, site: Site, cache: Cache, key: Name, role: Role, hit: Option<ObjectId>) {
        self.emit_step(site, |_| Action::Lookup { cache, key, role, hit });
    }

    /// `cache[name] = object`, under the object's own (normalised) name.
    pub fn store(&mut self, site: Site, cache: Cache, object: ObjectId) {
        let key = self.trace.object(object).name;
        let effect = Effect::Store { cache, name: key, object };
        self.emit_one(site, effect, |s| {
            let evicted = s.reg.cache(cache).get(&key).copied();
            Action::Store { cache, key, object, evicted }
        });
    }

    #[inline]
    pub fn intern(&mut self, nodes: &[ObjectId]) -> ListId {
        // Most lists repeat the last one of the same primary (every range of a node):
        // that one is checked first, before hashing.
        if let Some(&p) = nodes.first() {
            let (primary, id) = self.recent_lists[p as usize % RECENT_LISTS];
            let same = |l: &[ObjectId]| l.len() == nodes.len() && l.iter().zip(nodes).all(|(a, b)| a == b);
            if primary == p && self.trace.lists.get_id(id).is_some_and(|l| same(l)) {
                return id;
            }
        }
        self.intern_other(nodes)
    }

    /// `intern` for a list other than the last one of its primary.
    #[inline(never)]
    fn intern_other(&mut self, nodes: &[ObjectId]) -> ListId {
        // A list naming an object no list has named yet cannot be interned already:
        // 5.0.1's per-slot walk makes one such list per slot.
        let fresh = nodes.iter().any(|&o| o >= self.unlisted_from);
        let recent = nodes.first().map_or(0, |&p| p as usize % RECENT_LISTS);
        if !fresh {
            if let Some(&id) = self.lists.get(nodes) {
                self.recent_lists[recent] = (nodes[0], id);
                return id;
            }
        }
        let id = self.trace.lists.next_id();
        let list: Rc<[ObjectId]> = nodes.into();
        // A counting run does not index a list with a fresh object (5.0.1's one per
        // slot): one found again only under another id would change no counter (they
        // read the objects a list names, never its id), and the index stays small.
        if self.record || !fresh {
            self.lists.insert(list.clone(), id);
        }
        self.trace.lists.push(list);
        self.unlisted_from = self.unlisted_from.max(nodes.iter().max().map_or(0, |&m| m + 1));
        if let Some(&p) = nodes.first() {
            self.recent_lists[recent] = (p, id);
        }
        id
    }

    /// A counting run, after each initialize: drops the objects that are collected
    /// with no socket open (older than this initialize's) and the node lists no slot
    /// table uses. Ids never change; nothing a counter reads is dropped.
    pub fn compact(&mut self) {
        if self.record {
            return;
        }
        let objects = &self.reg.objects;
        let alive: Vec<bool> = objects.iter().map(|o| !o.collected || o.connected > 0).collect();
        let below = self.round_first_object;
        self.reg.objects.compact(below, |p, _, _| alive[p]);
        self.trace.objects.compact(below, |p, _, _| alive[p]);
        let lists = &self.trace.lists;
        let mut used = vec![false; lists.len()];
        for slots in [&self.reg.slots_cache, &self.reg.tmp_slots] {
            super::registry::mark_listed(&self.trace, slots, &mut used, &mut []);
        }
        let below = self.trace.lists.next_id();
        self.trace.lists.compact(below, |p, _, _| used[p]);
        // A counting run records no steps, so a list is shared only by the trace and
        // this index: the index's own copy is the last one left of a dropped list.
        self.lists.retain(|list, _| Rc::strong_count(list) > 1);
    }

    /// Marks what something still references: the dicts, the slots, the default
    /// node, and the client attributes that hold nodes.
    /// Flags by storage position (`ById::position`).
    fn referenced(&self) -> Vec<bool> {
        let reg = &self.reg;
        let objects = &self.trace.objects;
        let mut seen = vec![false; objects.len()];
        let mut mark = |o: ObjectId| {
            if let Some(p) = objects.position(o) {
                seen[p] = true;
            }
        };
        for cache in [&reg.startup_nodes, &reg.nodes_cache, &reg.tmp_nodes_cache] {
            cache.values().for_each(|&o| mark(o));
        }
        let mut lists_seen = vec![false; self.trace.lists.len()];
        for slots in [&reg.slots_cache, &reg.tmp_slots] {
            super::registry::mark_listed(&self.trace, slots, &mut lists_seen, &mut seen);
        }
        let mut mark = |o: ObjectId| {
            if let Some(p) = objects.position(o) {
                seen[p] = true;
            }
        };
        reg.default_node.into_iter().for_each(&mut mark);
        reg.held.iter().for_each(|&(o, _)| mark(o));
        seen
    }

    /// CPython frees an object as soon as the last reference goes: do that for every
    /// live object nothing references. `everything` is the client itself going away.
    /// An async object with a connected socket warns "Unclosed ClusterNode object";
    /// what its connection does then depends on the release (`ConnectionDrop`).
    pub fn collect_garbage(&mut self, site: Site, everything: bool) {
        use super::model::ConnectionDrop;
        let keep = if everything { vec![false; self.reg.objects.len()] } else { self.referenced() };
        let warns = self.is_async();
        // Dropped with the client while connections hold it: one cycle, which the
        // collector finalizes as a whole, StreamWriters included.
        let cyclic = everything && (self.traits.connections_hold_client || self.sc.read_from_replicas);
        let (closes, writer_warns) = match self.model.connection_drop() {
            _ if !warns => (true, false),
            ConnectionDrop::SchedulesDisconnect if cyclic => (true, true),
            // The task runs later in the program; at the drop the socket is still open.
            ConnectionDrop::SchedulesDisconnect => (!everything, false),
            ConnectionDrop::StreamWriterWarns | ConnectionDrop::Warns(_) => (true, true),
        };
        let mut objects = Vec::new();
        let mut effects = Vec::new();
        let (mut warned, mut sockets_closed, mut connection_warnings) = (0, 0, 0);
        for (p, o) in self.reg.objects.iter().enumerate() {
            if o.collected || keep[p] {
                continue;
            }
            let id = self.reg.objects.id_at(p);
            if o.connected > 0 {
                sockets_closed += if closes { o.connected } else { 0 };
                connection_warnings += if writer_warns { o.connected } else { 0 };
                warned += u32::from(warns);
            }
            objects.push(id as ObjectId);
            effects.push(Effect::Collect { object: id as ObjectId, warns, closes });
        }
        if !objects.is_empty() {
            let action = Action::Collected { objects, warned, sockets_closed, connection_warnings };
            self.emit(site, action, effects);
        }
    }

    /// Disconnects one object, recording how many sockets it closed.
    pub fn disconnect_effect(&self, object: ObjectId) -> (Effect, u32) {
        (Effect::Disconnect { object }, self.reg.object(object).connected)
    }
}
