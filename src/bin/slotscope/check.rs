//! `slotscope check --url redis://[user:pass@]HOST:PORT`: asks a live cluster node for
//! CLUSTER SLOTS, runs the engine on the reply it really sends, and says whether the
//! client setup leaks and what the cheapest remedy is (native only).
//!
//! Exit status: 0 when no checked setup leaks, 1 when one does (a CI job or a health
//! probe can act on it), 2 with one line on stderr for every error (bad URL, node down
//! or unreachable, timeout, authentication, not a cluster, unknown release, a python
//! without redis).

use crate::args::{describe, value};
use slotscope::app::remedy::{diagnose, Diagnosis};
use slotscope::engine::{parse_cluster_slots, simulate, ClusterSlotsReply, Flavor, Model, Release, Scenario, Verdict};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Connect (TCP, TLS handshake, AUTH) and read timeouts unless `--timeout` says otherwise.
const DEFAULT_TIMEOUT_SECS: f64 = 3.0;
/// How long `--python PATH -c 'import redis ...'` may take.
const PYTHON_TIMEOUT: Duration = Duration::from_secs(30);

struct CheckArgs {
    url: String,
    release: Option<ReleaseSource>,
    flavors: Vec<Flavor>,
    json: bool,
    timeout: Duration,
}

enum ReleaseSource {
    Given(String),
    Python(String),
}

/// `slotscope check ...`. Returns the report when nothing leaks; when a setup leaks it
/// writes the report and exits 1 itself (the CLI's `run` knows only 0 and 2).
pub fn check_command(parser: lexopt::Parser) -> Result<String, String> {
    let a = parse_args(parser)?;
    let node = Node::from_url(&a.url)?;
    let release = match &a.release {
        None => None,
        Some(ReleaseSource::Given(v)) => Some(Release::from_pip_show(v).map_err(|e| format!("--redis-py: {e}"))?),
        Some(ReleaseSource::Python(path)) => Some(python_release(path)?),
    };
    let models = models_for(release, &a.flavors);
    let reply = fetch_cluster_slots(&node, a.timeout)?;
    let (out, leaks) = report(&node, &reply, &models, a.json)?;
    if leaks {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
        std::process::exit(1);
    }
    Ok(out)
}

fn parse_args(mut parser: lexopt::Parser) -> Result<CheckArgs, String> {
    use lexopt::Arg::*;
    let (mut url, mut release, mut client, mut json, mut timeout) = (None, None, None, false, None);
    while let Some(arg) = parser.next().map_err(|e| format!("check: {e}"))? {
        match arg {
            Long("url") => url = Some(value(&mut parser, "--url")?),
            Long("redis-py") | Long("python") if release.is_some() => {
                return Err("check: give --redis-py X.Y.Z or --python PATH, not both".into())
            }
            Long("redis-py") => release = Some(ReleaseSource::Given(value(&mut parser, "--redis-py")?)),
            Long("python") => release = Some(ReleaseSource::Python(value(&mut parser, "--python")?)),
            Long("client") => {
                client = Some(match value(&mut parser, "--client")?.as_str() {
                    "async" => vec![Flavor::Async],
                    "sync" => vec![Flavor::Sync],
                    "both" => vec![Flavor::Async, Flavor::Sync],
                    other => return Err(format!("--client {other:?}: expected async, sync or both")),
                })
            }
            Long("json") => json = true,
            Long("timeout") => {
                let v = value(&mut parser, "--timeout")?;
                let secs: f64 = v.trim().parse().map_err(|_| format!("--timeout {v:?} is not a number of seconds"))?;
                if !(secs > 0.0 && secs <= 600.0) {
                    return Err(format!("--timeout {v}: give between 0 and 600 seconds"));
                }
                timeout = Some(Duration::from_secs_f64(secs));
            }
            Value(v) => {
                return Err(format!("check: unexpected argument {v:?} (the node is given as --url redis://HOST:PORT)"))
            }
            other => return Err(format!("check: unknown argument {}", describe(&other))),
        }
    }
    Ok(CheckArgs {
        url: url.ok_or("check: --url redis://[user:pass@]HOST:PORT is required")?,
        release,
        flavors: client.unwrap_or_else(|| vec![Flavor::Async, Flavor::Sync]),
        json,
        timeout: timeout.unwrap_or(Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS)),
    })
}

/// The release's async and/or sync client; without a release, one release per era of
/// each client (the fixed models are not releases anyone runs, so they are left out).
fn models_for(release: Option<Release>, flavors: &[Flavor]) -> Vec<Model> {
    match release {
        Some(r) => flavors.iter().map(|&f| Model::new(f, r)).collect(),
        None => Model::per_era().filter(|m| !m.is_fixed() && flavors.contains(&m.flavor())).collect(),
    }
}

/// The node the URL names, and how to reach it.
struct Node {
    info: redis::ConnectionInfo,
    host: String,
    port: u16,
    tls: bool,
}

impl Node {
    fn from_url(url: &str) -> Result<Node, String> {
        use redis::{ConnectionAddr, IntoConnectionInfo};
        let shown = redact(url);
        let usage = "expected redis://[user:pass@]HOST:PORT, or rediss:// for TLS";
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(format!("--url {shown:?} is not a URL: {usage}"));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "redis" | "rediss" | "valkey" | "valkeys" => {}
            "unix" | "redis+unix" | "valkey+unix" => {
                return Err(format!("--url {shown:?}: check needs a TCP node (a cluster announces host:port): {usage}"))
            }
            other => return Err(format!("--url {shown:?}: unknown scheme '{other}': {usage}")),
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
        if host_port.is_empty() || host_port.starts_with(':') {
            return Err(format!("--url {shown:?} names no host: {usage}"));
        }
        let info = url.into_connection_info().map_err(|e| {
            let why = match e.detail() {
                Some(d) => d.to_string(),
                None if e.to_string().contains("did not parse") => "not a valid URL (bad port or host?)".to_string(),
                None => e.to_string(),
            };
            format!("--url {shown:?}: {}: {usage}", one_line(&why))
        })?;
        let (host, port, tls) = match info.addr() {
            ConnectionAddr::Tcp(h, p) => (h.clone(), *p, false),
            ConnectionAddr::TcpTls { host, port, .. } => (host.clone(), *port, true),
            _ => return Err(format!("--url {shown:?}: check needs a TCP node: {usage}")),
        };
        if port == 0 {
            return Err(format!("--url {shown:?}: port 0 is not a port a node can listen on"));
        }
        Ok(Node { info, host, port, tls })
    }

    /// `HOST:PORT` as errors and the report name it (never with the password).
    fn name(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// The URL with its password replaced by `***`, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            let masked = if userinfo.contains(':') { format!("{user}:***") } else { user.to_string() };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `PATH -c 'import redis; print(redis.__version__)'`, within PYTHON_TIMEOUT.
fn python_release(path: &str) -> Result<Release, String> {
    let mut child = Command::new(path)
        .args(["-c", "import redis; print(redis.__version__)"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("--python {path}: cannot run it: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > PYTHON_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "--python {path}: 'import redis' did not finish in {} s",
                    PYTHON_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("--python {path}: {e}")),
        }
    }
    let out = child.wait_with_output().map_err(|e| format!("--python {path}: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no error message");
        return Err(format!(
            "--python {path} cannot import redis ({}): install redis-py there (pip install redis) or give --redis-py X.Y.Z",
            one_line(last)
        ));
    }
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Release::parse(&version).map_err(|e| format!("--python {path}: {e}"))
}

/// Connects (TCP, TLS, AUTH within `timeout`) and sends CLUSTER SLOTS (answered within
/// `timeout`); the reply goes through the engine's own parser as the JSON
/// `redis-cli --json CLUSTER SLOTS` prints.
fn fetch_cluster_slots(node: &Node, timeout: Duration) -> Result<ClusterSlotsReply, String> {
    let name = node.name();
    let secs = fmt_secs(timeout);
    let client =
        redis::Client::open(node.info.clone()).map_err(|e| format!("cannot connect to {name}: {}", err_text(&e)))?;
    let mut con = client.get_connection_with_timeout(timeout).map_err(|e| {
        if e.is_connection_refusal() {
            format!("cannot connect to {name}: connection refused (is the node up?)")
        } else if e.is_timeout() {
            format!("cannot connect to {name}: no answer within {secs} (connect, TLS handshake and AUTH)")
        } else if e.kind() == redis::ErrorKind::AuthenticationFailed {
            // The client keeps only that AUTH failed, not the server's words.
            format!(
                "authentication failed at {name}: AUTH with the URL's user/password was refused \
                 (wrong password, unknown user, or the node has no password)"
            )
        } else if is_auth_error(&e) {
            format!("authentication failed at {name}: {}", err_text(&e))
        } else {
            let tls = if node.tls { " over TLS" } else { "" };
            format!("cannot connect to {name}{tls}: {}", err_text(&e))
        }
    })?;
    con.set_read_timeout(Some(timeout)).map_err(|e| format!("{name}: {}", err_text(&e)))?;
    con.set_write_timeout(Some(timeout)).map_err(|e| format!("{name}: {}", err_text(&e)))?;
    let value: redis::Value = redis::cmd("CLUSTER").arg("SLOTS").query(&mut con).map_err(|e| {
        if e.is_timeout() {
            format!("{name} did not answer CLUSTER SLOTS within {secs}")
        } else if is_auth_error(&e) {
            format!(
                "authentication failed at {name}: {} (give the password in the URL: redis://[user]:PASSWORD@HOST:PORT)",
                err_text(&e)
            )
        } else if e.to_string().contains("cluster support disabled") {
            format!("{name} is not a cluster node: CLUSTER SLOTS answered {}", err_text(&e))
        } else if e.code().is_some() {
            format!("{name} answered CLUSTER SLOTS with an error: {}", err_text(&e))
        } else {
            format!("{name}: CLUSTER SLOTS failed: {}", err_text(&e))
        }
    })?;
    if let redis::Value::Array(items) = &value {
        if items.is_empty() {
            return Err(format!("{name} serves no slots: its CLUSTER SLOTS reply is empty (no slot is assigned yet)"));
        }
    }
    let json = to_json(&value).map_err(|e| format!("{name}: unexpected CLUSTER SLOTS reply: {e}"))?;
    parse_cluster_slots(&json.to_string()).map_err(|e| format!("{name}: CLUSTER SLOTS reply: {e}"))
}

fn is_auth_error(e: &redis::RedisError) -> bool {
    e.kind() == redis::ErrorKind::AuthenticationFailed || matches!(e.code(), Some("NOAUTH" | "WRONGPASS")) || {
        let s = e.to_string();
        s.contains("NOAUTH") || s.contains("WRONGPASS") || s.contains("without any password configured")
    }
}

/// A redis error in one line; a server's error as the server said it (`ERR ...`).
fn err_text(e: &redis::RedisError) -> String {
    match (e.code(), e.detail()) {
        (Some(code), Some(detail)) => one_line(&format!("{code} {detail}")),
        _ => one_line(&e.to_string()),
    }
}

fn fmt_secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// A RESP value as `redis-cli --json` prints it: RESP3 maps become objects, strings
/// are text (lossy UTF-8), nil is null.
fn to_json(v: &redis::Value) -> Result<serde_json::Value, String> {
    use redis::Value as R;
    use serde_json::Value as J;
    Ok(match v {
        R::Nil => J::Null,
        R::Int(i) => J::from(*i),
        R::BulkString(b) => J::String(String::from_utf8_lossy(b).into_owned()),
        R::SimpleString(s) => J::String(s.clone()),
        R::Okay => J::String("OK".into()),
        R::VerbatimString { text, .. } => J::String(text.clone()),
        R::Array(items) | R::Set(items) => J::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        R::Map(pairs) => {
            let mut obj = serde_json::Map::new();
            for (k, v) in pairs {
                let key = match to_json(k)? {
                    J::String(s) => s,
                    other => other.to_string(),
                };
                obj.insert(key, to_json(v)?);
            }
            J::Object(obj)
        }
        R::Attribute { data, .. } => to_json(data)?,
        R::Boolean(b) => J::Bool(*b),
        R::Double(d) => J::String(d.to_string()),
        R::ServerError(e) => return Err(format!("an error inside the reply: {e:?}")),
        other => return Err(format!("a value CLUSTER SLOTS never holds: {other:?}")),
    })
}

/// One model's result: the verdict on the reply (the client built from the URL's node,
/// as `simulate` runs it) and the diagnosis with every remedy.
struct Checked {
    verdict: Verdict,
    diagnosis: Diagnosis,
    leaks: bool,
}

fn check_model(model: Model, reply: &ClusterSlotsReply, host: &str, port: u16) -> Result<Checked, String> {
    let run = simulate(&Scenario::new(model, host, port, reply.clone()))?;
    let verdict = Verdict::of(&run, reply);
    let diagnosis = diagnose(model, reply, host, port);
    let leaks = verdict.error.is_some() || verdict.leaks() || diagnosis.outcome.leaks;
    Ok(Checked { verdict, diagnosis, leaks })
}

/// The report, and whether any setup leaks.
fn report(node: &Node, reply: &ClusterSlotsReply, models: &[Model], json: bool) -> Result<(String, bool), String> {
    let checked: Vec<Checked> =
        models.iter().map(|&m| check_model(m, reply, &node.host, node.port)).collect::<Result<_, _>>()?;
    let leaks = checked.iter().any(|c| c.leaks);
    if json {
        let mut docs: Vec<serde_json::Value> = checked.iter().map(|c| json_of(node, c)).collect::<Result<_, _>>()?;
        let doc = if docs.len() == 1 { docs.remove(0) } else { serde_json::Value::Array(docs) };
        return Ok((serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n", leaks));
    }
    let mut out = format!("{}: {}\n", node.name(), describe_reply(reply));
    for c in &checked {
        out += &format!("{}\n", c.verdict.sentence());
        // Remedies only for a setup that leaks; the JSON carries them always.
        out += &if c.leaks { Diagnosis::text(&c.diagnosis) } else { format!("{}\n", c.diagnosis.sentence()) };
    }
    if checked.len() > 1 {
        let leaking: Vec<&str> = checked.iter().filter(|c| c.leaks).map(|c| c.diagnosis.model.name()).collect();
        out += &if leaking.is_empty() {
            format!("no leak in any of the {} setups checked\n", checked.len())
        } else {
            format!("{} of {} setups checked leak: {}\n", leaking.len(), checked.len(), leaking.join(", "))
        };
    }
    Ok((out, leaks))
}

/// `6 slot ranges, 6 nodes (3 primaries), announced as localhost`.
fn describe_reply(reply: &ClusterSlotsReply) -> String {
    let mut nodes: Vec<(&str, u16)> = Vec::new();
    let mut primaries: Vec<(&str, u16)> = Vec::new();
    let mut hosts: Vec<&str> = Vec::new();
    primaries.extend(reply.entries.iter().map(|e| (e.primary.host.as_str(), e.primary.port)));
    for n in reply.nodes() {
        nodes.push((&n.host, n.port));
        hosts.push(match n.host.as_str() {
            "" => "\"\" (empty)",
            slotscope::engine::NULL_HOST => "null (unknown-endpoint)",
            host => host,
        });
    }
    for v in [&mut nodes, &mut primaries] {
        v.sort_unstable();
        v.dedup();
    }
    hosts.sort_unstable();
    hosts.dedup();
    let ranges = reply.entries.len();
    format!(
        "CLUSTER SLOTS: {ranges} slot range{}, {} node{} ({} primar{}), announced as {}",
        if ranges == 1 { "" } else { "s" },
        nodes.len(),
        if nodes.len() == 1 { "" } else { "s" },
        primaries.len(),
        if primaries.len() == 1 { "y" } else { "ies" },
        hosts.join(", ")
    )
}

/// `--json`: the verdict's fields (as `simulate --json`), then where the reply came
/// from, whether the setup leaks, the diagnosis and every remedy.
fn json_of(node: &Node, c: &Checked) -> Result<serde_json::Value, String> {
    use serde_json::json;
    let mut doc = serde_json::to_value(&c.verdict).map_err(|e| e.to_string())?;
    let outcome = |o: &slotscope::app::remedy::Outcome| {
        json!({
            "leaks": o.leaks,
            "orphans_per_refresh": o.orphans_per_refresh,
            "sockets_per_refresh": o.sockets_per_refresh,
            "open_after_close": o.open_after_close,
            "warnings": o.warnings,
            "error": o.error,
        })
    };
    let d = &c.diagnosis;
    let remedies: Vec<serde_json::Value> = d
        .remedies
        .iter()
        .map(|r| {
            json!({
                "kind": r.kind.name(),
                "action": r.action(),
                "available": r.available,
                "fixes": r.fixes(),
                "outcome": r.outcome.as_ref().map(outcome),
                "target": r.target.map(|m| m.name()),
                "why": r.why(),
            })
        })
        .collect();
    let extra = json!({
        "node": node.name(),
        "startup_host": node.host,
        "startup_port": node.port,
        "release": d.model.release().version(),
        "client": d.model.flavor().name(),
        "leaks": c.leaks,
        "diagnosis": {
            "sentence": d.sentence(),
            "outcome": outcome(&d.outcome),
            "cheapest": d.cheapest().map(|r| r.action()),
            "cheapest_kind": d.cheapest().map(|r| r.kind.name()),
        },
        "remedies": remedies,
    });
    if let (Some(obj), serde_json::Value::Object(more)) = (doc.as_object_mut(), extra) {
        obj.extend(more);
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(redact("redis://alice:s3cret@127.0.0.1:7000/0"), "redis://alice:***@127.0.0.1:7000/0");
        assert_eq!(redact("rediss://:s3cret@h:1"), "rediss://:***@h:1");
        assert_eq!(redact("redis://alice@h:1"), "redis://alice@h:1");
        assert_eq!(redact("redis://h:1"), "redis://h:1");
        assert_eq!(redact("redis://a:b@c@h:1?x=@"), "redis://a:***@h:1?x=@");
    }

    #[test]
    fn urls_are_read_with_auth_and_tls() {
        let n = Node::from_url("redis://alice:s3cret@127.0.0.1:7000").unwrap();
        assert_eq!((n.host.as_str(), n.port, n.tls), ("127.0.0.1", 7000, false));
        assert_eq!(n.info.redis_settings().username(), Some("alice"));
        assert_eq!(n.info.redis_settings().password(), Some("s3cret"));
        let n = Node::from_url("rediss://localhost").unwrap();
        assert_eq!((n.host.as_str(), n.port, n.tls), ("localhost", 6379, true));
        for bad in ["127.0.0.1:7000", "http://h:1", "redis://", "redis://:pw@:7000", "redis://h:99999", "unix:///tmp/s"]
        {
            let e = Node::from_url(bad).err().unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(!e.contains('\n') && e.starts_with("--url"), "{e}");
        }
        assert!(!Node::from_url("redis://u:topsecret@h:99999").err().unwrap().contains("topsecret"));
    }

    #[test]
    fn resp3_maps_become_the_json_redis_cli_prints() {
        use redis::Value as R;
        let node = |h: &str, p: i64| {
            R::Array(vec![
                R::BulkString(h.into()),
                R::Int(p),
                R::BulkString(b"id".to_vec()),
                R::Map(vec![(R::BulkString(b"ip".to_vec()), R::BulkString(b"127.0.0.1".to_vec()))]),
            ])
        };
        let v =
            R::Array(vec![R::Array(vec![R::Int(0), R::Int(16383), node("localhost", 7000), node("localhost", 7001)])]);
        let reply = parse_cluster_slots(&to_json(&v).unwrap().to_string()).unwrap();
        assert_eq!(reply.entries.len(), 1);
        assert_eq!(reply.entries[0].replicas[0].port, 7001);
        assert_eq!(reply.entries[0].primary.metadata, [("ip".to_string(), "127.0.0.1".to_string())]);
    }
}
