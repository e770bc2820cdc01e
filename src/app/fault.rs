//! Why the page could not do what the visitor asked: a link it cannot read, a scenario
//! it cannot run, a paste it cannot check. A `Fault` keeps the facts, phrased in the
//! page's language by `text(lang)` (again when the visitor switches language), and its
//! English sentence, which it reads as (`Deref<Target = str>`, `Display`): what tests
//! and the CLI see.

use super::session::Refusal;
use crate::engine::{Model, Problem};
use crate::i18n::{Lang, Msg};
use crate::tr;
use std::fmt;

/// An error the page shows, one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub why: Why,
    english: String,
}

/// What went wrong, as facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The engine refused an input.
    Engine(Problem),
    /// The session would not run the scenario.
    Refused(Refusal),
    /// A sentence its finder phrased already (the scenario editor's field checks).
    Phrased(String),

    // "Check my cluster".
    PasteRelease(Problem),
    PasteNoHost,
    PasteBadPort {
        port: String,
    },
    PasteUnreadable(Problem),
    PasteBadClient {
        client: String,
    },

    // A scenario.
    NoAddressRemap {
        model: Model,
    },
    BadReads {
        max: u16,
        reads: u16,
    },
    NoPreset {
        id: String,
    },

    // A link.
    LinkCannotRun(Refusal),
    StepPastEnd {
        step: usize,
        steps: usize,
    },
    StepNotMoment {
        slug: String,
        known: String,
    },
    LinkBadName(Escape),
    LinkBadValue {
        name: String,
        cause: Escape,
    },
    LinkTwice {
        name: String,
    },
    LinkUnknownPreset {
        id: String,
        known: String,
    },
    LinkBadStartup {
        value: String,
    },
    LinkReplyAndShape {
        clash: String,
    },
    LinkAnnounce(Problem),
    LinkWorkload(Problem),
    LinkReads {
        max: u16,
    },
    LinkNotZeroOrOne {
        name: &'static str,
        value: String,
    },
    LinkModel {
        right: bool,
        cause: Problem,
    },
    LinkStepTooLarge {
        value: String,
    },
    LinkStepZero,
    LinkBadStep {
        value: String,
    },
    LinkKeyTooLong,
    LinkBadTheme {
        value: String,
    },
    LinkBadLang {
        value: String,
    },
    LinkUnknownChapter {
        slug: String,
        known: String,
    },
    ChapterNoPreset {
        slug: String,
    },
    LinkNotNumber {
        name: &'static str,
        value: String,
    },
    LinkReplyTooManyEntries,
    LinkReplyEntry {
        entry: usize,
        why: ReplyPart,
    },
    LinkReply(Problem),
}

/// What is wrong with a `%` escape in a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    CutShort,
    NotHexadecimal,
    NotAnEscape { hex: [u8; 2] },
    NotUtf8,
}

/// What is wrong with an entry of a link's `reply=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyPart {
    NoAt,
    BadStart,
    BadEnd,
    NoPort,
    BadPort,
    Host(Escape),
    TooManyNodes,
    NoNode,
}

impl Fault {
    pub fn new(why: Why) -> Fault {
        let english = why.text(Lang::En);
        Fault { why, english }
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english.clone(),
            _ => self.why.text(lang),
        }
    }
}

impl Why {
    fn text(&self, l: Lang) -> String {
        use Why as W;
        let q = |s: &str| format!("{s:?}");
        match self {
            W::Engine(p) => p.text(l),
            W::Refused(r) => r.text(l),
            W::Phrased(s) => s.clone(),
            W::PasteRelease(p) => tr!(l, ErrorPasteRelease, cause = p.text(l)),
            W::PasteNoHost => Msg::ErrorPasteNoHost.text(l).into(),
            W::PasteBadPort { port } => tr!(l, ErrorPasteBadPort, port = q(port)),
            W::PasteUnreadable(p) => tr!(l, ErrorPasteUnreadable, cause = p.text(l)),
            W::PasteBadClient { client } => tr!(l, ErrorPasteBadClient, client = q(client)),
            W::NoAddressRemap { model } => tr!(l, ErrorNoAddressRemap, model = model),
            W::BadReads { max, reads } => tr!(l, ErrorBadReads, max = max, reads = reads),
            W::NoPreset { id } => tr!(l, ErrorNoPreset, id = q(id)),
            W::LinkCannotRun(r) => tr!(l, ErrorLinkCannotRun, cause = r.text(l)),
            W::StepPastEnd { step, steps } => tr!(l, ErrorStepPastEnd, step = step, steps = steps),
            W::StepNotMoment { slug, known } => tr!(l, ErrorStepNotMoment, slug = q(slug), known = known),
            W::LinkBadName(e) => tr!(l, ErrorLinkBadName, cause = e.text(l)),
            W::LinkBadValue { name, cause } => tr!(l, ErrorLinkBadValue, name = name, cause = cause.text(l)),
            W::LinkTwice { name } => tr!(l, ErrorLinkTwice, name = name),
            W::LinkUnknownPreset { id, known } => tr!(l, ErrorLinkUnknownPreset, id = q(id), known = known),
            W::LinkBadStartup { value } => tr!(l, ErrorLinkBadStartup, value = q(value)),
            W::LinkReplyAndShape { clash } => tr!(l, ErrorLinkReplyAndShape, clash = clash),
            W::LinkAnnounce(p) => tr!(l, ErrorLinkAnnounce, cause = p.text(l)),
            W::LinkWorkload(p) => tr!(l, ErrorLinkWorkload, cause = p.text(l)),
            W::LinkReads { max } => tr!(l, ErrorLinkReads, max = max),
            W::LinkNotZeroOrOne { name, value } => tr!(l, ErrorLinkNotZeroOrOne, name = name, value = q(value)),
            W::LinkModel { right: false, cause } => tr!(l, ErrorLinkLeftModel, cause = cause.text(l)),
            W::LinkModel { right: true, cause } => tr!(l, ErrorLinkRightModel, cause = cause.text(l)),
            W::LinkStepTooLarge { value } => tr!(l, ErrorLinkStepTooLarge, value = q(value)),
            W::LinkStepZero => Msg::ErrorLinkStepZero.text(l).into(),
            W::LinkBadStep { value } => tr!(l, ErrorLinkBadStep, value = q(value)),
            W::LinkKeyTooLong => Msg::ErrorLinkKeyTooLong.text(l).into(),
            W::LinkBadTheme { value } => tr!(l, ErrorLinkBadTheme, value = q(value)),
            W::LinkBadLang { value } => tr!(l, ErrorLinkBadLang, value = q(value)),
            W::LinkUnknownChapter { slug, known } => {
                tr!(l, ErrorLinkUnknownChapter, slug = q(slug), known = known)
            }
            W::ChapterNoPreset { slug } => tr!(l, ErrorChapterNoPreset, slug = slug),
            W::LinkNotNumber { name, value } => tr!(l, ErrorLinkNotNumber, name = name, value = q(value)),
            W::LinkReplyTooManyEntries => Msg::ErrorLinkReplyTooManyEntries.text(l).into(),
            W::LinkReplyEntry { entry, why } => tr!(l, ErrorLinkReplyEntry, entry = entry, why = why.text(l)),
            W::LinkReply(p) => tr!(l, ErrorLinkReply, cause = p.text(l)),
        }
    }
}

impl Escape {
    /// The sentence in `lang`.
    pub fn text(self, l: Lang) -> String {
        match self {
            Escape::CutShort => Msg::ErrorEscapeCutShort.text(l).into(),
            Escape::NotHexadecimal => Msg::ErrorEscapeNotHexadecimal.text(l).into(),
            Escape::NotAnEscape { hex } => {
                tr!(l, ErrorEscapeNotAnEscape, hex = String::from_utf8_lossy(&hex))
            }
            Escape::NotUtf8 => Msg::ErrorEscapeNotUtf8.text(l).into(),
        }
    }
}

/// The English sentence.
impl fmt::Display for Escape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl ReplyPart {
    fn text(&self, l: Lang) -> String {
        match self {
            ReplyPart::NoAt => Msg::ErrorLinkEntryNoAt.text(l).into(),
            ReplyPart::BadStart => Msg::ErrorLinkEntryBadStart.text(l).into(),
            ReplyPart::BadEnd => Msg::ErrorLinkEntryBadEnd.text(l).into(),
            ReplyPart::NoPort => Msg::ErrorLinkEntryNoPort.text(l).into(),
            ReplyPart::BadPort => Msg::ErrorLinkEntryBadPort.text(l).into(),
            ReplyPart::Host(e) => e.text(l),
            ReplyPart::TooManyNodes => Msg::ErrorLinkEntryTooManyNodes.text(l).into(),
            ReplyPart::NoNode => Msg::ErrorLinkEntryNoNode.text(l).into(),
        }
    }
}

impl From<Why> for Fault {
    fn from(why: Why) -> Fault {
        Fault::new(why)
    }
}

impl From<Problem> for Fault {
    fn from(p: Problem) -> Fault {
        Fault::new(Why::Engine(p))
    }
}

impl From<Refusal> for Fault {
    fn from(r: Refusal) -> Fault {
        Fault::new(Why::Refused(r))
    }
}

impl From<String> for Fault {
    fn from(s: String) -> Fault {
        Fault::new(Why::Phrased(s))
    }
}

impl From<Fault> for String {
    fn from(f: Fault) -> String {
        f.english
    }
}

/// A scenario the spec refuses is one the session cannot run.
impl From<Fault> for Refusal {
    fn from(f: Fault) -> Refusal {
        Refusal::Invalid(f.english)
    }
}

impl std::ops::Deref for Fault {
    type Target = str;
    fn deref(&self) -> &str {
        &self.english
    }
}

/// The English sentence.
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english)
    }
}

impl std::error::Error for Fault {}
