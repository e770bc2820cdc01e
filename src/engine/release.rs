//! Every published redis-py release Slotscope models, 4.3.0 to 8.1.0, as a small
//! ordered table: a `Release` is an index into it, so releases compare as versions do.

use std::fmt;

macro_rules! releases {
    ($($v:literal),* $(,)?) => {
        /// Every final release on PyPI from 4.3.0 on, oldest first.
        pub const VERSIONS: &[&str] = &[$($v),*];
        const ASYNC_NAMES: &[&str] = &[$(concat!("async-", $v)),*];
        const SYNC_NAMES: &[&str] = &[$(concat!("sync-", $v)),*];
    };
}

releases!(
    "4.3.0", "4.3.1", "4.3.2", "4.3.3", "4.3.4", "4.3.5", "4.3.6", //
    "4.4.0", "4.4.1", "4.4.2", "4.4.3", "4.4.4", //
    "4.5.0", "4.5.1", "4.5.2", "4.5.3", "4.5.4", "4.5.5", "4.6.0", //
    "5.0.0", "5.0.1", "5.0.2", "5.0.3", "5.0.4", "5.0.5", "5.0.6", "5.0.7", "5.0.8", //
    "5.1.0", "5.1.1", "5.2.0", "5.2.1", "5.3.0", "5.3.1", //
    "6.0.0", "6.1.0", "6.1.1", "6.2.0", "6.3.0", "6.4.0", //
    "7.0.0", "7.0.1", "7.1.0", "7.1.1", "7.2.0", "7.2.1", "7.2.2", "7.3.0", "7.3.1", "7.4.0", "7.4.1", //
    "8.0.0", "8.0.1", "8.1.0",
);

/// One published redis-py release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release(u8);

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `(major, minor, patch)` of a version string, or None if it is not three numbers.
fn numbers(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.split('.').map(|p| if p.is_empty() || p.len() > 4 { None } else { p.parse::<u32>().ok() });
    let triple = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(triple)
}

impl Release {
    pub const OLDEST: Release = Release(0);
    pub const NEWEST: Release = Release(VERSIONS.len() as u8 - 1);

    /// The release named `v`; a compile error in a const if there is none.
    pub const fn of(v: &str) -> Release {
        let mut i = 0;
        while i < VERSIONS.len() {
            if same(VERSIONS[i], v) {
                return Release(i as u8);
            }
            i += 1;
        }
        panic!("not a modelled redis-py release");
    }

    /// Every modelled release, oldest first.
    pub fn all() -> impl DoubleEndedIterator<Item = Release> + Clone {
        (0..VERSIONS.len() as u8).map(Release)
    }

    pub fn version(self) -> &'static str {
        VERSIONS[self.0 as usize]
    }

    pub(crate) fn model_name(self, async_client: bool) -> &'static str {
        if async_client {
            ASYNC_NAMES[self.0 as usize]
        } else {
            SYNC_NAMES[self.0 as usize]
        }
    }

    /// Parses `X.Y.Z` (as `pip show redis` prints it). A version outside what is
    /// modelled, or one that was never published, is an error naming the nearest.
    pub fn parse(v: &str) -> Result<Release, super::problem::Problem> {
        use super::problem::Problem;
        let v = v.trim();
        let Some(want) = numbers(v) else {
            return Err(Problem::NotAVersion { text: v.to_string() });
        };
        if let Some(i) = VERSIONS.iter().position(|&x| x == v) {
            return Ok(Release(i as u8));
        }
        let below = Release::all().rev().find(|r| numbers(r.version()).is_some_and(|n| n < want));
        let above = Release::all().find(|r| numbers(r.version()).is_some_and(|n| n > want));
        let version = v.to_string();
        Err(match (below, above) {
            (None, Some(a)) => Problem::OlderThanModelled { version, oldest: a.to_string() },
            (Some(b), None) => Problem::NewerThanModelled { version, newest: b.to_string() },
            (Some(b), Some(a)) => Problem::NotPublished { version, below: b.to_string(), above: a.to_string() },
            (None, None) => unreachable!("the table is not empty"),
        })
    }
}

impl Release {
    /// A release as typed (`5.0.1`) or as `pip show redis` prints it (`Version: 5.0.1`,
    /// also when a one-line field has turned its lines into spaces).
    pub fn from_pip_show(text: &str) -> Result<Release, super::problem::Problem> {
        let version = match text.split_once("Version:") {
            Some((_, rest)) => rest.split_whitespace().next().unwrap_or(""),
            None => text,
        };
        Release::parse(version)
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.version())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_in_version_order_and_unique() {
        let n: Vec<_> = VERSIONS.iter().map(|v| numbers(v).unwrap()).collect();
        assert!(n.windows(2).all(|w| w[0] < w[1]), "{n:?}");
        assert_eq!(Release::of("5.0.1").version(), "5.0.1");
        assert!(Release::of("7.2.0") > Release::of("7.1.1"));
    }

    #[test]
    fn unknown_versions_name_the_nearest_modelled_ones() {
        assert_eq!(Release::parse(" 6.4.0\n").unwrap(), Release::of("6.4.0"));
        let e = Release::parse("5.0.9").unwrap_err();
        assert!(e.contains("5.0.8 and 5.1.0"), "{e}");
        assert!(Release::parse("9.0.0").unwrap_err().contains("newest modelled release, 8.1.0"));
        assert!(Release::parse("4.2.2").unwrap_err().contains("oldest modelled release, 4.3.0"));
        assert!(Release::parse("five").unwrap_err().contains("expected X.Y.Z"));
        assert!(Release::parse("5.0").is_err() && Release::parse("5.0.1.2").is_err() && Release::parse("").is_err());
        assert!(Release::parse("99999999999.0.0").is_err());
        assert_eq!(Release::from_pip_show("Name: redis\nVersion: 4.6.0\nLocation: x").unwrap(), Release::of("4.6.0"));
        assert_eq!(Release::from_pip_show("8.0.1").unwrap(), Release::of("8.0.1"));
        assert_eq!(Release::from_pip_show("Name: redis Version: 7.2.0 Summary: x").unwrap(), Release::of("7.2.0"));
    }
}
