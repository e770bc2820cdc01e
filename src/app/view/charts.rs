//! The key playground and the leak chart (fixed-point numbers: no float formatting).

use super::*;

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
