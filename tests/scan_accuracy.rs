//! Accuracy of `neardup scan` against ground truth: planted near-duplicates
//! of known Jaccard (edits, reordered paragraphs, shuffled sentences, added
//! boilerplate, exact copies) and a brute-force exact-Jaccard oracle over
//! every pair of a few hundred documents.

use std::collections::{HashMap, HashSet};

use crate::scan_support::*;
use neardup::internals::SplitMix64;

const THRESHOLD: f64 = 0.8;

/// Precision and recall of `got` against `truth` (pairs as (a, b)).
fn precision_recall(got: &[(String, String, f64)], truth: &[(String, String, f64)]) -> (f64, f64) {
    let g: HashSet<(&str, &str)> = got.iter().map(|p| (p.0.as_str(), p.1.as_str())).collect();
    let t: HashSet<(&str, &str)> = truth.iter().map(|p| (p.0.as_str(), p.1.as_str())).collect();
    let hit = g.intersection(&t).count() as f64;
    (
        if g.is_empty() {
            1.0
        } else {
            hit / g.len() as f64
        },
        if t.is_empty() {
            1.0
        } else {
            hit / t.len() as f64
        },
    )
}

/// A corpus of families (a base document and planted variants whose
/// Jaccard with it is designed to be clearly above or clearly below the
/// threshold) plus unrelated documents; returns (names, texts).
fn planted_corpus(seed: u64, families: usize, unrelated: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = SplitMix64::new(seed);
    let lex = lexicon(&mut rng, 3000);
    let head: Vec<String> = lex[..25].to_vec();
    let tail: Vec<String> = lex[25..45].to_vec();
    let (mut names, mut texts) = (Vec::new(), Vec::new());
    let mut add = |name: String, doc: &Doc| {
        names.push(name);
        texts.push(doc.text());
    };
    for f in 0..families {
        let words = 300 + (rng.next() % 400) as usize;
        let base = Doc::random(&mut rng, &lex, words);
        let dir = format!("family{f:02}");
        add(format!("{dir}/base.txt"), &base);
        // An edit changes the 5 shingles covering it: k edits give about
        // (S - 5k) / (S + 5k) for S shingles.
        let close = (words / 100).max(1);
        let far = words * 45 / 1000;
        match f % 7 {
            0 => add(
                format!("{dir}/edited.txt"),
                &base.edited(&mut rng, &lex, close),
            ),
            1 => add(
                format!("{dir}/heavily-edited.txt"),
                &base.edited(&mut rng, &lex, far),
            ),
            2 => add(format!("{dir}/reordered.txt"), &base.reordered(1 + f)),
            3 => add(
                format!("{dir}/boilerplate.txt"),
                &base.with_boilerplate(&head, &tail),
            ),
            4 => {
                add(format!("{dir}/copy.txt"), &base);
                add(
                    format!("{dir}/edited.txt"),
                    &base.edited(&mut rng, &lex, close),
                );
            }
            5 => add(
                format!("{dir}/shuffled.txt"),
                &base.sentences_shuffled(&mut rng),
            ),
            _ => {
                add(
                    format!("{dir}/edited.txt"),
                    &base.edited(&mut rng, &lex, close),
                );
                add(format!("{dir}/reordered.txt"), &base.reordered(2));
            }
        }
    }
    for u in 0..unrelated {
        let words = 50 + (rng.next() % 500) as usize;
        add(
            format!("unrelated/u{u:03}.txt"),
            &Doc::random(&mut rng, &lex, words),
        );
    }
    (names, texts)
}

#[test]
fn planted_near_duplicates_are_found_with_precision_and_recall_above_095() {
    let (names, texts) = planted_corpus(1, 70, 80);
    let root = tempfile::tempdir().unwrap();
    let files: Vec<(String, Vec<u8>)> = names
        .iter()
        .cloned()
        .zip(texts.iter().map(|t| t.clone().into_bytes()))
        .collect();
    write_corpus(&root.path().join("corpus"), &files);
    let names: Vec<String> = names.iter().map(|n| format!("corpus/{n}")).collect();
    let truth = brute_force_pairs(&names, &texts, THRESHOLD);

    // The planted Jaccard values are known to lie clear of the threshold
    // (a 128-permutation estimate has a standard error of about 0.035
    // there), and there are planted pairs on both sides of it.
    let related = brute_force_pairs(&names, &texts, 0.3);
    for (a, b, j) in &related {
        assert!(
            (j - THRESHOLD).abs() >= 0.04,
            "{a} {b}: planted Jaccard {j:.3} is too close to the threshold"
        );
    }
    let kinds = |suffix: &str| {
        truth
            .iter()
            .filter(|p| p.0.ends_with(suffix) || p.1.ends_with(suffix))
            .count()
    };
    for kind in [
        "/edited.txt",
        "/reordered.txt",
        "/boilerplate.txt",
        "/copy.txt",
    ] {
        assert!(kinds(kind) >= 5, "too few {kind} pairs above the threshold");
    }
    let below = related.len() - truth.len();
    assert!(
        below >= 15,
        "too few planted pairs below the threshold ({below}) for precision to mean much"
    );

    for (exact, sketch) in [(false, "minhash"), (true, "minhash"), (false, "oph")] {
        let mut args = vec!["scan", "corpus", "--format", "json", "--sketch", sketch];
        if exact {
            args.push("--exact");
        }
        let run = neardup(root.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let report = json(&run);
        assert_eq!(report["settings"]["sketch"], sketch);
        let got = reported_pairs(&report);
        let (p, r) = precision_recall(&got, &truth);
        assert!(
            p >= 0.95 && r >= 0.95,
            "exact={exact} {sketch}: precision {p:.3} recall {r:.3} over {} true pairs",
            truth.len()
        );
        if exact {
            assert_eq!(
                p, 1.0,
                "exact similarities never report a pair below the threshold"
            );
        }
    }
}

#[test]
fn pairs_match_brute_force_exact_jaccard_on_a_few_hundred_documents() {
    // Many variants per base, with edit counts spread so that true Jaccard
    // covers 0.5-1.0, near the threshold too.
    let mut rng = SplitMix64::new(42);
    let lex = lexicon(&mut rng, 2000);
    let (mut names, mut texts) = (Vec::new(), Vec::new());
    for b in 0..30 {
        let base = Doc::random(&mut rng, &lex, 300);
        names.push(format!("c/b{b:02}-base.txt"));
        texts.push(base.text());
        for v in 0..8 {
            let k = 1 + (rng.next() % 14) as usize;
            names.push(format!("c/b{b:02}-v{v}.txt"));
            texts.push(base.edited(&mut rng, &lex, k).text());
        }
    }
    for u in 0..40 {
        names.push(format!("c/u{u:02}.txt"));
        let words = 100 + (rng.next() % 300) as usize;
        texts.push(Doc::random(&mut rng, &lex, words).text());
    }
    assert!(names.len() >= 300);
    let root = tempfile::tempdir().unwrap();
    let files: Vec<(String, Vec<u8>)> = names
        .iter()
        .cloned()
        .zip(texts.iter().map(|t| t.clone().into_bytes()))
        .collect();
    write_corpus(root.path(), &files);

    for threshold in [0.8, 0.6] {
        let truth = brute_force_pairs(&names, &texts, threshold);
        let near = truth.iter().filter(|p| p.2 < threshold + 0.05).count();
        assert!(
            near >= 10,
            "want pairs just above {threshold} in the truth, got {near}"
        );
        let t = threshold.to_string();

        // --exact: every reported pair is a true pair with its exact value.
        let run = neardup(
            root.path(),
            &[
                "scan",
                "c",
                "--exact",
                "--threshold",
                &t,
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let report = json(&run);
        let got = reported_pairs(&report);
        let truth_map: HashMap<(&str, &str), f64> = truth
            .iter()
            .map(|p| ((p.0.as_str(), p.1.as_str()), p.2))
            .collect();
        for (a, b, s) in &got {
            let want = truth_map.get(&(a.as_str(), b.as_str()));
            let want =
                want.unwrap_or_else(|| panic!("{a} {b} reported at {s} but below {threshold}"));
            assert!(
                (s - want).abs() <= 5e-5 + 1e-12,
                "{a} {b}: reported {s}, exact {want}"
            );
        }
        let (_, recall) = precision_recall(&got, &truth);
        assert!(
            recall >= 0.95,
            "threshold {threshold}: recall {recall:.3} of {} pairs",
            truth.len()
        );

        // Clusters are unions of true pairs: each lies inside one connected
        // component of the brute-force graph.
        let mut comp: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        loop {
            let mut changed = false;
            for (a, b, _) in &truth {
                let m = comp[a.as_str()].min(comp[b.as_str()]);
                for x in [a.as_str(), b.as_str()] {
                    if comp[x] != m {
                        comp.insert(x, m);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for c in report["clusters"].as_array().unwrap() {
            let members: Vec<&str> = c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            let first = comp[members[0]];
            assert!(
                members.iter().all(|m| comp[m] == first),
                "cluster {} spans components",
                c["id"]
            );
        }

        // Default (estimated): each similarity is within the MinHash error
        // of the exact value: 4.5 standard errors sqrt(J(1-J)/128), plus
        // the 4-decimal rounding.
        let run = neardup(
            root.path(),
            &["scan", "c", "--threshold", &t, "--format", "json"],
        );
        let got = reported_pairs(&json(&run));
        let all = brute_force_pairs(&names, &texts, 0.0);
        let exact: HashMap<(&str, &str), f64> = all
            .iter()
            .map(|p| ((p.0.as_str(), p.1.as_str()), p.2))
            .collect();
        for (a, b, s) in &got {
            let j = exact.get(&(a.as_str(), b.as_str())).copied().unwrap_or(0.0);
            let tol = 4.5 * (j * (1.0 - j) / 128.0).sqrt() + 1e-4;
            assert!(
                (s - j).abs() <= tol,
                "{a} {b}: estimate {s}, exact {j}, tolerance {tol:.3}"
            );
        }
        // More than 3 standard errors away from the threshold, the
        // estimate decides like the exact value (closer, it is a coin toss
        // for any 128-permutation estimate: use --exact there).
        let se = (threshold * (1.0 - threshold) / 128.0).sqrt();
        let clear = |j: f64| (j - threshold).abs() > 3.0 * se;
        let got_clear: Vec<_> = got
            .iter()
            .filter(|p| {
                clear(
                    exact
                        .get(&(p.0.as_str(), p.1.as_str()))
                        .copied()
                        .unwrap_or(0.0),
                )
            })
            .cloned()
            .collect();
        let truth_clear: Vec<_> = truth.iter().filter(|p| clear(p.2)).cloned().collect();
        let (p, r) = precision_recall(&got_clear, &truth_clear);
        assert!(
            p >= 0.95 && r >= 0.95,
            "estimated, threshold {threshold}: precision {p:.3} recall {r:.3}"
        );
    }
}
