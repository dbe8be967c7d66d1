//! The pairs index view (`compare --pairs --format html`): one table row
//! per compared pair with its figures and a link to the pair's own report,
//! sorted by the share of the rewrite derived (most first, then input
//! order) so the page reads without script; the script lets a click on a
//! column heading re-sort. Pairs that could not be compared are listed
//! apart, with their error.

use std::fmt::Write;

use super::words::{percent, plural};
use crate::compare::Settings;
use crate::format::group_digits;
use crate::report::sanitize::{html_line, push_html};

/// One line of a pairs file, as the index lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// 1-based position in the pairs file (blank and comment lines not
    /// counted): the input order, and the tie-break of every sort.
    pub number: usize,
    /// Path of the original, as resolved.
    pub original: String,
    /// Path of the rewrite, as resolved.
    pub rewrite: String,
    /// What came of comparing them.
    pub outcome: PairOutcome,
}

/// What came of comparing one pair.
#[derive(Debug, Clone, PartialEq)]
pub enum PairOutcome {
    /// Compared: the comparison's figures and its report.
    Compared {
        /// Number of matches.
        matches: usize,
        /// Share of the original reused (0..1).
        original_reused: f64,
        /// Share of the rewrite derived from the original (0..1).
        rewrite_derived: f64,
        /// Path of the pair's report relative to the index (a file name).
        /// Characters other than ASCII letters, digits and `-._~/` are
        /// percent-encoded in the link, so it always stays a relative path.
        report: String,
    },
    /// Not compared: why (a file missing, unreadable, not UTF-8).
    Failed(String),
}

/// The `<body>` content of an index of `rows` read from `pairs_file`.
/// `settings` are those of the comparisons (the same for every pair, apart
/// from the per-pair candidate counts, which are not shown).
pub fn body(pairs_file: &str, rows: &[IndexRow], settings: Option<&Settings>) -> String {
    let mut compared: Vec<(&IndexRow, Figures<'_>)> = rows
        .iter()
        .filter_map(|r| Figures::of(r).map(|f| (r, f)))
        .collect();
    compared.sort_by(|(a, fa), (b, fb)| {
        fb.derived
            .total_cmp(&fa.derived)
            .then(a.number.cmp(&b.number))
    });
    let failed: Vec<(&IndexRow, &str)> = rows
        .iter()
        .filter_map(|r| match &r.outcome {
            PairOutcome::Failed(e) => Some((r, e.as_str())),
            PairOutcome::Compared { .. } => None,
        })
        .collect();
    let with_matches = compared.iter().filter(|(_, f)| f.matches > 0).count();

    let mut out = String::with_capacity(1024 + 400 * rows.len());
    let _ = write!(
        out,
        "<header>\n<h1><code>{}</code> <span class=\"sub\">pair reports</span></h1>\n\
         <dl class=\"figures\">\n",
        html_line(pairs_file)
    );
    let mut figures = vec![(compared.len(), "compared"), (with_matches, "with matches")];
    if !failed.is_empty() {
        figures.push((failed.len(), "failed"));
    }
    for (n, what) in figures {
        let _ = writeln!(
            out,
            "<div><dt>{what}</dt><dd>{}</dd></div>",
            group_digits(n as u64)
        );
    }
    out.push_str("</dl>\n</header>\n<main>\n");
    pair_table(&mut out, &compared);
    failed_table(&mut out, &failed);
    if let Some(s) = settings {
        let _ = writeln!(
            out,
            "<details class=\"settings\"><summary>Settings</summary><p>threshold {} · shingles {} · \
             language {} · stop words {} · {} permutations · seed {} · LSH {} bands × {} rows</p></details>",
            s.threshold,
            html_line(&s.shingle),
            html_line(&s.lang),
            if s.keep_stop_words { "kept" } else { "dropped" },
            s.perms,
            s.seed,
            s.bands,
            s.rows,
        );
    }
    out.push_str("</main>\n");
    out
}

/// The figures of a compared pair, made safe to print and sort on.
struct Figures<'a> {
    matches: usize,
    reused: f64,
    derived: f64,
    report: &'a str,
}

impl<'a> Figures<'a> {
    fn of(row: &'a IndexRow) -> Option<Self> {
        match &row.outcome {
            PairOutcome::Compared {
                matches,
                original_reused,
                rewrite_derived,
                report,
            } => Some(Figures {
                matches: *matches,
                reused: share(*original_reused),
                derived: share(*rewrite_derived),
                report,
            }),
            PairOutcome::Failed(_) => None,
        }
    }
}

/// `x` clamped to 0..1, NaN as 0: a sort key the page's script can parse
/// back exactly (Rust prints the shortest decimal that reads back as the
/// same `f64`, and so does JavaScript's `parseFloat` read it).
fn share(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Column headings: label, how the script sorts it (`num`/`text`, or not
/// at all), the direction of a first click, and whether the figures align
/// right.
const COLUMNS: [(&str, &str, &str, bool); 7] = [
    ("#", "num", "ascending", true),
    ("Original", "text", "ascending", false),
    ("Rewrite", "text", "ascending", false),
    ("Matches", "num", "descending", true),
    ("Original reused", "num", "descending", true),
    ("Rewrite derived", "num", "descending", true),
    ("Report", "", "", false),
];

/// The column the table is sorted by as written.
const DEFAULT_SORT: usize = 5;

fn pair_table(out: &mut String, compared: &[(&IndexRow, Figures<'_>)]) {
    out.push_str("<section class=\"pairs\">\n<table class=\"sortable\" id=\"pairs\">\n<thead><tr>");
    for (i, (label, sort, first, num)) in COLUMNS.iter().enumerate() {
        out.push_str("<th scope=\"col\"");
        if *num {
            out.push_str(" class=\"num\"");
        }
        if !sort.is_empty() {
            let _ = write!(out, " data-sort=\"{sort}\" data-first=\"{first}\"");
        }
        if i == DEFAULT_SORT {
            out.push_str(" aria-sort=\"descending\"");
        }
        let _ = write!(out, ">{label}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (row, f) in compared {
        let _ = write!(
            out,
            "<tr data-n=\"{n}\"><td class=\"num\">{n}</td><td><code>{}</code></td><td><code>{}</code></td>\
             <td class=\"num\">{}</td>",
            html_line(&row.original),
            html_line(&row.rewrite),
            f.matches,
            n = row.number,
        );
        for x in [f.reused, f.derived] {
            let _ = write!(
                out,
                "<td class=\"num\" data-key=\"{x}\"><meter min=\"0\" max=\"1\" value=\"{x}\"></meter> {}</td>",
                percent(x)
            );
        }
        out.push_str("<td><a href=\"");
        push_html(out, &relative_url(f.report));
        out.push_str("\">report</a></td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if compared.is_empty() {
        out.push_str("<p class=\"empty\">No pair was compared.</p>\n");
    }
    out.push_str("</section>\n");
}

fn failed_table(out: &mut String, failed: &[(&IndexRow, &str)]) {
    if failed.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section class=\"failed\">\n<h2>{} {} not compared</h2>\n<table>\n<thead><tr>\
         <th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Original</th>\
         <th scope=\"col\">Rewrite</th><th scope=\"col\">Error</th></tr></thead>\n<tbody>\n",
        group_digits(failed.len() as u64),
        plural(failed.len(), "pair", "pairs"),
    );
    for (row, error) in failed {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td><code>{}</code></td><td><code>{}</code></td>\
             <td class=\"error\">{}</td></tr>",
            row.number,
            html_line(&row.original),
            html_line(&row.rewrite),
            html_line(error),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// `path` as a relative URL: every byte but ASCII letters, digits and
/// `-._~/` percent-encoded, so no scheme (`javascript:`), query or
/// fragment can appear; a leading `/` is encoded too, so it cannot name
/// the root either.
pub(super) fn relative_url(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (b == b'/' && i > 0) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: usize, derived: f64, report: &str) -> IndexRow {
        IndexRow {
            number,
            original: format!("o{number}.txt"),
            rewrite: format!("r{number}.txt"),
            outcome: PairOutcome::Compared {
                matches: number,
                original_reused: 0.5,
                rewrite_derived: derived,
                report: report.into(),
            },
        }
    }

    fn order(page: &str) -> Vec<usize> {
        page.split("<tr data-n=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect()
    }

    #[test]
    fn rows_are_sorted_by_derived_share_then_input_order() {
        let rows = [
            row(1, 0.2, "a.html"),
            row(2, 0.9, "b.html"),
            row(3, 0.2, "c.html"),
            row(4, f64::NAN, "d.html"),
            row(5, 0.9, "e.html"),
        ];
        assert_eq!(order(&body("p.tsv", &rows, None)), [2, 5, 1, 3, 4]);
    }

    #[test]
    fn failed_pairs_are_listed_apart_with_their_error() {
        let rows = [
            row(1, 0.2, "a.html"),
            IndexRow {
                number: 2,
                original: "<b>.txt".into(),
                rewrite: "r.txt".into(),
                outcome: PairOutcome::Failed("cannot read '<b>.txt'".into()),
            },
        ];
        let page = body("p.tsv", &rows, None);
        assert_eq!(order(&page), [1]);
        assert!(page.contains("<h2>1 pair not compared</h2>"));
        assert!(page.contains(
            "<td><code>&lt;b&gt;.txt</code></td><td><code>r.txt</code></td>\
             <td class=\"error\">cannot read &#39;&lt;b&gt;.txt&#39;</td>"
        ));
        assert!(page.contains("<div><dt>failed</dt><dd>1</dd></div>"));
    }

    #[test]
    fn report_links_stay_relative() {
        assert_eq!(relative_url("0001-a-b.html"), "0001-a-b.html");
        assert_eq!(
            relative_url("javascript:alert(1)"),
            "javascript%3Aalert%281%29"
        );
        assert_eq!(relative_url("/etc/passwd"), "%2Fetc/passwd");
        assert_eq!(relative_url("a b\"<é>.html"), "a%20b%22%3C%C3%A9%3E.html");
        let page = body("p.tsv", &[row(1, 0.1, "x\" onclick=\"y.html")], None);
        assert!(page.contains("<a href=\"x%22%20onclick%3D%22y.html\">"));
    }

    #[test]
    fn no_pairs_says_so() {
        let page = body("empty.tsv", &[], None);
        assert!(page.contains("No pair was compared."));
        assert!(!page.contains("failed"));
    }
}
