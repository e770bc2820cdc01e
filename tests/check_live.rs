//! `slotscope check --url ...`: the real binary against real nodes on 127.0.0.1.
//!
//! The tests that need no server (argument errors, a port where nothing listens, a
//! node that never answers, a python without redis) always run. The live ones are
//! `#[ignore]`d, like tests/repro.rs's: `conformance/check-live.sh` starts a
//! localhost-announcing and an IP-announcing cluster with conformance/cluster.sh
//! (SLOTSCOPE_CLUSTER_PORT_HOSTNAME / SLOTSCOPE_CLUSTER_PORT_IP) and runs them with
//! `--include-ignored`; the ones that start their own redis-server (password, ACL
//! user, TLS, a node that goes down, not a cluster) need only redis-server and
//! redis-cli (openssl for TLS).
#![cfg(not(target_arch = "wasm32"))]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn slotscope_env(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slotscope"));
    cmd.arg("check").args(args).stdin(Stdio::null());
    // TLS trusts what these say; the tests set them where they need them.
    cmd.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code().expect("slotscope was killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn check(args: &[&str]) -> Out {
    slotscope_env(args, &[])
}

/// Exit 2, nothing on stdout, exactly one line on stderr, `slotscope: ...` naming `what`.
#[track_caller]
fn assert_error(out: &Out, what: &str) {
    assert_eq!(out.code, 2, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "stdout on error: {}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "not one line: {:?}", out.stderr);
    assert!(out.stderr.starts_with("slotscope: "), "{:?}", out.stderr);
    assert!(out.stderr.contains(what), "expected {what:?} in {:?}", out.stderr);
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
fn unused_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

// ---- always run: no server needed -------------------------------------------------

#[test]
fn help_names_the_url_and_the_exit_codes() {
    let out = check(&["--help"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("--url") && out.stdout.contains("Exit status: 0 no leak, 1"), "{}", out.stdout);
}

#[test]
fn bad_urls_and_arguments_exit_2_with_one_line() {
    assert_error(&check(&[]), "--url redis://[user:pass@]HOST:PORT is required");
    assert_error(&check(&["--url", "127.0.0.1:7000"]), "is not a URL");
    assert_error(&check(&["--url", "http://127.0.0.1:7000"]), "unknown scheme 'http'");
    assert_error(&check(&["--url", "redis://"]), "names no host");
    assert_error(&check(&["--url", "redis://:pw@:7000"]), "names no host");
    assert_error(&check(&["--url", "redis://127.0.0.1:70000"]), "not a valid URL");
    assert_error(&check(&["--url", "unix:///tmp/redis.sock"]), "needs a TCP node");
    assert_error(&check(&["--url", "redis://127.0.0.1:7000", "--client", "both-ish"]), "--client");
    assert_error(&check(&["--url", "redis://127.0.0.1:7000", "--timeout", "0"]), "--timeout");
    assert_error(&check(&["--url", "redis://127.0.0.1:7000", "--bogus"]), "unknown argument --bogus");
    assert_error(
        &check(&["--url", "redis://127.0.0.1:7000", "--redis-py", "5.0.1", "--python", "python3"]),
        "not both",
    );
    // The password never reaches the message.
    let out = check(&["--url", "redis://alice:hunter2@127.0.0.1:70000"]);
    assert_error(&out, "alice:***@");
    assert!(!out.stderr.contains("hunter2"));
}

#[test]
fn an_unknown_release_is_refused_before_any_connection() {
    // Nothing listens on the port: the release error must come first.
    let url = format!("redis://127.0.0.1:{}", unused_port());
    assert_error(&check(&["--url", &url, "--redis-py", "9.9.9"]), "redis-py 9.9.9 is not modelled");
    assert_error(&check(&["--url", &url, "--redis-py", "4.2.0"]), "older than the oldest modelled release");
    assert_error(&check(&["--url", &url, "--redis-py", "five"]), "is not a redis-py version");
}

#[test]
fn a_port_where_nothing_listens_exits_2() {
    let url = format!("redis://127.0.0.1:{}", unused_port());
    let out = check(&["--url", &url, "--redis-py", "5.0.1"]);
    assert_error(&out, "connection refused");
    assert!(out.stderr.contains(&url["redis://".len()..]), "names the node: {}", out.stderr);
}

#[test]
fn a_node_that_never_answers_times_out() {
    // Accepts connections (the kernel's backlog) and never says a word.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://127.0.0.1:{}", silent.local_addr().unwrap().port());
    let started = Instant::now();
    let out = check(&["--url", &url, "--redis-py", "5.0.1"]);
    let took = started.elapsed();
    assert_error(&out, "no answer within 3 s");
    assert!(took >= Duration::from_millis(2500) && took < Duration::from_secs(20), "took {took:?}");
    let out = check(&["--url", &url, "--redis-py", "5.0.1", "--timeout", "0.5"]);
    assert_error(&out, "no answer within 0.5 s");
    drop(silent);
}

/// A stand-in `python` that prints `stdout`, writes `stderr` and exits with `code`.
fn fake_python(name: &str, stdout: &str, stderr: &str, code: i32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::temp_dir().join(format!("slotscope-check-{}-{name}", std::process::id()));
    let script = format!("#!/bin/sh\nprintf '%s\\n' '{stdout}'\nprintf '%s\\n' '{stderr}' >&2\nexit {code}\n");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_python_without_redis_or_with_an_unmodelled_one_exits_2() {
    let url = format!("redis://127.0.0.1:{}", unused_port());
    let traceback = "ModuleNotFoundError: No module named redis";
    let no_redis = fake_python("no-redis", "", traceback, 1);
    let out = check(&["--url", &url, "--python", no_redis.to_str().unwrap()]);
    assert_error(&out, "cannot import redis (ModuleNotFoundError: No module named redis)");
    let old = fake_python("old-redis", "3.5.3", "", 0);
    assert_error(&check(&["--url", &url, "--python", old.to_str().unwrap()]), "redis-py 3.5.3 is not modelled");
    assert_error(&check(&["--url", &url, "--python", "/nonexistent/bin/python"]), "cannot run it");
    // A modelled release read from python goes on to connect (and finds nothing there).
    let good = fake_python("good-redis", "5.0.1", "", 0);
    assert_error(&check(&["--url", &url, "--python", good.to_str().unwrap()]), "connection refused");
    for p in [no_redis, old, good] {
        std::fs::remove_file(p).ok();
    }
}

// ---- live: the clusters of conformance/check-live.sh --------------------------------

/// The startup port of the cluster announcing `mode` (`HOSTNAME` or `IP`).
fn cluster_port(mode: &str) -> String {
    let var = format!("SLOTSCOPE_CLUSTER_PORT_{mode}");
    std::env::var(&var).unwrap_or_else(|_| {
        panic!("{var} is not set: run the live tests with conformance/check-live.sh (it starts the clusters)")
    })
}

/// cluster.sh's layout of that cluster, as a `--topology` document for `simulate`.
fn cluster_topology(mode: &str, announce: &str) -> String {
    let port = cluster_port(mode);
    let layout = std::env::var(format!("SLOTSCOPE_CLUSTER_LAYOUT_{mode}")).unwrap_or_else(|_| "3,1,2".into());
    let n: Vec<&str> = layout.split(',').collect();
    format!(
        r#"{{"primaries": {}, "replicas": {}, "ranges_per_primary": {}, "announce": "{announce}", "base_port": {port}}}"#,
        n[0], n[1], n[2]
    )
}

#[test]
#[ignore = "needs the clusters of conformance/check-live.sh"]
fn the_3163_cluster_leaks_with_5_0_1_async_and_names_the_cheapest_fix() {
    let url = format!("redis://127.0.0.1:{}", cluster_port("HOSTNAME"));
    let out = check(&["--url", &url, "--redis-py", "5.0.1", "--client", "async"]);
    assert_eq!(out.code, 1, "a leak exits 1\n{}{}", out.stdout, out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    println!("{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].contains("announced as localhost"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("async-5.0.1: leaks: 16384 orphaned ClusterNode objects per initialize"),
        "the verdict names the orphans: {}",
        lines[1]
    );
    assert!(
        lines[2].contains("cheapest fix: pass address_remap mapping localhost to 127.0.0.1"),
        "the diagnosis names the cheapest fix: {}",
        lines[2]
    );
    assert!(out.stdout.contains("upgrade to redis-py 8.0.0 or newer: stops the leak"), "{}", out.stdout);
    // Only the async client was asked for.
    assert!(!out.stdout.lines().any(|l| l.starts_with("sync-")), "{}", out.stdout);

    let out = check(&["--url", &url, "--redis-py", "5.0.1", "--client", "async", "--json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["model"], "async-5.0.1");
    assert_eq!(doc["leaks"], true);
    assert_eq!(doc["orphaned_objects"], 16384);
    assert_eq!(doc["open_connections_after_close"], 3);
    assert_eq!(doc["diagnosis"]["cheapest_kind"], "address_remap");
    let remedies = doc["remedies"].as_array().unwrap();
    assert_eq!(remedies.len(), 4);
    assert!(remedies.iter().any(|r| r["kind"] == "upgrade" && r["fixes"] == true && r["target"] == "async-8.0.0"));
}

#[test]
#[ignore = "needs the clusters of conformance/check-live.sh"]
fn the_ip_cluster_with_8_1_0_does_not_leak() {
    let url = format!("redis://127.0.0.1:{}", cluster_port("IP"));
    let out = check(&["--url", &url, "--redis-py", "8.1.0"]);
    assert_eq!(out.code, 0, "no leak exits 0\n{}{}", out.stdout, out.stderr);
    println!("{}", out.stdout);
    assert!(out.stdout.contains("announced as 127.0.0.1"), "{}", out.stdout);
    for model in ["async-8.1.0", "sync-8.1.0"] {
        assert!(out.stdout.contains(&format!("{model}: no leak: every ClusterNode")), "{}", out.stdout);
        assert!(out.stdout.contains(&format!("{model}: no leak on this cluster; nothing to fix.")), "{}", out.stdout);
    }
    assert!(out.stdout.ends_with("no leak in any of the 2 setups checked\n"), "{}", out.stdout);
    // The sync client of 8.1.0 still leaks where the cluster announces localhost.
    let url = format!("redis://127.0.0.1:{}", cluster_port("HOSTNAME"));
    let out = check(&["--url", &url, "--redis-py", "8.1.0", "--client", "sync"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("sync-8.1.0: leaks"), "{}", out.stdout);
}

/// `cluster-preferred-endpoint-type unknown-endpoint`: the node sends null hosts, which
/// check reads as redis-py does (Python's None, nodes named `None:<port>`); and a node
/// given as `?` (hostnames preferred, none announced) is refused with the reason.
#[test]
#[ignore = "needs the clusters of conformance/check-live.sh"]
fn null_hosts_are_read_as_none_and_a_question_mark_is_refused() {
    let url = format!("redis://127.0.0.1:{}", cluster_port("UNKNOWN"));
    let out = check(&["--url", &url, "--redis-py", "5.0.1", "--json"]);
    assert_eq!(out.code, 0, "no leak exits 0\n{}{}", out.stdout, out.stderr);
    let port = cluster_port("UNKNOWN");
    assert!(out.stdout.contains(&format!("\"None:{port}\"")), "{}", out.stdout);
    let out = check(&["--url", &url, "--redis-py", "5.0.1"]);
    assert!(out.stdout.contains("announced as null (unknown-endpoint)"), "{}", out.stdout);
    let url = format!("redis://127.0.0.1:{}", cluster_port("PARTIAL"));
    let out = check(&["--url", &url, "--redis-py", "5.0.1"]);
    assert_error(&out, "announced as ?");
}

/// Every era, on both live clusters: what check reads from the node gives exactly the
/// verdict `simulate` gives for the reply the engine generates for cluster.sh's layout.
#[test]
#[ignore = "needs the clusters of conformance/check-live.sh"]
fn every_era_on_the_live_reply_matches_the_engines_reply_for_the_layout() {
    for (mode, announce) in [("HOSTNAME", "localhost"), ("IP", "ip")] {
        let port = cluster_port(mode);
        let url = format!("redis://127.0.0.1:{port}");
        let out = check(&["--url", &url, "--json"]);
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        let live: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
        let leaking = live.iter().filter(|d| d["leaks"] == true).count();
        assert_eq!(out.code, i32::from(leaking > 0), "exit 1 iff a setup leaks");
        let topo = std::env::temp_dir().join(format!("slotscope-check-topology-{}-{mode}.json", std::process::id()));
        std::fs::write(&topo, cluster_topology(mode, announce)).unwrap();
        let sim = Command::new(env!("CARGO_BIN_EXE_slotscope"))
            .args(["simulate", "--model", "all", "--startup-host", "127.0.0.1", "--startup-port", &port])
            .args(["--topology", topo.to_str().unwrap(), "--json"])
            .output()
            .unwrap();
        std::fs::remove_file(&topo).ok();
        assert!(sim.status.success(), "{}", String::from_utf8_lossy(&sim.stderr));
        let engine: Vec<serde_json::Value> = serde_json::from_slice(&sim.stdout).unwrap();
        let eras = engine.iter().filter(|m| !m["model"].as_str().unwrap().contains("fixed")).count();
        assert_eq!(live.len(), eras, "one model per era of each client");
        for doc in &live {
            let want = engine.iter().find(|m| m["model"] == doc["model"]).expect("same models");
            for (key, value) in want.as_object().unwrap() {
                assert_eq!(&doc[key], value, "{mode} {}: {key}", doc["model"]);
            }
        }
        println!("{mode}: {} models, {leaking} leak, verdicts equal to the engine's for the layout", live.len());
    }
}

/// The venv's python (conformance/setup.sh venv 5.0.1; SLOTSCOPE_VENVS moves the dir).
#[test]
#[ignore = "needs the clusters of conformance/check-live.sh and the redis-py 5.0.1 venv"]
fn the_release_is_read_from_a_venvs_python() {
    let venvs = std::env::var("SLOTSCOPE_VENVS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venvs"));
    let python = venvs.join("redis-5.0.1/bin/python");
    assert!(python.exists(), "{} is missing: run conformance/setup.sh venv 5.0.1", python.display());
    let url = format!("redis://127.0.0.1:{}", cluster_port("HOSTNAME"));
    let by_python = check(&["--url", &url, "--python", python.to_str().unwrap()]);
    let by_flag = check(&["--url", &url, "--redis-py", "5.0.1"]);
    assert_eq!(by_python.code, 1, "{}", by_python.stderr);
    assert_eq!(by_python.stdout, by_flag.stdout);
    assert!(by_python.stdout.contains("async-5.0.1: leaks") && by_python.stdout.contains("sync-5.0.1: leaks"));
}

// ---- live: servers these tests start themselves ------------------------------------

/// A redis-server of our own on 127.0.0.1, stopped by PID (and its dir removed) on drop.
struct Server {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A free port whose cluster-bus port (+10000) is free too.
fn free_cluster_port() -> u16 {
    for _ in 0..200 {
        let port = unused_port();
        if port <= 55535 && TcpListener::bind(("127.0.0.1", port + 10000)).is_ok() {
            return port;
        }
    }
    panic!("no free port pair");
}

impl Server {
    /// `redis-server` with `conf` (plus port, bind, dir), up and answering.
    fn start(name: &str, conf: &str, tls: bool) -> Server {
        let port = free_cluster_port();
        let dir = std::env::temp_dir().join(format!("slotscope-check-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let listen = if tls { format!("port 0\ntls-port {port}\n") } else { format!("port {port}\n") };
        let full = format!(
            "{listen}bind 127.0.0.1\ndir {}\nlogfile {}/redis.log\nsave \"\"\nappendonly no\n{conf}\n",
            dir.display(),
            dir.display()
        );
        std::fs::write(dir.join("redis.conf"), full).unwrap();
        let child = Command::new("redis-server")
            .arg(dir.join("redis.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is not installed (conformance/setup.sh redis-server)");
        let server = Server { child, dir, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server {name} did not come up: {}", server.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("redis.log")).unwrap_or_default()
    }

    /// redis-cli against this server (`extra` before the command: -a, --tls ...).
    fn cli(&self, extra: &[&str], args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "--no-auth-warning"])
            .args(extra)
            .args(args)
            .output()
            .expect("redis-cli is not installed");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

#[test]
#[ignore = "needs redis-server and redis-cli: run by conformance/check-live.sh"]
fn passwords_from_the_url_a_wrong_one_and_a_node_that_goes_down() {
    // A one-node cluster that wants a password and knows an ACL user.
    let server = Server::start(
        "auth",
        "cluster-enabled yes\ncluster-config-file nodes.conf\ncluster-announce-ip 127.0.0.1\n\
         requirepass s3cret\nuser alice on >wonderland ~* &* +@all",
        false,
    );
    let addr = format!("127.0.0.1:{}", server.port);
    // No slot assigned yet: an empty reply is an error, not a clean bill of health.
    assert_error(&check(&["--url", &format!("redis://:s3cret@{addr}"), "--redis-py", "8.1.0"]), "serves no slots");
    assert_eq!(server.cli(&["-a", "s3cret"], &["cluster", "addslotsrange", "0", "16383"]), "OK");

    for url in [format!("redis://:s3cret@{addr}"), format!("redis://alice:wonderland@{addr}")] {
        let out = check(&["--url", &url, "--redis-py", "8.1.0"]);
        assert_eq!(out.code, 0, "{url}\n{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("1 slot range, 1 node (1 primary), announced as 127.0.0.1"), "{}", out.stdout);
    }
    let wrong = check(&["--url", &format!("redis://:nope@{addr}"), "--redis-py", "8.1.0"]);
    assert_error(&wrong, "authentication failed at 127.0.0.1:");
    assert!(!wrong.stderr.contains("nope"), "{}", wrong.stderr);
    assert_error(
        &check(&["--url", &format!("redis://alice:nope@{addr}"), "--redis-py", "8.1.0"]),
        "authentication failed",
    );
    assert_error(&check(&["--url", &format!("redis://{addr}"), "--redis-py", "8.1.0"]), "NOAUTH");

    // The node goes down: the same check now fails with one line.
    drop(server);
    assert_error(&check(&["--url", &format!("redis://:s3cret@{addr}"), "--redis-py", "8.1.0"]), "connection refused");
}

#[test]
#[ignore = "needs redis-server and redis-cli: run by conformance/check-live.sh"]
fn a_node_that_is_not_a_cluster_exits_2() {
    let server = Server::start("standalone", "", false);
    let out = check(&["--url", &format!("redis://127.0.0.1:{}", server.port), "--redis-py", "5.0.1"]);
    assert_error(&out, "is not a cluster node");
    assert!(out.stderr.contains("cluster support disabled"), "{}", out.stderr);
}

/// `rediss://`: TLS through rustls, trusting the CA SSL_CERT_FILE names.
#[test]
#[ignore = "needs redis-server (built with TLS), redis-cli and openssl: run by conformance/check-live.sh"]
fn rediss_urls_speak_tls_and_verify_the_certificate() {
    let dir = std::env::temp_dir().join(format!("slotscope-check-{}-certs", std::process::id()));
    if Command::new("openssl").arg("version").output().is_err() {
        println!("skipped: openssl is not installed");
        return;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").current_dir(&dir).args(args).output().unwrap();
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    // A P-256 key and a signing request for `subject`.
    let request = |name: &str, subject: &str| {
        let (key, csr) = (format!("{name}.key"), format!("{name}.csr"));
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        openssl(&[&["req", "-new", "-subj", subject, "-keyout", &key, "-out", &csr][..], &ec].concat());
    };
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
    write(
        "server.ext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n",
    );
    request("ca", "/CN=slotscope test CA");
    openssl(&[
        "x509", "-req", "-in", "ca.csr", "-signkey", "ca.key", "-out", "ca.crt", "-days", "2", "-extfile", "ca.ext",
    ]);
    request("server", "/CN=127.0.0.1");
    let sign = "-CAcreateserial -out server.crt -days 2 -extfile server.ext";
    openssl(
        &[
            &["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key"][..],
            &sign.split(' ').collect::<Vec<_>>(),
        ]
        .concat(),
    );
    let d = dir.display();
    let server = Server::start(
        "tls",
        &format!(
            "tls-cert-file {d}/server.crt\ntls-key-file {d}/server.key\ntls-ca-cert-file {d}/ca.crt\n\
             tls-auth-clients no\ntls-cluster yes\ncluster-enabled yes\ncluster-config-file nodes.conf\n\
             cluster-announce-ip 127.0.0.1"
        ),
        true,
    );
    let tls = ["--tls", "--cacert", &format!("{d}/ca.crt")];
    assert_eq!(server.cli(&tls, &["cluster", "addslotsrange", "0", "16383"]), "OK", "{}", server.log());
    let url = format!("rediss://127.0.0.1:{}", server.port);
    let ca = format!("{d}/ca.crt");

    let out = slotscope_env(&["--url", &url, "--redis-py", "8.1.0"], &[("SSL_CERT_FILE", &ca)]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("announced as 127.0.0.1"), "{}", out.stdout);
    // With the system's trust store only, the certificate is refused, in one line.
    let out = check(&["--url", &url, "--redis-py", "8.1.0"]);
    assert_error(&out, "over TLS");
    println!("without the CA: {}", out.stderr.trim());
    // Plain redis:// to the TLS port: no answer it understands.
    let out = check(&["--url", &format!("redis://127.0.0.1:{}", server.port), "--redis-py", "8.1.0", "--timeout", "1"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    println!("plain redis:// to the TLS port: {}", out.stderr.trim());
    drop(server);
    std::fs::remove_dir_all(&dir).ok();
}
