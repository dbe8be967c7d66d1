//! Signature records: documents in, the scan's signatures out, for engines
//! that run the rest of a scan elsewhere (the Spark job in `spark/`).
//!
//! A [`Signer`] wraps a [`Scanner`]: it reads a document by the scan's
//! rules (size limit, binary, lossy UTF-8), signs it with the scan's own
//! signer and cuts the band keys with the scan's own LSH choice, so a
//! record holds exactly what the scan computes for that document and
//! nothing is re-implemented. One [`Record`] per document, in input order,
//! skipped documents included (with `n = 0`, no signature, and the
//! reason). The record's fields are a contract, the same in every format:
//! [`arrow`] (Arrow IPC stream and Parquet, with [`Params`] in the schema
//! metadata) and [`jsonl`]. Unsigned 64-bit hashes are written as `int64`
//! with the same bits (Spark has no unsigned type); only their equality
//! matters. [`params`] holds the settings a consumer needs to finish the
//! scan the way `neardup scan` does.

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod jsonl;
pub mod params;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::ScanConfig;
use crate::error::Error;
use crate::lsh::band_key;
use crate::scan::docsig::Scratch;
use crate::scan::read::{Loaded, Skip, classify_as, read_document_as, too_large};
use crate::scan::walk::CorpusFile;
use crate::scan::{Scanner, SkipReason, with_buffers};
pub use params::{Params, SignatureParams};

/// Documents per batch when signing files or JSON lines.
pub const BATCH_ROWS: usize = 1024;

/// Signs documents with one set of scan settings.
#[derive(Debug)]
pub struct Signer {
    scanner: Scanner,
    shingles: bool,
}

/// One document to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input<'a> {
    /// Its id (a path, or the id column of a stream).
    pub id: Cow<'a, str>,
    /// Its content.
    pub body: Body<'a>,
}

/// The content of a document to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body<'a> {
    /// The bytes of the document (UTF-8, else decoded lossily).
    Bytes(Cow<'a, [u8]>),
    /// No content was given: too large to read when `length` is over the
    /// size limit, unreadable otherwise.
    Missing {
        /// The size of the document, when known.
        length: Option<u64>,
    },
}

/// What signing one document gave: the contract of `neardup sign`'s
/// output (docs/spark.md lists it column by column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The document's id.
    pub id: String,
    /// Shingles hashed: 0 when the document has no signature (empty, too
    /// short, or skipped), and such a document never matches. On the
    /// default path (word n-grams, no language) repeats are counted, on
    /// the others the set is.
    pub n: u32,
    /// Words read (terms, with a language): the representative's
    /// tie-break.
    pub words: u32,
    /// Bytes of the document as read.
    pub bytes: u64,
    /// Equal for documents with the same normalised words: the scan folds
    /// them into one text, similar at 1 without a comparison (0 when
    /// there is no signature).
    pub content: u64,
    /// The MinHash minima (`perms` values below 2^32; empty without a
    /// signature).
    pub sig: Vec<u32>,
    /// The LSH band keys, one per band: two texts are candidates when they
    /// share a key at the same position (empty without a signature).
    pub bands: Vec<u64>,
    /// Why there is no signature.
    pub skip: Option<SkipReason>,
    /// The reason in one line.
    pub detail: Option<String>,
    /// Invalid UTF-8 was replaced with U+FFFD before signing.
    pub lossy: bool,
    /// The encoding the document was decoded from (WHATWG name: `UTF-8`,
    /// `UTF-16LE`, `windows-1252`, ...); `None` when it was not read.
    pub encoding: Option<&'static str>,
    /// The language detected, under `--lang auto` (ISO 639-1 code, `und`
    /// without letters); `None` otherwise.
    pub language: Option<&'static str>,
    /// With `--shingles`: the sorted, distinct shingle hashes, which exact
    /// Jaccard needs (the default verification re-checks pairs near the
    /// threshold exactly).
    pub sh: Option<Vec<u64>>,
}

/// Where records go: one implementation per output format.
pub trait RecordSink {
    /// Writes one batch of records (a batch may be empty).
    fn write(&mut self, records: &[Record]) -> Result<(), Error>;
    /// Ends the output (an empty output is still a valid one).
    fn finish(self: Box<Self>) -> Result<(), Error>;
}

impl Signer {
    /// A signer with the settings of `config`; with `shingles`, records
    /// carry their shingle sets.
    pub fn new(config: ScanConfig, shingles: bool) -> Result<Self, Error> {
        Ok(Signer {
            scanner: Scanner::new(config)?,
            shingles,
        })
    }

    /// The settings, as `neardup params` prints them.
    pub fn params(&self) -> Params {
        Params::of(&self.scanner)
    }

    /// Whether records carry their shingle sets.
    pub fn emits_shingles(&self) -> bool {
        self.shingles
    }

    /// Signs `docs` in parallel; records come in input order.
    pub fn sign_batch(&self, docs: &[Input<'_>]) -> Vec<Record> {
        docs.par_iter()
            .map(|d| with_buffers(|_, scratch| self.sign_input(d, scratch)))
            .collect()
    }

    /// Reads and signs `files` in parallel; records come in input order.
    pub fn sign_files(&self, files: &[CorpusFile]) -> Vec<Record> {
        files
            .par_iter()
            .map(|f| {
                with_buffers(|buf, scratch| {
                    let c = self.scanner.config();
                    let read = read_document_as(f.path(), c.max_size, c.decoding, buf);
                    let record = self.sign_loaded(f.display.clone(), read, scratch);
                    // A huge file should not pin its buffer.
                    if buf.capacity() > 4 << 20 {
                        *buf = Vec::new();
                    }
                    record
                })
            })
            .collect()
    }

    fn sign_input(&self, doc: &Input<'_>, scratch: &mut Scratch) -> Record {
        let max_size = self.scanner.config().max_size;
        let read = match &doc.body {
            Body::Bytes(b) => classify_as(b, max_size, self.scanner.config().decoding),
            Body::Missing { length: Some(n) } if *n > max_size => Err(too_large(*n, max_size)),
            Body::Missing { .. } => Err(Skip {
                reason: SkipReason::Unreadable,
                detail: "no text (null)".into(),
            }),
        };
        self.sign_loaded(doc.id.to_string(), read, scratch)
    }

    /// The record of one document, read or not.
    fn sign_loaded(
        &self,
        id: String,
        read: Result<Loaded<'_>, Skip>,
        scratch: &mut Scratch,
    ) -> Record {
        let loaded = match read {
            Ok(l) => l,
            Err(skip) => return Record::skipped(id, skip, 0, 0, false),
        };
        let encoding = Some(loaded.encoding);
        let signer = self.scanner.signer();
        let lossy = loaded.lossy_at.is_some();
        let mut sig = vec![0u32; signer.num_perm()];
        let d = signer.sign_into(&loaded.text, scratch, &mut sig);
        if d.shingles == 0 {
            let skip = self.scanner.too_short(d.words);
            return Record {
                encoding,
                language: d.language,
                ..Record::skipped(id, skip, d.words, loaded.bytes, lossy)
            };
        }
        let lsh = self.scanner.lsh_params();
        let bands = (0..lsh.bands)
            .map(|b| band_key(&sig, b, lsh.rows))
            .collect();
        let sh = self
            .shingles
            .then(|| signer.shingle_set(&loaded.text, scratch));
        Record {
            id,
            n: d.shingles.min(u32::MAX as u64) as u32,
            words: d.words,
            bytes: loaded.bytes,
            content: d.content,
            sig,
            bands,
            skip: None,
            detail: None,
            lossy,
            encoding,
            language: d.language,
            sh,
        }
    }
}

impl Record {
    /// A record without a signature.
    pub fn skipped(id: String, skip: Skip, words: u32, bytes: u64, lossy: bool) -> Self {
        Record {
            id,
            n: 0,
            words,
            bytes,
            content: 0,
            sig: Vec::new(),
            bands: Vec::new(),
            skip: Some(skip.reason),
            detail: Some(skip.detail),
            lossy,
            encoding: None,
            language: None,
            sh: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::docsig::DocSigner;

    fn input(id: &str, text: &[u8]) -> Input<'static> {
        Input {
            id: Cow::Owned(id.to_string()),
            body: Body::Bytes(Cow::Owned(text.to_vec())),
        }
    }

    const TEXT: &str = "The quick brown fox jumps over the lazy dog near the river bank today.";

    #[test]
    fn records_hold_what_the_scan_computes() {
        let config = ScanConfig::default();
        let signer = Signer::new(config.clone(), true).unwrap();
        let scanner = Scanner::new(config.clone()).unwrap();
        let r = &signer.sign_batch(&[input("a", TEXT.as_bytes())])[0];
        let own = DocSigner::new(&config)
            .unwrap()
            .sign(TEXT, &mut Scratch::default());
        assert_eq!(
            Some(r.sig.as_slice()),
            own.signature.as_ref().map(|s| s.values())
        );
        assert_eq!(r.content, own.content);
        assert_eq!(r.words, own.words);
        let lsh = scanner.lsh_params();
        assert_eq!(r.bands.len(), lsh.bands);
        assert_eq!(r.bands[1], band_key(&r.sig, 1, lsh.rows));
        let sh = r.sh.as_ref().unwrap();
        assert!(sh.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sh.len(), r.n as usize, "no repeated 5-gram in this text");
        assert_eq!(r.bytes, TEXT.len() as u64);
        assert!(r.skip.is_none() && !r.lossy);
    }

    #[test]
    fn bad_documents_are_records_with_a_reason() {
        let signer = Signer::new(
            ScanConfig {
                max_size: 100,
                ..ScanConfig::default()
            },
            false,
        )
        .unwrap();
        let docs = [
            input("empty", b""),
            input("short", b"one two three"),
            input("nul", b"a\0b"),
            input("big", &[b'a'; 101]),
            Input {
                id: "missing".into(),
                body: Body::Missing { length: Some(5000) },
            },
            Input {
                id: "null".into(),
                body: Body::Missing { length: None },
            },
            input("latin1", b"caf\xe9 one two three four five six"),
        ];
        let r = signer.sign_batch(&docs);
        let reasons: Vec<Option<SkipReason>> = r.iter().map(|r| r.skip).collect();
        use SkipReason::*;
        assert_eq!(
            reasons,
            [
                Some(Empty),
                Some(TooShort),
                Some(Binary),
                Some(TooLarge),
                Some(TooLarge),
                Some(Unreadable),
                None
            ]
        );
        assert!(r.iter().take(6).all(|r| r.n == 0 && r.sig.is_empty()));
        assert_eq!(r[1].words, 3);
        assert!(!r[6].lossy && r[6].n > 0, "Latin-1 is decoded, not lossy");
        assert!(r[3].detail.as_deref().unwrap().contains("--max-size"));
    }

    #[test]
    fn identical_words_share_the_content_hash() {
        let signer = Signer::new(ScanConfig::default(), false).unwrap();
        let r = signer.sign_batch(&[
            input("a", TEXT.as_bytes()),
            input("b", TEXT.to_uppercase().replace(' ', "\n").as_bytes()),
        ]);
        assert_eq!(r[0].content, r[1].content);
        assert_eq!(r[0].sig, r[1].sig);
    }
}
