//! Human-readable view of a scan: a summary, then each cluster with its
//! members (the representative marked `*`) and each member's best
//! similarity. Paths are escaped for the terminal; long clusters are cut
//! with a pointer to the machine formats, which list everything.

use std::fmt::Write;

use super::sanitize::{Style, terminal_line};
use crate::scan::{Cluster, ScanResult, SkipCounts};

/// Members shown per cluster.
pub const MEMBERS_SHOWN: usize = 20;

/// Renders `r` for a person; `color` adds ANSI colours.
pub fn render(r: &ScanResult, color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    files_read(&mut out, r);
    let rule = rule(r);
    if r.clusters.is_empty() {
        let _ = writeln!(out, "No near-duplicates at {rule}.");
        return out;
    }
    totals(&mut out, r, &st, &rule);
    let width = r
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().take(MEMBERS_SHOWN))
        .map(|m| terminal_line(m).chars().count())
        .max()
        .unwrap_or(0)
        .min(80);
    for c in &r.clusters {
        cluster(&mut out, c, width, &st);
    }
    out
}

/// What was read: files, documents signed, files skipped, decoded lossily
/// or changed during the scan.
fn files_read(out: &mut String, r: &ScanResult) {
    let s = &r.summary;
    let _ = writeln!(
        out,
        "Scanned {} ({}): {} signed{}",
        plural(s.files, "file", "files"),
        megabytes(s.bytes),
        plural(s.documents, "document", "documents"),
        skipped_clause(&s.skipped)
    );
    if s.decoded_lossily > 0 {
        let _ = writeln!(
            out,
            "{} decoded lossily (bytes invalid in their encoding)",
            plural(s.decoded_lossily, "file", "files")
        );
    }
    if s.non_utf8 > 0 {
        let _ = writeln!(
            out,
            "{} {} than UTF-8 ({})",
            plural(s.non_utf8, "file", "files"),
            if s.non_utf8 == 1 {
                "read in another encoding"
            } else {
                "read in other encodings"
            },
            encoding_counts(&r.non_utf8)
        );
    }
    if !s.languages.is_empty() {
        let counts: Vec<String> = s
            .languages
            .iter()
            .map(|(code, n)| format!("{} {n}", terminal_line(code)))
            .collect();
        let _ = writeln!(out, "Languages detected: {}", counts.join(", "));
    }
    if s.changed_during_scan > 0 {
        let _ = writeln!(
            out,
            "{} changed during the scan (their pairs decided from the signatures)",
            plural(s.changed_during_scan, "file", "files")
        );
    }
}

/// The similarity rule: the threshold, how pairs were verified, and the
/// shingles and LSH settings.
fn rule(r: &ScanResult) -> String {
    let rechecked;
    let how = if r.settings.exact {
        "exact"
    } else if r.summary.rechecked_pairs > 0 {
        rechecked = format!(
            "estimated, {} near the threshold re-checked exactly",
            r.summary.rechecked_pairs
        );
        rechecked.as_str()
    } else {
        "estimated"
    };
    format!(
        "Jaccard >= {} ({how}; {} shingles, {} permutations, {} bands x {} rows)",
        r.settings.threshold,
        r.settings.shingle,
        r.settings.perms,
        r.settings.bands,
        r.settings.rows
    )
}

/// The clusters and pairs found, and what the machine formats hold beyond
/// the listing.
fn totals(out: &mut String, r: &ScanResult, st: &Style, rule: &str) {
    let s = &r.summary;
    let _ = writeln!(
        out,
        "{} holding {} ({} redundant), {} at {rule}",
        st.paint("1", &plural(s.clusters, "cluster", "clusters")),
        plural(s.documents_in_clusters, "document", "documents"),
        s.redundant_documents,
        plural64(s.similar_pairs, "similar pair", "similar pairs"),
    );
    if s.similar_pairs > s.pairs_listed as u64 {
        let _ = writeln!(
            out,
            "{} of the pairs listed in the machine formats (at most {} per cluster; raise with --max-pairs)",
            s.pairs_listed, r.settings.max_pairs
        );
    }
    if s.oversized_buckets > 0 {
        let _ = writeln!(
            out,
            "{} LSH buckets over --bucket-cap {} were checked against their first member only",
            s.oversized_buckets, r.settings.bucket_cap
        );
    }
}

/// One cluster: its size and similarity range, then its first members
/// (names padded to `width`), the representative marked `*`.
fn cluster(out: &mut String, c: &Cluster, width: usize, st: &Style) {
    let _ = writeln!(out);
    let (lo, hi) = c
        .member_similarity
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let _ = writeln!(
        out,
        "{} · {} · similarity {:.2}-{:.2}",
        st.paint("1", &format!("cluster {}", c.id)),
        plural(c.size, "document", "documents"),
        lo,
        hi
    );
    for (m, sim) in c
        .members
        .iter()
        .zip(&c.member_similarity)
        .take(MEMBERS_SHOWN)
    {
        let rep = *m == c.representative;
        let name = terminal_line(m);
        let pad = width.saturating_sub(name.chars().count());
        let name = if rep { st.paint("1", &name) } else { name };
        let _ = writeln!(
            out,
            "  {} {name}{}  {}",
            if rep { "*" } else { " " },
            " ".repeat(pad),
            st.paint(sim_colour(*sim), &format!("{sim:.2}"))
        );
    }
    if c.size > MEMBERS_SHOWN {
        let _ = writeln!(
            out,
            "    ... and {} more (--format json lists them all)",
            c.size - MEMBERS_SHOWN
        );
    }
}

fn skipped_clause(k: &SkipCounts) -> String {
    if k.total() == 0 {
        return String::new();
    }
    let parts: Vec<String> = [
        (k.empty, "empty"),
        (k.too_short, "too short"),
        (k.binary, "binary"),
        (k.too_large, "too large"),
        (k.unreadable, "unreadable"),
        (k.symlink_loop, "symlink loop"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    format!(", {} skipped ({})", k.total(), parts.join(", "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    plural64(n as u64, one, many)
}

fn plural64(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn megabytes(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn sim_colour(s: f64) -> &'static str {
    if s >= 0.999 {
        "31"
    } else if s >= 0.9 {
        "33"
    } else {
        "36"
    }
}

/// `windows-1252 2, UTF-16LE 1`: documents per encoding, most first.
fn encoding_counts(files: &[crate::scan::NonUtf8]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in files {
        *counts.entry(f.encoding.as_str()).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(e, n)| format!("{} {n}", terminal_line(e)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Summary;

    #[test]
    fn escapes_paths_and_marks_the_representative() {
        let mut r = crate::scan::ScanResult {
            summary: Summary {
                files: 2,
                documents: 2,
                clusters: 1,
                documents_in_clusters: 2,
                ..Summary::default()
            },
            settings: crate::scan::Scanner::new(crate::ScanConfig::default())
                .unwrap()
                .settings(),
            similarity_histogram: vec![],
            clusters: vec![Cluster {
                id: 1,
                size: 2,
                representative: "a\x1b[31m.txt".into(),
                members: vec!["a\x1b[31m.txt".into(), "b.txt".into()],
                member_similarity: vec![0.9, 0.9],
                pairs: 1,
                pairs_listed: 1,
            }],
            pairs: vec![],
            skipped: vec![],
            decoded_lossily: vec![],
            non_utf8: vec![],
            changed_during_scan: vec![],
        };
        let text = render(&r, false);
        assert!(text.contains("  * a\\u{1b}[31m.txt  0.90"), "{text}");
        assert!(!text.contains('\x1b'));
        r.clusters.clear();
        assert!(render(&r, false).contains("No near-duplicates"));
    }
}
