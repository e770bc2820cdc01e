//! What a visitor asks Slotscope to run: a cluster (described by its shape, or a
//! pasted CLUSTER SLOTS reply), the client's startup node, and what the program does
//! with the client. The two models are chosen separately (`State::left/right`).

use super::fault::{Fault, Why};
use crate::engine::{Announce, ClusterSlotsReply, Model, Scenario, Topology, Workload};
use crate::i18n::{Lang, Msg};
use crate::tr;

/// Where the CLUSTER SLOTS reply comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplySource {
    /// A cluster on one machine, built by `Topology` (ports from 7000).
    Topology { primaries: u16, replicas: u16, ranges: u16, announce: String },
    /// A reply the visitor pasted ("Check my cluster").
    Pasted(ClusterSlotsReply),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioSpec {
    pub startup_host: String,
    pub startup_port: u16,
    pub source: ReplySource,
    /// Extra initialize() calls after the first.
    pub reinit: u32,
    pub workload: Workload,
    /// `RedisCluster(read_from_replicas=True)`.
    pub read_from_replicas: bool,
    /// `RedisCluster(address_remap=...)` sending every node announced as `localhost`
    /// to `127.0.0.1` (redis-py 4.5.5+): the client-side workaround.
    pub address_remap: bool,
    /// For `Workload::Keys`: that many GETs, each in a slot of its own
    /// (`keyslot::distinct_slot_keys`, the keys the conformance probe sends).
    pub reads: u16,
}

/// The prefix of the distinct-slot keys, as the conformance probe names them.
pub const READ_KEY_PREFIX: &str = "slotscope:rfr:";
/// Most distinct-slot reads the page runs (one step each).
pub const MAX_READS: u16 = 2000;

/// Most cache lookups, constructions, stores and slot assignments one run may do in
/// the browser (see `estimated_work`). The #3163 preset does about 82 000 in
/// async-5.0.1 (16384 slots, one replica); a run of millions would take seconds and
/// hundreds of MB, though the timeline folds most of it into a few steps.
pub const MAX_WORK: u64 = 400_000;

impl ScenarioSpec {
    pub fn topology(primaries: u16, replicas: u16, ranges: u16, announce: &str, startup_host: &str) -> Self {
        ScenarioSpec {
            startup_host: startup_host.to_string(),
            startup_port: 7000,
            source: ReplySource::Topology { primaries, replicas, ranges, announce: announce.to_string() },
            reinit: 0,
            workload: Workload::EachRange,
            read_from_replicas: false,
            address_remap: false,
            reads: 0,
        }
    }

    /// A pasted reply, checked from `host:port` as the version matrix was measured:
    /// one refresh, then a GET to every range.
    pub fn pasted(reply: ClusterSlotsReply, host: &str, port: u16) -> Self {
        ScenarioSpec {
            startup_host: host.to_string(),
            startup_port: port,
            source: ReplySource::Pasted(reply),
            reinit: 1,
            workload: Workload::EachRange,
            read_from_replicas: false,
            address_remap: false,
            reads: 0,
        }
    }

    /// The reply this scenario's cluster sends (checked by the engine).
    pub fn reply(&self) -> Result<ClusterSlotsReply, Fault> {
        match &self.source {
            ReplySource::Topology { primaries, replicas, ranges, announce } => {
                let announce = Announce::parse(announce)?;
                Ok(Topology::new(*primaries, *replicas, *ranges, announce).cluster_slots()?)
            }
            ReplySource::Pasted(reply) => {
                reply.validate()?;
                Ok(reply.clone())
            }
        }
    }

    /// The engine's scenario for one model.
    pub fn scenario(&self, model: Model, reply: ClusterSlotsReply) -> Result<Scenario, Fault> {
        let mut sc = Scenario::new(model, &self.startup_host, self.startup_port, reply);
        sc.reinit = self.reinit;
        sc.workload = self.workload;
        sc.read_from_replicas = self.read_from_replicas;
        if self.address_remap {
            if model.release() < super::remedy::ADDRESS_REMAP_SINCE {
                return Err(Why::NoAddressRemap { model }.into());
            }
            sc.address_remap = super::remedy::localhost_remap(&sc.reply);
        }
        if self.workload == Workload::Keys {
            if self.reads == 0 || self.reads > MAX_READS {
                return Err(Why::BadReads { max: MAX_READS, reads: self.reads }.into());
            }
            sc.keys = crate::engine::keyslot::distinct_slot_keys(READ_KEY_PREFIX, usize::from(self.reads));
        }
        sc.validate()?;
        Ok(sc)
    }

    /// A generous upper bound of the work `model` does on `reply`: cache lookups,
    /// constructions, stores and slot assignments, so that a scenario too big for a
    /// browser tab is refused with a message instead of freezing it. Models that
    /// resolve replicas once per slot (5.0.1 and the fixed models built on it) do a
    /// lookup, a construct, a store and an assignment per slot and replica when the
    /// lookups miss; everything else is per entry. (Not steps: the engine folds a
    /// range's repeated per-slot work into one step.)
    pub fn estimated_work(&self, model: Model, reply: &ClusterSlotsReply) -> u64 {
        let rounds = 1 + u64::from(self.reinit);
        let per_round: u64 = reply
            .entries
            .iter()
            .map(|e| {
                let nodes = 1 + e.replicas.len() as u64;
                let len = u64::from(e.end.saturating_sub(e.start)) + 1;
                if model.replicas_per_slot() && !e.replicas.is_empty() {
                    8 * nodes + len * (1 + 4 * e.replicas.len() as u64)
                } else {
                    8 * nodes + 4
                }
            })
            .sum();
        let reads = if self.workload == Workload::Keys { 2 * u64::from(self.reads) } else { 0 };
        rounds * (per_round + 64) + 64 + reads
    }

    /// Short description for headings ("startup node localhost:7000; 3 primaries × 1
    /// replica, 2 ranges each, announced as localhost; workload each-range"), in English.
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`ScenarioSpec::describe`] in `lang`: the scenario editor's summary.
    pub fn describe_in(&self, lang: Lang) -> String {
        let cluster = match &self.source {
            ReplySource::Topology { primaries, replicas, ranges, announce } => {
                let endpoint = match announce.as_str() {
                    "ip" => Msg::UiDescIp.text(lang).to_string(),
                    "empty" => Msg::UiDescEmpty.text(lang).to_string(),
                    "unknown" => Msg::UiDescUnknown.text(lang).to_string(),
                    h => tr!(lang, UiDescHost, host = h),
                };
                tr!(lang, UiDescTopology, p = primaries, r = replicas, g = ranges, endpoint = endpoint)
            }
            ReplySource::Pasted(r) => tr!(lang, UiDescPasted, n = r.entries.len()),
        };
        let refresh = match self.reinit {
            0 => String::new(),
            n => tr!(lang, UiDescReinit, n = n),
        };
        let workload = match self.workload {
            Workload::Keys => tr!(lang, UiDescKeys, n = self.reads),
            w => w.name().to_string(),
        };
        let rfr = if self.read_from_replicas { Msg::UiDescRfr.text(lang) } else { "" };
        let remap = if self.address_remap { Msg::UiDescRemap.text(lang) } else { "" };
        tr!(
            lang,
            UiDesc,
            host = self.startup_host,
            port = self.startup_port,
            cluster = cluster,
            refresh = refresh,
            workload = workload,
            rfr = rfr,
            remap = remap
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Flavor, Release, Verdict};

    #[test]
    fn address_remap_is_a_scenario_option_that_stops_the_localhost_leak() {
        let mut spec = ScenarioSpec::topology(3, 1, 2, "localhost", "localhost");
        spec.reinit = 1;
        let reply = spec.reply().unwrap();
        let leaks = |spec: &ScenarioSpec, m: Model| {
            let v = Verdict::of(&simulate(&spec.scenario(m, reply.clone()).unwrap()).unwrap(), &reply);
            v.orphaned_objects + v.open_connections_after_close
        };
        assert!(leaks(&spec, Model::ASYNC_501) > 0 && leaks(&spec, Model::SYNC_810) > 0);
        spec.address_remap = true;
        assert_eq!(leaks(&spec, Model::ASYNC_501), 0);
        assert_eq!(leaks(&spec, Model::SYNC_810), 0);
        assert!(spec.describe().contains("address_remap"), "{}", spec.describe());
        let old = Model::new(Flavor::Async, Release::of("4.5.4"));
        let err = spec.scenario(old, reply.clone()).unwrap_err();
        assert!(err.contains("4.5.5") && err.contains("async-4.5.4"), "{err}");
    }

    #[test]
    fn a_scenario_reads_as_one_line_in_either_language() {
        use crate::app::presets::PRESETS;
        let mut specs: Vec<ScenarioSpec> = PRESETS.iter().map(|p| p.spec()).collect();
        let mut one = PRESETS[0].spec();
        one.source = ReplySource::Topology { primaries: 1, replicas: 1, ranges: 1, announce: "empty".into() };
        one.reinit = 1;
        one.address_remap = true;
        one.read_from_replicas = true;
        specs.push(one.clone());
        for announce in ["ip", "unknown", "redis.example"] {
            let mut s = one.clone();
            s.source = ReplySource::Topology { primaries: 2, replicas: 0, ranges: 3, announce: announce.into() };
            specs.push(s);
        }
        let mut pasted = PRESETS[0].spec();
        pasted.source = ReplySource::Pasted(PRESETS[1].spec().reply().unwrap());
        specs.push(pasted);
        // The English lines as they were before the page had a second language.
        let english = [
            "startup node localhost:7000; 3 primaries × 1 replica, 2 ranges each, announced as localhost; workload each-range",
            "startup node localhost:7000; 3 primaries × 1 replica, 2 ranges each, announced by IP; workload each-range",
            "startup node 127.0.0.1:7000; 3 primaries × 1 replica, 2 ranges each, announced as localhost; workload each-range",
            "startup node localhost:7000; 3 primaries × 2 replicas, 1 range each, announced as localhost; workload each-range",
            "startup node localhost:7000; 3 primaries × 0 replicas, 2 ranges each, announced as localhost, 19 re-initializations; workload every-refresh",
            "startup node localhost:7000; 3 primaries × 1 replica, 2 ranges each, announced by IP, 1 re-initialization; workload each-range",
            "startup node localhost:7000; 3 primaries × 1 replica, 2 ranges each, announced as localhost, 1 re-initialization; workload each-range",
            "startup node localhost:7000; 3 primaries × 1 replica, 3 ranges each, announced as localhost; workload 300 GETs in distinct slots; read_from_replicas=True",
            "startup node localhost:7000; 1 primary × 1 replica, 1 range each, announced with an empty host, 1 re-initialization; workload each-range; read_from_replicas=True; address_remap localhost → 127.0.0.1",
            "startup node localhost:7000; 2 primaries × 0 replicas, 3 ranges each, announced by IP, 1 re-initialization; workload each-range; read_from_replicas=True; address_remap localhost → 127.0.0.1",
            "startup node localhost:7000; 2 primaries × 0 replicas, 3 ranges each, announced as null (unknown-endpoint), which redis-py names None, 1 re-initialization; workload each-range; read_from_replicas=True; address_remap localhost → 127.0.0.1",
            "startup node localhost:7000; 2 primaries × 0 replicas, 3 ranges each, announced as redis.example, 1 re-initialization; workload each-range; read_from_replicas=True; address_remap localhost → 127.0.0.1",
            "startup node localhost:7000; pasted reply (6 entries); workload each-range",
        ];
        assert_eq!(specs.len(), english.len());
        for (s, e) in specs.iter().zip(english) {
            assert_eq!(s.describe(), e);
        }
        let zh = specs[0].describe_in(Lang::Zh);
        assert_eq!(zh, "启动节点 localhost:7000；3 个主节点 × 1 个副本节点，每个主节点 2 个槽位区间，以 localhost 宣告；负载 each-range");
    }
}
