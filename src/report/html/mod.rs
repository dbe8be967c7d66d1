//! The HTML report: one self-contained page per result, for people who
//! would rather look than read a table.
//!
//! `page` owns the shell every page shares — the stylesheet and the one
//! script, both inline, and a Content-Security-Policy that allows exactly
//! those two (by hash) and nothing else: no external script, font, image or
//! request. The views build only the `<body>`: `compare` puts two
//! documents side by side (a `document` column each) with their matched
//! passages highlighted and linked, beside a `dotplot` of the passage
//! links; `index` lists the pairs of a `compare --pairs` run, each linked
//! to its report; `scan` is a scan's cluster browser (with a `histogram`
//! of pair similarities), each pair linked to its side-by-side report.
//! All use the same shell, escaping, palette and script.
//!
//! Every piece of document text, every path and every setting goes through
//! [`super::sanitize::push_html`]; the only markup is generated here. The
//! reading part needs no script: highlights are anchors that jump to their
//! partner, and the script only adds aligned scrolling and emphasis.
//! Unmatched text is emitted as escaped runs, so the number of elements
//! grows with the number of matched passages, never with the text's length.

mod cluster;
mod compare;
mod document;
mod dotplot;
mod histogram;
mod index;
mod page;
mod scan;
mod words;

pub use cluster::{PairView, Views, cluster_anchor};
pub use index::{IndexRow, PairOutcome};
pub use scan::ScanPage;

use crate::compare::{Comparison, Settings};
use crate::scan::ScanResult;

/// File name of the index page of a set of pair reports; each pair's page
/// links back to it.
pub const INDEX_FILE: &str = "index.html";

/// Number of highlight colours (classes `c0`..`c7` of the stylesheet):
/// match `k` (0-based) uses `c{k % PALETTE}`.
const PALETTE: usize = 8;

/// Renders `c` as an HTML page showing `original_text` and `rewrite_text`
/// (the texts `c` was computed from) side by side. For a comparison of a
/// file with itself (the two paths equal), pass its text twice: the page
/// shows it as earlier and later text.
///
/// Byte spans of `c` that do not fit the texts given (out of range, not on
/// a character boundary, overlapping) are left unhighlighted, never a panic.
pub fn render(c: &Comparison, original_text: &str, rewrite_text: &str) -> String {
    compare_page(c, original_text, rewrite_text, None)
}

/// `c` (text offsets: what a page highlights in the decoded texts) with
/// each document's encoding and size as stored taken from `stored`, the
/// same comparison in file offsets
/// ([`to_stored`](crate::report::stored::to_stored)): the page then names
/// the encoding of a file that is not UTF-8, as the other reports do.
pub fn with_stored_names(c: &Comparison, stored: &Comparison) -> Comparison {
    let mut out = c.clone();
    for (info, s) in [
        (&mut out.original, &stored.original),
        (&mut out.rewrite, &stored.rewrite),
    ] {
        info.encoding.clone_from(&s.encoding);
        info.bytes = s.bytes;
    }
    out
}

/// As [`render`], for a page that sits beside an index of pairs
/// ([`render_index`], written as [`INDEX_FILE`] in the same folder): its
/// header links back to the index.
pub fn render_indexed(c: &Comparison, original_text: &str, rewrite_text: &str) -> String {
    let up = Up {
        href: INDEX_FILE.to_string(),
        label: "← All pairs".to_string(),
    };
    compare_page(c, original_text, rewrite_text, Some(&up))
}

/// As [`render`], for the side-by-side view of a pair of a scan's cluster
/// `cluster`, beside the cluster page ([`render_scan`], written as
/// [`INDEX_FILE`] in the same folder): its header links back to the
/// cluster's section of that page.
pub fn render_scan_pair(
    c: &Comparison,
    original_text: &str,
    rewrite_text: &str,
    cluster: usize,
) -> String {
    let up = Up {
        href: format!("{INDEX_FILE}#{}", cluster_anchor(cluster)),
        label: format!("← Cluster {cluster}"),
    };
    compare_page(c, original_text, rewrite_text, Some(&up))
}

/// The cluster browser of a scan: its figures, the histogram of pair
/// similarities, the clusters with their members and listed pairs, each
/// pair linked to its side-by-side view when `page.views` has one.
pub fn render_scan(r: &ScanResult, page: &ScanPage<'_>) -> String {
    page::wrap(&scan::title(page), "index scan", &scan::body(r, page))
}

/// A link from a page up to the page it belongs to.
struct Up {
    /// Its address, relative to the page.
    href: String,
    /// What it says (plain text).
    label: String,
}

/// The index of a run over many pairs (`compare --pairs`): a table of the
/// pairs read from `pairs_file`, one row per compared pair with its
/// figures and a link to its report, sorted by the share of the rewrite
/// derived (most first, ties in input order; a click on a column heading
/// re-sorts), then the pairs that failed with their errors. `settings` are
/// those the pairs were compared with (any comparison's).
pub fn render_index(pairs_file: &str, rows: &[IndexRow], settings: Option<&Settings>) -> String {
    let body = index::body(pairs_file, rows, settings);
    page::wrap(&format!("neardup: pairs of {pairs_file}"), "index", &body)
}

/// A safe, deterministic file name for the report of pair `number` (1-based)
/// of `original` and `rewrite`: the number, zero-padded to `width` digits
/// so names sort in input order, then the two file stems reduced to ASCII
/// letters, digits, `-` and `_` (anything else becomes `_`; each at most 40
/// characters), e.g. `0007-original-rewrite.html`. The number makes names
/// unique within a run; no name is [`INDEX_FILE`], hidden, or outside the
/// folder.
pub fn pair_report_name(number: usize, width: usize, original: &str, rewrite: &str) -> String {
    format!(
        "{number:0width$}-{}-{}.html",
        safe_stem(original),
        safe_stem(rewrite)
    )
}

/// The file stem of `path` (the part of its last component before the
/// last dot), reduced to at most 40 of `[A-Za-z0-9_-]`, runs of anything
/// else as one `_`; `file` when nothing is left.
fn safe_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    };
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('_');
    if out.is_empty() {
        "file".to_string()
    } else {
        out.to_string()
    }
}

fn compare_page(
    c: &Comparison,
    original_text: &str,
    rewrite_text: &str,
    up: Option<&Up>,
) -> String {
    let title = if c.original.path == c.rewrite.path {
        format!("neardup: {}", c.original.path)
    } else {
        format!("neardup: {} vs {}", c.original.path, c.rewrite.path)
    };
    let body = compare::body(c, original_text, rewrite_text, up);
    page::wrap(&title, "compare", &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Comparator, CompareConfig, Document};

    fn doc(path: &str, text: &str) -> Document {
        Document {
            path: path.into(),
            text: text.into(),
        }
    }

    fn seedlike() -> (Document, Document) {
        (
            doc(
                "a.txt",
                "Héllo wörld, the council approved the new harbour budget on Tuesday.\n\n\
                 Something else entirely about the weather and the trains.\n",
            ),
            doc(
                "b.txt",
                "Unrelated opening words here.\n\n\
                 On Tuesday the new harbour budget was approved by the council, héllo wörld.\n",
            ),
        )
    }

    #[test]
    fn texts_that_do_not_fit_the_spans_never_panic() {
        let (a, b) = seedlike();
        let c = Comparator::new(CompareConfig::default())
            .unwrap()
            .compare(&a, &b);
        assert_eq!(c.matches.len(), 1);
        let page = render(&c, &a.text, &b.text);
        assert_eq!(page.matches("class=\"p ").count(), 2);
        // Shorter, shifted so spans fall inside multi-byte characters,
        // empty: the page renders, without the highlights that do not fit.
        let (o, r) = (format!("é{}", a.text), format!("ö{}", b.text));
        for (o, r) in [("Hé", "x"), (&o[..], &r[..]), ("", "")] {
            let page = render(&c, o, r);
            assert!(page.ends_with("</html>\n"));
        }
        let page = render(&c, "", "");
        assert_eq!(page.matches("class=\"p ").count(), 0);
    }

    #[test]
    fn report_names_are_safe_numbered_and_sort_in_input_order() {
        assert_eq!(
            pair_report_name(7, 4, "corpus/a/original.txt", "b/rewrite.txt"),
            "0007-original-rewrite.html"
        );
        assert_eq!(pair_report_name(12345, 4, "x", "y"), "12345-x-y.html");
        // The README's example.
        assert_eq!(
            pair_report_name(7, 4, "a/Café.txt", "b/rewrite.txt"),
            "0007-Caf-rewrite.html"
        );
        let hostile = pair_report_name(
            3,
            1,
            "dir/<img src=x onerror=alert(1)>.txt",
            "..\\..\\Café \"'&<b>.tar.gz",
        );
        assert_eq!(hostile, "3-img_src_x_onerror_alert_1-Caf_b_tar.html");
        for (o, r) in [("", ""), ("..", "."), ("/", "a/"), ("___", "ééé.txt")] {
            assert_eq!(pair_report_name(1, 2, o, r), "01-file-file.html", "{o} {r}");
        }
        assert_eq!(pair_report_name(1, 1, ".hidden", "a"), "1-hidden-a.html");
        let long = "x".repeat(300);
        assert_eq!(
            pair_report_name(1, 1, &long, &long).len(),
            2 + 40 + 1 + 40 + 5
        );
        let names = ["1", "a", "a.b", "-", "_", "é", ".", "..", "index"];
        for o in names {
            for r in names {
                let n = pair_report_name(1, 4, o, r);
                assert!(n.starts_with("0001-") && n.ends_with(".html") && n != INDEX_FILE);
                assert!(
                    n.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                    "{n}"
                );
                assert_eq!(n.matches('.').count(), 1, "{n}");
            }
        }
    }

    #[test]
    fn within_one_file_both_columns_show_it() {
        let text = "The council approved the new harbour budget on Tuesday after a debate.\n\n\
                    Rain fell all week.\n\n\
                    On Tuesday, after a debate, the council approved the new harbour budget.\n";
        let d = doc("one.txt", text);
        let c = Comparator::new(CompareConfig::default())
            .unwrap()
            .compare_within(&d);
        assert_eq!(c.matches.len(), 1);
        let page = render(&c, text, text);
        assert!(page.contains("aria-label=\"earlier\"") && page.contains("aria-label=\"later\""));
        assert!(page.contains("id=\"o0\" href=\"#r2\""));
        assert!(page.contains("id=\"r2\" href=\"#o0\""));
        assert_eq!(page.matches("Rain fell all week.").count(), 2);
    }
}
