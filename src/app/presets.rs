//! The named scenarios of the scenario bar. Each blurb says what the engine shows for
//! it (checked by the tests below against the engine's verdicts), not what one might
//! expect. Titles and blurbs are in the catalogue (`i18n/*/preset.txt`).

use super::spec::ScenarioSpec;
use crate::engine::{Model, Workload};
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id, used in URLs (`?preset=3163`).
    pub id: &'static str,
    /// The button's text (and the CLI's `slotscope presets` line, in English).
    pub title: Msg,
    /// What the engine shows for it, in a few sentences.
    pub blurb: Msg,
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
        title: Msg::Preset3163Title,
        blurb: Msg::Preset3163Blurb,
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
        title: Msg::PresetIpsTitle,
        blurb: Msg::PresetIpsBlurb,
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
        title: Msg::PresetWorkaroundTitle,
        blurb: Msg::PresetWorkaroundBlurb,
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
        title: Msg::PresetReplicasTitle,
        blurb: Msg::PresetReplicasBlurb,
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
        title: Msg::PresetRefreshTitle,
        blurb: Msg::PresetRefreshBlurb,
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
        title: Msg::PresetRegressionTitle,
        blurb: Msg::PresetRegressionBlurb,
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
        title: Msg::PresetSync8Title,
        blurb: Msg::PresetSync8Blurb,
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
        title: Msg::PresetReplicaFloodTitle,
        blurb: Msg::PresetReplicaFloodBlurb,
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
    fn every_preset_has_its_own_chinese_title_and_blurb() {
        use crate::i18n::Lang;
        let p = Preset::by_id("3163").unwrap();
        assert_eq!(p.title.text(Lang::En), "the #3163 report: localhost cluster, 2 ranges per node");
        assert_eq!(p.title.text(Lang::Zh), "#3163 报告：localhost 集群，每个节点 2 个区间");
        for p in &PRESETS {
            for m in [p.title, p.blurb] {
                assert_ne!(m.text(Lang::Zh), m.text(Lang::En), "{}: {m:?}", p.id);
            }
        }
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
