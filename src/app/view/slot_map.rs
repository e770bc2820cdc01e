//! The slot map: runs of slots per object, strips per row, the zoomed close-up.

use super::*;

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
    /// "slots 0–2730: #1 127.0.0.1:7000 (orphaned)", in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let range = if self.start == self.end {
            crate::tr!(lang, ViewRunSlot, n = self.start)
        } else {
            crate::tr!(lang, ViewRunSlots, start = self.start, end = self.end)
        };
        match &self.kind {
            RunKind::Empty => crate::tr!(lang, ViewRunEmpty, range = range),
            RunKind::Object { id, orphan: false } => {
                crate::tr!(lang, ViewRunObject, range = range, id = id, name = self.name)
            }
            RunKind::Object { id, orphan: true } => {
                crate::tr!(lang, ViewRunObjectOrphan, range = range, id = id, name = self.name)
            }
            RunKind::PerSlot { objects, orphans, first, last } => crate::tr!(
                lang,
                ViewRunPerSlot,
                range = range,
                name = self.name,
                first = first,
                last = last,
                n = objects,
                orphans = orphans
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripRow {
    /// The position in the node lists: 0 the primary, 1 the first replica...
    pub pos: usize,
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

impl StripRow {
    /// "primary" or "replica 1"..., in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        match self.pos {
            0 => Msg::ViewSmRowPrimary.text(lang).to_string(),
            n => crate::tr!(lang, ViewSmRowReplica, n = n),
        }
    }
}

/// Consecutive single-slot runs of distinct objects longer than this become one
/// "new object per slot" run.
pub(crate) const BURST: usize = 3;

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
pub(crate) fn strips(trace: &Trace, reg: &Registry, refs: &[Refs]) -> Vec<Strip> {
    let mut out = vec![strip("slots_cache", trace, &reg.slots_cache, refs, reg, STRIP_ROWS)];
    if !reg.tmp_slots.is_empty() {
        out.push(strip("tmp_slots", trace, &reg.tmp_slots, refs, reg, STRIP_ROWS));
    }
    out
}

/// Whether the steps between two points of a run (`done` counts, either order) leave
/// both slot tables as they were.
pub(crate) fn slot_tables_unchanged(trace: &Trace, a: usize, b: usize) -> bool {
    let steps = trace.steps.get(a.min(b)..a.max(b)).unwrap_or_default();
    steps
        .iter()
        .flat_map(|s| s.effects.iter())
        .all(|e| !matches!(e, Effect::ResetTmp | Effect::AssignSlots { .. } | Effect::CommitSlots { .. }))
}

/// `prev`'s strips are still right for tables `slot_tables_unchanged` since: the same
/// objects of them are hatched as orphans (all a strip reads besides the trace).
pub(crate) fn same_hatching(prev: &PaneModel, reg: &Registry, refs: &[Refs]) -> bool {
    let hatched = |reg: &Registry, refs: &[Refs], i: usize| refs[i].orphan() && !reg.objects.at(i).collected;
    let n = refs.len().min(prev.refs.len()).min(reg.objects.len()).min(prev.reg.objects.len());
    (0..n).all(|i| hatched(&prev.reg, &prev.refs, i) == hatched(reg, refs, i))
}

/// Runs of consecutive slots of `lo..hi` holding one list: (first, last, list). The
/// slot counts and every row of a strip read them.
pub(crate) fn list_runs(slots: &[ListId], lo: usize, hi: usize) -> impl Iterator<Item = (usize, usize, ListId)> + '_ {
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
pub(crate) fn positions(trace: &Trace, lists: &[(usize, usize, ListId)]) -> Option<usize> {
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
pub(crate) fn strip_rows(
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
                |r: &(usize, usize, Option<ObjectId>)| r.2.filter(|_| r.0 == r.1).map(|id| trace.object(id).name);
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
                    name: trace.name(trace.object(ids[0]).name).to_string(),
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
                name: o.map(|id| trace.name(trace.object(id).name).to_string()).unwrap_or_default(),
            });
            k += 1;
        }
        rows.push(StripRow { pos, runs });
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
