//! The object heap: one card per group of objects in the same situation.

use super::*;
use crate::engine::trace::Name;

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
    // Names are interned ids (one per text in a run): groups are keyed by them.
    type Key = ((Name, Name), u8, Status, u32, u32, Refs);
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
        let names = (facts.name, facts.host_given);
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
                    host_given: trace.name(facts.host_given).to_string(),
                    host: trace.name(facts.host).to_string(),
                    name: trace.name(facts.name).to_string(),
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
