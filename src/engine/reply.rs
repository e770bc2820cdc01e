//! CLUSTER SLOTS replies as redis-py receives them.

use super::keyslot::SLOTS;
use serde::{Deserialize, Serialize};

/// One node element of a reply entry: `[host, port, id, metadata...]`.
///
/// `host` is what the server announced: an IP, `localhost`, another hostname, the
/// empty string (a node that does not know its own address), or `NULL_HOST`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeEntry {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub id: String,
    /// Redis 7's networking metadata (`ip`, `hostname`), in reply order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<(String, String)>,
}

/// The host of a node the server gives as null (`cluster-preferred-endpoint-type
/// unknown-endpoint`): redis-py keeps Python's `None`, which is not `""` (so the startup
/// host does not replace it), names the node `None:<port>`, and dials the client's own
/// machine. The reply carries it as that text.
pub const NULL_HOST: &str = "None";

/// One entry of the reply: a contiguous slot range, its primary and its replicas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotRange {
    pub start: u16,
    pub end: u16,
    pub primary: NodeEntry,
    #[serde(default)]
    pub replicas: Vec<NodeEntry>,
}

/// A whole CLUSTER SLOTS reply, entries in the order the server sent them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClusterSlotsReply {
    pub entries: Vec<SlotRange>,
}

/// Largest reply Slotscope accepts: one entry per slot, 16 nodes each.
pub const MAX_ENTRIES: usize = SLOTS as usize;
pub const MAX_NODES_PER_ENTRY: usize = 16;

impl ClusterSlotsReply {
    /// Every node of every entry, primary first.
    pub fn nodes(&self) -> impl Iterator<Item = &NodeEntry> {
        self.entries.iter().flat_map(|e| std::iter::once(&e.primary).chain(&e.replicas))
    }

    /// The same, to change them.
    pub fn nodes_mut(&mut self) -> impl Iterator<Item = &mut NodeEntry> {
        self.entries.iter_mut().flat_map(|e| std::iter::once(&mut e.primary).chain(e.replicas.iter_mut()))
    }

    /// Checks what redis-py would choke on or what no server sends, with a message that
    /// names the entry.
    pub fn validate(&self) -> Result<(), super::problem::Problem> {
        use super::problem::Problem;
        if self.entries.is_empty() {
            return Err(Problem::ReplyEmpty);
        }
        if self.entries.len() > MAX_ENTRIES {
            return Err(Problem::TooManyEntries { entries: self.entries.len(), max: MAX_ENTRIES });
        }
        for (i, e) in self.entries.iter().enumerate() {
            if e.start >= SLOTS || e.end >= SLOTS {
                return Err(Problem::SlotOutOfRange { slot: e.start.max(e.end).into() }.in_entry(i));
            }
            if e.start > e.end {
                return Err(Problem::StartAfterEnd { start: e.start, end: e.end }.in_entry(i));
            }
            if 1 + e.replicas.len() > MAX_NODES_PER_ENTRY {
                return Err(Problem::TooManyNodes { nodes: 1 + e.replicas.len(), max: MAX_NODES_PER_ENTRY }.in_entry(i));
            }
            if e.primary.port == 0 || e.replicas.iter().any(|node| node.port == 0) {
                return Err(Problem::PortZero.in_entry(i));
            }
            // Redis gives `?` for a node with no hostname when hostnames are preferred;
            // redis-py dials `?`, fails, and goes on in ways this engine does not model
            // (recorded: conformance/cluster.sh --announce partial).
            if let Some(node) = std::iter::once(&e.primary).chain(&e.replicas).find(|n| n.host == "?") {
                return Err(Problem::HostQuestionMark { port: node.port }.in_entry(i));
            }
        }
        Ok(())
    }

    /// Slots covered by at least one entry.
    pub fn covered_slots(&self) -> usize {
        let mut seen = vec![false; usize::from(SLOTS)];
        for e in &self.entries {
            for s in e.start..=e.end {
                seen[usize::from(s)] = true;
            }
        }
        seen.into_iter().filter(|&b| b).count()
    }
}

impl ClusterSlotsReply {
    /// The reply as `redis-cli --json CLUSTER SLOTS` prints it (RESP3 maps as objects).
    pub fn to_redis_cli_json(&self) -> String {
        use super::json::Json;
        let node = |n: &NodeEntry| {
            // Metadata keys sorted, a repeated key once with its last value: the text
            // serde_json's map wrote here before, kept byte-for-byte.
            let keys: Vec<&str> = n.metadata.iter().map(|(k, _)| k.as_str()).collect();
            let meta = super::parse::key_order_last_wins(&keys).into_iter().map(|i| &n.metadata[i]);
            let meta = meta.map(|(k, v)| (k.to_string(), Json::String(v.to_string()))).collect();
            Json::Array(vec![
                if n.host == NULL_HOST { Json::Null } else { Json::String(n.host.clone()) },
                Json::int(n.port.into()),
                Json::String(n.id.clone()),
                Json::Object(meta),
            ])
        };
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let mut items = vec![Json::int(e.start.into()), Json::int(e.end.into()), node(&e.primary)];
                items.extend(e.replicas.iter().map(node));
                Json::Array(items)
            })
            .collect();
        Json::Array(entries).to_string()
    }

    /// The reply as `redis-cli CLUSTER SLOTS` prints it on a terminal (RESP2).
    pub fn to_redis_cli_text(&self) -> String {
        let mut out = String::new();
        let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        for (i, e) in self.entries.iter().enumerate() {
            let outer = format!("{}) ", i + 1);
            let pad = " ".repeat(outer.len());
            out += &format!("{outer}1) (integer) {}\n{pad}2) (integer) {}\n", e.start, e.end);
            for (j, n) in std::iter::once(&e.primary).chain(&e.replicas).enumerate() {
                let head = format!("{pad}{}) ", j + 3);
                let inner = " ".repeat(head.len());
                out += &format!(
                    "{head}1) {}\n{inner}2) (integer) {}\n{inner}3) {}\n",
                    quote(&n.host),
                    n.port,
                    quote(&n.id)
                );
                if n.metadata.is_empty() {
                    out += &format!("{inner}4) (empty array)\n");
                } else {
                    let meta_head = format!("{inner}4) ");
                    let meta_pad = " ".repeat(meta_head.len());
                    for (k, (key, value)) in n.metadata.iter().enumerate() {
                        let lead = if k == 0 { meta_head.clone() } else { meta_pad.clone() };
                        out += &format!(
                            "{lead}{}) {}\n{meta_pad}{}) {}\n",
                            2 * k + 1,
                            quote(key),
                            2 * k + 2,
                            quote(value)
                        );
                    }
                }
            }
        }
        out
    }
}
