//! The scenario in one line, in either language: the scenario editor's summary.
//! The English line is `ScenarioSpec::describe`'s (the CLI and the tests use that
//! one), checked below.

use crate::app::spec::{ReplySource, ScenarioSpec};
use crate::engine::Workload;
use crate::i18n::{Lang, Msg};
use crate::tr;

/// "startup node localhost:7000; 3 primaries × 1 replica, 2 ranges each, announced as
/// localhost; workload each-range", in `lang`.
pub fn describe_spec(spec: &ScenarioSpec, lang: Lang) -> String {
    let cluster = match &spec.source {
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
    let refresh = match spec.reinit {
        0 => String::new(),
        n => tr!(lang, UiDescReinit, n = n),
    };
    let workload = match spec.workload {
        Workload::Keys => tr!(lang, UiDescKeys, n = spec.reads),
        w => w.name().to_string(),
    };
    let rfr = if spec.read_from_replicas { Msg::UiDescRfr.text(lang) } else { "" };
    let remap = if spec.address_remap { Msg::UiDescRemap.text(lang) } else { "" };
    tr!(
        lang,
        UiDesc,
        host = spec.startup_host,
        port = spec.startup_port,
        cluster = cluster,
        refresh = refresh,
        workload = workload,
        rfr = rfr,
        remap = remap
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::PRESETS;

    #[test]
    fn the_english_line_is_the_specs_own_and_the_chinese_one_is_chinese() {
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
        for s in &specs {
            assert_eq!(describe_spec(s, Lang::En), s.describe());
        }
        let zh = describe_spec(&specs[0], Lang::Zh);
        assert_eq!(zh, "启动节点 localhost:7000；3 个主节点 × 1 个副本节点，每个主节点 2 个槽位区间，以 localhost 宣告；负载 each-range");
    }
}
