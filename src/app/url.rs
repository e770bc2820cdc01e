//! The page's state in its address: `?preset=3163&left=async-5.0.1&right=async-fixed&step=16`.
//!
//! Parameters (all optional; a missing one takes the #3163 preset's value):
//!
//! | name | value |
//! |---|---|
//! | `preset` | `3163`, `ips`, `workaround`, `replicas`, `refresh` (the base the others edit) |
//! | `startup` | startup node `host` or `host:port` |
//! | `primaries`, `replicas`, `ranges` | the cluster's shape |
//! | `announce` | `localhost`, `ip`, `empty`, `unknown` or any hostname |
//! | `reply` | a pasted reply, compact: `0-8191@localhost:7000,localhost:7002;8192-16383@...` |
//! | `reinit` | extra initialize() calls |
//! | `workload` | `each-range`, `every-refresh`, `keys` (distinct-slot GETs), `none` |
//! | `reads` | with `workload=keys`: how many GETs, each in a slot of its own |
//! | `rfr` | `1`: `read_from_replicas=True` |
//! | `remap` | `1`: `address_remap` sending `localhost` to `127.0.0.1` (4.5.5+) |
//! | `left`, `right` | model names (`async-5.0.1`, ...) |
//! | `step` | step number from 1, or a moment: `first-orphan`, `commit-1`, `close`, `end`... |
//! | `key` | the key playground's key |
//! | `theme` | `light`, `dark`, `auto` |
//! | `lang` | `en`, `zh`: the page's language, written when it is not the language of the page the link opens (`/` English, `/zh/` Chinese) |
//! | `tour` | the open chapter of the guided tour (`finding-nodes`, ..., `orphan`, ..., `workaround`) |
//!
//! A link with `tour` and no scenario, model or step parameter opens that chapter:
//! its scenario at its moment (`?tour=orphan`). With them, they win and `tour` only
//! says which chapter is open.
//! Unknown parameters are ignored; a known one with a bad value is an error that
//! names it. Decoding never panics on any input.

use super::fault::{Escape, Fault, ReplyPart, Why};
use super::presets::Preset;
use super::spec::{ReplySource, ScenarioSpec};
use crate::engine::{ClusterSlotsReply, Model, NodeEntry, SlotRange, Workload};
use crate::i18n::Lang;

/// The key the playground starts with (the CRC16 check value: slot 12739).
pub const DEFAULT_KEY: &str = "123456789";

/// A step as a link names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepRef {
    /// 0-based joint index (written 1-based in the URL).
    Index(usize),
    /// A chapter slug.
    Chapter(String),
}

/// The colour scheme, as the address carries it (`theme=light`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    /// `light`, `dark` or `auto`.
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlState {
    pub spec: ScenarioSpec,
    pub left: Model,
    pub right: Model,
    pub step: StepRef,
    pub key: Option<String>,
    pub theme: Option<Theme>,
    /// The language, when the link names one.
    pub lang: Option<Lang>,
    /// The open tour chapter's slug.
    pub tour: Option<&'static str>,
}

/// The query string (with its leading `?`) for a state.
pub fn encode(u: &UrlState) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let spec = &u.spec;
    match Preset::matching(spec) {
        Some(p) => pairs.push(("preset", p.id.to_string())),
        None => {
            pairs.push(("startup", format!("{}:{}", spec.startup_host, spec.startup_port)));
            match &spec.source {
                ReplySource::Topology { primaries, replicas, ranges, announce } => {
                    pairs.push(("primaries", primaries.to_string()));
                    pairs.push(("replicas", replicas.to_string()));
                    pairs.push(("ranges", ranges.to_string()));
                    pairs.push(("announce", announce.clone()));
                }
                ReplySource::Pasted(reply) => pairs.push(("reply", encode_reply(reply))),
            }
            pairs.push(("reinit", spec.reinit.to_string()));
            pairs.push(("workload", spec.workload.name().to_string()));
            if spec.workload == Workload::Keys {
                pairs.push(("reads", spec.reads.to_string()));
            }
            if spec.read_from_replicas {
                pairs.push(("rfr", "1".to_string()));
            }
            if spec.address_remap {
                pairs.push(("remap", "1".to_string()));
            }
        }
    }
    pairs.push(("left", u.left.name().to_string()));
    pairs.push(("right", u.right.name().to_string()));
    match &u.step {
        StepRef::Index(n) => pairs.push(("step", (n + 1).to_string())),
        StepRef::Chapter(slug) => pairs.push(("step", slug.clone())),
    }
    if let Some(k) = u.key.as_deref().filter(|k| *k != DEFAULT_KEY) {
        pairs.push(("key", k.to_string()));
    }
    if let Some(t) = u.theme.filter(|t| *t != Theme::Auto) {
        pairs.push(("theme", t.name().to_string()));
    }
    if let Some(t) = u.tour {
        pairs.push(("tour", t.to_string()));
    }
    if let Some(l) = u.lang {
        pairs.push(("lang", l.code().to_string()));
    }
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", escape(v))).collect();
    format!("?{}", body.join("&"))
}

/// Reads a query string (with or without `?`, or a whole URL's `?...#...` part).
pub fn decode(query: &str) -> Result<UrlState, Fault> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split('#').next().unwrap_or("");
    let mut seen: Vec<(String, String)> = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let k = unescape(k).map_err(Why::LinkBadName)?;
        let v = unescape(v).map_err(|cause| Why::LinkBadValue { name: k.clone(), cause })?;
        if seen.iter().any(|(s, _)| *s == k) {
            return Err(Why::LinkTwice { name: k }.into());
        }
        seen.push((k, v));
    }
    let get = |name: &str| seen.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());

    let preset = match get("preset") {
        Some(id) => Preset::by_id(id).ok_or_else(|| {
            let ids: Vec<&str> = super::presets::PRESETS.iter().map(|p| p.id).collect();
            Why::LinkUnknownPreset { id: id.to_string(), known: ids.join(", ") }
        })?,
        None => Preset::default_preset(),
    };
    let mut spec = preset.spec();
    let (mut left, mut right) = (preset.left, preset.right);

    if let Some(s) = get("startup") {
        // Written host:port; a bare host means port 7000.
        let (host, port) = match s.rsplit_once(':') {
            Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                (h, number::<u16>("startup port", p)?)
            }
            _ => (s, 7000),
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) || port == 0 {
            return Err(Why::LinkBadStartup { value: s.to_string() }.into());
        }
        spec.startup_host = host.to_string();
        spec.startup_port = port;
    }
    let shape = ["primaries", "replicas", "ranges", "announce"];
    if let Some(r) = get("reply") {
        if let Some(clash) = shape.iter().find(|k| get(k).is_some()) {
            return Err(Why::LinkReplyAndShape { clash: clash.to_string() }.into());
        }
        spec.source = ReplySource::Pasted(decode_reply(r)?);
    } else if let ReplySource::Topology { primaries, replicas, ranges, announce } = &mut spec.source {
        if let Some(v) = get("primaries") {
            *primaries = number("primaries", v)?;
        }
        if let Some(v) = get("replicas") {
            *replicas = number("replicas", v)?;
        }
        if let Some(v) = get("ranges") {
            *ranges = number("ranges", v)?;
        }
        if let Some(v) = get("announce") {
            crate::engine::Announce::parse(v).map_err(Why::LinkAnnounce)?;
            *announce = v.to_string();
        }
    }
    if let Some(v) = get("reinit") {
        spec.reinit = number("reinit", v)?;
    }
    if let Some(v) = get("workload") {
        spec.workload = Workload::parse(v).map_err(Why::LinkWorkload)?;
    }
    if let Some(v) = get("reads") {
        spec.reads = number("reads", v)?;
    }
    if spec.workload == Workload::Keys && (spec.reads == 0 || spec.reads > super::spec::MAX_READS) {
        return Err(Why::LinkReads { max: super::spec::MAX_READS }.into());
    }
    if spec.workload != Workload::Keys {
        // Only workload=keys reads it, and `encode` leaves it out otherwise: kept, it
        // would make `?preset=3163&reads=5` a custom scenario that a rewrite changes.
        spec.reads = 0;
    }
    if let Some(v) = get("rfr") {
        spec.read_from_replicas = match v {
            "1" => true,
            "0" => false,
            _ => return Err(Why::LinkNotZeroOrOne { name: "rfr", value: v.to_string() }.into()),
        };
    }
    if let Some(v) = get("remap") {
        spec.address_remap = match v {
            "1" => true,
            "0" => false,
            _ => return Err(Why::LinkNotZeroOrOne { name: "remap", value: v.to_string() }.into()),
        };
    }
    if let Some(v) = get("left") {
        left = Model::parse_name(v).map_err(|cause| Why::LinkModel { right: false, cause })?;
    }
    if let Some(v) = get("right") {
        right = Model::parse_name(v).map_err(|cause| Why::LinkModel { right: true, cause })?;
    }
    let mut step = match get("step") {
        None => StepRef::Index(0),
        Some(v) if v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty() => {
            let n: usize = v.parse().map_err(|_| Why::LinkStepTooLarge { value: v.to_string() })?;
            if n == 0 {
                return Err(Why::LinkStepZero.into());
            }
            StepRef::Index(n - 1)
        }
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            StepRef::Chapter(v.to_string())
        }
        Some(v) => return Err(Why::LinkBadStep { value: v.to_string() }.into()),
    };
    let key = get("key").map(|k| k.to_string());
    if key.as_ref().is_some_and(|k| k.len() > 1024) {
        return Err(Why::LinkKeyTooLong.into());
    }
    let theme = match get("theme") {
        None => None,
        Some(v) => Some(Theme::parse(v).ok_or_else(|| Why::LinkBadTheme { value: v.to_string() })?),
    };
    let lang = match get("lang") {
        None => None,
        Some(code) => Some(Lang::parse(code).ok_or_else(|| Why::LinkBadLang { value: code.to_string() })?),
    };
    let tour = match get("tour") {
        None => None,
        Some(slug) => Some(super::tour::chapter(slug).map(|(_, c)| c).ok_or_else(|| {
            let known: Vec<&str> = super::tour::TOUR.iter().map(|c| c.slug).collect();
            Why::LinkUnknownChapter { slug: slug.to_string(), known: known.join(", ") }
        })?),
    };
    // A bare chapter link opens the chapter: its scenario at its moment.
    let scenario_params = ["preset", "startup", "reply", "reinit", "workload", "reads", "rfr", "left", "right", "step"];
    if let Some(c) = tour.filter(|_| !scenario_params.iter().chain(&shape).any(|k| get(k).is_some())) {
        let p = Preset::by_id(c.preset).ok_or_else(|| Why::ChapterNoPreset { slug: c.slug.to_string() })?;
        spec = p.spec();
        left = c.left;
        right = c.right;
        step = StepRef::Chapter(c.moment.to_string());
    }
    Ok(UrlState { spec, left, right, step, key, theme, lang, tour: tour.map(|c| c.slug) })
}

fn number<T: std::str::FromStr>(name: &'static str, v: &str) -> Result<T, Fault> {
    v.trim().parse::<T>().map_err(|_| Why::LinkNotNumber { name, value: v.to_string() }.into())
}

/// A reply as `start-end@host:port,host:port;...` (primary first). Node ids and
/// metadata are left out: the client does not read them.
pub fn encode_reply(reply: &ClusterSlotsReply) -> String {
    let node = |n: &NodeEntry| format!("{}:{}", escape_host(&n.host), n.port);
    reply
        .entries
        .iter()
        .map(|e| {
            let nodes: Vec<String> = std::iter::once(&e.primary).chain(&e.replicas).map(node).collect();
            format!("{}-{}@{}", e.start, e.end, nodes.join(","))
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub fn decode_reply(s: &str) -> Result<ClusterSlotsReply, Fault> {
    let mut entries = Vec::new();
    for (i, part) in s.split(';').enumerate() {
        let bad = |why: ReplyPart| Fault::from(Why::LinkReplyEntry { entry: i, why });
        if i >= crate::engine::reply::MAX_ENTRIES {
            return Err(Why::LinkReplyTooManyEntries.into());
        }
        let (range, nodes) = part.split_once('@').ok_or_else(|| bad(ReplyPart::NoAt))?;
        let (start, end) = range.split_once('-').unwrap_or((range, range));
        let start: u16 = start.parse().map_err(|_| bad(ReplyPart::BadStart))?;
        let end: u16 = end.parse().map_err(|_| bad(ReplyPart::BadEnd))?;
        let mut list = Vec::new();
        for n in nodes.split(',') {
            let (host, port) = n.rsplit_once(':').ok_or_else(|| bad(ReplyPart::NoPort))?;
            let port: u16 = port.parse().map_err(|_| bad(ReplyPart::BadPort))?;
            let host = unescape(host).map_err(|e| bad(ReplyPart::Host(e)))?;
            list.push(NodeEntry { host, port, id: String::new(), metadata: Vec::new() });
            if list.len() > crate::engine::reply::MAX_NODES_PER_ENTRY {
                return Err(bad(ReplyPart::TooManyNodes));
            }
        }
        let mut list = list.into_iter();
        let primary = list.next().ok_or_else(|| bad(ReplyPart::NoNode))?;
        entries.push(SlotRange { start, end, primary, replicas: list.collect() });
    }
    let reply = ClusterSlotsReply { entries };
    reply.validate().map_err(Why::LinkReply)?;
    Ok(reply)
}

fn escape_host(h: &str) -> String {
    let mut out = String::new();
    for c in h.chars() {
        match c {
            '%' | ',' | ';' | '@' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes what a query value may not hold literally.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b':'
            | b'@'
            | b','
            | b';'
            | b'/'
            | b'{'
            | b'}' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space), insisting on UTF-8.
pub fn unescape(s: &str) -> Result<String, Escape> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(Escape::CutShort)?;
                let hex = std::str::from_utf8(hex).map_err(|_| Escape::NotHexadecimal)?;
                let v = u8::from_str_radix(hex, 16)
                    .map_err(|_| Escape::NotAnEscape { hex: [hex.as_bytes()[0], hex.as_bytes()[1]] })?;
                out.push(v);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| Escape::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_url() -> UrlState {
        let p = Preset::default_preset();
        UrlState {
            spec: p.spec(),
            left: p.left,
            right: p.right,
            step: StepRef::Index(0),
            key: None,
            theme: None,
            lang: None,
            tour: None,
        }
    }

    #[test]
    fn empty_query_is_the_default_page() {
        assert_eq!(decode("").unwrap(), default_url());
        assert_eq!(decode("?").unwrap(), default_url());
        assert_eq!(decode("?utm_source=x&fbclid=1").unwrap(), default_url());
    }

    #[test]
    fn round_trips() {
        let mut u = default_url();
        u.spec = ScenarioSpec::topology(5, 2, 3, "my-host.local", "10.0.0.1");
        u.spec.startup_port = 6379;
        u.spec.reinit = 4;
        u.spec.workload = Workload::None;
        u.spec.read_from_replicas = true;
        u.spec.address_remap = true;
        u.left = Model::SYNC_501;
        u.right = Model::ASYNC_810;
        u.step = StepRef::Index(41);
        u.key = Some("a b&c=d{tag}%é".into());
        u.theme = Some(Theme::Light);
        u.tour = Some("orphan");
        let q = encode(&u);
        assert_eq!(decode(&q).unwrap(), u, "{q}");
        let p = Preset::by_id("refresh").unwrap();
        let u2 = UrlState { spec: p.spec(), step: StepRef::Chapter("close".into()), ..u.clone() };
        let q2 = encode(&u2);
        assert!(q2.starts_with("?preset=refresh&"), "{q2}");
        assert_eq!(decode(&q2).unwrap(), u2);
    }

    #[test]
    fn a_bare_tour_link_opens_the_chapter() {
        let u = decode("?tour=orphan").unwrap();
        let c = super::super::tour::chapter("orphan").unwrap().1;
        assert_eq!(u.tour, Some("orphan"));
        assert_eq!((u.left, u.right), (c.left, c.right));
        assert_eq!(u.step, StepRef::Chapter(c.moment.to_string()));
        let w = decode("?tour=workaround").unwrap();
        assert_eq!(Preset::matching(&w.spec).map(|p| p.id), Some("ips"));
        // With a step (or scenario) the link's own values win.
        let v = decode("?tour=workaround&step=3").unwrap();
        assert_eq!((v.step, v.tour), (StepRef::Index(2), Some("workaround")));
        assert_eq!(Preset::matching(&v.spec).map(|p| p.id), Some("3163"));
    }

    #[test]
    fn pasted_replies_round_trip() {
        let reply = ClusterSlotsReply {
            entries: vec![SlotRange {
                start: 0,
                end: 16383,
                primary: NodeEntry { host: "we,ird;h@st%".into(), port: 7000, id: String::new(), metadata: vec![] },
                replicas: vec![NodeEntry { host: "".into(), port: 7001, id: String::new(), metadata: vec![] }],
            }],
        };
        let mut u = default_url();
        u.spec.source = ReplySource::Pasted(reply);
        let q = encode(&u);
        assert_eq!(decode(&q).unwrap(), u, "{q}");
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (q, word) in [
            ("?primaries=banana", "primaries"),
            ("?primaries=70000", "primaries"),
            ("?left=async-9", "left"),
            ("?step=0", "step"),
            ("?step=%zz", "step"),
            ("?step=a b", "step"),
            ("?workload=sometimes", "workload"),
            ("?theme=blue", "theme"),
            ("?preset=nope", "preset"),
            ("?reply=1-2", "reply"),
            ("?reply=0-16383@h:7000&primaries=3", "reply"),
            ("?startup=:7000", "startup"),
            ("?startup=h:0", "startup"),
            ("?announce=has space", "announce"),
            ("?key=%FF", "key"),
            ("?left=a&left=b", "twice"),
            ("?step=99999999999999999999999", "step"),
            ("?tour=nowhere", "tour"),
        ] {
            let e = decode(q).unwrap_err();
            assert!(e.contains(word), "{q}: {e}");
        }
    }

    /// A proptest-style loop: random strings, and random mutations of good queries,
    /// never panic the decoder (and what decodes re-encodes to the same state).
    #[test]
    fn decode_never_panics_on_random_input() {
        let mut seed: u64 = 0x5EED_1234_ABCD_0001;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> =
            "?&=%+-:;,@{}#0123456789abcdefFstepleftrightpresetreplyé\u{0}\u{ffff} ".chars().collect();
        let good = encode(&default_url());
        for i in 0..20_000 {
            let s: String = if i % 2 == 0 {
                let n = (rnd() % 64) as usize;
                (0..n).map(|_| alphabet[(rnd() % alphabet.len() as u64) as usize]).collect()
            } else {
                let mut chars: Vec<char> = good.chars().collect();
                for _ in 0..(1 + rnd() % 4) {
                    let at = (rnd() % (chars.len() as u64 + 1)) as usize;
                    let c = alphabet[(rnd() % alphabet.len() as u64) as usize];
                    if rnd() % 2 == 0 && at < chars.len() {
                        chars[at] = c;
                    } else {
                        chars.insert(at.min(chars.len()), c);
                    }
                }
                chars.into_iter().collect()
            };
            if let Ok(u) = decode(&s) {
                let norm = |mut u: UrlState| {
                    u.key = u.key.filter(|k| k != DEFAULT_KEY);
                    u.theme = u.theme.filter(|t| *t != Theme::Auto);
                    u
                };
                assert_eq!(norm(decode(&encode(&u)).unwrap()), norm(u), "{s:?}");
            }
        }
    }
}
