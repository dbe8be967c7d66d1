//! The scan view (`neardup scan --format html`): a cluster browser. The
//! figures of the scan, the histogram of all pair similarities, a table of
//! the clusters, then one section per cluster (see `cluster`) with its
//! members and its listed pairs, each linked to its side-by-side view when
//! one was written (or saying why not). Skipped files and the settings
//! close the page. Tables re-sort on a click of a heading (the page's one
//! script); without script they keep the order written.

use std::fmt::Write;

use super::cluster::{
    self, PairView, Views, cluster_anchor, plural64, range, range_text, sort_heading,
};
use super::histogram;
use super::words::plural;
use crate::format::group_digits;
use crate::report::sanitize::html_line;
use crate::scan::ScanResult;

/// What the page is told beside the result.
#[derive(Debug, Clone, Copy)]
pub struct ScanPage<'a> {
    /// What was scanned, as given (folders, files, `--files-from LIST`):
    /// named in the title.
    pub inputs: &'a [String],
    /// The side-by-side views, when they were written (`--out DIR`);
    /// `None` for a page on its own.
    pub views: Option<Views<'a>>,
}

/// Inputs named in the title before "and N more".
const INPUTS_SHOWN: usize = 3;

/// The `<body>` content of the cluster page of `r`.
pub fn body(r: &ScanResult, page: &ScanPage<'_>) -> String {
    let mut out = String::with_capacity(8192 + 200 * r.pairs.len() + 120 * r.summary.documents);
    header(&mut out, r, page.inputs);
    out.push_str("<main>\n");
    overview(&mut out, r, page);
    cluster_table(&mut out, r);
    // The pairs of each cluster: `pairs` is sorted by path, not cluster.
    let mut by_cluster: Vec<Vec<usize>> = vec![Vec::new(); r.clusters.len()];
    for (k, p) in r.pairs.iter().enumerate() {
        if let Some(list) = p.cluster.checked_sub(1).and_then(|i| by_cluster.get_mut(i)) {
            list.push(k);
        }
    }
    for (c, pairs) in r.clusters.iter().zip(&by_cluster) {
        cluster::section(&mut out, r, c, pairs, page.views);
    }
    skipped(&mut out, r);
    settings(&mut out, r, page.views);
    out.push_str("</main>\n");
    out
}

/// The page title (plain text).
pub fn title(page: &ScanPage<'_>) -> String {
    format!("neardup scan: {}", inputs_line(page.inputs))
}

fn inputs_line(inputs: &[String]) -> String {
    let mut s = inputs
        .iter()
        .take(INPUTS_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if inputs.len() > INPUTS_SHOWN {
        let _ = write!(s, " and {} more", inputs.len() - INPUTS_SHOWN);
    }
    if s.is_empty() {
        s.push_str("(no input)");
    }
    s
}

fn header(out: &mut String, r: &ScanResult, inputs: &[String]) {
    let s = &r.summary;
    out.push_str("<header>\n<h1><span class=\"sub\">near-duplicates in</span> ");
    for (k, input) in inputs.iter().take(INPUTS_SHOWN).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "<code>{}</code>", html_line(input));
    }
    if inputs.len() > INPUTS_SHOWN {
        let _ = write!(
            out,
            " <span class=\"sub\">and {} more</span>",
            inputs.len() - INPUTS_SHOWN
        );
    }
    out.push_str("</h1>\n<dl class=\"figures\">\n");
    let figures = [
        (s.documents as u64, "documents"),
        (s.skipped.total() as u64, "skipped"),
        (s.clusters as u64, "clusters"),
        (s.redundant_documents as u64, "redundant documents"),
        (s.similar_pairs, "similar pairs"),
    ];
    for (n, what) in figures {
        let _ = writeln!(
            out,
            "<div><dt>{what}</dt><dd>{}</dd></div>",
            group_digits(n)
        );
    }
    out.push_str("</dl>\n</header>\n");
}

/// How similarity was measured, in words.
fn rule(r: &ScanResult) -> String {
    let st = &r.settings;
    let how = if st.exact {
        "exact".to_string()
    } else {
        format!("estimated from {} MinHash permutations", st.perms)
    };
    format!(
        "Jaccard similarity of {} shingle sets ≥ {} ({how})",
        html_line(&st.shingle),
        st.threshold
    )
}

fn overview(out: &mut String, r: &ScanResult, page: &ScanPage<'_>) {
    let s = &r.summary;
    out.push_str("<section class=\"overview\">\n<figure class=\"histogram\">\n");
    histogram::svg(out, &r.similarity_histogram, r.settings.threshold);
    let bins = if r.settings.exact {
        "equal bins about 0.01 wide"
    } else {
        "bins holding the same number of the values an estimate can take (one each unless \
         there are over 100)"
    };
    let _ = writeln!(
        out,
        "<figcaption>All {} similar {} by similarity, in {bins}; the bar apart on the right \
         counts pairs at exactly 1. Heights are on a logarithmic scale.</figcaption>",
        group_digits(s.similar_pairs),
        plural64(s.similar_pairs, "pair", "pairs"),
    );
    histogram_table(out, r);
    out.push_str("</figure>\n<div class=\"notes\">\n");
    let _ = writeln!(
        out,
        "<p>{} {} holding {} {} ({} redundant): {}.</p>",
        group_digits(s.clusters as u64),
        plural(s.clusters, "cluster", "clusters"),
        group_digits(s.documents_in_clusters as u64),
        plural(s.documents_in_clusters, "document", "documents"),
        group_digits(s.redundant_documents as u64),
        rule(r)
    );
    if s.similar_pairs > s.pairs_listed as u64 {
        let _ = writeln!(
            out,
            "<p>{} of the {} pairs are listed: at most {} per cluster (<code>--max-pairs</code>). \
             The histogram counts them all.</p>",
            group_digits(s.pairs_listed as u64),
            group_digits(s.similar_pairs),
            r.settings.max_pairs
        );
    }
    match page.views {
        Some(v) if !r.pairs.is_empty() => {
            let written = v
                .pairs
                .iter()
                .filter(|p| matches!(p, PairView::Report(_)))
                .count();
            let _ = writeln!(
                out,
                "<p>{} of {} listed {} {} a side-by-side view, compared as <code>{}</code> \
                 (reused passages in long documents: neighbouring matches merge). In each view \
                 the pair's first path is the original, the second the rewrite.</p>",
                group_digits(written as u64),
                group_digits(r.pairs.len() as u64),
                plural(r.pairs.len(), "pair", "pairs"),
                if written == 1 { "has" } else { "have" },
                html_line(v.how)
            );
        }
        None if !r.pairs.is_empty() => out.push_str(
            "<p>Run with <code>--out DIR</code> to write this page as <code>DIR/index.html</code> \
             with a side-by-side view of each listed pair.</p>\n",
        ),
        _ => {}
    }
    if s.oversized_buckets > 0 {
        let _ = writeln!(
            out,
            "<p>{} LSH {} over <code>--bucket-cap</code> {} {} checked against {} first member only.</p>",
            group_digits(s.oversized_buckets as u64),
            plural(s.oversized_buckets, "bucket", "buckets"),
            r.settings.bucket_cap,
            if s.oversized_buckets == 1 {
                "was"
            } else {
                "were"
            },
            if s.oversized_buckets == 1 {
                "its"
            } else {
                "their"
            },
        );
    }
    out.push_str("</div>\n</section>\n");
}

/// The non-empty bins as a table, for readers without the picture.
fn histogram_table(out: &mut String, r: &ScanResult) {
    out.push_str(
        "<details class=\"bins\"><summary>Counts</summary>\n<table>\n<thead><tr>\
         <th scope=\"col\">Similarity</th><th scope=\"col\" class=\"num\">Pairs</th></tr></thead>\n<tbody>\n",
    );
    for b in r.similarity_histogram.iter().filter(|b| b.pairs > 0) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            histogram::bin_label(b),
            group_digits(b.pairs)
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
}

fn cluster_table(out: &mut String, r: &ScanResult) {
    out.push_str("<section class=\"clusters\">\n<h2>Clusters</h2>\n");
    if r.clusters.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">No near-duplicates: no pair of documents reaches the threshold ({}).</p>\n</section>",
            rule(r)
        );
        return;
    }
    out.push_str("<table class=\"sortable\" id=\"clusters\">\n<thead><tr>");
    sort_heading(out, "#", "num", "ascending", true, true);
    sort_heading(out, "Documents", "num", "descending", true, false);
    sort_heading(out, "Pairs", "num", "descending", true, false);
    sort_heading(out, "Similarity", "num", "descending", true, false);
    sort_heading(out, "Representative", "text", "ascending", false, false);
    out.push_str("</tr></thead>\n<tbody>\n");
    for c in &r.clusters {
        let _ = writeln!(
            out,
            "<tr data-n=\"{id}\"><td class=\"num\"><a href=\"#{}\">{id}</a></td>\
             <td class=\"num\">{}</td><td class=\"num\" data-key=\"{}\">{}</td>\
             <td class=\"num\" data-key=\"{}\">{}</td><td><code>{}</code></td></tr>",
            cluster_anchor(c.id),
            c.size,
            c.pairs,
            group_digits(c.pairs),
            range(c).1,
            range_text(c),
            html_line(&c.representative),
            id = c.id,
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn skipped(out: &mut String, r: &ScanResult) {
    if !r.skipped.is_empty() {
        let _ = write!(
            out,
            "<details class=\"skipped\">\n<summary>{} {} skipped</summary>\n<table>\n<thead><tr>\
             <th scope=\"col\">File</th><th scope=\"col\">Reason</th><th scope=\"col\">Detail</th>\
             </tr></thead>\n<tbody>\n",
            group_digits(r.skipped.len() as u64),
            plural(r.skipped.len(), "file", "files"),
        );
        for s in &r.skipped {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                html_line(&s.path),
                s.reason.name().replace('_', " "),
                html_line(&s.detail)
            );
        }
        out.push_str("</tbody>\n</table>\n</details>\n");
    }
    if !r.decoded_lossily.is_empty() {
        let _ = write!(
            out,
            "<details class=\"lossy\">\n<summary>{} {} decoded lossily (bytes invalid in their encoding read as U+FFFD)</summary>\n<ul>\n",
            group_digits(r.decoded_lossily.len() as u64),
            plural(r.decoded_lossily.len(), "file", "files"),
        );
        for p in &r.decoded_lossily {
            let _ = writeln!(out, "<li><code>{}</code></li>", html_line(p));
        }
        out.push_str("</ul>\n</details>\n");
    }
    if !r.non_utf8.is_empty() {
        let _ = write!(
            out,
            "<details class=\"encodings\">\n<summary>{} {} decoded from other encodings than UTF-8</summary>\n\
             <table>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Encoding</th></tr></thead>\n<tbody>\n",
            group_digits(r.non_utf8.len() as u64),
            plural(r.non_utf8.len(), "file", "files"),
        );
        for d in &r.non_utf8 {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                html_line(&d.path),
                html_line(&d.encoding)
            );
        }
        out.push_str("</tbody>\n</table>\n</details>\n");
    }
}

fn settings(out: &mut String, r: &ScanResult, views: Option<Views<'_>>) {
    let st = &r.settings;
    let s = &r.summary;
    let yes = |b: bool| if b { "yes" } else { "no" };
    let extensions = if st.extensions.is_empty() {
        "all".to_string()
    } else {
        st.extensions.join(",")
    };
    // Under --lang auto, the documents per language detected.
    let language = if s.languages.is_empty() {
        st.lang.clone()
    } else {
        let counts: Vec<String> = s
            .languages
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        format!("{} (detected: {})", st.lang, counts.join(", "))
    };
    let _ = write!(
        out,
        "<details class=\"settings\"><summary>Settings</summary><p>threshold {} · {} · shingles {} · \
         language {} · stop words {} · {} permutations · seed {} · LSH {} bands × {} rows (a pair at \
         the threshold is missed with probability {}) · {} distinct texts · {} candidate pairs · \
         at most {} pairs listed per cluster · bucket cap {} · files up to {} bytes · extensions {} · \
         hidden files {} · symbolic links followed {}",
        st.threshold,
        if st.exact { "exact" } else { "estimated" },
        html_line(&st.shingle),
        html_line(&language),
        if st.keep_stop_words {
            "kept"
        } else {
            "dropped"
        },
        st.perms,
        st.seed,
        st.bands,
        st.rows,
        st.miss_rate_at_threshold,
        group_digits(s.distinct_texts as u64),
        group_digits(s.candidate_pairs as u64),
        st.max_pairs,
        st.bucket_cap,
        st.max_size,
        html_line(&extensions),
        yes(st.hidden),
        yes(st.follow),
    );
    if let Some(v) = views {
        let _ = write!(
            out,
            " · side-by-side views <code>{}</code>",
            html_line(v.how)
        );
    }
    out.push_str("</p></details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Cluster, HistogramBin, Pair, Scanner, SkipReason, Skipped, Summary};

    /// A result whose every string carries `mark`.
    fn marked(mark: &str) -> ScanResult {
        let path = |name: &str| format!("dir{mark}/{name}{mark}.txt");
        ScanResult {
            summary: Summary {
                documents: 3,
                clusters: 1,
                documents_in_clusters: 3,
                redundant_documents: 2,
                similar_pairs: 3,
                pairs_listed: 2,
                ..Summary::default()
            },
            settings: Scanner::new(crate::ScanConfig::default())
                .unwrap()
                .settings(),
            similarity_histogram: vec![
                HistogramBin {
                    from: 0.8,
                    to: 0.9,
                    pairs: 2,
                },
                HistogramBin {
                    from: 1.0,
                    to: 1.0,
                    pairs: 1,
                },
            ],
            clusters: vec![Cluster {
                id: 1,
                size: 3,
                representative: path("b"),
                members: vec![path("a"), path("b"), path("c")],
                member_similarity: vec![0.85, 1.0, 1.0],
                pairs: 3,
                pairs_listed: 2,
            }],
            pairs: vec![
                Pair {
                    a: path("a"),
                    b: path("b"),
                    similarity: 0.85,
                    cluster: 1,
                },
                Pair {
                    a: path("b"),
                    b: path("c"),
                    similarity: 1.0,
                    cluster: 1,
                },
            ],
            skipped: vec![Skipped {
                path: path("d"),
                reason: SkipReason::TooShort,
                detail: format!("detail {mark}"),
            }],
            decoded_lossily: vec![path("e")],
            non_utf8: vec![crate::scan::NonUtf8 {
                path: path("f"),
                encoding: format!("enc{mark}"),
            }],
            changed_during_scan: vec![],
        }
    }

    #[test]
    fn every_string_is_escaped() {
        let mark = "<i x='1' y=\"2\">&\u{202E}";
        let r = marked(mark);
        let views = [
            PairView::Report(format!("0001-{mark}.html")),
            PairView::Unavailable(format!("why {mark}")),
        ];
        let inputs = [format!("in{mark}")];
        let page = ScanPage {
            inputs: &inputs,
            views: Some(Views {
                pairs: &views,
                how: mark,
            }),
        };
        let body = body(&r, &page);
        assert!(
            !body.contains("<i ") && !body.contains('\u{202E}'),
            "{body}"
        );
        let escaped = "&lt;i x=&#39;1&#39; y=&quot;2&quot;&gt;&amp;\\u{202e}";
        // Paths carry the mark twice: a (member, pair), b (representative,
        // member, two pairs), c (member, pair), the skipped d and the lossy
        // e and the non-UTF-8 f; then the input, the skip detail, f's
        // encoding, the reason without a view and the views' settings
        // (notes and settings).
        let strings = 2 * (2 + 4 + 2 + 1 + 1 + 1) + 1 + 1 + 1 + 1 + 2;
        assert_eq!(body.matches(escaped).count(), strings, "{body}");
        assert!(
            body.contains("href=\"0001-%3Ci%20x%3D%271%27%20y%3D%222%22%3E%26%E2%80%AE.html\"")
        );
        assert!(
            title(&page).contains(mark),
            "the title is escaped by the shell"
        );
    }

    #[test]
    fn pairs_are_most_similar_first_and_capped_listings_say_so() {
        let r = marked("");
        let page = ScanPage {
            inputs: &[],
            views: None,
        };
        let body = body(&r, &page);
        let first = body.find("<tr data-n=\"2\" id=\"pair-2\">").unwrap();
        let second = body.find("<tr data-n=\"1\" id=\"pair-1\">").unwrap();
        assert!(first < second, "1.0 before 0.85");
        assert!(body.contains("2 of 3 pairs listed"));
        assert!(body.contains("2 of the 3 pairs are listed"));
        assert!(!body.contains("Side by side"));
        assert!(body.contains("Run with <code>--out DIR</code>"));
        assert!(body.contains("<td>too short</td>"));
        assert!(
            body.contains("<tr class=\"rep\"><td><code>dir/b.txt</code> <span class=\"badge\"")
        );
    }
}
