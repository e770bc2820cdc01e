//! The guided tour: short chapters that explain #3163 while the panes show it. Each
//! chapter names a scenario (a preset and two models) and a moment of that scenario's
//! session (`Session::chapter`), so opening a chapter drives the stepper there: the
//! step is always found through the engine's trace, never written down.
//!
//! Text markup: a paragraph is plain text with `backticks` around code.

use crate::engine::Model;

/// What a chapter shows besides its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    None,
    /// The version matrix (`super::matrix`).
    VersionMatrix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TourChapter {
    /// URL-safe name: `?tour=orphan`.
    pub slug: &'static str,
    pub title: &'static str,
    /// The scenario the panes show: a preset id and the two models.
    pub preset: &'static str,
    pub left: Model,
    pub right: Model,
    /// The moment of that scenario's session to step to (a `Chapter::slug`).
    pub moment: &'static str,
    pub paragraphs: &'static [&'static str],
    /// What to look at in the panes, in one line.
    pub look: &'static str,
    pub extra: Extra,
}

const BUG: Model = Model::ASYNC_501;
const FIX: Model = Model::ASYNC_FIXED;

pub const TOUR: [TourChapter; 12] = [
    TourChapter {
        slug: "finding-nodes",
        title: "How a cluster client finds its nodes",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "init-1",
        paragraphs: &[
            "A Redis Cluster splits the keyspace into 16384 slots and gives each slot to one primary (and its replicas). \
             Before a client can send a command it needs that map: which node serves which slot.",
            "You hand redis-py one address, the startup node. `initialize()` asks it for the map and builds one \
             `ClusterNode` object per node it learns about, kept in name-keyed dicts (`nodes_cache`) and in a \
             per-slot table (`slots_cache`) that commands are routed by.",
            "The two panes run the same program: the async client of redis-py 5.0.1 on the left, the same code with \
             the fix on the right. Use the tour's Next button, or step yourself with ← and →.",
        ],
        look: "the timeline: initialize() is starting in both panes.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "cluster-slots",
        title: "What CLUSTER SLOTS returns",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "reply",
        paragraphs: &[
            "The answer is a list of slot ranges. Each entry is a range (`0-2729`, `2730-5460`, ...) followed by the \
             nodes that serve it, primary first, each as host, port and node id.",
            "The host is whatever the node announces. With `cluster-announce-hostname localhost` and \
             `cluster-preferred-endpoint-type hostname`, every node calls itself `localhost` and only the port tells \
             them apart. In the layout of the report each primary owns two ranges, so every node appears twice.",
        ],
        look: "the narration: six slot ranges came back.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "localhost-rewrite",
        title: "The localhost rewrite",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "first-rewrite",
        paragraphs: &[
            "For each node of the reply the client builds a `ClusterNode`. Its constructor resolves the host \
             `localhost` to `127.0.0.1`, and the object's name is built from the result: the node announced as \
             `localhost:7000` becomes an object named `127.0.0.1:7000`.",
            "On its own that is harmless. It matters because of where the object is then looked for.",
        ],
        look: "the object heap: host given \"localhost\" → \"127.0.0.1\" (rewritten).",
        extra: Extra::None,
    },
    TourChapter {
        slug: "missed-lookup",
        title: "The lookup that cannot hit",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "missed-lookup",
        paragraphs: &[
            "Before building a node, `initialize()` checks whether this pass already made one, in `tmp_nodes_cache`. \
             It looks under the name made from the reply, `localhost:7000`, but it stored the node under the \
             rewritten name, `127.0.0.1:7000`. The two keys never match.",
            "So when the same primary shows up again for its second range, the lookup misses and a second object is \
             built for a node that already has one. The fixed client on the right looks under the rewritten name and \
             finds the object it made for the first range.",
        ],
        look: "the cache-key table: key looked up ≠ key stored, miss on the left, hit on the right.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "orphan",
        title: "The orphan",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "duplicate-primary",
        paragraphs: &[
            "The new object is stored under the same name and evicts the first one from `tmp_nodes_cache`. The first \
             object still serves the slots of the first range, but no name-keyed dict holds it any more: it is an \
             orphan. Only the slot table knows it, and `close()` never walks the slot table.",
            "5.0.1 also resolves replicas once per slot, so every slot of a range gets its own replica object, and all \
             but the last are orphans too: 16384 of them in this small cluster.",
        ],
        look: "the orphaned counter and the hatched run in the slot map, left pane only.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "open-socket",
        title: "The orphan's open socket",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "orphan-socket",
        paragraphs: &[
            "An orphan costs little until a command is routed to it. A GET whose key falls in a node's first range goes \
             to the orphaned object, which opens a connection of its own.",
            "`aclose()` disconnects what `nodes_cache` and `startup_nodes` hold, never the orphans, so their sockets stay \
             open after it returns: 3 here, one per primary with two ranges. When the client is collected, each of \
             them warns \"Unclosed ClusterNode object\". Step on to close() to watch it.",
        ],
        look: "connections open, then \"left open after close\" once close() has run.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "replica-flood",
        title: "Reading from replicas: a socket per slot",
        preset: "replica-flood",
        left: BUG,
        right: Model::ASYNC_810,
        moment: "orphan-socket",
        paragraphs: &[
            "With `read_from_replicas=True` a read goes round robin over its slot's node list, primary first, \
             then the replicas. The turn is kept per primary name, so consecutive reads of one node's slots \
             alternate between the primary object and a replica object of that slot.",
            "Up to 5.0.x every slot has its own replica object when replicas are announced as `localhost`, so \
             every other read lands on an object that has never been used and opens a new socket on it. None of \
             those objects is in `nodes_cache`: `aclose()` closes none of them. 300 reads in different slots leave \
             about 150 sockets open; measured on a real cluster, 1000 reads left 503.",
            "This is the form of #3163 that takes a service down: it grows with traffic, not with refreshes. From \
             5.1 replicas are resolved once per range and the flood shrinks to one orphan per range; the async \
             client of 8.x leaves none (right pane).",
        ],
        look: "connections open in the left pane, climbing with the reads; the right pane stays at a handful.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "fix",
        title: "The fix",
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "commands-1",
        paragraphs: &[
            "The fix is to look a node up under the same name it is stored under. The right pane runs exactly that: \
             from the second range on its lookups hit, each node has one object, nothing is orphaned, and `close()` \
             reaches every socket.",
            "redis-py's async client got there another way in 8.0.0: after `initialize()` it rebuilds the slot table \
             from the `nodes_cache` objects, so the duplicates are still built but never used. Pick `async-8.1.0` as a \
             model to watch that.",
        ],
        look: "slots_cache after the commit: hatched orphans on the left, one object per range on the right.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "versions",
        title: "Which releases and clients leak",
        preset: "3163",
        left: Model::ASYNC_810,
        right: Model::SYNC_810,
        moment: "after-close",
        paragraphs: &[
            "Measured, not read off the code: every release below ran against a real Redis Cluster announcing \
             `localhost` (the layout of the report, one re-initialize), and again against the same cluster announcing \
             IPs as a control. Numbers are objects created / orphaned / connections open after close / \
             \"Unclosed ClusterNode object\" warnings.",
            "The panes now show the newest release, 8.1.0: the async client is clean, the sync client still orphans \
             the first range's objects and leaves their sockets open, and never warns.",
        ],
        look: "left open after close: 0 for async-8.1.0, 3 for sync-8.1.0.",
        extra: Extra::VersionMatrix,
    },
    TourChapter {
        slug: "regression",
        title: "7.2 to 7.4: a leak without localhost",
        preset: "regression",
        left: Model::new(crate::engine::Flavor::Async, crate::engine::Release::of("7.3.1")),
        right: Model::ASYNC_810,
        moment: "orphan-socket",
        paragraphs: &[
            "The cluster now announces `127.0.0.1`, so the names match and no lookup misses. Yet the async client \
             of 7.2.0 to 7.4.1 leaks after its first refresh.",
            "7.2.0 changed `set_nodes`: when a name is already known it keeps the object it has and drops the new \
             one, so that connections in use survive a refresh. But `slots_cache` is still the table this \
             `initialize()` built from the new objects. After the refresh every slot points at an object \
             `nodes_cache` does not hold: all of them are orphans, and the commands that follow open sockets \
             `aclose()` never reaches.",
            "8.0.0 rebuilds `slots_cache` from the `nodes_cache` objects (right pane), which mends this and the \
             async side of #3163 at once.",
        ],
        look: "the orphaned counter after the second commit, left pane only.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "sync-still-leaks",
        title: "The sync client is still not fixed",
        preset: "sync-8",
        left: Model::SYNC_810,
        right: Model::SYNC_810_FIXED,
        moment: "orphan-socket",
        paragraphs: &[
            "The sync client has its own `initialize()`. Since 7.2 it builds a new `ClusterNode` for every node at \
             every refresh and hands it the previous node's Redis client, which it finds in the old `nodes_cache` \
             by the same raw name: `localhost:7000` misses there too.",
            "So in 8.1.0 the first range of each primary still gets an orphaned object (and its replica one), \
             commands for that range open sockets on it, and `close()` leaves them open. Nothing warns: the sync \
             client has no \"Unclosed\" message, and the sockets close silently when the client is collected.",
            "The right pane is 8.1.0 with the naming fix applied (looking up under the normalised name), the \
             patch in `patches/`: clean.",
        ],
        look: "left open after close: 3 on the left, 0 on the right; no warning on either side.",
        extra: Extra::None,
    },
    TourChapter {
        slug: "workaround",
        title: "The workaround",
        preset: "ips",
        left: BUG,
        right: Model::SYNC_810,
        moment: "after-close",
        paragraphs: &[
            "What decides the leak is what the cluster announces, not what you pass to the client. Starting from \
             `127.0.0.1` instead of `localhost` changes nothing: real runs gave identical numbers for both startup \
             hosts in every configuration recorded with both (the preset \"start from 127.0.0.1\" shows the same leak).",
            "What works: make the nodes announce their IPs, `cluster-preferred-endpoint-type ip` (Redis's default), so \
             the name looked up and the name stored are the same string. The panes show it: the same two leaking \
             clients, now clean. From 4.5.5 the client can do the same on its own side: `address_remap` mapping \
             `localhost` to `127.0.0.1`. Or upgrade the async client to 8.0.0 or later; no sync release (up to 8.1.0) \
             is fixed. \"Check my cluster\" below tries each of these on your own reply and names the cheapest.",
            "Two exceptions in the data: the 4.x sync clients leave sockets open after `close()` whatever the cluster \
             announces, and the 7.2 to 7.4 async clients leak after a re-initialize even with IPs.",
        ],
        look: "every counter of both panes: nothing orphaned, nothing left open.",
        extra: Extra::None,
    },
];

/// A chapter and its position in the tour.
pub fn chapter(slug: &str) -> Option<(usize, &'static TourChapter)> {
    TOUR.iter().enumerate().find(|(_, c)| c.slug == slug)
}

/// Splits a paragraph into (text, is_code) pieces at its backticks.
pub fn pieces(paragraph: &str) -> impl Iterator<Item = (&str, bool)> {
    paragraph.split('`').enumerate().filter(|(_, p)| !p.is_empty()).map(|(i, p)| (p, i % 2 == 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::Preset;
    use crate::app::session::{Session, Side};
    use crate::app::view::PaneModel;

    fn session(c: &TourChapter) -> Session {
        Session::build(&Preset::by_id(c.preset).unwrap().spec(), c.left, c.right, None).unwrap()
    }

    #[test]
    fn every_chapter_finds_its_moment_in_its_scenario() {
        for (i, c) in TOUR.iter().enumerate() {
            assert_eq!(chapter(c.slug).map(|(k, _)| k), Some(i));
            assert!(c.slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", c.slug);
            let s = session(c);
            assert!(s.chapter(c.moment).is_some(), "{}: no moment {} in {:?}", c.slug, c.moment, s.chapters);
            for p in c.paragraphs {
                assert_eq!(p.matches('`').count() % 2, 0, "{}: unbalanced backticks", c.slug);
            }
        }
    }

    #[test]
    fn the_leak_chapters_show_what_they_say() {
        let pane = |slug: &str, side: Side| {
            let c = chapter(slug).unwrap().1;
            let s = session(c);
            PaneModel::build(&s, side, s.chapter(c.moment).unwrap().joint)
        };
        // The orphan: one in the buggy pane, none in the fixed one.
        assert!(pane("orphan", Side::Left).counters.orphaned > 0);
        assert_eq!(pane("orphan", Side::Right).counters.orphaned, 0);
        // The missed lookup: the buggy pane's current cache row misses, the fixed one hits.
        let l = pane("missed-lookup", Side::Left);
        let row = l.cache_rows.iter().find(|r| r.current).unwrap();
        assert_eq!(row.lookups.last().unwrap().hit, None);
        assert!(l.narration.contains("can never hit"), "{}", l.narration);
        let r = pane("missed-lookup", Side::Right);
        assert!(
            r.cache_rows.iter().any(|r| r.current && r.lookups.iter().any(|l| l.hit.is_some())),
            "{:?}",
            r.cache_rows
        );
        // The rewrite: the buggy pane just built an object from "localhost".
        assert!(pane("localhost-rewrite", Side::Left).narration.contains("rewrites the host"));
        // The open socket: a socket is open on an orphan.
        let o = pane("open-socket", Side::Left);
        assert!(o.counters.open_connections > 0 && o.counters.orphaned > 0);
        // Versions: async 8.1.0 closes everything, sync 8.1.0 leaves sockets open.
        assert_eq!(pane("versions", Side::Left).counters.left_open_after_close, Some(0));
        assert!(pane("versions", Side::Right).counters.left_open_after_close.unwrap() > 0);
        // The workaround: announcing IPs, nothing is orphaned or left open.
        for side in [Side::Left, Side::Right] {
            let w = pane("workaround", side);
            assert_eq!((w.counters.orphaned, w.counters.left_open_after_close), (0, Some(0)));
        }
    }

    #[test]
    fn pieces_split_code() {
        let v: Vec<_> = pieces("a `b` c").collect();
        assert_eq!(v, vec![("a ", false), ("b", true), (" c", false)]);
    }
}
