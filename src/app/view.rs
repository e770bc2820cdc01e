//! View models: what one pane shows at one step, as plain data.
//!
//! Sizes are bounded whatever the trace: the slot map is a few runs per row (runs of
//! slots served by the same object, and one "a new object per slot" run for per-slot
//! duplicates), the object heap is one card per group of objects in the same situation
//! ("×16383 like this"), the cache-key table a handful of rows. Nothing here is one
//! item per slot or per object, so the #3163 preset's 16k duplicates stay cheap.

use super::session::{Session, Side};
use crate::engine::keyslot::{crc16, hash_tag, keyslot, SLOTS};
use crate::engine::narrate::narrate;
use crate::engine::registry::NO_LIST;
use crate::engine::run::RoundStats;
use crate::engine::trace::{ListId, Stage};
use crate::engine::{Action, Cache, Effect, Model, ObjectId, Registry, Role, Trace};
use rustc_hash::{FxHashMap, FxHashSet};

/// Who references one object at one step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Refs {
    /// Slots of the committed slots_cache whose list starts with the object.
    pub primary_slots: u32,
    /// Slots of slots_cache that list it as a replica.
    pub replica_slots: u32,
    /// The same for tmp_slots, the table initialize() is building.
    pub tmp_primary_slots: u32,
    pub tmp_replica_slots: u32,
    pub nodes_cache: bool,
    pub tmp_nodes_cache: bool,
    pub startup_nodes: bool,
    pub default_node: bool,
}

impl Refs {
    pub fn slots(&self) -> u32 {
        self.primary_slots + self.replica_slots + self.tmp_primary_slots + self.tmp_replica_slots
    }
    /// Serves slots, but no name-keyed dict holds it: nothing will ever close it.
    pub fn orphan(&self) -> bool {
        self.slots() > 0 && !self.nodes_cache && !self.tmp_nodes_cache
    }
    /// "nodes_cache, startup_nodes, slots_cache (2730 slots as primary)".
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        let plural = |n: u32| if n == 1 { "1 slot".to_string() } else { format!("{n} slots") };
        if self.nodes_cache {
            out.push("nodes_cache".to_string());
        }
        if self.tmp_nodes_cache {
            out.push("tmp_nodes_cache".to_string());
        }
        if self.startup_nodes {
            out.push("startup_nodes".to_string());
        }
        if self.default_node {
            out.push("default_node".to_string());
        }
        for (table, p, r) in [
            ("slots_cache", self.primary_slots, self.replica_slots),
            ("tmp_slots", self.tmp_primary_slots, self.tmp_replica_slots),
        ] {
            if p > 0 {
                out.push(format!("{table}: {} as primary", plural(p)));
            }
            if r > 0 {
                out.push(format!("{table}: {} as replica", plural(r)));
            }
        }
        out
    }
}

/// For each slot table, (list, number of slots holding it), in first-seen order.
/// List ids are dense indices into the trace's lists, so slots are counted in a
/// flat array rather than a map: 5.0.1 gives each of 16k slots its own list.
fn list_counts(trace: &Trace, slots: &[ListId]) -> Vec<(ListId, u32)> {
    let mut count = vec![0u32; trace.lists.len()];
    let mut order = Vec::new();
    for (first, last, l) in list_runs(slots, 0, slots.len()) {
        if let Some(c) = count.get_mut(l as usize) {
            if *c == 0 {
                order.push(l);
            }
            *c += (last - first + 1) as u32;
        }
    }
    order.into_iter().map(|l| (l, count[l as usize])).collect()
}

/// Who references each existing object (indexed by object id).
pub fn refs(trace: &Trace, reg: &Registry) -> Vec<Refs> {
    refs_after(trace, reg, None)
}

/// [`refs`], taking the slot counts from `prev` (refs of the same run at another
/// step whose slot tables are the same): counting 16k per-slot lists is most of the
/// work, the dicts are a few entries.
fn refs_after(trace: &Trace, reg: &Registry, prev: Option<&[Refs]>) -> Vec<Refs> {
    let mut out = match prev {
        // Objects made or not yet made between the two steps hold no slots: the tables
        // are the same.
        Some(refs) => {
            let mut out: Vec<Refs> = refs
                .iter()
                .take(reg.objects.len())
                .map(|r| Refs {
                    nodes_cache: false,
                    tmp_nodes_cache: false,
                    startup_nodes: false,
                    default_node: false,
                    ..*r
                })
                .collect();
            out.resize(reg.objects.len(), Refs::default());
            out
        }
        None => slot_refs(trace, reg),
    };
    for (cache, set) in [(&reg.nodes_cache, 0u8), (&reg.tmp_nodes_cache, 1), (&reg.startup_nodes, 2)] {
        for &o in cache.values() {
            if let Some(r) = out.get_mut(o as usize) {
                match set {
                    0 => r.nodes_cache = true,
                    1 => r.tmp_nodes_cache = true,
                    _ => r.startup_nodes = true,
                }
            }
        }
    }
    if let Some(r) = reg.default_node.and_then(|d| out.get_mut(d as usize)) {
        r.default_node = true;
    }
    out
}

/// The slot counts of [`Refs`], from the two slot tables.
fn slot_refs(trace: &Trace, reg: &Registry) -> Vec<Refs> {
    let mut out = vec![Refs::default(); reg.objects.len()];
    let n = out.len();
    for (slots, tmp) in [(&reg.slots_cache, false), (&reg.tmp_slots, true)] {
        for (list, count) in list_counts(trace, slots) {
            for (pos, &o) in trace.list(list).iter().enumerate() {
                if (o as usize) >= n {
                    continue;
                }
                let r = &mut out[o as usize];
                match (tmp, pos == 0) {
                    (false, true) => r.primary_slots += count,
                    (false, false) => r.replica_slots += count,
                    (true, true) => r.tmp_primary_slots += count,
                    (true, false) => r.tmp_replica_slots += count,
                }
            }
        }
    }
    out
}

/// What became of an object, at this step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Held by a name-keyed dict (or the default node).
    Live,
    /// Serves slots, but no dict holds it: close() will never reach it.
    Orphaned,
    /// Nothing references it; Python frees it at the next collection.
    Unreferenced,
    /// The client is closed and so are its connections.
    Closed,
    /// The client is closed but this object still holds an open socket, or it was
    /// collected with one ("Unclosed ClusterNode object").
    Leaked,
    /// Freed by Python without an open socket.
    Collected,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Live => "live",
            Status::Orphaned => "orphaned",
            Status::Unreferenced => "unreferenced",
            Status::Closed => "closed",
            Status::Leaked => "leaked",
            Status::Collected => "collected",
        }
    }
    pub fn explain(self) -> &'static str {
        match self {
            Status::Live => "held by a name-keyed dict: close() will reach it",
            Status::Orphaned => "serves slots, but no dict holds it: close() will never reach it",
            Status::Unreferenced => "nothing references it: Python frees it next",
            Status::Closed => "the client is closed and so are this object's connections",
            Status::Leaked => "a socket was left open after close (or it warned \"Unclosed ClusterNode object\")",
            Status::Collected => "freed by Python with no open socket",
        }
    }
}

pub fn status(reg: &Registry, refs: &[Refs], id: ObjectId) -> Status {
    let o = &reg.objects[id as usize];
    let r = refs.get(id as usize).copied().unwrap_or_default();
    if o.collected {
        return if o.warned { Status::Leaked } else { Status::Collected };
    }
    if reg.closed {
        return if o.connected > 0 { Status::Leaked } else { Status::Closed };
    }
    if r.orphan() {
        Status::Orphaned
    } else if r.nodes_cache || r.tmp_nodes_cache || r.startup_nodes || r.default_node || r.slots() > 0 {
        Status::Live
    } else {
        Status::Unreferenced
    }
}

/// The pane's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub objects_created: u32,
    /// Objects serving slots that no dict holds (committed or being built).
    pub orphaned: u32,
    /// Open sockets held by objects.
    pub open_connections: u32,
    /// Open sockets right after close(), once the client is closed.
    pub left_open_after_close: Option<u32>,
    /// "Unclosed ClusterNode object" warnings so far.
    pub warnings: u32,
}

pub fn counters(reg: &Registry, refs: &[Refs], after_close: &Registry) -> Counters {
    let orphaned = refs.iter().zip(&reg.objects).filter(|(r, o)| r.orphan() && !o.collected).count() as u32;
    Counters {
        objects_created: reg.objects.len() as u32,
        orphaned,
        open_connections: reg.open_connections(),
        left_open_after_close: reg.closed.then(|| after_close.open_connections()),
        warnings: reg.warnings,
    }
}

/// A group of objects in the same situation, shown as one card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// Up to 4 ids, in creation order, and the last one.
    pub sample: Vec<ObjectId>,
    pub last: ObjectId,
    pub count: u32,
    pub host_given: String,
    pub host: String,
    pub name: String,
    pub role: Option<Role>,
    pub status: Status,
    /// Per object: sockets open now, and connections it made that are closed.
    pub open: u32,
    pub closed: u32,
    pub refs: Refs,
    /// Created by initialize() #round (0: the client's constructor); of the first one.
    pub round: u16,
    /// The current step involves one of these objects.
    pub touched: bool,
}

impl Card {
    pub fn first(&self) -> ObjectId {
        self.sample[0]
    }
    /// "#2", or "#2, #3, #4, #5 … #2730".
    pub fn ids(&self) -> String {
        let mut s: Vec<String> = self.sample.iter().map(|i| format!("#{i}")).collect();
        if self.count as usize > self.sample.len() {
            s.push(format!("… #{}", self.last));
        }
        s.join(", ")
    }
}

/// Objects the step names (small, except for a collection).
pub fn touched(trace: &Trace, step: Option<usize>) -> FxHashSet<ObjectId> {
    let mut out = FxHashSet::default();
    let Some(step) = step.and_then(|i| trace.steps.get(i)) else { return out };
    match &step.action {
        Action::QueryStartupNode { object, .. }
        | Action::RedisClient { object }
        | Action::DropStartupConnections { object }
        | Action::Construct { object, .. }
        | Action::DefaultNode { object }
        | Action::SetNodesRemove { object, .. }
        | Action::SetNodesAdd { object, .. }
        | Action::Command { object, .. } => {
            out.insert(*object);
        }
        Action::Lookup { hit, .. } => out.extend(*hit),
        Action::Store { object, evicted, .. } => {
            out.insert(*object);
            out.extend(*evicted);
        }
        Action::AssignSlots { list, .. } => out.extend(trace.list(*list).iter().copied()),
        Action::SetNodesReplace { old, new, .. } => out.extend([*old, *new]),
        Action::SetNodesKeep { kept, dropped, .. } => out.extend([*kept, *dropped]),
        Action::Collected { objects, .. } => out.extend(objects.iter().copied()),
        _ => {}
    }
    out
}

/// One card per group of objects with the same name, role, status, connections and
/// references; at most `limit` cards (touched ones always shown), plus how many
/// groups were left out.
pub fn cards(
    trace: &Trace,
    reg: &Registry,
    refs: &[Refs],
    touched: &FxHashSet<ObjectId>,
    limit: usize,
) -> (Vec<Card>, usize) {
    // Objects made for one announced node share their name strings (the engine
    // interns them), so groups are keyed by a small per-name-pair number found by
    // pointer first: hashing 16k names by content was most of this function.
    let mut by_ptr: FxHashMap<(*const u8, *const u8), u32> = FxHashMap::default();
    let mut by_text: FxHashMap<(&str, &str), u32> = FxHashMap::default();
    type Key = (u32, u8, Status, u32, u32, Refs);
    let mut index: FxHashMap<Key, usize> = FxHashMap::default();
    let mut last: Option<(Key, usize)> = None;
    let mut out: Vec<Card> = Vec::new();
    for (i, o) in reg.objects.iter().enumerate() {
        let id = i as ObjectId;
        let facts = trace.object(id);
        let st = status(reg, refs, id);
        let r = refs.get(i).copied().unwrap_or_default();
        let open = o.connected;
        let closed = o.sockets_opened.saturating_sub(o.connected);
        // (Role is not Hash in the engine: keyed by a small code instead.)
        let role_code = match o.server_type {
            None => 0,
            Some(Role::Primary) => 1,
            Some(Role::Replica) => 2,
        };
        let ptrs = (facts.name.as_ptr(), facts.host_given.as_ptr());
        let names = match by_ptr.get(&ptrs) {
            Some(&n) => n,
            None => {
                let next = by_text.len() as u32;
                let n = *by_text.entry((&facts.name, &facts.host_given)).or_insert(next);
                by_ptr.insert(ptrs, n);
                n
            }
        };
        let key: Key = (names, role_code, st, open, closed, r);
        let t = touched.contains(&id);
        // Neighbours in creation order are usually alike (a burst of per-slot
        // replicas): check the previous object's card before hashing.
        let found = match &last {
            Some((k, c)) if *k == key => Some(*c),
            _ => index.get(&key).copied(),
        };
        last = Some((key, found.unwrap_or(out.len())));
        match found {
            Some(c) => {
                let card = &mut out[c];
                card.count += 1;
                card.last = id;
                if card.sample.len() < 4 {
                    card.sample.push(id);
                }
                card.touched |= t;
            }
            None => {
                index.insert(key, out.len());
                out.push(Card {
                    sample: vec![id],
                    last: id,
                    count: 1,
                    host_given: facts.host_given.to_string(),
                    host: facts.host.to_string(),
                    name: facts.name.to_string(),
                    role: o.server_type,
                    status: st,
                    open,
                    closed,
                    refs: r,
                    round: facts.round,
                    touched: t,
                });
            }
        }
    }
    if out.len() <= limit {
        return (out, 0);
    }
    let total = out.len();
    let mut kept: Vec<Card> = Vec::new();
    for (i, c) in out.into_iter().enumerate() {
        if i < limit || c.touched {
            kept.push(c);
        }
    }
    let hidden = total - kept.len();
    (kept, hidden)
}

/// One dict lookup of a cache-key row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupCell {
    pub cache: Cache,
    pub key: String,
    pub hit: Option<ObjectId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreCell {
    pub cache: Cache,
    pub key: String,
    pub object: ObjectId,
    pub evicted: Option<ObjectId>,
}

/// One node resolution: the key(s) looked up, the object made, the key stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheRow {
    pub first_step: usize,
    pub role: Option<Role>,
    pub lookups: Vec<LookupCell>,
    pub constructed: Option<ObjectId>,
    pub store: Option<StoreCell>,
    /// The step on screen is part of this row.
    pub current: bool,
}

impl CacheRow {
    /// The key looked up is not the key stored: the lookup can never find this node.
    pub fn mismatch(&self) -> bool {
        match (self.lookups.first(), &self.store) {
            (Some(l), Some(s)) => l.key != s.key,
            _ => false,
        }
    }
    /// The store replaced a different object under the same name.
    pub fn evicts_other(&self) -> bool {
        self.store.as_ref().is_some_and(|s| s.evicted.is_some_and(|e| e != s.object))
    }
}

/// The last `limit` node resolutions of the current initialize, up to step `upto`.
/// Bounded: scans back at most a few hundred steps.
pub fn cache_rows(trace: &Trace, upto: Option<usize>, limit: usize) -> Vec<CacheRow> {
    let Some(upto) = upto.filter(|&u| u < trace.steps.len()) else { return Vec::new() };
    let mut picked: Vec<usize> = Vec::new();
    let floor = upto.saturating_sub(limit * 8 + 16);
    let mut i = upto + 1;
    while i > floor {
        i -= 1;
        match &trace.steps[i].action {
            Action::InitializeStart { .. } => break,
            Action::Lookup { .. } | Action::Construct { .. } | Action::Store { .. } => picked.push(i),
            _ => {}
        }
    }
    picked.reverse();
    let mut rows: Vec<CacheRow> = Vec::new();
    let open = |rows: &Vec<CacheRow>| rows.last().is_some_and(|r| r.store.is_none());
    for i in picked {
        match &trace.steps[i].action {
            Action::Lookup { cache, key, role, hit } => {
                let cell = LookupCell { cache: *cache, key: key.to_string(), hit: *hit };
                let join = open(&rows)
                    && rows.last().is_some_and(|r| {
                        r.constructed.is_none()
                            && r.role == Some(*role)
                            && r.lookups.last().is_some_and(|l| *l.key == **key && l.cache != *cache)
                    });
                if join {
                    rows.last_mut().unwrap().lookups.push(cell);
                } else {
                    rows.push(CacheRow {
                        first_step: i,
                        role: Some(*role),
                        lookups: vec![cell],
                        constructed: None,
                        store: None,
                        current: false,
                    });
                }
            }
            Action::Construct { object, .. } => {
                if open(&rows) && rows.last().is_some_and(|r| r.constructed.is_none()) {
                    rows.last_mut().unwrap().constructed = Some(*object);
                } else {
                    let role = trace.object(*object).server_type;
                    rows.push(CacheRow {
                        first_step: i,
                        role,
                        lookups: vec![],
                        constructed: Some(*object),
                        store: None,
                        current: false,
                    });
                }
            }
            Action::Store { cache, key, object, evicted } => {
                let cell = StoreCell { cache: *cache, key: key.to_string(), object: *object, evicted: *evicted };
                if open(&rows) {
                    rows.last_mut().unwrap().store = Some(cell);
                } else {
                    let role = trace.object(*object).server_type;
                    rows.push(CacheRow {
                        first_step: i,
                        role,
                        lookups: vec![],
                        constructed: None,
                        store: Some(cell),
                        current: false,
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(last) = rows.last_mut() {
        // The rows end at `upto`; the last one holds it when `upto` was picked.
        last.current =
            matches!(trace.steps[upto].action, Action::Lookup { .. } | Action::Construct { .. } | Action::Store { .. });
    }
    let skip = rows.len().saturating_sub(limit);
    rows.drain(..skip);
    rows
}

/// What a run of slots shows in the slot map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// No list, or the list has no node at this position.
    Empty,
    /// One object serves every slot of the run.
    Object { id: ObjectId, orphan: bool },
    /// Every slot has its own object (5.0.1's per-slot replica duplicates).
    PerSlot { objects: u32, orphans: u32, first: ObjectId, last: ObjectId },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotRun {
    pub start: u16,
    pub end: u16,
    pub kind: RunKind,
    /// The object's name ("" for empty runs).
    pub name: String,
}

impl SlotRun {
    pub fn len(&self) -> u32 {
        u32::from(self.end) - u32::from(self.start) + 1
    }
    pub fn is_empty(&self) -> bool {
        false
    }
    pub fn describe(&self) -> String {
        let range = if self.start == self.end {
            format!("slot {}", self.start)
        } else {
            format!("slots {}–{}", self.start, self.end)
        };
        match &self.kind {
            RunKind::Empty => format!("{range}: no node"),
            RunKind::Object { id, orphan } => {
                format!("{range}: #{id} {}{}", self.name, if *orphan { " (orphaned)" } else { "" })
            }
            RunKind::PerSlot { objects, orphans, first, last } => format!(
                "{range}: a new {} object for every slot, #{first}…#{last} ({objects} objects, {orphans} orphaned)",
                self.name
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripRow {
    /// "primary" or "replica 1"...
    pub label: String,
    pub runs: Vec<SlotRun>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strip {
    /// "slots_cache" or "tmp_slots".
    pub table: &'static str,
    pub rows: Vec<StripRow>,
    /// Replica positions not drawn.
    pub hidden_rows: usize,
    pub assigned: u32,
}

/// Consecutive single-slot runs of distinct objects longer than this become one
/// "new object per slot" run.
const BURST: usize = 3;

pub fn strip(
    table: &'static str,
    trace: &Trace,
    slots: &[ListId],
    refs: &[Refs],
    reg: &Registry,
    max_rows: usize,
) -> Strip {
    let lists: Vec<_> = list_runs(slots, 0, slots.len()).collect();
    let assigned = lists.iter().filter(|r| r.2 != NO_LIST).map(|r| (r.1 - r.0 + 1) as u32).sum();
    let positions = positions(trace, &lists).unwrap_or(0);
    let rows = strip_rows(trace, &lists, refs, reg, positions.min(max_rows), true);
    Strip { table, rows, hidden_rows: positions.saturating_sub(max_rows), assigned }
}

/// The slot map's strips: slots_cache, and tmp_slots while initialize() builds it.
fn strips(trace: &Trace, reg: &Registry, refs: &[Refs]) -> Vec<Strip> {
    let mut out = vec![strip("slots_cache", trace, &reg.slots_cache, refs, reg, STRIP_ROWS)];
    if !reg.tmp_slots.is_empty() {
        out.push(strip("tmp_slots", trace, &reg.tmp_slots, refs, reg, STRIP_ROWS));
    }
    out
}

/// Whether the steps between two points of a run (`done` counts, either order) leave
/// both slot tables as they were.
fn slot_tables_unchanged(trace: &Trace, a: usize, b: usize) -> bool {
    let steps = trace.steps.get(a.min(b)..a.max(b)).unwrap_or_default();
    steps
        .iter()
        .flat_map(|s| s.effects.iter())
        .all(|e| !matches!(e, Effect::ResetTmp | Effect::AssignSlots { .. } | Effect::CommitSlots { .. }))
}

/// `prev`'s strips are still right for tables `slot_tables_unchanged` since: the same
/// objects of them are hatched as orphans (all a strip reads besides the trace).
fn same_hatching(prev: &PaneModel, reg: &Registry, refs: &[Refs]) -> bool {
    let hatched = |reg: &Registry, refs: &[Refs], i: usize| refs[i].orphan() && !reg.objects[i].collected;
    let n = refs.len().min(prev.refs.len()).min(reg.objects.len()).min(prev.reg.objects.len());
    (0..n).all(|i| hatched(&prev.reg, &prev.refs, i) == hatched(reg, refs, i))
}

/// Runs of consecutive slots of `lo..hi` holding one list: (first, last, list). The
/// slot counts and every row of a strip read them.
fn list_runs(slots: &[ListId], lo: usize, hi: usize) -> impl Iterator<Item = (usize, usize, ListId)> + '_ {
    let window = &slots[lo..hi];
    let mut i = 0;
    std::iter::from_fn(move || {
        let &l = window.get(i)?;
        let first = i;
        i += 1;
        while i < window.len() && window[i] == l {
            i += 1;
        }
        Some((lo + first, lo + i - 1, l))
    })
}

/// Replica positions drawn for these runs: the longest list among them.
fn positions(trace: &Trace, lists: &[(usize, usize, ListId)]) -> Option<usize> {
    lists.iter().filter(|r| r.2 != NO_LIST).map(|r| trace.list(r.2).len()).max()
}

/// A close-up of a few slots around the one the step is about, one run per object
/// (no folding), so 5.0.1's new object per slot is visible slot by slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zoom {
    pub table: &'static str,
    pub start: u16,
    pub end: u16,
    pub focus: u16,
    pub rows: Vec<StripRow>,
}

/// Slots shown by the close-up.
pub const ZOOM_SLOTS: usize = 24;

pub fn zoom(
    table: &'static str,
    trace: &Trace,
    slots: &[ListId],
    refs: &[Refs],
    reg: &Registry,
    focus: u16,
    max_rows: usize,
) -> Option<Zoom> {
    if slots.is_empty() {
        return None;
    }
    let focus = usize::from(focus).min(slots.len() - 1);
    let start = focus.saturating_sub(ZOOM_SLOTS / 3).min(slots.len().saturating_sub(ZOOM_SLOTS));
    let end = (start + ZOOM_SLOTS).min(slots.len());
    let lists: Vec<_> = list_runs(slots, start, end).collect();
    let positions = positions(trace, &lists).unwrap_or(1);
    let rows = strip_rows(trace, &lists, refs, reg, positions.min(max_rows), false);
    Some(Zoom { table, start: start as u16, end: (end - 1) as u16, focus: focus as u16, rows })
}

/// The rows (primary, replica 1, ...) of the slots `lists` covers, as runs of one object.
fn strip_rows(
    trace: &Trace,
    lists: &[(usize, usize, ListId)],
    refs: &[Refs],
    reg: &Registry,
    positions: usize,
    fold: bool,
) -> Vec<StripRow> {
    let orphan = |id: ObjectId| {
        refs.get(id as usize).is_some_and(|r| r.orphan()) && !reg.objects.get(id as usize).is_some_and(|o| o.collected)
    };
    let mut rows = Vec::new();
    for pos in 0..positions {
        let at = |l: ListId| -> Option<ObjectId> {
            if l == NO_LIST {
                None
            } else {
                trace.list(l).get(pos).copied()
            }
        };
        // Raw runs of the same object.
        let mut raw: Vec<(usize, usize, Option<ObjectId>)> = Vec::with_capacity(lists.len());
        for &(s, e, l) in lists {
            let o = at(l);
            match raw.last_mut() {
                Some(last) if last.2 == o => last.1 = e,
                _ => raw.push((s, e, o)),
            }
        }
        // Fold bursts of one-slot runs.
        let mut runs = Vec::new();
        let mut k = 0;
        while k < raw.len() {
            // A burst: one-slot runs of distinct objects sharing one name (so a
            // burst never spans two nodes' ranges).
            let name_of =
                |r: &(usize, usize, Option<ObjectId>)| r.2.filter(|_| r.0 == r.1).map(|id| &trace.object(id).name);
            let mut m = k;
            if let Some(n) = name_of(&raw[k]).filter(|_| fold) {
                while m < raw.len() && name_of(&raw[m]) == Some(n) {
                    m += 1;
                }
            }
            if m - k >= BURST {
                let ids: Vec<ObjectId> = raw[k..m].iter().filter_map(|r| r.2).collect();
                runs.push(SlotRun {
                    start: raw[k].0 as u16,
                    end: raw[m - 1].1 as u16,
                    kind: RunKind::PerSlot {
                        objects: ids.len() as u32,
                        orphans: ids.iter().filter(|&&i| orphan(i)).count() as u32,
                        first: ids[0],
                        last: *ids.last().unwrap_or(&ids[0]),
                    },
                    name: trace.object(ids[0]).name.to_string(),
                });
                k = m;
                continue;
            }
            let (s, e, o) = raw[k];
            runs.push(SlotRun {
                start: s as u16,
                end: e as u16,
                kind: match o {
                    None => RunKind::Empty,
                    Some(id) => RunKind::Object { id, orphan: orphan(id) },
                },
                name: o.map(|id| trace.object(id).name.to_string()).unwrap_or_default(),
            });
            k += 1;
        }
        let label = if pos == 0 { "primary".to_string() } else { format!("replica {pos}") };
        rows.push(StripRow { label, runs });
    }
    rows
}

/// The slot the step on screen works on, if any: its cursor, or the slot of
/// per-slot work in the walk.
pub fn focus_slot(trace: &Trace, step: Option<usize>) -> Option<u16> {
    if let Some((start, _)) = cursor(trace, step) {
        return Some(start);
    }
    let a = trace.steps.get(step?)?.anchor;
    (a.stage == Stage::Entries && a.slot > 0).then(|| (a.slot - 1) as u16)
}

/// The slots the step on screen is about, for the slot map's cursor.
pub fn cursor(trace: &Trace, step: Option<usize>) -> Option<(u16, u16)> {
    match &trace.steps.get(step?)?.action {
        Action::AssignSlots { start, end, .. } => Some((*start, *end)),
        Action::Command { slot: Some(s), .. } => Some((*s, *s)),
        Action::Disagreement { slot, .. } => Some((*slot, *slot)),
        _ => None,
    }
}

/// One pane at one position of the shared timeline.
#[derive(Debug)]
pub struct PaneModel {
    pub side: Side,
    pub model: Model,
    /// The step on screen (the last one taken), if any.
    pub step: Option<usize>,
    pub steps: usize,
    /// This pane took a step at this position (else it waits for the other).
    pub moved: bool,
    pub narration: String,
    pub pseudocode: &'static str,
    pub file: &'static str,
    pub line: u32,
    pub permalink: String,
    /// Which initialize the step belongs to (0: construction; u16::MAX: close/drop).
    pub round: u16,
    pub stage: Option<Stage>,
    pub counters: Counters,
    pub strips: Vec<Strip>,
    pub cursor: Option<(u16, u16)>,
    /// A close-up of the slots around the step's slot, when the step is about one.
    pub zoom: Option<Zoom>,
    pub cards: Vec<Card>,
    pub cards_hidden: usize,
    pub cache_rows: Vec<CacheRow>,
    pub error: Option<String>,
    pub reg: Registry,
    pub refs: Vec<Refs>,
}

/// Cards shown before "and N more".
pub const CARD_LIMIT: usize = 40;
/// Rows of the cache-key table.
pub const CACHE_ROWS: usize = 6;
/// Slot-map rows (primary + replicas) drawn.
pub const STRIP_ROWS: usize = 3;

impl PaneModel {
    pub fn build(session: &Session, side: Side, pos: usize) -> PaneModel {
        Self::build_after(session, side, pos, None)
    }

    /// Like [`PaneModel::build`], taking from `prev` (this pane of the same session at
    /// the position shown before) what the steps between did not change: a step after
    /// 5.0.1's walk leaves its 16k per-slot lists in place, and counting and folding
    /// them was half of the pane's time.
    pub fn build_after(session: &Session, side: Side, pos: usize, prev: Option<&PaneModel>) -> PaneModel {
        let pane = session.pane(side);
        let trace = &pane.run.trace;
        let pos = pos.min(session.len().saturating_sub(1));
        let joint = &session.joints[pos];
        let (done, moved) = match side {
            Side::Left => (joint.left, joint.left_moves),
            Side::Right => (joint.right, joint.right_moves),
        };
        let reg = pane.state_at(done);
        let prev = prev.filter(|p| {
            let prev_done = p.step.map_or(0, |s| s + 1);
            p.model == pane.model && slot_tables_unchanged(trace, prev_done, done)
        });
        let refs = refs_after(trace, &reg, prev.map(|p| &p.refs[..]));
        let step = done.checked_sub(1);
        let (narration, pseudocode, file, line, permalink, round, stage) = match step.and_then(|i| trace.steps.get(i)) {
            Some(s) => {
                let (file, line) = s.source.location();
                (
                    narrate(trace, s),
                    s.source.pseudocode(),
                    file,
                    line,
                    s.source.permalink(),
                    s.anchor.round,
                    Some(s.anchor.stage),
                )
            }
            None => ("Nothing has happened yet.".to_string(), "", "", 0, String::new(), 0, None),
        };
        let strips = match prev.filter(|p| same_hatching(p, &reg, &refs)) {
            Some(p) => p.strips.clone(),
            None => strips(trace, &reg, &refs),
        };
        let zoom = focus_slot(trace, step).and_then(|f| {
            let (table, slots) = if reg.tmp_slots.is_empty() {
                ("slots_cache", &reg.slots_cache)
            } else {
                ("tmp_slots", &reg.tmp_slots)
            };
            zoom(table, trace, slots, &refs, &reg, f, STRIP_ROWS)
        });
        let t = touched(trace, step);
        let (cards, cards_hidden) = cards(trace, &reg, &refs, &t, CARD_LIMIT);
        PaneModel {
            side,
            model: pane.model,
            step,
            steps: trace.steps.len(),
            moved,
            narration,
            pseudocode,
            file,
            line,
            permalink,
            round,
            stage,
            counters: counters(&reg, &refs, &pane.run.after_close),
            strips,
            cursor: cursor(trace, step),
            zoom,
            cards,
            cards_hidden,
            cache_rows: cache_rows(trace, step, CACHE_ROWS),
            error: pane.run.error.clone(),
            reg,
            refs,
        }
    }

    /// The object `slots_cache` routes `slot` to (its list's first node), if committed.
    pub fn serving(&self, trace: &Trace, slot: u16) -> Option<(ObjectId, String, Status)> {
        let list = self.reg.slot_list(slot)?;
        let id = *trace.list(list).first()?;
        Some((id, trace.object(id).name.to_string(), status(&self.reg, &self.refs, id)))
    }
}

/// The key playground's analysis of one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    pub slot: u16,
    /// CRC16 of the hashed part.
    pub crc: u16,
    /// The key split around its hash tag: (before, tag, after); no tag: (key, None, "").
    pub before: String,
    pub tag: Option<String>,
    pub after: String,
}

pub fn key_info(key: &str) -> KeyInfo {
    let bytes = key.as_bytes();
    let slot = keyslot(bytes);
    match hash_tag(bytes) {
        // `{` and `}` are ASCII, so the tag's bounds are char boundaries.
        Some(r) => KeyInfo {
            slot,
            crc: crc16(&bytes[r.clone()]),
            before: key[..r.start].to_string(),
            tag: Some(key[r.clone()].to_string()),
            after: key[r.end..].to_string(),
        },
        None => KeyInfo { slot, crc: crc16(bytes), before: key.to_string(), tag: None, after: String::new() },
    }
}

/// One point per initialize, for the leak-over-time chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeakPoint {
    pub round: u16,
    pub orphaned: u32,
    pub open: u32,
    pub warnings: u32,
}

pub fn leak_series(rounds: &[RoundStats]) -> Vec<LeakPoint> {
    rounds
        .iter()
        .map(|r| LeakPoint {
            round: r.round,
            orphaned: r.orphaned_objects,
            open: r.open_connections,
            warnings: r.unclosed_warnings,
        })
        .collect()
}

/// The points of a chart line in a `w`×`h` box, for values scaled to `max`, in
/// tenths of a unit (integers: the page formats no floating-point numbers).
pub fn points(values: &[u32], max: u32, w: u32, h: u32) -> Vec<(u64, u64)> {
    let n = values.len() as u64;
    let max = u64::from(max.max(1));
    let (w, h) = (u64::from(w) * 10, u64::from(h) * 10);
    let div = |a: u64, b: u64| (2 * a + b) / (2 * b); // a / b, rounded
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let x = if n <= 1 { w / 2 } else { div(w * i as u64, n - 1) };
            (x, h - div(h * u64::from(v.min(max as u32)), max))
        })
        .collect()
}

/// Tenths as a decimal: 255 -> "25.5".
pub fn tenths(t: u64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// A line of the chart: SVG `points` ("x,y x,y ...").
pub fn polyline(values: &[u32], max: u32, w: u32, h: u32) -> String {
    points(values, max, w, h).iter().map(|&(x, y)| format!("{},{}", tenths(x), tenths(y))).collect::<Vec<_>>().join(" ")
}

/// `100 * num / den` percent with 4 decimals, rounded: (1, 3) -> "33.3333".
pub fn percent_of(num: u32, den: u32) -> String {
    let den = u64::from(den.max(1));
    let v = (2 * 1_000_000 * u64::from(num) + den) / (2 * den);
    format!("{}.{:04}", v / 10_000, v % 10_000)
}

/// Slot -> position in a 0..100 % strip, as CSS text.
pub fn percent(slot: u32) -> String {
    percent_of(slot, u32::from(SLOTS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::{Preset, PRESETS};

    fn session(id: &str, left: Model, right: Model) -> Session {
        Session::build(&Preset::by_id(id).unwrap().spec(), left, right, None).unwrap()
    }

    #[test]
    fn first_orphan_shows_in_the_buggy_pane_only() {
        let s = session("3163", Model::ASYNC_501, Model::ASYNC_FIXED);
        let fo = s.first_orphan(Side::Left).unwrap();
        let before = PaneModel::build(&s, Side::Left, fo - 1);
        assert_eq!(before.counters.orphaned, 0);
        let l = PaneModel::build(&s, Side::Left, fo);
        let r = PaneModel::build(&s, Side::Right, fo);
        assert_eq!(l.counters.orphaned, 1, "{}", l.narration);
        assert_eq!(r.counters.orphaned, 0);
        assert!(l.narration.contains("evicting"), "{}", l.narration);
        // The cache-key table shows the mismatch and the eviction.
        let row = l.cache_rows.last().unwrap();
        assert!(row.current && row.mismatch() && row.evicts_other(), "{row:?}");
        assert_eq!(row.lookups[0].key, "localhost:7003");
        assert_eq!(row.store.as_ref().unwrap().key, "127.0.0.1:7003");
        assert!(r.cache_rows.iter().all(|r| !r.mismatch()));
        // And at the commit, the fixed pane still has none.
        let commit = s.chapter("commit-1").unwrap().joint;
        let end_of_commit = s.chapter("commands-1").unwrap().joint - 1;
        for p in [commit, end_of_commit] {
            assert!(PaneModel::build(&s, Side::Left, p).counters.orphaned > 0);
            assert_eq!(PaneModel::build(&s, Side::Right, p).counters.orphaned, 0);
        }
    }

    #[test]
    fn counters_agree_with_the_engine_verdict_after_close() {
        for p in &PRESETS {
            for m in Model::ALL {
                let s = Session::build(&p.spec(), m, m, None).unwrap();
                let close = s.chapter("close").unwrap().joint;
                // The last joint of close: just before the drop.
                let after = s.chapter("drop").map(|c| c.joint - 1).unwrap_or(s.len() - 1).max(close);
                let pm = PaneModel::build(&s, Side::Left, after);
                let v = &s.left.verdict;
                assert_eq!(pm.counters.orphaned, v.orphaned_objects, "{} {m}", p.id);
                assert_eq!(pm.counters.left_open_after_close, Some(v.open_connections_after_close), "{} {m}", p.id);
                assert_eq!(pm.counters.objects_created, v.objects_created, "{} {m}", p.id);
                let end = PaneModel::build(&s, Side::Left, s.len() - 1);
                assert_eq!(end.counters.warnings, v.unclosed_warnings, "{} {m}", p.id);
                assert_eq!(end.counters.orphaned, 0);
            }
        }
    }

    #[test]
    fn sixteen_thousand_duplicates_stay_a_few_runs_and_cards() {
        let s = session("3163", Model::ASYNC_501, Model::ASYNC_FIXED);
        let commit_end = s.chapter("commands-1").unwrap().joint;
        let pm = PaneModel::build(&s, Side::Left, commit_end);
        let sc = &pm.strips[0];
        assert_eq!(sc.table, "slots_cache");
        assert_eq!(sc.assigned, 16384);
        assert_eq!(sc.rows.len(), 2);
        assert!(
            sc.rows.iter().all(|r| r.runs.len() <= 16),
            "{:?}",
            sc.rows.iter().map(|r| r.runs.len()).collect::<Vec<_>>()
        );
        // Primary row: 6 ranges, 6 objects; entry 0's #1 is a duplicate of entry 3's 127.0.0.1:7000.
        let prim = &sc.rows[0].runs;
        assert_eq!(prim.len(), 6);
        let ids: Vec<ObjectId> = prim
            .iter()
            .map(|r| match r.kind {
                RunKind::Object { id, .. } => id,
                _ => panic!(),
            })
            .collect();
        assert_ne!(ids[0], ids[3]);
        assert_eq!(prim[0].name, prim[3].name);
        assert!(matches!(prim[0].kind, RunKind::Object { orphan: true, .. }));
        assert!(matches!(prim[3].kind, RunKind::Object { orphan: false, .. }));
        // Replica row: per-slot duplicates folded.
        let per_slot: Vec<&SlotRun> =
            sc.rows[1].runs.iter().filter(|r| matches!(r.kind, RunKind::PerSlot { .. })).collect();
        assert_eq!(per_slot.len(), 6, "one per-slot run per entry: {per_slot:?}");
        assert!(per_slot.iter().all(|r| matches!(r.kind, RunKind::PerSlot { objects, .. } if objects > 2000)));
        // Object heap: aggregated.
        assert!(pm.cards.len() < 30, "{}", pm.cards.len());
        let big = pm.cards.iter().map(|c| c.count).max().unwrap();
        assert!(big > 5000, "{big}");
        assert_eq!(pm.cards.iter().map(|c| c.count).sum::<u32>(), pm.counters.objects_created);
    }

    #[test]
    fn the_close_up_shows_one_object_per_slot_in_5_0_1() {
        let s = session("3163", Model::ASYNC_501, Model::ASYNC_FIXED);
        let fo = s.first_orphan(Side::Left).unwrap();
        // Once the rest of entry 0's slots are walked (one folded step), the replica
        // row of the close-up has one run per slot.
        let pos = (fo..s.joints.len())
            .find(|&j| {
                let left = &s.left.run.trace;
                s.joints[j].left_moves
                    && matches!(left.steps[s.joints[j].left - 1].action, crate::engine::Action::SlotsBatch { .. })
            })
            .expect("a folded step after the first orphan");
        let l = PaneModel::build(&s, Side::Left, pos);
        let z = l.zoom.as_ref().expect("a close-up during the walk");
        assert_eq!(z.table, "tmp_slots");
        assert_eq!((z.start, z.end), (0, ZOOM_SLOTS as u16 - 1));
        let replica = &z.rows[1].runs;
        let objects = replica.iter().filter(|r| matches!(r.kind, RunKind::Object { .. })).count();
        assert!(objects >= 6, "{replica:?}");
        assert!(replica.iter().any(|r| matches!(r.kind, RunKind::Object { orphan: true, .. })));
        let r = PaneModel::build(&s, Side::Right, pos);
        let rz = r.zoom.as_ref().unwrap();
        assert!(rz.rows.iter().all(|row| row.runs.len() == 1), "{rz:?}");
    }

    #[test]
    fn mid_walk_shows_tmp_slots() {
        let s = session("3163", Model::ASYNC_501, Model::ASYNC_FIXED);
        let fo = s.first_orphan(Side::Left).unwrap();
        let pm = PaneModel::build(&s, Side::Left, fo + 3);
        assert_eq!(pm.strips.len(), 2);
        assert_eq!(pm.strips[1].table, "tmp_slots");
        assert!(pm.strips[0].rows.is_empty());
    }

    #[test]
    fn every_position_of_every_preset_builds() {
        for p in &PRESETS {
            let s = Session::build(&p.spec(), Model::SYNC_810, Model::ASYNC_810, None).unwrap();
            for pos in (0..s.len()).step_by(7).chain([s.len() - 1]) {
                for side in [Side::Left, Side::Right] {
                    let pm = PaneModel::build(&s, side, pos);
                    assert!(pm.cache_rows.len() <= CACHE_ROWS);
                    assert!(pm.cards.len() <= CARD_LIMIT + 8);
                }
            }
        }
    }

    /// What a pane shows, to compare two builds of it.
    fn shown(pm: &PaneModel) -> impl PartialEq + std::fmt::Debug + '_ {
        (&pm.strips, &pm.refs, &pm.cards, pm.cards_hidden, &pm.counters, &pm.zoom, &pm.narration)
    }

    #[test]
    fn a_pane_built_from_the_one_before_shows_what_a_fresh_build_shows() {
        // Every step (from the one before, as stepping does) and jumps both ways (as
        // the scrubber does), across the presets and the model pairs that differ most.
        for p in &PRESETS {
            for (left, right) in [(p.left, p.right), (Model::SYNC_501, Model::ASYNC_810)] {
                let s = Session::build(&p.spec(), left, right, None).unwrap();
                for side in [Side::Left, Side::Right] {
                    let fresh: Vec<PaneModel> = (0..s.len()).map(|pos| PaneModel::build(&s, side, pos)).collect();
                    for pos in 0..s.len() {
                        for from in [pos.saturating_sub(1), (pos + 7) % s.len(), s.len() - 1 - pos] {
                            let after = PaneModel::build_after(&s, side, pos, Some(&fresh[from]));
                            assert_eq!(
                                shown(&after),
                                shown(&fresh[pos]),
                                "{} {left}/{right} {side:?} {from}->{pos}",
                                p.id
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn key_playground_matches_the_spec_vector() {
        let k = key_info("123456789");
        assert_eq!((k.slot, k.crc, k.tag.as_deref()), (12739, 0x31C3, None));
        let t = key_info("user:{1000}:name");
        assert_eq!((t.before.as_str(), t.tag.as_deref(), t.after.as_str()), ("user:{", Some("1000"), "}:name"));
        assert_eq!(t.slot, keyslot(b"1000"));
        let e = key_info("a{}b");
        assert_eq!(e.tag, None);
        let u = key_info("é{ü}ñ");
        assert_eq!(u.tag.as_deref(), Some("ü"));
        assert_eq!(key_info("").slot, 0);
    }

    #[test]
    fn serving_object_follows_slots_cache() {
        let s = session("3163", Model::ASYNC_501, Model::ASYNC_FIXED);
        let after = s.chapter("commands-1").unwrap().joint;
        let l = PaneModel::build(&s, Side::Left, after);
        let (id, name, st) = l.serving(&s.left.run.trace, 0).unwrap();
        assert_eq!((id, name.as_str(), st), (1, "127.0.0.1:7000", Status::Orphaned));
        let r = PaneModel::build(&s, Side::Right, after);
        assert_eq!(r.serving(&s.right.run.trace, 0).unwrap().2, Status::Live);
        assert!(PaneModel::build(&s, Side::Left, 0).serving(&s.left.run.trace, 0).is_none());
    }

    #[test]
    fn polyline_is_inside_the_box() {
        assert_eq!(polyline(&[0, 5, 10], 10, 100, 50), "0.0,50.0 50.0,25.0 100.0,0.0");
        assert_eq!(polyline(&[3], 3, 100, 50), "50.0,0.0");
        assert_eq!(polyline(&[], 0, 1, 1), "");
        assert_eq!(polyline(&[1, 2, 0], 3, 280, 90), "0.0,60.0 140.0,30.0 280.0,90.0");
    }

    #[test]
    fn percentages_are_fixed_point() {
        assert_eq!(percent(0), "0.0000");
        assert_eq!(percent(8192), "50.0000");
        assert_eq!(percent(16384), "100.0000");
        assert_eq!(percent(2730), "16.6626");
        assert_eq!(percent_of(1, 3), "33.3333");
        assert_eq!(percent_of(2, 3), "66.6667");
        assert_eq!(percent_of(5, 0), "500.0000");
    }
}
