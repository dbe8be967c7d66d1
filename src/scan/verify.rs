//! Verification: which candidate pairs of texts reach the threshold.
//!
//! LSH only proposes; every candidate is checked here, either with the
//! Jaccard estimate of the two full signatures (the share of equal minima,
//! standard error `sqrt(J(1-J)/k)`) or, with `--exact`, with the exact
//! Jaccard of the two shingle sets (recomputed from the files by the
//! caller). Pairs below the threshold are dropped; the survivors are the
//! [`Edge`]s that clustering joins. No I/O here.

use rayon::prelude::*;

use super::cluster::Edge;
use crate::minhash::{estimate, jaccard};

/// The candidates whose estimated similarity reaches `threshold`;
/// `sigs[t]` holds the minima of text `t`.
pub fn estimated(sigs: &[&[u32]], pairs: &[(u32, u32)], threshold: f64) -> Vec<Edge> {
    pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let similarity = estimate(sigs[a as usize], sigs[b as usize]);
            (similarity >= threshold).then_some(Edge { a, b, similarity })
        })
        .collect()
}

/// Splits the candidates by their estimate: those at or above
/// `threshold + margin` are accepted on the estimate; those within `margin`
/// of the threshold on either side are returned for an exact re-check;
/// the rest are dropped.
pub fn split_borderline(
    sigs: &[&[u32]],
    pairs: &[(u32, u32)],
    threshold: f64,
    margin: f64,
) -> (Vec<Edge>, Vec<(u32, u32)>) {
    // Per pair: its similarity when accepted on the estimate, or whether it
    // needs a re-check.
    let judged: Vec<Judged> = pairs
        .par_iter()
        .map(|&(a, b)| {
            let similarity = estimate(sigs[a as usize], sigs[b as usize]);
            if similarity >= threshold + margin {
                Judged::Accept(Edge { a, b, similarity })
            } else if similarity >= threshold - margin {
                Judged::Recheck(a, b)
            } else {
                Judged::Drop
            }
        })
        .collect();
    let sure = judged
        .iter()
        .filter_map(|j| {
            if let Judged::Accept(e) = j {
                Some(*e)
            } else {
                None
            }
        })
        .collect();
    let borderline = judged
        .iter()
        .filter_map(|j| {
            if let Judged::Recheck(a, b) = j {
                Some((*a, *b))
            } else {
                None
            }
        })
        .collect();
    (sure, borderline)
}

/// What the estimate says of one candidate.
enum Judged {
    Accept(Edge),
    Recheck(u32, u32),
    Drop,
}

/// Three standard errors of a `perms`-minima estimate at `threshold`:
/// `3 sqrt(t(1-t)/k)`.
pub fn borderline_margin(threshold: f64, perms: usize) -> f64 {
    3.0 * (threshold * (1.0 - threshold) / perms.max(1) as f64).sqrt()
}

/// The candidates whose exact similarity reaches `threshold`; `set(t)` is
/// the sorted shingle set of text `t`, or `None` when it could not be
/// recomputed (such pairs are dropped).
pub fn exact<'a>(
    set: impl Fn(u32) -> Option<&'a [u64]> + Sync,
    pairs: &[(u32, u32)],
    threshold: f64,
) -> Vec<Edge> {
    pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let similarity = jaccard(set(a)?, set(b)?);
            (similarity >= threshold).then_some(Edge { a, b, similarity })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_and_exact_values_are_filtered_at_the_threshold() {
        let (x, y, z) = ([1u32, 2, 3, 4], [1u32, 2, 3, 9], [5u32, 6, 7, 8]);
        assert_eq!(estimate(&x, &y), 0.75);
        let sigs: Vec<&[u32]> = vec![&x, &y, &z];
        let pairs = [(0, 1), (0, 2), (1, 2)];
        let kept = estimated(&sigs, &pairs, 0.75);
        assert_eq!(
            kept,
            [Edge {
                a: 0,
                b: 1,
                similarity: 0.75
            }]
        );
        assert!(estimated(&sigs, &pairs, 0.76).is_empty());
        // 0.75 is within 0.1 of 0.8: re-checked; 0 is dropped.
        let (sure, borderline) = split_borderline(&sigs, &pairs, 0.8, 0.1);
        assert!(sure.is_empty());
        assert_eq!(borderline, [(0, 1)]);
        let (sure, borderline) = split_borderline(&sigs, &pairs, 0.6, 0.1);
        assert_eq!(sure.len(), 1);
        assert!(borderline.is_empty());
        assert!((borderline_margin(0.8, 128) - 0.1061).abs() < 1e-4);

        let sets: Vec<Vec<u64>> = vec![vec![1, 2, 3], vec![1, 2, 3, 4], vec![]];
        let set = |t: u32| (t < 2).then(|| sets[t as usize].as_slice());
        assert_eq!(
            exact(set, &pairs, 0.7),
            [Edge {
                a: 0,
                b: 1,
                similarity: 0.75
            }]
        );
    }
}
