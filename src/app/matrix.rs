//! The version matrix: what real redis-py releases did against a real Redis Cluster
//! (`data/version-matrix.json`, recorded by `conformance/matrix.sh`). Every row is a
//! measurement, embedded at compile time and shown by the tour as a table (its words
//! in the catalogue, `i18n/*/matrix.txt`).

use crate::i18n::{Lang, Msg};

/// The recorded file, as `conformance/matrix.sh` wrote it.
pub const JSON: &str = include_str!("../../data/version-matrix.json");

/// What one client did in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub objects_created: u32,
    pub orphaned_objects: u32,
    pub open_connections_after_close: u32,
    /// Sockets still open once the client is dropped and collected.
    pub open_connections_after_drop: u32,
    pub unclosed_warnings: u32,
    pub leaks: bool,
    pub error: Option<String>,
}

/// One release and client: the #3163 layout (cluster announcing `localhost`), and the
/// same run against a cluster announcing IPs (the control).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measurement {
    pub version: String,
    /// `async` or `sync`.
    pub client: String,
    pub localhost: Outcome,
    pub ip_control: Outcome,
    pub redis_server: String,
    pub python: String,
    pub recorded_on: String,
}

impl Measurement {
    /// The release as comparable numbers (`7.10.1` sorts after `7.2.2`).
    pub fn version_key(&self) -> Vec<u32> {
        self.version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
    }
}

/// Reads the matrix. Errors name the record and field that is wrong.
pub fn parse(json: &str) -> Result<Vec<Measurement>, String> {
    use crate::engine::json::Json;
    let v = crate::engine::json::parse(json).map_err(|e| format!("version-matrix.json: {e}"))?;
    let rows = v.as_array().ok_or("version-matrix.json: expected a list")?;
    let bad = |i: usize, k: &str| format!("version-matrix.json record {i}: {k} is missing or of the wrong type");
    let num = |o: &Json, i: usize, k: &str| {
        o.get(k).and_then(Json::as_u64).and_then(|n| u32::try_from(n).ok()).ok_or_else(|| bad(i, k))
    };
    let text =
        |o: &Json, i: usize, k: &str| o.get(k).and_then(Json::as_str).map(str::to_string).ok_or_else(|| bad(i, k));
    let outcome = |o: &Json, i: usize| -> Result<Outcome, String> {
        Ok(Outcome {
            objects_created: num(o, i, "objects_created")?,
            orphaned_objects: num(o, i, "orphaned_objects")?,
            open_connections_after_close: num(o, i, "open_connections_after_close")?,
            open_connections_after_drop: num(o, i, "open_connections_after_drop")?,
            unclosed_warnings: num(o, i, "unclosed_warnings")?,
            leaks: o.get("leaks").and_then(Json::as_bool).ok_or_else(|| bad(i, "leaks"))?,
            error: o.get("error").and_then(Json::as_str).map(str::to_string),
        })
    };
    let mut out = Vec::with_capacity(rows.len());
    for (i, o) in rows.iter().enumerate() {
        out.push(Measurement {
            version: text(o, i, "version")?,
            client: text(o, i, "client")?,
            localhost: outcome(o, i)?,
            ip_control: outcome(o.get("ip_control").ok_or_else(|| bad(i, "ip_control"))?, i)?,
            redis_server: text(o, i, "redis_server")?,
            python: text(o, i, "python")?,
            recorded_on: text(o, i, "recorded_on")?,
        });
    }
    Ok(out)
}

/// What the engine predicts for one cell: `model` on `reply` in the matrix's
/// configuration (startup host `localhost` on the first primary's port, one
/// re-initialize, a GET per range after it, then close and drop).
pub fn predicted(model: crate::engine::Model, reply: &crate::engine::ClusterSlotsReply) -> Outcome {
    use crate::engine::{simulate, Scenario, Verdict, Workload};
    let port = reply.entries.first().map_or(6379, |e| e.primary.port);
    let mut sc = Scenario::new(model, "localhost", port, reply.clone());
    sc.reinit = 1;
    sc.workload = Workload::EachRange;
    match simulate(&sc) {
        Ok(run) => outcome(&Verdict::of(&run, reply), &run),
        Err(e) => Outcome {
            objects_created: 0,
            orphaned_objects: 0,
            open_connections_after_close: 0,
            open_connections_after_drop: 0,
            unclosed_warnings: 0,
            leaks: false,
            error: Some(e),
        },
    }
}

/// A run's counts as the matrix writes them.
pub fn outcome(v: &crate::engine::Verdict, run: &crate::engine::Run) -> Outcome {
    Outcome {
        objects_created: v.objects_created,
        orphaned_objects: v.orphaned_objects,
        open_connections_after_close: v.open_connections_after_close,
        open_connections_after_drop: run.end.open_connections(),
        unclosed_warnings: v.unclosed_warnings,
        leaks: v.leaks() || v.error.is_some(),
        error: v.error.clone(),
    }
}

/// `Some("localhost")` or `Some("ip")` when `reply` has the layout the matrix was
/// recorded on: 3 primaries with 2 ranges each (chunk k of 6 to primary k mod 3), one
/// replica each, announced that way (ports and ids may differ).
pub fn recorded_layout(reply: &crate::engine::ClusterSlotsReply) -> Option<&'static str> {
    use crate::engine::{Announce, Topology};
    ["localhost", "ip"].into_iter().find(|announce| {
        let Ok(announce) = Announce::parse(announce) else { return false };
        let Ok(ours) = Topology::new(3, 1, 2, announce).cluster_slots() else { return false };
        let port0 = |r: &crate::engine::ClusterSlotsReply| r.entries.first().map_or(0, |e| i32::from(e.primary.port));
        let (a, b) = (port0(reply), port0(&ours));
        ours.entries.len() == reply.entries.len()
            && ours.entries.iter().zip(&reply.entries).all(|(o, r)| {
                let same = |x: &crate::engine::NodeEntry, y: &crate::engine::NodeEntry| {
                    x.host == y.host && i32::from(x.port) - b == i32::from(y.port) - a
                };
                o.start == r.start
                    && o.end == r.end
                    && same(&o.primary, &r.primary)
                    && o.replicas.len() == r.replicas.len()
                    && o.replicas.iter().zip(&r.replicas).all(|(x, y)| same(x, y))
            })
    })
}

/// The recorded outcome of `model`'s release and client on the `announce` cluster.
pub fn recorded(rows: &[Measurement], model: crate::engine::Model, announce: &str) -> Option<Outcome> {
    if model.is_fixed() {
        return None;
    }
    let row = rows.iter().find(|m| m.version == model.release().version() && m.client == model.flavor().name())?;
    Some(if announce == "ip" { row.ip_control.clone() } else { row.localhost.clone() })
}

/// The embedded matrix (empty if the file could not be read, which a test forbids).
pub fn matrix() -> Vec<Measurement> {
    parse(JSON).unwrap_or_default()
}

/// The releases of `all` (in order) for which `pick` holds, as runs of consecutive
/// releases: "4.4.0 to 4.5.5, 7.2.0 to 7.4.1".
fn runs(all: &[&Measurement], lang: Lang, pick: impl Fn(&Measurement) -> bool) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        if !pick(all[i]) {
            i += 1;
            continue;
        }
        let first = i;
        while i + 1 < all.len() && pick(all[i + 1]) {
            i += 1;
        }
        out.push(if first == i {
            all[i].version.clone()
        } else {
            crate::tr!(lang, MatrixRange, first = all[first].version, last = all[i].version)
        });
        i += 1;
    }
    out.join(", ")
}

/// One sentence per client, read off the data: which releases leak with a
/// `localhost`-announcing cluster, and which leak even when it announces IPs.
pub fn summary(rows: &[Measurement], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for client in ["async", "sync"] {
        let mine: Vec<&Measurement> = rows.iter().filter(|m| m.client == client).collect();
        if mine.is_empty() {
            continue;
        }
        let everything = runs(&mine, lang, |_| true);
        let clean = runs(&mine, lang, |m| !m.localhost.leaks);
        let ip = runs(&mine, lang, |m| m.ip_control.leaks);
        let mut s = if clean.is_empty() {
            crate::tr!(lang, MatrixSummaryEvery, client = client, releases = everything)
        } else {
            crate::tr!(lang, MatrixSummaryExcept, client = client, releases = clean)
        };
        if ip.is_empty() {
            s.push_str(Msg::MatrixSummaryIpNone.text(lang));
        } else {
            s.push_str(&crate::tr!(lang, MatrixSummaryIpSome, releases = ip));
        }
        out.push(s);
    }
    out
}

/// Escapes text for HTML (the matrix is the project's own file, but a table is
/// built as text only with everything escaped).
pub fn escape_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn verdict_html(out: &mut String, o: &Outcome, counts: bool, lang: Lang) {
    match &o.error {
        Some(e) => {
            out.push_str("<span class=\"bad\">");
            escape_html(out, &crate::tr!(lang, MatrixError, error = e));
            out.push_str("</span>");
        }
        None if o.leaks => {
            out.push_str("<span class=\"bad\">");
            escape_html(out, Msg::MatrixLeaks.text(lang));
            out.push_str("</span>");
            if counts {
                out.push_str(&format!(
                    " {} / {} / {}",
                    o.orphaned_objects, o.open_connections_after_close, o.unclosed_warnings
                ));
            }
        }
        None => {
            out.push_str("<span class=\"good\">");
            escape_html(out, Msg::MatrixClean.text(lang));
            out.push_str("</span>");
        }
    }
}

/// The matrix as an HTML `<table data-testid="version-matrix">`: one row per
/// measurement. Built as text (and shown as raw HTML) because a generated table of
/// 40 × 8 cells costs far less wasm as a string than as virtual-DOM code.
pub fn table_html(rows: &[Measurement], lang: Lang) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<table data-testid=\"version-matrix\">");
    if let Some(first) = rows.first() {
        out.push_str("<caption>");
        escape_html(
            &mut out,
            &crate::tr!(
                lang,
                MatrixCaption,
                runs = rows.len(),
                redis = first.redis_server,
                python = first.python,
                date = first.recorded_on
            ),
        );
        out.push_str("</caption>");
    }
    out.push_str("<thead><tr>");
    for col in [
        Msg::MatrixColRelease,
        Msg::MatrixColClient,
        Msg::MatrixColLocalhost,
        Msg::MatrixColCreated,
        Msg::MatrixColOrphaned,
        Msg::MatrixColOpen,
        Msg::MatrixColWarnings,
        Msg::MatrixColControl,
    ] {
        out.push_str("<th scope=\"col\">");
        escape_html(&mut out, col.text(lang));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for m in rows {
        let l = &m.localhost;
        out.push_str(if l.leaks { "<tr class=\"leaks\"><th scope=\"row\">" } else { "<tr><th scope=\"row\">" });
        escape_html(&mut out, &m.version);
        out.push_str("</th><td>");
        escape_html(&mut out, &m.client);
        out.push_str("</td><td>");
        verdict_html(&mut out, l, false, lang);
        for n in [l.objects_created, l.orphaned_objects, l.open_connections_after_close, l.unclosed_warnings] {
            out.push_str(&format!("</td><td class=\"num\">{n}"));
        }
        out.push_str("</td><td>");
        verdict_html(&mut out, &m.ip_control, true, lang);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The whole matrix block the tour shows, as HTML: the summary sentences and the
/// scrollable table.
pub fn html(lang: Lang) -> String {
    let rows = matrix();
    let mut out = String::from("<ul class=\"matrix-summary\">");
    for s in summary(&rows, lang) {
        out.push_str("<li>");
        escape_html(&mut out, &s);
        out.push_str("</li>");
    }
    out.push_str("</ul><div class=\"matrix-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"");
    escape_html(&mut out, Msg::MatrixRegion.text(lang));
    out.push_str("\">");
    out.push_str(&table_html(&rows, lang));
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_matrix_reads_and_every_row_is_a_measurement() {
        let m = parse(JSON).unwrap();
        assert_eq!(m.len(), 2 * crate::engine::release::VERSIONS.len(), "every release x 2 clients");
        assert_eq!(matrix(), m);
        for r in &m {
            assert!(r.client == "async" || r.client == "sync", "{r:?}");
            assert!(r.localhost.objects_created > 0 && r.ip_control.objects_created > 0, "{r:?}");
            assert_eq!(
                r.localhost.leaks,
                r.localhost.orphaned_objects > 0
                    || r.localhost.open_connections_after_close > 0
                    || r.localhost.unclosed_warnings > 0,
                "{r:?}"
            );
            assert!(!r.recorded_on.is_empty() && !r.redis_server.is_empty());
        }
        // Releases are in order, both clients each.
        assert!(m.windows(2).all(|w| w[0].version_key() <= w[1].version_key()));
    }

    #[test]
    fn the_summary_says_what_the_data_says() {
        let s = summary(&matrix(), Lang::En);
        assert_eq!(s.len(), 2);
        assert!(s[0].starts_with("async: leaks") && s[0].contains("except 8.0.0 to 8.1.0"), "{}", s[0]);
        assert!(s[0].contains("; 7.2.0 to 7.4.1 leak even when it announces IPs"), "{}", s[0]);
        assert!(s[1].contains("every release measured (4.3.0 to 8.1.0) leaks"), "{}", s[1]);
        assert!(s[1].contains("; 4.3.0 to 5.0.0 leak even"), "{}", s[1]);
    }

    #[test]
    fn the_table_has_a_row_per_measurement_and_escapes_text() {
        let rows = matrix();
        let t = table_html(&rows, Lang::En);
        assert!(t.starts_with("<table data-testid=\"version-matrix\">") && t.ends_with("</tbody></table>"));
        assert_eq!(t.matches("<tr").count(), rows.len() + 1, "a header row and one row per measurement");
        assert_eq!(t.matches("<td").count(), rows.len() * 7);
        assert!(t.contains("<th scope=\"row\">8.0.1</th><td>async</td><td><span class=\"good\">✓ clean</span>"), "{t}");
        assert!(t.contains("<span class=\"bad\">⚠ leaks</span> 6 / 3 / 3"), "7.2 async with IPs");
        let mut odd = rows[0].clone();
        odd.version = "<b>&\"'".into();
        odd.localhost.error = Some("<script>".into());
        let t = table_html(&[odd], Lang::En);
        assert!(
            t.contains("&lt;b&gt;&amp;&quot;&#39;") && t.contains("error: &lt;script&gt;") && !t.contains("<script>")
        );
    }

    #[test]
    fn the_chinese_table_has_the_same_rows_and_numbers_in_chinese_words() {
        let rows = matrix();
        let (en, zh) = (table_html(&rows, Lang::En), table_html(&rows, Lang::Zh));
        assert_eq!(zh.matches("<tr").count(), en.matches("<tr").count());
        assert_eq!(zh.matches("<td").count(), en.matches("<td").count());
        assert_eq!(zh.matches("<tr class=\"leaks\">").count(), en.matches("<tr class=\"leaks\">").count());
        assert!(zh.contains("<th scope=\"col\">版本</th>") && zh.contains("宣告 IP（对照）"), "{zh}");
        assert!(zh.contains("<th scope=\"row\">8.0.1</th><td>async</td><td><span class=\"good\">✓ 干净</span>"));
        assert!(zh.contains("<span class=\"bad\">⚠ 泄漏</span> 6 / 3 / 3"), "7.2 async with IPs");
        assert!(!zh.contains("⚠ leaks") && !zh.contains("✓ clean") && !zh.contains("error:"), "{zh}");
        let s = summary(&rows, Lang::Zh);
        assert_eq!(s.len(), 2);
        assert!(s[0].starts_with("async：") && s[0].contains("除 8.0.0 到 8.1.0 外"), "{}", s[0]);
        assert!(s[0].contains("；7.2.0 到 7.4.1 即使宣告 IP 也会泄漏。"), "{}", s[0]);
        assert!(s[1].contains("（4.3.0 到 8.1.0）都会泄漏"), "{}", s[1]);
        let block = html(Lang::Zh);
        assert!(block.contains("aria-label=\"版本表（可滚动）\"") && block.contains(&zh));
        assert!(html(Lang::En).contains("aria-label=\"Version matrix (scrolls)\""));
    }

    #[test]
    fn bad_records_are_named() {
        assert!(parse("{}").unwrap_err().contains("list"));
        assert!(parse(r#"[{"version": "1"}]"#).unwrap_err().contains("record 0: client"));
    }
}
