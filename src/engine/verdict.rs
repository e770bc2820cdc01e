//! The counters and the verdict: what a run leaves behind, in numbers.

pub use super::census::Census;
use super::registry::Registry;
use super::run::{RoundStats, Run};
use super::trace::{ListId, ObjectId, Trace};
use indexmap::IndexMap;
use serde::Serialize;

/// One reply entry as the final slots_cache serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RangeVerdict {
    pub start: u16,
    pub end: u16,
    pub primary_object: Option<ObjectId>,
    pub primary_in_nodes_cache: bool,
    /// Per replica position, the distinct objects over the range's slots, in slot order.
    pub replica_objects: Vec<Vec<ObjectId>>,
}

/// What `slotscope simulate --json` prints: a stable contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub model: String,
    pub initializations: u32,
    pub objects_created: u32,
    pub nodes_cache: IndexMap<String, ObjectId>,
    pub startup_nodes: IndexMap<String, ObjectId>,
    pub ranges: Vec<RangeVerdict>,
    pub distinct_slot_objects: u32,
    pub orphaned_objects: u32,
    /// Orphaned objects in slots_cache after each initialize (and its commands).
    pub orphans_per_initialize: Vec<u32>,
    pub open_connections_after_close: u32,
    pub unclosed_warnings: u32,
    pub rounds: Vec<RoundStats>,
    pub error: Option<String>,
    pub steps: usize,
}

impl Verdict {
    pub fn of(run: &Run, reply: &super::reply::ClusterSlotsReply) -> Verdict {
        let reg = &run.after_close;
        let census = Census::of(&run.trace, reg);
        // One flag table for every range, cleared after each (16384 ranges over tens of
        // thousands of objects: a fresh table per range zeroed gigabytes).
        let mut seen = vec![0u32; run.trace.objects.len()];
        let ranges = reply
            .entries
            .iter()
            .map(|e| range_verdict(&run.trace, reg, e.start, e.end, e.replicas.len(), &mut seen))
            .collect();
        Verdict {
            model: run.trace.model.map(|m| m.name().to_string()).unwrap_or_default(),
            initializations: run.initializations,
            objects_created: run.trace.objects.next_id(),
            nodes_cache: reg.nodes_cache.iter().map(|(&k, &v)| (run.trace.name(k).to_string(), v)).collect(),
            startup_nodes: reg.startup_nodes.iter().map(|(&k, &v)| (run.trace.name(k).to_string(), v)).collect(),
            ranges,
            distinct_slot_objects: census.distinct_slot_objects,
            orphaned_objects: census.orphaned_objects,
            orphans_per_initialize: run.rounds.iter().map(|r| r.orphaned_objects).collect(),
            open_connections_after_close: reg.open_connections(),
            unclosed_warnings: run.end.warnings,
            rounds: run.rounds.clone(),
            error: run.error.clone(),
            steps: run.steps,
        }
    }

    /// What makes a setup leak: orphaned objects, sockets close() leaves open, or
    /// "Unclosed ClusterNode object" warnings.
    pub fn leaks(&self) -> bool {
        self.orphaned_objects > 0 || self.open_connections_after_close > 0 || self.unclosed_warnings > 0
    }
}

/// `seen` is all zeros, one entry per object (by storage position), and is left so.
fn range_verdict(
    trace: &Trace,
    reg: &Registry,
    start: u16,
    end: u16,
    replicas: usize,
    seen: &mut [u32],
) -> RangeVerdict {
    let primary_object = reg.slot_list(start).map(|l| trace.list(l)[0]);
    let primary_in_nodes_cache = primary_object.map(|p| reg.nodes_cache.values().any(|&o| o == p)).unwrap_or(false);
    let mut replica_objects: Vec<Vec<ObjectId>> = vec![Vec::new(); replicas];
    // 5.0.1 gives every slot its own replica objects: remember what each position has
    // listed by flags indexed by object id (dense), not by scanning the list
    // (quadratic over 16k objects).
    let mut last: Option<ListId> = None;
    for slot in start..=end {
        let Some(list) = reg.slot_list(slot) else { continue };
        if last == Some(list) {
            continue;
        }
        last = Some(list);
        for (pos, &o) in trace.list(list).iter().skip(1).enumerate() {
            // Bit `pos` of seen[o]: positions past 32 (never in a real reply) share bit 31.
            let bit = 1u32 << pos.min(31);
            if let (Some(listed), Some(flags)) =
                (replica_objects.get_mut(pos), trace.objects.position(o).and_then(|p| seen.get_mut(p)))
            {
                if *flags & bit == 0 || pos >= 31 && !listed.contains(&o) {
                    *flags |= bit;
                    listed.push(o);
                }
            }
        }
    }
    // A flag is set only beside a push: clearing what was listed clears them all.
    for &o in replica_objects.iter().flatten() {
        if let Some(flags) = trace.objects.position(o).and_then(|p| seen.get_mut(p)) {
            *flags = 0;
        }
    }
    RangeVerdict { start, end, primary_object, primary_in_nodes_cache, replica_objects }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Announce, Model, Scenario, Topology};

    /// Announced as IPs, every range of a node finds its replica again: each range
    /// lists it, including the ranges after the first that already listed it.
    #[test]
    fn every_range_lists_its_replicas_even_those_an_earlier_range_listed() {
        let topo = Topology::new(3, 2, 4, Announce::Ip);
        let reply = topo.cluster_slots().unwrap();
        for model in [Model::ASYNC_501, Model::SYNC_810] {
            let sc = Scenario::new(model, "127.0.0.1", topo.base_port, reply.clone());
            let v = Verdict::of(&simulate(&sc).unwrap(), &reply);
            assert_eq!(v.ranges.len(), 12);
            for r in &v.ranges {
                assert_eq!(r.replica_objects.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1], "{model}: {r:?}");
                let first = v.ranges.iter().find(|q| q.primary_object == r.primary_object).unwrap();
                assert_eq!(
                    r.replica_objects, first.replica_objects,
                    "{model}: one primary's ranges share its replicas"
                );
            }
        }
    }
}
