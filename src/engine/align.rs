//! Lockstep: two runs of different models on the same input, shown at the same
//! moment of the algorithm even when one of them does more work there.

use super::trace::{Action, Anchor, Trace};
use serde::Serialize;

/// One position of the shared timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Joint {
    pub anchor: Anchor,
    /// How many of each run's steps have happened at this position (its state is
    /// `Timeline::state_at(n)`; the step on screen is `n - 1`).
    pub left: usize,
    pub right: usize,
    /// Whether each run takes a step at this position (else it waits).
    pub left_moves: bool,
    pub right_moves: bool,
    /// The runs do different things here.
    pub diverges: bool,
}

/// Groups of consecutive steps with the same anchor: (anchor, first step, count).
fn groups(trace: &Trace) -> Vec<(Anchor, usize, usize)> {
    let mut out: Vec<(Anchor, usize, usize)> = Vec::new();
    for (i, step) in trace.steps.iter().enumerate() {
        match out.last_mut() {
            Some((a, _, n)) if *a == step.anchor => *n += 1,
            _ => out.push((step.anchor, i, 1)),
        }
    }
    out
}

/// Merges both runs on their anchors. At an anchor both reach, the side with fewer
/// steps waits on its last one; at an anchor only one reaches, the other waits.
pub fn align(left: &Trace, right: &Trace) -> Vec<Joint> {
    let (gl, gr) = (groups(left), groups(right));
    let (mut i, mut j) = (0, 0);
    let (mut done_l, mut done_r) = (0usize, 0usize);
    let mut joints = Vec::with_capacity(left.steps.len().max(right.steps.len()));
    while i < gl.len() || j < gr.len() {
        let next_l = gl.get(i).map(|g| g.0);
        let next_r = gr.get(j).map(|g| g.0);
        let anchor = match (next_l, next_r) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        let take_l = (next_l == Some(anchor)).then(|| gl[i]);
        let take_r = (next_r == Some(anchor)).then(|| gr[j]);
        let n_l = take_l.map(|g| g.2).unwrap_or(0);
        let n_r = take_r.map(|g| g.2).unwrap_or(0);
        for k in 0..n_l.max(n_r) {
            let left_moves = k < n_l;
            let right_moves = k < n_r;
            if left_moves {
                done_l = take_l.map(|g| g.1).unwrap_or(0) + k + 1;
            }
            if right_moves {
                done_r = take_r.map(|g| g.1).unwrap_or(0) + k + 1;
            }
            let diverges = !(left_moves
                && right_moves
                && same_shape(&left.steps[done_l - 1].action, &right.steps[done_r - 1].action, left, right));
            joints.push(Joint { anchor, left: done_l, right: done_r, left_moves, right_moves, diverges });
        }
        if take_l.is_some() {
            i += 1;
        }
        if take_r.is_some() {
            j += 1;
        }
    }
    joints
}

/// Two steps "do the same thing" when they are the same kind of step with the same
/// outcome: a hit against a hit, a store that evicts against one that evicts.
fn same_shape(a: &Action, b: &Action, ta: &Trace, tb: &Trace) -> bool {
    use Action::*;
    match (a, b) {
        // Names are interned per run: two runs compare their texts.
        (Lookup { hit: x, key: ka, .. }, Lookup { hit: y, key: kb, .. }) => {
            x.is_some() == y.is_some() && ta.name(*ka) == tb.name(*kb)
        }
        (Store { evicted: x, object: oa, key: ka, .. }, Store { evicted: y, object: ob, key: kb, .. }) => {
            ta.name(*ka) == tb.name(*kb) && x.map(|e| e == *oa) == y.map(|e| e == *ob) && x.is_some() == y.is_some()
        }
        (Command { object: x, opened: oa, .. }, Command { object: y, opened: ob, .. }) => {
            oa == ob && ta.name(ta.object(*x).name) == tb.name(tb.object(*y).name)
        }
        (Collected { objects: x, warned: wa, .. }, Collected { objects: y, warned: wb, .. }) => {
            x.len() == y.len() && wa == wb
        }
        (CloseCache { sockets_closed: x, .. }, CloseCache { sockets_closed: y, .. }) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}
