//! # neardup
//!
//! Find near-duplicate and paraphrased text.
//!
//! The pipeline, one module per stage:
//! [`text`] splits a document into passages and words that keep their byte
//! spans, normalises, stems and folds numbers; [`shingle`] hashes terms into
//! feature sets with a stable hash ([`hash`]); [`minhash`] signs each set;
//! [`lsh`] bands the signatures into candidate pairs; [`compare`] verifies
//! the candidates exactly and aligns them into matches; [`report`] renders
//! the one result model as terminal text, JSON, CSV or HTML; [`pan`] reads
//! and writes PAN's XML and scores it; [`eval`] measures accuracy against
//! gold data. Only [`input`] and
//! the reporters touch files and terminals. [`scan`] runs the same stages
//! over a whole corpus folder — walk, read and sign in parallel, band,
//! verify, cluster — keeping one signature per document. [`bench`](mod@bench)
//! generates corpora with planted near-duplicates of known similarity and
//! measures the scan on them, stage by stage.
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
//! let cmp = Comparator::new(CompareConfig::default()).unwrap();
//! let result = cmp.compare(&original, &rewrite);
//! assert_eq!(result.matches.len(), 1);
//! assert!(result.matches[0].rewrite.text.starts_with("By 2027"));
//! ```

pub mod bench;
pub mod compare;
pub mod config;
pub mod error;
pub mod eval;
pub mod hash;
pub mod index;
pub mod input;
pub mod lsh;
pub mod minhash;
pub mod pan;
pub mod report;
pub mod scan;
pub mod shingle;
pub mod synth;
pub mod text;

pub use compare::{Comparator, Comparison, Document};
pub use config::{CompareConfig, ScanConfig};
pub use error::Error;
pub use scan::{ScanResult, Scanner};
