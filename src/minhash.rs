//! MinHash signatures.
//!
//! A [`MinHasher`] holds `k` hash functions drawn from a fixed seed
//! ([`DEFAULT_SEED`], SplitMix64). Each is Dietzfelbinger's multiply-add-shift
//! `h(x) = ((a·x + b) mod 2^64) >> 32` over the 32-bit fold of a shingle hash —
//! a strongly universal family, and an inner loop of plain integer
//! multiplies and minimums that the compiler vectorises. A [`Signature`] keeps
//! the `k` minima as `u32` (4 bytes each); the share of equal positions
//! estimates the Jaccard similarity of the shingle sets, with standard error
//! `sqrt(J(1-J)/k)`. An empty set has no signature and so matches nothing.

use crate::hash::SplitMix64;

/// The documented seed from which permutations are drawn: ASCII "neardup".
pub const DEFAULT_SEED: u64 = 0x006e_6561_7264_7570;

/// `k` seeded hash functions.
#[derive(Debug, Clone)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

/// The `k` minima of a shingle set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(Box<[u32]>);

impl MinHasher {
    /// `num_perm` hash functions drawn from `seed`.
    pub fn new(num_perm: usize, seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let mut a = Vec::with_capacity(num_perm);
        let mut b = Vec::with_capacity(num_perm);
        for _ in 0..num_perm {
            a.push(rng.next() | 1);
            b.push(rng.next());
        }
        MinHasher { a, b }
    }

    /// The number of hash functions (signature length).
    pub fn num_perm(&self) -> usize {
        self.a.len()
    }

    /// The signature of a set of shingle hashes; `None` when it is empty.
    pub fn sign(&self, shingles: &[u64]) -> Option<Signature> {
        if shingles.is_empty() {
            return None;
        }
        let mut mins = vec![u32::MAX; self.a.len()];
        self.update(&mut mins, shingles);
        Some(Signature(mins.into_boxed_slice()))
    }

    /// Lowers `mins` with the hashes of more shingles (streaming use).
    pub fn update(&self, mins: &mut [u32], shingles: &[u64]) {
        for &s in shingles {
            let x = (s ^ (s >> 32)) & 0xffff_ffff;
            for ((m, &a), &b) in mins.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                *m = (*m).min(h);
            }
        }
    }
}

impl MinHasher {
    /// Lowers `mins` exactly as [`MinHasher::update`] does, with the widest
    /// vector instructions this CPU has (detected at run time: AVX-512, then
    /// AVX2, else the portable loop). The kernel walks the permutations in
    /// blocks of [`LANES`] held in registers and streams the shingles through
    /// each block, so the compiler turns it into multiply, add, shift and
    /// minimum over whole vectors. Used by `neardup scan`, where this loop
    /// is most of the work.
    pub fn update_wide(&self, mins: &mut [u32], shingles: &[u64]) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512dq")
                && std::arch::is_x86_feature_detected!("avx512vl")
            {
                // SAFETY: the CPU supports every feature the function enables.
                unsafe { update_avx512(&self.a, &self.b, mins, shingles) };
                return;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports every feature the function enables.
                unsafe { update_avx2(&self.a, &self.b, mins, shingles) };
                return;
            }
        }
        update_blocks(&self.a, &self.b, mins, shingles);
    }
}

/// Permutations per register block of [`MinHasher::update_wide`].
pub const LANES: usize = 16;

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2")]
unsafe fn update_avx512(a: &[u64], b: &[u64], mins: &mut [u32], shingles: &[u64]) {
    update_blocks(a, b, mins, shingles);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn update_avx2(a: &[u64], b: &[u64], mins: &mut [u32], shingles: &[u64]) {
    update_blocks(a, b, mins, shingles);
}

/// The portable kernel: full blocks of [`LANES`] permutations with
/// fixed-size arrays (so they vectorise), then the remainder.
#[inline(always)]
fn update_blocks(a: &[u64], b: &[u64], mins: &mut [u32], shingles: &[u64]) {
    let n = mins.len().min(a.len());
    let full = n / LANES * LANES;
    for start in (0..full).step_by(LANES) {
        let mut ab = [0u64; LANES];
        let mut bb = [0u64; LANES];
        let mut mb = [0u32; LANES];
        ab.copy_from_slice(&a[start..start + LANES]);
        bb.copy_from_slice(&b[start..start + LANES]);
        mb.copy_from_slice(&mins[start..start + LANES]);
        for &s in shingles {
            let x = (s ^ (s >> 32)) & 0xffff_ffff;
            for l in 0..LANES {
                let h = (ab[l].wrapping_mul(x).wrapping_add(bb[l]) >> 32) as u32;
                mb[l] = mb[l].min(h);
            }
        }
        mins[start..start + LANES].copy_from_slice(&mb);
    }
    for &s in shingles {
        let x = (s ^ (s >> 32)) & 0xffff_ffff;
        for i in full..n {
            let h = (a[i].wrapping_mul(x).wrapping_add(b[i]) >> 32) as u32;
            mins[i] = mins[i].min(h);
        }
    }
}

impl Signature {
    /// Wraps precomputed minima (as produced by [`MinHasher::update`]).
    pub fn from_mins(mins: Vec<u32>) -> Self {
        Signature(mins.into_boxed_slice())
    }

    /// The minima.
    pub fn values(&self) -> &[u32] {
        &self.0
    }

    /// Estimated Jaccard similarity: see [`estimate`].
    pub fn estimate_jaccard(&self, other: &Signature) -> f64 {
        estimate(&self.0, &other.0)
    }
}

/// The Jaccard estimate of two signatures given as their minima: the share
/// of equal positions (standard error `sqrt(J(1-J)/k)` for `k` minima).
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    equal_minima(a, b) as f64 / a.len().max(1) as f64
}

/// Minima equal in two signatures: the numerator of [`estimate`], which
/// the scan's verification compares with whole-number cutoffs.
pub fn equal_minima(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x == y).count()
}

/// Exact Jaccard similarity of two sorted, de-duplicated sets (0 when both
/// are empty: empty texts are not similar to each other).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let inter = intersection_size(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Size of the intersection of two sorted, de-duplicated sets.
pub fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{SplitMix64, mix64};

    /// Two random sets with a planted overlap: `shared` common elements and
    /// `only` elements of their own each.
    fn planted(rng: &mut SplitMix64, shared: usize, only: usize) -> (Vec<u64>, Vec<u64>) {
        let common: Vec<u64> = (0..shared).map(|_| rng.next()).collect();
        let mut a = common.clone();
        let mut b = common;
        a.extend((0..only).map(|_| rng.next()));
        b.extend((0..only).map(|_| rng.next()));
        a.sort_unstable();
        b.sort_unstable();
        (a, b)
    }

    #[test]
    fn estimate_is_within_derived_tolerance_of_exact_jaccard() {
        // Each estimate is a mean of k Bernoulli(J) trials (for a min-wise
        // family), so its standard error is sqrt(J(1-J)/k). Over 200 pairs,
        // allow 4.5 standard errors (two-sided p ~ 7e-6 per pair), and check
        // that the mean error is unbiased to within 4 standard errors of the
        // mean.
        let k = 128;
        let mh = MinHasher::new(k, DEFAULT_SEED);
        let mut rng = SplitMix64::new(99);
        let mut total_err = 0.0;
        let mut total_var = 0.0;
        let trials = 200;
        for t in 0..trials {
            let shared = 20 + (rng.next() % 300) as usize;
            let only = (rng.next() % 300) as usize;
            let (a, b) = planted(&mut rng, shared, only);
            let exact = jaccard(&a, &b);
            let est = mh.sign(&a).unwrap().estimate_jaccard(&mh.sign(&b).unwrap());
            let var = exact * (1.0 - exact) / k as f64;
            let tol = 4.5 * var.sqrt() + 1e-9;
            assert!(
                (est - exact).abs() <= tol,
                "trial {t}: exact {exact:.3} est {est:.3} tol {tol:.3}"
            );
            total_err += est - exact;
            total_var += var;
        }
        let mean_sd = total_var.sqrt() / trials as f64;
        assert!(
            (total_err / trials as f64).abs() <= 4.0 * mean_sd,
            "biased: {total_err}"
        );
    }

    #[test]
    fn identical_sets_have_identical_signatures() {
        let mh = MinHasher::new(64, 1);
        let a: Vec<u64> = (0..50).map(mix64).collect();
        assert_eq!(
            mh.sign(&a).unwrap().estimate_jaccard(&mh.sign(&a).unwrap()),
            1.0
        );
    }

    #[test]
    fn empty_set_has_no_signature_and_empty_sets_are_not_similar() {
        let mh = MinHasher::new(16, 1);
        assert!(mh.sign(&[]).is_none());
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn signatures_are_stable_across_versions() {
        // Pinned: the first minima of a fixed set with the default seed,
        // computed independently (a few lines of Python with 64-bit
        // wrap-around). A change here would silently change every stored
        // signature.
        let mh = MinHasher::new(4, DEFAULT_SEED);
        let set: Vec<u64> = (1..=10u64).map(mix64).collect();
        assert_eq!(mh.sign(&set).unwrap().values(), PINNED);
    }

    #[test]
    fn update_wide_equals_update() {
        // Every permutation count around the block size, including a
        // remainder-only one, against the one-line loop.
        let mut rng = SplitMix64::new(5);
        for k in [1, 7, 15, 16, 17, 33, 128, 130] {
            let mh = MinHasher::new(k, DEFAULT_SEED);
            for len in [0, 1, 2, 31, 500] {
                let set: Vec<u64> = (0..len).map(|_| rng.next()).collect();
                let (mut slow, mut fast) = (vec![u32::MAX; k], vec![u32::MAX; k]);
                mh.update(&mut slow, &set);
                mh.update_wide(&mut fast, &set);
                assert_eq!(slow, fast, "k {k} len {len}");
                update_blocks(&mh.a, &mh.b, &mut fast, &set);
                assert_eq!(slow, fast, "portable k {k} len {len}");
            }
        }
    }

    const PINNED: &[u32] = &[388_701_953, 138_862_680, 675_117_855, 150_683_715];
}
