//! The cache-key table: the key looked up, what it found, the key stored, what
//! that evicted.

use super::*;

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
    /// An empty row that starts at step `first_step`.
    fn starting(first_step: usize, role: Option<Role>) -> CacheRow {
        CacheRow { first_step, role, lookups: vec![], constructed: None, store: None, current: false }
    }

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
                let cell = LookupCell { cache: *cache, key: trace.name(*key).to_string(), hit: *hit };
                let join = open(&rows)
                    && rows.last().is_some_and(|r| {
                        r.constructed.is_none()
                            && r.role == Some(*role)
                            && r.lookups.last().is_some_and(|l| l.key == trace.name(*key) && l.cache != *cache)
                    });
                if !join {
                    rows.push(CacheRow::starting(i, Some(*role)));
                }
                rows.last_mut().unwrap().lookups.push(cell);
            }
            Action::Construct { object, .. } => {
                if !(open(&rows) && rows.last().is_some_and(|r| r.constructed.is_none())) {
                    rows.push(CacheRow::starting(i, trace.object(*object).server_type));
                }
                rows.last_mut().unwrap().constructed = Some(*object);
            }
            Action::Store { cache, key, object, evicted } => {
                let cell =
                    StoreCell { cache: *cache, key: trace.name(*key).to_string(), object: *object, evicted: *evicted };
                if !open(&rows) {
                    rows.push(CacheRow::starting(i, trace.object(*object).server_type));
                }
                rows.last_mut().unwrap().store = Some(cell);
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
