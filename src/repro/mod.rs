//! A self-contained reproduction of a scenario against the real thing: a bash script
//! that starts a local Redis Cluster with the scenario's topology and announcement,
//! runs the pinned redis-py client the scenario's model names, prints what leaked,
//! compares it with the engine's prediction, and stops what it started.
//!
//! Pure text generation: the CLI prints it, the web app offers it as a download.

use crate::engine::{simulate, Announce, Flavor, Model, Scenario, Topology, Verdict, Workload};

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

const CLUSTER: &str = include_str!("cluster.sh");
const PROBE: &str = include_str!("probe.py");

impl Repro {
    fn redis_py(&self) -> Result<&'static str, String> {
        if self.model.is_fixed() {
            return Err(format!(
                "{} is the proposed fix, which no redis-py release has: reproduce a released model instead",
                self.model
            ));
        }
        Ok(self.model.release().version())
    }

    fn announce(&self) -> Result<&'static str, String> {
        match &self.topology.announce {
            Announce::Ip => Ok("ip"),
            Announce::Hostname(h) if h == "localhost" => Ok("localhost"),
            other => Err(format!(
                "a local cluster can announce 'ip' or 'localhost', not '{}': other names do not resolve here",
                other.as_str()
            )),
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
    pub fn script(&self) -> Result<String, String> {
        let version = self.redis_py()?;
        let announce = self.announce()?;
        self.topology.validate()?;
        if !matches!(self.startup_host.as_str(), "localhost" | "127.0.0.1") {
            return Err(format!("the startup host must be localhost or 127.0.0.1, not '{}'", self.startup_host));
        }
        let p = self.prediction()?;
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
