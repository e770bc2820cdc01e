//! The simulator's core: the running registry, the trace being recorded, and the
//! small operations every model shares (construct, look up, store, collect).

use super::model::{Flavor, Model};
use super::registry::Registry;
use super::scenario::Scenario;
use super::source::{Site, Source};
use super::trace::{Action, Anchor, Cache, ClusterNode, Effect, ListId, ObjectId, Role, Step, Trace};
use std::collections::{HashMap, HashSet};

pub(crate) struct Sim<'s> {
    pub sc: &'s Scenario,
    pub model: Model,
    pub trace: Trace,
    pub reg: Registry,
    pub anchor: Anchor,
    pub round: u16,
    pub attempt: u16,
    lists: HashMap<Vec<ObjectId>, ListId>,
}

impl<'s> Sim<'s> {
    pub fn new(sc: &'s Scenario) -> Self {
        Sim {
            sc,
            model: sc.model,
            trace: Trace { model: Some(sc.model), ..Trace::default() },
            reg: Registry::default(),
            anchor: Anchor::construct(),
            round: 0,
            attempt: 0,
            lists: HashMap::new(),
        }
    }

    pub fn is_async(&self) -> bool {
        self.model.flavor() == Flavor::Async
    }

    pub fn at(&mut self, anchor: Anchor) {
        self.anchor = anchor;
    }

    /// Records a step and applies its effects to the running registry.
    pub fn emit(&mut self, site: Site, action: Action, effects: Vec<Effect>) {
        for e in &effects {
            self.reg.apply(e, &self.trace);
        }
        self.trace.steps.push(Step {
            anchor: self.anchor,
            action,
            source: Source::new(site, self.model),
            effects,
        });
    }

    /// `ClusterNode.__init__`: only the exact string `localhost` is rewritten.
    pub fn normalise(&self, host: &str) -> String {
        if host == "localhost" {
            self.sc.localhost.clone()
        } else {
            host.to_string()
        }
    }

    /// The key a lookup uses: the raw announced host, or (the fix) the normalised one.
    pub fn lookup_key(&self, host: &str, port: u16) -> String {
        if self.model.looks_up_normalised_name() {
            format!("{}:{port}", self.normalise(host))
        } else {
            format!("{host}:{port}")
        }
    }

    pub fn construct(&mut self, host: &str, port: u16, role: Option<Role>) -> ObjectId {
        let id = self.trace.objects.len() as ObjectId;
        let normalised = self.normalise(host);
        let name = format!("{normalised}:{port}");
        self.trace.objects.push(ClusterNode {
            id,
            host_given: host.to_string(),
            host: normalised,
            port,
            name: name.clone(),
            server_type: role,
            created_at: self.trace.steps.len() as u32,
            round: self.round,
        });
        let site = match role {
            Some(Role::Primary) => Site::PrimaryConstruct,
            Some(Role::Replica) => Site::ReplicaConstruct,
            None => Site::StartupNodeAppend,
        };
        let action = Action::Construct { object: id, host_given: host.to_string(), name };
        self.emit(site, action, vec![Effect::Create { object: id }]);
        id
    }

    pub fn lookup(&mut self, site: Site, cache: Cache, key: &str, role: Role) -> Option<ObjectId> {
        let hit = self.reg.cache(cache).get(key).copied();
        let action = Action::Lookup { cache, key: key.to_string(), role, hit };
        self.emit(site, action, vec![]);
        hit
    }

    /// `cache[name] = object`, under the object's own (normalised) name.
    pub fn store(&mut self, site: Site, cache: Cache, object: ObjectId) {
        let key = self.trace.object(object).name.clone();
        let evicted = self.reg.cache(cache).get(&key).copied();
        let action = Action::Store { cache, key: key.clone(), object, evicted };
        self.emit(site, action, vec![Effect::Store { cache, name: key, object }]);
    }

    pub fn intern(&mut self, nodes: Vec<ObjectId>) -> ListId {
        if let Some(&id) = self.lists.get(&nodes) {
            return id;
        }
        let id = self.trace.lists.len() as ListId;
        self.trace.lists.push(nodes.clone());
        self.lists.insert(nodes, id);
        id
    }

    /// Objects something still references: the dicts, the slots, the default node.
    fn referenced(&self) -> HashSet<ObjectId> {
        let reg = &self.reg;
        let mut seen: HashSet<ObjectId> = HashSet::new();
        for cache in [&reg.startup_nodes, &reg.nodes_cache, &reg.tmp_nodes_cache] {
            seen.extend(cache.values().copied());
        }
        let lists: HashSet<ListId> =
            reg.slots_cache.iter().chain(&reg.tmp_slots).copied().collect();
        for l in lists {
            if let Some(list) = self.trace.lists.get(l as usize) {
                seen.extend(list.iter().copied());
            }
        }
        seen.extend(reg.default_node);
        seen.extend(reg.held.iter().map(|(o, _)| *o));
        seen
    }

    /// CPython frees an object as soon as the last reference goes: do that for every
    /// live object nothing references. `everything` is the client itself going away.
    pub fn collect_garbage(&mut self, site: Site, everything: bool) {
        let keep = if everything { HashSet::new() } else { self.referenced() };
        let warns = self.is_async();
        let mut objects = Vec::new();
        let mut effects = Vec::new();
        let (mut warned, mut sockets_closed) = (0, 0);
        for (id, o) in self.reg.objects.iter().enumerate() {
            let id = id as ObjectId;
            if o.collected || keep.contains(&id) {
                continue;
            }
            if o.connected > 0 {
                sockets_closed += o.connected;
                warned += u32::from(warns);
            }
            objects.push(id);
            effects.push(Effect::Collect { object: id, warns });
        }
        if !objects.is_empty() {
            self.emit(site, Action::Collected { objects, warned, sockets_closed }, effects);
        }
    }

    /// Disconnects one object, recording how many sockets it closed.
    pub fn disconnect_effect(&self, object: ObjectId) -> (Effect, u32) {
        (Effect::Disconnect { object }, self.reg.object(object).connected)
    }
}
