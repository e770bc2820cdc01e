//! Which objects the slot table references and which of those nodes_cache does not:
//! the orphans. Read after every initialize (`run`) and at the end (`verdict`).

use super::registry::{mark_listed, Registry};
use super::trace::{ObjectId, Trace};

/// Which objects the slots reference, and which of those nodes_cache does not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Ascending object ids.
    pub slot_objects: Vec<ObjectId>,
    /// Ascending object ids.
    pub orphans: Vec<ObjectId>,
    pub distinct_slot_objects: u32,
    pub orphaned_objects: u32,
}

impl Census {
    /// Flags by object id, not sets: this runs after every initialize.
    pub fn of(trace: &Trace, reg: &Registry) -> Census {
        // By storage position, which is the id except in a counting run.
        let mut in_slots = vec![false; trace.objects.len()];
        mark_listed(trace, &reg.slots_cache, &mut vec![false; trace.lists.len()], &mut in_slots);
        let mut in_cache = vec![false; trace.objects.len()];
        for p in reg.nodes_cache.values().filter_map(|&o| trace.objects.position(o)) {
            in_cache[p] = true;
        }
        let listed = |p: &usize| in_slots[*p];
        let slot_objects: Vec<ObjectId> = (0..in_slots.len()).filter(listed).map(|p| trace.objects.id_at(p)).collect();
        let orphans: Vec<ObjectId> =
            (0..in_slots.len()).filter(|p| in_slots[*p] && !in_cache[*p]).map(|p| trace.objects.id_at(p)).collect();
        Census {
            distinct_slot_objects: slot_objects.len() as u32,
            orphaned_objects: orphans.len() as u32,
            slot_objects,
            orphans,
        }
    }
}
