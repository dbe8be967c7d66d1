//! Validated settings with their documented defaults. The library never
//! sees command-line flags: the binary builds these structs and
//! [`CompareConfig::validate`] rejects out-of-range values with a message
//! naming the flag.

use crate::decode::Decoding;
use crate::error::Error;
use crate::minhash::{DEFAULT_SEED, Sketch};
use crate::shingle::ShingleSpec;

/// Settings of the passage comparator (`neardup compare`).
#[derive(Debug, Clone)]
pub struct CompareConfig {
    /// Features compared between passages (`--shingle`). Default `None`:
    /// chosen per pair by [`CompareConfig::shingle_for`] — `word:1` for
    /// languages written with spaces (paraphrase reorders words and swaps
    /// function words, so single stemmed content words carry the signal;
    /// n-grams longer than 1 fall apart under rewording), `char:2` when a
    /// document is in Chinese or Japanese, `word:2` in Thai, Lao, Khmer or
    /// Burmese.
    pub shingle: Option<ShingleSpec>,
    /// Keep stop words in the shingles (default: kept). Measured on the
    /// article pairs and MRPC, keeping them is as precise and finds more
    /// paraphrases: function words stabilise the set sizes of short
    /// sentences, so a high threshold separates better.
    pub keep_stop_words: bool,
    /// MinHash permutations (default 128).
    pub perms: usize,
    /// Seed of the MinHash permutations (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Score a pair of passages needs to be linked on its own when the two
    /// documents are one passage each (default 0.40); the bar rises by
    /// [`THRESHOLD_PER_DECADE`] for each tenfold more passage pairs
    /// compared, since chance matches grow with the comparisons. The score is a weighted mean of shingle Jaccard, weighted cover
    /// of the shorter side and word order (see
    /// [`crate::compare::score`]).
    pub threshold: f64,
    /// Score a supported pair needs (default 0.25): a pair between the floor
    /// and the threshold is linked when its passages are each other's clear
    /// best partner, or when it continues a neighbouring link in order.
    pub floor: f64,
    /// How much a best partner must outscore the runner-up to support a
    /// link below the threshold (default 0.05).
    pub margin: f64,
    /// Language for stemming, stop words and number words (default `auto`:
    /// detected per document, see `text::detect`).
    pub lang: String,
    /// Sentences with fewer words are attached to a neighbour (default 3).
    pub min_words: usize,
    /// A link is kept only if its score is at least this share of the best
    /// link of either of its passages (default 0.5): a sentence that
    /// paraphrases one passage is not also reported against every passage
    /// that shares a few of its names.
    pub relative: f64,
    /// An unlinked neighbour passage joins a match (a sentence split in two,
    /// two merged into one) when at least this share of its shingles occur on
    /// the other side of the match (default 0.5).
    pub containment: f64,
    /// Matches at most this many passages apart on both sides merge into one
    /// (default 0: only touching matches merge, so new material between two
    /// matches is never reported).
    pub max_gap: usize,
    /// Matches close on the rewrite side merge, however far apart in the
    /// original, when the result's original side spans at least this many
    /// times as many passages (a summary; default 0: off).
    pub summary_ratio: usize,
    /// Where matches overlap on the rewrite side, keep only the largest
    /// (default off).
    pub exclusive: bool,
    /// Matches shorter than this many bytes on either side are dropped
    /// (default 0).
    pub min_bytes: usize,
    /// Which rules align the pair (default [`Mode::Auto`]: by length).
    pub mode: Mode,
    /// The settings of the long-document rules ([`Mode::Long`]).
    pub long: LongSettings,
    /// With [`Mode::Auto`], a pair whose longer document has more passages
    /// than this is aligned by the long-document rules (default 40: a news
    /// article rarely has more sentences).
    pub long_passages: usize,
    /// An LSH bucket with more passage pairs than the square of this
    /// (default 32: 1,024 pairs; within one document, more passages than
    /// this) is linked as a star, each passage paired with one of the
    /// other side, not every pair: on long inputs such buckets (very
    /// common words, a sentence template) would make the candidate count
    /// grow with the square of the input.
    pub bucket_cap: usize,
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            shingle: None,
            keep_stop_words: true,
            perms: 128,
            seed: DEFAULT_SEED,
            threshold: 0.40,
            floor: 0.25,
            margin: 0.05,
            lang: "auto".to_string(),
            min_words: 3,
            relative: 0.5,
            containment: 0.5,
            bucket_cap: 32,
            max_gap: 0,
            summary_ratio: 0,
            exclusive: false,
            min_bytes: 0,
            mode: Mode::Auto,
            long: LongSettings::default(),
            long_passages: 40,
        }
    }
}

impl CompareConfig {
    /// The shingles used for a pair whose documents are in `languages`
    /// (codes as language detection reports them: `en`, `zh`, ...): `--shingle` when
    /// given; else, when a document is in a language written without
    /// spaces between words (the first such, in order), its default
    /// ([`ShingleSpec::unspaced_default`]: `char:2` for Chinese and
    /// Japanese, `word:2` for Thai, Lao, Khmer and Burmese; measured in
    /// docs/languages.md); else `word:1`.
    pub fn shingle_for(&self, languages: &[&str]) -> ShingleSpec {
        self.shingle.unwrap_or_else(|| {
            languages
                .iter()
                .find_map(|l| ShingleSpec::unspaced_default(l))
                .unwrap_or(ShingleSpec::word(1))
        })
    }
}

/// How much the article rules' threshold rises for each tenfold more
/// passage pairs compared (0.05: 0.40 for two sentences, 0.52 for a
/// 10-sentence article against a 20-sentence rewrite).
pub const THRESHOLD_PER_DECADE: f64 = 0.05;

/// Which rules align a pair of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Article rules for short documents, long-document rules when the
    /// longer document has more than `long_passages` passages, or when
    /// both have four passages or more and the article rules align under
    /// 30% of the rewrite's passages (a reused passage inside unrelated
    /// text, not a rewrite).
    Auto,
    /// Sentence-level paraphrase between two articles: the full scorer
    /// (overlap, cover, order, clashing names), links supported by best
    /// partners and neighbours, splits and merges scored as runs, no
    /// bridging of new material.
    Article,
    /// Reused passages inside long documents (PAN text alignment): links by
    /// Jaccard, matches up to `max_gap` passages apart merge, summaries
    /// chain, one detection per rewrite passage, short detections dropped
    /// (see [`LongSettings`]).
    Long,
}

impl Mode {
    /// Lower-case name used in reports (`auto`, `article`, `long`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Auto => "auto",
            Mode::Article => "article",
            Mode::Long => "long",
        }
    }
}

/// The settings of the long-document rules; their meaning is that of the
/// [`CompareConfig`] fields of the same names. Defaults tuned on the PAN
/// 2013 training corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LongSettings {
    /// Jaccard a link needs (default 0.28).
    pub threshold: f64,
    /// Share of the best competing link (default 0.9).
    pub relative: f64,
    /// Share of a neighbour's shingles on the other side (default 0.4).
    pub containment: f64,
    /// Matches this many passages apart merge (default 4).
    pub max_gap: usize,
    /// Summary chains (default 3).
    pub summary_ratio: usize,
    /// One detection per rewrite passage (default on).
    pub exclusive: bool,
    /// Shorter matches are dropped (default 150 bytes).
    pub min_bytes: usize,
}

impl Default for LongSettings {
    fn default() -> Self {
        LongSettings {
            threshold: 0.28,
            relative: 0.9,
            containment: 0.4,
            max_gap: 4,
            summary_ratio: 3,
            exclusive: true,
            min_bytes: 150,
        }
    }
}

/// Named sets of defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Adapts to the documents (the default): article rules for short
    /// documents, long-document rules for long ones ([`Mode::Auto`]).
    Auto,
    /// News article and rewrite, sentence by sentence, whatever the length.
    Article,
    /// Reused passages inside long documents (PAN text alignment): matches
    /// up to 4 passages apart merge into one detection, chains of matches
    /// condensing a 3-times longer original merge (summaries), a rewrite
    /// passage belongs to one detection, detections under 150 bytes are
    /// dropped; threshold 0.28, relative 0.9, containment 0.4 (tuned on the
    /// PAN 2013 training corpus).
    Pan,
}

impl std::str::FromStr for Preset {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "auto" => Ok(Preset::Auto),
            "article" => Ok(Preset::Article),
            "pan" => Ok(Preset::Pan),
            _ => Err(Error::setting(
                "--preset",
                format!("unknown preset '{s}'; use auto, article or pan"),
            )),
        }
    }
}

impl Preset {
    /// The settings of this preset.
    pub fn config(self) -> CompareConfig {
        match self {
            Preset::Auto => CompareConfig::default(),
            Preset::Article => CompareConfig {
                mode: Mode::Article,
                ..CompareConfig::default()
            },
            Preset::Pan => CompareConfig {
                mode: Mode::Long,
                threshold: 0.28,
                relative: 0.9,
                containment: 0.4,
                max_gap: 4,
                summary_ratio: 3,
                exclusive: true,
                min_bytes: 150,
                ..CompareConfig::default()
            },
        }
    }
}

impl CompareConfig {
    /// Checks every value is in range.
    pub fn validate(&self) -> Result<(), Error> {
        check_unit("--threshold", self.threshold, false)?;
        check_unit("--threshold", self.long.threshold, false)?;
        check_unit("--relative", self.long.relative, true)?;
        check_unit("--containment", self.long.containment, true)?;
        check_unit("--floor", self.floor, true)?;
        check_unit("--margin", self.margin, true)?;
        check_unit("--relative", self.relative, true)?;
        check_unit("--containment", self.containment, true)?;
        check_perms(self.perms)?;
        if self.bucket_cap < 2 {
            return Err(Error::setting(
                "--bucket-cap",
                "--bucket-cap must be at least 2",
            ));
        }
        Ok(())
    }
}

/// Settings of the corpus scanner (`neardup scan`).
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// Features of a document. Default `word:5`: five-word shingles over
    /// normalised words are rarely shared by unrelated documents, yet one
    /// edited word changes only five of them, so near-duplicates keep most.
    pub shingle: ShingleSpec,
    /// Language for stemming and stop words (default `none`: words are only
    /// normalised, which is what deduplication wants and the fast path).
    pub lang: String,
    /// Keep stop words when `lang` is set (default: dropped).
    pub keep_stop_words: bool,
    /// MinHash permutations (default 128: 512 bytes per document).
    pub perms: usize,
    /// Seed of the MinHash permutations (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// How signatures are computed (default [`Sketch::MinHash`];
    /// [`Sketch::Oph`] is cheaper, see [`Sketch`]).
    pub sketch: Sketch,
    /// Jaccard similarity a pair of documents needs to be reported
    /// (default 0.8).
    pub threshold: f64,
    /// Verify candidate pairs with exact Jaccard recomputed from the files
    /// instead of the signature estimate (default off).
    pub exact: bool,
    /// Without `exact`: re-check with exact Jaccard (re-reading the two
    /// files) the candidates whose estimate lies within three standard
    /// errors of the threshold, where the estimate decides like a coin
    /// (default on; the others keep their estimate).
    pub recheck: bool,
    /// Most pairs listed per cluster (default 1000); the rest are counted.
    pub max_pairs: usize,
    /// An LSH bucket holding more distinct documents than this is not
    /// enumerated pairwise: each member is checked against the bucket's first
    /// member only, and the bucket is counted (default 200).
    pub bucket_cap: usize,
    /// Weight of false positives when choosing bands and rows (default 0.1).
    pub fp_weight: f64,
    /// Weight of false negatives when choosing bands and rows (default 0.9):
    /// a candidate costs one signature comparison, a miss loses a duplicate.
    pub fn_weight: f64,
    /// Files larger than this many bytes are skipped with a warning
    /// (default 64 MiB).
    pub max_size: u64,
    /// Walk only files with one of these extensions (compared without the
    /// dot, ignoring case); empty (the default) walks every file.
    pub extensions: Vec<String>,
    /// Walk hidden files and folders (names starting with `.`); default off.
    pub hidden: bool,
    /// Follow symbolic links while walking (default off); loops are detected
    /// and reported.
    pub follow: bool,
    /// How a file's bytes become text (default [`Decoding::Auto`]: byte-order
    /// mark, UTF-8, else the legacy encoding detected).
    pub decoding: Decoding,
}

/// Default `--max-size` of `neardup scan`: 64 MiB.
pub const SCAN_MAX_SIZE: u64 = 64 << 20;

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            shingle: ShingleSpec::word(5),
            lang: "none".to_string(),
            keep_stop_words: false,
            perms: 128,
            seed: DEFAULT_SEED,
            sketch: Sketch::default(),
            threshold: 0.8,
            exact: false,
            recheck: true,
            max_pairs: 1000,
            bucket_cap: 200,
            fp_weight: 0.1,
            fn_weight: 0.9,
            max_size: SCAN_MAX_SIZE,
            extensions: Vec::new(),
            hidden: false,
            follow: false,
            decoding: Decoding::Auto,
        }
    }
}

impl ScanConfig {
    /// Checks every value is in range.
    pub fn validate(&self) -> Result<(), Error> {
        check_unit("--threshold", self.threshold, false)?;

        check_perms(self.perms)?;
        if self.max_pairs == 0 {
            return Err(Error::setting(
                "--max-pairs",
                "--max-pairs must be at least 1 (default 1000)",
            ));
        }
        if self.bucket_cap < 2 {
            return Err(Error::setting(
                "--bucket-cap",
                "--bucket-cap must be at least 2 (default 200)",
            ));
        }
        if self.max_size == 0 {
            return Err(Error::setting(
                "--max-size",
                "--max-size must be at least 1 byte (default 67108864)",
            ));
        }
        let weights_ok = [self.fp_weight, self.fn_weight]
            .iter()
            .all(|w| w.is_finite() && *w >= 0.0)
            && self.fp_weight + self.fn_weight > 0.0;
        if !weights_ok {
            return Err(Error::setting(
                "fp_weight",
                "LSH weights must be non-negative and not both zero",
            ));
        }
        if let Some(e) = self
            .extensions
            .iter()
            .find(|e| e.is_empty() || e.contains(['/', '\\']))
        {
            return Err(Error::setting(
                "--ext",
                format!("--ext takes extensions such as txt or md (got '{e}')"),
            ));
        }
        Ok(())
    }
}

/// `value` must lie in (0, 1] (or [0, 1] when `zero_ok`).
pub fn check_unit(flag: &'static str, value: f64, zero_ok: bool) -> Result<(), Error> {
    let ok = value.is_finite() && value <= 1.0 && (value > 0.0 || (zero_ok && value == 0.0));
    if ok {
        Ok(())
    } else {
        let range = if zero_ok {
            "0 to 1"
        } else {
            "above 0 and at most 1"
        };
        Err(Error::setting(
            flag,
            format!("{flag} must be {range} (got {value}), e.g. {flag} 0.5"),
        ))
    }
}

/// `--perms` must be 1..=1024.
pub fn check_perms(perms: usize) -> Result<(), Error> {
    if (1..=1024).contains(&perms) {
        Ok(())
    } else {
        Err(Error::setting(
            "--perms",
            format!("--perms must be between 1 and 1024 (got {perms}); 128 is the default"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_name_the_flag() {
        CompareConfig::default().validate().unwrap();
        let bad = CompareConfig {
            threshold: 1.5,
            ..Default::default()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .contains("--threshold")
        );
        let bad = CompareConfig {
            perms: 0,
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("--perms"));
    }

    #[test]
    fn scan_defaults_are_valid_and_bad_values_name_the_flag() {
        ScanConfig::default().validate().unwrap();
        for (bad, flag) in [
            (
                ScanConfig {
                    threshold: 0.0,
                    ..Default::default()
                },
                "--threshold",
            ),
            (
                ScanConfig {
                    perms: 5000,
                    ..Default::default()
                },
                "--perms",
            ),
            (
                ScanConfig {
                    max_pairs: 0,
                    ..Default::default()
                },
                "--max-pairs",
            ),
            (
                ScanConfig {
                    bucket_cap: 1,
                    ..Default::default()
                },
                "--bucket-cap",
            ),
            (
                ScanConfig {
                    max_size: 0,
                    ..Default::default()
                },
                "--max-size",
            ),
        ] {
            assert!(
                bad.validate().unwrap_err().to_string().contains(flag),
                "{flag}"
            );
        }
    }
}
