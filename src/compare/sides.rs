//! The two sides of an alignment as the aligner and the merger see them:
//! per passage its shingles, its words, its best partner, and the rules
//! that score and bound runs of passages.

use std::ops::RangeInclusive;

use ahash::AHashMap;

use super::score::{Bag, Evidence, Weights};

/// One side of an alignment: per passage, its shingle set and its bag.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Sorted shingle hashes per passage.
    pub sets: &'a [Vec<u64>],
    /// Words per passage, as the scorer sees them.
    pub bags: &'a [Bag],
}

impl Side<'_> {
    pub(super) fn len(&self) -> usize {
        self.sets.len()
    }
}

/// Best and runner-up partner of a passage.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Best {
    pub(super) partner: usize,
    pub(super) score: f64,
    pub(super) second: f64,
}

impl Best {
    pub(super) fn offer(&mut self, partner: usize, score: f64) {
        if score > self.score || (score == self.score && partner < self.partner && score > 0.0) {
            if partner != self.partner {
                self.second = self.score;
            }
            self.partner = partner;
            self.score = score;
        } else if score > self.second && partner != self.partner {
            self.second = score;
        }
    }
}

/// How many times longer than its partner a run may be.
const MAX_RUN_GROWTH: f64 = 2.5;

/// Words a short partner of a run counts as at least.
const MIN_RUN_WORDS: usize = 8;

/// Both sides of one alignment, with what the aligner learnt about them.
pub(super) struct Sides<'a> {
    pub(super) original: Side<'a>,
    pub(super) rewrite: Side<'a>,
    pub(super) linked_o: &'a [bool],
    pub(super) linked_r: &'a [bool],
    pub(super) best_o: &'a [Best],
    pub(super) best_r: &'a [Best],
    /// Per rewrite passage, the original passages it shares content with.
    pub(super) affinity_r: &'a AHashMap<usize, Vec<(usize, f64)>>,
    pub(super) within: bool,
    pub(super) gap_floor: f64,
    pub(super) gap_evidence: bool,
    pub(super) weights: Weights,
}

impl Sides<'_> {
    pub(super) fn union(sets: &[Vec<u64>], range: &RangeInclusive<usize>) -> Vec<u64> {
        let mut u: Vec<u64> = sets[range.clone()].iter().flatten().copied().collect();
        u.sort_unstable();
        u.dedup();
        u
    }

    /// The score of two runs taken as wholes.
    pub(super) fn score(&self, o: &RangeInclusive<usize>, r: &RangeInclusive<usize>) -> f64 {
        Evidence::measure_for(
            &Self::union(self.original.sets, o),
            &Bag::union(&self.original.bags[o.clone()]),
            &Self::union(self.rewrite.sets, r),
            &Bag::union(&self.rewrite.bags[r.clone()]),
            &self.weights,
        )
        .raw_score(&self.weights)
    }

    /// A run is at most `MAX_RUN_GROWTH` times as long (in words) as the
    /// passage it is scored against: the pieces of a split say what the
    /// sentence said, while three long sentences that each share a word
    /// with a short title cover it without paraphrasing it.
    pub(super) fn proportionate(
        &self,
        o: &RangeInclusive<usize>,
        r: &RangeInclusive<usize>,
    ) -> bool {
        let words = |bags: &[Bag]| bags.iter().map(|b| b.seq.len()).sum::<usize>();
        let a = words(&self.original.bags[o.clone()]);
        let b = words(&self.rewrite.bags[r.clone()]);
        let (short, long) = (a.min(b).max(MIN_RUN_WORDS), a.max(b));
        long as f64 <= MAX_RUN_GROWTH * short as f64
    }

    /// In a single document the original range must end before the rewrite
    /// range starts.
    pub(super) fn ordered(&self, o: &RangeInclusive<usize>, r: &RangeInclusive<usize>) -> bool {
        !self.within || o.end() < r.start()
    }

    /// True when rewrite passage `k` shares content with some original
    /// passage in `o` (it reads as derived, not as new material).
    pub(super) fn derived(&self, k: usize, o: &RangeInclusive<usize>) -> bool {
        if !self.gap_evidence {
            return true;
        }
        self.affinity_r.get(&k).is_some_and(|v| {
            v.iter()
                .any(|&(i, s)| o.contains(&i) && s >= self.gap_floor)
        })
    }
}
