//! View models: what one pane shows at one step, as plain data.
//!
//! Sizes are bounded whatever the trace: the slot map is a few runs per row (runs of
//! slots served by the same object, and one "a new object per slot" run for per-slot
//! duplicates), the object heap is one card per group of objects in the same situation
//! ("×16383 like this"), the cache-key table a handful of rows. Nothing here is one
//! item per slot or per object, so the #3163 preset's 16k duplicates stay cheap.

use crate::app::session::{Session, Side};
use crate::engine::keyslot::{crc16, hash_tag, keyslot, SLOTS};
use crate::engine::registry::NO_LIST;
use crate::engine::run::RoundStats;
use crate::engine::trace::{ListId, Stage};
use crate::engine::{Action, Cache, Effect, Model, ObjectId, Registry, Role, Trace};
use crate::i18n::{Lang, Msg};
use rustc_hash::{FxHashMap, FxHashSet};

mod cache_table;
mod charts;
mod heap;
mod long_run;
mod narration;
mod pane;
mod refs;
mod slot_map;

pub use cache_table::*;
pub use charts::*;
pub use heap::*;
pub use long_run::*;
pub use narration::Narration;
pub use pane::*;
pub use refs::*;
pub use slot_map::*;

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
