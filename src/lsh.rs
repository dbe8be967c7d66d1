//! LSH banding: candidate pairs from signatures without comparing all pairs.
//!
//! A signature of `bands × rows` minima is cut into bands; two items whose
//! minima agree on a whole band land in the same bucket and become a
//! candidate pair. The probability that a pair of Jaccard similarity `s`
//! becomes a candidate is `1 - (1 - s^rows)^bands`. [`LshParams::optimal`]
//! picks bands and rows for a threshold by minimising weighted false
//! positive and false negative areas under that curve (the rule datasketch
//! uses). Buckets are found by sorting band keys, one band at a time, so
//! memory is one key per item beyond the signatures. A bucket with too many
//! pairs to enumerate (over `bucket_cap` items in a self-join, over
//! `bucket_cap²` pairs in a join of two collections) is counted and linked
//! as a star, every member to one representative, so that the work stays
//! linear and nothing is dropped (or, on request, skipped); see [`OverCap`].
//! Compare's passages and the scan's documents are banded by the same
//! code.

use rayon::prelude::*;

use crate::hash::{combine, hash_bytes, mix64};
use crate::minhash::Signature;

/// Bands and rows per band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LshParams {
    /// Number of bands.
    pub bands: usize,
    /// Minima per band.
    pub rows: usize,
}

impl LshParams {
    /// The `bands × rows ≤ num_perm` that minimise
    /// `fp_weight · FP + fn_weight · FN`, where FP is the area under the
    /// candidate curve below `threshold` and FN the area above it missed.
    pub fn optimal(threshold: f64, num_perm: usize, fp_weight: f64, fn_weight: f64) -> Self {
        let mut best = (
            f64::INFINITY,
            LshParams {
                bands: 1,
                rows: num_perm.max(1),
            },
        );
        for bands in 1..=num_perm {
            for rows in 1..=num_perm / bands {
                let p = LshParams { bands, rows };
                let fp = integrate(|s| p.probability(s), 0.0, threshold);
                let fneg = integrate(|s| 1.0 - p.probability(s), threshold, 1.0);
                let err = fp_weight * fp + fn_weight * fneg;
                if err < best.0 - 1e-12 {
                    best = (err, p);
                }
            }
        }
        best.1
    }

    /// Probability that a pair of similarity `s` becomes a candidate.
    pub fn probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// Signature positions used.
    pub fn used(&self) -> usize {
        self.bands * self.rows
    }
}

fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let steps = 200;
    let h = (b - a) / steps as f64;
    (0..steps).map(|i| f(a + (i as f64 + 0.5) * h) * h).sum()
}

/// The bucket key of one band of a signature: XXH3 of its minima
/// (little-endian, 32 at a time), chained from a key of the band number.
/// Output by `neardup sign`, so its values are pinned like the signatures'.
pub(crate) fn band_key(minima: &[u32], band: usize, rows: usize) -> u64 {
    let mut bytes = [0u8; 4 * 32];
    let mut key = mix64(band as u64);
    for chunk in minima[band * rows..(band + 1) * rows].chunks(32) {
        for (k, v) in chunk.iter().enumerate() {
            bytes[4 * k..4 * k + 4].copy_from_slice(&v.to_le_bytes());
        }
        key = combine(key, hash_bytes(&bytes[..4 * chunk.len()]));
    }
    key
}

/// Something banded: the minima of a signature, or none (a text without
/// shingles, which never becomes a candidate).
pub trait Minima: Sync {
    /// The minima, or `None`.
    fn minima(&self) -> Option<&[u32]>;
}

impl Minima for Option<Signature> {
    fn minima(&self) -> Option<&[u32]> {
        self.as_ref().map(Signature::values)
    }
}

impl Minima for &[u32] {
    fn minima(&self) -> Option<&[u32]> {
        Some(self)
    }
}

/// What becomes of a bucket over the cap: in a self-join, one holding more
/// than `bucket_cap` items; in a join of two collections, one whose `l × r`
/// pairs are more than `bucket_cap²` (so 40 items against 1 are still
/// enumerated: 40 pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverCap {
    /// Skipped: its pairs are left to meet in other bands.
    Skip,
    /// A star: in a self-join its first item is paired with each other one
    /// (the scan's thousands of near-identical texts sharing a band); in a
    /// join, each item is paired with the first item of the other side
    /// (compare's passages: a sentence template filling a bucket). The work
    /// stays linear and no member is left without a candidate.
    Star,
}

/// Candidate pairs and the buckets that were over the cap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// `(left, right)` index pairs, sorted and de-duplicated. For a
    /// self-join, `left < right`.
    pub pairs: Vec<(u32, u32)>,
    /// Buckets over the cap (counted once per band they occur in).
    pub oversized_buckets: usize,
}

/// Candidate pairs between two collections; over-cap buckets are stars.
pub fn cross_candidates<T: Minima>(
    left: &[T],
    right: &[T],
    params: LshParams,
    bucket_cap: usize,
) -> Candidates {
    candidates(left, Some(right), params, bucket_cap, OverCap::Star)
}

/// Candidate pairs within one collection, `i < j`; over-cap buckets are
/// stars.
pub fn self_candidates<T: Minima>(items: &[T], params: LshParams, bucket_cap: usize) -> Candidates {
    candidates(items, None, params, bucket_cap, OverCap::Star)
}

/// A pair as one number, ordered as the pair.
fn pair_key(p: &(u32, u32)) -> u64 {
    (u64::from(p.0) << 32) | u64::from(p.1)
}

/// Sorts `v` by `key`, stably: a least-significant-digit radix sort, 11
/// bits a pass, passes where every key has the same digit skipped (`scratch`
/// is reused between calls). Linear: the band keys and candidate pairs of
/// a long document are millions of items, and comparison sorts of them
/// were a tenth of `compare`'s time.
fn radix_sort_by_key<T: Copy>(v: &mut Vec<T>, scratch: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    if v.len() < 2 {
        return;
    }
    let (mut min, mut max) = (u64::MAX, 0);
    for x in v.iter() {
        let k = key(x);
        min = min.min(k);
        max = max.max(k);
    }
    // Digits above the highest bit where two keys differ are all equal.
    let bits = 64 - (min ^ max).leading_zeros();
    let mut shift = 0;
    while shift < bits {
        let mut counts = [0usize; BUCKETS];
        for x in v.iter() {
            counts[(key(x) >> shift) as usize & (BUCKETS - 1)] += 1;
        }
        let mut at = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        scratch.clear();
        scratch.resize(v.len(), v[0]);
        for x in v.iter() {
            let d = (key(x) >> shift) as usize & (BUCKETS - 1);
            scratch[counts[d]] = *x;
            counts[d] += 1;
        }
        std::mem::swap(v, scratch);
        shift += BITS;
    }
}

/// Bands whose keys [`candidates`] computes in one pass over the signatures.
const KEY_BLOCK: usize = 8;

/// Candidate pairs within `left` (`right` is `None`) or between `left` and
/// `right`, `KEY_BLOCK` = 8 bands at a time, the bands of a block in
/// parallel: for each band a `(band key, item)` vector is filled and
/// sorted, and runs of equal keys are buckets. One band's vector exists per
/// thread at a time (and the keys of the block's 8 bands), so the memory
/// beyond the signatures is about 100 bytes per item and thread plus twice
/// the candidates (the radix sort's scratch) and one block's pairs. A
/// bucket over the cap is counted and treated as `over_cap` says. The
/// result is sorted, so the same whatever the thread count.
pub fn candidates<T: Minima>(
    left: &[T],
    right: Option<&[T]>,
    params: LshParams,
    bucket_cap: usize,
    over_cap: OverCap,
) -> Candidates {
    // Items of `right` follow those of `left`: index `left.len() + j`.
    let split = left.len();
    let total = split + right.map_or(0, <[T]>::len);
    let minima = |i: usize| {
        if i < split {
            left[i].minima()
        } else {
            right.and_then(|r| r[i - split].minima())
        }
    };
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut oversized = 0;
    // Bands repeat the same pairs: the list is de-duplicated whenever it
    // outgrows `limit`, which then rises to twice what is left, so it stays
    // within about twice its final size plus one block's pairs without
    // being re-sorted after every band once it is long.
    let mut limit = 4 * total + 1024;
    // Band keys come [`KEY_BLOCK`] bands at a time, each signature read
    // once per block: read once per band, the signatures (hundreds of
    // bytes each, all over the heap) cost a cache miss per item and band.
    let mut block: Vec<Option<[u64; KEY_BLOCK]>> = Vec::new();
    let mut scratch_pairs = Vec::new();
    let scope = BandScope {
        split,
        cross: right.is_some(),
        bucket_cap,
        over_cap,
    };
    for first in (0..params.bands).step_by(KEY_BLOCK) {
        let bands = first..(first + KEY_BLOCK).min(params.bands);
        block.clear();
        block.par_extend((0..total).into_par_iter().map(|i| {
            minima(i).map(|m| {
                let mut k = [0; KEY_BLOCK];
                for b in bands.clone() {
                    k[b - bands.start] = band_key(m, b, params.rows);
                }
                k
            })
        }));
        // The bands of a block are independent: each is sorted and its
        // buckets enumerated on its own thread; their pairs join the list
        // in band order (which only the final sort could tell anyway).
        let found: Vec<(Vec<(u32, u32)>, usize)> = bands
            .into_par_iter()
            .map(|band| scope.band_pairs(&block, band - first))
            .collect();
        for (band_pairs, band_oversized) in found {
            pairs.extend(band_pairs);
            oversized += band_oversized;
            if pairs.len() > limit {
                radix_sort_by_key(&mut pairs, &mut scratch_pairs, pair_key);
                pairs.dedup();
                limit = limit.max(2 * pairs.len());
            }
        }
    }
    radix_sort_by_key(&mut pairs, &mut scratch_pairs, pair_key);
    pairs.dedup();
    Candidates {
        pairs,
        oversized_buckets: oversized,
    }
}

/// What [`candidates`] needs to know to enumerate the buckets of a band.
struct BandScope {
    /// Items before this index are `left`, the others `right`.
    split: usize,
    /// Pairs go from `left` to `right` (else within `left`).
    cross: bool,
    bucket_cap: usize,
    over_cap: OverCap,
}

impl BandScope {
    /// The pairs of the band at `offset` in `block` (the band keys of each
    /// item, `None` for an item without a signature), and the number of
    /// buckets over the cap.
    fn band_pairs(
        &self,
        block: &[Option<[u64; KEY_BLOCK]>],
        offset: usize,
    ) -> (Vec<(u32, u32)>, usize) {
        let (split, bucket_cap) = (self.split, self.bucket_cap);
        let mut keys: Vec<(u64, u32)> = block
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k.as_ref()?[offset], i as u32)))
            .collect();
        // In item order already: stable by key is sorted by (key, item).
        radix_sort_by_key(&mut keys, &mut Vec::new(), |e| e.0);
        let mut pairs = Vec::new();
        let mut oversized = 0;
        for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
            if self.cross {
                // Sorted by index within a key: left items come first.
                let (l, r) = bucket.split_at(bucket.partition_point(|e| (e.1 as usize) < split));
                if l.is_empty() || r.is_empty() {
                    continue;
                }
                // The work of a bucket is its pairs: a sentence shared by 40
                // passages on one side and 1 on the other costs 40, and is
                // enumerated; only l × r over cap² is too much.
                if l.len().saturating_mul(r.len()) > bucket_cap.saturating_mul(bucket_cap) {
                    oversized += 1;
                    if self.over_cap == OverCap::Star {
                        // Every member meets the first of the other side.
                        let (l0, r0) = (l[0].1, r[0].1 - split as u32);
                        pairs.extend(r.iter().map(|b| (l0, b.1 - split as u32)));
                        pairs.extend(l[1..].iter().map(|a| (a.1, r0)));
                    }
                    continue;
                }
                for a in l {
                    pairs.extend(r.iter().map(|b| (a.1, b.1 - split as u32)));
                }
                continue;
            }
            if bucket.len() < 2 {
                continue;
            }
            if bucket.len() > bucket_cap {
                oversized += 1;
                if self.over_cap == OverCap::Star {
                    let first = bucket[0].1;
                    pairs.extend(bucket[1..].iter().map(|e| (first, e.1)));
                }
                continue;
            }
            for (x, a) in bucket.iter().enumerate() {
                pairs.extend(bucket[x + 1..].iter().map(|b| (a.1, b.1)));
            }
        }
        (pairs, oversized)
    }
}

/// The candidate pairs of a self-join, exactly those of [`candidates`]
/// with [`OverCap::Star`] (`i < j`), each once, in the order found (band
/// by band, bucket by bucket) instead of sorted.
///
/// The scan's verification reads both signatures of every candidate: met
/// bucket by bucket, the signatures of a bucket's members stay in the CPU
/// cache, where the sorted order jumps across the whole signature arena
/// for every pair. And no pair is stored twice: a pair met in a bucket is
/// kept only if no earlier band enumerated it already (the two agree on
/// none of the earlier bands' minima in a bucket that was enumerated), so
/// the list never needs the repeated sorting that removes the copies a
/// templated corpus (millions of pairs sharing several bands) makes.
/// Star pairs of over-cap buckets (linear in the items) are sorted once
/// and kept when no band enumerates them. Memory: 8 bytes a candidate,
/// 16 bytes an item for one band's keys, 2 bytes an item and band for a
/// fingerprint of its keys (28 bytes at 14 bands, against 512 for a
/// signature of 128 minima), and one bit an item for each band that had
/// an over-cap bucket.
pub(crate) fn self_candidates_once<T: Minima>(
    items: &[T],
    params: LshParams,
    bucket_cap: usize,
) -> Candidates {
    let (rows, bands) = (params.rows, params.bands);
    let minima = |i: u32| items[i as usize].minima();
    // Per band, the items that sat in an over-cap bucket (None: none did).
    let mut over: Vec<Option<Vec<u64>>> = Vec::with_capacity(bands);
    // 16 bits of each item's key in each band, item by item: whether two
    // items shared an earlier band is then one cache line each to look at
    // (and the minima, on the rare equal fingerprints).
    let mut prints = vec![0u16; items.len() * bands];
    // Whether `a` and `b` were enumerated as a pair in `band`: they agree
    // on its minima (then they shared its bucket) and it was not a star.
    let enumerated_in = |prints: &[u16], over: &[Option<Vec<u64>>], band: usize, a: u32, b: u32| {
        if prints[a as usize * bands + band] != prints[b as usize * bands + band] {
            return false;
        }
        let (Some(x), Some(y)) = (minima(a), minima(b)) else {
            return false;
        };
        let span = band * rows..(band + 1) * rows;
        // Element by element: a few minima, where a slice comparison
        // would call memcmp.
        x[span.clone()].iter().zip(&y[span]).all(|(p, q)| p == q)
            && over[band]
                .as_ref()
                .is_none_or(|bits| bits[a as usize / 64] >> (a % 64) & 1 == 0)
    };
    let mut keys: Vec<(u64, u32)> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut stars: Vec<(u32, u32)> = Vec::new();
    let mut oversized = 0;
    for band in 0..params.bands {
        keys.clear();
        keys.par_extend(
            (0..items.len() as u32)
                .into_par_iter()
                .filter_map(|i| Some((band_key(minima(i)?, band, rows), i))),
        );
        keys.par_sort_unstable();
        for &(key, i) in &keys {
            prints[i as usize * bands + band] = (key >> 48) as u16;
        }
        let buckets: Vec<&[(u64, u32)]> = keys
            .chunk_by(|x, y| x.0 == y.0)
            .filter(|b| b.len() > 1)
            .collect();
        let mut bits: Option<Vec<u64>> = None;
        for bucket in buckets.iter().filter(|b| b.len() > bucket_cap) {
            oversized += 1;
            let first = bucket[0].1;
            stars.extend(bucket[1..].iter().map(|e| (first, e.1)));
            let bits = bits.get_or_insert_with(|| vec![0; items.len().div_ceil(64)]);
            for e in bucket.iter() {
                bits[e.1 as usize / 64] |= 1 << (e.1 % 64);
            }
        }
        let (earlier, prints, enumerated_in) = (&over[..], &prints[..], &enumerated_in);
        pairs.par_extend(
            buckets
                .par_iter()
                .filter(|b| b.len() <= bucket_cap)
                .flat_map_iter(|bucket| {
                    bucket.iter().enumerate().flat_map(move |(x, a)| {
                        bucket[x + 1..]
                            .iter()
                            .map(move |b| (a.1, b.1))
                            .filter(move |&(a, b)| {
                                // Most pairs share no earlier fingerprint:
                                // a branch-free look at the few bands first.
                                let row = |i: u32| &prints[i as usize * bands..][..band];
                                let any = row(a)
                                    .iter()
                                    .zip(row(b))
                                    .fold(false, |f, (p, q)| f | (p == q));
                                !(any && (0..band).any(|i| enumerated_in(prints, earlier, i, a, b)))
                            })
                    })
                }),
        );
        over.push(bits);
    }
    stars.par_sort_unstable();
    stars.dedup();
    let (over, prints) = (&over[..], &prints[..]);
    pairs.par_extend(
        stars
            .into_par_iter()
            .filter(|&(a, b)| !(0..bands).any(|i| enumerated_in(prints, over, i, a, b))),
    );
    Candidates {
        pairs,
        oversized_buckets: oversized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sort_equals_sort() {
        let mut rng = crate::hash::SplitMix64::new(3);
        let mut scratch = Vec::new();
        for round in 0..300 {
            let n = (rng.next() % 3000) as usize;
            // Narrow, wide and equal keys.
            let mask = [0xF, 0xFFFF_FFFF, u64::MAX, 0][round % 4];
            let mut v: Vec<(u64, u32)> = (0..n as u32).map(|i| (rng.next() & mask, i)).collect();
            let mut want = v.clone();
            want.sort_unstable();
            radix_sort_by_key(&mut v, &mut scratch, |e| e.0);
            assert_eq!(v, want, "stable by key: sorted by (key, item)");
            let mut p: Vec<(u32, u32)> = (0..n)
                .map(|_| ((rng.next() & mask) as u32, (rng.next() % 50) as u32))
                .collect();
            let mut want = p.clone();
            want.sort_unstable();
            let mut s2 = Vec::new();
            radix_sort_by_key(&mut p, &mut s2, pair_key);
            assert_eq!(p, want);
        }
    }
    use crate::hash::SplitMix64;
    use crate::minhash::{DEFAULT_SEED, MinHasher};

    /// The pairs found once, unsorted, are the set [`candidates`] finds
    /// with stars, each once: at caps that enumerate every bucket, star
    /// some and star most, over sets drawn from a small universe (many
    /// pairs sharing several bands).
    #[test]
    fn candidates_once_are_the_star_candidates_without_copies() {
        for seed in 0..6 {
            let sigs = random_sets(300, 200 + seed);
            for p in [
                LshParams { bands: 8, rows: 4 },
                LshParams { bands: 16, rows: 2 },
            ] {
                for cap in [2, 5, 12, usize::MAX] {
                    let want = candidates(&sigs, None, p, cap, OverCap::Star);
                    let got = self_candidates_once(&sigs, p, cap);
                    assert_eq!(got.oversized_buckets, want.oversized_buckets);
                    let mut sorted = got.pairs.clone();
                    sorted.sort_unstable();
                    sorted.dedup();
                    assert_eq!(sorted.len(), got.pairs.len(), "a pair met twice");
                    assert_eq!(sorted, want.pairs, "seed {seed} {p:?} cap {cap}");
                    assert!(got.pairs.iter().all(|&(a, b)| a < b));
                }
            }
        }
    }

    #[test]
    fn optimal_params_follow_the_threshold() {
        let low = LshParams::optimal(0.3, 128, 0.5, 0.5);
        let high = LshParams::optimal(0.8, 128, 0.5, 0.5);
        assert!(low.rows < high.rows, "{low:?} {high:?}");
        assert!(low.used() <= 128 && high.used() <= 128);
        // At the threshold the curve is near its midpoint.
        let p = high.probability(0.8);
        assert!(p > 0.3 && p < 0.99, "{p}");
    }

    /// Brute force: every pair that shares at least one whole band.
    fn brute(sigs: &[Option<Signature>], p: LshParams) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for i in 0..sigs.len() {
            for j in i + 1..sigs.len() {
                let (Some(a), Some(b)) = (&sigs[i], &sigs[j]) else {
                    continue;
                };
                let shares = (0..p.bands).any(|band| {
                    let r = band * p.rows..(band + 1) * p.rows;
                    a.values()[r.clone()] == b.values()[r]
                });
                if shares {
                    out.push((i as u32, j as u32));
                }
            }
        }
        out
    }

    fn random_sets(n: usize, seed: u64) -> Vec<Option<Signature>> {
        // Sets drawn from a small universe so that many pairs overlap.
        let mh = MinHasher::new(32, DEFAULT_SEED);
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| {
                let len = (rng.next() % 12) as usize;
                let mut s: Vec<u64> = (0..len).map(|_| rng.next() % 40).collect();
                s.sort_unstable();
                s.dedup();
                mh.sign(&s)
            })
            .collect()
    }

    #[test]
    fn self_candidates_equal_brute_force() {
        for seed in 0..5 {
            let sigs = random_sets(150, seed);
            let p = LshParams { bands: 8, rows: 4 };
            let got = self_candidates(&sigs, p, usize::MAX);
            assert_eq!(got.pairs, brute(&sigs, p), "seed {seed}");
            assert_eq!(got.oversized_buckets, 0);
        }
    }

    #[test]
    fn cross_candidates_equal_brute_force() {
        let all = random_sets(200, 42);
        let (left, right) = all.split_at(90);
        let p = LshParams { bands: 16, rows: 2 };
        let got = cross_candidates(left, right, p, usize::MAX);
        let want: Vec<(u32, u32)> = brute(&all, p)
            .into_iter()
            .filter(|&(i, j)| (i as usize) < 90 && (j as usize) >= 90)
            .map(|(i, j)| (i, j - 90))
            .collect();
        assert_eq!(got.pairs, want);
    }

    #[test]
    fn bucket_cap_skips_and_counts_huge_buckets() {
        let mh = MinHasher::new(8, DEFAULT_SEED);
        let sigs: Vec<Option<Signature>> = (0..10).map(|_| mh.sign(&[1, 2, 3])).collect();
        let p = LshParams { bands: 2, rows: 4 };
        let capped = candidates(&sigs, None, p, 5, OverCap::Skip);
        assert!(capped.pairs.is_empty());
        assert_eq!(capped.oversized_buckets, 2);
        assert_eq!(self_candidates(&sigs, p, 10).pairs.len(), 45);
    }

    #[test]
    fn a_join_caps_the_pairs_of_a_bucket_not_its_sides() {
        let mh = MinHasher::new(8, DEFAULT_SEED);
        let p = LshParams { bands: 2, rows: 4 };
        let same =
            |n: usize| -> Vec<Option<Signature>> { (0..n).map(|_| mh.sign(&[1, 2, 3])).collect() };
        // 1 × 40 = 40 pairs ≤ 7²: enumerated although a side holds 40.
        let lopsided = cross_candidates(&same(1), &same(40), p, 7);
        assert_eq!(lopsided.oversized_buckets, 0);
        assert_eq!(lopsided.pairs, (0..40).map(|j| (0, j)).collect::<Vec<_>>());
        // 6 × 40 > 7²: a star, each item meeting the other side's first.
        let star = cross_candidates(&same(6), &same(40), p, 7);
        assert_eq!(star.oversized_buckets, 2);
        let mut want: Vec<(u32, u32)> = (0..40).map(|j| (0, j)).collect();
        want.extend((1..6).map(|i| (i, 0)));
        want.sort_unstable();
        assert_eq!(star.pairs, want);
        let skip = candidates(&same(6), Some(&same(40)), p, 7, OverCap::Skip);
        assert!(skip.pairs.is_empty() && skip.oversized_buckets == 2);
    }

    #[test]
    fn oversized_buckets_are_linear_stars() {
        let mh = MinHasher::new(8, DEFAULT_SEED);
        let same = mh.sign(&[1, 2, 3]).unwrap();
        let sigs: Vec<&[u32]> = (0..1000).map(|_| same.values()).collect();
        let got = candidates(
            &sigs,
            None,
            LshParams { bands: 2, rows: 4 },
            10,
            OverCap::Star,
        );
        assert_eq!(got.oversized_buckets, 2);
        assert_eq!(got.pairs.len(), 999);
        assert!(got.pairs.iter().all(|&(a, _)| a == 0));
    }

    #[test]
    fn below_the_cap_star_and_skip_agree_with_brute_force() {
        for seed in 0..4 {
            let sigs = random_sets(200, 100 + seed);
            let p = LshParams { bands: 8, rows: 4 };
            let refs: Vec<&[u32]> = sigs.iter().flatten().map(Signature::values).collect();
            let some: Vec<Option<Signature>> = sigs.iter().flatten().cloned().map(Some).collect();
            let star = candidates(&refs, None, p, usize::MAX, OverCap::Star);
            assert_eq!(star, self_candidates(&some, p, usize::MAX), "seed {seed}");
            assert_eq!(star.pairs, brute(&some, p), "seed {seed}");
        }
    }
}
