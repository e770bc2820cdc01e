//! What is wrong with an input, as facts: which check failed and the values it names
//! (the line, the entry, the slot, the text as given). The engine says no more: each
//! problem is phrased, in English or Chinese, by `crate::i18n::errors` from the message
//! catalogue, and its `Display` is the English sentence the CLI prints.

/// A problem with a pasted reply, a cluster's shape, a scenario or a release: one
/// sentence once phrased. `In*` variants put another problem in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    // Where in the input.
    /// `line N: ...` of a pasted reply.
    AtLine {
        line: usize,
        cause: Box<Problem>,
    },
    /// `entry N: ...`, counted from 0 like the reply's items.
    InEntry {
        entry: usize,
        cause: Box<Problem>,
    },

    // The input as a whole.
    InputEmpty,
    InputTooLarge {
        bytes: usize,
        max: usize,
    },
    /// A JSON reply that is not JSON: what is wrong where (line and column from 1).
    Json {
        what: JsonFault,
        line: usize,
        column: usize,
    },
    JsonTooDeep,
    NotWholeNumber {
        number: String,
    },
    UnexpectedBoolean {
        value: bool,
    },

    // The `redis-cli` text forms.
    ExpectedNumberedItem {
        text: String,
    },
    IndentedTooDeep,
    NestedTooDeep,
    NoOuterList,
    BadInteger {
        text: String,
    },
    UnterminatedString {
        text: String,
    },
    BadEscape {
        text: String,
    },
    DanglingBackslash {
        text: String,
    },
    NotUtf8 {
        text: String,
    },
    ExpectedRangeStart {
        found: String,
    },
    HostWithoutPort,

    // The reply's structure.
    ExpectedRangeList,
    ExpectedEntry,
    EntryTooShort {
        elements: usize,
    },
    MissingPrimary,
    NotANumber {
        field: Field,
        text: String,
    },
    IsAList {
        field: Field,
    },
    Missing {
        field: Field,
    },
    SlotOutOfRange {
        slot: i64,
    },
    ExpectedNode,
    HostIsNumber {
        host: i64,
    },
    MissingHost,
    IdIsList,
    PortOutOfRange {
        port: i64,
    },
    ReplyEmpty,
    TooManyEntries {
        entries: usize,
        max: usize,
    },
    StartAfterEnd {
        start: u16,
        end: u16,
    },
    TooManyNodes {
        nodes: usize,
        max: usize,
    },
    PortZero,
    /// A node given as `?`: the server prefers hostnames and the node announces none.
    HostQuestionMark {
        port: u16,
    },

    // A cluster's shape (`Topology`, `Announce`).
    AnnounceEmpty,
    AnnounceNotHostname {
        host: String,
    },
    NoPrimary,
    NoRange,
    TooManyRanges {
        primaries: u16,
        ranges: u16,
        total: u32,
    },
    TooManyReplicas {
        max: usize,
    },
    PortsDoNotFit {
        first: u16,
        last: u32,
    },

    // A scenario.
    UnknownWorkload {
        name: String,
    },
    NoStartupNode,
    StartupNodeWithoutHost,
    StartupPortZero,
    TooManyReinits {
        max: u32,
        got: u32,
    },
    LocalhostUnresolved,
    NoKeys,
    TooManyKeys {
        max: usize,
        got: usize,
    },
    KeyTooLong {
        bytes: usize,
        max: usize,
    },

    // A release or a model name.
    NotAVersion {
        text: String,
    },
    OlderThanModelled {
        version: String,
        oldest: String,
    },
    NewerThanModelled {
        version: String,
        newest: String,
    },
    NotPublished {
        version: String,
        below: String,
        above: String,
    },
    UnknownModel {
        name: String,
        oldest: String,
        newest: String,
        fixed: String,
    },
    UnknownModelRelease {
        name: String,
        cause: Box<Problem>,
    },
}

/// A field of a reply's entry or node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Slot,
    Port,
}

/// What the JSON reader found wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFault {
    TooDeep { max: usize },
    TrailingCharacters,
    UnexpectedEnd,
    Expected(JsonExpected),
    TrailingComma,
    LeadingZeros,
    ControlCharacter,
    UnpairedSurrogate,
    InvalidEscape,
}

/// What the JSON reader expected where it stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonExpected {
    CommaOrBracket,
    CommaOrBrace,
    StringKey,
    Colon,
    Value,
    Digit,
    HexDigits,
}

impl Problem {
    /// This problem inside line `line` (from 1) of the input.
    pub fn at_line(self, line: usize) -> Problem {
        Problem::AtLine { line, cause: Box::new(self) }
    }

    /// This problem inside entry `entry` (from 0) of the reply.
    pub fn in_entry(self, entry: usize) -> Problem {
        Problem::InEntry { entry, cause: Box::new(self) }
    }
}

impl std::error::Error for Problem {}
