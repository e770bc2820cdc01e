//! One plain sentence per step, in redis-py's vocabulary. Pure: views and the CLI
//! call it on demand, so a 100k-step trace carries no strings it never shows.

use super::trace::{Action, Cache, ObjectId, Role, Step, Trace};
use serde::Serialize;

fn obj(trace: &Trace, id: ObjectId) -> String {
    let o = trace.object(id);
    format!("#{} ({})", o.id, trace.name(o.name))
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Primary => "primary",
        Role::Replica => "replica",
    }
}

pub fn narrate(trace: &Trace, step: &Step) -> String {
    let text = |n: &super::trace::Name| trace.name(*n);
    match &step.action {
        Action::InitializeStart { round: 1 } => "initialize() starts with an empty tmp_nodes_cache and tmp_slots.".into(),
        Action::InitializeStart { round } => format!(
            "initialize() #{round} (a refresh, as after MOVED) starts again from an empty tmp_nodes_cache: the old nodes_cache is not consulted."
        ),
        Action::QueryStartupNode { object, command } => format!("Startup node {} is asked {command}.", obj(trace, *object)),
        Action::RedisClient { object } => format!("{} gets a Redis client (its connection pool).", obj(trace, *object)),
        Action::DropStartupConnections { object } => {
            format!("The startup node {}'s connections are closed right after the query.", obj(trace, *object))
        }
        Action::ReplyReceived { entries } => format!("CLUSTER SLOTS answers with {entries} slot ranges."),
        Action::BytesReply { object } => format!(
            "{} answers through a Redis client that create_redis_connections() made without decode_responses: \
             every host arrives as bytes, so the names read b'localhost':P, which ClusterNode never rewrites \
             (4.3.4 adds str_if_bytes).",
            obj(trace, *object)
        ),
        Action::MaintNotificationsReconnect { objects } => format!(
            "RedisCluster.__init__ turns on maintenance notifications: the pools of {} node{} drop their \
             connections, which reconnect (the same Connection objects) on next use.",
            objects.len(),
            if objects.len() == 1 { "" } else { "s" }
        ),
        Action::PopulateStartupNodes { added } => format!(
            "populate_startup_nodes() adds the {added} nodes of nodes_cache to startup_nodes; nothing is removed."
        ),
        Action::EmptyHost { entry, host } => {
            let host = text(host);
            format!("Entry {entry} has an empty primary host; redis-py uses the startup node's host {host}.")
        }
        Action::Remapped { from, to, .. } => format!("address_remap turns {from} into {to}."),
        Action::Lookup { cache, key, role: r, hit: Some(id) } => {
            let key = text(key);
            format!("Look up {} {key:?} in {}: hit, {}.", role(*r), cache.name(), obj(trace, *id))
        }
        Action::Lookup { cache, key, role: r, hit: None } => {
            let key = text(key);
            let stored_as = key_normalised_differs(trace, key);
            match stored_as {
                Some(real) => format!(
                    "Look up {} {key:?} in {}: miss. Nodes are stored as {real:?}, so this lookup can never hit.",
                    role(*r),
                    cache.name()
                ),
                None => format!("Look up {} {key:?} in {}: miss.", role(*r), cache.name()),
            }
        }
        Action::Construct { object, host_given, name } => {
            let o = trace.object(*object);
            let (changed, host_given, name) = (*host_given != o.host, text(host_given), text(name));
            if changed {
                format!("ClusterNode({host_given:?}, {}) rewrites the host: new object #{} named {name:?}.", o.port, o.id)
            } else {
                format!("ClusterNode({host_given:?}, {}) makes new object #{} named {name:?}.", o.port, o.id)
            }
        }
        Action::Store { cache, key, object, evicted } => match (evicted, text(key)) {
            (Some(old), key) if old == object => format!("{}[{key:?}] = {} again (the same object).", cache.name(), obj(trace, *object)),
            (Some(old), key) => format!(
                "{}[{key:?}] = {}, evicting #{old}: #{old} is now referenced only by the slots it serves.",
                cache.name(),
                obj(trace, *object)
            ),
            (None, key) => format!("{}[{key:?}] = {}.", cache.name(), obj(trace, *object)),
        },
        Action::AssignSlots { entry, start, end, list, repeats } => {
            let nodes: Vec<String> = trace.list(*list).iter().map(|&o| format!("#{o}")).collect();
            let range = if start == end { format!("Slot {start}") } else { format!("Slots {start}-{end}") };
            let folded = if *repeats > 0 { format!(" (the same lookups repeated for {repeats} more slots)") } else { String::new() };
            format!("{range} of entry {entry} → [{}]{folded}.", nodes.join(", "))
        }
        Action::SlotsBatch { entry, start, end, created, first, last } => match (first, last) {
            (Some(f), Some(l)) => format!(
                "Slots {start}-{end} of entry {entry}: every slot misses its replica lookups again: {created} more objects (#{f}-#{l}), each stored over the last under the same name."
            ),
            _ => format!("Slots {start}-{end} of entry {entry}: the same per-slot work repeats for every slot."),
        },
        Action::Disagreement { slot, have, got, count } => {
            let (have, got) = (text(have), text(got));
            format!("Slot {slot} is already served by {have}, not {got}: disagreement {count} (more than 5 raise).")
        }
        Action::Coverage { covered, full: true } => format!("All {covered} slots are covered: stop querying startup nodes."),
        Action::Coverage { covered, full: false } => format!("Only {covered} of 16384 slots are covered."),
        Action::CommitSlots { rebuilt: false } => "slots_cache = tmp_slots: every object the walk put in a slot is now live.".into(),
        Action::CommitSlots { rebuilt: true } => {
            "slots_cache is rebuilt from the nodes_cache objects of the same names: duplicates are never used.".into()
        }
        Action::SetNodesRemove { cache, name, object } => {
            let name = text(name);
            if step.effects.iter().any(|e| matches!(e, super::trace::Effect::Pop { .. })) {
                format!("set_nodes: {name:?} is gone from the new dict, so {} is popped from {} and disconnected.", obj(trace, *object), cache.name())
            } else {
                format!("set_nodes: {name:?} is gone from the new dict; {} is disconnected but stays in {} (this release never pops it).", obj(trace, *object), cache.name())
            }
        }
        Action::SetNodesReplace { cache, name, old, new } => format!(
            "set_nodes: {}[{:?}] was #{old}; it is disconnected and replaced by #{new}.",
            cache.name(),
            text(name)
        ),
        Action::SetNodesKeep { cache, name, kept, dropped } => format!(
            "set_nodes: {}[{:?}] keeps #{kept} (and its connections); the new #{dropped} is dropped.",
            cache.name(),
            text(name)
        ),
        Action::SetNodesAdd { cache, name, object } => {
            format!("set_nodes: {}[{:?}] = {}.", cache.name(), text(name), obj(trace, *object))
        }
        Action::CacheSwap { cache, from: Cache::TmpNodesCache, size } if is_sync(trace) => format!(
            "{} = tmp_nodes_cache ({size} names): the old dict is dropped wholesale, nothing is closed.",
            cache.name()
        ),
        Action::CacheSwap { cache, from, size } => {
            format!("set_nodes({}, {}, remove_old=True) merges {size} names.", cache.name(), from.name())
        }
        Action::Held { object, by } => format!("{} keeps a reference to {} for the client's lifetime.", by.name(), obj(trace, *object)),
        Action::DefaultNode { object } => format!("The default node is {}, the first primary in nodes_cache.", obj(trace, *object)),
        Action::Collected { objects, warned, sockets_closed, connection_warnings } => {
            let n = objects.len();
            let mut s = format!("{n} object{} no longer referenced {} collected", if n == 1 { "" } else { "s" }, if n == 1 { "is" } else { "are" });
            if step.anchor.stage == super::trace::Stage::Drop {
                s = format!("The program drops the client: all {n} remaining objects are collected");
            }
            if *warned > 0 {
                let sockets = if *sockets_closed == 1 { "" } else { "s" };
                s += &format!(": {warned} with an open connection warn \"Unclosed ClusterNode object\"");
                // What happens to the socket itself depends on the release's connection code.
                let drop = trace.model.map(|m| m.connection_drop());
                s += &match drop {
                    _ if *sockets_closed == 0 => {
                        ", and each connection schedules its own disconnect as a task: no further warning, and \
                         the sockets are still open until that task runs"
                            .to_string()
                    }
                    Some(super::model::ConnectionDrop::Warns(_)) => {
                        format!(", and redis-py warns \"unclosed Connection\" as it closes {sockets_closed} socket{sockets}")
                    }
                    _ if *connection_warnings > 0 => {
                        format!(", and asyncio warns \"unclosed StreamWriter\" as it closes {sockets_closed} socket{sockets}")
                    }
                    _ => format!(", and their connections close {sockets_closed} socket{sockets} without a warning"),
                };
            } else if *sockets_closed > 0 {
                s += &format!(": {sockets_closed} socket{} closed by __del__", if *sockets_closed == 1 { "" } else { "s" });
            }
            s + "."
        }
        Action::Command { command, key, slot, index, object, opened, orphan } => {
            let target = obj(trace, *object);
            let conn = match (*opened, *orphan) {
                (true, true) => "opens a new connection: an orphan no dict holds, so close() will never reach it",
                (true, false) => "opens a new connection",
                (false, _) => "reuses its connection",
            };
            match (key, slot) {
                (Some(k), Some(s)) if *index > 0 => format!(
                    "{command} {k:?}: slot {s}; read_from_replicas: the load balancer's round robin for this primary \
                     gives index {index} → slots_cache[{s}][{index}] = {target}, a replica, which {conn}."
                ),
                (Some(k), Some(s)) => format!("{command} {k:?}: slot {s} → slots_cache[{s}][0] = {target}, which {conn}."),
                _ if *command == "READONLY" => format!(
                    "read_from_replicas: RedisCluster.on_connect sends READONLY first on every new connection; \
                     {target} {conn}."
                ),
                _ => format!("{command} goes to the default node {target}, which {conn}."),
            }
        }
        Action::CloseCache { cache, objects, sockets_closed } => {
            let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            let nodes = plural(*objects, "node", "nodes");
            let sockets = plural(*sockets_closed, "socket", "sockets");
            // aclose() walks nodes_cache then startup_nodes; sync close() only nodes_cache.
            let walks_startup = trace.model.is_some_and(|m| m.traits().close_walks_startup_nodes);
            let last = *cache == Cache::StartupNodes || is_sync(trace) || !walks_startup;
            let tail = if last { " Objects that only slots_cache references are never walked." } else { "" };
            let keeps_pools = trace.model.is_some_and(|m| is_sync(trace) && !m.traits().close_disconnects_pool);
            match cache {
                _ if keeps_pools => format!(
                    "close() walks the {nodes} in {} but closes no socket: before 5.0, Redis.close() released only \
                     the client's own connection and left every pool open.",
                    cache.name()
                ),
                Cache::StartupNodes => format!("Then it disconnects the {nodes} in startup_nodes ({sockets} closed).{tail}"),
                _ => format!("close() disconnects the {nodes} in {} ({sockets} closed).{tail}", cache.name()),
            }
        }
        Action::InitializeFailed { message } => format!("initialize() raises: {message}"),
    }
}

fn is_sync(trace: &Trace) -> bool {
    trace.model.map(|m| m.flavor() == super::model::Flavor::Sync).unwrap_or(false)
}

/// If `key` is `localhost:P`, the name such nodes are stored under.
fn key_normalised_differs(trace: &Trace, key: &str) -> Option<String> {
    let (host, port) = key.rsplit_once(':')?;
    if host != "localhost" {
        return None;
    }
    trace
        .objects
        .iter()
        .find(|o| trace.name(o.host_given) == "localhost" && o.port.to_string() == port)
        .map(|o| trace.name(o.name).to_string())
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
    pub fn new(trace: &'t Trace, index: usize) -> Self {
        let step = &trace.steps[index];
        let (file, line) = step.source.location();
        StepView {
            index,
            step,
            narration: narrate(trace, step),
            source: SourceView { file, line, pseudocode: step.source.pseudocode(), permalink: step.source.permalink() },
        }
    }
}
