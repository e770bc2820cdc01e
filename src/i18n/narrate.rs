//! One plain sentence per step, in redis-py's vocabulary, in either language. Pure:
//! views and the CLI call it on demand, so a 100k-step trace carries no strings it
//! never shows. The engine records what happened (`Action`); the words are in the
//! catalogue (`i18n/*/narrate.txt`).

use super::{Lang, Msg};
use crate::engine::model::{ConnectionDrop, Flavor};
use crate::engine::trace::{Action, Cache, Effect, Name, ObjectId, Role, Stage, Step, Trace};
use crate::tr;
use serde::Serialize;
use std::fmt;

/// A name as Rust's `{:?}` quotes it: `"localhost:7000"`.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// A host as Python writes it in a call: quoted, or `None` for a null host.
struct PyHost<'a>(&'a str);

impl fmt::Display for PyHost<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == crate::engine::NULL_HOST {
            f.write_str(self.0)
        } else {
            Quoted(self.0).fmt(f)
        }
    }
}

/// An object as the narration names it: `#3 (127.0.0.1:7000)`.
fn obj(lang: Lang, trace: &Trace, id: ObjectId) -> String {
    let o = trace.object(id);
    tr!(lang, NarrateObject, id = o.id, name = trace.name(o.name))
}

fn role(lang: Lang, r: Role) -> &'static str {
    match r {
        Role::Primary => Msg::NarrateRolePrimary,
        Role::Replica => Msg::NarrateRoleReplica,
    }
    .text(lang)
}

/// The sentence for `step` of `trace`, in `lang`.
pub fn narrate(lang: Lang, trace: &Trace, step: &Step) -> String {
    let text = |n: &Name| trace.name(*n);
    let node = |id: &ObjectId| obj(lang, trace, *id);
    match &step.action {
        Action::InitializeStart { round: 1 } => Msg::NarrateInitializeFirst.text(lang).into(),
        Action::InitializeStart { round } => tr!(lang, NarrateInitializeRound, round = round),
        Action::QueryStartupNode { object, command } => {
            tr!(lang, NarrateQueryStartupNode, node = node(object), command = command)
        }
        Action::RedisClient { object } => tr!(lang, NarrateRedisClient, node = node(object)),
        Action::DropStartupConnections { object } => tr!(lang, NarrateDropStartupConnections, node = node(object)),
        Action::ReplyReceived { entries } => tr!(lang, NarrateReplyReceived, entries = entries),
        Action::BytesReply { object } => tr!(lang, NarrateBytesReply, node = node(object)),
        Action::MaintNotificationsReconnect { objects } => tr!(lang, NarrateMaintReconnect, n = objects.len()),
        Action::PopulateStartupNodes { added } => tr!(lang, NarratePopulateStartupNodes, added = added),
        Action::EmptyHost { entry, host } => tr!(lang, NarrateEmptyHost, entry = entry, host = text(host)),
        Action::Remapped { from, to, .. } => tr!(lang, NarrateRemapped, from = from, to = to),
        Action::Lookup { cache, key, role: r, hit } => {
            let (role, key, cache) = (role(lang, *r), Quoted(text(key)), cache.name());
            match hit {
                Some(id) => tr!(lang, NarrateLookupHit, role = role, key = key, cache = cache, node = node(id)),
                None => match stored_as(trace, key.0) {
                    Some(real) => {
                        tr!(lang, NarrateLookupMissNever, role = role, key = key, cache = cache, stored = Quoted(real))
                    }
                    None => tr!(lang, NarrateLookupMiss, role = role, key = key, cache = cache),
                },
            }
        }
        Action::Construct { object, host_given, name } => {
            let o = trace.object(*object);
            let (host, port, id, name) = (PyHost(text(host_given)), o.port, o.id, Quoted(text(name)));
            if *host_given != o.host {
                tr!(lang, NarrateConstructRewrites, host = host, port = port, id = id, name = name)
            } else {
                tr!(lang, NarrateConstruct, host = host, port = port, id = id, name = name)
            }
        }
        Action::Store { cache, key, object, evicted } => {
            let (cache, key, node) = (cache.name(), Quoted(text(key)), node(object));
            match evicted {
                Some(old) if old == object => tr!(lang, NarrateStoreAgain, cache = cache, key = key, node = node),
                Some(old) => tr!(lang, NarrateStoreEvicts, cache = cache, key = key, node = node, old = old),
                None => tr!(lang, NarrateStore, cache = cache, key = key, node = node),
            }
        }
        Action::AssignSlots { entry, start, end, list, repeats } => {
            let nodes: Vec<String> = trace.list(*list).iter().map(|&o| format!("#{o}")).collect();
            let nodes = nodes.join(", ");
            match (start == end, *repeats > 0) {
                (true, false) => tr!(lang, NarrateAssignSlot, start = start, entry = entry, nodes = nodes),
                (true, true) => {
                    tr!(lang, NarrateAssignSlotFolded, start = start, entry = entry, nodes = nodes, repeats = repeats)
                }
                (false, false) => {
                    tr!(lang, NarrateAssignSlots, start = start, end = end, entry = entry, nodes = nodes)
                }
                (false, true) => tr!(
                    lang,
                    NarrateAssignSlotsFolded,
                    start = start,
                    end = end,
                    entry = entry,
                    nodes = nodes,
                    repeats = repeats
                ),
            }
        }
        Action::SlotsBatch { entry, start, end, created, first, last } => match (first, last) {
            (Some(f), Some(l)) => tr!(
                lang,
                NarrateSlotsBatch,
                start = start,
                end = end,
                entry = entry,
                created = created,
                first = f,
                last = l
            ),
            _ => tr!(lang, NarrateSlotsBatchRepeats, start = start, end = end, entry = entry),
        },
        Action::Disagreement { slot, have, got, count } => {
            tr!(lang, NarrateDisagreement, slot = slot, have = text(have), got = text(got), count = count)
        }
        Action::Coverage { covered, full: true } => tr!(lang, NarrateCoverageFull, covered = covered),
        Action::Coverage { covered, full: false } => tr!(lang, NarrateCoveragePartial, covered = covered),
        Action::CommitSlots { rebuilt: false } => Msg::NarrateCommitSlots.text(lang).into(),
        Action::CommitSlots { rebuilt: true } => Msg::NarrateCommitSlotsRebuilt.text(lang).into(),
        Action::SetNodesRemove { cache, name, object } => {
            let (name, node, cache) = (Quoted(text(name)), node(object), cache.name());
            if step.effects.iter().any(|e| matches!(e, Effect::Pop { .. })) {
                tr!(lang, NarrateSetNodesPop, name = name, node = node, cache = cache)
            } else {
                tr!(lang, NarrateSetNodesStays, name = name, node = node, cache = cache)
            }
        }
        Action::SetNodesReplace { cache, name, old, new } => {
            tr!(lang, NarrateSetNodesReplace, cache = cache.name(), name = Quoted(text(name)), old = old, new = new)
        }
        Action::SetNodesKeep { cache, name, kept, dropped } => tr!(
            lang,
            NarrateSetNodesKeep,
            cache = cache.name(),
            name = Quoted(text(name)),
            kept = kept,
            dropped = dropped
        ),
        Action::SetNodesAdd { cache, name, object } => {
            tr!(lang, NarrateSetNodesAdd, cache = cache.name(), name = Quoted(text(name)), node = node(object))
        }
        Action::CacheSwap { cache, from: Cache::TmpNodesCache, size } if is_sync(trace) => {
            tr!(lang, NarrateCacheSwapSync, cache = cache.name(), size = size)
        }
        Action::CacheSwap { cache, from, size } => {
            tr!(lang, NarrateCacheSwap, cache = cache.name(), from = from.name(), size = size)
        }
        Action::Held { object, by } => tr!(lang, NarrateHeld, holder = by.name(), node = node(object)),
        Action::DefaultNode { object } => tr!(lang, NarrateDefaultNode, node = node(object)),
        Action::Collected { objects, warned, sockets_closed, connection_warnings } => {
            collected(lang, trace, step, objects.len(), *warned, *sockets_closed, *connection_warnings)
        }
        Action::Command { command, key, slot, index, object, opened, orphan } => {
            let node = node(object);
            let conn = match (*opened, *orphan) {
                (true, true) => Msg::NarrateConnOrphan,
                (true, false) => Msg::NarrateConnOpens,
                (false, _) => Msg::NarrateConnReuses,
            }
            .text(lang);
            match (key, slot) {
                (Some(k), Some(s)) if *index > 0 => tr!(
                    lang,
                    NarrateCommandReplica,
                    command = command,
                    key = Quoted(k),
                    slot = s,
                    index = index,
                    node = node,
                    conn = conn
                ),
                (Some(k), Some(s)) => {
                    tr!(lang, NarrateCommand, command = command, key = Quoted(k), slot = s, node = node, conn = conn)
                }
                _ if *command == "READONLY" => tr!(lang, NarrateCommandReadonly, node = node, conn = conn),
                _ => tr!(lang, NarrateCommandDefault, command = command, node = node, conn = conn),
            }
        }
        Action::CloseCache { cache, objects, sockets_closed } => {
            close_cache(lang, trace, *cache, *objects, *sockets_closed)
        }
        Action::InitializeFailed { message } => tr!(lang, NarrateInitializeFailed, message = message),
    }
}

/// Objects collected: how many, then what their connections do.
fn collected(
    lang: Lang,
    trace: &Trace,
    step: &Step,
    n: usize,
    warned: u32,
    sockets: u32,
    conn_warnings: u32,
) -> String {
    let collected = if step.anchor.stage == Stage::Drop {
        tr!(lang, NarrateCollectedDrop, n = n)
    } else {
        tr!(lang, NarrateCollected, n = n)
    };
    if warned > 0 {
        // What happens to the socket itself depends on the release's connection code.
        let then = match trace.model.map(|m| m.connection_drop()) {
            _ if sockets == 0 => Msg::NarrateCollectedThenTask.text(lang).to_string(),
            Some(ConnectionDrop::Warns(_)) => tr!(lang, NarrateCollectedThenRedis, sockets = sockets),
            _ if conn_warnings > 0 => tr!(lang, NarrateCollectedThenAsyncio, sockets = sockets),
            _ => tr!(lang, NarrateCollectedThenQuiet, sockets = sockets),
        };
        tr!(lang, NarrateCollectedWarned, collected = collected, warned = warned, then = then)
    } else if sockets > 0 {
        tr!(lang, NarrateCollectedDel, collected = collected, sockets = sockets)
    } else {
        tr!(lang, NarrateCollectedQuiet, collected = collected)
    }
}

/// close()/aclose() walking one dict.
fn close_cache(lang: Lang, trace: &Trace, cache: Cache, nodes: u32, sockets: u32) -> String {
    // aclose() walks nodes_cache then startup_nodes; sync close() only nodes_cache.
    let walks_startup = trace.model.is_some_and(|m| m.traits().close_walks_startup_nodes);
    let last = cache == Cache::StartupNodes || is_sync(trace) || !walks_startup;
    let keeps_pools = trace.model.is_some_and(|m| is_sync(trace) && !m.traits().close_disconnects_pool);
    match cache {
        _ if keeps_pools => tr!(lang, NarrateCloseKeepsPools, nodes = nodes, cache = cache.name()),
        Cache::StartupNodes => tr!(lang, NarrateCloseStartup, nodes = nodes, sockets = sockets),
        _ if last => tr!(lang, NarrateCloseCacheLast, nodes = nodes, cache = cache.name(), sockets = sockets),
        _ => tr!(lang, NarrateCloseCache, nodes = nodes, cache = cache.name(), sockets = sockets),
    }
}

fn is_sync(trace: &Trace) -> bool {
    trace.model.is_some_and(|m| m.flavor() == Flavor::Sync)
}

/// If `key` is `localhost:P`, the name such nodes are stored under.
fn stored_as<'t>(trace: &'t Trace, key: &str) -> Option<&'t str> {
    let (host, port) = key.rsplit_once(':')?;
    if host != "localhost" {
        return None;
    }
    trace
        .objects
        .iter()
        .find(|o| trace.name(o.host_given) == "localhost" && o.port.to_string() == port)
        .map(|o| trace.name(o.name))
}

/// A step as the CLI's `--trace` and the views serialise it: with its sentence and
/// the redis-py line it mirrors.
#[derive(Serialize)]
pub struct StepView<'t> {
    pub index: usize,
    #[serde(flatten)]
    pub step: &'t Step,
    pub narration: String,
    pub source: SourceView,
}

#[derive(Serialize)]
pub struct SourceView {
    pub file: &'static str,
    pub line: u32,
    pub pseudocode: &'static str,
    pub permalink: String,
}

impl<'t> StepView<'t> {
    pub fn new(lang: Lang, trace: &'t Trace, index: usize) -> Self {
        let step = &trace.steps[index];
        let (file, line) = step.source.location();
        StepView {
            index,
            step,
            narration: narrate(lang, trace, step),
            source: SourceView { file, line, pseudocode: step.source.pseudocode(), permalink: step.source.permalink() },
        }
    }
}
