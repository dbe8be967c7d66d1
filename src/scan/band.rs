//! Candidate pairs by LSH banding, one band at a time.
//!
//! For each band, a `(band key, item)` vector is filled and sorted; runs of
//! equal keys are buckets. Only one band's vector exists at a time, so the
//! memory beyond the signatures is 16 bytes per item plus the candidates. A
//! bucket of at most `bucket_cap` items yields all its pairs; a larger one
//! (thousands of near-identical texts sharing a band) yields only the pairs
//! of its first item with each other item, which keeps the work linear and
//! still links every member that is similar to the first into one cluster.
//! Such buckets are counted and reported.

use rayon::prelude::*;

use crate::hash::hash_bytes;
use crate::lsh::LshParams;

/// Candidate pairs and what banding had to cut short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Banded {
    /// `(i, j)` with `i < j`, sorted, without repeats.
    pub pairs: Vec<(u32, u32)>,
    /// Buckets over the cap (counted once per band they occur in).
    pub oversized_buckets: usize,
}

/// The bucket key of one band of a signature: XXH3 of its minima
/// (little-endian), seeded by the band number.
pub fn band_key(minima: &[u32], band: usize, rows: usize) -> u64 {
    let mut bytes = [0u8; 4 * 32];
    let mut key = crate::hash::mix64(band as u64);
    for chunk in minima[band * rows..(band + 1) * rows].chunks(32) {
        for (k, v) in chunk.iter().enumerate() {
            bytes[4 * k..4 * k + 4].copy_from_slice(&v.to_le_bytes());
        }
        key = crate::hash::combine(key, hash_bytes(&bytes[..4 * chunk.len()]));
    }
    key
}

/// Candidate pairs among `items` (each the minima of one signature).
pub fn candidates(items: &[&[u32]], params: LshParams, bucket_cap: usize) -> Banded {
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(items.len());
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut oversized = 0;
    for band in 0..params.bands {
        keys.clear();
        keys.par_extend(
            items
                .par_iter()
                .enumerate()
                .map(|(i, s)| (band_key(s, band, params.rows), i as u32)),
        );
        keys.par_sort_unstable();
        for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
            if bucket.len() < 2 {
                continue;
            }
            if bucket.len() > bucket_cap {
                oversized += 1;
                let first = bucket[0].1;
                pairs.extend(bucket[1..].iter().map(|e| (first, e.1)));
                continue;
            }
            for (x, a) in bucket.iter().enumerate() {
                pairs.extend(bucket[x + 1..].iter().map(|b| (a.1, b.1)));
            }
        }
        // Keep the list small as bands repeat the same pairs.
        if pairs.len() > 4 * items.len() + 1024 {
            pairs.par_sort_unstable();
            pairs.dedup();
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    Banded {
        pairs,
        oversized_buckets: oversized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use crate::minhash::{DEFAULT_SEED, MinHasher, Signature};

    fn random_sigs(n: usize, seed: u64) -> Vec<Signature> {
        let mh = MinHasher::new(32, DEFAULT_SEED);
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| {
                let len = 1 + (rng.next() % 10) as usize;
                let s: Vec<u64> = (0..len).map(|_| rng.next() % 30).collect();
                mh.sign(&s).unwrap()
            })
            .collect()
    }

    /// Every pair sharing one whole band.
    fn brute(sigs: &[Signature], p: LshParams) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for i in 0..sigs.len() {
            for j in i + 1..sigs.len() {
                let shares = (0..p.bands).any(|b| {
                    let r = b * p.rows..(b + 1) * p.rows;
                    sigs[i].values()[r.clone()] == sigs[j].values()[r]
                });
                if shares {
                    out.push((i as u32, j as u32));
                }
            }
        }
        out
    }

    #[test]
    fn candidates_equal_brute_force_below_the_cap() {
        for seed in 0..4 {
            let sigs = random_sigs(200, seed);
            let refs: Vec<&[u32]> = sigs.iter().map(Signature::values).collect();
            let p = LshParams { bands: 8, rows: 4 };
            let got = candidates(&refs, p, usize::MAX);
            assert_eq!(got.pairs, brute(&sigs, p), "seed {seed}");
            assert_eq!(got.oversized_buckets, 0);
        }
    }

    #[test]
    fn oversized_buckets_are_linear_stars() {
        let mh = MinHasher::new(8, DEFAULT_SEED);
        let same = mh.sign(&[1, 2, 3]).unwrap();
        let sigs: Vec<&[u32]> = (0..1000).map(|_| same.values()).collect();
        let got = candidates(&sigs, LshParams { bands: 2, rows: 4 }, 10);
        assert_eq!(got.oversized_buckets, 2);
        assert_eq!(got.pairs.len(), 999);
        assert!(got.pairs.iter().all(|&(a, _)| a == 0));
    }
}
