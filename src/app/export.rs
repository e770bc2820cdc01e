//! "Export reproduction": the bash script `crate::repro::Repro` writes for the
//! scenario on screen, or the reason it cannot be reproduced on a local cluster.
//! The left pane's model is always offered; the right pane's when it is another
//! model that a redis-py release has (the fixed models exist only here).

use super::presets::Preset;
use super::session::Side;
use super::spec::{ReplySource, ScenarioSpec};
use crate::engine::{Announce, Model, Topology, Workload};
use crate::repro::Repro;

/// A script ready to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub filename: String,
    pub text: String,
    /// Where the script's run differs from the scenario on screen (it checks its own
    /// prediction, so these never make it wrong, only different).
    pub notes: Vec<String>,
}

/// One pane's export: the script, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub side: Side,
    pub model: Model,
    pub script: Result<Script, String>,
}

/// The script for `model` on `spec`, or the reason (the engine's, where it has one).
pub fn script(spec: &ScenarioSpec, model: Model) -> Result<Script, String> {
    let ReplySource::Topology { primaries, replicas, ranges, announce } = &spec.source else {
        return Err("a pasted reply cannot be rebuilt as a local cluster: the script starts one from a shape \
                    (primaries, replicas, ranges, announced endpoint); describe your cluster in the scenario editor instead"
            .into());
    };
    let topology = Topology::new(*primaries, *replicas, *ranges, Announce::parse(announce)?);
    let base_port = topology.base_port;
    let repro = Repro { topology, model, startup_host: spec.startup_host.clone(), reinit: spec.reinit };
    let text = repro.script()?;
    let mut notes = Vec::new();
    if spec.workload != Workload::EachRange {
        notes.push(format!(
            "the script sends one GET to every range after the last initialize() (workload each-range), \
             not {}: its prediction is for what it runs",
            spec.workload.name()
        ));
    }
    if spec.startup_port != base_port {
        notes.push(format!(
            "the script starts from the first primary's port, not {}: which node answers CLUSTER SLOTS does not change the counts",
            spec.startup_port
        ));
    }
    let name = Preset::matching(spec).map_or("custom", |p| p.id);
    Ok(Script { filename: format!("slotscope-repro-{}-{name}.sh", model.name()), text, notes })
}

/// What "Export reproduction" offers for the panes on screen.
pub fn exports(spec: &ScenarioSpec, left: Model, right: Model) -> Vec<Export> {
    let mut out = vec![Export { side: Side::Left, model: left, script: script(spec, left) }];
    if right != left && !right.looks_up_normalised_name() {
        out.push(Export { side: Side::Right, model: right, script: script(spec, right) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: &str) -> ScenarioSpec {
        Preset::by_id(id).unwrap().spec()
    }

    #[test]
    fn the_3163_preset_exports_the_engines_script() {
        let e = exports(&spec("3163"), Model::ASYNC_501, Model::ASYNC_FIXED);
        assert_eq!(e.len(), 1, "the fixed right pane is not offered");
        let s = e[0].script.as_ref().unwrap();
        assert_eq!(s.filename, "slotscope-repro-async-5.0.1-3163.sh");
        assert!(s.text.starts_with("#!/usr/bin/env bash\n"));
        assert!(s.text.lines().any(|l| l == "PREDICTED_ORPHANS=16384"), "{}", &s.text[..600]);
        assert!(s.notes.is_empty());
        // Both released models: two scripts.
        let both = exports(&spec("3163"), Model::SYNC_501, Model::SYNC_810);
        assert_eq!(both.len(), 2);
        assert!(both.iter().all(|e| e.script.is_ok()));
        assert_eq!(both[1].side, Side::Right);
    }

    #[test]
    fn unreproducible_scenarios_give_the_reason() {
        let fixed = exports(&spec("3163"), Model::ASYNC_FIXED, Model::ASYNC_501);
        assert!(fixed[0].script.as_ref().unwrap_err().contains("no redis-py release has"));
        assert!(fixed[1].script.is_ok());
        let mut s = spec("3163");
        s.source = ReplySource::Topology { primaries: 3, replicas: 1, ranges: 2, announce: "redis.example".into() };
        assert!(script(&s, Model::ASYNC_501).unwrap_err().contains("'ip' or 'localhost'"));
        let mut p = spec("3163");
        p.source = ReplySource::Pasted(spec("ips").reply().unwrap());
        assert!(script(&p, Model::ASYNC_501).unwrap_err().contains("pasted reply"));
        let mut h = spec("3163");
        h.startup_host = "10.1.2.3".into();
        assert!(script(&h, Model::ASYNC_501).unwrap_err().contains("startup host"));
    }

    #[test]
    fn differences_from_the_screen_are_noted() {
        let s = script(&spec("refresh"), Model::ASYNC_501).unwrap();
        assert!(s.notes.iter().any(|n| n.contains("every-refresh")), "{:?}", s.notes);
        let mut p = spec("ips");
        p.startup_port = 7001;
        let s = script(&p, Model::SYNC_810).unwrap();
        assert_eq!(s.filename, "slotscope-repro-sync-8.1.0-custom.sh");
        assert!(s.notes.iter().any(|n| n.contains("7001")), "{:?}", s.notes);
    }
}
