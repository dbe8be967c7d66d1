//! The seed article: every gold pair is reported and no sentence of the
//! rewrite's new material is, for two files and for the single seed file.

use crate::util::*;
use neardup::internals::{PassageRules, passages};
use serde_json::Value;

type Spans = Vec<(usize, usize)>;

/// (original span, rewrite span) of every match in a JSON report.
fn match_spans(json: &Value) -> Vec<((usize, usize), (usize, usize))> {
    let span = |v: &Value| {
        (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        )
    };
    json["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (span(&m["original"]), span(&m["rewrite"])))
        .collect()
}

fn covers(outer: (usize, usize), inner: (usize, usize)) -> bool {
    outer.0 <= inner.0 && inner.1 <= outer.1
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Passages of `text` from `from` on that hold no gold rewrite sentence.
fn new_material(text: &str, from: usize, gold_rewrite: &Spans) -> Spans {
    passages(text, PassageRules::default())
        .into_iter()
        .map(|s| (s.start, s.end))
        .filter(|&p| p.0 >= from && !gold_rewrite.iter().any(|&g| overlaps(p, g)))
        .collect()
}

fn check(
    json: &Value,
    gold: &[(String, String)],
    orig_text: &str,
    rew_text: &str,
    rew_from: usize,
) {
    let matches = match_spans(json);
    let mut gold_rewrite = Vec::new();
    for (o, r) in gold {
        let os = span_of(orig_text, o, 0);
        let rs = span_of(rew_text, r, rew_from);
        gold_rewrite.push(rs);
        assert!(
            matches
                .iter()
                .any(|&(mo, mr)| covers(mo, os) && covers(mr, rs)),
            "gold pair not reported:\n  {o}\n  {r}"
        );
    }
    let fresh = new_material(rew_text, rew_from, &gold_rewrite);
    assert!(
        fresh.len() >= 10,
        "the seed rewrite has at least 10 new-material passages"
    );
    for p in fresh {
        for &(mo, mr) in &matches {
            // In a single file the earlier side must not hold it either.
            let same_file = std::ptr::eq(orig_text, rew_text);
            assert!(
                !(overlaps(mr, p) || (same_file && overlaps(mo, p))),
                "new material reported: {}",
                &rew_text[p.0..p.1]
            );
        }
    }
}

#[test]
fn seed_pair_reports_all_gold_pairs_and_no_new_material() {
    let run = neardup(&[
        "compare",
        "corpus/seed/original.txt",
        "corpus/seed/rewrite.txt",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let gold = gold("corpus/seed/gold.tsv");
    assert_eq!(gold.len(), 9);
    check(
        &json,
        &gold,
        &read("corpus/seed/original.txt"),
        &read("corpus/seed/rewrite.txt"),
        0,
    );
}

#[test]
fn single_seed_file_reports_all_gold_pairs_and_no_new_material() {
    let run = neardup(&[
        "compare",
        "corpus/seed/seed-article.txt",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let text = read("corpus/seed/seed-article.txt");
    let rewrite_start = span_of(&text, "Billions of dollars are being invested", 0).0;
    check(
        &json,
        &gold("corpus/seed/gold.tsv"),
        &text,
        &text,
        rewrite_start,
    );
    // Within one file, every match runs from the summary to the rewrite or
    // within the summary (the title restated by the first sentence).
    for (mo, mr) in match_spans(&json) {
        assert!(
            mo.1 <= mr.0,
            "earlier side ends before the later side starts"
        );
    }
}

#[test]
fn seed_split_files_are_the_seed_file() {
    let whole = read("corpus/seed/seed-article.txt");
    let (o, r) = (
        read("corpus/seed/original.txt"),
        read("corpus/seed/rewrite.txt"),
    );
    assert!(whole.starts_with(o.trim_end()));
    assert!(whole.ends_with(&r));
}
