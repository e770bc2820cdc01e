//! "I am on release X with client Y and my cluster announces Z: do I leak, how much
//! per refresh, and what is the cheapest fix?" Every answer is a run of the engine:
//! the setup as it is, then the same setup with each remedy applied.

use crate::engine::scenario::Remap;
use crate::engine::{simulate, ClusterSlotsReply, Flavor, Model, Release, Scenario, Verdict, Workload};
use crate::i18n::{Lang, Msg};
use crate::tr;

/// The first release with `address_remap` in both clients (docs/eras.md, (r)).
pub const ADDRESS_REMAP_SINCE: Release = Release::of("4.5.5");

/// Re-initializes measured to tell what one refresh costs.
const REFRESHES: u32 = 2;

/// What one setup does, as the engine predicts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub leaks: bool,
    /// Orphaned ClusterNode objects after each initialize.
    pub orphans_per_refresh: u32,
    /// Sockets a service that sends traffic after every refresh leaves to the garbage
    /// collector per refresh (connections opened through orphans).
    pub sockets_per_refresh: u32,
    pub open_after_close: u32,
    pub warnings: u32,
    pub error: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemedyKind {
    /// `RedisCluster(..., address_remap=...)` mapping `localhost` to `127.0.0.1`.
    AddressRemap,
    /// Another release of the same client.
    Upgrade,
    /// `cluster-preferred-endpoint-type ip` on every server: the cluster announces IPs.
    AnnounceIp,
    /// Starting the client from `127.0.0.1` instead of `localhost`.
    StartupIp,
}

/// What a remedy asks the visitor to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    AddressRemap,
    Upgrade(Release),
    /// No release of this client up to the newest stops the leak.
    NoUpgrade(Flavor),
    AnnounceIp,
    StartFromIp,
    /// The client starts from this host, not `localhost`: nothing to change.
    StartupHost(String),
}

/// Why a remedy helps, does not, or is not available.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    RemapSince,
    NoLocalhostNode,
    RemapMatches,
    SyncNeverFixed,
    RebuildsSlotsCache,
    ReplicasPerRange,
    CloseDisconnects,
    OldestClean,
    AnnouncesIp,
    NoLocalhost,
    StartupOnlyAsks,
    StartupNotLocalhost,
}

impl Step {
    /// What to do, in one line, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Step::AddressRemap => Msg::RemedyActionAddressRemap.text(lang).into(),
            Step::Upgrade(release) => tr!(lang, RemedyActionUpgrade, release = release),
            Step::NoUpgrade(flavor) => {
                let client = match flavor {
                    Flavor::Async => "async",
                    Flavor::Sync => "sync",
                };
                tr!(lang, RemedyActionNoUpgrade, client = client, newest = Release::NEWEST)
            }
            Step::AnnounceIp => Msg::RemedyActionAnnounceIp.text(lang).into(),
            Step::StartFromIp => Msg::RemedyActionStartupIp.text(lang).into(),
            Step::StartupHost(host) => tr!(lang, RemedyActionStartupHost, host = host),
        }
    }
}

impl Reason {
    /// The reason, in one line, in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Reason::RemapSince => Msg::RemedyWhyRemapSince,
            Reason::NoLocalhostNode => Msg::RemedyWhyNoLocalhostNode,
            Reason::RemapMatches => Msg::RemedyWhyRemapMatches,
            Reason::SyncNeverFixed => Msg::RemedyWhySyncNeverFixed,
            Reason::RebuildsSlotsCache => Msg::RemedyWhyRebuildsSlotsCache,
            Reason::ReplicasPerRange => Msg::RemedyWhyReplicasPerRange,
            Reason::CloseDisconnects => Msg::RemedyWhyCloseDisconnects,
            Reason::OldestClean => Msg::RemedyWhyOldestClean,
            Reason::AnnouncesIp => Msg::RemedyWhyAnnouncesIp,
            Reason::NoLocalhost => Msg::RemedyWhyNoLocalhost,
            Reason::StartupOnlyAsks => Msg::RemedyWhyStartupOnlyAsks,
            Reason::StartupNotLocalhost => Msg::RemedyWhyStartupNotLocalhost,
        }
        .text(lang)
    }
}

/// One remedy tried on the setup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remedy {
    pub kind: RemedyKind,
    /// What to do, as facts (`action` in words).
    pub step: Step,
    /// False when the release cannot do it (no address_remap before 4.5.5, no release
    /// to upgrade to); `outcome` is then None.
    pub available: bool,
    pub outcome: Option<Outcome>,
    /// For an upgrade: the release to upgrade to.
    pub target: Option<Model>,
    /// Why it helps or does not, or why it is not available, as a fact (`why` in
    /// words).
    pub reason: Reason,
}

impl Remedy {
    pub fn fixes(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| !o.leaks && o.error.is_none())
    }

    /// What to do, in one line, in English (`upgrade to redis-py 8.0.0`).
    pub fn action(&self) -> String {
        self.step.text(Lang::En)
    }

    /// One line on why it helps or does not, or why it is not available, in English.
    pub fn why(&self) -> &'static str {
        self.reason.text(Lang::En)
    }

    /// What the remedy did, in a few words (the CLI, `check` and the page say the same).
    pub fn result(&self) -> String {
        self.result_in(Lang::En)
    }

    /// [`Remedy::result`] in `lang`.
    pub fn result_in(&self, lang: Lang) -> String {
        match (&self.outcome, self.available) {
            (_, false) => Msg::RemedyResultNotAvailable.text(lang).into(),
            (None, _) => Msg::RemedyResultNotTried.text(lang).into(),
            (Some(o), _) if o.error.is_some() => {
                tr!(lang, RemedyResultRaises, error = o.error.as_deref().unwrap_or(""))
            }
            (Some(o), _) if !o.leaks => Msg::RemedyResultStops.text(lang).into(),
            (Some(o), _) => {
                tr!(lang, RemedyResultStillLeaks, orphans = o.orphans_per_refresh, open = o.open_after_close)
            }
        }
    }

    fn new(kind: RemedyKind, step: Step, reason: Reason, available: bool, outcome: Option<Outcome>) -> Remedy {
        Remedy { kind, step, available, outcome, target: None, reason }
    }
}

impl RemedyKind {
    /// The name `--json` uses.
    pub fn name(self) -> &'static str {
        match self {
            RemedyKind::AddressRemap => "address_remap",
            RemedyKind::Upgrade => "upgrade",
            RemedyKind::AnnounceIp => "announce_ip",
            RemedyKind::StartupIp => "startup_ip",
        }
    }
}

impl Diagnosis {
    /// The sentence, then every remedy tried, one line each.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.sentence());
        for r in &self.remedies {
            out += &format!("  - {}: {} ({})\n", r.action(), r.result(), r.why());
        }
        out
    }
}

/// The setup, and every remedy tried on it, cheapest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub model: Model,
    pub outcome: Outcome,
    pub remedies: Vec<Remedy>,
}

impl Diagnosis {
    /// The first remedy (in order of cost: a client option, an upgrade, then server
    /// configuration) that stops the leak.
    pub fn cheapest(&self) -> Option<&Remedy> {
        self.remedies.iter().find(|r| r.fixes())
    }

    /// One line for the CLI and the page.
    pub fn sentence(&self) -> String {
        self.sentence_in(Lang::En)
    }

    /// [`Diagnosis::sentence`] in `lang`.
    pub fn sentence_in(&self, lang: Lang) -> String {
        let (o, model) = (&self.outcome, self.model);
        if let Some(e) = &o.error {
            return tr!(lang, RemedySentenceError, model = model, error = e);
        }
        if !o.leaks {
            return tr!(lang, RemedySentenceNoLeak, model = model);
        }
        let cost = tr!(
            lang,
            RemedyCost,
            orphans = o.orphans_per_refresh,
            sockets = o.sockets_per_refresh,
            open = o.open_after_close
        );
        match self.cheapest() {
            Some(r) => tr!(lang, RemedySentenceFix, model = model, cost = cost, fix = r.step.text(lang)),
            None => tr!(lang, RemedySentenceNoFix, model = model, cost = cost),
        }
    }
}

/// One run with traffic after every refresh: what the last refresh orphaned, the
/// connections it leaked, and what close() leaves open.
fn run(model: Model, reply: &ClusterSlotsReply, host: &str, port: u16, remap: &[Remap]) -> Outcome {
    let mut sc = Scenario::new(model, host, port, reply.clone());
    sc.reinit = REFRESHES;
    sc.workload = Workload::EveryRefresh;
    sc.address_remap = remap.to_vec();
    let v = match simulate(&sc) {
        Ok(run) => Verdict::of(&run, reply),
        Err(e) => {
            return Outcome {
                leaks: true,
                orphans_per_refresh: 0,
                sockets_per_refresh: 0,
                open_after_close: 0,
                warnings: 0,
                error: Some(e),
            }
        }
    };
    let sockets_per_refresh = match v.rounds.as_slice() {
        [.., a, b] => b.leaked_sockets.saturating_sub(a.leaked_sockets),
        [one] => one.leaked_sockets,
        [] => 0,
    };
    Outcome {
        leaks: v.leaks() || v.error.is_some(),
        orphans_per_refresh: v.orphans_per_initialize.last().copied().unwrap_or(0),
        sockets_per_refresh,
        open_after_close: v.open_connections_after_close,
        warnings: v.unclosed_warnings,
        error: v.error,
    }
}

/// `address_remap` rules sending every `localhost` node of the reply to `127.0.0.1`.
pub fn localhost_remap(reply: &ClusterSlotsReply) -> Vec<Remap> {
    Remap::host_on_every_port(reply, "localhost", "127.0.0.1")
}

/// The reply a cluster with `cluster-preferred-endpoint-type ip` sends: every
/// `localhost` host is its IP.
pub fn announcing_ips(reply: &ClusterSlotsReply) -> ClusterSlotsReply {
    let mut r = reply.clone();
    r.nodes_mut().filter(|n| n.host == "localhost").for_each(|n| n.host = "127.0.0.1".into());
    r
}

/// The oldest release of `model`'s client, newer than it, that does not leak here.
fn upgrade_target(model: Model, reply: &ClusterSlotsReply, host: &str, port: u16) -> Option<(Model, Outcome)> {
    let mut tried_era = None;
    for release in Release::all().filter(|&r| r > model.release()) {
        let m = Model::new(model.flavor(), release);
        // Releases of one era behave alike on the registry: try one per era.
        let era = m.era() as *const _;
        if tried_era == Some(era) {
            continue;
        }
        tried_era = Some(era);
        let outcome = run(m, reply, host, port, &[]);
        if !outcome.leaks {
            // The era's first release is the oldest that behaves so.
            return Some((Model::new(m.flavor(), m.era().first), outcome));
        }
    }
    None
}

/// Why the upgrade target behaves: the first difference between the eras that matters.
fn upgrade_why(from: Model, to: Option<Model>) -> Reason {
    let Some(to) = to else {
        return Reason::SyncNeverFixed;
    };
    let (a, b) = (from.traits(), to.traits());
    if b.rebuilds_slots_cache && !a.rebuilds_slots_cache {
        Reason::RebuildsSlotsCache
    } else if a.replicas_per_slot && !b.replicas_per_slot {
        Reason::ReplicasPerRange
    } else if b.close_disconnects_pool && !a.close_disconnects_pool {
        Reason::CloseDisconnects
    } else {
        Reason::OldestClean
    }
}

/// Runs the setup and every remedy on it.
pub fn diagnose(model: Model, reply: &ClusterSlotsReply, host: &str, port: u16) -> Diagnosis {
    let outcome = run(model, reply, host, port, &[]);
    let mut remedies = Vec::new();
    let remap = localhost_remap(reply);
    let has_remap = model.release() >= ADDRESS_REMAP_SINCE;
    let remaps = has_remap && !remap.is_empty();
    remedies.push(Remedy::new(
        RemedyKind::AddressRemap,
        Step::AddressRemap,
        match (has_remap, remap.is_empty()) {
            (false, _) => Reason::RemapSince,
            (true, true) => Reason::NoLocalhostNode,
            (true, false) => Reason::RemapMatches,
        },
        remaps,
        remaps.then(|| run(model, reply, host, port, &remap)),
    ));
    let upgrade = upgrade_target(model, reply, host, port);
    let target = upgrade.as_ref().map(|(m, _)| *m);
    remedies.push(Remedy {
        target,
        ..Remedy::new(
            RemedyKind::Upgrade,
            match target {
                Some(m) => Step::Upgrade(m.release()),
                None => Step::NoUpgrade(model.flavor()),
            },
            upgrade_why(model, target),
            upgrade.is_some(),
            upgrade.map(|(_, o)| o),
        )
    });
    let ips = announcing_ips(reply);
    let announces_localhost = ips != *reply;
    remedies.push(Remedy::new(
        RemedyKind::AnnounceIp,
        Step::AnnounceIp,
        if announces_localhost { Reason::AnnouncesIp } else { Reason::NoLocalhost },
        announces_localhost,
        announces_localhost.then(|| run(model, &ips, host, port, &[])),
    ));
    let from_localhost = host == "localhost";
    remedies.push(Remedy::new(
        RemedyKind::StartupIp,
        if from_localhost { Step::StartFromIp } else { Step::StartupHost(host.to_string()) },
        if from_localhost { Reason::StartupOnlyAsks } else { Reason::StartupNotLocalhost },
        from_localhost,
        from_localhost.then(|| run(model, reply, "127.0.0.1", port, &[])),
    ));
    Diagnosis { model, outcome, remedies }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Announce, Topology};

    fn reply(announce: &str) -> ClusterSlotsReply {
        Topology::new(3, 1, 2, Announce::parse(announce).unwrap()).cluster_slots().unwrap()
    }

    #[test]
    fn the_3163_setup_leaks_and_a_client_option_is_the_cheapest_fix() {
        let d = diagnose(Model::ASYNC_501, &reply("localhost"), "localhost", 7000);
        assert!(d.outcome.leaks);
        assert_eq!(d.outcome.open_after_close, 3);
        assert_eq!(d.outcome.sockets_per_refresh, 3, "{d:?}");
        assert_eq!(d.cheapest().unwrap().kind, RemedyKind::AddressRemap);
        let upgrade = d.remedies.iter().find(|r| r.kind == RemedyKind::Upgrade).unwrap();
        assert!(upgrade.fixes() && upgrade.action().contains("8.0.0"), "{upgrade:?}");
        assert!(upgrade.why().contains("rebuilds slots_cache"), "{upgrade:?}");
        let startup = d.remedies.iter().find(|r| r.kind == RemedyKind::StartupIp).unwrap();
        assert!(!startup.fixes(), "the startup host changes nothing");
        assert!(d.remedies.iter().find(|r| r.kind == RemedyKind::AnnounceIp).unwrap().fixes());
        assert!(d.sentence().contains("cheapest fix: pass address_remap"), "{}", d.sentence());
    }

    #[test]
    fn old_releases_have_no_address_remap_and_sync_has_no_upgrade() {
        let d = diagnose(Model::new(Flavor::Async, Release::of("4.4.0")), &reply("localhost"), "localhost", 7000);
        let remap = &d.remedies[0];
        assert!(!remap.available && remap.outcome.is_none());
        assert_eq!(d.cheapest().unwrap().kind, RemedyKind::Upgrade);
        let s = diagnose(Model::SYNC_810, &reply("localhost"), "localhost", 7000);
        let up = s.remedies.iter().find(|r| r.kind == RemedyKind::Upgrade).unwrap();
        assert!(!up.available && up.action().contains("no sync release"), "{up:?}");
        assert_eq!(s.cheapest().unwrap().kind, RemedyKind::AddressRemap);
    }

    #[test]
    fn the_7_2_regression_leaks_with_ips_and_only_an_upgrade_stops_it() {
        let d = diagnose(Model::new(Flavor::Async, Release::of("7.3.1")), &reply("ip"), "localhost", 7000);
        assert!(d.outcome.leaks, "{d:?}");
        let fixes: Vec<RemedyKind> = d.remedies.iter().filter(|r| r.fixes()).map(|r| r.kind).collect();
        assert_eq!(fixes, [RemedyKind::Upgrade]);
        assert!(d.cheapest().unwrap().action().contains("8.0.0"));
        let clean = diagnose(Model::ASYNC_810, &reply("localhost"), "localhost", 7000);
        assert!(!clean.outcome.leaks && clean.sentence().contains("no leak"));
    }
}
