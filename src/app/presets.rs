//! The named scenarios of the scenario bar. Each blurb says what the engine shows for
//! it (checked by the tests below against the engine's verdicts), not what one might
//! expect.

use super::spec::ScenarioSpec;
use crate::engine::{Model, Workload};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id, used in URLs (`?preset=3163`).
    pub id: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    pub primaries: u16,
    pub replicas: u16,
    pub ranges: u16,
    pub announce: &'static str,
    pub startup_host: &'static str,
    pub reinit: u32,
    pub workload: Workload,
    pub read_from_replicas: bool,
    /// GETs in distinct slots (with `Workload::Keys`).
    pub reads: u16,
    pub left: Model,
    pub right: Model,
}

impl Preset {
    pub fn spec(&self) -> ScenarioSpec {
        let mut spec =
            ScenarioSpec::topology(self.primaries, self.replicas, self.ranges, self.announce, self.startup_host);
        spec.reinit = self.reinit;
        spec.workload = self.workload;
        spec.read_from_replicas = self.read_from_replicas;
        spec.address_remap = false;
        spec.reads = self.reads;
        spec
    }

    pub fn by_id(id: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.id == id)
    }

    /// The preset whose scenario is exactly `spec`, if any.
    pub fn matching(spec: &ScenarioSpec) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| &p.spec() == spec)
    }

    pub fn default_preset() -> &'static Preset {
        &PRESETS[0]
    }
}

pub const PRESETS: [Preset; 8] = [
    Preset {
        id: "3163",
        title: "the #3163 report: localhost cluster, 2 ranges per node",
        blurb: "Every node announces itself as localhost and owns two slot ranges. redis-py looks \
                tmp_nodes_cache up by \"localhost:7000\" but stores under \"127.0.0.1:7000\", so the \
                lookup never hits: each range gets a new ClusterNode, and in 5.0.1 each slot gets a new \
                replica object. All but the last of each name are orphans that only slots_cache \
                references; their connections survive aclose().",
        primaries: 3,
        replicas: 1,
        ranges: 2,
        announce: "localhost",
        startup_host: "localhost",
        reinit: 0,
        workload: Workload::EachRange,
        read_from_replicas: false,
        reads: 0,
        left: Model::ASYNC_501,
        right: Model::ASYNC_FIXED,
    },
    Preset {
        id: "ips",
        title: "announced IPs: no leak",
        blurb: "The same cluster announcing 127.0.0.1 (Redis's default endpoint type). The key looked \
                up and the key stored are the same string, so every range finds the node made for the \
                first one: one object per node, nothing orphaned, close() closes everything, in every \
                model.",
        primaries: 3,
        replicas: 1,
        ranges: 2,
        announce: "ip",
        startup_host: "localhost",
        reinit: 0,
        workload: Workload::EachRange,
        read_from_replicas: false,
        reads: 0,
        left: Model::ASYNC_501,
        right: Model::ASYNC_FIXED,
    },
    Preset {
        id: "workaround",
        title: "start from 127.0.0.1 (not a workaround)",
        blurb: "Passing host=\"127.0.0.1\" instead of \"localhost\" changes only the startup node. The \
                lookup keys come from what the cluster announces, and it still announces localhost, so \
                5.0.1 leaks exactly as before. This workaround only helps when the cluster also \
                announces IPs (compare \"announced IPs\").",
        primaries: 3,
        replicas: 1,
        ranges: 2,
        announce: "localhost",
        startup_host: "127.0.0.1",
        reinit: 0,
        workload: Workload::EachRange,
        read_from_replicas: false,
        reads: 0,
        left: Model::ASYNC_501,
        right: Model::ASYNC_FIXED,
    },
    Preset {
        id: "replicas",
        title: "replicas on localhost",
        blurb: "One range per primary, two replicas each, all announced as localhost. One range per \
                node is not enough to be safe in 5.0.1: replicas are resolved once per slot, so every \
                slot gets its own replica objects, all orphaned but the last.",
        primaries: 3,
        replicas: 2,
        ranges: 1,
        announce: "localhost",
        startup_host: "localhost",
        reinit: 0,
        workload: Workload::EachRange,
        read_from_replicas: false,
        reads: 0,
        left: Model::ASYNC_501,
        right: Model::ASYNC_FIXED,
    },
    Preset {
        id: "refresh",
        title: "long-running client: 20 refreshes",
        blurb: "A service that re-initializes 19 times (as after MOVED errors) and sends a GET to every \
                range after each refresh. No replicas, so the run stays small. In async 5.0.1 each \
                refresh orphans the nodes of the first ranges with their open connections; when the \
                next refresh drops them, each warns \"Unclosed ClusterNode object\".",
        primaries: 3,
        replicas: 0,
        ranges: 2,
        announce: "localhost",
        startup_host: "localhost",
        reinit: 19,
        workload: Workload::EveryRefresh,
        read_from_replicas: false,
        reads: 0,
        left: Model::ASYNC_501,
        right: Model::ASYNC_FIXED,
    },
    Preset {
        id: "regression",
        title: "7.2 to 7.4: async leaks with IPs",
        blurb: "A cluster announcing 127.0.0.1, the case every other release handles, and one \
                re-initialize. From 7.2.0 the async set_nodes keeps the object it already has for a known \
                name, but slots_cache is still the table this initialize just built from new objects: after \
                the refresh every slot points at an object nodes_cache does not hold. 8.0.0 rebuilds \
                slots_cache from nodes_cache and is clean again.",
        primaries: 3,
        replicas: 1,
        ranges: 2,
        announce: "ip",
        startup_host: "localhost",
        reinit: 1,
        workload: Workload::EachRange,
        read_from_replicas: false,
        reads: 0,
        left: Model::new(crate::engine::Flavor::Async, crate::engine::Release::of("7.3.1")),
        right: Model::ASYNC_810,
    },
    Preset {
        id: "sync-8",
        title: "sync 8.1.0 still leaks",
        blurb: "The async client was fixed in 8.0.0; the sync one never was. Sync 8.1.0 still looks a node \
                up by the announced name, so each localhost primary's first range keeps an orphaned object \
                (and a replica object) whose socket close() never reaches. Since 7.2 every initialize builds \
                new objects and hands them the previous node's Redis client, found by that same name: the \
                orphans get fresh clients. No warning is printed; the sockets close silently when the \
                client is collected. The right pane is 8.1.0 with the naming fix applied.",
        primaries: 3,
        replicas: 1,
        ranges: 2,
        announce: "localhost",
        startup_host: "localhost",
        reinit: 1,
        workload: Workload::EachRange,
        read_from_replicas: false,
        reads: 0,
        left: Model::SYNC_810,
        right: Model::SYNC_810_FIXED,
    },
    Preset {
        id: "replica-flood",
        title: "read_from_replicas: a socket per slot read",
        blurb: "read_from_replicas=True and 300 GETs, each to a different slot. Reads go round robin over \
                a slot's primary and replicas, and up to 5.0.x a replica announced as localhost has a new \
                object in every slot: every other read opens a socket on an orphan that close() never \
                reaches. 5.1 builds one replica object per range and the flood shrinks to a few sockets; \
                async 8.x leaves none.",
        primaries: 3,
        replicas: 1,
        ranges: 3,
        announce: "localhost",
        startup_host: "localhost",
        reinit: 0,
        workload: Workload::Keys,
        read_from_replicas: true,
        reads: 300,
        left: Model::ASYNC_501,
        right: Model::ASYNC_810,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Verdict};

    fn verdict(p: &Preset, model: Model) -> Verdict {
        let spec = p.spec();
        let reply = spec.reply().unwrap();
        let run = simulate(&spec.scenario(model, reply.clone()).unwrap()).unwrap();
        Verdict::of(&run, &reply)
    }

    #[test]
    fn ids_are_unique_and_found() {
        for p in &PRESETS {
            assert_eq!(Preset::by_id(p.id), Some(p));
            assert_eq!(Preset::matching(&p.spec()), Some(p));
        }
    }

    #[test]
    fn blurbs_tell_the_truth() {
        let leaks = |p: &Preset, m| verdict(p, m).orphaned_objects > 0;
        let p3163 = Preset::by_id("3163").unwrap();
        assert!(leaks(p3163, Model::ASYNC_501));
        assert!(!leaks(p3163, Model::ASYNC_FIXED));
        let ips = Preset::by_id("ips").unwrap();
        for m in Model::ALL {
            let v = verdict(ips, m);
            assert_eq!((v.orphaned_objects, v.open_connections_after_close), (0, 0), "{m}");
        }
        // The workaround does not help while the cluster announces localhost.
        let w = Preset::by_id("workaround").unwrap();
        assert_eq!(verdict(w, Model::ASYNC_501).orphaned_objects, verdict(p3163, Model::ASYNC_501).orphaned_objects);
        let r = Preset::by_id("replicas").unwrap();
        assert!(leaks(r, Model::ASYNC_501));
        let refresh = Preset::by_id("refresh").unwrap();
        let v = verdict(refresh, Model::ASYNC_501);
        assert_eq!(v.initializations, 20);
        assert!(v.unclosed_warnings > 3, "warnings accumulate over refreshes: {}", v.unclosed_warnings);
        assert_eq!(verdict(refresh, Model::ASYNC_FIXED).unclosed_warnings, 0);
    }

    #[test]
    fn presets_fit_the_step_budget() {
        for p in &PRESETS {
            let spec = p.spec();
            let reply = spec.reply().unwrap();
            for m in Model::ALL {
                let est = spec.estimated_work(m, &reply);
                assert!(est <= super::super::spec::MAX_WORK, "{} {m}: {est}", p.id);
                let run = simulate(&spec.scenario(m, reply.clone()).unwrap()).unwrap();
                assert!(
                    run.trace.steps.len() as u64 <= est,
                    "{} {m}: estimate {est} < {}",
                    p.id,
                    run.trace.steps.len()
                );
            }
        }
    }
}
