//! One pane at one step: every view model above, built fresh or from the pane it
//! showed before.

use super::*;

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
    /// The step's sentence, phrased in the page's language when shown.
    pub narration: Narration,
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
                    Narration::of(session, side, step),
                    s.source.pseudocode(),
                    file,
                    line,
                    s.source.permalink(),
                    s.anchor.round,
                    Some(s.anchor.stage),
                )
            }
            None => (Narration::of(session, side, None), "", "", 0, String::new(), 0, None),
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
        Some((id, trace.name(trace.object(id).name).to_string(), status(&self.reg, &self.refs, id)))
    }
}

/// "left" or "right" as a pane's labels say it ("Object heap, left pane"), in `lang`.
pub fn side_word(side: Side, lang: Lang) -> &'static str {
    match side {
        Side::Left => Msg::ViewSideLeft,
        Side::Right => Msg::ViewSideRight,
    }
    .text(lang)
}
