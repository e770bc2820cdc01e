//! "Export reproduction": the bash script `crate::repro::Repro` writes for the
//! scenario on screen, or the reason it cannot be reproduced on a local cluster.
//! The left pane's model is always offered; the right pane's when it is another
//! model that a redis-py release has (the fixed models exist only here).

use super::presets::Preset;
use super::session::Side;
use super::spec::{ReplySource, ScenarioSpec};
use crate::engine::{Announce, Model, Topology, Workload};
use crate::i18n::{Lang, Msg};
use crate::repro::Repro;
use crate::tr;

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

/// The script for `model` on `spec`, or why not, in `lang` (`Repro::script`'s reason).
pub fn script(spec: &ScenarioSpec, model: Model, lang: Lang) -> Result<Script, String> {
    let ReplySource::Topology { primaries, replicas, ranges, announce } = &spec.source else {
        return Err(Msg::ExportPasted.text(lang).into());
    };
    let announced = Announce::parse(announce).map_err(|p| p.text(lang))?;
    let topology = Topology::new(*primaries, *replicas, *ranges, announced);
    let base_port = topology.base_port;
    let repro = Repro { topology, model, startup_host: spec.startup_host.clone(), reinit: spec.reinit };
    let text = repro.script().map_err(|e| e.text(lang))?;
    let mut notes = Vec::new();
    if spec.workload != Workload::EachRange {
        notes.push(tr!(lang, ExportNoteWorkload, workload = spec.workload.name()));
    }
    if spec.startup_port != base_port {
        notes.push(tr!(lang, ExportNotePort, port = spec.startup_port));
    }
    let name = Preset::matching(spec).map_or("custom", |p| p.id);
    Ok(Script { filename: format!("slotscope-repro-{}-{name}.sh", model.name()), text, notes })
}

/// What "Export reproduction" offers for the panes on screen.
pub fn exports(spec: &ScenarioSpec, left: Model, right: Model, lang: Lang) -> Vec<Export> {
    let mut out = vec![Export { side: Side::Left, model: left, script: script(spec, left, lang) }];
    if right != left && !right.looks_up_normalised_name() {
        out.push(Export { side: Side::Right, model: right, script: script(spec, right, lang) });
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
        let e = exports(&spec("3163"), Model::ASYNC_501, Model::ASYNC_FIXED, Lang::En);
        assert_eq!(e.len(), 1, "the fixed right pane is not offered");
        let s = e[0].script.as_ref().unwrap();
        assert_eq!(s.filename, "slotscope-repro-async-5.0.1-3163.sh");
        assert!(s.text.starts_with("#!/usr/bin/env bash\n"));
        assert!(s.text.lines().any(|l| l == "PREDICTED_ORPHANS=16384"), "{}", &s.text[..600]);
        assert!(s.notes.is_empty());
        // Both released models: two scripts.
        let both = exports(&spec("3163"), Model::SYNC_501, Model::SYNC_810, Lang::En);
        assert_eq!(both.len(), 2);
        assert!(both.iter().all(|e| e.script.is_ok()));
        assert_eq!(both[1].side, Side::Right);
    }

    #[test]
    fn unreproducible_scenarios_give_the_reason() {
        let fixed = exports(&spec("3163"), Model::ASYNC_FIXED, Model::ASYNC_501, Lang::En);
        assert!(fixed[0].script.as_ref().unwrap_err().contains("no redis-py release has"));
        assert!(fixed[1].script.is_ok());
        let mut s = spec("3163");
        s.source = ReplySource::Topology { primaries: 3, replicas: 1, ranges: 2, announce: "redis.example".into() };
        assert!(script(&s, Model::ASYNC_501, Lang::En).unwrap_err().contains("'ip' or 'localhost'"));
        let mut p = spec("3163");
        p.source = ReplySource::Pasted(spec("ips").reply().unwrap());
        assert!(script(&p, Model::ASYNC_501, Lang::En).unwrap_err().contains("pasted reply"));
        let mut h = spec("3163");
        h.startup_host = "10.1.2.3".into();
        assert!(script(&h, Model::ASYNC_501, Lang::En).unwrap_err().contains("startup host"));
    }

    #[test]
    fn differences_from_the_screen_are_noted() {
        let s = script(&spec("refresh"), Model::ASYNC_501, Lang::En).unwrap();
        assert!(s.notes.iter().any(|n| n.contains("every-refresh")), "{:?}", s.notes);
        let mut p = spec("ips");
        p.startup_port = 7001;
        let s = script(&p, Model::SYNC_810, Lang::En).unwrap();
        assert_eq!(s.filename, "slotscope-repro-sync-8.1.0-custom.sh");
        assert!(s.notes.iter().any(|n| n.contains("7001")), "{:?}", s.notes);
    }

    /// The reasons and notes the page shows are the engine's in English and Chinese
    /// in Chinese; the script itself is the same code in both.
    #[test]
    fn reasons_and_notes_in_either_language() {
        let e = |s: &ScenarioSpec, m| script(s, m, Lang::En);
        let z = |s: &ScenarioSpec, m| script(s, m, Lang::Zh);
        let repro = |s: &ScenarioSpec, m| {
            let ReplySource::Topology { primaries, replicas, ranges, announce } = &s.source else { unreachable!() };
            let topology = Topology::new(*primaries, *replicas, *ranges, Announce::parse(announce).unwrap());
            Repro { topology, model: m, startup_host: s.startup_host.clone(), reinit: s.reinit }.script()
        };
        let mut other = spec("3163");
        other.source = ReplySource::Topology { primaries: 3, replicas: 1, ranges: 2, announce: "redis.example".into() };
        let mut host = spec("3163");
        host.startup_host = "10.1.2.3".into();
        for (s, m) in [(spec("3163"), Model::ASYNC_FIXED), (other, Model::ASYNC_501), (host, Model::ASYNC_501)] {
            assert_eq!(
                e(&s, m).unwrap_err(),
                repro(&s, m).unwrap_err().to_string(),
                "the page's English reason is the engine's"
            );
            let zh = z(&s, m).unwrap_err();
            assert!(zh.contains("本地") || zh.contains("启动节点") || zh.contains("修复"), "{zh}");
        }
        let a = script(&spec("refresh"), Model::ASYNC_501, Lang::En).unwrap();
        let b = script(&spec("refresh"), Model::ASYNC_501, Lang::Zh).unwrap();
        assert_eq!((a.text, a.filename), (b.text, b.filename), "the script is code: one text");
        assert!(b.notes[0].contains("every-refresh") && b.notes[0].contains("负载"), "{:?}", b.notes);
    }
}
