//! A whole run: build the client, initialize (and re-initialize), send the workload,
//! close, drop. The result is the trace plus the counters the verdict reads.

use super::keyslot::{key_for_slot, keyslot};
use super::registry::Registry;
use super::scenario::{Scenario, Workload};
use super::sim::Sim;
use super::source::Site;
use super::trace::{Action, Anchor, Cache, Effect, ObjectId, Trace};
use serde::Serialize;

/// The registry's counters at the end of one initialize (and its commands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoundStats {
    pub round: u16,
    pub objects_created: u32,
    pub distinct_slot_objects: u32,
    pub orphaned_objects: u32,
    pub open_connections: u32,
    pub unclosed_warnings: u32,
    /// Connections opened so far through objects no name-keyed dict holds: what
    /// close() will never reach (cumulative over the run).
    pub leaked_sockets: u32,
}

/// Everything a run produced.
#[derive(Clone, Debug)]
pub struct Run {
    /// Every step (`simulate`); in a counting run (`count`) no steps, and only the
    /// objects and lists still alive at the end.
    pub trace: Trace,
    /// Steps the run emitted (recorded or not).
    pub steps: usize,
    /// The registry after the last step (client dropped).
    pub end: Registry,
    /// The registry right after close(), before the client is dropped.
    pub after_close: Registry,
    pub rounds: Vec<RoundStats>,
    /// What initialize() raised, if it did.
    pub error: Option<String>,
    pub initializations: u32,
}

/// Runs the scenario's model on its input. Errors only for an unusable scenario; an
/// initialize that raises is part of the run (`Run::error`).
pub fn simulate(sc: &Scenario) -> Result<Run, String> {
    sc.validate()?;
    Ok(Running::start(Sim::new(sc, true)).finish())
}

/// The same run, streamed: every step is folded into the registry and the counters
/// and then dropped, and after each initialize what nothing refers to any more is
/// dropped too. Memory stays flat in the number of re-initializes (up to
/// `MAX_COUNTED_REINIT`); the counters, the final registry and so the `Verdict` are
/// those of `simulate`. For what needs no stepping: the CLI's verdict and `--json`,
/// the leak chart.
pub fn count(sc: &Scenario) -> Result<Run, String> {
    Ok(counting(sc)?.finish())
}

/// `count`, a refresh at a time: the caller runs `refresh` until it returns false,
/// then `finish`. The page's leak chart yields to the browser between refreshes.
pub fn counting(sc: &Scenario) -> Result<Running<'_>, String> {
    sc.validate_up_to(super::scenario::MAX_COUNTED_REINIT)?;
    Ok(Running::start(Sim::new(sc, false)))
}

/// A run between its initializes: the client is built, `initializations` of its
/// `1 + reinit` initialize() calls are done.
pub struct Running<'a> {
    sim: Sim<'a>,
    rounds: Vec<RoundStats>,
    error: Option<String>,
    initializations: u32,
}

impl<'a> Running<'a> {
    /// Builds the client: its startup nodes.
    fn start(mut sim: Sim<'a>) -> Running<'a> {
        let sc = sim.sc;
        sim.at(Anchor::construct());
        for (host, port) in &sc.startup_nodes {
            let names = sim.names(host, *port);
            let node = sim.construct(names, None);
            if sc.model.traits().client_holds_startup_nodes {
                // RedisCluster.__init__ keeps its own list of the startup nodes.
                let by = super::trace::Holder::ClientStartupNodes;
                sim.emit(
                    Site::StartupNodeAppend,
                    Action::Held { object: node, by },
                    [Effect::Hold { object: node, by }],
                );
            }
            sim.store(Site::StartupNodeAppend, Cache::StartupNodes, node);
        }
        Running { sim, rounds: Vec::new(), error: None, initializations: 0 }
    }

    /// The initialize() calls the run makes: the first and every re-initialize.
    pub fn total(&self) -> u32 {
        1 + self.sim.sc.reinit
    }

    /// The initialize() calls made so far.
    pub fn done(&self) -> u32 {
        self.initializations
    }

    /// The next initialize() and the commands after it; false once there is none
    /// left (all made, or one raised).
    pub fn refresh(&mut self) -> bool {
        let total = self.total();
        if self.error.is_some() || self.initializations == total {
            return false;
        }
        self.initializations += 1;
        let k = self.initializations;
        let sc = self.sim.sc;
        let sim = &mut self.sim;
        if let Err(message) = sim.initialize() {
            sim.emit(Site::InitializeDef, Action::InitializeFailed { message: message.clone() }, []);
            self.error = Some(message);
            return false;
        }
        if k == 1 {
            sim.commands_parser();
        }
        if sc.workload == Workload::EveryRefresh || (sc.workload == Workload::EachRange && k == total) {
            sim.each_range(k as u16);
        }
        if sc.workload == Workload::Keys && k == total {
            sim.keys(k as u16);
        }
        self.rounds.push(sim.round_stats());
        sim.compact();
        k < total
    }

    /// Closes and drops the client (making whatever initialize() calls are left).
    pub fn finish(mut self) -> Run {
        while self.refresh() {}
        let Running { mut sim, rounds, error, initializations } = self;
        // A failed first initialize closes the async client's dicts itself; a sync
        // client that failed in its constructor never existed, so there is nothing to close.
        let constructed = !(error.is_some() && initializations == 1);
        if constructed || sim.is_async() {
            sim.close();
        }
        let after_close = sim.reg.clone();
        sim.at(Anchor::drop());
        sim.collect_garbage(Site::ObjectCollected, true);
        let steps = sim.steps;
        Run { end: sim.reg, trace: sim.trace, steps, after_close, rounds, error, initializations }
    }
}

impl Sim<'_> {
    /// After the first initialize the client sends COMMAND to the default node.
    fn commands_parser(&mut self) {
        let Some(object) = self.reg.default_node else { return };
        self.at(Anchor::command(self.round, 0));
        self.acquire(Site::CommandsParserInit, "COMMAND", None, None, object);
        if self.is_async() && self.traits.commands_parser_holds_node {
            // AsyncCommandsParser keeps the node for later COMMAND GETKEYS calls.
            let by = super::trace::Holder::CommandsParserNode;
            self.emit(Site::CommandsParserInit, Action::Held { object, by }, [Effect::Hold { object, by }]);
        }
        if !self.is_async() && self.traits.maint_notifications_reconnect {
            // Enabling maintenance notifications updates every node's pool: its
            // connections reconnect (the same Connection objects) on next use.
            let objects: Vec<ObjectId> =
                self.reg.nodes_cache.values().copied().filter(|&o| self.reg.object(o).connected > 0).collect();
            if !objects.is_empty() {
                let effects: Vec<Effect> = objects.iter().map(|&object| Effect::Disconnect { object }).collect();
                self.emit(Site::CommandsParserInit, Action::MaintNotificationsReconnect { objects }, effects);
            }
        }
    }

    /// Commands run between initializes, when tmp_nodes_cache (a local of
    /// initialize()) is gone: an object nodes_cache does not hold is one close()
    /// will never reach.
    fn is_orphan(&self, object: ObjectId) -> bool {
        let walks_startup = self.is_async() && self.traits.close_walks_startup_nodes;
        let held = |cache: &indexmap::IndexMap<super::trace::Name, ObjectId, _>| cache.values().any(|&o| o == object);
        !(held(&self.reg.nodes_cache) || walks_startup && held(&self.reg.startup_nodes))
    }

    /// `RedisCluster.on_connect`: with read_from_replicas every new connection sends
    /// READONLY first (the sync client makes the node's Redis client here if needed).
    /// `initializing`: the startup node's connection, which is no orphan's.
    pub(crate) fn on_connect(&mut self, object: ObjectId, initializing: bool) {
        if !self.sc.read_from_replicas || self.reg.object(object).connected > 0 {
            return;
        }
        let mut effects = Vec::new();
        if !self.is_async() && !self.reg.object(object).redis_client {
            effects.push(Effect::RedisClient { object });
        }
        effects.push(Effect::Acquire { object });
        let orphan = !initializing && self.is_orphan(object);
        self.leaked_sockets += u32::from(orphan);
        let action =
            Action::Command { command: "READONLY", key: None, slot: None, index: 0, object, opened: true, orphan };
        self.emit(Site::AcquireConnection, action, effects);
    }

    /// One GET to a key of every reply entry, routed through slots_cache.
    fn each_range(&mut self, round: u16) {
        for (i, entry) in self.sc.reply.entries.iter().enumerate() {
            self.at(Anchor::command(round, 1 + i as u32));
            self.get(key_for_slot(entry.start), entry.start);
        }
    }

    /// One GET per key of the scenario, in order.
    fn keys(&mut self, round: u16) {
        let sc = self.sc;
        for (i, key) in sc.keys.iter().enumerate() {
            self.at(Anchor::command(round, 1 + i as u32));
            self.get(key.clone(), keyslot(key.as_bytes()));
        }
    }

    /// `get_node_from_slot`: the slot's primary, or with read_from_replicas the node
    /// the load balancer's round robin for that primary's name gives.
    fn get(&mut self, key: String, slot: u16) {
        let Some(list) = self.reg.slot_list(slot) else { return };
        let nodes = self.trace.list(list);
        let index = if self.sc.read_from_replicas && nodes.len() > 1 {
            let primary = self.trace.object(nodes[0]).name;
            let next = self.read_load_balancer.entry(primary).or_insert(0);
            let index = *next % nodes.len();
            *next = (index + 1) % nodes.len();
            index
        } else {
            0
        };
        let object = nodes[index];
        self.acquire(Site::GetNodeFromSlot, "GET", Some(key), Some((slot, index as u8)), object);
    }

    /// A command through `object`; `slot` is the slot it was routed by and the index
    /// in that slot's node list.
    fn acquire(
        &mut self,
        site: Site,
        command: &'static str,
        key: Option<String>,
        slot: Option<(u16, u8)>,
        object: ObjectId,
    ) {
        self.on_connect(object, false);
        let mut effects = Vec::new();
        if !self.is_async() && !self.reg.object(object).redis_client {
            // get_redis_connection() makes the Redis client on first use.
            effects.push(Effect::RedisClient { object });
        }
        effects.push(Effect::Acquire { object });
        let opened = self.reg.object(object).connected == 0;
        let orphan = self.is_orphan(object);
        let (slot, index) = (slot.map(|s| s.0), slot.map_or(0, |s| s.1));
        self.leaked_sockets += u32::from(opened && orphan);
        self.emit(site, Action::Command { command, key, slot, index, object, opened, orphan }, effects);
    }

    /// `aclose()` walks nodes_cache then startup_nodes; sync `close()` only nodes_cache,
    /// and before 5.0 its `Redis.close()` left the pool's sockets open.
    fn close(&mut self) {
        let closes_sockets = self.is_async() || self.traits.close_disconnects_pool;
        self.at(Anchor::close());
        let caches: &[(Cache, Site)] = if self.is_async() && self.traits.close_walks_startup_nodes {
            &[(Cache::NodesCache, Site::CloseNodesCache), (Cache::StartupNodes, Site::CloseStartupNodes)]
        } else {
            &[(Cache::NodesCache, Site::CloseNodesCache)]
        };
        for (i, &(cache, site)) in caches.iter().enumerate() {
            let objects: Vec<ObjectId> = self.reg.cache(cache).values().copied().collect();
            let mut effects = Vec::new();
            let mut sockets_closed = 0;
            for &o in &objects {
                if !closes_sockets || (!self.is_async() && !self.reg.object(o).redis_client) {
                    continue;
                }
                let (effect, n) = self.disconnect_effect(o);
                sockets_closed += n;
                effects.push(effect);
            }
            if i + 1 == caches.len() {
                effects.push(Effect::Closed);
            }
            let action = Action::CloseCache { cache, objects: objects.len() as u32, sockets_closed };
            self.emit(site, action, effects);
        }
    }

    fn round_stats(&self) -> RoundStats {
        let c = super::census::Census::of(&self.trace, &self.reg);
        RoundStats {
            round: self.round,
            objects_created: self.trace.objects.next_id(),
            distinct_slot_objects: c.distinct_slot_objects,
            orphaned_objects: c.orphaned_objects,
            open_connections: self.reg.open_connections(),
            unclosed_warnings: self.reg.warnings,
            leaked_sockets: self.leaked_sockets,
        }
    }
}
