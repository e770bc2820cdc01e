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
        let mut in_slots = vec![false; trace.objects.len()];
        mark_listed(trace, &reg.slots_cache, &mut vec![false; trace.lists.len()], &mut in_slots);
        let mut in_cache = vec![false; trace.objects.len()];
        reg.nodes_cache.values().for_each(|&o| in_cache[o as usize] = true);
        let slot_objects: Vec<ObjectId> = (0..in_slots.len()).filter(|&i| in_slots[i]).map(|i| i as ObjectId).collect();
        let orphans: Vec<ObjectId> = slot_objects.iter().copied().filter(|&o| !in_cache[o as usize]).collect();
        Census {
            distinct_slot_objects: slot_objects.len() as u32,
            orphaned_objects: orphans.len() as u32,
            slot_objects,
            orphans,
        }
    }
}
