//! Identical passages folded before LSH. A sentence repeated many times
//! (boilerplate, a chorus, spam) fills every LSH bucket it falls in, and a
//! bucket with too many pairs is only linked as a star: its repeats would
//! cost k² pairs or be linked to one passage only. So the candidates are
//! found among distinct signatures, one representative each (as the scan
//! folds identical texts), then given back to every copy, linearly (a copy
//! is linked to the first copy on the other side, or to the copy before
//! it): repeats are linked, not dropped, and k copies never cost k² pairs.
//! Many *distinct* passages sharing a band (a sentence template) are the
//! LSH's stars ([`crate::lsh::OverCap::Star`]), counted in
//! `oversized_buckets`.

use ahash::AHashMap;

use crate::lsh::{Candidates, LshParams, cross_candidates, self_candidates};
use crate::minhash::Signature;

/// Distinct signatures of `sigs` (in first-seen order) and, for each, the
/// passages that have it.
fn fold(sigs: &[Option<Signature>]) -> (Vec<&[u32]>, Vec<Vec<u32>>) {
    let mut seen: AHashMap<&[u32], usize> = AHashMap::new();
    let (mut reps, mut members): (Vec<&[u32]>, Vec<Vec<u32>>) = (Vec::new(), Vec::new());
    for (i, sig) in sigs.iter().enumerate() {
        let Some(minima) = sig.as_ref().map(Signature::values) else {
            continue;
        };
        let k = *seen.entry(minima).or_insert_with(|| {
            reps.push(minima);
            members.push(Vec::new());
            reps.len() - 1
        });
        members[k].push(i as u32);
    }
    (reps, members)
}

/// Candidate pairs between `left` and `right` passages, identical ones
/// folded (see the module docs).
pub(super) fn cross(
    left: &[Option<Signature>],
    right: &[Option<Signature>],
    lsh: LshParams,
    bucket_cap: usize,
) -> Candidates {
    let (l_reps, l_members) = fold(left);
    let (r_reps, r_members) = fold(right);
    let folded = cross_candidates(&l_reps, &r_reps, lsh, bucket_cap);
    // Each copy on one side is linked to the first copy on the other: a
    // line repeated k times on both sides costs 2k - 1 pairs, not k².
    let mut pairs = Vec::new();
    for &(a, b) in &folded.pairs {
        let (left, right) = (&l_members[a as usize], &r_members[b as usize]);
        pairs.extend(right.iter().map(|&j| (left[0], j)));
        pairs.extend(left[1..].iter().map(|&i| (i, right[0])));
    }
    pairs.sort_unstable();
    Candidates {
        pairs,
        oversized_buckets: folded.oversized_buckets,
    }
}

/// Candidate pairs `i < j` within one document's passages, identical ones
/// folded; copies of one passage are candidates of each other.
pub(super) fn within(items: &[Option<Signature>], lsh: LshParams, bucket_cap: usize) -> Candidates {
    let (reps, members) = fold(items);
    let folded = self_candidates(&reps, lsh, bucket_cap);
    // Linear in the copies, as in `cross`: each copy of one passage is
    // linked to the first copy of the other, and each copy to the one
    // before it (a repeat is "repeated later"; k copies, k - 1 pairs).
    let mut pairs = Vec::new();
    let ordered = |i: u32, j: u32| (i.min(j), i.max(j));
    for &(a, b) in &folded.pairs {
        let (x, y) = (&members[a as usize], &members[b as usize]);
        pairs.extend(y.iter().map(|&j| ordered(x[0], j)));
        pairs.extend(x[1..].iter().map(|&i| ordered(i, y[0])));
    }
    for copies in &members {
        pairs.extend(copies.windows(2).map(|w| (w[0], w[1])));
    }
    pairs.sort_unstable();
    pairs.dedup();
    Candidates {
        pairs,
        oversized_buckets: folded.oversized_buckets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::MinHasher;

    #[test]
    fn repeats_fold_into_one_bucket_entry_and_come_back_linked() {
        let h = MinHasher::new(128, 7);
        let lsh = LshParams { bands: 16, rows: 8 };
        let sig = |set: &[u64]| h.sign(set);
        let repeated: Vec<u64> = (0..12).collect();
        let other: Vec<u64> = (100..112).collect();
        // 40 copies on the right and 40 on the left: unfolded, every
        // bucket has 40 × 40 pairs, over a cap of 32² (a star). Folded:
        // 2 × 40 - 1 pairs, not 40 × 40.
        let mut left: Vec<Option<Signature>> = (0..40).map(|_| sig(&repeated)).collect();
        left.push(sig(&other));
        let mut right: Vec<Option<Signature>> = (0..40).map(|_| sig(&repeated)).collect();
        right.push(None);
        let plain = cross_candidates(&left, &right, lsh, 32);
        assert!(plain.oversized_buckets > 0);
        let folded = cross(&left, &right, lsh, 32);
        let mut want: Vec<(u32, u32)> = (0..40).map(|j| (0, j)).collect();
        want.extend((1..40).map(|i| (i, 0)));
        want.sort_unstable();
        assert_eq!(
            folded.pairs, want,
            "each copy linked to the first on the other side"
        );
        assert_eq!(folded.oversized_buckets, 0);
        let within = within(&right, lsh, 32);
        let chain: Vec<(u32, u32)> = (0..39).map(|i| (i, i + 1)).collect();
        assert_eq!(within.pairs, chain, "each copy linked to the one before");
    }
}
