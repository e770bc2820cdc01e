//! The leak chart's long run: both panes' models re-initialized up to 1000 times
//! through the engine's streaming run (flat memory), taken a slice at a time so the
//! page paints its progress and answers clicks while it runs.

use super::{leak_series, LeakPoint};
use crate::app::fault::Fault;
use crate::app::session::{Session, Side};
use crate::engine::Scenario;
use std::future::Future;

/// How far the leak chart's long run goes: the streaming run keeps its memory flat,
/// so the page can afford this many refreshes.
pub const LONG_RUN_REFRESHES: u32 = 1000;

/// The work (`ScenarioSpec::estimated_work` units) the long run may take for both
/// panes together: 1000 refreshes of the #3163 preset, 5.0.1 beside the fix (about
/// 4.2 s in headless Chromium here, in slices; the page stays responsive, this
/// bounds the wait).
pub const LONG_RUN_WORK: u64 = 170_000_000;

/// How many refreshes the long run does for `session`: `LONG_RUN_REFRESHES`, or fewer
/// when one refresh of both panes' models costs more than the #3163 preset's, so a
/// heavy pasted cluster does not keep the reader waiting longer than the preset does.
pub fn long_run_refreshes(session: &Session) -> u32 {
    let mut once = session.spec.clone();
    once.reinit = 0;
    let per_refresh = once.estimated_work(session.left.model, &session.reply)
        + once.estimated_work(session.right.model, &session.reply);
    let affordable = LONG_RUN_WORK / per_refresh.max(1);
    u32::try_from(affordable).unwrap_or(u32::MAX).clamp(1, LONG_RUN_REFRESHES)
}

/// The leak chart's points (1 + `refreshes`) for one pane's model on the session's
/// scenario re-initialized `refreshes` times, from the streaming run
/// (`engine::count`): nothing is traced, so memory does not grow with `refreshes`.
/// The page takes the same run a refresh at a time (`engine::counting` on
/// `long_run_scenario`), to stay responsive while it runs.
pub fn leak_series_of(session: &Session, side: Side, refreshes: u32) -> Result<Vec<LeakPoint>, Fault> {
    let sc = long_run_scenario(session, side, refreshes)?;
    Ok(leak_series(&crate::engine::count(&sc).map_err(Fault::from)?.rounds))
}

/// The long run's scenario for one pane: the session's, re-initialized `refreshes` times.
pub fn long_run_scenario(session: &Session, side: Side, refreshes: u32) -> Result<Scenario, Fault> {
    let mut sc = session.spec.scenario(session.pane(side).model, session.reply.clone())?;
    sc.reinit = refreshes;
    Ok(sc)
}

/// Where a long run is.
pub enum Progress {
    /// `done` of the `total` initialize() calls of both panes are made.
    Running { done: u32, total: u32 },
    /// Both panes' points, or why the run could not be made.
    Done(Result<(Vec<LeakPoint>, Vec<LeakPoint>), Fault>),
}

/// Runs both panes' models for `refreshes` refreshes, a refresh at a time: after
/// `slice_ms` of work (by `now`, in ms) it reports where it is and awaits `pause`,
/// which gives the page the main thread. `report` gets every progress, the first
/// before any work and `Done` last; when it answers false the run stops there.
pub async fn long_run<P: Future<Output = ()>>(
    session: &Session,
    refreshes: u32,
    slice_ms: f64,
    now: impl Fn() -> f64,
    pause: impl Fn() -> P,
    report: impl Fn(Progress) -> bool,
) {
    let per_side = refreshes.saturating_add(1);
    let total = per_side.saturating_mul(2);
    if !report(Progress::Running { done: 0, total }) {
        return;
    }
    pause().await;
    let mut series: [Vec<LeakPoint>; 2] = Default::default();
    for (i, (before, side)) in [(0, Side::Left), (per_side, Side::Right)].into_iter().enumerate() {
        let sc = match long_run_scenario(session, side, refreshes) {
            Ok(sc) => sc,
            Err(fault) => {
                report(Progress::Done(Err(fault)));
                return;
            }
        };
        let mut running = match crate::engine::counting(&sc) {
            Ok(running) => running,
            Err(why) => {
                report(Progress::Done(Err(Fault::from(why))));
                return;
            }
        };
        loop {
            let start = now();
            let mut more = true;
            while more && now() - start < slice_ms {
                more = running.refresh();
            }
            if !more {
                break;
            }
            if !report(Progress::Running { done: before + running.done(), total }) {
                return;
            }
            pause().await;
        }
        series[i] = leak_series(&running.finish().rounds);
    }
    let [left, right] = series;
    report(Progress::Done(Ok((left, right))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::Preset;
    use crate::engine::Model;

    /// The streamed series is the chart the traced session draws, and it goes on to
    /// 1000 refreshes (here the 7.2 regression, which leaks more with every refresh).
    #[test]
    fn the_streamed_leak_series_matches_the_session_and_reaches_1000_refreshes() {
        for id in ["refresh", "regression", "3163"] {
            let spec = Preset::by_id(id).unwrap().spec();
            let (left, right) = match id {
                "regression" => (Model::from_name("async-7.3.1").unwrap(), Model::ASYNC_810),
                _ => (Model::ASYNC_501, Model::ASYNC_FIXED),
            };
            let s = Session::build(&spec, left, right, None).unwrap();
            for (side, run) in [(Side::Left, &s.left.run), (Side::Right, &s.right.run)] {
                assert_eq!(leak_series_of(&s, side, spec.reinit).unwrap(), leak_series(&run.rounds), "{id} {side:?}");
            }
            assert_eq!(long_run_refreshes(&s), LONG_RUN_REFRESHES, "{id}: the presets get the whole long run");
            if id == "regression" {
                let long = leak_series_of(&s, Side::Left, LONG_RUN_REFRESHES).unwrap();
                assert_eq!(long.len(), 1001);
                assert_eq!(long.last().unwrap().round, 1001);
                assert!(long.last().unwrap().orphaned > 0, "7.3.1 still leaks after 1000 refreshes");
            }
        }
    }

    /// A pasted cluster that is heavier per refresh than the #3163 preset gets fewer
    /// refreshes, in proportion, so the long run's time stays bounded.
    #[test]
    fn a_heavy_cluster_gets_a_shorter_long_run() {
        let preset =
            Session::build(&Preset::by_id("3163").unwrap().spec(), Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap();
        let mut spec = Preset::by_id("3163").unwrap().spec();
        spec.source = crate::app::spec::ReplySource::Topology {
            primaries: 16,
            replicas: 2,
            ranges: 4,
            announce: "localhost".into(),
        };
        let heavy = Session::build(&spec, Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap();
        let n = long_run_refreshes(&heavy);
        assert!(n < LONG_RUN_REFRESHES && n > 1, "{n}");
        let work = |s: &Session, n: u32| {
            let mut spec = s.spec.clone();
            spec.reinit = n;
            spec.estimated_work(s.left.model, &s.reply) + spec.estimated_work(s.right.model, &s.reply)
        };
        assert!(work(&heavy, n) <= LONG_RUN_WORK + work(&heavy, 0), "bounded like the preset's run");
        assert!(work(&preset, LONG_RUN_REFRESHES) <= LONG_RUN_WORK, "the preset's run fits the bound");
        assert_eq!(leak_series_of(&heavy, Side::Left, n).unwrap().len(), n as usize + 1);
    }

    /// The page's long run gives the chart `leak_series_of` gives, reporting its
    /// progress between slices (one refresh per slice on this clock), in order, and
    /// stops when the page no longer wants it.
    #[test]
    fn the_long_run_reports_its_progress_and_ends_with_the_streamed_series() {
        use std::cell::{Cell, RefCell};
        let s = Session::build(&Preset::by_id("refresh").unwrap().spec(), Model::ASYNC_501, Model::ASYNC_FIXED, None)
            .unwrap();
        let clock = Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let (pauses, seen) = (Cell::new(0), RefCell::new(vec![]));
        let run = long_run(
            &s,
            5,
            1.5,
            now,
            || {
                pauses.set(pauses.get() + 1);
                std::future::ready(())
            },
            |p| {
                seen.borrow_mut().push(p);
                true
            },
        );
        block_on(run);
        let seen = seen.into_inner();
        let running: Vec<(u32, u32)> = seen
            .iter()
            .filter_map(|p| match p {
                Progress::Running { done, total } => Some((*done, *total)),
                Progress::Done(_) => None,
            })
            .collect();
        // 6 initialize() calls a side, one per slice: progress after each but the last.
        assert_eq!(running, [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11].map(|d| (d, 12)));
        assert_eq!(pauses.get(), running.len(), "the page gets the thread after every report");
        let Some(Progress::Done(Ok((l, r)))) = seen.last() else { panic!("the run ends with its series") };
        assert_eq!(l, &leak_series_of(&s, Side::Left, 5).unwrap());
        assert_eq!(r, &leak_series_of(&s, Side::Right, 5).unwrap());

        // A page that stops wanting it (the scenario changed) gets no more reports.
        let reports = Cell::new(0);
        block_on(long_run(
            &s,
            5,
            1.5,
            now,
            || std::future::ready(()),
            |_| {
                reports.set(reports.get() + 1);
                reports.get() < 3
            },
        ));
        assert_eq!(reports.get(), 3, "nothing is reported after the page said stop");
    }

    /// Polls a future whose pauses are always ready.
    fn block_on(f: impl Future<Output = ()>) {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        while f.as_mut().poll(&mut cx).is_pending() {}
    }
}
