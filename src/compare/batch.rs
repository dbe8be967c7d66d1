//! Candidate pairs scored in bulk: in parallel, in candidate order, with
//! the passages of the pairs a few places ahead fetched from memory while
//! the current pair is measured.
//!
//! Between two long documents, LSH proposes a million passage pairs whose
//! rewrite passages lie all over the heap: measured one by one, each pair
//! waits on four cache misses (the rewrite passage's shingle set and bag,
//! their headers and their contents) and the scorer does little else. The
//! results are those of [`Evidence::measure_for`] on each pair, in the
//! order of the candidates, whatever the thread count.

use rayon::prelude::*;

use super::score::{Evidence, Weights};
use super::sides::Side;

/// Pairs per parallel task at least (each task walks its pairs in order).
const CHUNK: usize = 2048;

/// How many pairs ahead a passage's contents are fetched; its headers are
/// fetched twice as far ahead, so that they are in cache when the contents'
/// addresses are read from them.
const AHEAD: usize = 8;

/// `f(i, j, evidence)` for each candidate `(i, j)` of `pairs`, in order,
/// where `evidence` measures original passage `i` against rewrite passage
/// `j` under `w`.
pub(super) fn measure_pairs<T: Send>(
    original: Side<'_>,
    rewrite: Side<'_>,
    pairs: &[(u32, u32)],
    w: &Weights,
    f: impl Fn(usize, usize, &Evidence) -> T + Sync,
) -> Vec<T> {
    // An indexed map collects in place: one vector of results, written
    // where each belongs (a vector per task, then a copy of them all,
    // held two copies of a million results at once).
    (0..pairs.len())
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(|k| {
            if let Some(&(i2, j2)) = pairs.get(k + 2 * AHEAD) {
                headers(original, i2 as usize);
                headers(rewrite, j2 as usize);
            }
            if let Some(&(i1, j1)) = pairs.get(k + AHEAD) {
                contents(original, i1 as usize);
                contents(rewrite, j1 as usize);
            }
            let (i, j) = (pairs[k].0 as usize, pairs[k].1 as usize);
            let e = Evidence::measure_for(
                &original.sets[i],
                &original.bags[i],
                &rewrite.sets[j],
                &rewrite.bags[j],
                w,
            );
            f(i, j, &e)
        })
        .collect()
}

/// Fetches passage `k`'s set and bag headers (where their contents are).
fn headers(side: Side<'_>, k: usize) {
    prefetch(&raw const side.sets[k]);
    prefetch(&raw const side.bags[k]);
}

/// Fetches the start of passage `k`'s shingle set and distinct words.
fn contents(side: Side<'_>, k: usize) {
    prefetch(side.sets[k].as_ptr());
    prefetch(side.bags[k].words.as_ptr());
}

/// Asks the CPU to bring the cache line at `p` closer; a hint only, with
/// no effect on results.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of the x86_64 baseline, and a prefetch never
        // faults nor reads memory into the program: any address is fine
        // (here always one inside a live allocation, or a dangling but
        // non-null pointer of an empty vector).
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::score::{Bag, Kind};

    /// The bulk scorer gives each pair what measuring it alone gives, in
    /// candidate order, across chunk boundaries.
    #[test]
    fn bulk_scores_equal_one_by_one() {
        let mut x = 0x9E37_79B9_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut side = |n: usize| {
            let mut sets = Vec::new();
            let mut bags = Vec::new();
            for _ in 0..n {
                let len = (next() % 12) as usize;
                let mut set: Vec<u64> = (0..len).map(|_| next() % 40).collect();
                set.sort_unstable();
                set.dedup();
                let kinds = [Kind::Stop, Kind::Word, Kind::Name, Kind::Number];
                let words: Vec<(u64, Kind)> = (0..len)
                    .map(|_| (next() % 30, kinds[(next() % 4) as usize]))
                    .collect();
                sets.push(set);
                bags.push(Bag::new(words));
            }
            (sets, bags)
        };
        let (so, bo) = side(300);
        let (sr, br) = side(200);
        let (o, r) = (
            Side {
                sets: &so,
                bags: &bo,
            },
            Side {
                sets: &sr,
                bags: &br,
            },
        );
        let pairs: Vec<(u32, u32)> = (0..3 * CHUNK + 17)
            .map(|_| ((next() % 300) as u32, (next() % 200) as u32))
            .collect();
        for w in [Weights::ARTICLE, Weights::LONG] {
            let got = measure_pairs(o, r, &pairs, &w, |i, j, e| (i, j, *e));
            assert_eq!(got.len(), pairs.len());
            for (&(i, j, e), &(pi, pj)) in got.iter().zip(&pairs) {
                let (pi, pj) = (pi as usize, pj as usize);
                assert_eq!((i, j), (pi, pj));
                assert_eq!(
                    e,
                    Evidence::measure_for(&so[pi], &bo[pi], &sr[pj], &br[pj], &w)
                );
            }
        }
    }
}
