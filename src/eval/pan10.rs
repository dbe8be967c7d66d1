//! The PAN-10 paraphrase pairs (the PAN part of the MT-Metrics Paraphrase
//! Corpus: a book sentence and a crowd worker's paraphrase of it, often
//! split into several sentences; negatives are other sentences of the same
//! books). A pair is detected when `compare` reports a match between the
//! sentence (original) and the paraphrase (rewrite); the pairs are ranked
//! by the comparison's `rewrite_derived`.
//!
//! Format: three files with one pair per line, `pan-train_s1.txt`
//! (originals), `pan-train_s2.txt` (rewrites) and `pan-train.labels` (1 for
//! a paraphrase, 0 otherwise); other splits (`pan-test_*`) are found by the
//! same names.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::Prf;
use super::mrpc::LabelledPair;
use crate::compare::Comparator;
use crate::error::Error;

/// Reads a split (`train` or `test`) from the corpus folder (through the
/// one bounded reader). Files that do not pair up are an error naming the
/// labels file.
pub fn read(dir: &Path, split: &str) -> Result<Vec<LabelledPair>, Error> {
    let read = |name: String| crate::input::read_utf8(&dir.join(name));
    let s1 = read(format!("pan-{split}_s1.txt"))?;
    let s2 = read(format!("pan-{split}_s2.txt"))?;
    let labels = format!("pan-{split}.labels");
    let text = read(labels.clone())?;
    parse(&s1, &s2, &text).map_err(|reason| Error::Malformed {
        path: dir.join(labels),
        reason,
    })
}

/// Parses the three files' contents; an error says what is wrong.
pub(crate) fn parse(s1: &str, s2: &str, labels: &str) -> Result<Vec<LabelledPair>, String> {
    let (a, b, y): (Vec<&str>, Vec<&str>, Vec<&str>) = (
        s1.lines().collect(),
        s2.lines().collect(),
        labels.lines().filter(|l| !l.trim().is_empty()).collect(),
    );
    if a.len() < y.len() || b.len() < y.len() {
        return Err(format!(
            "{} labels but {} originals and {} rewrites: the three files must have one line per pair",
            y.len(),
            a.len(),
            b.len()
        ));
    }
    y.iter()
        .enumerate()
        .map(|(n, l)| match l.trim() {
            "0" | "1" => Ok(LabelledPair {
                paraphrase: l.trim() == "1",
                a: a[n].to_string(),
                b: b[n].to_string(),
            }),
            other => Err(format!(
                "label line {}: expected 0 or 1, found '{other}'",
                n + 1
            )),
        })
        .collect()
}

/// Recall among the pairs whose rewrite has a given number of passages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecallBySplit {
    /// Rewrite passages (the last bucket counts this many or more).
    pub passages: usize,
    /// Paraphrase pairs with that many.
    pub pairs: usize,
    /// Of them, detected.
    pub detected: usize,
}

/// Scores on the PAN-10 pairs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pan10Score {
    /// Pairs evaluated.
    pub pairs: usize,
    /// Pairs labelled paraphrase.
    pub positives: usize,
    /// Pairs with a reported match.
    pub predicted: usize,
    /// Predicted and labelled paraphrase.
    pub true_positives: usize,
    /// Precision, recall, F1 of detection.
    pub scores: Prf,
    /// ROC AUC of `rewrite_derived` as a ranking of the pairs.
    pub auc_rewrite_derived: f64,
    /// ROC AUC of the plain Jaccard of the two whole texts' shingle sets
    /// (the baseline).
    pub auc_jaccard: f64,
    /// Recall by the number of rewrite passages (1, 2, 3, 4 or more).
    pub recall_by_split: Vec<RecallBySplit>,
}

/// Compares every pair and scores detection and ranking.
pub fn evaluate(cmp: &Comparator, pairs: &[LabelledPair]) -> Pan10Score {
    let results: Vec<(bool, f64, f64, usize)> = pairs
        .par_iter()
        .map(|p| {
            let c = p.compare(cmp);
            (
                !c.matches.is_empty(),
                c.rewrite_derived,
                cmp.similarity(&p.a, &p.b),
                c.rewrite.passages,
            )
        })
        .collect();
    let labels: Vec<bool> = pairs.iter().map(|p| p.paraphrase).collect();
    let positives = labels.iter().filter(|&&l| l).count();
    let predicted = results.iter().filter(|r| r.0).count();
    let tp = results
        .iter()
        .zip(&labels)
        .filter(|(r, l)| r.0 && **l)
        .count();
    let mut by_split: Vec<RecallBySplit> = (1..=4)
        .map(|n| RecallBySplit {
            passages: n,
            pairs: 0,
            detected: 0,
        })
        .collect();
    for (r, _) in results.iter().zip(&labels).filter(|(_, l)| **l) {
        let b = &mut by_split[r.3.clamp(1, 4) - 1];
        b.pairs += 1;
        b.detected += usize::from(r.0);
    }
    let derived: Vec<f64> = results.iter().map(|r| r.1).collect();
    let jaccard: Vec<f64> = results.iter().map(|r| r.2).collect();
    Pan10Score {
        pairs: pairs.len(),
        positives,
        predicted,
        true_positives: tp,
        scores: Prf::new(tp, predicted, tp, positives),
        auc_rewrite_derived: roc_auc(&derived, &labels),
        auc_jaccard: roc_auc(&jaccard, &labels),
        recall_by_split: by_split,
    }
}

/// Area under the ROC curve of `scores` ranking `labels` (true =
/// positive): the probability that a random positive scores above a random
/// negative, ties counting half (the Mann-Whitney statistic).
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut pos) = (0.0, 0usize);
    let mut k = 0;
    while k < idx.len() {
        let mut end = k;
        while end + 1 < idx.len() && scores[idx[end + 1]] == scores[idx[k]] {
            end += 1;
        }
        // Tied scores share the mean of their ranks (1-based).
        let mean_rank = (k + end) as f64 / 2.0 + 1.0;
        for &i in &idx[k..=end] {
            if labels[i] {
                rank_sum += mean_rank;
                pos += 1;
            }
        }
        k = end + 1;
    }
    let neg = scores.len() - pos;
    if pos == 0 || neg == 0 {
        return f64::NAN;
    }
    (rank_sum - (pos * (pos + 1)) as f64 / 2.0) / (pos * neg) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairwise definition, as an oracle.
    fn auc_naive(s: &[f64], l: &[bool]) -> f64 {
        let (mut win, mut n) = (0.0, 0.0);
        for i in 0..s.len() {
            for j in 0..s.len() {
                if l[i] && !l[j] {
                    n += 1.0;
                    win += if s[i] > s[j] {
                        1.0
                    } else if s[i] == s[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        win / n
    }

    #[test]
    fn auc_matches_the_pairwise_definition_with_ties() {
        let s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.0, 0.0, 1.0, 0.4];
        let l = [false, true, false, true, false, true, false, true, true];
        assert!((roc_auc(&s, &l) - auc_naive(&s, &l)).abs() < 1e-12);
        assert_eq!(roc_auc(&[1.0, 0.0], &[true, false]), 1.0);
        assert_eq!(roc_auc(&[0.0, 1.0], &[true, false]), 0.0);
        assert!(roc_auc(&[1.0], &[true]).is_nan());
    }

    #[test]
    fn parses_and_rejects_ragged_files() {
        let p = parse("a b c.\nd e.\n", "a b c.\nx y.\n", "1\n0\n").unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[0].paraphrase && !p[1].paraphrase);
        assert!(parse("a\n", "b\n", "1\n0\n").is_err());
        assert!(parse("a\n", "b\n", "2\n").is_err());
    }

    #[test]
    fn a_split_paraphrase_is_detected_and_an_unrelated_pair_is_not() {
        let cmp = Comparator::new(crate::CompareConfig::default()).unwrap();
        let pairs = parse(
            "The old miller sold his mill to the young baker from the village before winter.\n\
             The storm closed every road into the valley for three days.\n",
            "Before winter came, the old miller sold the mill. The buyer was the young village baker.\n\
             Shares of the retailer rose sharply after its results.\n",
            "1\n0\n",
        )
        .unwrap();
        let s = evaluate(&cmp, &pairs);
        assert_eq!((s.true_positives, s.predicted), (1, 1));
        assert_eq!(s.recall_by_split[1].detected, 1);
        assert_eq!(s.auc_rewrite_derived, 1.0);
    }
}
