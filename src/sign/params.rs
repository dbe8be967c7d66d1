//! The settings another engine needs to sign, band and verify exactly as
//! `neardup scan` does: `neardup params` prints them, `neardup sign` stores
//! the part that changes signature values in its output's schema metadata
//! (key [`METADATA_KEY`]), and the Spark job reads both, so that the job
//! and the scan cannot drift apart. Everything here is computed by the
//! scan's own code ([`Scanner`]): the LSH bands and rows, the miss rate,
//! and the verification cutoffs.

use serde::{Deserialize, Serialize};

use crate::format::round4;
use crate::minhash::Sketch;
use crate::scan::Scanner;
use crate::scan::verify::{Mode, borderline_margin};

/// Version of the signature values: bumped whenever a change anywhere in
/// tokenising, normalising, shingle hashing, MinHash or band keys changes
/// a value (the golden test in `tests/sign_cli.rs` notices), so that
/// signatures made by two versions are never compared. 2: compare's and
/// the scan's analysed path (`--lang`) hash words and n-grams as the fast
/// path does (issue 15). 3: every path reads runs of Han, kana, Thai,
/// Lao, Khmer and Myanmar letters as dictionary words, the fast path
/// (`--lang none`) included (issue 11). The sketch (`--sketch`) is not in the version:
/// it is named by [`SignatureParams::sketch`] and [`SignatureParams::scheme`],
/// so OPH signatures never meet MinHash ones, while MinHash signatures
/// made before `--sketch` existed still compare equal.
pub const SIGNATURE_VERSION: u32 = 3;

/// The hash functions behind the values, by name (classic MinHash).
pub const SCHEME: &str = "xxh3-64 + splitmix64 words and n-grams; \
                          multiply-shift minhash (u32); xxh3-64 band keys";

/// [`SCHEME`] of `--sketch oph`.
pub const SCHEME_OPH: &str = "xxh3-64 + splitmix64 words and n-grams; \
                              one-permutation hashing, optimal densification (u32); \
                              xxh3-64 band keys";

/// The scheme string of `sketch`.
pub fn scheme(sketch: Sketch) -> &'static str {
    match sketch {
        Sketch::MinHash => SCHEME,
        Sketch::Oph => SCHEME_OPH,
    }
}

/// The schema metadata key holding [`SignatureParams`] as JSON.
pub const METADATA_KEY: &str = "neardup:params";

/// What `neardup params` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// The version of neardup that computed these.
    pub neardup: String,
    /// The settings that change signature values: two sets of signatures
    /// may be compared only when these are equal.
    pub signature: SignatureParams,
    /// The Jaccard similarity threshold.
    pub threshold: f64,
    /// Probability that LSH does not propose a pair exactly at the
    /// threshold: `(1 - t^rows)^bands` (4 decimals).
    pub miss_rate_at_threshold: f64,
    /// Weight of false positives in the choice of bands and rows.
    pub fp_weight: f64,
    /// Weight of false negatives in the choice of bands and rows.
    pub fn_weight: f64,
    /// How candidates are verified.
    pub verify: VerifyParams,
    /// A bucket with more distinct texts than this yields only the pairs of
    /// its first text (smallest id) with each other text.
    pub bucket_cap: usize,
    /// Most pairs listed per cluster in the report.
    pub max_pairs: usize,
    /// Documents over this many bytes are skipped.
    pub max_size: u64,
}

/// The settings that change signature values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureParams {
    /// [`SIGNATURE_VERSION`].
    pub version: u32,
    /// [`SCHEME`] (or [`SCHEME_OPH`]).
    pub scheme: String,
    /// The sketch, `oph` with `--sketch oph`; absent for the default
    /// (MinHash), so that parameters stored before the flag existed stay
    /// equal to today's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sketch: Option<String>,
    /// Shingle spec, e.g. `word:5`.
    pub shingle: String,
    /// Language for stemming and stop words (`none`: words only
    /// normalised).
    pub lang: String,
    /// Whether stop words are kept (only matters with a language).
    pub keep_stop_words: bool,
    /// MinHash permutations: the length of `sig`.
    pub perms: usize,
    /// Seed of the permutations.
    pub seed: u64,
    /// LSH bands: the length of `bands`.
    pub bands: usize,
    /// Minima per band.
    pub rows: usize,
}

/// How candidates are verified, as whole-number cutoffs on the minima two
/// signatures share (`equal`): accept with similarity `equal / perms` when
/// `equal >= accept_min_equal`; else re-check with exact Jaccard
/// (`|A ∩ B| / |A ∪ B|` of the shingle sets, kept when `>= threshold`) when
/// `equal >= recheck_min_equal`; else drop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyParams {
    /// `recheck` (the default), `estimate` (`--no-recheck`) or `exact`.
    pub mode: String,
    /// Half-width of the re-check window around the threshold (0 outside
    /// `recheck`).
    pub margin: f64,
    /// Fewest equal minima accepted on the estimate (`perms + 1`: none).
    pub accept_min_equal: usize,
    /// Fewest equal minima re-checked exactly.
    pub recheck_min_equal: usize,
}

impl Params {
    /// The settings of `scanner`.
    pub fn of(scanner: &Scanner) -> Self {
        let c = scanner.config();
        let s = scanner.settings();
        let cutoffs = scanner.cutoffs();
        let (mode, margin) = match cutoffs.mode {
            Mode::Estimate => ("estimate", 0.0),
            Mode::Recheck => ("recheck", borderline_margin(c.threshold, c.perms)),
            Mode::Exact => ("exact", 0.0),
        };
        Params {
            neardup: env!("CARGO_PKG_VERSION").to_string(),
            signature: SignatureParams {
                version: SIGNATURE_VERSION,
                scheme: scheme(c.sketch).to_string(),
                sketch: (!c.sketch.is_default()).then(|| c.sketch.name().to_string()),
                shingle: s.shingle,
                lang: s.lang,
                keep_stop_words: s.keep_stop_words,
                perms: s.perms,
                seed: s.seed,
                bands: s.bands,
                rows: s.rows,
            },
            threshold: c.threshold,
            miss_rate_at_threshold: round4(scanner.miss_rate_at_threshold()),
            fp_weight: c.fp_weight,
            fn_weight: c.fn_weight,
            verify: VerifyParams {
                mode: mode.to_string(),
                margin,
                accept_min_equal: cutoffs.accept,
                recheck_min_equal: cutoffs.recheck,
            },
            bucket_cap: c.bucket_cap,
            max_pairs: c.max_pairs,
            max_size: c.max_size,
        }
    }
}

impl SignatureParams {
    /// The canonical JSON stored in schema metadata.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("the params always serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScanConfig;

    #[test]
    fn params_are_the_scans() {
        let scanner = Scanner::new(ScanConfig::default()).unwrap();
        let p = Params::of(&scanner);
        let lsh = scanner.lsh_params();
        assert_eq!((p.signature.bands, p.signature.rows), (lsh.bands, lsh.rows));
        assert_eq!(p.verify.mode, "recheck");
        assert_eq!(
            (p.verify.recheck_min_equal, p.verify.accept_min_equal),
            (89, 116)
        );
        let back: SignatureParams = serde_json::from_str(&p.signature.to_json()).unwrap();
        assert_eq!(back, p.signature);
        let exact = Params::of(
            &Scanner::new(ScanConfig {
                exact: true,
                ..ScanConfig::default()
            })
            .unwrap(),
        );
        assert_eq!(exact.verify.mode, "exact");
        assert_eq!(exact.verify.recheck_min_equal, 0);
        assert_eq!(exact.verify.accept_min_equal, 129);
        let oph = Params::of(
            &Scanner::new(ScanConfig {
                sketch: Sketch::Oph,
                ..ScanConfig::default()
            })
            .unwrap(),
        );
        assert_ne!(oph.signature, p.signature);
        assert_eq!(oph.signature.sketch.as_deref(), Some("oph"));
        assert_eq!(oph.signature.scheme, SCHEME_OPH);
        assert!(!p.signature.to_json().contains("sketch"));
        let back: SignatureParams = serde_json::from_str(&oph.signature.to_json()).unwrap();
        assert_eq!(back, oph.signature);
    }
}
