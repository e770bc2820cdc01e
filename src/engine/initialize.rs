//! `NodesManager.initialize()`: query a startup node, walk the CLUSTER SLOTS reply
//! into tmp_nodes_cache and tmp_slots, then commit them. Every model runs this one
//! walk; where the releases differ, `Model` says how.

use super::keyslot::SLOTS;
use super::node_names::NodeNames;
use super::reply::{ClusterSlotsReply, NodeEntry, SlotRange, MAX_NODES_PER_ENTRY, NULL_HOST};
use super::scenario::Scenario;
use super::sim::Sim;
use super::source::Site;
use super::trace::{Action, Anchor, Cache, Effect, ListId, Name, ObjectId, Role};
use std::rc::Rc;

/// Why initialize() raised, in redis-py's own words.
pub(crate) type InitError = String;

impl<'s> Sim<'s> {
    pub fn initialize(&mut self) -> Result<(), InitError> {
        self.round += 1;
        self.round_first_object = self.trace.objects.next_id();
        let k = self.round;
        self.attempt = 0;
        self.read_load_balancer.clear();
        self.at(Anchor::query(k, 0));
        self.emit(Site::InitializeDef, Action::InitializeStart { round: k }, [Effect::ResetTmp]);

        let mut startup: Vec<ObjectId> = self.reg.startup_nodes.values().copied().collect();
        if self.model.shuffles_startup_nodes() && startup.len() > 1 {
            if let Some(pick) = self.sc.startup_picks.get(usize::from(k) - 1) {
                let pick = self.trace.names.find(pick);
                if let Some(i) = startup.iter().position(|&o| Some(self.trace.object(o).name) == pick) {
                    let first = startup.remove(i);
                    startup.insert(0, first);
                }
            }
        }
        let mut disagreements: Vec<String> = Vec::new();
        let mut fully_covered = false;
        let mut covered = 0;
        for (n, &startup_node) in startup.iter().enumerate() {
            self.attempt = n as u16;
            self.at(Anchor::query(k, self.attempt));
            self.query_startup_node(startup_node);
            self.walk_reply(k, startup_node, startup.len(), &mut disagreements)?;
            covered = self.reg.tmp_slots.iter().filter(|&&l| l != super::registry::NO_LIST).count() as u32;
            fully_covered = covered == u32::from(SLOTS);
            self.at(Anchor::coverage(k, self.attempt));
            self.emit(Site::Coverage, Action::Coverage { covered, full: fully_covered }, []);
            if fully_covered {
                break;
            }
        }
        self.at(Anchor::commit(k));
        if self.model.flavor() == super::model::Flavor::Sync {
            self.create_redis_connections();
        }
        let require = self.sc.require_full_coverage.unwrap_or(self.model.default_require_full_coverage());
        if !fully_covered && require {
            return Err(format!(
                "All slots are not covered after query all startup_nodes. {covered} of 16384 covered..."
            ));
        }
        self.commit();
        Ok(())
    }

    fn query_startup_node(&mut self, node: ObjectId) {
        let sync = !self.is_async();
        if sync && !self.reg.object(node).redis_client {
            // This client is made with decode_responses=True; the ones
            // create_redis_connections() makes use the caller's settings.
            self.decoding_clients.insert(node);
            self.emit(
                Site::ClusterSlotsQuery,
                Action::RedisClient { object: node },
                [Effect::RedisClient { object: node }],
            );
        }
        self.on_connect(node, true);
        if self.model.sends_info_first() {
            let action = Action::QueryStartupNode { object: node, command: "INFO" };
            self.emit(Site::InfoQuery, action, [Effect::Acquire { object: node }]);
        }
        let action = Action::QueryStartupNode { object: node, command: "CLUSTER SLOTS" };
        self.emit(Site::ClusterSlotsQuery, action, [Effect::Acquire { object: node }]);
        if self.model.drops_startup_connections() {
            let action = Action::DropStartupConnections { object: node };
            self.emit(Site::DropStartupConnections, action, [Effect::Disconnect { object: node }]);
        }
    }

    fn walk_reply(
        &mut self,
        k: u16,
        startup_node: ObjectId,
        startup_count: usize,
        disagreements: &mut Vec<String>,
    ) -> Result<(), InitError> {
        let sc = self.sc;
        let own = sc.reply_from(self.trace.object(startup_node).port);
        let bytes;
        let reply: &ClusterSlotsReply = if self.reply_arrives_as_bytes(startup_node) {
            bytes = self.bytes_reply(own);
            let action = Action::BytesReply { object: startup_node };
            self.emit(Site::ClusterSlotsQuery, action, []);
            &bytes
        } else {
            own
        };
        self.emit(Site::ClusterSlotsQuery, Action::ReplyReceived { entries: reply.entries.len() as u32 }, []);
        let startup_host: Name = self.trace.object(startup_node).host;
        let single_node_fix =
            reply.entries.len() == 1 && reply.entries[0].primary.host.is_empty() && startup_count == 1;
        // The reply as interned in `Sim::new`, unless it arrives as bytes or is remapped.
        let interned = std::ptr::eq(reply, &sc.reply) && sc.address_remap.is_empty();
        for (e, entry) in reply.entries.iter().enumerate() {
            let e = e as u32;
            self.at(Anchor::entry(k, self.attempt, e));
            if interned && !entry.primary.host.is_empty() && self.walk_found_entry(e, entry) {
                continue;
            }
            let primary = if entry.primary.host.is_empty() {
                let site = if single_node_fix { Site::SingleNodeEmptyHost } else { Site::EmptyHost };
                self.emit(site, Action::EmptyHost { entry: e, host: startup_host }, []);
                let host = self.trace.name(startup_host).to_string();
                self.node_names(e, &host, entry.primary.port)
            } else if interned {
                self.nodes.get(self.entry_nodes(e)[0])
            } else {
                self.node_names(e, &entry.primary.host, entry.primary.port)
            };
            let primary = self.get_or_create(primary, Role::Primary);
            // The replicas' names as indices in `nodes`, in a buffer reused from
            // entry to entry.
            let mut replicas = std::mem::take(&mut self.replica_names);
            replicas.clear();
            if interned {
                replicas.extend_from_slice(&self.entry_nodes(e)[1..]);
            } else {
                replicas.extend(entry.replicas.iter().map(|r| self.silent_names(r)));
            }
            let assigned = if self.traits.replicas_per_slot {
                self.assign_per_slot(e, entry, primary, &replicas, disagreements)
            } else {
                let mut nodes: smallvec::SmallVec<[ObjectId; 4]> = smallvec::smallvec![primary];
                for (r, &names) in entry.replicas.iter().zip(&replicas) {
                    self.remap(e, &r.host, r.port);
                    nodes.push(self.get_or_create(self.nodes.get(names), Role::Replica));
                }
                let list = self.intern(&nodes);
                self.assign_range(e, entry.start, entry.end, list, 0, disagreements)
            };
            self.replica_names = replicas;
            assigned?;
        }
        Ok(())
    }

    /// A counting run's walk of an entry whose nodes are all in tmp_nodes_cache
    /// already, under the names it looks them up by, and whose slots are all free:
    /// every lookup then hits and stores nothing, in every release (whether its
    /// replicas are resolved per slot or per entry), so the walk is its steps counted
    /// and its one effect, the slots given the entry's node list. False, having done
    /// nothing, for any other entry (and in a traced run, whose steps are recorded).
    /// Every range of a node after its first is such an entry.
    fn walk_found_entry(&mut self, e: u32, entry: &SlotRange) -> bool {
        if self.record {
            return false;
        }
        let nodes = self.entry_nodes(e);
        let mut objects = [0; MAX_NODES_PER_ENTRY];
        if nodes.len() > objects.len() {
            return false;
        }
        for (slot, &i) in objects.iter_mut().zip(nodes) {
            let key = self.nodes.get(i).key;
            let Some((object, own_name)) = self.tmp_found(key) else { return false };
            // Found under another name, most releases store it again under its own,
            // and replicas resolved per slot repeat only while found under both
            // (`replicas_would_repeat`).
            if !own_name
                && (self.traits.restores_on_hit || self.tmp_get(self.trace.object(object).name) != Some(object))
            {
                return false;
            }
            *slot = object;
        }
        let objects = &objects[..nodes.len()];
        let (start, end) = (entry.start, entry.end);
        if (start..=end).any(|slot| self.reg.tmp_slot_list(slot).is_some()) {
            return false;
        }
        // One lookup per node; replicas resolved per slot are resolved once, as every
        // later slot would repeat the first.
        self.steps += objects.len();
        let list = self.intern(objects);
        let effect = Effect::AssignSlots { start, end, list };
        self.emit_one(Site::SlotAssign, effect, |_| Action::AssignSlots { entry: e, start, end, list, repeats: 0 });
        true
    }

    /// The names of a node as the client dials it: remapped (and recorded) first.
    fn node_names(&mut self, e: u32, host: &str, port: u16) -> NodeNames {
        let (host, port) = self.remap(e, host, port);
        self.names(host, port)
    }

    /// The same without recording the remap, as an index in `nodes`: for names
    /// resolved ahead of the steps that use them (which record it).
    fn silent_names(&mut self, node: &NodeEntry) -> u32 {
        let sc: &'s Scenario = self.sc;
        let (host, port) = sc.remap_host_port(&node.host, node.port).unwrap_or((&node.host, node.port));
        self.names_index(host, port)
    }

    /// Sync before 4.3.4: a startup node whose client initialize() did not make
    /// itself answers in bytes, and the hosts are used undecoded.
    fn reply_arrives_as_bytes(&self, startup_node: ObjectId) -> bool {
        !self.is_async() && self.traits.undecoded_reply_hosts && !self.decoding_clients.contains(&startup_node)
    }

    /// `reply` with every host as Python's `str()` of its bytes: `b'localhost'`; a
    /// null host is None, not bytes (kept for the scenario's own reply, which every
    /// node but a few gives).
    fn bytes_reply(&mut self, reply: &ClusterSlotsReply) -> Rc<ClusterSlotsReply> {
        let as_bytes = || {
            let mut r = reply.clone();
            r.nodes_mut().filter(|n| n.host != NULL_HOST).for_each(|n| n.host = format!("b'{}'", n.host));
            Rc::new(r)
        };
        if !std::ptr::eq(reply, &self.sc.reply) {
            return as_bytes();
        }
        self.bytes_reply.get_or_insert_with(as_bytes).clone()
    }

    /// `remap_host_port`: the scenario's address_remap, recorded when it applies.
    // Inlined: called per slot and replica in 5.0.1, and most scenarios remap nothing,
    // so the node's host and port are then not even read (a reply of 16k entries is
    // megabytes, mostly out of cache).
    #[inline(always)]
    fn remap<'a>(&mut self, entry: u32, host: &'a str, port: u16) -> (&'a str, u16)
    where
        's: 'a,
    {
        if self.sc.address_remap.is_empty() {
            return (host, port);
        }
        self.remap_rule(entry, host, port)
    }

    fn remap_rule<'a>(&mut self, entry: u32, host: &'a str, port: u16) -> (&'a str, u16)
    where
        's: 'a,
    {
        let sc: &'s Scenario = self.sc;
        let Some(to) = sc.remap_host_port(host, port) else { return (host, port) };
        let action = Action::Remapped { entry, from: format!("{host}:{port}"), to: format!("{}:{}", to.0, to.1) };
        self.emit(Site::Remap, action, []);
        to
    }

    /// Find the node for `host:port` in this initialize, or make one: the heart of #3163.
    // Inlined: the hit is the per-slot walk's commonest step.
    #[inline]
    fn get_or_create(&mut self, names: NodeNames, role: Role) -> ObjectId {
        let key = names.key;
        let Some((hit, own_name)) = self.tmp_found(key) else { return self.create(names, role) };
        let (lookup_site, store_site) = sites(role);
        // Most releases store the node again even on a hit, under its own name;
        // sync from 7.2 stores only what it creates. A hit and its
        // re-store are one step: the store changes nothing unless the names differ.
        if self.traits.restores_on_hit && !own_name {
            self.lookup(lookup_site, Cache::TmpNodesCache, key, role);
            self.store(store_site, Cache::TmpNodesCache, hit);
        } else {
            // Storing the object under the name it was just found by changes
            // nothing: the step is the lookup alone.
            self.lookup_done(lookup_site, Cache::TmpNodesCache, key, role, Some(hit));
        }
        hit
    }

    /// `get_or_create` when tmp_nodes_cache has no node under the name.
    #[inline(never)]
    fn create(&mut self, names: NodeNames, role: Role) -> ObjectId {
        let (lookup_site, store_site) = sites(role);
        self.lookup_done(lookup_site, Cache::TmpNodesCache, names.key, role, None);
        let object = if self.is_async() || !self.traits.reuses_previous_nodes {
            self.construct(names, Some(role))
        } else {
            self.sync_previous_or_new(names, role)
        };
        self.store(store_site, Cache::TmpNodesCache, object);
        object
    }

    /// The sync client also looks in the previous nodes_cache before constructing.
    fn sync_previous_or_new(&mut self, names: NodeNames, role: Role) -> ObjectId {
        let key = names.key;
        let previous = self.lookup(Site::PreviousNodeLookup, Cache::NodesCache, key, role);
        if self.model.sync_shares_previous_client() {
            let object = self.construct(names, Some(role));
            if let Some(prev) = previous.filter(|&p| self.reg.object(p).redis_client) {
                let action = Action::RedisClient { object };
                self.emit(Site::PreviousNodeLookup, action, [Effect::ShareClient { from: prev, to: object }]);
            }
            return object;
        }
        match previous.filter(|&p| self.reg.object(p).redis_client) {
            Some(prev) => {
                // From 4.4.2 a reused node is given its new role.
                let takes_role = self.traits.reused_node_takes_role;
                if takes_role && self.reg.object(prev).server_type != Some(role) {
                    let action = Action::Lookup { cache: Cache::NodesCache, key, role, hit: Some(prev) };
                    self.emit(Site::PreviousNodeLookup, action, [Effect::SetServerType { object: prev, role }]);
                }
                prev
            }
            None => self.construct(names, Some(role)),
        }
    }

    /// 5.0.1: replicas are resolved inside the slot loop, once per free slot. Runs of
    /// slots whose lookups all hit the same objects are folded into one step.
    fn assign_per_slot(
        &mut self,
        e: u32,
        entry: &SlotRange,
        primary: ObjectId,
        replicas: &[u32],
        disagreements: &mut Vec<String>,
    ) -> Result<(), InitError> {
        let (start, end) = (entry.start, entry.end);
        // Two slots are shown step by step (the second is where a missed lookup first
        // evicts); the slots after them that miss again are folded into one step.
        const SHOWN: u32 = 2;
        let mut run: Option<(u16, ListId)> = None;
        let mut resolved = 0;
        for slot in start..=end {
            if self.reg.tmp_slot_list(slot).is_some() {
                if let Some((s, list)) = run.take() {
                    self.assign_range(e, s, slot - 1, list, u32::from(slot - 1 - s), disagreements)?;
                }
                self.end_batch(e, slot.saturating_sub(1));
                self.check_agreement(e, slot, primary, disagreements)?;
                continue;
            }
            if let Some((_, list)) = run {
                if self.replicas_would_repeat(e, list, replicas) {
                    continue;
                }
            }
            if let Some((s, list)) = run.take() {
                self.assign_range(e, s, slot - 1, list, u32::from(slot - 1 - s), disagreements)?;
            }
            self.at(Anchor::slot(self.round, self.attempt, e, slot));
            resolved += 1;
            if resolved > SHOWN && self.batch.is_none() {
                self.begin_batch();
            }
            let mut nodes: smallvec::SmallVec<[ObjectId; 4]> = smallvec::smallvec![primary];
            for (r, &names) in entry.replicas.iter().zip(replicas) {
                self.remap(e, &r.host, r.port);
                nodes.push(self.get_or_create(self.nodes.get(names), Role::Replica));
            }
            run = Some((slot, self.intern(&nodes)));
        }
        if let Some((s, list)) = run {
            self.assign_range(e, s, end, list, u32::from(end - s), disagreements)?;
        }
        self.end_batch(e, end);
        Ok(())
    }

    /// True when resolving `replicas` again would find exactly `list`'s replicas and
    /// store nothing new: the next slot would repeat the previous one.
    fn replicas_would_repeat(&mut self, e: u32, list: ListId, replicas: &[u32]) -> bool {
        // It reads only the list, the replicas and tmp_nodes_cache: while none of them
        // changed, a yes stays a yes (every slot of a range whose lookups hit).
        let memo = (list, self.tmp_changes, e, self.attempt);
        if self.repeat_memo == Some(memo) {
            return true;
        }
        let listed = &self.trace.lists[list];
        let repeats = replicas.iter().enumerate().all(|(i, &names)| {
            let Some(&obj) = listed.get(i + 1) else { return true };
            self.tmp_get(self.nodes.get(names).key) == Some(obj)
                && self.tmp_get(self.trace.objects[obj].name) == Some(obj)
        });
        if repeats {
            self.repeat_memo = Some(memo);
        }
        repeats
    }

    /// Gives the free slots of `start..=end` the list; checks the taken ones.
    fn assign_range(
        &mut self,
        e: u32,
        start: u16,
        end: u16,
        list: ListId,
        repeats: u32,
        disagreements: &mut Vec<String>,
    ) -> Result<(), InitError> {
        let primary = self.trace.list(list)[0];
        let mut slot = start;
        loop {
            if self.reg.tmp_slot_list(slot).is_some() {
                self.check_agreement(e, slot, primary, disagreements)?;
            } else {
                let from = slot;
                while slot < end && self.reg.tmp_slot_list(slot + 1).is_none() {
                    slot += 1;
                }
                self.at(Anchor::slot(self.round, self.attempt, e, from));
                let effect = Effect::AssignSlots { start: from, end: slot, list };
                self.emit_one(Site::SlotAssign, effect, |_| Action::AssignSlots {
                    entry: e,
                    start: from,
                    end: slot,
                    list,
                    repeats,
                });
            }
            if slot >= end {
                return Ok(());
            }
            slot += 1;
        }
    }

    fn check_agreement(
        &mut self,
        e: u32,
        slot: u16,
        primary: ObjectId,
        disagreements: &mut Vec<String>,
    ) -> Result<(), InitError> {
        let Some(list) = self.reg.tmp_slot_list(slot) else { return Ok(()) };
        let have = self.trace.object(self.trace.list(list)[0]).name;
        let got = self.trace.object(primary).name;
        if have == got {
            return Ok(());
        }
        disagreements.push(format!("{} vs {} on slot: {slot}", self.trace.name(have), self.trace.name(got)));
        self.at(Anchor::slot(self.round, self.attempt, e, slot));
        let count = disagreements.len() as u32;
        self.emit(Site::Disagreement, Action::Disagreement { slot, have, got, count }, []);
        if disagreements.len() > 5 {
            return Err(format!("startup_nodes could not agree on a valid slots cache: {}", disagreements.join(", ")));
        }
        Ok(())
    }
}

/// Where `get_or_create` looks a node of `role` up, and where it stores it.
fn sites(role: Role) -> (Site, Site) {
    match role {
        Role::Primary => (Site::PrimaryLookup, Site::PrimaryStore),
        Role::Replica => (Site::ReplicaLookup, Site::ReplicaStore),
    }
}
