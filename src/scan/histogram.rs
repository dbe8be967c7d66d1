//! The histogram of pair similarities: how many similar document pairs
//! fall in each of a fixed set of bins from the threshold to 1.
//!
//! It is counted over *every* similar pair, before the per-cluster listing
//! cap (`--max-pairs`), and without enumerating them: a text of `n`
//! identical documents adds `n(n-1)/2` pairs at 1, and an edge between two
//! texts adds the product of their sizes at the edge's similarity. So the
//! bins add up to `summary.similar_pairs` however many pairs are listed.
//!
//! The bins depend only on the settings, never on the data. Exact
//! similarities (`--exact`) are continuous: the range from the threshold to
//! 1 is cut into equal bins about 0.01 wide. An estimate is a share of
//! equal minima, `m / perms`, so it takes only a few values; bins of a
//! fixed width would hold one or two of those values each and draw a comb
//! that is not in the data. Estimated bins therefore hold the same number
//! of possible values each: one when there are at most [`MAX_BINS`] (every
//! value its own bin, the default), else consecutive groups. A last bin
//! from 1 to 1 counts pairs at exactly 1 (identical texts, and estimates
//! with every minimum equal). Bounds are rounded to 4 decimals, as
//! similarities are reported, and a pair is counted by its reported
//! similarity, so the bins agree with the listed pairs. No I/O here.

use serde::Serialize;

use super::cluster::{Edge, Texts};
use crate::format::round4;

/// Most bins below 1 (the bin at exactly 1 comes on top).
pub const MAX_BINS: usize = 100;

/// One bin of the histogram.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistogramBin {
    /// Lowest similarity counted (inclusive).
    pub from: f64,
    /// Similarities counted are below this; the last bin has `from` =
    /// `to` = 1 and counts the pairs at exactly 1.
    pub to: f64,
    /// Similar document pairs in the bin (listed or not).
    pub pairs: u64,
}

/// The bins for a threshold, empty: `(threshold, 1)` cut as the module
/// header says, then `[1, 1]`. `perms` matters only for estimates.
pub fn bins(threshold: f64, exact: bool, perms: usize) -> Vec<HistogramBin> {
    let edges = if exact {
        exact_edges(threshold)
    } else {
        estimate_edges(threshold, perms)
    };
    let mut out: Vec<HistogramBin> = edges
        .windows(2)
        .map(|w| HistogramBin {
            from: round4(w[0]),
            to: round4(w[1]),
            pairs: 0,
        })
        .filter(|b| b.from < b.to)
        .collect();
    out.push(HistogramBin {
        from: 1.0,
        to: 1.0,
        pairs: 0,
    });
    out
}

/// Equal widths of about 0.01 from the threshold to 1 (none when the
/// threshold is 1).
fn exact_edges(threshold: f64) -> Vec<f64> {
    let span = 1.0 - threshold;
    let n = (span * 100.0 - 1e-9).ceil().max(0.0) as usize;
    if n == 0 {
        return Vec::new();
    }
    let width = span / n as f64;
    (0..=n)
        .map(|i| {
            if i == n {
                1.0
            } else {
                threshold + width * i as f64
            }
        })
        .collect()
}

/// The possible estimates `m / perms` at or above the threshold and below
/// 1, one per bin, or in groups of equal size when there are more than
/// [`MAX_BINS`] (the bin just below 1 may hold fewer).
fn estimate_edges(threshold: f64, perms: usize) -> Vec<f64> {
    let perms = perms.max(1);
    // The smallest number of equal minima that passes the threshold, by
    // the same division as the verifier's estimate.
    let lowest = (0..=perms)
        .find(|&m| m as f64 / perms as f64 >= threshold)
        .unwrap_or(perms);
    let values = perms - lowest;
    if values == 0 {
        return Vec::new();
    }
    let group = values.div_ceil(MAX_BINS);
    let mut edges: Vec<f64> = (lowest..perms)
        .step_by(group)
        .map(|m| m as f64 / perms as f64)
        .collect();
    edges.push(1.0);
    edges
}

/// Counts the similar document pairs of `texts` and `edges` into `bins`
/// (from [`bins`]): identical documents at 1, each edge's documents at
/// its similarity (rounded as reported). Only texts of two documents or
/// more and verified edges are similar pairs, so the counts add up to the
/// number of similar pairs.
pub fn count(bins: &mut [HistogramBin], texts: &Texts, edges: &[Edge]) {
    let size = |t: u32| texts.docs(t as usize).len() as u64;
    for t in 0..texts.len() {
        let n = size(t as u32);
        add(bins, 1.0, n * n.saturating_sub(1) / 2);
    }
    for e in edges {
        add(bins, round4(e.similarity), size(e.a) * size(e.b));
    }
}

/// Adds `pairs` at `similarity` to the bin holding it: the last bin whose
/// `from` is at most the similarity (the first bin for anything below).
pub(crate) fn add(bins: &mut [HistogramBin], similarity: f64, pairs: u64) {
    if pairs == 0 {
        return;
    }
    let at = bins
        .partition_point(|b| b.from <= similarity)
        .saturating_sub(1);
    if let Some(bin) = bins.get_mut(at) {
        bin.pairs += pairs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(bins: &[HistogramBin]) -> Vec<(f64, f64)> {
        bins.iter().map(|b| (b.from, b.to)).collect()
    }

    #[test]
    fn exact_bins_are_equal_and_about_a_hundredth_wide() {
        let b = bins(0.8, true, 128);
        assert_eq!(b.len(), 21);
        assert_eq!((b[0].from, b[0].to), (0.8, 0.81));
        assert_eq!((b[19].from, b[19].to), (0.99, 1.0));
        assert_eq!((b[20].from, b[20].to), (1.0, 1.0));
        // Not a multiple of 0.01: 19 equal bins of 0.00973.
        let b = bins(0.815, true, 128);
        assert_eq!(b.len(), 20);
        assert_eq!((b[0].from, b[0].to), (0.815, 0.8247));
        assert_eq!(b[18].to, 1.0);
        assert_eq!(bounds(&bins(1.0, true, 128)), [(1.0, 1.0)]);
        assert_eq!(bins(0.01, true, 128).len(), 100);
    }

    #[test]
    fn estimated_bins_hold_one_possible_value_each() {
        // 103/128 = 0.8047 is the lowest estimate at or above 0.8.
        let b = bins(0.8, false, 128);
        assert_eq!(b.len(), 128 - 103 + 1);
        assert_eq!((b[0].from, b[0].to), (0.8047, 0.8125));
        assert_eq!((b[24].from, b[24].to), (0.9922, 1.0));
        // Exactly on a value: it is the first bin's lower bound.
        assert_eq!(bins(0.75, false, 4)[0].from, 0.75);
        assert_eq!(bounds(&bins(0.75, false, 4)), [(0.75, 1.0), (1.0, 1.0)]);
        // Many values: groups of equal size, at most MAX_BINS of them.
        let b = bins(0.1, false, 1024);
        assert!(b.len() <= MAX_BINS + 1, "{}", b.len());
        let widths: Vec<f64> = b[..b.len() - 2].iter().map(|x| x.to - x.from).collect();
        assert!(
            widths.iter().all(|w| (w - widths[0]).abs() < 2e-4),
            "{widths:?}"
        );
        assert_eq!(b[b.len() - 2].to, 1.0);
    }

    #[test]
    fn every_possible_estimate_lands_in_the_bin_that_shows_it() {
        for (threshold, perms) in [(0.8, 128), (0.5, 128), (0.3, 256), (0.9, 7)] {
            let mut b = bins(threshold, false, perms);
            for m in 0..=perms {
                let s = m as f64 / perms as f64;
                if s >= threshold {
                    add(&mut b, round4(s), 1);
                }
            }
            let values = (0..=perms)
                .filter(|&m| m as f64 / perms as f64 >= threshold)
                .count() as u64;
            assert_eq!(b.iter().map(|x| x.pairs).sum::<u64>(), values);
            for x in &b {
                let shown = (0..=perms)
                    .map(|m| round4(m as f64 / perms as f64))
                    .filter(|&s| s >= x.from && (s < x.to || (x.from == 1.0 && s == 1.0)))
                    .filter(|&s| s >= round4(threshold))
                    .count() as u64;
                assert_eq!(x.pairs, shown, "{threshold} {perms} {x:?}");
            }
            assert_eq!(b.last().map(|x| x.pairs), Some(1), "1 is alone");
        }
    }

    #[test]
    fn counts_every_pair_of_copies_and_edges_before_any_cap() {
        // Texts: {0,1,2} (3 copies), {3}, {4,5}; edges 0-1 at 0.9, 1-2 at 0.82.
        let texts = Texts::group(vec![(7, 0), (7, 1), (7, 2), (8, 3), (9, 4), (9, 5)]);
        let edges = [
            Edge {
                a: 0,
                b: 1,
                similarity: 0.9,
            },
            Edge {
                a: 1,
                b: 2,
                similarity: 0.823_49,
            },
        ];
        let mut b = bins(0.8, true, 128);
        count(&mut b, &texts, &edges);
        let at = |from: f64| b.iter().find(|x| x.from == from).map(|x| x.pairs);
        assert_eq!(at(1.0), Some(3 + 1), "three copies and two copies");
        assert_eq!(at(0.9), Some(3), "3 copies x 1 document");
        assert_eq!(at(0.82), Some(2), "1 document x 2 copies");
        assert_eq!(b.iter().map(|x| x.pairs).sum::<u64>(), 9);
    }
}
