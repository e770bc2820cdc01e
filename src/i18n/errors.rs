//! The engine's problems phrased from the catalogue (`i18n/*/error.txt`). `Display` is
//! the English sentence, the one the CLI prints and scripts read; `text(lang)` is what
//! the page shows, phrased again when the visitor switches language.

use super::{Lang, Msg};
use crate::engine::problem::{Field, JsonExpected, JsonFault, Problem};
use crate::tr;
use std::fmt;

impl Problem {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Problem as P;
        let l = lang;
        match self {
            P::AtLine { line, cause } => tr!(l, ErrorAtLine, line = line, cause = cause.text(l)),
            P::InEntry { entry, cause } => tr!(l, ErrorInEntry, entry = entry, cause = cause.text(l)),
            P::InputEmpty => Msg::ErrorInputEmpty.text(l).into(),
            P::InputTooLarge { bytes, max } => tr!(l, ErrorInputTooLarge, bytes = bytes, max = max),
            P::Json { what, line, column } => {
                tr!(l, ErrorJson, what = json_fault(*what, l), line = line, column = column)
            }
            P::JsonTooDeep => Msg::ErrorJsonTooDeepForReply.text(l).into(),
            P::NotWholeNumber { number } => tr!(l, ErrorNotWholeNumber, number = number),
            P::UnexpectedBoolean { value } => tr!(l, ErrorUnexpectedBoolean, value = value),
            P::ExpectedNumberedItem { text } => tr!(l, ErrorExpectedNumberedItem, text = text),
            P::IndentedTooDeep => Msg::ErrorIndentedTooDeep.text(l).into(),
            P::NestedTooDeep => Msg::ErrorNestedTooDeep.text(l).into(),
            P::NoOuterList => Msg::ErrorNoOuterList.text(l).into(),
            P::BadInteger { text } => tr!(l, ErrorBadInteger, text = text),
            P::UnterminatedString { text } => tr!(l, ErrorUnterminatedString, text = text),
            P::BadEscape { text } => tr!(l, ErrorBadEscape, text = text),
            P::DanglingBackslash { text } => tr!(l, ErrorDanglingBackslash, text = text),
            P::NotUtf8 { text } => tr!(l, ErrorNotUtf8, text = text),
            P::ExpectedRangeStart { found } => tr!(l, ErrorExpectedRangeStart, found = format!("{found:?}")),
            P::HostWithoutPort => Msg::ErrorHostWithoutPort.text(l).into(),
            P::ExpectedRangeList => Msg::ErrorExpectedRangeList.text(l).into(),
            P::ExpectedEntry => Msg::ErrorExpectedEntry.text(l).into(),
            P::EntryTooShort { elements } => tr!(l, ErrorEntryTooShort, elements = elements),
            P::MissingPrimary => Msg::ErrorMissingPrimary.text(l).into(),
            P::NotANumber { field: f, text } => tr!(l, ErrorNotANumber, field = field(*f, l), text = text),
            P::IsAList { field: f } => tr!(l, ErrorIsAList, field = field(*f, l)),
            P::Missing { field: f } => tr!(l, ErrorMissing, field = field(*f, l)),
            P::SlotOutOfRange { slot } => tr!(l, ErrorSlotOutOfRange, slot = slot),
            P::ExpectedNode => Msg::ErrorExpectedNode.text(l).into(),
            P::HostIsNumber { host } => tr!(l, ErrorHostIsNumber, host = host),
            P::MissingHost => Msg::ErrorMissingHost.text(l).into(),
            P::PortOutOfRange { port } => tr!(l, ErrorPortOutOfRange, port = port),
            P::IdIsList => Msg::ErrorIdIsList.text(l).into(),
            P::ReplyEmpty => Msg::ErrorReplyEmpty.text(l).into(),
            P::TooManyEntries { entries, max } => tr!(l, ErrorTooManyEntries, entries = entries, max = max),
            P::StartAfterEnd { start, end } => tr!(l, ErrorStartAfterEnd, start = start, end = end),
            P::TooManyNodes { nodes, max } => tr!(l, ErrorTooManyNodes, nodes = nodes, max = max),
            P::PortZero => Msg::ErrorPortZero.text(l).into(),
            P::HostQuestionMark { port } => tr!(l, ErrorHostQuestionMark, port = port),
            P::AnnounceEmpty => Msg::ErrorAnnounceEmpty.text(l).into(),
            P::AnnounceNotHostname { host } => tr!(l, ErrorAnnounceNotHostname, host = format!("{host:?}")),
            P::NoPrimary => Msg::ErrorNoPrimary.text(l).into(),
            P::NoRange => Msg::ErrorNoRange.text(l).into(),
            P::TooManyRanges { primaries, ranges, total } => {
                tr!(l, ErrorTooManyRanges, primaries = primaries, ranges = ranges, total = total)
            }
            P::TooManyReplicas { max } => tr!(l, ErrorTooManyReplicas, max = max),
            P::PortsDoNotFit { first, last } => tr!(l, ErrorPortsDoNotFit, first = first, last = last),
            P::UnknownWorkload { name } => tr!(l, ErrorUnknownWorkload, name = name),
            P::NoStartupNode => Msg::ErrorNoStartupNode.text(l).into(),
            P::StartupNodeWithoutHost => Msg::ErrorStartupNodeWithoutHost.text(l).into(),
            P::StartupPortZero => Msg::ErrorStartupPortZero.text(l).into(),
            P::TooManyReinits { max, got } => tr!(l, ErrorTooManyReinits, max = max, got = got),
            P::LocalhostUnresolved => Msg::ErrorLocalhostUnresolved.text(l).into(),
            P::NoKeys => Msg::ErrorNoKeys.text(l).into(),
            P::TooManyKeys { max, got } => tr!(l, ErrorTooManyKeys, max = max, got = got),
            P::KeyTooLong { bytes, max } => tr!(l, ErrorKeyTooLong, bytes = bytes, max = max),
            P::NotAVersion { text } => tr!(l, ErrorNotAVersion, text = text),
            P::OlderThanModelled { version, oldest } => {
                tr!(l, ErrorOlderThanModelled, version = version, oldest = oldest)
            }
            P::NewerThanModelled { version, newest } => {
                tr!(l, ErrorNewerThanModelled, version = version, newest = newest)
            }
            P::NotPublished { version, below, above } => {
                tr!(l, ErrorNotPublished, version = version, below = below, above = above)
            }
            P::UnknownModel { name, oldest, newest, fixed } => {
                tr!(l, ErrorUnknownModel, name = name, oldest = oldest, newest = newest, fixed = fixed)
            }
            P::UnknownModelRelease { name, cause } => {
                tr!(l, ErrorUnknownModelRelease, name = name, cause = cause.text(l))
            }
        }
    }

    /// Whether the English sentence contains `needle`, a `&str` or a `char` (what
    /// tests and scripts look for).
    pub fn contains(&self, needle: impl Needle) -> bool {
        needle.found_in(&self.to_string())
    }
}

/// What `Problem::contains` looks for.
pub trait Needle {
    fn found_in(&self, haystack: &str) -> bool;
}

impl Needle for &str {
    fn found_in(&self, haystack: &str) -> bool {
        haystack.contains(*self)
    }
}

impl Needle for char {
    fn found_in(&self, haystack: &str) -> bool {
        haystack.contains(*self)
    }
}

fn field(f: Field, lang: Lang) -> &'static str {
    match f {
        Field::Slot => Msg::ErrorFieldSlot.text(lang),
        Field::Port => Msg::ErrorFieldPort.text(lang),
    }
}

fn json_fault(f: JsonFault, l: Lang) -> String {
    use JsonExpected as E;
    use JsonFault as F;
    match f {
        F::TooDeep { max } => tr!(l, ErrorJsonTooDeep, max = max),
        F::TrailingCharacters => Msg::ErrorJsonTrailingCharacters.text(l).into(),
        F::UnexpectedEnd => Msg::ErrorJsonUnexpectedEnd.text(l).into(),
        F::Expected(E::CommaOrBracket) => tr!(l, ErrorJsonExpectedCommaOrClose, close = ']'),
        F::Expected(E::CommaOrBrace) => tr!(l, ErrorJsonExpectedCommaOrClose, close = '}'),
        F::Expected(E::StringKey) => Msg::ErrorJsonExpectedStringKey.text(l).into(),
        F::Expected(E::Colon) => Msg::ErrorJsonExpectedColon.text(l).into(),
        F::Expected(E::Value) => Msg::ErrorJsonExpectedValue.text(l).into(),
        F::Expected(E::Digit) => Msg::ErrorJsonExpectedDigit.text(l).into(),
        F::Expected(E::HexDigits) => Msg::ErrorJsonExpectedHexDigits.text(l).into(),
        F::TrailingComma => Msg::ErrorJsonTrailingComma.text(l).into(),
        F::LeadingZeros => Msg::ErrorJsonLeadingZeros.text(l).into(),
        F::ControlCharacter => Msg::ErrorJsonControlCharacter.text(l).into(),
        F::UnpairedSurrogate => Msg::ErrorJsonUnpairedSurrogate.text(l).into(),
        F::InvalidEscape => Msg::ErrorJsonInvalidEscape.text(l).into(),
    }
}

/// The English sentence.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<Problem> for String {
    fn from(p: Problem) -> String {
        p.to_string()
    }
}

/// A problem equals its English sentence (what tests and callers compare with).
impl PartialEq<&str> for Problem {
    #[allow(clippy::cmp_owned)] // the sentence exists only once phrased
    fn eq(&self, other: &&str) -> bool {
        self.to_string() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_the_same_in_english_and_names_the_same_facts_in_chinese() {
        let p = Problem::PortOutOfRange { port: 70000 }.in_entry(0);
        assert_eq!(p.to_string(), "entry 0: port 70000 is out of range (1..=65535)");
        assert_eq!(p.text(Lang::Zh), "第 0 项：端口 70000 超出范围（1..=65535）");
        let j = Problem::Json { what: JsonFault::Expected(JsonExpected::CommaOrBrace), line: 1, column: 9 };
        assert_eq!(j.to_string(), "not valid JSON: expected ',' or '}' at line 1 column 9");
    }
}
