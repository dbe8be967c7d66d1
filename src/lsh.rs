//! LSH banding: candidate pairs from signatures without comparing all pairs.
//!
//! A signature of `bands × rows` minima is cut into bands; two items whose
//! minima agree on a whole band land in the same bucket and become a
//! candidate pair. The probability that a pair of Jaccard similarity `s`
//! becomes a candidate is `1 - (1 - s^rows)^bands`. [`LshParams::optimal`]
//! picks bands and rows for a threshold by minimising weighted false
//! positive and false negative areas under that curve (the rule datasketch
//! uses). Buckets are found by sorting band keys, one band at a time, so
//! memory is one key per item beyond the signatures. A bucket holding more
//! than `bucket_cap` items on a side is skipped and counted: it comes from
//! very common features, and pairs in it almost always meet in other bands.

use rayon::prelude::*;

use crate::hash::hash_bytes;
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

/// The bucket key of one band of a signature (stable hash of its minima).
fn band_key(sig: &Signature, band: usize, rows: usize) -> u64 {
    let vals = &sig.values()[band * rows..(band + 1) * rows];
    let mut bytes = [0u8; 4 * 64];
    let mut hash = band as u64;
    for chunk in vals.chunks(64) {
        for (k, v) in chunk.iter().enumerate() {
            bytes[4 * k..4 * k + 4].copy_from_slice(&v.to_le_bytes());
        }
        hash ^= hash_bytes(&bytes[..4 * chunk.len()]);
        hash = hash.rotate_left(17);
    }
    hash
}

/// Candidate pairs and what was skipped to get them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// `(left, right)` index pairs, sorted and de-duplicated. For a
    /// self-join, `left < right`.
    pub pairs: Vec<(u32, u32)>,
    /// Buckets skipped for exceeding the cap.
    pub skipped_buckets: usize,
}

/// Candidate pairs between two collections (`None` signatures never match).
pub fn cross_candidates(
    left: &[Option<Signature>],
    right: &[Option<Signature>],
    params: LshParams,
    bucket_cap: usize,
) -> Candidates {
    candidates(left, Some(right), params, bucket_cap)
}

/// Candidate pairs within one collection, `i < j`.
pub fn self_candidates(
    items: &[Option<Signature>],
    params: LshParams,
    bucket_cap: usize,
) -> Candidates {
    candidates(items, None, params, bucket_cap)
}

fn candidates(
    left: &[Option<Signature>],
    right: Option<&[Option<Signature>]>,
    params: LshParams,
    bucket_cap: usize,
) -> Candidates {
    let per_band: Vec<(Vec<(u32, u32)>, usize)> = (0..params.bands)
        .into_par_iter()
        .map(|band| {
            // (key, side, index): side 0 = left, 1 = right.
            let mut entries: Vec<(u64, u8, u32)> = Vec::new();
            let sides = [Some(left), right];
            for (side, items) in sides.iter().enumerate() {
                let Some(items) = items else { continue };
                for (i, sig) in items.iter().enumerate() {
                    if let Some(sig) = sig {
                        entries.push((band_key(sig, band, params.rows), side as u8, i as u32));
                    }
                }
            }
            entries.sort_unstable();
            let mut pairs = Vec::new();
            let mut skipped = 0;
            for bucket in entries.chunk_by(|x, y| x.0 == y.0) {
                let split = bucket.partition_point(|e| e.1 == 0);
                let (l, r) = bucket.split_at(split);
                if right.is_some() {
                    if l.is_empty() || r.is_empty() {
                        continue;
                    }
                    if l.len() > bucket_cap || r.len() > bucket_cap {
                        skipped += 1;
                        continue;
                    }
                    for a in l {
                        pairs.extend(r.iter().map(|b| (a.2, b.2)));
                    }
                } else {
                    if l.len() > bucket_cap {
                        skipped += 1;
                        continue;
                    }
                    for (x, a) in l.iter().enumerate() {
                        pairs.extend(l[x + 1..].iter().map(|b| (a.2, b.2)));
                    }
                }
            }
            (pairs, skipped)
        })
        .collect();
    let skipped_buckets = per_band.iter().map(|p| p.1).sum();
    let mut pairs: Vec<(u32, u32)> = per_band.into_iter().flat_map(|p| p.0).collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    Candidates {
        pairs,
        skipped_buckets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use crate::minhash::{DEFAULT_SEED, MinHasher};

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
            assert_eq!(got.skipped_buckets, 0);
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
        let capped = self_candidates(&sigs, p, 5);
        assert!(capped.pairs.is_empty());
        assert_eq!(capped.skipped_buckets, 2);
        assert_eq!(self_candidates(&sigs, p, 10).pairs.len(), 45);
    }
}
