//! The scan result: one plain, serialisable model that every scan reporter
//! (terminal, JSON, JSONL, CSV) renders. Field names are a contract
//! documented in docs/json.md. Nothing here depends on timing, thread count or
//! input order: paths are normalised and everything is sorted, so the same
//! corpus and settings always give byte-identical reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::histogram::HistogramBin;

/// Everything `neardup scan` found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScanResult {
    /// What was scanned and found, in numbers.
    pub summary: Summary,
    /// The settings that produced this result, with the LSH choice.
    pub settings: ScanSettings,
    /// How many similar pairs fall in each similarity bin from the
    /// threshold to 1, counted over all pairs (listed or not), the last bin
    /// holding the pairs at exactly 1 (see `super::histogram`).
    pub similarity_histogram: Vec<HistogramBin>,
    /// Clusters of near-duplicate documents, ordered by id (which follows
    /// each cluster's smallest member path).
    pub clusters: Vec<Cluster>,
    /// Similar pairs, sorted by `a` then `b`; at most `settings.max_pairs`
    /// per cluster (the rest are counted in `Cluster::pairs`).
    pub pairs: Vec<Pair>,
    /// Files that were not scanned, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Files scanned after replacing bytes invalid in their encoding with
    /// U+FFFD, sorted.
    pub decoded_lossily: Vec<String>,
    /// Documents stored in an encoding other than UTF-8 (UTF-16, a legacy
    /// single-byte encoding, ...), each with the encoding it was decoded
    /// from, sorted by path.
    pub non_utf8: Vec<NonUtf8>,
    /// Files that changed (or went) between signing and their exact
    /// re-check, sorted: their pairs were decided from the signatures.
    pub changed_during_scan: Vec<String>,
}

/// Counts over the whole scan.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Paths met, after filters: the files found (folders walked plus
    /// files listed) and the entries that could not be taken (folders that
    /// cannot be listed, broken links, pipes and devices, missing listed
    /// paths). Each is a document or skipped: `files = documents +
    /// skipped` (all reasons).
    pub files: usize,
    /// Documents read and signed (the files minus the skipped ones).
    pub documents: usize,
    /// Bytes of the documents signed.
    pub bytes: u64,
    /// Files skipped, by reason.
    pub skipped: SkipCounts,
    /// Documents scanned after replacing bytes invalid in their encoding.
    pub decoded_lossily: usize,
    /// Documents decoded from an encoding other than UTF-8 (listed in
    /// `non_utf8`).
    pub non_utf8: usize,
    /// Documents signed per language detected (ISO 639-1 codes, `und`
    /// for a text without letters), with `--lang auto` only; empty
    /// otherwise.
    pub languages: BTreeMap<String, usize>,
    /// Documents whose file changed between signing and the exact re-check
    /// of one of their pairs (the pairs were decided from the signatures).
    pub changed_during_scan: usize,
    /// Hidden files and folders not walked (see `--hidden`).
    pub hidden_ignored: usize,
    /// Symbolic links not followed (see `--follow`).
    pub symlinks_ignored: usize,
    /// Files left out by `--ext`.
    pub excluded_by_ext: usize,
    /// Distinct texts among the documents: documents whose normalised words
    /// are identical count once, and only distinct texts go through LSH.
    pub distinct_texts: usize,
    /// Candidate pairs of distinct texts proposed by LSH banding.
    pub candidate_pairs: usize,
    /// Candidates re-checked with exact Jaccard because their estimate lay
    /// within three standard errors of the threshold (0 with `--exact` or
    /// `--no-recheck`).
    pub rechecked_pairs: usize,
    /// LSH buckets too large to enumerate (see `settings.bucket_cap`).
    pub oversized_buckets: usize,
    /// Document pairs at or above the threshold (listed or not).
    pub similar_pairs: u64,
    /// Pairs listed in `pairs`.
    pub pairs_listed: usize,
    /// Clusters found.
    pub clusters: usize,
    /// Documents in some cluster.
    pub documents_in_clusters: usize,
    /// Documents a deduplication would remove: `documents_in_clusters`
    /// minus one representative per cluster.
    pub redundant_documents: usize,
}

/// Skipped files by reason (see [`SkipReason`]).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SkipCounts {
    /// Files with no words at all.
    pub empty: usize,
    /// Documents with words but fewer than one shingle needs.
    pub too_short: usize,
    /// Files holding a NUL byte.
    pub binary: usize,
    /// Files over `--max-size`.
    pub too_large: usize,
    /// Files or folders that could not be read (missing, no permission,
    /// broken link, not a regular file).
    pub unreadable: usize,
    /// Symbolic links leading back into a folder being walked.
    pub symlink_loop: usize,
}

impl SkipCounts {
    /// Adds one file skipped for `reason`.
    pub fn add(&mut self, reason: SkipReason) {
        match reason {
            SkipReason::Empty => self.empty += 1,
            SkipReason::TooShort => self.too_short += 1,
            SkipReason::Binary => self.binary += 1,
            SkipReason::TooLarge => self.too_large += 1,
            SkipReason::Unreadable => self.unreadable += 1,
            SkipReason::SymlinkLoop => self.symlink_loop += 1,
        }
    }

    /// All skipped files.
    pub fn total(&self) -> usize {
        self.empty
            + self.too_short
            + self.binary
            + self.too_large
            + self.unreadable
            + self.symlink_loop
    }
}

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// No words: never matched to anything (empty texts are not similar).
    Empty,
    /// Fewer words than one shingle needs: no signature, never matched.
    TooShort,
    /// A NUL byte: not text.
    Binary,
    /// Over the size limit.
    TooLarge,
    /// Could not be read.
    Unreadable,
    /// A symbolic link loop.
    SymlinkLoop,
}

impl SkipReason {
    /// The name used in the JSON (`too_short`).
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::TooShort => "too_short",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too_large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::SymlinkLoop => "symlink_loop",
        }
    }

    /// True for problems worth a warning (not for short or empty texts,
    /// which are a normal part of a corpus).
    pub fn is_problem(self) -> bool {
        !matches!(self, SkipReason::Empty | SkipReason::TooShort)
    }
}

/// A file that was not scanned.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// The normalised path.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
    /// A one-line explanation.
    pub detail: String,
}

/// A document decoded from an encoding other than UTF-8.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct NonUtf8 {
    /// The normalised path.
    pub path: String,
    /// The encoding's WHATWG name (`UTF-16LE`, `UTF-16BE`, `windows-1252`,
    /// `KOI8-R`, ...): detected, or the one `--encoding` forced. Latin-1
    /// files are read as `windows-1252`, its superset (as browsers do).
    pub encoding: String,
}

/// A cluster: documents linked by similar pairs (connected components).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cluster {
    /// 1-based; clusters are numbered in the order of their smallest member
    /// path.
    pub id: usize,
    /// Number of members.
    pub size: usize,
    /// The member similar to the most other members; ties go to the one with
    /// more words, then to the smallest path. The one to keep when
    /// deduplicating.
    pub representative: String,
    /// Member paths, sorted.
    pub members: Vec<String>,
    /// For each member (same order), its highest similarity to another
    /// member.
    pub member_similarity: Vec<f64>,
    /// Similar pairs inside the cluster (listed or not).
    pub pairs: u64,
    /// How many of them are listed in `ScanResult::pairs`.
    pub pairs_listed: usize,
}

/// Two documents at or above the threshold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pair {
    /// The smaller path.
    pub a: String,
    /// The larger path.
    pub b: String,
    /// Jaccard similarity of their shingle sets (4 decimals): exact with
    /// `--exact` and for re-checked pairs (estimate within three standard
    /// errors of the threshold), else estimated from the signatures.
    pub similarity: f64,
    /// The id of the cluster holding both.
    pub cluster: usize,
}

/// Settings echoed in the report, so a result can be reproduced.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScanSettings {
    /// Shingle spec, e.g. `word:5`.
    pub shingle: String,
    /// Language code for stemming and stop words (`none` by default).
    pub lang: String,
    /// Whether stop words were kept (only matters with a language).
    pub keep_stop_words: bool,
    /// MinHash permutations.
    pub perms: usize,
    /// MinHash seed.
    pub seed: u64,
    /// How signatures were computed: `minhash` (k hash functions) or `oph`
    /// (one-permutation hashing, `--sketch oph`).
    pub sketch: String,
    /// Similarity threshold.
    pub threshold: f64,
    /// Whether similarities are exact (`--exact`) or estimated.
    pub exact: bool,
    /// Whether estimates near the threshold were re-checked exactly.
    pub recheck: bool,
    /// LSH bands.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Probability that a pair exactly at the threshold is not proposed by
    /// LSH: `(1 - t^rows)^bands`.
    pub miss_rate_at_threshold: f64,
    /// Weights of false positives and false negatives in the choice of bands
    /// and rows.
    pub fp_weight: f64,
    /// See `fp_weight`.
    pub fn_weight: f64,
    /// Most pairs listed per cluster.
    pub max_pairs: usize,
    /// Largest LSH bucket enumerated pairwise.
    pub bucket_cap: usize,
    /// Largest file read, in bytes.
    pub max_size: u64,
    /// Extensions kept (`--ext`); empty means all.
    pub extensions: Vec<String>,
    /// Whether hidden files were walked.
    pub hidden: bool,
    /// Whether symbolic links were followed.
    pub follow: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_reason_names_are_the_json_names() {
        for r in [
            SkipReason::Empty,
            SkipReason::TooShort,
            SkipReason::Binary,
            SkipReason::TooLarge,
            SkipReason::Unreadable,
            SkipReason::SymlinkLoop,
        ] {
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::json!(r.name())
            );
        }
    }
}
