//! Who references each object at a step (the dicts, the slot tables, the default
//! node, client attributes), its status, and the pane's counters.

use super::*;

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
    /// "nodes_cache", "startup_nodes", "slots_cache: 2730 slots as primary", in `lang`.
    pub fn describe(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for (held, dict) in [
            (self.nodes_cache, "nodes_cache"),
            (self.tmp_nodes_cache, "tmp_nodes_cache"),
            (self.startup_nodes, "startup_nodes"),
            (self.default_node, "default_node"),
        ] {
            if held {
                out.push(dict.to_string());
            }
        }
        for (table, p, r) in [
            ("slots_cache", self.primary_slots, self.replica_slots),
            ("tmp_slots", self.tmp_primary_slots, self.tmp_replica_slots),
        ] {
            if p > 0 {
                out.push(crate::tr!(lang, ViewRefsAsPrimary, table = table, n = p));
            }
            if r > 0 {
                out.push(crate::tr!(lang, ViewRefsAsReplica, table = table, n = r));
            }
        }
        out
    }
}

/// For each slot table, (list, number of slots holding it), in first-seen order.
/// List ids are dense indices into the trace's lists, so slots are counted in a
/// flat array rather than a map: 5.0.1 gives each of 16k slots its own list.
pub(crate) fn list_counts(trace: &Trace, slots: &[ListId]) -> Vec<(ListId, u32)> {
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
pub(crate) fn refs_after(trace: &Trace, reg: &Registry, prev: Option<&[Refs]>) -> Vec<Refs> {
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
pub(crate) fn slot_refs(trace: &Trace, reg: &Registry) -> Vec<Refs> {
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
    /// The status as a CSS class (stable, English).
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
    /// The status as the page shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Live => Msg::ViewStatusLive,
            Status::Orphaned => Msg::ViewStatusOrphaned,
            Status::Unreferenced => Msg::ViewStatusUnreferenced,
            Status::Closed => Msg::ViewStatusClosed,
            Status::Leaked => Msg::ViewStatusLeaked,
            Status::Collected => Msg::ViewStatusCollected,
        }
        .text(lang)
    }
    pub fn explain(self, lang: Lang) -> &'static str {
        match self {
            Status::Live => Msg::ViewStatusLiveExplain,
            Status::Orphaned => Msg::ViewStatusOrphanedExplain,
            Status::Unreferenced => Msg::ViewStatusUnreferencedExplain,
            Status::Closed => Msg::ViewStatusClosedExplain,
            Status::Leaked => Msg::ViewStatusLeakedExplain,
            Status::Collected => Msg::ViewStatusCollectedExplain,
        }
        .text(lang)
    }
}

pub fn status(reg: &Registry, refs: &[Refs], id: ObjectId) -> Status {
    let o = &reg.objects[id];
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
    let orphaned = refs.iter().zip(reg.objects.iter()).filter(|(r, o)| r.orphan() && !o.collected).count() as u32;
    Counters {
        objects_created: reg.objects.len() as u32,
        orphaned,
        open_connections: reg.open_connections(),
        left_open_after_close: reg.closed.then(|| after_close.open_connections()),
        warnings: reg.warnings,
    }
}
