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
use crate::minhash::{equal_minima, jaccard};

/// How verification treats a candidate by the number of equal minima of
/// the two signatures: accepted on the estimate from `accept` equal minima
/// on, re-checked with exact Jaccard from `recheck` up to `accept`, dropped
/// below `recheck`. The only rule that turns an estimate into a decision:
/// the scan applies it, and `neardup params` publishes it for other
/// engines (the Spark job), as whole numbers that need no floating point
/// to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    /// The verification these cutoffs implement.
    pub mode: Mode,
    /// The signature length.
    pub perms: usize,
    /// Fewest equal minima accepted on the estimate (`perms + 1`: none).
    pub accept: usize,
    /// Fewest equal minima re-checked exactly (equal to `accept`: none).
    pub recheck: usize,
}

/// How candidates are verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// By the estimate alone (`--no-recheck`).
    Estimate,
    /// By the estimate, but exactly within three standard errors of the
    /// threshold (the default).
    Recheck,
    /// Every candidate exactly (`--exact`).
    Exact,
}

impl Cutoffs {
    /// The cutoffs of `mode` at `threshold` for `perms` minima: an estimate
    /// `m / perms` at or above `threshold + margin` is accepted, one within
    /// `margin` of the threshold on either side is re-checked (see
    /// [`borderline_margin`]); without re-checks, one at or above the
    /// threshold is accepted.
    pub fn new(mode: Mode, threshold: f64, perms: usize) -> Self {
        let first = |pred: &dyn Fn(f64) -> bool| {
            (0..=perms)
                .find(|&m| pred(m as f64 / perms.max(1) as f64))
                .unwrap_or(perms + 1)
        };
        match mode {
            Mode::Exact => Cutoffs {
                mode,
                perms,
                accept: perms + 1,
                recheck: 0,
            },
            Mode::Estimate => {
                let at = first(&|s| s >= threshold);
                Cutoffs {
                    mode,
                    perms,
                    accept: at,
                    recheck: at,
                }
            }
            Mode::Recheck => {
                let margin = borderline_margin(threshold, perms);
                let accept = first(&|s| s >= threshold + margin);
                Cutoffs {
                    mode,
                    perms,
                    accept,
                    recheck: first(&|s| s >= threshold - margin).min(accept),
                }
            }
        }
    }

    /// The verdict on a pair whose signatures agree on `equal` minima.
    pub fn verdict(&self, equal: usize) -> Verdict {
        if equal >= self.accept {
            Verdict::Accept
        } else if equal >= self.recheck {
            Verdict::Recheck
        } else {
            Verdict::Drop
        }
    }
}

/// What the estimate says of one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Similar: the estimate is the similarity.
    Accept,
    /// Too close to the threshold: compute exact Jaccard.
    Recheck,
    /// Not similar.
    Drop,
}

/// The candidates whose estimated similarity reaches `threshold`;
/// `sigs[t]` holds the minima of text `t`.
pub fn estimated(sigs: &[&[u32]], pairs: &[(u32, u32)], threshold: f64) -> Vec<Edge> {
    let perms = sigs.first().map_or(0, |s| s.len());
    let cutoffs = Cutoffs::new(Mode::Estimate, threshold, perms);
    let judged = judge(sigs, pairs, cutoffs, threshold, |_, _| None);
    debug_assert!(judged.deferred.is_empty());
    judged.edges
}

/// What [`judge`] made of the candidates.
#[derive(Debug, Default, PartialEq)]
pub struct Judged {
    /// The similar pairs found, in the order of the candidates.
    pub edges: Vec<Edge>,
    /// Pairs to check exactly that `exact` could not check at once.
    pub deferred: Vec<(u32, u32)>,
    /// Candidates whose verdict was [`Verdict::Recheck`].
    pub rechecked: usize,
}

/// Judges the candidates by their estimate under `cutoffs`: an accepted
/// pair is an edge with the estimate as similarity; a pair to re-check is
/// checked at once when `exact(a, b)` gives its exact similarity (an edge
/// when it reaches `threshold`), else deferred; the rest are dropped.
/// With [`Mode::Exact`] no estimate is computed. One parallel pass in
/// which nothing is stored per candidate: the output is the edges.
pub fn judge(
    sigs: &[&[u32]],
    pairs: &[(u32, u32)],
    cutoffs: Cutoffs,
    threshold: f64,
    exact: impl Fn(u32, u32) -> Option<f64> + Sync,
) -> Judged {
    let perms = cutoffs.perms.max(1) as f64;
    let parts: Vec<Judged> = pairs
        .par_iter()
        .fold(Judged::default, |mut j, &(a, b)| {
            let equal = match cutoffs.mode {
                Mode::Exact => 0,
                _ => equal_minima(sigs[a as usize], sigs[b as usize]),
            };
            match cutoffs.verdict(equal) {
                Verdict::Accept => j.edges.push(Edge {
                    a,
                    b,
                    similarity: equal as f64 / perms,
                }),
                Verdict::Recheck => {
                    j.rechecked += 1;
                    match exact(a, b) {
                        Some(similarity) if similarity >= threshold => {
                            j.edges.push(Edge { a, b, similarity });
                        }
                        Some(_) => {}
                        None => j.deferred.push((a, b)),
                    }
                }
                Verdict::Drop => {}
            }
            j
        })
        .collect();
    // The parts in order: the same result whatever the thread count.
    let mut all = Judged {
        edges: Vec::with_capacity(parts.iter().map(|p| p.edges.len()).sum()),
        deferred: Vec::with_capacity(parts.iter().map(|p| p.deferred.len()).sum()),
        rechecked: 0,
    };
    for p in parts {
        all.edges.extend(p.edges);
        all.deferred.extend(p.deferred);
        all.rechecked += p.rechecked;
    }
    all
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
        assert_eq!(crate::minhash::estimate(&x, &y), 0.75);
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
        // 3 of 4 minima is within reach of 0.8 at 4 minima: re-checked.
        let recheck = Cutoffs::new(Mode::Recheck, 0.8, 4);
        assert_eq!(recheck.verdict(3), Verdict::Recheck);
        let judged = judge(&sigs, &pairs, recheck, 0.8, |_, _| None);
        assert!(judged.edges.is_empty());
        assert_eq!(judged.deferred, [(0, 1)], "0 of 4 is dropped");
        assert_eq!(judged.rechecked, 1);
        // Checked at once when the exact value is at hand.
        let at_once = judge(&sigs, &pairs, recheck, 0.8, |_, _| Some(0.8));
        assert_eq!(
            at_once.edges,
            [Edge {
                a: 0,
                b: 1,
                similarity: 0.8
            }]
        );
        assert!(at_once.deferred.is_empty());
        let below = judge(&sigs, &pairs, recheck, 0.8, |_, _| Some(0.79));
        assert!(below.edges.is_empty() && below.deferred.is_empty());
        let lenient = Cutoffs {
            mode: Mode::Recheck,
            perms: 4,
            accept: 3,
            recheck: 2,
        };
        let judged = judge(&sigs, &pairs, lenient, 0.8, |_, _| None);
        assert_eq!(
            judged.edges,
            [Edge {
                a: 0,
                b: 1,
                similarity: 0.75
            }]
        );
        assert!(judged.deferred.is_empty());
        // --exact: every candidate, no estimate.
        let all = judge(
            &sigs,
            &pairs,
            Cutoffs::new(Mode::Exact, 0.8, 4),
            0.8,
            |_, _| None,
        );
        assert_eq!(all.deferred, pairs);
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

    /// The cutoffs decide exactly as the floating-point rule they stand
    /// for, at every count of equal minima.
    #[test]
    fn cutoffs_equal_the_rule_on_estimates() {
        for perms in [1, 2, 7, 64, 128, 256, 1024] {
            for t in [0.05, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0] {
                let margin = borderline_margin(t, perms);
                let r = Cutoffs::new(Mode::Recheck, t, perms);
                let e = Cutoffs::new(Mode::Estimate, t, perms);
                let x = Cutoffs::new(Mode::Exact, t, perms);
                for m in 0..=perms {
                    let s = m as f64 / perms as f64;
                    let want = if s >= t + margin {
                        Verdict::Accept
                    } else if s >= t - margin {
                        Verdict::Recheck
                    } else {
                        Verdict::Drop
                    };
                    assert_eq!(r.verdict(m), want, "recheck {t} {perms} {m}");
                    let want = if s >= t {
                        Verdict::Accept
                    } else {
                        Verdict::Drop
                    };
                    assert_eq!(e.verdict(m), want, "estimate {t} {perms} {m}");
                    assert_eq!(x.verdict(m), Verdict::Recheck);
                }
            }
        }
        let c = Cutoffs::new(Mode::Recheck, 0.8, 128);
        assert_eq!((c.recheck, c.accept), (89, 116));
    }
}
