//! # neardup
//!
//! Find near-duplicate and paraphrased text.
//!
//! The pipeline, one module per stage (dependencies point one way):
//! `text` splits a document into passages and words that keep their byte
//! spans, normalises, stems and folds numbers; `shingle` hashes terms into
//! feature sets with a stable hash (`hash`: XXH3 and SplitMix64); `minhash`
//! signs each set; `lsh` bands the signatures into candidate pairs;
//! [`compare`] verifies the candidates exactly and aligns them into
//! matches; [`scan`] runs the same stages over a whole corpus folder —
//! walk, read and sign in parallel, band, verify, cluster — keeping one
//! signature per document. [`report`] renders the two result models
//! ([`Comparison`], [`ScanResult`]) as terminal text, JSON, CSV or HTML;
//! [`pan`] reads and writes PAN's XML and scores it; [`eval`] measures
//! accuracy against gold data; [`synth`] generates text and corpora with
//! planted near-duplicates of known similarity for benchmarks; [`index`]
//! keeps documents in a persistent SQLite index and finds the sources a
//! document reuses (`neardup index`, `neardup find`). Only
//! [`input`], the scan's walker and reader, and the reporters touch
//! files; nothing in the library prints: a long scan reports progress
//! through the [`scan::Progress`] observer.
//!
//! The stage modules are private: the public API is compare and scan,
//! their configs ([`config`]) and results, the reporters and the
//! evaluations. The `neardup` binary (the default `cli` feature: clap,
//! anyhow, indicatif) lives in `src/cli/`; a library user can turn the
//! feature off and gets none of them.
//!
//! ## Compare an article with its rewrite
//!
//! ```
//! use neardup::{Comparator, CompareConfig, Document};
//!
//! let original = Document {
//!     path: "original.txt".into(),
//!     text: "Microsoft will train one million people and support 2,500 AI startups by 2027.".into(),
//! };
//! let rewrite = Document {
//!     path: "rewrite.txt".into(),
//!     text: "Nobody saw it coming. By 2027, Microsoft plans to support 2,500 AI startups \
//!            and train 1 million people."
//!         .into(),
//! };
//! let cmp = Comparator::new(CompareConfig::default())?;
//! let result = cmp.compare(&original, &rewrite);
//! assert_eq!(result.matches.len(), 1);
//! assert!(result.matches[0].rewrite.text.starts_with("By 2027"));
//! // Every report format is a view of the one result.
//! let json = neardup::report::json::render(&result);
//! assert!(json.contains("\"matches\""));
//! # Ok::<(), neardup::Error>(())
//! ```
//!
//! ## Scan a folder for near-duplicate documents
//!
//! ```
//! use neardup::scan::{Silent, Sources};
//! use neardup::{ScanConfig, Scanner};
//!
//! let dir = tempfile::tempdir()?;
//! let minutes = "The committee met on Tuesday to review the budget for the coming \
//!                year and approved it after a long debate about the roads.";
//! std::fs::write(dir.path().join("a.txt"), minutes)?;
//! std::fs::write(dir.path().join("b.txt"), format!("{minutes} Minutes were taken."))?;
//! std::fs::write(dir.path().join("c.txt"), "A different text that shares no five words in a row.")?;
//! let scanner = Scanner::new(ScanConfig { threshold: 0.7, ..ScanConfig::default() })?;
//! let sources = Sources { roots: vec![dir.path().to_path_buf()], listed: Vec::new() };
//! // `Silent` observes nothing; the binary passes a progress bar instead.
//! let result = scanner.scan(&sources, &Silent)?;
//! assert_eq!(result.clusters.len(), 1);
//! assert_eq!(result.clusters[0].size, 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod compare;
pub mod config;
pub mod decode;
pub mod error;
pub mod eval;
pub(crate) mod format;
pub(crate) mod hash;
pub mod index;
pub mod input;
pub(crate) mod lsh;
pub(crate) mod minhash;
pub mod pan;
pub(crate) mod paths;
pub mod report;
pub mod scan;
pub(crate) mod shingle;
pub mod sign;
pub mod size;
pub mod synth;
pub(crate) mod text;
pub(crate) mod union_find;

pub use compare::{Comparator, Comparison, Document};
pub use config::{CompareConfig, ScanConfig};
pub use error::Error;
pub use scan::{ScanResult, Scanner};

pub use minhash::{DEFAULT_SEED, Sketch};
pub use shingle::ShingleSpec;

/// The README's Rust examples, compiled and run by `cargo test` so that
/// the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

/// Stage internals, exposed only so that the crate's own benchmarks and
/// integration tests can time each stage and check each fast path against
/// its naive oracle. Not part of the API: anything here may change or go
/// in any release.
#[doc(hidden)]
pub mod internals {
    pub use crate::hash::{SplitMix64, hash_bytes};
    pub use crate::lsh::{LshParams, OverCap, candidates};
    pub use crate::minhash::{MinHasher, estimate, jaccard};
    pub use crate::scan::docsig::{DocSigner, Scratch};
    pub use crate::shingle::{NgramRoller, for_each_word_hash, word_ngrams};
    pub use crate::text::detect::{Detected, detect};
    pub use crate::text::normalize::normalize_word;
    pub use crate::text::tokenize::for_each_word;
    pub use crate::text::words::ascii_words;
    pub use crate::text::{PassageRules, passages};
}
