//! The CLI proper (native only).

use crate::args::{describe, value};
use slotscope::engine::{
    keyslot, parse_cluster_slots, simulate, ClusterSlotsReply, Model, Scenario, Topology, Verdict, Workload,
};
use slotscope::i18n::narrate::StepView;
use slotscope::i18n::Lang;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  slotscope keyslot [--hex] KEY...
  slotscope simulate --model M --startup-host H --startup-port P
                     (--cluster-slots FILE | --topology FILE)
                     [--reinit N] [--workload each-range|every-refresh|keys:FILE|none]
                     [--read-from-replicas] [--address-remap FROM=TO] [--remedies]
                     [--localhost IP] [--json] [--trace] [--lang en|zh]
  slotscope repro --model M (--preset ID | --topology FILE) [--startup-host H] [--reinit N]
  slotscope check --url redis://[USER:PASS@]HOST:PORT [--redis-py X.Y.Z | --python PATH]
                  [--client async|sync|both] [--json]
  slotscope models
  slotscope presets

  M is async-X.Y.Z or sync-X.Y.Z for any redis-py release from 4.3.0 to 8.1.0,
  async-fixed, sync-fixed or sync-8.1.0-fixed (the naming fix), or all (one model per
  era and the fixed ones). `slotscope COMMAND --help` explains a command. FILE may be
  - for stdin. --cluster-slots takes `redis-cli --json
  CLUSTER SLOTS` output or the text `redis-cli CLUSTER SLOTS` prints. repro prints a
  bash script that reproduces the scenario on a local Redis Cluster with the pinned
  redis-py and checks the engine's prediction (`slotscope presets` lists the preset ids).";

const KEYSLOT_HELP: &str = "\
usage: slotscope keyslot [--hex] KEY...

Prints KEY<TAB>SLOT for every key: CRC16-XMODEM of the key (or of its {hash tag})
mod 16384, as Redis Cluster and redis-py compute it. --hex takes each KEY as hex bytes.";

const SIMULATE_HELP: &str = "\
usage: slotscope simulate --model M [--startup-host H] [--startup-port P]
                          (--cluster-slots FILE | --topology FILE)
                          [--reinit N] [--workload each-range|every-refresh|keys:FILE|none]
                          [--read-from-replicas] [--address-remap FROM=TO]
                          [--localhost IP] [--remedies] [--json] [--trace]
                          [--lang en|zh]

Runs redis-py's cluster client model M on a CLUSTER SLOTS reply and prints whether it
leaks ClusterNode objects and connections (redis-py #3163).

  --model M          async-X.Y.Z / sync-X.Y.Z (any release 4.3.0-8.1.0), async-fixed,
                     sync-fixed, sync-8.1.0-fixed, or all (one model per era and the
                     fixed ones; `slotscope models`)
  --startup-host H   the host the client is given (default localhost)
  --startup-port P   its port (default: the topology's base port, or the reply's first)
  --cluster-slots F  `redis-cli --json CLUSTER SLOTS` output or the plain text reply
  --topology F       {\"primaries\": 3, \"replicas\": 1, \"ranges_per_primary\": 2,
                      \"announce\": \"localhost\"}: the reply a Redis 7 server sends for it
  --reinit N         re-initialize N more times (a topology refresh); up to 10000,
                     or 100 with --trace
  --workload W       each-range (one GET per range after the last initialize), every-refresh
                     (after every initialize), keys:FILE (one GET per key of FILE, in order,
                     one key a line; FILE may be -) or none
  --read-from-replicas  RedisCluster(read_from_replicas=True): reads go round robin over
                     each slot's primary and replicas
  --address-remap R  RedisCluster(address_remap=...): HOST=HOST for every port the reply
                     announces (localhost=127.0.0.1), or HOST:PORT=HOST:PORT; repeatable;
                     from redis-py 4.5.5
  --remedies         after the verdict, try each remedy on the same cluster: address_remap,
                     an upgrade (the oldest release that stops it), announcing IPs
                     (cluster-preferred-endpoint-type ip), the startup host; cheapest first
  --localhost IP     what socket.gethostbyname(\"localhost\") returns (default 127.0.0.1)
  --json             one JSON object per model (an array for more than one)
  --trace            every step with its narration and the redis-py line it mirrors
  --lang L           en (default) or zh: the language of the verdict line, --remedies
                     and the --trace narration (zh: Simplified Chinese); --json is the
                     same in both";

const REPRO_HELP: &str = "\
usage: slotscope repro --model M (--preset ID | --topology FILE) [--startup-host H] [--reinit N]

Prints a self-contained bash script that starts a local Redis Cluster on 127.0.0.1 with
the scenario's topology, runs redis-py M's release in a venv, prints the orphans, the
sockets left open after close and the warnings, and compares them with the engine's
prediction. M must be a released model (async-X.Y.Z or sync-X.Y.Z).";

const CHECK_HELP: &str = "\
usage: slotscope check --url redis://[user:pass@]HOST:PORT [--redis-py X.Y.Z | --python PATH]
                       [--client async|sync|both] [--timeout SECONDS] [--json]

Sends CLUSTER SLOTS to the node, runs redis-py's cluster client on the reply the cluster
really sends (startup node = the URL's host and port), and prints the verdict and the
diagnosis: every remedy tried, the cheapest that stops the leak first.

  --url URL          redis://[user:pass@]HOST:PORT, or rediss:// for TLS (the system's
                     trust store; SSL_CERT_FILE names another CA file)
  --redis-py X.Y.Z   the release the service runs (4.3.0-8.1.0)
  --python PATH      read the release from PATH -c 'import redis; print(redis.__version__)'
                     (without --redis-py or --python: one release per era)
  --client C         async, sync or both (default both)
  --timeout S        connect (TCP, TLS, AUTH) and reply timeouts, seconds (default 3)
  --json             one JSON object per model (an array for more than one): the
                     verdict's fields, leaks, diagnosis and remedies

Exit status: 0 no leak, 1 a checked setup leaks, 2 an error (one line on stderr).";

const MODELS_HELP: &str = "\
usage: slotscope models

Lists the eras (releases whose node registry behaves the same), per client, with the
releases each covers and the tag its permalinks point into, then the fixed models.";

const PRESETS_HELP: &str = "\
usage: slotscope presets

Lists the page's preset scenarios (ID<TAB>title), for `slotscope repro --preset ID`.";

/// `--help` or `-h` anywhere in a command's arguments (before a `--`).
fn wants_help(rest: &[std::ffi::OsString]) -> bool {
    rest.iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h")
}

/// `slotscope models`: the eras of each client, then the fixed models.
fn models_listing() -> String {
    use slotscope::engine::{Flavor, ERAS};
    let mut out = String::new();
    for flavor in [Flavor::Async, Flavor::Sync] {
        out += &format!(
            "{} client (redis.{}cluster.RedisCluster), by era:\n",
            flavor.name(),
            match flavor {
                Flavor::Async => "asyncio.",
                Flavor::Sync => "",
            }
        );
        for era in ERAS.iter().filter(|e| e.flavor == flavor) {
            let releases: Vec<&str> = era.releases().map(|r| r.version()).collect();
            out += &format!(
                "  {}-{} .. {}-{}\tlines from {}\treleases: {}\n",
                flavor.name(),
                era.first,
                flavor.name(),
                era.last,
                era.tag,
                releases.join(" ")
            );
        }
    }
    out += "fixed (the lookup uses the normalised name; not a release):\n";
    for m in Model::every().filter(|m| m.is_fixed()) {
        out += &format!("  {m}\t{} {} with the naming fix\n", m.flavor().name(), m.release());
    }
    out
}

pub fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a message.
            let _ = stdout.write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("slotscope: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<std::ffi::OsString>) -> Result<String, String> {
    let rest = args.get(1..).unwrap_or_default().to_vec();
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(lexopt::Arg::Value(v)) => v.into_string().map_err(|_| "the command is not valid UTF-8".to_string())?,
        Some(lexopt::Arg::Long("help")) | Some(lexopt::Arg::Short('h')) | None => return Ok(format!("{USAGE}\n")),
        Some(other) => return Err(format!("expected a command first, found {}", describe(&other))),
    };
    let help = match command.as_str() {
        "keyslot" => Some(KEYSLOT_HELP),
        "simulate" => Some(SIMULATE_HELP),
        "repro" => Some(REPRO_HELP),
        "check" => Some(CHECK_HELP),
        "models" => Some(MODELS_HELP),
        "presets" => Some(PRESETS_HELP),
        _ => None,
    };
    if let Some(help) = help.filter(|_| wants_help(&rest)) {
        return Ok(format!("{help}\n"));
    }
    match command.as_str() {
        "keyslot" => keyslot_command(parser),
        "simulate" => simulate_command(parser),
        "repro" => repro_command(parser),
        "check" => crate::check::check_command(parser),
        "models" => Ok(models_listing()),
        "presets" => Ok(slotscope::app::presets::PRESETS
            .iter()
            .map(|p| format!("{}\t{}\n", p.id, p.title.text(slotscope::i18n::Lang::En)))
            .collect()),
        "help" => Ok(format!("{USAGE}\n")),
        other => Err(format!("unknown command '{other}' (commands: keyslot, simulate, repro, check, models, presets)")),
    }
}

fn keyslot_command(mut parser: lexopt::Parser) -> Result<String, String> {
    use lexopt::Arg::*;
    let mut hex = false;
    let mut keys: Vec<std::ffi::OsString> = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("hex") => hex = true,
            Value(v) => keys.push(v),
            other => return Err(format!("keyslot: unknown option {}", describe(&other))),
        }
    }
    if keys.is_empty() {
        return Err("keyslot: give at least one KEY".into());
    }
    let mut out = String::new();
    for key in keys {
        let (shown, bytes) = if hex {
            let s = key.to_str().ok_or("keyslot: a --hex key is not valid UTF-8")?.to_string();
            let bytes = decode_hex(&s)?;
            (s, bytes)
        } else {
            key_bytes(key)
        };
        out += &format!("{shown}\t{}\n", keyslot(&bytes));
    }
    Ok(out)
}

/// Keys are hashed as the bytes the user typed, even when they are not UTF-8.
fn key_bytes(key: std::ffi::OsString) -> (String, Vec<u8>) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let bytes = key.into_vec();
        (String::from_utf8_lossy(&bytes).into_owned(), bytes)
    }
    #[cfg(not(unix))]
    {
        let s = key.to_string_lossy().into_owned();
        (s.clone(), s.into_bytes())
    }
}

fn decode_hex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("keyslot: {s:?} is not hex: odd number of digits"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(|| format!("keyslot: {s:?} is not hex"))
        })
        .collect()
}

#[derive(Default)]
struct SimulateArgs {
    models: Vec<Model>,
    host: Option<String>,
    port: Option<u16>,
    cluster_slots: Option<String>,
    topology: Option<String>,
    reinit: u32,
    workload: Workload,
    keys: Vec<String>,
    read_from_replicas: bool,
    address_remap: Vec<(String, Option<u16>, String, Option<u16>)>,
    remedies: bool,
    localhost: Option<String>,
    json: bool,
    trace: bool,
    lang: Lang,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<SimulateArgs, String> {
    use lexopt::Arg::*;
    let mut a = SimulateArgs::default();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("model") => {
                let m = value(&mut parser, "--model")?;
                a.models = if m == "all" { Model::per_era().collect() } else { vec![Model::from_name(&m)?] };
            }
            Long("startup-host") => a.host = Some(value(&mut parser, "--startup-host")?),
            Long("startup-port") => a.port = Some(parse_port(&value(&mut parser, "--startup-port")?)?),
            Long("cluster-slots") => a.cluster_slots = Some(value(&mut parser, "--cluster-slots")?),
            Long("topology") => a.topology = Some(value(&mut parser, "--topology")?),
            Long("reinit") => {
                let v = value(&mut parser, "--reinit")?;
                a.reinit = v.parse().map_err(|_| format!("--reinit {v:?} is not a count"))?;
            }
            Long("workload") => {
                let w = value(&mut parser, "--workload")?;
                if let Some(path) = w.strip_prefix("keys:") {
                    a.workload = Workload::Keys;
                    a.keys = read_input(path)?.lines().map(str::to_string).filter(|k| !k.is_empty()).collect();
                } else if w == "keys" {
                    return Err("--workload keys needs a file: keys:FILE (one key a line)".into());
                } else {
                    a.workload = Workload::parse(&w)?;
                }
            }
            Long("read-from-replicas") => a.read_from_replicas = true,
            Long("address-remap") => a.address_remap.push(parse_remap(&value(&mut parser, "--address-remap")?)?),
            Long("remedies") => a.remedies = true,
            Long("localhost") => a.localhost = Some(value(&mut parser, "--localhost")?),
            Long("json") => a.json = true,
            Long("trace") => a.trace = true,
            Long("lang") => a.lang = parse_lang(&value(&mut parser, "--lang")?)?,
            other => return Err(format!("simulate: unknown argument {}", describe(&other))),
        }
    }
    if a.models.is_empty() {
        return Err("simulate: --model is required (see `slotscope models`, or `all`)".into());
    }
    Ok(a)
}

/// `--lang`: `en` or `zh` (as the page's address spells them).
fn parse_lang(v: &str) -> Result<Lang, String> {
    Lang::ALL.into_iter().find(|l| l.code() == v).ok_or_else(|| format!("--lang {v:?}: expected en or zh"))
}

/// `HOST=HOST` (every port) or `HOST:PORT=HOST:PORT`.
fn parse_remap(v: &str) -> Result<(String, Option<u16>, String, Option<u16>), String> {
    let (from, to) = v
        .split_once('=')
        .ok_or_else(|| format!("--address-remap {v:?}: expected FROM=TO, e.g. localhost=127.0.0.1"))?;
    let side = |s: &str| -> Result<(String, Option<u16>), String> {
        match s.rsplit_once(':') {
            Some((h, p)) if !h.is_empty() => Ok((h.to_string(), Some(parse_port(p)?))),
            _ if !s.is_empty() && !s.contains(':') => Ok((s.to_string(), None)),
            _ => Err(format!("--address-remap {v:?}: {s:?} is not HOST or HOST:PORT")),
        }
    };
    let ((fh, fp), (th, tp)) = (side(from)?, side(to)?);
    if fp.is_some() != tp.is_some() {
        return Err(format!("--address-remap {v:?}: give a port on both sides or on neither"));
    }
    Ok((fh, fp, th, tp))
}

/// The remap rules for one reply: a rule without ports applies to every port the
/// reply announces for that host.
fn remap_rules(a: &SimulateArgs, reply: &ClusterSlotsReply) -> Vec<slotscope::engine::scenario::Remap> {
    use slotscope::engine::scenario::Remap;
    let mut out = Vec::new();
    for (fh, fp, th, tp) in &a.address_remap {
        match (fp, tp) {
            (Some(fp), Some(tp)) => out.push(Remap { from: (fh.clone(), *fp), to: (th.clone(), *tp) }),
            _ => out.extend(Remap::host_on_every_port(reply, fh, th)),
        }
    }
    out
}

fn parse_port(v: &str) -> Result<u16, String> {
    let n: i64 = v.trim().parse().map_err(|_| format!("port {v:?} is not a number"))?;
    u16::try_from(n).ok().filter(|p| *p > 0).ok_or_else(|| format!("port {n} is out of range (1..=65535)"))
}

fn read_input(path: &str) -> Result<String, String> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .take(slotscope::engine::parse::MAX_INPUT_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        file.take(slotscope::engine::parse::MAX_INPUT_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    if text.trim().is_empty() {
        return Err(format!("{} is empty", if path == "-" { "stdin" } else { path }));
    }
    Ok(text)
}

fn load_reply(a: &SimulateArgs) -> Result<(ClusterSlotsReply, Option<Topology>), String> {
    match (&a.cluster_slots, &a.topology) {
        (Some(_), Some(_)) => Err("simulate: give --cluster-slots or --topology, not both".into()),
        (None, None) => Err("simulate: give --cluster-slots FILE or --topology FILE".into()),
        (Some(path), None) => {
            let reply = parse_cluster_slots(&read_input(path)?).map_err(|e| format!("{path}: {e}"))?;
            Ok((reply, None))
        }
        (None, Some(path)) => {
            let topo: Topology = serde_json::from_str(&read_input(path)?).map_err(|e| format!("{path}: {e}"))?;
            let reply = topo.cluster_slots().map_err(|e| format!("{path}: {e}"))?;
            Ok((reply, Some(topo)))
        }
    }
}

fn simulate_command(parser: lexopt::Parser) -> Result<String, String> {
    let a = parse_args(parser)?;
    let (reply, topo) = load_reply(&a)?;
    let host = a.host.clone().unwrap_or_else(|| "localhost".to_string());
    let port = match (a.port, &topo) {
        (Some(p), _) => p,
        (None, Some(t)) => t.base_port,
        (None, None) => reply.entries[0].primary.port,
    };
    let mut verdicts = Vec::new();
    let mut traces = Vec::new();
    for &model in &a.models {
        let mut sc = Scenario::new(model, &host, port, reply.clone());
        sc.reinit = a.reinit;
        sc.workload = a.workload;
        sc.keys = a.keys.clone();
        sc.read_from_replicas = a.read_from_replicas;
        sc.address_remap = remap_rules(&a, &reply);
        if !sc.address_remap.is_empty() && sc.model.release() < slotscope::app::remedy::ADDRESS_REMAP_SINCE {
            return Err(format!("{model} has no address_remap (it exists from redis-py 4.5.5)"));
        }
        if let Some(ip) = &a.localhost {
            sc.localhost = ip.clone();
        }
        // Only --trace needs the steps; the verdict and --json stream (engine::count).
        let run = if a.trace { simulate(&sc) } else { slotscope::engine::count(&sc) }?;
        if a.trace {
            let steps: Vec<StepView> =
                (0..run.trace.steps.len()).map(|i| StepView::new(a.lang, &run.trace, i)).collect();
            // Names are interned ids in the trace; the JSON carries their text.
            let doc = run.trace.names.serialize_as_text(
                || serde_json::json!({ "model": model.name(), "objects": run.trace.objects, "steps": steps }),
            );
            traces.push(doc);
        }
        verdicts.push(Verdict::of(&run, &reply));
    }
    if a.trace {
        let doc = if traces.len() == 1 { traces.remove(0) } else { serde_json::Value::Array(traces) };
        return Ok(serde_json::to_string(&doc).map_err(|e| e.to_string())? + "\n");
    }
    if a.json {
        let text = if verdicts.len() == 1 {
            serde_json::to_string_pretty(&verdicts[0])
        } else {
            serde_json::to_string_pretty(&verdicts)
        };
        return Ok(text.map_err(|e| e.to_string())? + "\n");
    }
    let mut out: String = verdicts.iter().map(|v| v.sentence_in(a.lang) + "\n").collect();
    if a.remedies {
        for &model in &a.models {
            out += &remedies(&slotscope::app::remedy::diagnose(model, &reply, &host, port), a.lang);
        }
    }
    Ok(out)
}

/// `--remedies`: the diagnosis, then every remedy tried, one indented line each.
fn remedies(d: &slotscope::app::remedy::Diagnosis, lang: Lang) -> String {
    let mut out = format!("{}\n", d.sentence_in(lang));
    for r in &d.remedies {
        let (action, result, why) = (r.step.text(lang), r.result_in(lang), r.reason.text(lang));
        out += &format!("  {}\n", slotscope::tr!(lang, CliRemedy, action = action, result = result, why = why));
    }
    out
}

fn repro_command(mut parser: lexopt::Parser) -> Result<String, String> {
    use lexopt::Arg::*;
    use slotscope::app::presets::Preset;
    use slotscope::engine::Announce;
    let (mut model, mut topology, mut host, mut reinit) = (None, None, None, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("model") => model = Some(Model::from_name(&value(&mut parser, "--model")?)?),
            Long("preset") => {
                let id = value(&mut parser, "--preset")?;
                let p = Preset::by_id(&id).ok_or_else(|| format!("repro: unknown preset '{id}'"))?;
                topology = Some(Topology::new(p.primaries, p.replicas, p.ranges, Announce::parse(p.announce)?));
                host = host.or(Some(p.startup_host.to_string()));
                reinit = reinit.or(Some(p.reinit));
            }
            Long("topology") => {
                let path = value(&mut parser, "--topology")?;
                let t: Topology = serde_json::from_str(&read_input(&path)?).map_err(|e| format!("{path}: {e}"))?;
                topology = Some(t);
            }
            Long("startup-host") => host = Some(value(&mut parser, "--startup-host")?),
            Long("reinit") => {
                let v = value(&mut parser, "--reinit")?;
                reinit = Some(v.parse().map_err(|_| format!("--reinit {v:?} is not a count"))?);
            }
            other => return Err(format!("repro: unknown argument {}", describe(&other))),
        }
    }
    let repro = slotscope::repro::Repro {
        topology: topology.ok_or("repro: give --preset ID or --topology FILE")?,
        model: model.ok_or("repro: --model is required")?,
        startup_host: host.unwrap_or_else(|| "localhost".into()),
        reinit: reinit.unwrap_or(0),
    };
    repro.script().map_err(|e| format!("repro: {e}"))
}
