//! The comparison result: one plain, serialisable model that every
//! reporter (terminal, JSON, JSONL, CSV, HTML, PAN XML) renders.

use serde::Serialize;

/// The result of comparing an original with a rewrite (or a document with
/// itself).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// The original document.
    pub original: DocumentInfo,
    /// The rewrite (the same document as `original` for a single file).
    pub rewrite: DocumentInfo,
    /// Matched passages, ordered by their start in the original.
    pub matches: Vec<Match>,
    /// Share of the original's passage bytes that lie in a match (0..1).
    pub original_reused: f64,
    /// Share of the rewrite's passage bytes that lie in a match (0..1).
    pub rewrite_derived: f64,
    /// The settings that produced this result.
    pub settings: Settings,
    /// Present only when the two documents were read in different
    /// languages: then matches may rest on shared names, numbers and dates
    /// alone (see `docs/languages.md`, "Documents in different languages").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_language: Option<CrossLanguage>,
}

/// How a pair of documents in different languages was compared.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CrossLanguage {
    /// What the cross-language links rest on: `names, numbers and dates`.
    pub basis: &'static str,
    /// Matches made of such links (their links have support `anchors`).
    pub anchor_matches: usize,
    /// The sentence the terminal and HTML reports print.
    pub note: String,
}

/// What the report says about one input document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentInfo {
    /// The path as given.
    pub path: String,
    /// Size in bytes.
    pub bytes: usize,
    /// Number of passages (sentences after fragment merging).
    pub passages: usize,
    /// The language the document was read in: detected with `--lang auto`
    /// (an ISO 639-1 code such as `en`, `ru`, `ja`; ISO 639-3 where there
    /// is none, `und` for a text without letters), else the `--lang` given.
    pub language: String,
    /// The encoding the file was decoded from, when it is not UTF-8 (then
    /// offsets in JSON, JSONL and CSV reports count the bytes of the file
    /// as stored; see `docs/languages.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// One matched pair of passages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Match {
    /// Where it is in the original.
    pub original: Location,
    /// Where it is in the rewrite.
    pub rewrite: Location,
    /// Exact Jaccard similarity of the two passages' shingle sets (0..1).
    pub score: f64,
    /// The passage-level links inside this match, for reordering, split
    /// and merge views. A passage absorbed into the match (half of a split
    /// sentence) is linked to its best partner and may score below the
    /// threshold.
    pub links: Vec<LinkInfo>,
}

/// A span of one document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Location {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of the first byte.
    pub line: usize,
    /// 1-based line of the last byte.
    pub end_line: usize,
    /// Index of the first passage (0-based).
    pub first_passage: usize,
    /// Index of the last passage (0-based, inclusive).
    pub last_passage: usize,
    /// The text, exactly as in the file.
    pub text: String,
}

/// A link between one original passage and one rewrite passage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkInfo {
    /// Original passage index.
    pub original: usize,
    /// Rewrite passage index.
    pub rewrite: usize,
    /// Similarity score of the two passages (0..1).
    pub score: f64,
    /// Why the link was made: `strong` (scored at least the threshold),
    /// `best-partner`, `neighbour`, `run` (a piece of a split or merged
    /// sentence), `absorbed` (a neighbour that joined a match) or
    /// `anchors` (documents in different languages: the passages share
    /// names, numbers or dates, in order; see `anchors`).
    pub support: &'static str,
    /// Byte offset of the original passage.
    pub original_start: usize,
    /// Byte offset one past the original passage.
    pub original_end: usize,
    /// Byte offset of the rewrite passage.
    pub rewrite_start: usize,
    /// Byte offset one past the rewrite passage.
    pub rewrite_end: usize,
    /// The names, numbers and dates the two passages share, as written in
    /// the original (` = ` the rewrite's spelling when it differs:
    /// `3.2 billion = 3,2 milliards`); only on `anchors` links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchors: Option<Vec<String>>,
    /// Why the two passages were linked (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<super::Explanation>,
}

/// Settings echoed in the report so a result can be reproduced.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Settings {
    /// Shingle spec, e.g. `word:1`.
    pub shingle: String,
    /// Whether stop words were kept.
    pub keep_stop_words: bool,
    /// `--lang` as given: `auto` (each document's language detected, see
    /// `language` of each document) or a language code.
    pub lang: String,
    /// MinHash permutations.
    pub perms: usize,
    /// MinHash seed.
    pub seed: u64,
    /// The rules that aligned the pair: `article` or `long` (see
    /// `--preset`).
    pub mode: &'static str,
    /// Link threshold.
    pub threshold: f64,
    /// LSH bands.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Candidate pairs proposed by LSH.
    pub candidates: usize,
    /// LSH buckets with too many passage pairs to enumerate (over the
    /// cap), each linked as a star instead: every passage in it paired
    /// with one representative, so a match among them may be missing.
    pub skipped_buckets: usize,
}
