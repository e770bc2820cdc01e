//! The guided tour: short chapters that explain #3163 while the panes show it. Each
//! chapter names a scenario (a preset and two models) and a moment of that scenario's
//! session (`Session::chapter`), so opening a chapter drives the stepper there: the
//! step is always found through the engine's trace, never written down.
//!
//! The text is in the catalogue (`i18n/*/tour.txt`): a chapter names its messages,
//! and the views phrase them in the page's language. Text markup: a paragraph is
//! plain text with `backticks` around code.

use crate::engine::Model;
use crate::i18n::{Lang, Msg};

/// What a chapter shows besides its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    None,
    /// The version matrix (`super::matrix`).
    VersionMatrix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TourChapter {
    /// URL-safe name: `?tour=orphan`.
    pub slug: &'static str,
    pub title: Msg,
    /// The scenario the panes show: a preset id and the two models.
    pub preset: &'static str,
    pub left: Model,
    pub right: Model,
    /// The moment of that scenario's session to step to (a `Chapter::slug`).
    pub moment: &'static str,
    pub paragraphs: &'static [Msg],
    /// What to look at in the panes, in one line (after `tour-look-at`).
    pub look: Msg,
    pub extra: Extra,
}

const BUG: Model = Model::ASYNC_501;
const FIX: Model = Model::ASYNC_FIXED;

pub const TOUR: [TourChapter; 12] = [
    TourChapter {
        slug: "finding-nodes",
        title: Msg::TourFindingNodesTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "init-1",
        paragraphs: &[Msg::TourFindingNodesP1, Msg::TourFindingNodesP2, Msg::TourFindingNodesP3],
        look: Msg::TourFindingNodesLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "cluster-slots",
        title: Msg::TourClusterSlotsTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "reply",
        paragraphs: &[Msg::TourClusterSlotsP1, Msg::TourClusterSlotsP2],
        look: Msg::TourClusterSlotsLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "localhost-rewrite",
        title: Msg::TourLocalhostRewriteTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "first-rewrite",
        paragraphs: &[Msg::TourLocalhostRewriteP1, Msg::TourLocalhostRewriteP2],
        look: Msg::TourLocalhostRewriteLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "missed-lookup",
        title: Msg::TourMissedLookupTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "missed-lookup",
        paragraphs: &[Msg::TourMissedLookupP1, Msg::TourMissedLookupP2],
        look: Msg::TourMissedLookupLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "orphan",
        title: Msg::TourOrphanTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "duplicate-primary",
        paragraphs: &[Msg::TourOrphanP1, Msg::TourOrphanP2],
        look: Msg::TourOrphanLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "open-socket",
        title: Msg::TourOpenSocketTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "orphan-socket",
        paragraphs: &[Msg::TourOpenSocketP1, Msg::TourOpenSocketP2],
        look: Msg::TourOpenSocketLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "replica-flood",
        title: Msg::TourReplicaFloodTitle,
        preset: "replica-flood",
        left: BUG,
        right: Model::ASYNC_810,
        moment: "orphan-socket",
        paragraphs: &[Msg::TourReplicaFloodP1, Msg::TourReplicaFloodP2, Msg::TourReplicaFloodP3],
        look: Msg::TourReplicaFloodLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "fix",
        title: Msg::TourFixTitle,
        preset: "3163",
        left: BUG,
        right: FIX,
        moment: "commands-1",
        paragraphs: &[Msg::TourFixP1, Msg::TourFixP2],
        look: Msg::TourFixLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "versions",
        title: Msg::TourVersionsTitle,
        preset: "3163",
        left: Model::ASYNC_810,
        right: Model::SYNC_810,
        moment: "after-close",
        paragraphs: &[Msg::TourVersionsP1, Msg::TourVersionsP2],
        look: Msg::TourVersionsLook,
        extra: Extra::VersionMatrix,
    },
    TourChapter {
        slug: "regression",
        title: Msg::TourRegressionTitle,
        preset: "regression",
        left: Model::new(crate::engine::Flavor::Async, crate::engine::Release::of("7.3.1")),
        right: Model::ASYNC_810,
        moment: "orphan-socket",
        paragraphs: &[Msg::TourRegressionP1, Msg::TourRegressionP2, Msg::TourRegressionP3],
        look: Msg::TourRegressionLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "sync-still-leaks",
        title: Msg::TourSyncStillLeaksTitle,
        preset: "sync-8",
        left: Model::SYNC_810,
        right: Model::SYNC_810_FIXED,
        moment: "orphan-socket",
        paragraphs: &[Msg::TourSyncStillLeaksP1, Msg::TourSyncStillLeaksP2, Msg::TourSyncStillLeaksP3],
        look: Msg::TourSyncStillLeaksLook,
        extra: Extra::None,
    },
    TourChapter {
        slug: "workaround",
        title: Msg::TourWorkaroundTitle,
        preset: "ips",
        left: BUG,
        right: Model::SYNC_810,
        moment: "after-close",
        paragraphs: &[Msg::TourWorkaroundP1, Msg::TourWorkaroundP2, Msg::TourWorkaroundP3],
        look: Msg::TourWorkaroundLook,
        extra: Extra::None,
    },
];

impl TourChapter {
    /// "5. The orphan": the chapter's number and title.
    pub fn heading(&self, index: usize, lang: Lang) -> String {
        format!("{}. {}", index + 1, self.title.text(lang))
    }
}

/// A label followed by more text in the same line: a space after a label ending in a
/// Latin letter or digit ("Look at " + "the timeline"), none after Chinese ("请看" +
/// "时间线"), whose scripts run on without one.
pub fn lead_in(label: &str) -> String {
    if label.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.') {
        format!("{label} ")
    } else {
        label.to_string()
    }
}

/// A chapter and its position in the tour.
pub fn chapter(slug: &str) -> Option<(usize, &'static TourChapter)> {
    TOUR.iter().enumerate().find(|(_, c)| c.slug == slug)
}

/// Splits a paragraph into (text, is_code) pieces at its backticks.
pub fn pieces(paragraph: &str) -> impl Iterator<Item = (&str, bool)> {
    paragraph.split('`').enumerate().filter(|(_, p)| !p.is_empty()).map(|(i, p)| (p, i % 2 == 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::Preset;
    use crate::app::session::{Session, Side};
    use crate::app::view::PaneModel;

    fn session(c: &TourChapter) -> Session {
        Session::build(&Preset::by_id(c.preset).unwrap().spec(), c.left, c.right, None).unwrap()
    }

    #[test]
    fn every_chapter_finds_its_moment_in_its_scenario() {
        for (i, c) in TOUR.iter().enumerate() {
            assert_eq!(chapter(c.slug).map(|(k, _)| k), Some(i));
            assert!(c.slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", c.slug);
            let s = session(c);
            assert!(s.chapter(c.moment).is_some(), "{}: no moment {} in {:?}", c.slug, c.moment, s.chapters);
            for lang in Lang::ALL {
                for p in c.paragraphs {
                    let p = p.text(lang);
                    assert_eq!(p.matches('`').count() % 2, 0, "{} ({lang:?}): unbalanced backticks", c.slug);
                }
            }
        }
    }

    #[test]
    fn the_leak_chapters_show_what_they_say() {
        let pane = |slug: &str, side: Side| {
            let c = chapter(slug).unwrap().1;
            let s = session(c);
            PaneModel::build(&s, side, s.chapter(c.moment).unwrap().joint)
        };
        // The orphan: one in the buggy pane, none in the fixed one.
        assert!(pane("orphan", Side::Left).counters.orphaned > 0);
        assert_eq!(pane("orphan", Side::Right).counters.orphaned, 0);
        // The missed lookup: the buggy pane's current cache row misses, the fixed one hits.
        let l = pane("missed-lookup", Side::Left);
        let row = l.cache_rows.iter().find(|r| r.current).unwrap();
        assert_eq!(row.lookups.last().unwrap().hit, None);
        assert!(l.narration.contains("can never hit"), "{}", l.narration);
        let r = pane("missed-lookup", Side::Right);
        assert!(
            r.cache_rows.iter().any(|r| r.current && r.lookups.iter().any(|l| l.hit.is_some())),
            "{:?}",
            r.cache_rows
        );
        // The rewrite: the buggy pane just built an object from "localhost".
        assert!(pane("localhost-rewrite", Side::Left).narration.contains("rewrites the host"));
        // The open socket: a socket is open on an orphan.
        let o = pane("open-socket", Side::Left);
        assert!(o.counters.open_connections > 0 && o.counters.orphaned > 0);
        // Versions: async 8.1.0 closes everything, sync 8.1.0 leaves sockets open.
        assert_eq!(pane("versions", Side::Left).counters.left_open_after_close, Some(0));
        assert!(pane("versions", Side::Right).counters.left_open_after_close.unwrap() > 0);
        // The workaround: announcing IPs, nothing is orphaned or left open.
        for side in [Side::Left, Side::Right] {
            let w = pane("workaround", side);
            assert_eq!((w.counters.orphaned, w.counters.left_open_after_close), (0, Some(0)));
        }
    }

    #[test]
    fn chapters_read_in_chinese_with_redis_py_names_kept_as_code() {
        let (i, c) = chapter("missed-lookup").unwrap();
        assert_eq!(c.heading(i, Lang::En), "4. The lookup that cannot hit");
        assert_eq!(c.heading(i, Lang::Zh), "4. 永远不会命中的查找");
        let p = c.paragraphs[0].text(Lang::Zh);
        let code: Vec<&str> = pieces(p).filter(|&(_, code)| code).map(|(t, _)| t).collect();
        assert_eq!(code, ["initialize()", "tmp_nodes_cache", "localhost:7000", "127.0.0.1:7000"], "{p}");
        assert!(p.contains("这两个键永远对不上") && !p.contains("looks under"), "{p}");
        // Every chapter has its own Chinese text, the same code in both languages.
        for c in &TOUR {
            for m in c.paragraphs.iter().chain([&c.title, &c.look]) {
                let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
                assert_ne!(en, zh, "{}: {m:?} is not translated", c.slug);
                let code = |t| pieces(t).filter(|&(_, code)| code).map(|(t, _)| t).collect::<Vec<_>>().len();
                assert_eq!(code(en), code(zh), "{}: {m:?} has other code in Chinese", c.slug);
            }
        }
    }

    #[test]
    fn a_label_runs_on_into_its_text_in_either_script() {
        assert_eq!(lead_in(Msg::TourLookAt.text(Lang::En)), "Look at ");
        assert_eq!(lead_in(Msg::TourLookAt.text(Lang::Zh)), "请看");
        assert_eq!(lead_in("The panes show another scenario now."), "The panes show another scenario now. ");
    }

    #[test]
    fn pieces_split_code() {
        let v: Vec<_> = pieces("a `b` c").collect();
        assert_eq!(v, vec![("a ", false), ("b", true), (" c", false)]);
    }
}
