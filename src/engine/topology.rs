//! A cluster described by its shape, and the CLUSTER SLOTS reply a real Redis 7
//! server sends for it.

use super::keyslot::SLOTS;
use super::problem::Problem;
use super::reply::{ClusterSlotsReply, NodeEntry, SlotRange, NULL_HOST};
use serde::{Deserialize, Serialize};

/// What a node puts in the host field of CLUSTER SLOTS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announce {
    /// `cluster-preferred-endpoint-type ip` (the default): the node's IP.
    Ip,
    /// `cluster-preferred-endpoint-type hostname` with `cluster-announce-hostname H`.
    Hostname(String),
    /// A node that does not know its own address yet answers with an empty host.
    Empty,
    /// `cluster-preferred-endpoint-type unknown-endpoint`: the host is null
    /// (`NULL_HOST`), the node's IP in the metadata (Redis 7.0.15).
    Unknown,
}

impl Announce {
    /// `ip`, `empty`, `unknown`, or any hostname (`localhost` being the one that matters).
    pub fn parse(s: &str) -> Result<Announce, Problem> {
        match s {
            "ip" => Ok(Announce::Ip),
            "empty" => Ok(Announce::Empty),
            "unknown" => Ok(Announce::Unknown),
            "" => Err(Problem::AnnounceEmpty),
            h if h.len() > 255 || h.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                Err(Problem::AnnounceNotHostname { host: h.to_string() })
            }
            h => Ok(Announce::Hostname(h.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Announce::Ip => "ip",
            Announce::Hostname(h) => h,
            Announce::Empty => "empty",
            Announce::Unknown => "unknown",
        }
    }
}

impl Serialize for Announce {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Announce {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Announce::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The shape of a cluster: what the scenario editor and `--topology FILE` describe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    pub primaries: u16,
    #[serde(default)]
    pub replicas: u16,
    #[serde(default = "one")]
    pub ranges_per_primary: u16,
    #[serde(default = "ip")]
    pub announce: Announce,
    #[serde(default = "base_port")]
    pub base_port: u16,
    /// The IP every node has (all on one machine, as in the reproductions).
    #[serde(default = "loopback")]
    pub ip: String,
}

fn one() -> u16 {
    1
}
fn ip() -> Announce {
    Announce::Ip
}
fn base_port() -> u16 {
    7000
}
fn loopback() -> String {
    "127.0.0.1".into()
}

impl Topology {
    pub fn new(primaries: u16, replicas: u16, ranges_per_primary: u16, announce: Announce) -> Self {
        Topology { primaries, replicas, ranges_per_primary, announce, base_port: base_port(), ip: loopback() }
    }

    pub fn validate(&self) -> Result<(), Problem> {
        if self.primaries == 0 {
            return Err(Problem::NoPrimary);
        }
        if self.ranges_per_primary == 0 {
            return Err(Problem::NoRange);
        }
        let chunks = u32::from(self.primaries) * u32::from(self.ranges_per_primary);
        if chunks > u32::from(SLOTS) {
            return Err(Problem::TooManyRanges {
                primaries: self.primaries,
                ranges: self.ranges_per_primary,
                total: chunks,
            });
        }
        if usize::from(self.replicas) + 1 > super::reply::MAX_NODES_PER_ENTRY {
            return Err(Problem::TooManyReplicas { max: super::reply::MAX_NODES_PER_ENTRY - 1 });
        }
        let last = u32::from(self.base_port) + u32::from(self.primaries) * (1 + u32::from(self.replicas)) - 1;
        if self.base_port == 0 || last > 65535 {
            return Err(Problem::PortsDoNotFit { first: self.base_port, last });
        }
        Ok(())
    }

    /// Primary `i` listens on `base_port + i`; replica `j` of primary `i` on
    /// `base_port + primaries * (1 + j) + i`.
    pub fn primary_port(&self, i: u16) -> u16 {
        self.base_port + i
    }

    pub fn replica_port(&self, i: u16, j: u16) -> u16 {
        self.base_port + self.primaries * (1 + j) + i
    }

    /// Slot chunk `k` of `primaries * ranges_per_primary` equal chunks goes to primary
    /// `k % primaries`, so every primary owns `ranges_per_primary` separate ranges.
    pub fn chunks(&self) -> Vec<(u16, u16, u16)> {
        let n = u32::from(self.primaries) * u32::from(self.ranges_per_primary);
        (0..n)
            .map(|k| {
                let start = k * u32::from(SLOTS) / n;
                let end = (k + 1) * u32::from(SLOTS) / n - 1;
                (start as u16, end as u16, (k % u32::from(self.primaries)) as u16)
            })
            .collect()
    }

    /// The reply a Redis 7.0 node sends: entries in slot order, each node as
    /// `[endpoint, port, id, {metadata}]`, where the metadata holds the networking
    /// facts that are not the preferred endpoint.
    pub fn cluster_slots(&self) -> Result<ClusterSlotsReply, Problem> {
        self.validate()?;
        let entries = self
            .chunks()
            .into_iter()
            .map(|(start, end, p)| SlotRange {
                start,
                end,
                primary: self.node(self.primary_port(p)),
                replicas: (0..self.replicas).map(|j| self.node(self.replica_port(p, j))).collect(),
            })
            .collect();
        Ok(ClusterSlotsReply { entries })
    }

    fn node(&self, port: u16) -> NodeEntry {
        let (host, metadata) = match &self.announce {
            Announce::Ip => (self.ip.clone(), vec![]),
            Announce::Hostname(h) => (h.clone(), vec![("ip".to_string(), self.ip.clone())]),
            Announce::Empty => (String::new(), vec![]),
            Announce::Unknown => (NULL_HOST.to_string(), vec![("ip".to_string(), self.ip.clone())]),
        };
        NodeEntry { host, port, id: node_id(port), metadata }
    }
}

/// A stable 40-hex node id per port, so generated replies read like real ones.
fn node_id(port: u16) -> String {
    let mut x = u64::from(port).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut id = String::with_capacity(40);
    while id.len() < 40 {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        id.push_str(&format!("{:016x}", x));
    }
    id.truncate(40);
    id
}
