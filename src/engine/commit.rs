//! The end of `NodesManager.initialize()`: tmp_nodes_cache and tmp_slots become the
//! client's (`set_nodes`, `slots_cache = tmp_slots`), then the default node is
//! picked and what nothing refers to any more is collected.

use super::sim::Sim;
use super::source::Site;
use super::trace::{Action, Cache, Effect, ListId, Name, ObjectId, Role};

impl Sim<'_> {
    /// Sync: every node in tmp_nodes_cache without a Redis client gets one.
    pub(super) fn create_redis_connections(&mut self) {
        let nodes: Vec<ObjectId> = self.reg.tmp_nodes_cache.values().copied().collect();
        for object in nodes {
            if !self.reg.object(object).redis_client {
                self.emit(
                    Site::CreateRedisConnections,
                    Action::RedisClient { object },
                    [Effect::RedisClient { object }],
                );
            }
        }
    }

    pub(super) fn commit(&mut self) {
        if self.is_async() {
            self.commit_async();
        } else {
            self.commit_sync();
        }
        let default =
            self.reg.nodes_cache.values().copied().find(|&o| self.reg.object(o).server_type == Some(Role::Primary));
        if let Some(object) = default {
            self.emit(
                Site::DefaultNode,
                Action::DefaultNode { object },
                [Effect::DefaultNode { object: Some(object) }],
            );
        }
        self.collect_garbage(Site::ObjectCollected, false);
    }

    fn commit_async(&mut self) {
        if self.model.rebuilds_slots_cache() {
            self.set_nodes(Cache::NodesCache, Cache::TmpNodesCache, Site::SetNodesNodesCache);
            self.rebuild_slots_from_nodes_cache();
        } else {
            self.emit(
                Site::CommitSlots,
                Action::CommitSlots { rebuilt: false },
                [Effect::CommitSlots { remap: vec![] }],
            );
            self.set_nodes(Cache::NodesCache, Cache::TmpNodesCache, Site::SetNodesNodesCache);
        }
        self.set_nodes(Cache::StartupNodes, Cache::NodesCache, Site::SetNodesStartupNodes);
    }

    /// Async from 8.0 (#4057 in 8.1.0's notes): every tmp list is mapped to the nodes_cache objects of the
    /// same names, so duplicates made during the walk are never used.
    fn rebuild_slots_from_nodes_cache(&mut self) {
        // The lists tmp_slots uses, in id order (flags by position: no sort).
        let lists = &self.trace.lists;
        let mut listed = vec![false; lists.len()];
        for p in self.reg.tmp_slots.iter().filter_map(|&l| lists.position(l)) {
            listed[p] = true;
        }
        let used: Vec<ListId> = (0..listed.len()).filter(|&p| listed[p]).map(|p| lists.id_at(p)).collect();
        let mut remap = Vec::new();
        for list in used {
            let canonical: Vec<ObjectId> = self
                .trace
                .list(list)
                .to_vec()
                .into_iter()
                .map(|o| self.reg.nodes_cache.get(&self.trace.object(o).name).copied().unwrap_or(o))
                .collect();
            let to = self.intern(&canonical);
            if to != list {
                remap.push((list, to));
            }
        }
        self.emit(Site::CommitSlots, Action::CommitSlots { rebuilt: true }, [Effect::CommitSlots { remap }]);
    }

    /// `set_nodes(old, new, remove_old=True)`, one step per name it touches.
    fn set_nodes(&mut self, old: Cache, new: Cache, site: Site) {
        let keep_known = self.model.keeps_known_nodes();
        self.emit(site, Action::CacheSwap { cache: old, from: new, size: self.reg.cache(new).len() as u32 }, []);
        let gone: Vec<(Name, ObjectId)> = self
            .reg
            .cache(old)
            .iter()
            .filter(|(name, _)| !self.reg.cache(new).contains_key(*name))
            .map(|(&n, &o)| (n, o))
            .collect();
        let pops = self.traits.pops_removed_nodes;
        for (name, object) in gone {
            // 4.3.0 and 4.3.1 disconnect a removed node but leave it in the dict.
            let mut effects = if pops { vec![Effect::Pop { cache: old, name }] } else { vec![] };
            // 7.2+ closes only the free connections; with no command in flight that is all.
            effects.push(Effect::Disconnect { object });
            self.emit(Site::SetNodesRemove, Action::SetNodesRemove { cache: old, name, object }, effects);
        }
        let incoming: Vec<(Name, ObjectId)> = self.reg.cache(new).iter().map(|(&n, &o)| (n, o)).collect();
        for (name, node) in incoming {
            match self.reg.cache(old).get(&name).copied() {
                Some(existing) if existing == node => {}
                Some(existing) if keep_known => {
                    // 7.2+ marks the kept node's connections for reconnect; they stay
                    // open until next used, so no socket changes here. From 8.0 the kept
                    // node takes the new one's role.
                    let takes_role = self.traits.kept_node_takes_role;
                    let role = self.reg.object(node).server_type.filter(|_| takes_role);
                    let effects = role.map(|role| Effect::SetServerType { object: existing, role });
                    self.emit(
                        Site::SetNodesReplace,
                        Action::SetNodesKeep { cache: old, name, kept: existing, dropped: node },
                        effects,
                    );
                }
                Some(existing) => {
                    let effects =
                        [Effect::Disconnect { object: existing }, Effect::Store { cache: old, name, object: node }];
                    self.emit(
                        Site::SetNodesReplace,
                        Action::SetNodesReplace { cache: old, name, old: existing, new: node },
                        effects,
                    );
                }
                None => {
                    let effects = [Effect::Store { cache: old, name, object: node }];
                    self.emit(Site::SetNodesAdd, Action::SetNodesAdd { cache: old, name, object: node }, effects);
                }
            }
        }
    }

    fn commit_sync(&mut self) {
        let size = self.reg.tmp_nodes_cache.len() as u32;
        let swap = |cache| Action::CacheSwap { cache, from: Cache::TmpNodesCache, size };
        self.emit(
            Site::SetNodesNodesCache,
            swap(Cache::NodesCache),
            [Effect::Replace { cache: Cache::NodesCache, with: Cache::TmpNodesCache }],
        );
        self.emit(Site::CommitSlots, Action::CommitSlots { rebuilt: false }, [Effect::CommitSlots { remap: vec![] }]);
        if self.traits.startup_nodes_accumulate {
            // populate_startup_nodes(): every discovered node is added; none removed.
            let effects: Vec<Effect> = self
                .reg
                .nodes_cache
                .iter()
                .map(|(&name, &object)| Effect::Store { cache: Cache::StartupNodes, name, object })
                .collect();
            self.emit(Site::SetNodesStartupNodes, Action::PopulateStartupNodes { added: size }, effects);
        } else {
            self.emit(
                Site::SetNodesStartupNodes,
                swap(Cache::StartupNodes),
                [Effect::Replace { cache: Cache::StartupNodes, with: Cache::TmpNodesCache }],
            );
        }
    }
}
