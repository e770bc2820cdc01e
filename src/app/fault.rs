//! Why the page could not do what the visitor asked: a link it cannot read, a scenario
//! it cannot run, a paste it cannot check. A `Fault` keeps the facts, phrased in the
//! page's language by `text(lang)` (again when the visitor switches language), and its
//! English sentence, which it reads as (`Deref<Target = str>`, `Display`): what tests
//! and the CLI see.

use crate::engine::{Model, Problem};
use crate::i18n::{Lang, Msg};
use crate::tr;
use std::fmt;
use std::rc::Rc;

/// An error the page shows, one line. A shared handle: the page's state is cloned and
/// compared on every step, so a fault clones as a pointer and compares by its English
/// sentence (the same facts give the same sentence). Deriving both on the facts cost
/// about 9 KB of wasm (bench.sh's size), for nothing a visitor sees.
#[derive(Clone)]
pub struct Fault(Rc<Said>);

struct Said {
    why: Why,
    english: String,
}

impl PartialEq for Fault {
    fn eq(&self, o: &Fault) -> bool {
        Rc::ptr_eq(&self.0, &o.0) || self.0.english == o.0.english
    }
}

impl Eq for Fault {}

impl fmt::Debug for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Fault").field(&self.0.english).finish()
    }
}

/// What went wrong, as facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The engine refused an input.
    Engine(Problem),
    /// `model` would do about `estimate` cache lookups, constructions and stores,
    /// more than the page's `limit` (`spec::MAX_WORK`).
    TooMuchWork {
        model: Model,
        estimate: u64,
        limit: u64,
    },
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
    LinkCannotRun(Box<Fault>),
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
        Fault(Rc::new(Said { why, english }))
    }

    /// What went wrong, as facts.
    pub fn why(&self) -> &Why {
        &self.0.why
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.english.clone(),
            _ => self.0.why.text(lang),
        }
    }
}

impl Why {
    fn text(&self, l: Lang) -> String {
        use Why as W;
        let q = |s: &str| format!("{s:?}");
        match self {
            W::Engine(p) => p.text(l),
            W::TooMuchWork { model, estimate, limit } => {
                tr!(l, ChapterTooMuchWork, model = model, estimate = estimate, limit = limit)
            }
            W::Phrased(s) => s.clone(),
            W::PasteRelease(p) => tr!(l, ErrorPasteRelease, cause = p.text(l)),
            W::PasteNoHost => Msg::ErrorPasteNoHost.text(l).into(),
            W::PasteBadPort { port } => tr!(l, ErrorPasteBadPort, port = q(port)),
            W::PasteUnreadable(p) => tr!(l, ErrorPasteUnreadable, cause = p.text(l)),
            W::PasteBadClient { client } => tr!(l, ErrorPasteBadClient, client = q(client)),
            W::NoAddressRemap { model } => tr!(l, ErrorNoAddressRemap, model = model),
            W::BadReads { max, reads } => tr!(l, ErrorBadReads, max = max, reads = reads),
            W::NoPreset { id } => tr!(l, ErrorNoPreset, id = q(id)),
            W::LinkCannotRun(f) => tr!(l, ErrorLinkCannotRun, cause = f.text(l)),
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

impl From<String> for Fault {
    fn from(s: String) -> Fault {
        Fault::new(Why::Phrased(s))
    }
}

impl From<Fault> for String {
    fn from(f: Fault) -> String {
        f.0.english.clone()
    }
}

impl std::ops::Deref for Fault {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.english
    }
}

/// The English sentence.
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.english)
    }
}

impl std::error::Error for Fault {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::paste::check_paste;
    use crate::app::spec::ReplySource;
    use crate::app::state::{reduce, Action, State};

    const JSON: &str = r#"[[0,16383,["localhost",7000,"a"]]]"#;

    fn paste_error(text: &str, host: &str, port: &str, release: &str) -> Fault {
        let [text, host, port, release] = [text, host, port, release].map(str::to_string);
        let s = reduce(&State::initial(), Action::CheckPaste { text, host, port, release, client: String::new() });
        match s.paste {
            Some(Err(e)) => e,
            other => panic!("not refused: {other:?}"),
        }
    }

    fn url_error(query: &str) -> Fault {
        reduce(&State::initial(), Action::ApplyUrl(query.into())).url_error.expect("the link is refused")
    }

    #[test]
    fn a_bad_paste_reads_in_chinese_and_its_english_is_unchanged() {
        let e = paste_error("hello", "localhost", "7000", "");
        assert_eq!(
            &*e,
            "that is not a CLUSTER SLOTS reply Slotscope can read: line 1: expected the start and end slots of a \
             range, found \"hello\""
        );
        assert_eq!(
            e.text(Lang::Zh),
            "Slotscope 读不懂这段 CLUSTER SLOTS 回复：第 1 行：这里应是一个槽位区间的起始和结束槽位，实际是 \"hello\""
        );
        let e = paste_error("[[0,16384,[\"a\",1]]]", "localhost", "7000", "");
        assert_eq!(
            e.text(Lang::Zh),
            "Slotscope 读不懂这段 CLUSTER SLOTS 回复：第 0 项：槽位 16384 超出范围（槽位编号为 0..=16383）"
        );
        let e = paste_error("[[0,1,]]", "localhost", "7000", "");
        assert_eq!(
            &*e,
            "that is not a CLUSTER SLOTS reply Slotscope can read: not valid JSON: trailing comma at line 1 column 7"
        );
        assert_eq!(
            e.text(Lang::Zh),
            "Slotscope 读不懂这段 CLUSTER SLOTS 回复：不是有效的 JSON：有多余的结尾逗号（第 1 行第 7 列）"
        );
        let e = paste_error(JSON, "h", "99999", "");
        assert_eq!(&*e, "startup port \"99999\" is not a port (1-65535)");
        assert_eq!(e.text(Lang::Zh), "启动端口 \"99999\" 不是有效端口（1-65535）");
        let e = paste_error(JSON, "localhost", "7000", "Version: 9.9.9");
        assert_eq!(&*e, "the release: redis-py 9.9.9 is not modelled: newer than the newest modelled release, 8.1.0");
        assert_eq!(e.text(Lang::Zh), "版本：没有为 redis-py 9.9.9 建模：它比建模的最新版本 8.1.0 还新");
        assert_eq!(e.text(Lang::En), e.to_string());
        assert!(check_paste(JSON, "localhost", "", "", "").is_ok());
    }

    #[test]
    fn a_bad_link_reads_in_chinese_and_its_english_is_unchanged() {
        let e = url_error("?rfr=2");
        assert_eq!(&*e, "the link's rfr \"2\" is not 0 or 1");
        assert_eq!(e.text(Lang::Zh), "链接里的 rfr 是 \"2\"，只能是 0 或 1");
        let e = url_error("?left=async-9.1.0");
        assert_eq!(
            &*e,
            "the link's left model: unknown model 'async-9.1.0': redis-py 9.1.0 is not modelled: newer than the \
             newest modelled release, 8.1.0"
        );
        assert_eq!(
            e.text(Lang::Zh),
            "链接里左侧的模型有误：未知的模型 'async-9.1.0'：没有为 redis-py 9.1.0 建模：它比建模的最新版本 8.1.0 还新"
        );
        let e = url_error("?reply=0-16383@localhost");
        assert_eq!(&*e, "the link's reply, entry 0: a node has no :port (expected start-end@host:port,...)");
        assert_eq!(e.text(Lang::Zh), "链接里的回复第 0 项：有一个节点缺少 :port（格式应为 start-end@host:port,...）");
        // A scenario the session refuses is phrased from the spec's facts.
        let e = url_error("?primaries=0");
        assert_eq!(&*e, "the link's scenario cannot run: a cluster needs at least one primary");
        assert_eq!(e.text(Lang::Zh), "链接里的场景无法运行：集群至少需要一个主节点");
    }

    #[test]
    fn a_refused_scenario_edit_reads_in_chinese() {
        let s = State::initial();
        let mut spec = s.spec().clone();
        spec.source = ReplySource::Topology { primaries: 0, replicas: 0, ranges: 1, announce: "localhost".into() };
        let e = reduce(&s, Action::LoadScenario(spec)).scenario_error.expect("refused");
        assert_eq!(&*e, "a cluster needs at least one primary");
        assert_eq!(e.text(Lang::Zh), "集群至少需要一个主节点");
        let e = reduce(&s, Action::LoadPreset("nope".into())).scenario_error.expect("refused");
        assert_eq!((&*e, e.text(Lang::Zh).as_str()), ("there is no preset \"nope\"", "没有名为 \"nope\" 的预设"));
    }
}
