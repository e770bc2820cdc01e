//! A self-contained reproduction of a scenario against the real thing: a bash script
//! that starts a local Redis Cluster with the scenario's topology and announcement,
//! runs the pinned redis-py client the scenario's model names, prints what leaked,
//! compares it with the engine's prediction, and stops what it started.
//!
//! Pure text generation: the CLI prints it, the web app offers it as a download.

use crate::engine::{simulate, Announce, Flavor, Model, Problem, Scenario, Topology, Verdict, Workload};
use crate::i18n::Lang;
use crate::tr;

/// What to reproduce.
#[derive(Clone, Debug)]
pub struct Repro {
    pub topology: Topology,
    pub model: Model,
    pub startup_host: String,
    pub reinit: u32,
}

/// The engine's numbers the script checks against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prediction {
    pub orphaned_objects: u32,
    pub open_connections_after_close: u32,
    pub unclosed_warnings: u32,
}

/// Why a scenario cannot be reproduced on a local cluster, as facts; phrased in a
/// language by `text` (the page's export panel), in English by `Display` (the CLI).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreproducible {
    /// The model is the proposed fix, which no release has.
    Fixed(Model),
    /// The cluster announces a name other than `ip` or `localhost`.
    Announce(String),
    /// The topology itself is refused.
    Topology(Problem),
    StartupHost(String),
    /// The engine could not predict the run (its own sentence).
    Engine(String),
}

impl Unreproducible {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Unreproducible::Fixed(model) => tr!(lang, ExportFixed, model = model),
            Unreproducible::Announce(announce) => tr!(lang, ExportAnnounce, announce = announce),
            Unreproducible::Topology(p) => p.text(lang),
            Unreproducible::StartupHost(host) => tr!(lang, ExportStartupHost, host = host),
            Unreproducible::Engine(said) => said.clone(),
        }
    }
}

impl std::fmt::Display for Unreproducible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

const CLUSTER: &str = include_str!("cluster.sh");
const PROBE: &str = include_str!("probe.py");

impl Repro {
    fn redis_py(&self) -> Result<&'static str, Unreproducible> {
        if self.model.is_fixed() {
            return Err(Unreproducible::Fixed(self.model));
        }
        Ok(self.model.release().version())
    }

    fn announce(&self) -> Result<&'static str, Unreproducible> {
        match &self.topology.announce {
            Announce::Ip => Ok("ip"),
            Announce::Hostname(h) if h == "localhost" => Ok("localhost"),
            other => Err(Unreproducible::Announce(other.as_str().to_string())),
        }
    }

    /// What the engine says the script will see.
    pub fn prediction(&self) -> Result<Prediction, String> {
        let reply = self.topology.cluster_slots()?;
        let mut sc = Scenario::new(self.model, &self.startup_host, self.topology.base_port, reply.clone());
        sc.reinit = self.reinit;
        sc.workload = Workload::EachRange;
        let v = Verdict::of(&simulate(&sc)?, &reply);
        Ok(Prediction {
            orphaned_objects: v.orphaned_objects,
            open_connections_after_close: v.open_connections_after_close,
            unclosed_warnings: v.unclosed_warnings,
        })
    }

    /// The script. Fails only for scenarios a local cluster cannot reproduce.
    pub fn script(&self) -> Result<String, Unreproducible> {
        let version = self.redis_py()?;
        let announce = self.announce()?;
        self.topology.validate().map_err(Unreproducible::Topology)?;
        if !matches!(self.startup_host.as_str(), "localhost" | "127.0.0.1") {
            return Err(Unreproducible::StartupHost(self.startup_host.clone()));
        }
        let p = self.prediction().map_err(Unreproducible::Engine)?;
        let t = &self.topology;
        let client = match self.model.flavor() {
            Flavor::Async => "async",
            Flavor::Sync => "sync",
        };
        let header = format!(
            "#!/usr/bin/env bash\n\
             # Reproduces redis-py issue #3163 for one scenario, exported by Slotscope.\n\
             # redis-py {version}, {client} client, startup host {host}; a local Redis Cluster of\n\
             # {pr} primaries x {rep} replicas, {rg} slot ranges per primary, announcing {announce}.\n\
             # Needs: bash, python3 (with venv), redis-server and redis-cli 7+, PyPI for\n\
             # redis=={version} (or SLOTSCOPE_REPRO_PYTHON=/path/to/a/python that has it).\n\
             # Everything runs on 127.0.0.1 and is stopped and removed on exit.\n\
             set -euo pipefail\n\n\
             REDIS_PY_VERSION={version}\nCLIENT={client}\nSTARTUP_HOST={host}\nREINIT={reinit}\n\
             PRIMARIES={pr}\nREPLICAS={rep}\nRANGES={rg}\nANNOUNCE={announce}\n\
             PREDICTED_ORPHANS={o}\nPREDICTED_OPEN_AFTER_CLOSE={c}\nPREDICTED_WARNINGS={w}\n",
            host = self.startup_host,
            reinit = self.reinit,
            pr = t.primaries,
            rep = t.replicas,
            rg = t.ranges_per_primary,
            o = p.orphaned_objects,
            c = p.open_connections_after_close,
            w = p.unclosed_warnings,
        );
        Ok(format!("{header}\n{CLUSTER}\ncat > \"$workdir/probe.py\" <<'PROBE'\n{PROBE}PROBE\n\n\"$python\" \"$workdir/probe.py\"\n"))
    }
}
