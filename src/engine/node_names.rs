//! The names every node of a run goes by, made once per `(host, port)`, and the
//! scenario's reply in their terms: a reply repeats the same few nodes, in the same
//! groups, thousands of times, so it becomes one integer per node of each group and
//! one per entry.

use super::names::Names;
use super::reply::{ClusterSlotsReply, NodeEntry, SlotRange};
use super::trace::Name;
use rustc_hash::FxHashMap;

/// The names one announced `(host, port)` goes by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NodeNames {
    pub given: Name,
    pub port: u16,
    /// The key the model looks it up by.
    pub key: Name,
    /// `ClusterNode.host` after the rewrite, and `ClusterNode.name`.
    pub host: Name,
    pub name: Name,
}

/// Every node a run has met, by index, and the scenario's reply as those indices.
pub(crate) struct NodeTable<'s> {
    /// What `socket.gethostbyname("localhost")` returns.
    localhost: &'s str,
    /// The model looks nodes up by their normalised name (the fix).
    looks_up_normalised: bool,
    /// `(given host, port)` -> its index in `nodes`.
    addresses: FxHashMap<(Name, u16), u32>,
    /// The names of every distinct `(host, port)`, in order of first sight.
    nodes: Vec<NodeNames>,
    /// The node groups of the reply's entries (primary, then replicas), as indices
    /// in `nodes`: an entry naming the same nodes as the last entry with the same
    /// primary shares its group. `entry_starts[e]` is where entry `e`'s group begins.
    groups: Vec<u32>,
    entry_starts: Vec<u32>,
}

impl<'s> NodeTable<'s> {
    pub fn new(localhost: &'s str, looks_up_normalised: bool) -> Self {
        NodeTable {
            localhost,
            looks_up_normalised,
            addresses: FxHashMap::default(),
            nodes: Vec::new(),
            groups: Vec::new(),
            entry_starts: Vec::new(),
        }
    }

    /// The names of node `i`.
    pub fn get(&self, i: u32) -> NodeNames {
        self.nodes[i as usize]
    }

    /// The index of `host:port`'s names, made on first sight: the lookup key is the
    /// raw announced host, or (the fix) the normalised one; `ClusterNode.__init__`
    /// rewrites only the exact string `localhost`.
    pub fn index(&mut self, names: &mut Names, host: &str, port: u16) -> u32 {
        let given = names.intern(host);
        if let Some(&i) = self.addresses.get(&(given, port)) {
            return i;
        }
        let normalised = if host == "localhost" { names.intern(self.localhost) } else { given };
        let name = names.intern(&format!("{}:{port}", names.text(normalised)));
        let key = if self.looks_up_normalised || normalised == given {
            name
        } else {
            names.intern(&format!("{host}:{port}"))
        };
        let i = self.nodes.len() as u32;
        self.nodes.push(NodeNames { given, port, key, host: normalised, name });
        self.addresses.insert((given, port), i);
        i
    }

    /// Interns every node of the reply. An entry mostly names the same nodes as the
    /// last entry with the same primary, and then reuses its group; otherwise each
    /// node is compared first with the last node seen on its port. Both compare
    /// texts, without hashing.
    pub fn intern_reply(&mut self, names: &mut Names, reply: &ClusterSlotsReply) {
        // `(node, index)` by port modulo 64.
        let mut by_port: [Option<(&NodeEntry, u32)>; 64] = [None; 64];
        // `(entry, where its group begins)` by primary port modulo 64.
        let mut by_primary: [Option<(&SlotRange, u32)>; 64] = [None; 64];
        self.entry_starts.reserve(reply.entries.len());
        for entry in &reply.entries {
            let recent = &mut by_primary[usize::from(entry.primary.port) % 64];
            if let Some((last, at)) = *recent {
                if same_nodes(last, entry) {
                    self.entry_starts.push(at);
                    continue;
                }
            }
            let at = self.groups.len() as u32;
            *recent = Some((entry, at));
            self.entry_starts.push(at);
            for node in std::iter::once(&entry.primary).chain(&entry.replicas) {
                let i = match &mut by_port[usize::from(node.port) % 64] {
                    Some((seen, i)) if same_node(seen, node) => *i,
                    cached => {
                        let i = self.index(names, &node.host, node.port);
                        *cached = Some((node, i));
                        i
                    }
                };
                self.groups.push(i);
            }
        }
    }

    /// The nodes of entry `e` of the interned reply, `len` of them, primary first.
    pub fn entry(&self, e: u32, len: usize) -> &[u32] {
        let at = self.entry_starts[e as usize] as usize;
        &self.groups[at..at + len]
    }
}

/// The same nodes in the same order.
fn same_nodes(a: &SlotRange, b: &SlotRange) -> bool {
    a.replicas.len() == b.replicas.len()
        && same_node(&a.primary, &b.primary)
        && a.replicas.iter().zip(&b.replicas).all(|(a, b)| same_node(a, b))
}

/// The same host and port.
#[inline(always)]
fn same_node(a: &NodeEntry, b: &NodeEntry) -> bool {
    a.port == b.port && same_text(&a.host, &b.host)
}

/// `a == b` for the short texts hosts are (an IPv4 address, `localhost`), without
/// the call to `memcmp` the general compare makes: interning a reply compares every
/// node's host with the last one seen on its port.
#[inline(always)]
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |t: &[u8], at: usize| u64::from_le_bytes(t[at..at + 8].try_into().unwrap_or_default());
    match n {
        // Two overlapping words cover 8 to 16 bytes.
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_is_equality() {
        let texts = ["", "a", "127.0.0.1", "localhost", "10.0.0.1", "10.0.0.2", "12345678", "1234567x", "x2345678"];
        let long =
            ["redis-a.internal.example.com", "redis-a.internal.example.org", "0123456789abcdef", "0123456789abcdeg"];
        for a in texts.iter().chain(&long) {
            for b in texts.iter().chain(&long) {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}
