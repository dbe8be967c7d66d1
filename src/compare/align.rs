//! The aligner: from verified passage links to reported matches.
//!
//! 1. **Links**: candidate pairs whose exact Jaccard reaches the threshold.
//! 2. **Competition**: a link survives only if it is at least `relative`
//!    times as strong as the best link of either passage, so a sentence is
//!    reported against what it paraphrases, not against every passage that
//!    shares a name with it. Duplicates on one side (a title and a first
//!    sentence saying the same) both survive.
//! 3. **Growth**: a match absorbs an unlinked neighbour passage when most of
//!    that passage's shingles occur on the other side — a sentence split in
//!    two, or two sentences merged into one, where each half alone scores
//!    too low to be linked.
//! 4. **Merging**: matches whose ranges touch or overlap on both sides are
//!    merged into one longer passage (reordering elsewhere in the text keeps
//!    matches apart). Merged ranges are contiguous and every passage in
//!    them is linked or absorbed, so new material between matches is never
//!    swallowed.

use std::ops::RangeInclusive;

use rayon::prelude::*;

use super::merge::{exclusive, merge};
use crate::minhash::{intersection_size, jaccard};

/// Aligner settings (see [`crate::config::CompareConfig`]).
#[derive(Debug, Clone, Copy)]
pub struct AlignParams {
    /// Minimum exact Jaccard for a link.
    pub threshold: f64,
    /// Share of the best competing link a link must reach.
    pub relative: f64,
    /// Share of a neighbour's shingles that must occur on the other side
    /// for it to be absorbed.
    pub containment: f64,
    /// Matches this many passages apart (or closer) on both sides merge,
    /// bridging the unlinked passages between them (0: only touching
    /// matches merge).
    pub max_gap: usize,
    /// Summaries: matches close on the rewrite side merge whatever their
    /// distance in the original when the merged original side spans at
    /// least this many times as many passages as the rewrite side (0: off).
    pub summary_ratio: usize,
    /// Each rewrite passage belongs to at most one match: where matches
    /// overlap on the rewrite side, the one covering more passages wins.
    pub exclusive: bool,
}

/// A verified pair of passages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// Passage index in the original.
    pub original: usize,
    /// Passage index in the rewrite.
    pub rewrite: usize,
    /// Exact Jaccard similarity of their shingle sets.
    pub score: f64,
}

/// A run of original passages aligned with a run of rewrite passages.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Original passage indices.
    pub original: RangeInclusive<usize>,
    /// Rewrite passage indices.
    pub rewrite: RangeInclusive<usize>,
    /// Exact Jaccard of the union of the shingle sets on each side.
    pub score: f64,
    /// The passage links inside the group, sorted.
    pub links: Vec<Link>,
}

/// Aligns `original` and `rewrite` passage shingle sets from `candidates`.
/// With `within`, both sides are the same document, candidates have
/// `original < rewrite`, and a group's original range stays before its
/// rewrite range.
pub fn align(
    original: &[Vec<u64>],
    rewrite: &[Vec<u64>],
    candidates: &[(u32, u32)],
    p: AlignParams,
    within: bool,
) -> Vec<Group> {
    let links: Vec<Link> = candidates
        .par_iter()
        .filter_map(|&(i, j)| {
            let (i, j) = (i as usize, j as usize);
            let score = jaccard(&original[i], &rewrite[j]);
            (score >= p.threshold).then_some(Link {
                original: i,
                rewrite: j,
                score,
            })
        })
        .collect();
    let links = compete(links, original.len(), rewrite.len(), p.relative);
    let mut linked_o = vec![false; original.len()];
    let mut linked_r = vec![false; rewrite.len()];
    for l in &links {
        linked_o[l.original] = true;
        linked_r[l.rewrite] = true;
    }
    let sides = Sides {
        original,
        rewrite,
        linked_o: &linked_o,
        linked_r: &linked_r,
        within,
    };
    let groups: Vec<Group> = links
        .par_iter()
        .map(|l| grow(&sides, *l, p.containment))
        .collect();
    let merged = merge(&sides, groups, p.max_gap, p.summary_ratio);
    if p.exclusive {
        exclusive(merged)
    } else {
        merged
    }
}

fn compete(links: Vec<Link>, n_o: usize, n_r: usize, relative: f64) -> Vec<Link> {
    let mut best_o = vec![0.0f64; n_o];
    let mut best_r = vec![0.0f64; n_r];
    for l in &links {
        best_o[l.original] = best_o[l.original].max(l.score);
        best_r[l.rewrite] = best_r[l.rewrite].max(l.score);
    }
    links
        .into_iter()
        .filter(|l| l.score >= relative * best_o[l.original].max(best_r[l.rewrite]))
        .collect()
}

pub(super) struct Sides<'a> {
    original: &'a [Vec<u64>],
    rewrite: &'a [Vec<u64>],
    linked_o: &'a [bool],
    linked_r: &'a [bool],
    within: bool,
}

impl Sides<'_> {
    pub(super) fn union(sets: &[Vec<u64>], range: &RangeInclusive<usize>) -> Vec<u64> {
        let mut u: Vec<u64> = sets[range.clone()].iter().flatten().copied().collect();
        u.sort_unstable();
        u.dedup();
        u
    }

    pub(super) fn score(&self, o: &RangeInclusive<usize>, r: &RangeInclusive<usize>) -> f64 {
        jaccard(
            &Self::union(self.original, o),
            &Self::union(self.rewrite, r),
        )
    }

    /// In a single document the original range must end before the rewrite
    /// range starts.
    pub(super) fn ordered(&self, o: &RangeInclusive<usize>, r: &RangeInclusive<usize>) -> bool {
        !self.within || o.end() < r.start()
    }
}

/// Absorbs unlinked neighbours into the group of one link.
fn grow(s: &Sides<'_>, link: Link, containment: f64) -> Group {
    let mut o = link.original..=link.original;
    let mut r = link.rewrite..=link.rewrite;
    let mut score = link.score;
    let mut absorbed = Vec::new();
    loop {
        let mut best: Option<(f64, RangeInclusive<usize>, RangeInclusive<usize>)> = None;
        let o_union = Sides::union(s.original, &o);
        let r_union = Sides::union(s.rewrite, &r);
        // Try a neighbour on the rewrite side (a split), then the original
        // side (a merge).
        let mut tries: Vec<(bool, usize)> = Vec::new();
        if *r.end() + 1 < s.rewrite.len() {
            tries.push((true, r.end() + 1));
        }
        if *r.start() > 0 {
            tries.push((true, r.start() - 1));
        }
        if *o.end() + 1 < s.original.len() {
            tries.push((false, o.end() + 1));
        }
        if *o.start() > 0 {
            tries.push((false, o.start() - 1));
        }
        for (rewrite_side, k) in tries {
            let (set, linked, other) = if rewrite_side {
                (&s.rewrite[k], s.linked_r[k], &o_union)
            } else {
                (&s.original[k], s.linked_o[k], &r_union)
            };
            if linked || set.is_empty() {
                continue;
            }
            if (intersection_size(set, other) as f64) < containment * set.len() as f64 {
                continue;
            }
            let (no, nr) = if rewrite_side {
                (o.clone(), *r.start().min(&k)..=*r.end().max(&k))
            } else {
                (*o.start().min(&k)..=*o.end().max(&k), r.clone())
            };
            if !s.ordered(&no, &nr) {
                continue;
            }
            let ns = s.score(&no, &nr);
            if ns + 1e-12 >= score && best.as_ref().is_none_or(|b| ns > b.0) {
                best = Some((ns, no, nr));
            }
        }
        match best {
            Some((ns, no, nr)) => {
                absorbed.push(absorbed_link(s, (&o, &r), (&no, &nr)));
                score = ns;
                o = no;
                r = nr;
            }
            None => break,
        }
    }
    let mut links = vec![link];
    links.extend(absorbed);
    Group {
        original: o,
        rewrite: r,
        score,
        links,
    }
}

/// The link that records an absorbed passage: the passage that grew the
/// group, paired with its best partner on the other side.
fn absorbed_link(
    s: &Sides<'_>,
    (o, r): (&RangeInclusive<usize>, &RangeInclusive<usize>),
    (no, nr): (&RangeInclusive<usize>, &RangeInclusive<usize>),
) -> Link {
    let best = |set: &Vec<u64>, others: &[Vec<u64>], range: &RangeInclusive<usize>| {
        range
            .clone()
            .map(|k| (jaccard(set, &others[k]), k))
            .fold((-1.0, *range.start()), |a, b| if b.0 > a.0 { b } else { a })
    };
    if nr != r {
        let k = if nr.start() < r.start() {
            *nr.start()
        } else {
            *nr.end()
        };
        let (score, i) = best(&s.rewrite[k], s.original, o);
        Link {
            original: i,
            rewrite: k,
            score,
        }
    } else {
        let k = if no.start() < o.start() {
            *no.start()
        } else {
            *no.end()
        };
        let (score, j) = best(&s.original[k], s.rewrite, r);
        Link {
            original: k,
            rewrite: j,
            score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(xs: &[u64]) -> Vec<u64> {
        let mut v = xs.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn all_pairs(n_o: usize, n_r: usize) -> Vec<(u32, u32)> {
        (0..n_o as u32)
            .flat_map(|i| (0..n_r as u32).map(move |j| (i, j)))
            .collect()
    }

    const P: AlignParams = AlignParams {
        threshold: 0.3,
        relative: 0.5,
        containment: 0.5,
        max_gap: 0,
        exclusive: false,
        summary_ratio: 0,
    };

    #[test]
    fn one_to_one_and_reordering() {
        let o = vec![
            set(&[1, 2, 3, 4]),
            set(&[10, 11, 12, 13]),
            set(&[20, 21, 22]),
        ];
        let r = vec![
            set(&[10, 11, 12, 14]),
            set(&[30, 31, 32]),
            set(&[1, 2, 3, 5]),
        ];
        let g = align(&o, &r, &all_pairs(3, 3), P, false);
        let pairs: Vec<_> = g
            .iter()
            .map(|g| (g.original.clone(), g.rewrite.clone()))
            .collect();
        assert_eq!(pairs, [(0..=0, 2..=2), (1..=1, 0..=0)]);
    }

    #[test]
    fn split_sentence_is_absorbed_even_when_one_half_is_weak() {
        // Original 0 is split into rewrite 0 (strong) and rewrite 1 (weak
        // alone: Jaccard 0.25, but all its words come from original 0).
        let o = vec![set(&[1, 2, 3, 4, 5, 6, 7, 8]), set(&[50, 51, 52])];
        let r = vec![set(&[1, 2, 3, 4, 5, 6]), set(&[7, 8]), set(&[90, 91, 92])];
        let g = align(&o, &r, &all_pairs(2, 3), P, false);
        assert_eq!(g.len(), 1);
        assert_eq!(
            (g[0].original.clone(), g[0].rewrite.clone()),
            (0..=0, 0..=1)
        );
        assert_eq!(g[0].score, 1.0);
        let links: Vec<_> = g[0].links.iter().map(|l| (l.original, l.rewrite)).collect();
        assert_eq!(links, [(0, 0), (0, 1)]);
    }

    #[test]
    fn merged_sentences_and_adjacent_matches_merge() {
        let o = vec![set(&[1, 2, 3]), set(&[4, 5, 6]), set(&[7, 8, 9])];
        let r = vec![set(&[1, 2, 3, 4, 5, 6]), set(&[7, 8, 9, 10])];
        let g = align(&o, &r, &all_pairs(3, 2), P, false);
        assert_eq!(g.len(), 1);
        assert_eq!(
            (g[0].original.clone(), g[0].rewrite.clone()),
            (0..=2, 0..=1)
        );
    }

    #[test]
    fn new_material_between_matches_is_not_swallowed() {
        let o = vec![set(&[1, 2, 3]), set(&[4, 5, 6])];
        let r = vec![set(&[1, 2, 3]), set(&[40, 41, 42]), set(&[4, 5, 6])];
        let g = align(&o, &r, &all_pairs(2, 3), P, false);
        let pairs: Vec<_> = g
            .iter()
            .map(|g| (g.original.clone(), g.rewrite.clone()))
            .collect();
        assert_eq!(pairs, [(0..=0, 0..=0), (1..=1, 2..=2)]);
    }

    #[test]
    fn weak_competitor_is_dropped_but_duplicates_survive() {
        // Original 0 and 1 say the same; original 2 shares one word.
        let o = vec![set(&[1, 2, 3, 4]), set(&[1, 2, 3, 4, 5]), set(&[1, 20, 21])];
        let r = vec![set(&[1, 2, 3, 4])];
        let g = align(
            &o,
            &r,
            &all_pairs(3, 1),
            AlignParams {
                threshold: 0.2,
                ..P
            },
            false,
        );
        let origs: Vec<_> = g
            .iter()
            .flat_map(|g| g.links.iter().map(|l| l.original))
            .collect();
        assert_eq!(origs, [0, 1]);
    }

    #[test]
    fn gaps_are_bridged_only_when_asked() {
        let o = vec![set(&[1, 2, 3]), set(&[60, 61]), set(&[4, 5, 6])];
        let r = vec![set(&[1, 2, 3]), set(&[40, 41, 42]), set(&[4, 5, 6])];
        assert_eq!(align(&o, &r, &all_pairs(3, 3), P, false).len(), 2);
        let g = align(
            &o,
            &r,
            &all_pairs(3, 3),
            AlignParams { max_gap: 1, ..P },
            false,
        );
        assert_eq!(g.len(), 1);
        assert_eq!(
            (g[0].original.clone(), g[0].rewrite.clone()),
            (0..=2, 0..=2)
        );
    }

    #[test]
    fn exclusive_keeps_the_larger_of_overlapping_matches() {
        // Rewrite 0-1 copies original 0-1, which also appears duplicated
        // (partly) as original 5.
        let o = vec![
            set(&[1, 2, 3]),
            set(&[4, 5, 6]),
            set(&[70]),
            set(&[71]),
            set(&[72]),
            set(&[1, 2, 3]),
        ];
        let r = vec![set(&[1, 2, 3]), set(&[4, 5, 6])];
        let all = align(&o, &r, &all_pairs(6, 2), P, false);
        assert_eq!(all.len(), 2);
        let g = align(
            &o,
            &r,
            &all_pairs(6, 2),
            AlignParams {
                exclusive: true,
                ..P
            },
            false,
        );
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].original, 0..=1);
    }

    #[test]
    fn within_one_document_ranges_stay_ordered() {
        let d = vec![set(&[1, 2, 3]), set(&[1, 2, 3]), set(&[1, 2, 3])];
        let cands = vec![(0, 1), (0, 2), (1, 2)];
        for g in align(&d, &d, &cands, P, true) {
            assert!(g.original.end() < g.rewrite.start(), "{g:?}");
        }
    }
}
