//! Where each step comes from in the real redis-py: one `Site` per place in the code
//! the engine mirrors, with its line in each release. The lines were read from the
//! v5.0.1 and v8.1.0 sources; the fixed models point at the 5.0.1 line they change.

use super::model::Model;

/// A place in redis-py's node registry code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Site {
    #[default]
    LocalhostRewrite,
    StartupNodeAppend,
    InitializeDef,
    InfoQuery,
    ClusterSlotsQuery,
    DropStartupConnections,
    SingleNodeEmptyHost,
    EmptyHost,
    Remap,
    PrimaryLookup,
    PreviousNodeLookup,
    PrimaryConstruct,
    PrimaryStore,
    ReplicaLookup,
    ReplicaConstruct,
    ReplicaStore,
    SlotAssign,
    Disagreement,
    Coverage,
    CreateRedisConnections,
    CommitSlots,
    SetNodesNodesCache,
    SetNodesStartupNodes,
    SetNodesRemove,
    SetNodesReplace,
    SetNodesAdd,
    DefaultNode,
    CommandsParserInit,
    GetNodeFromSlot,
    AcquireConnection,
    ObjectCollected,
    CloseNodesCache,
    CloseStartupNodes,
}

/// The redis-py line a step mirrors, and the pseudocode shown beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Source {
    pub site: Site,
    pub model: Option<Model>,
}

impl Source {
    pub fn new(site: Site, model: Model) -> Self {
        Source { site, model: Some(model) }
    }

    /// `(file, line)` in the tag of the model's era.
    pub fn location(&self) -> (&'static str, u32) {
        let model = self.model.unwrap_or(Model::ASYNC_501);
        line(self.site, model.era().column)
    }

    /// A permalink to the exact line on GitHub, in the tag of the model's era.
    pub fn permalink(&self) -> String {
        let model = self.model.unwrap_or(Model::ASYNC_501);
        let (file, line) = self.location();
        format!("https://github.com/redis/redis-py/blob/{}/{file}#L{line}", model.era().commit)
    }

    /// A one-line pseudocode rendering of what the line does, in redis-py's names.
    pub fn pseudocode(&self) -> &'static str {
        let fixed = self.model.map(|m| m.looks_up_normalised_name()).unwrap_or(false);
        match self.site {
            Site::LocalhostRewrite => "if host == \"localhost\": host = gethostbyname(host)",
            Site::StartupNodeAppend => "startup_nodes.append(ClusterNode(host, port))",
            Site::InitializeDef => "tmp_nodes_cache = {}; tmp_slots = {}",
            Site::InfoQuery => "startup_node.execute_command(\"INFO\")",
            Site::ClusterSlotsQuery => "cluster_slots = startup_node.execute_command(\"CLUSTER SLOTS\")",
            Site::DropStartupConnections => "r.connection_pool.disconnect_free_connections()",
            Site::SingleNodeEmptyHost => "cluster_slots[0][2][0] = startup_node.host",
            Site::EmptyHost => "if host == \"\": host = startup_node.host",
            Site::Remap => "host, port = self.remap_host_port(host, port)",
            Site::PrimaryLookup | Site::ReplicaLookup if fixed => {
                "tmp_nodes_cache.get(get_node_name(normalise(host), port))  # the fix"
            }
            Site::PrimaryLookup | Site::ReplicaLookup => "target = tmp_nodes_cache.get(get_node_name(host, port))",
            Site::PreviousNodeLookup => "previous = self.nodes_cache.get(node_name)",
            Site::PrimaryConstruct => "target_node = ClusterNode(host, port, PRIMARY)",
            Site::ReplicaConstruct => "target_replica_node = ClusterNode(host, port, REPLICA)",
            Site::PrimaryStore | Site::ReplicaStore => "tmp_nodes_cache[target.name] = target",
            Site::SlotAssign => "tmp_slots[i] = [target_node, *replicas]",
            Site::Disagreement => "disagreements.append(f\"{a} vs {b} on slot: {i}\")",
            Site::Coverage => "fully_covered = all(i in tmp_slots for i in range(16384))",
            Site::CreateRedisConnections => "self.create_redis_connections(tmp_nodes_cache.values())",
            Site::CommitSlots => "self.slots_cache = tmp_slots",
            Site::SetNodesNodesCache => "self.set_nodes(self.nodes_cache, tmp_nodes_cache, remove_old=True)",
            Site::SetNodesStartupNodes => "self.set_nodes(self.startup_nodes, self.nodes_cache, remove_old=True)",
            Site::SetNodesRemove => "old.pop(name).disconnect()",
            Site::SetNodesReplace => "old[name].disconnect(); old[name] = node",
            Site::SetNodesAdd => "old[name] = node",
            Site::DefaultNode => "self.default_node = self.get_nodes_by_server_type(PRIMARY)[0]",
            Site::CommandsParserInit => "commands_parser.initialize(default_node)  # COMMAND",
            Site::GetNodeFromSlot => "node = self.slots_cache[slot][0]",
            Site::AcquireConnection => "connection = node.acquire_connection()",
            Site::ObjectCollected => "ClusterNode.__del__: warn(\"Unclosed ClusterNode object\")",
            Site::CloseNodesCache => "for node in self.nodes_cache.values(): node.disconnect()",
            Site::CloseStartupNodes => "for node in self.startup_nodes.values(): node.disconnect()",
        }
    }
}

const ASYNC: &str = "redis/asyncio/cluster.py";
const SYNC: &str = "redis/cluster.py";
const CLIENT: &str = "redis/client.py";

/// Line numbers as they stand in each era's tag; `column` is `Era::column`.
fn line(site: Site, column: usize) -> (&'static str, u32) {
    use Site::*;
    // Columns: async 5.0.1, async 8.1.0, sync 5.0.1, sync 8.1.0.
    let lines: [u32; 4] = match site {
        LocalhostRewrite => [947, 1651, 1259, 2146],
        StartupNodeAppend => [362, 590, 595, 849],
        InitializeDef => [1213, 2215, 1491, 2572],
        InfoQuery => [1224, 2277, 1516, 2689],
        ClusterSlotsQuery => [1230, 2277, 1520, 2689],
        DropStartupConnections => [1230, 2277, 1520, 2697],
        SingleNodeEmptyHost => [1246, 2298, 1536, 2717],
        EmptyHost => [1257, 2309, 1545, 2726],
        Remap => [1260, 2312, 1548, 2729],
        PrimaryLookup => [1262, 2316, 1477, 2546],
        PreviousNodeLookup => [1262, 2316, 1482, 2553],
        PrimaryConstruct => [1264, 2318, 1485, 2558],
        PrimaryStore => [1268, 2322, 1554, 2560],
        ReplicaLookup => [1281, 2331, 1477, 2546],
        ReplicaConstruct => [1285, 2335, 1485, 2558],
        ReplicaStore => [1290, 2339, 1572, 2560],
        SlotAssign => [1272, 2344, 1558, 2750],
        Disagreement => [1298, 2350, 1580, 2756],
        Coverage => [1309, 2361, 1590, 2766],
        CreateRedisConnections => [1334, 2386, 1603, 2779],
        CommitSlots => [1334, 2399, 1617, 2794],
        SetNodesNodesCache => [1335, 2386, 1616, 2793],
        SetNodesStartupNodes => [1337, 2406, 1622, 2799],
        SetNodesRemove => [1138, 2067, 1622, 2799],
        SetNodesReplace => [1144, 2099, 1616, 2793],
        SetNodesAdd => [1145, 2106, 1616, 2793],
        DefaultNode => [1340, 2409, 1619, 2796],
        CommandsParserInit => [399, 681, 645, 979],
        GetNodeFromSlot => [1185, 2184, 1392, 2387],
        AcquireConnection => [1004, 1715, 687, 1030],
        ObjectCollected => [976, 1687, 1280, 773],
        CloseNodesCache => [1344, 2426, 1626, 2815],
        CloseStartupNodes => [418, 707, 1626, 2815],
    };
    let file = match (column, site) {
        (3, ObjectCollected) => CLIENT,
        (0 | 1, _) => ASYNC,
        _ => SYNC,
    };
    (file, lines[column])
}
