//! A loaded scenario: both models' runs, their checkpointed timelines, the lockstep
//! alignment, and the chapters a visitor can jump to. Built once per scenario and
//! model pair; every step change only reads it. A session holds no text in any
//! language: a chapter keeps what it marks (`Chapter::label` phrases it), a refused
//! scenario why (a `Fault`).

use super::fault::{Fault, Why};
use super::spec::{ScenarioSpec, MAX_WORK};
use crate::engine::align::{align, Joint};
use crate::engine::{simulate, Action, Cache, ClusterSlotsReply, Model, ObjectId, Run, Timeline, Verdict};
use crate::i18n::{Lang, Msg};
use std::cell::OnceCell;
use std::rc::Rc;

/// One model's run of the scenario.
#[derive(Debug)]
pub struct PaneRun {
    pub model: Model,
    pub run: Run,
    timeline: OnceCell<Timeline>,
    pub verdict: Verdict,
}

impl PaneRun {
    pub fn build(spec: &ScenarioSpec, reply: &ClusterSlotsReply, model: Model) -> Result<PaneRun, Fault> {
        let estimate = spec.estimated_work(model, reply);
        if estimate > MAX_WORK {
            return Err(Why::TooMuchWork { model, estimate, limit: MAX_WORK }.into());
        }
        let run = simulate(&spec.scenario(model, reply.clone())?)?;
        let verdict = Verdict::of(&run, reply);
        Ok(PaneRun { model, run, timeline: OnceCell::new(), verdict })
    }

    /// Checkpoints for showing any step, made the first time a step past the start is
    /// shown: a page opened at step 1 does not wait for them.
    pub fn timeline(&self) -> &Timeline {
        self.timeline.get_or_init(|| Timeline::new(&self.run.trace))
    }

    /// The registry once the first `n` steps of this run have run.
    pub fn state_at(&self, n: usize) -> crate::engine::Registry {
        if n == 0 {
            return crate::engine::Registry::default();
        }
        self.timeline().state_at(&self.run.trace, n)
    }
}

/// A named moment of the shared timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    /// URL-safe name (`first-orphan`, `commit-1`, `close`...), accepted by `?step=`.
    pub slug: String,
    /// What the moment is (a `chapter-*` message), phrased by [`Chapter::label`].
    pub what: Msg,
    /// The `initialize()` round of `init-N`, `commit-N` and `commands-N`.
    pub round: u16,
    /// The models that reach the moment at this joint (the earliest of both sides).
    pub models: Vec<Model>,
    /// Index into `Session::joints`.
    pub joint: usize,
}

impl Chapter {
    /// "initialize() #2 starts", "first orphaned ClusterNode (async-5.0.1)".
    pub fn label(&self, lang: Lang) -> String {
        let models: Vec<&str> = self.models.iter().map(|m| m.name()).collect();
        self.what.fill(lang, "round,models,", &[&self.round, &models.join(", ")])
    }
}

#[derive(Debug)]
pub struct Session {
    pub spec: ScenarioSpec,
    pub reply: ClusterSlotsReply,
    pub left: Rc<PaneRun>,
    pub right: Rc<PaneRun>,
    pub joints: Vec<Joint>,
    pub chapters: Vec<Chapter>,
}

/// Which pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

impl Session {
    /// Runs both models. `previous` lends runs that are still valid (same scenario and
    /// model), so switching one model does not re-run the other. The error is the
    /// English sentence ([`Session::try_build`] gives it as a `Fault`).
    pub fn build(
        spec: &ScenarioSpec,
        left: Model,
        right: Model,
        previous: Option<&Session>,
    ) -> Result<Session, String> {
        Session::try_build(spec, left, right, previous).map_err(|r| r.to_string())
    }

    /// [`Session::build`] with the reason a scenario is refused as a `Fault`: the spec's
    /// or the engine's facts as they were found, phrased in the page's language.
    pub fn try_build(
        spec: &ScenarioSpec,
        left: Model,
        right: Model,
        previous: Option<&Session>,
    ) -> Result<Session, Fault> {
        let reply = spec.reply()?;
        let reuse = |model: Model| -> Option<Rc<PaneRun>> {
            let p = previous.filter(|p| &p.spec == spec)?;
            [&p.left, &p.right].into_iter().find(|r| r.model == model).cloned()
        };
        let left_run = match reuse(left) {
            Some(r) => r,
            None => Rc::new(PaneRun::build(spec, &reply, left)?),
        };
        let right_run = if right == left {
            left_run.clone()
        } else {
            match reuse(right) {
                Some(r) => r,
                None => Rc::new(PaneRun::build(spec, &reply, right)?),
            }
        };
        let joints = align(&left_run.run.trace, &right_run.run.trace);
        if joints.is_empty() {
            return Err(String::from("the runs recorded no steps").into());
        }
        let chapters = chapters(&joints, &left_run, &right_run);
        Ok(Session { spec: spec.clone(), reply, left: left_run, right: right_run, joints, chapters })
    }

    pub fn pane(&self, side: Side) -> &Rc<PaneRun> {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    pub fn len(&self) -> usize {
        self.joints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.joints.is_empty()
    }

    /// Steps of `side`'s run done at joint `pos`.
    pub fn done(&self, side: Side, pos: usize) -> usize {
        let j = &self.joints[pos.min(self.joints.len() - 1)];
        match side {
            Side::Left => j.left,
            Side::Right => j.right,
        }
    }

    pub fn chapter(&self, slug: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.slug == slug)
    }

    /// The first joint at which `side`'s run evicts a different object from
    /// tmp_nodes_cache (the moment an orphan is born), if it ever does.
    pub fn first_orphan(&self, side: Side) -> Option<usize> {
        first_eviction(&self.joints, self.pane(side), side)
    }
}

/// The step `side` has just taken at `joint`, if it moved there.
fn step_at(j: &Joint, side: Side) -> Option<usize> {
    match side {
        Side::Left if j.left_moves => Some(j.left - 1),
        Side::Right if j.right_moves => Some(j.right - 1),
        _ => None,
    }
}

fn first_eviction(joints: &[Joint], pane: &PaneRun, side: Side) -> Option<usize> {
    first_eviction_of(joints, pane, side, |_| true)
}

/// The first joint at which `side` evicts an object that `which` accepts.
fn first_eviction_of(joints: &[Joint], pane: &PaneRun, side: Side, which: impl Fn(ObjectId) -> bool) -> Option<usize> {
    joints.iter().position(|j| {
        step_at(j, side).is_some_and(|i| {
            matches!(
                &pane.run.trace.steps[i].action,
                Action::Store { cache: Cache::TmpNodesCache, object, evicted: Some(old), .. } if old != object && which(*old)
            )
        })
    })
}

/// The first joint at which `side` replaces a primary: a node's second slot range
/// got a second object (the duplicate #3163 reports).
fn first_duplicate_primary(joints: &[Joint], pane: &PaneRun, side: Side) -> Option<usize> {
    let trace = &pane.run.trace;
    first_eviction_of(joints, pane, side, |old| trace.object(old).server_type == Some(crate::engine::Role::Primary))
}

/// The joint at which `side` has just taken step `i` of its trace.
fn joint_of_step(joints: &[Joint], side: Side, i: usize) -> Option<usize> {
    joints.iter().position(|j| step_at(j, side) == Some(i))
}

/// The first joint at which `side` constructs a node from the reply whose announced
/// host the constructor rewrote (`localhost` -> `127.0.0.1`).
fn first_rewrite(joints: &[Joint], pane: &PaneRun, side: Side) -> Option<usize> {
    use crate::engine::trace::Stage;
    let trace = &pane.run.trace;
    joints.iter().position(|j| {
        step_at(j, side).is_some_and(|i| {
            let s = &trace.steps[i];
            s.anchor.stage == Stage::Entries
                && matches!(&s.action, Action::Construct { object, host_given, .. } if *host_given != trace.object(*object).host)
        })
    })
}

/// The lookup that missed just before `side` first replaced a primary object: the
/// miss that made the duplicate of a node seen in an earlier range.
fn missed_lookup(joints: &[Joint], pane: &PaneRun, side: Side) -> Option<usize> {
    let trace = &pane.run.trace;
    let evict = step_at(&joints[first_duplicate_primary(joints, pane, side)?], side)?;
    let miss = (0..evict).rev().find(|&i| matches!(trace.steps[i].action, Action::Lookup { hit: None, .. }))?;
    joint_of_step(joints, side, miss)
}

/// The first joint at which `side` routes a command to an orphan (an object no
/// name-keyed dict holds) and that command opens a socket.
fn orphan_socket(joints: &[Joint], pane: &PaneRun, side: Side) -> Option<usize> {
    let trace = &pane.run.trace;
    joints.iter().position(|j| {
        step_at(j, side)
            .is_some_and(|i| matches!(&trace.steps[i].action, Action::Command { opened: true, orphan: true, .. }))
    })
}

/// The earliest of both sides' moments, with the models that reach it there.
fn earliest(
    left: &PaneRun,
    right: &PaneRun,
    find: impl Fn(&PaneRun, Side) -> Option<usize>,
) -> Option<(usize, Vec<Model>)> {
    let mut found: Vec<(usize, Model)> = Vec::new();
    if let Some(j) = find(left, Side::Left) {
        found.push((j, left.model));
    }
    if right.model != left.model {
        if let Some(j) = find(right, Side::Right) {
            found.push((j, right.model));
        }
    }
    let first = found.iter().map(|&(j, _)| j).min()?;
    Some((first, found.iter().filter(|(j, _)| *j == first).map(|&(_, m)| m).collect()))
}

fn chapters(joints: &[Joint], left: &PaneRun, right: &PaneRun) -> Vec<Chapter> {
    use crate::engine::trace::Stage;
    let start = Chapter { slug: "start".into(), what: Msg::ChapterStart, round: 0, models: Vec::new(), joint: 0 };
    let mut out = vec![start];
    // Kept in timeline order as they come (equal joints keep their order), so no sort.
    let mut push = |slug: String, what: Msg, round: u16, models: Vec<Model>, joint: usize| {
        if !out.iter().any(|c: &Chapter| c.slug == slug) {
            let at = out.partition_point(|c| c.joint <= joint);
            out.insert(at, Chapter { slug, what, round, models, joint });
        }
    };
    for (i, j) in joints.iter().enumerate() {
        let a = j.anchor;
        match a.stage {
            Stage::Query if a.attempt == 0 => push(format!("init-{}", a.round), Msg::ChapterInit, a.round, vec![], i),
            Stage::Commit => push(format!("commit-{}", a.round), Msg::ChapterCommit, a.round, vec![], i),
            Stage::Workload if a.entry > 0 => {
                push(format!("commands-{}", a.round), Msg::ChapterCommands, a.round, vec![], i)
            }
            Stage::Close => push("close".into(), Msg::ChapterClose, 0, vec![], i),
            Stage::Drop => push("drop".into(), Msg::ChapterDrop, 0, vec![], i),
            _ => {}
        }
    }
    if let Some((j, models)) = earliest(left, right, |p, side| first_eviction(joints, p, side)) {
        push("first-orphan".into(), Msg::ChapterFirstOrphan, 0, models, j);
    }
    if let Some((j, models)) = earliest(left, right, |p, side| first_duplicate_primary(joints, p, side)) {
        push("duplicate-primary".into(), Msg::ChapterDuplicatePrimary, 0, models, j);
    }
    if let Some(i) = joints.iter().position(|j| {
        [(Side::Left, left), (Side::Right, right)].iter().any(|&(side, pane)| {
            step_at(j, side).is_some_and(|i| matches!(pane.run.trace.steps[i].action, Action::ReplyReceived { .. }))
        })
    }) {
        push("reply".into(), Msg::ChapterReply, 0, vec![], i);
    }
    if let Some((j, models)) = earliest(left, right, |p, side| first_rewrite(joints, p, side)) {
        push("first-rewrite".into(), Msg::ChapterFirstRewrite, 0, models, j);
    }
    if let Some((j, models)) = earliest(left, right, |p, side| missed_lookup(joints, p, side)) {
        push("missed-lookup".into(), Msg::ChapterMissedLookup, 0, models, j);
    }
    if let Some((j, models)) = earliest(left, right, |p, side| orphan_socket(joints, p, side)) {
        push("orphan-socket".into(), Msg::ChapterOrphanSocket, 0, models, j);
    }
    if let Some(j) = joints.iter().rposition(|j| j.anchor.stage == Stage::Close) {
        push("after-close".into(), Msg::ChapterAfterClose, 0, vec![], j);
    }
    push("end".into(), Msg::ChapterEnd, 0, vec![], joints.len() - 1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::Preset;

    #[test]
    fn a_scenario_too_big_for_the_page_is_refused_naming_the_work_not_steps() {
        // 5.0.1 makes a replica object per slot and refresh: 40 refreshes of 2 replicas
        // is millions of lookups and stores, though the timeline would fold them into
        // a few thousand steps. The message must say what is too much.
        let mut spec = ScenarioSpec::topology(3, 2, 2, "localhost", "localhost");
        spec.reinit = 40;
        let err = Session::build(&spec, Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap_err();
        assert!(err.contains("lookups") && err.contains("stores") && !err.contains("steps"), "{err}");
        assert!(err.contains("async-5.0.1"), "{err}");
        // 8.1.0 resolves replicas once per entry: the same scenario runs.
        assert!(Session::build(&spec, Model::ASYNC_810, Model::SYNC_810, None).is_ok());
    }

    #[test]
    fn the_3163_session_has_the_chapters_a_visitor_needs() {
        let p = Preset::by_id("3163").unwrap();
        let s = Session::build(&p.spec(), p.left, p.right, None).unwrap();
        for slug in [
            "start",
            "init-1",
            "reply",
            "first-rewrite",
            "missed-lookup",
            "first-orphan",
            "duplicate-primary",
            "commit-1",
            "commands-1",
            "orphan-socket",
            "close",
            "after-close",
            "drop",
            "end",
        ] {
            assert!(s.chapter(slug).is_some(), "missing chapter {slug}: {:?}", s.chapters);
        }
        let at = |slug: &str| s.chapter(slug).unwrap().joint;
        assert!(at("init-1") < at("reply") && at("reply") < at("first-rewrite"));
        assert!(at("first-rewrite") < at("first-orphan") && at("first-orphan") < at("missed-lookup"));
        assert!(at("missed-lookup") < at("duplicate-primary"));
        assert!(at("commands-1") <= at("orphan-socket") && at("orphan-socket") < at("close"));
        assert!(at("close") <= at("after-close") && at("after-close") < at("drop"));
        // The moments are what they say, in the buggy (left) run.
        let trace = &s.left.run.trace;
        let step = |slug: &str| &trace.steps[s.done(Side::Left, at(slug)) - 1].action;
        assert!(
            matches!(step("missed-lookup"), Action::Lookup { hit: None, key, role: crate::engine::Role::Primary, .. } if trace.name(*key).starts_with("localhost:"))
        );
        assert!(
            matches!(step("first-rewrite"), Action::Construct { host_given, .. } if trace.name(*host_given) == "localhost")
        );
        assert!(matches!(step("orphan-socket"), Action::Command { opened: true, orphan: true, .. }));
        // ... and the narration of that moment says what it means.
        let i = s.done(Side::Left, at("orphan-socket")) - 1;
        let said = crate::i18n::narrate::narrate(crate::i18n::Lang::En, &s.left.run.trace, &s.left.run.trace.steps[i]);
        assert!(said.contains("close() will never reach it"), "{said}");
        // The fixed run never opens a socket on an orphan.
        assert_eq!(orphan_socket(&s.joints, &s.right, Side::Right), None);
        let fo = s.chapter("first-orphan").unwrap().joint;
        assert_eq!(Some(fo), s.first_orphan(Side::Left));
        assert_eq!(s.first_orphan(Side::Right), None);
        assert!(fo < s.chapter("commit-1").unwrap().joint);
        // Chapters are in timeline order.
        assert!(s.chapters.windows(2).all(|w| w[0].joint <= w[1].joint));
    }

    #[test]
    fn chapter_labels_and_refusals_are_phrased_in_either_language() {
        let p = Preset::by_id("3163").unwrap();
        let s = Session::build(&p.spec(), p.left, p.right, None).unwrap();
        let label = |slug: &str, lang| s.chapter(slug).unwrap().label(lang);
        assert_eq!(label("init-1", Lang::En), "initialize() #1 starts");
        assert_eq!(label("init-1", Lang::Zh), "initialize() #1 开始");
        assert_eq!(label("first-orphan", Lang::En), "first orphaned ClusterNode (async-5.0.1)");
        assert_eq!(label("first-orphan", Lang::Zh), "第一个成为孤儿对象的 ClusterNode（async-5.0.1）");
        assert_eq!(label("end", Lang::En), "the end");
        assert!(s.chapters.iter().all(|c| c.label(Lang::Zh) != c.label(Lang::En) || c.slug == "close"));
        let mut spec = ScenarioSpec::topology(3, 2, 2, "localhost", "localhost");
        spec.reinit = 40;
        let refusal = Session::try_build(&spec, Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap_err();
        assert!(
            matches!(refusal.why(), Why::TooMuchWork { model, limit, .. } if *model == Model::ASYNC_501 && *limit == MAX_WORK)
        );
        let zh = refusal.text(Lang::Zh);
        assert!(zh.contains("async-5.0.1") && zh.contains("400000") && zh.contains("缓存查找"), "{zh}");
        assert_eq!(refusal.to_string(), refusal.text(Lang::En));
    }

    #[test]
    fn switching_one_model_reuses_the_other_run() {
        let p = Preset::by_id("3163").unwrap();
        let a = Session::build(&p.spec(), Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap();
        let b = Session::build(&p.spec(), Model::ASYNC_501, Model::SYNC_810, Some(&a)).unwrap();
        assert!(Rc::ptr_eq(&a.left, &b.left));
        assert_eq!(b.right.model, Model::SYNC_810);
        let c = Session::build(&p.spec(), Model::ASYNC_FIXED, Model::ASYNC_FIXED, Some(&a)).unwrap();
        assert!(Rc::ptr_eq(&a.right, &c.left) && Rc::ptr_eq(&c.left, &c.right));
    }

    #[test]
    fn oversized_scenarios_are_refused_with_a_message() {
        let mut spec = Preset::by_id("3163").unwrap().spec();
        spec.reinit = 19;
        spec.workload = crate::engine::Workload::EveryRefresh;
        let err = Session::build(&spec, Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap_err();
        assert!(err.contains("async-5.0.1") && err.contains("limit"), "{err}");
    }
}
