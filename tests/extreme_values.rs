//! Every number a user can give is taken at its extremes without a panic
//! (the tests run on the debug build, where arithmetic overflow panics),
//! and a huge value means "no limit", never a wrapped small one.

use crate::util::*;

const MAX: &str = "18446744073709551615";

fn seed_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "compare",
        "corpus/seed/original.txt",
        "corpus/seed/rewrite.txt",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args
}

fn matches(run: &Run) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", run.stdout, run.stderr));
    json["matches"].as_array().unwrap().clone()
}

#[test]
fn max_gap_at_its_largest_merges_like_any_large_gap() {
    // Before: `--max-gap 18446744073709551615` wrapped `1 + max_gap` to 0
    // (9 unmerged matches in release, a panic in debug) where any other
    // large value merged everything into one match.
    let large = neardup(&seed_args(&["--max-gap", "1000000"]));
    let largest = neardup(&seed_args(&["--max-gap", MAX]));
    assert_eq!(large.code, 0, "{}", large.stderr);
    assert_eq!(largest.code, 0, "{}", largest.stderr);
    assert_eq!(matches(&largest), matches(&large));
    let summary = neardup(&seed_args(&["--max-gap", MAX, "--summary-ratio", MAX]));
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    let ratio = neardup(&seed_args(&["--summary-ratio", MAX]));
    assert_eq!(ratio.code, 0, "{}", ratio.stderr);
}

#[test]
fn every_compare_number_at_its_extremes() {
    for (flag, values) in [
        ("--max-gap", &["0", MAX][..]),
        ("--summary-ratio", &["0", "1", MAX]),
        ("--min-bytes", &["0", MAX, "16EiB"]),
        ("--min-words", &["0", MAX]),
        ("--seed", &["0", MAX]),
        ("--perms", &["1", MAX]),
        ("--max-size", &["1", MAX]),
        ("--threshold", &["0", "1", "1e-300", "NaN", "inf"]),
        ("--relative", &["0", "1", "NaN"]),
        ("--containment", &["0", "1", "NaN"]),
    ] {
        for v in values {
            let flag_value = format!("{flag}={v}");
            let run = neardup(&seed_args(&[&flag_value]));
            // A clean answer (0, 1) or a clean refusal (2 with one line).
            assert!(
                run.code == 0 || run.code == 1 || (run.code == 2 && run.stderr.contains(flag)),
                "{flag_value}: exit {} {}",
                run.code,
                run.stderr
            );
        }
    }
}

#[test]
fn every_scan_number_at_its_extremes() {
    let sample = repo("corpus/scan-sample").display().to_string();
    for (flag, values) in [
        ("--threshold", &["0", "1", "NaN"][..]),
        ("--perms", &["1", MAX]),
        ("--seed", &["0", MAX]),
        ("--max-pairs", &["0", MAX]),
        ("--bucket-cap", &["0", "1", MAX]),
        ("--max-size", &["1", MAX]),
        (
            "--shingle",
            &["word:1", &format!("word:{MAX}"), &format!("char:{MAX}")],
        ),
    ] {
        for v in values {
            let flag_value = format!("{flag}={v}");
            let run = neardup(&["scan", &sample, "-q", "-f", "json", &flag_value]);
            assert!(
                run.code == 0 || run.code == 1 || (run.code == 2 && run.stderr.contains(flag)),
                "{flag_value}: exit {} {}",
                run.code,
                run.stderr
            );
        }
    }
}
