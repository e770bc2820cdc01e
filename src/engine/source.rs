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

/// Line numbers as they stand in each era's tag; `column` is `Era::column` (async
/// eras oldest first, 0-14, then sync, 15-26). Where a site does not exist in an era
/// the line is the nearest one that does the same work (docs/eras.md, "Line table").
fn line(site: Site, column: usize) -> (&'static str, u32) {
    use Site::*;
    #[rustfmt::skip]
    let lines: [u16; 27] = match site {
        LocalhostRewrite       => [ 731,  781,  779,  909,  909,  923,  947,  952,  952,  952,  983, 1031, 1179, 1356, 1651, 1232, 1217, 1218, 1254, 1259, 1259, 1277, 1327, 1371, 1533, 1896, 2146],
        StartupNodeAppend      => [ 252,  292,  291,  338,  338,  347,  362,  367,  367,  367,  380,  400,  408,  415,  590,  562,  553,  555,  590,  595,  595,  600,  629,  648,  655,  758,  849],
        InitializeDef          => [ 962, 1049, 1054, 1169, 1184, 1186, 1213, 1218, 1218, 1221, 1308, 1369, 1517, 1775, 2215, 1446, 1443, 1448, 1486, 1491, 1491, 1523, 1635, 1698, 1865, 2279, 2572],
        InfoQuery              => [ 972, 1059, 1064, 1180, 1195, 1197, 1224, 1229, 1230, 1233, 1328, 1389, 1537, 1805, 2277, 1474, 1468, 1473, 1511, 1516, 1517, 1549, 1661, 1726, 1893, 2371, 2689],
        ClusterSlotsQuery      => [ 979, 1065, 1070, 1186, 1201, 1203, 1230, 1235, 1230, 1233, 1328, 1389, 1537, 1805, 2277, 1478, 1472, 1477, 1515, 1520, 1517, 1549, 1661, 1726, 1893, 2371, 2689],
        DropStartupConnections => [ 979, 1065, 1070, 1186, 1201, 1203, 1230, 1235, 1230, 1233, 1328, 1389, 1537, 1805, 2277, 1478, 1472, 1477, 1515, 1520, 1517, 1550, 1662, 1727, 1894, 2379, 2697],
        SingleNodeEmptyHost    => [1010, 1095, 1100, 1202, 1217, 1219, 1246, 1251, 1250, 1253, 1348, 1409, 1557, 1826, 2298, 1516, 1488, 1493, 1531, 1536, 1537, 1570, 1682, 1747, 1914, 2399, 2717],
        EmptyHost              => [1021, 1106, 1111, 1213, 1228, 1230, 1257, 1262, 1261, 1264, 1359, 1420, 1568, 1837, 2309, 1525, 1497, 1502, 1540, 1545, 1546, 1579, 1691, 1756, 1923, 2408, 2726],
        Remap                  => [1023, 1108, 1113, 1215, 1230, 1233, 1260, 1265, 1264, 1267, 1362, 1423, 1571, 1840, 2312, 1527, 1499, 1504, 1543, 1548, 1549, 1582, 1694, 1759, 1926, 2411, 2729],
        PrimaryLookup          => [1025, 1110, 1115, 1217, 1232, 1235, 1262, 1267, 1266, 1271, 1366, 1427, 1575, 1844, 2316, 1529, 1431, 1434, 1472, 1477, 1477, 1507, 1619, 1682, 1849, 2253, 2546],
        PreviousNodeLookup     => [1025, 1110, 1115, 1217, 1232, 1235, 1262, 1267, 1266, 1271, 1366, 1427, 1575, 1844, 2316, 1529, 1436, 1439, 1477, 1482, 1482, 1512, 1624, 1687, 1854, 2260, 2553],
        PrimaryConstruct       => [1027, 1112, 1117, 1219, 1234, 1237, 1264, 1269, 1268, 1273, 1368, 1429, 1577, 1846, 2318, 1531, 1439, 1442, 1480, 1485, 1485, 1515, 1627, 1690, 1857, 2265, 2558],
        PrimaryStore           => [1031, 1116, 1121, 1223, 1238, 1241, 1268, 1273, 1272, 1277, 1372, 1433, 1581, 1850, 2322, 1533, 1505, 1510, 1549, 1554, 1555, 1519, 1631, 1694, 1861, 2267, 2560],
        ReplicaLookup          => [1043, 1128, 1133, 1235, 1250, 1254, 1281, 1286, 1285, 1286, 1381, 1442, 1590, 1859, 2331, 1545, 1431, 1434, 1472, 1477, 1477, 1507, 1619, 1682, 1849, 2253, 2546],
        ReplicaConstruct       => [1047, 1132, 1137, 1239, 1254, 1258, 1285, 1290, 1289, 1288, 1383, 1444, 1592, 1863, 2335, 1549, 1439, 1442, 1480, 1485, 1485, 1515, 1627, 1690, 1857, 2265, 2558],
        ReplicaStore           => [1052, 1137, 1142, 1244, 1259, 1263, 1290, 1295, 1294, 1292, 1387, 1448, 1596, 1867, 2339, 1552, 1522, 1527, 1567, 1572, 1573, 1519, 1631, 1694, 1861, 2267, 2560],
        SlotAssign             => [1035, 1120, 1125, 1227, 1242, 1245, 1272, 1277, 1276, 1297, 1392, 1453, 1601, 1872, 2344, 1537, 1509, 1514, 1553, 1558, 1559, 1603, 1715, 1780, 1947, 2432, 2750],
        Disagreement           => [1060, 1145, 1150, 1252, 1267, 1271, 1298, 1303, 1302, 1303, 1398, 1459, 1607, 1878, 2350, 1560, 1530, 1535, 1575, 1580, 1581, 1609, 1721, 1786, 1953, 2438, 2756],
        Coverage               => [1071, 1156, 1161, 1263, 1278, 1282, 1309, 1314, 1313, 1314, 1409, 1470, 1618, 1889, 2361, 1570, 1540, 1545, 1585, 1590, 1591, 1619, 1731, 1796, 1963, 2448, 2766],
        CreateRedisConnections => [1096, 1181, 1186, 1288, 1303, 1307, 1334, 1339, 1338, 1339, 1434, 1495, 1643, 1914, 2386, 1583, 1553, 1558, 1598, 1603, 1604, 1638, 1750, 1815, 1982, 2461, 2779],
        CommitSlots            => [1096, 1181, 1186, 1288, 1303, 1307, 1334, 1339, 1338, 1339, 1434, 1495, 1643, 1914, 2399, 1597, 1567, 1572, 1612, 1617, 1618, 1652, 1764, 1829, 1996, 2476, 2794],
        SetNodesNodesCache     => [1097, 1182, 1187, 1289, 1304, 1308, 1335, 1340, 1339, 1340, 1435, 1496, 1644, 1915, 2386, 1596, 1566, 1571, 1611, 1616, 1617, 1651, 1763, 1828, 1995, 2475, 2793],
        SetNodesStartupNodes   => [1099, 1184, 1189, 1291, 1306, 1310, 1337, 1342, 1341, 1342, 1437, 1500, 1648, 1919, 2406, 1601, 1572, 1577, 1617, 1622, 1623, 1657, 1769, 1834, 2001, 2481, 2799],
        SetNodesRemove         => [ 885,  974,  979, 1094, 1109, 1111, 1138, 1143, 1143, 1146, 1227, 1285, 1433, 1665, 2067, 1601, 1572, 1577, 1617, 1622, 1623, 1657, 1769, 1834, 2001, 2481, 2799],
        SetNodesReplace        => [ 893,  980,  985, 1100, 1115, 1117, 1144, 1149, 1149, 1152, 1233, 1291, 1439, 1682, 2099, 1596, 1566, 1571, 1611, 1616, 1617, 1651, 1763, 1828, 1995, 2475, 2793],
        SetNodesAdd            => [ 894,  981,  986, 1101, 1116, 1118, 1145, 1150, 1150, 1153, 1234, 1292, 1440, 1688, 2106, 1596, 1566, 1571, 1611, 1616, 1617, 1651, 1763, 1828, 1995, 2475, 2793],
        DefaultNode            => [1102, 1187, 1192, 1294, 1309, 1313, 1340, 1345, 1344, 1345, 1440, 1503, 1651, 1922, 2409, 1599, 1569, 1574, 1614, 1619, 1620, 1654, 1766, 1831, 1998, 2478, 2796],
        CommandsParserInit     => [ 289,  329,  327,  370,  370,  384,  399,  404,  404,  404,  422,  443,  487,  494,  681,  607,  603,  604,  640,  645,  645,  657,  692,  712,  750,  862,  979],
        GetNodeFromSlot        => [ 934, 1021, 1026, 1141, 1156, 1158, 1185, 1190, 1190, 1193, 1274, 1335, 1483, 1744, 2184, 1364, 1346, 1349, 1387, 1392, 1392, 1416, 1511, 1559, 1721, 2102, 2387],
        AcquireConnection      => [ 786,  839,  836,  963,  963,  977, 1004, 1009, 1009, 1009, 1043, 1091, 1239, 1419, 1715,  649,  645,  646,  682,  687,  687,  699,  734,  756,  797,  913, 1030],
        ObjectCollected        => [ 760,  813,  810,  938,  938,  952,  976,  981,  981,  981, 1015, 1063, 1211, 1391, 1687, 1253, 1238, 1239, 1275, 1280, 1280, 1298, 1348, 1392, 1554,  658,  773],
        CloseNodesCache        => [1106, 1191, 1196, 1298, 1313, 1317, 1344, 1349, 1348, 1349, 1444, 1507, 1655, 1925, 2426, 1605, 1576, 1581, 1621, 1626, 1627, 1661, 1773, 1838, 2005, 2485, 2815],
        CloseStartupNodes      => [ 305,  345,  344,  389,  389,  403,  418,  423,  423,  423,  441,  462,  506,  513,  707, 1605, 1576, 1581, 1621, 1626, 1627, 1661, 1773, 1838, 2005, 2485, 2815],
    };
    let file = match (column, site) {
        (25 | 26, ObjectCollected) => CLIENT,
        (0..=14, _) => ASYNC,
        _ => SYNC,
    };
    (file, u32::from(lines[column]))
}
