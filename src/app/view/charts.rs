//! The key playground and the leak chart (fixed-point numbers: no float formatting).

use super::*;
use crate::app::fault::Fault;

/// The key playground's analysis of one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    pub slot: u16,
    /// CRC16 of the hashed part.
    pub crc: u16,
    /// The key split around its hash tag: (before, tag, after); no tag: (key, None, "").
    pub before: String,
    pub tag: Option<String>,
    pub after: String,
}

pub fn key_info(key: &str) -> KeyInfo {
    let bytes = key.as_bytes();
    let slot = keyslot(bytes);
    match hash_tag(bytes) {
        // `{` and `}` are ASCII, so the tag's bounds are char boundaries.
        Some(r) => KeyInfo {
            slot,
            crc: crc16(&bytes[r.clone()]),
            before: key[..r.start].to_string(),
            tag: Some(key[r.clone()].to_string()),
            after: key[r.end..].to_string(),
        },
        None => KeyInfo { slot, crc: crc16(bytes), before: key.to_string(), tag: None, after: String::new() },
    }
}

/// One point per initialize, for the leak-over-time chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeakPoint {
    pub round: u16,
    pub orphaned: u32,
    pub open: u32,
    pub warnings: u32,
}

pub fn leak_series(rounds: &[RoundStats]) -> Vec<LeakPoint> {
    rounds
        .iter()
        .map(|r| LeakPoint {
            round: r.round,
            orphaned: r.orphaned_objects,
            open: r.open_connections,
            warnings: r.unclosed_warnings,
        })
        .collect()
}

/// How far the leak chart's long run goes: the streaming run keeps its memory flat,
/// so the page can afford this many refreshes.
pub const LONG_RUN_REFRESHES: u32 = 1000;

/// The work (`ScenarioSpec::estimated_work` units) the long run may take for both
/// panes together: 1000 refreshes of the #3163 preset, 5.0.1 beside the fix (about
/// 3.6 s in headless Chromium here; the run holds the main thread).
pub const LONG_RUN_WORK: u64 = 170_000_000;

/// How many refreshes the long run does for `session`: `LONG_RUN_REFRESHES`, or fewer
/// when one refresh of both panes' models costs more than the #3163 preset's, so a
/// heavy pasted cluster does not freeze the tab for longer than the preset does.
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
pub fn leak_series_of(session: &Session, side: Side, refreshes: u32) -> Result<Vec<LeakPoint>, Fault> {
    let model = match side {
        Side::Left => session.left.model,
        Side::Right => session.right.model,
    };
    let mut sc = session.spec.scenario(model, session.reply.clone())?;
    sc.reinit = refreshes;
    Ok(leak_series(&crate::engine::count(&sc).map_err(Fault::from)?.rounds))
}

/// The points of a chart line in a `w`×`h` box, for values scaled to `max`, in
/// tenths of a unit (integers: the page formats no floating-point numbers).
pub fn points(values: &[u32], max: u32, w: u32, h: u32) -> Vec<(u64, u64)> {
    let n = values.len() as u64;
    let max = u64::from(max.max(1));
    let (w, h) = (u64::from(w) * 10, u64::from(h) * 10);
    let div = |a: u64, b: u64| (2 * a + b) / (2 * b); // a / b, rounded
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let x = if n <= 1 { w / 2 } else { div(w * i as u64, n - 1) };
            (x, h - div(h * u64::from(v.min(max as u32)), max))
        })
        .collect()
}

/// Tenths as a decimal: 255 -> "25.5".
pub fn tenths(t: u64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// A line of the chart: SVG `points` ("x,y x,y ...").
pub fn polyline(values: &[u32], max: u32, w: u32, h: u32) -> String {
    points(values, max, w, h).iter().map(|&(x, y)| format!("{},{}", tenths(x), tenths(y))).collect::<Vec<_>>().join(" ")
}

/// `100 * num / den` percent with 4 decimals, rounded: (1, 3) -> "33.3333".
pub fn percent_of(num: u32, den: u32) -> String {
    let den = u64::from(den.max(1));
    let v = (2 * 1_000_000 * u64::from(num) + den) / (2 * den);
    format!("{}.{:04}", v / 10_000, v % 10_000)
}

/// Slot -> position in a 0..100 % strip, as CSS text.
pub fn percent(slot: u32) -> String {
    percent_of(slot, u32::from(SLOTS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::Preset;

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
}
