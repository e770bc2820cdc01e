//! "Check my cluster": a pasted CLUSTER SLOTS reply, run by every era of both clients
//! as the version matrix was measured, the visitor's own release first, with its
//! diagnosis (leak per refresh, every remedy, the cheapest) and what to step through.

use super::fault::{Fault, Why};
use super::matrix::Outcome;
use super::remedy::{diagnose, Diagnosis, RemedyKind};
use super::spec::ScenarioSpec;
use crate::engine::{parse_cluster_slots, simulate, ClusterSlotsReply, Flavor, Model, Release, Verdict};
use crate::i18n::Lang;

/// "Check my cluster": a pasted reply and each model's verdict on it.
#[derive(Clone, Debug, PartialEq)]
pub struct PasteReport {
    pub reply: ClusterSlotsReply,
    pub startup_host: String,
    pub startup_port: u16,
    /// Every model's verdict, the visitor's release first.
    pub verdicts: Vec<PasteVerdict>,
    /// The announcement when the reply has the layout of our recorded version matrix
    /// (3 primaries x 2 ranges, 1 replica each): its real-run numbers are shown beside.
    pub recorded_layout: Option<&'static str>,
    pub covered: usize,
    /// For the visitor's own release: how much it leaks and every remedy tried.
    pub diagnoses: Vec<Diagnosis>,
    /// What "step through" loads: the visitor's model and its way out.
    pub step_models: Option<(Model, Model)>,
}

/// One model on the pasted reply.
#[derive(Clone, Debug, PartialEq)]
pub struct PasteVerdict {
    pub model: Model,
    /// The engine's verdict, or (when the run is too big for the page) the work it
    /// would take: cache lookups, constructions and stores.
    pub verdict: Result<Verdict, u64>,
    pub leaks: bool,
    /// The engine's counts (one refresh, a GET per range); None when too big to run.
    pub counts: Option<Outcome>,
    /// What the real release did on our recorded cluster of the same layout.
    pub recorded: Option<Outcome>,
}

impl PasteVerdict {
    /// The model's verdict on the reply, in `lang`.
    pub fn sentence(&self, lang: Lang) -> String {
        match &self.verdict {
            Ok(v) => v.sentence_in(lang),
            Err(estimate) => crate::tr!(lang, CheckTooLarge, model = self.model, estimate = estimate),
        }
    }
}

/// Which model to step through beside the visitor's: the upgrade that stops the
/// leak, else the client with the naming fix.
fn step_partner(yours: Model, d: Option<&Diagnosis>) -> Model {
    let upgrade = d.and_then(|d| d.remedies.iter().find(|r| r.kind == RemedyKind::Upgrade && r.fixes()));
    match (upgrade.and_then(|r| r.target), yours.flavor()) {
        (Some(m), _) => m,
        (None, Flavor::Async) => Model::ASYNC_FIXED,
        (None, Flavor::Sync) => Model::SYNC_810_FIXED,
    }
}

/// Parses a pasted reply and runs the visitor's release (the chosen client, or both),
/// then one model per era of each client, on it.
pub fn check_paste(text: &str, host: &str, port: &str, release: &str, client: &str) -> Result<PasteReport, Fault> {
    let release = match release.trim() {
        "" => None,
        r => Some(Release::from_pip_show(r).map_err(Why::PasteRelease)?),
    };
    let host = host.trim();
    if host.is_empty() {
        return Err(Why::PasteNoHost.into());
    }
    let port: u16 = match port.trim() {
        "" => 7000,
        p => p.parse().ok().filter(|&p| p > 0).ok_or_else(|| Why::PasteBadPort { port: p.to_string() })?,
    };
    let mut reply = parse_cluster_slots(text).map_err(Why::PasteUnreadable)?;
    // Node ids and metadata do not change what the client does; dropping them keeps
    // the scenario identical to what a shared link (`?reply=`) carries.
    for n in reply.nodes_mut() {
        n.id.clear();
        n.metadata.clear();
    }
    reply.validate()?;
    let spec = ScenarioSpec::pasted(reply.clone(), host, port);
    let mut verdicts = Vec::new();
    let flavors: &[Flavor] = match client.trim() {
        "async" => &[Flavor::Async],
        "sync" => &[Flavor::Sync],
        "" | "both" => &[Flavor::Async, Flavor::Sync],
        other => return Err(Why::PasteBadClient { client: other.to_string() }.into()),
    };
    let yours: Vec<Model> = release.iter().flat_map(|&r| flavors.iter().map(move |&f| Model::new(f, r))).collect();
    // What each of the visitor's own setups costs and the cheapest way out, when the
    // runs are small enough for the page (each remedy is two runs, an upgrade a few).
    let diagnoses: Vec<Diagnosis> = yours
        .iter()
        .filter(|&&m| spec.estimated_work(m, &reply) <= super::spec::MAX_WORK / 2)
        .map(|&m| diagnose(m, &reply, host, port))
        .collect();
    let step_models = yours.first().map(|&m| (m, step_partner(m, diagnoses.first())));
    let mut models: Vec<Model> = yours.clone();
    models.extend(Model::per_era().filter(|m| !models.contains(m)).collect::<Vec<_>>());
    let recorded_layout = super::matrix::recorded_layout(&reply);
    let measured = if recorded_layout.is_some() { super::matrix::matrix() } else { Vec::new() };
    for m in models {
        let recorded = recorded_layout.and_then(|announce| super::matrix::recorded(&measured, m, announce));
        let est = spec.estimated_work(m, &reply);
        if est > super::spec::MAX_WORK {
            verdicts.push(PasteVerdict { model: m, verdict: Err(est), leaks: false, counts: None, recorded });
            continue;
        }
        // The scenario is checked, so the run does not refuse it.
        let run = simulate(&spec.scenario(m, reply.clone())?).map_err(Why::Phrased)?;
        let v = Verdict::of(&run, &reply);
        let counts = super::matrix::outcome(&v, &run);
        verdicts.push(PasteVerdict { model: m, leaks: counts.leaks, counts: Some(counts), recorded, verdict: Ok(v) });
    }
    Ok(PasteReport {
        covered: reply.covered_slots(),
        reply,
        startup_host: host.to_string(),
        startup_port: port,
        verdicts,
        recorded_layout,
        diagnoses,
        step_models,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_layout_shows_the_real_runs_beside_the_engine() {
        use crate::engine::{Announce, Topology};
        let reply = Topology::new(3, 1, 2, Announce::parse("localhost").unwrap()).cluster_slots().unwrap();
        let json = reply.to_redis_cli_json();
        let r = check_paste(&json, "localhost", "7000", "7.3.1", "").unwrap();
        assert_eq!(r.recorded_layout, Some("localhost"));
        for v in &r.verdicts {
            if v.model.is_fixed() {
                assert!(v.recorded.is_none());
                continue;
            }
            let (counts, recorded) =
                (v.counts.as_ref().unwrap(), v.recorded.as_ref().expect("every release is recorded"));
            assert_eq!(counts, recorded, "{}", v.model);
        }
    }
}
