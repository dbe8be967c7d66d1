//! Adding documents: walk, read and extract in parallel, one batch at a
//! time, and write each batch in one transaction.
//!
//! Files are walked as `scan` walks them (same filters, same reader, bad
//! files are warnings and counts). Paths are made absolute, so the index
//! can be used from any folder. A file whose path is indexed with the same
//! content hash (XXH3 of its text) is skipped; with another hash its old
//! entry is replaced. Only one batch of keys is held in memory; a kill
//! leaves the index at the last committed batch, and running the same
//! `add` again completes it (what is committed is skipped as unchanged).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::decode::Decoding;
use crate::error::Error;
use crate::scan::docsig::Scratch;
use crate::scan::read::read_document_as;
use crate::scan::walk::{Sources, WalkOptions, walk};
use crate::scan::{NonUtf8, SkipCounts, SkipReason, Skipped};

use super::keys::Family;
use super::{Extractor, Index};

/// What to add and how.
#[derive(Debug, Clone)]
pub struct AddOptions {
    /// Walk only files with these extensions (lowercase, no dot); empty
    /// walks all.
    pub extensions: Vec<String>,
    /// Walk hidden files and folders.
    pub hidden: bool,
    /// Follow symbolic links.
    pub follow: bool,
    /// Files larger than this are skipped with a warning.
    pub max_size: u64,
    /// Documents per batch (one transaction each; default 5000).
    pub batch: usize,
    /// How bytes become text (`--encoding`; default: detected, as `scan`
    /// reads). A forced encoding is stored with each document it read, so
    /// that `find` reads the document again the same way.
    pub decoding: Decoding,
}

impl Default for AddOptions {
    fn default() -> Self {
        AddOptions {
            extensions: Vec::new(),
            hidden: false,
            follow: false,
            max_size: crate::config::SCAN_MAX_SIZE,
            batch: 5000,
            decoding: Decoding::Auto,
        }
    }
}

/// What an `add` did.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AddReport {
    /// Files found by the walk.
    pub files: usize,
    /// New documents indexed.
    pub added: usize,
    /// Documents whose content changed, re-indexed.
    pub replaced: usize,
    /// Documents already indexed with the same content, skipped.
    pub unchanged: usize,
    /// Bytes of the documents added or replaced.
    pub bytes: u64,
    /// Files not indexed, by reason.
    pub skipped_counts: SkipCounts,
    /// Files not indexed, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Files indexed after replacing bytes invalid in their encoding with
    /// U+FFFD.
    pub decoded_lossily: Vec<String>,
    /// Files added or replaced that were decoded from another encoding
    /// than UTF-8 (as `scan` reads them: detected, sorted by path).
    pub non_utf8: Vec<NonUtf8>,
    /// Batches committed.
    pub batches: usize,
    /// Segment merges done.
    pub merges: usize,
}

/// Receives progress from an `add`.
pub trait AddProgress: Sync {
    /// The walk found `files` files.
    fn walked(&self, _files: usize) {}
    /// A batch of `files` files (`bytes` read) was committed.
    fn batch_done(&self, _files: usize, _bytes: u64) {}
}

impl AddProgress for crate::scan::Silent {}

/// One file of a batch, after reading.
enum Extracted {
    Unchanged,
    Skipped(Skipped),
    Doc {
        path: String,
        replaces: Option<u32>,
        content_hash: u64,
        bytes: u64,
        words: u64,
        signature: Option<Vec<u32>>,
        keys: Vec<u64>,
        lossy: bool,
        encoding: &'static str,
        /// The `--encoding` it was read in, if one was given.
        forced: Option<&'static str>,
    },
}

impl Index {
    /// Adds the files and folders of `paths` (and of `listed`, where a
    /// missing file is a warning, not an error).
    pub fn add(
        &self,
        paths: &[PathBuf],
        listed: &[PathBuf],
        opts: &AddOptions,
        progress: &dyn AddProgress,
    ) -> Result<AddReport, Error> {
        let absolute = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        let mut roots = Vec::new();
        for p in paths {
            // A missing root is the walker's error; others are made
            // absolute so that paths in the index do not depend on the
            // folder `add` ran in.
            roots.push(absolute(p));
        }
        let sources = Sources {
            roots,
            listed: listed.iter().map(absolute).collect(),
        };
        let walk_opts = WalkOptions {
            extensions: opts.extensions.clone(),
            hidden: opts.hidden,
            follow: opts.follow,
        };
        let corpus = walk(&sources, &walk_opts).map_err(|e| match e {
            Error::Index(m) => Error::Index(m.replace("cannot scan", "cannot index")),
            e => e,
        })?;
        progress.walked(corpus.files.len());
        let mut report = AddReport {
            files: corpus.files.len(),
            skipped: corpus.skipped.clone(),
            ..AddReport::default()
        };
        let ex = &self.extractor;
        for chunk in corpus.files.chunks(opts.batch.max(1)) {
            let known: Vec<Option<(u32, u64)>> = chunk
                .iter()
                .map(|f| self.store.find_path(&f.display))
                .collect::<Result<_, _>>()
                .map_err(|e| self.error(e))?;
            let extracted: Vec<Extracted> = chunk
                .par_iter()
                .zip(&known)
                .map(|(file, known)| ex.extract(file.path(), &file.display, *known, opts))
                .collect();
            let bytes = self.write_batch(extracted, &mut report)?;
            // Merging after every batch keeps the segment count near
            // log2(documents / batch) at every commit, so an interrupted or
            // huge add never leaves hundreds of segments for `find` to read.
            report.merges += self.store.merge_segments().map_err(|e| self.error(e))?;
            progress.batch_done(chunk.len(), bytes);
        }
        self.store.checkpoint();
        report.skipped.sort();
        for s in &report.skipped {
            report.skipped_counts.add(s.reason);
        }
        report.decoded_lossily.sort();
        report.non_utf8.sort();
        Ok(report)
    }
}

impl Extractor {
    /// Reads one file and makes its keys, unless it is unchanged.
    fn extract(
        &self,
        path: &Path,
        display: &str,
        known: Option<(u32, u64)>,
        opts: &AddOptions,
    ) -> Extracted {
        let skipped = |reason: SkipReason, detail: String| {
            Extracted::Skipped(Skipped {
                path: display.to_string(),
                reason,
                detail,
            })
        };
        with_scratch(|buf, scratch, norm| {
            let loaded = match read_document_as(path, opts.max_size, opts.decoding, buf) {
                Ok(l) => l,
                Err(skip) => return skipped(skip.reason, skip.detail),
            };
            let content_hash = crate::hash::hash_bytes(loaded.text.as_bytes());
            if known.is_some_and(|k| k.1 == content_hash) {
                return Extracted::Unchanged;
            }
            let keys = self.keys.keys(&loaded.text, norm);
            if keys.word_count == 0 {
                return skipped(SkipReason::Empty, "no words".into());
            }
            let sig = self.signer.sign(&loaded.text, scratch);
            let lsh = self.settings.lsh();
            let mut all = keys.fingerprints;
            all.extend(keys.words);
            let signature = sig.signature.map(|s| s.values().to_vec());
            if let Some(s) = &signature {
                all.extend(
                    (0..lsh.bands).map(|b| Family::Band.key(crate::lsh::band_key(s, b, lsh.rows))),
                );
            }
            Extracted::Doc {
                path: display.to_string(),
                replaces: known.map(|k| k.0),
                content_hash,
                bytes: loaded.bytes,
                words: keys.word_count,
                signature,
                keys: all,
                lossy: loaded.lossy_at.is_some(),
                encoding: loaded.encoding,
                forced: match opts.decoding {
                    Decoding::Auto => None,
                    Decoding::Forced(e) => Some(e.name()),
                },
            }
        })
    }
}

impl Index {
    /// Writes one batch in one transaction; returns the bytes added.
    fn write_batch(&self, extracted: Vec<Extracted>, report: &mut AddReport) -> Result<u64, Error> {
        let mut postings = Vec::new();
        let mut docs = 0u64;
        let mut bytes_added = 0;
        self.store.begin_write().map_err(|e| self.error(e))?;
        let written = (|| -> Result<(), String> {
            for e in extracted {
                match e {
                    Extracted::Unchanged => report.unchanged += 1,
                    Extracted::Skipped(s) => report.skipped.push(s),
                    Extracted::Doc {
                        path,
                        replaces,
                        content_hash,
                        bytes,
                        words,
                        signature,
                        keys,
                        lossy,
                        encoding,
                        forced,
                    } => {
                        if let Some(old) = replaces {
                            self.store.remove(old)?;
                            report.replaced += 1;
                        } else {
                            report.added += 1;
                        }
                        let id = self.store.insert(
                            &path,
                            content_hash,
                            bytes,
                            words,
                            signature.as_deref(),
                            forced,
                        )?;
                        postings.extend(keys.into_iter().map(|k| (k, id)));
                        docs += 1;
                        bytes_added += bytes;
                        if encoding != "UTF-8" {
                            report.non_utf8.push(NonUtf8 {
                                path: path.clone(),
                                encoding: encoding.to_string(),
                            });
                        }
                        if lossy {
                            report.decoded_lossily.push(path);
                        }
                    }
                }
            }
            if docs > 0 {
                self.store
                    .write_segment(std::mem::take(&mut postings), docs)?;
            }
            Ok(())
        })();
        match written {
            Ok(()) => self.store.end().map_err(|e| self.error(e))?,
            Err(e) => {
                self.store.rollback();
                return Err(self.error(e));
            }
        }
        report.batches += 1;
        report.bytes += bytes_added;
        Ok(bytes_added)
    }

    /// Removes the documents at `paths` (files, or every document under a
    /// folder); returns how many were removed and the paths that matched
    /// nothing.
    pub fn remove(&self, paths: &[PathBuf]) -> Result<(usize, Vec<String>), Error> {
        self.store.begin_write().map_err(|e| self.error(e))?;
        let done = (|| -> Result<(usize, Vec<String>), String> {
            let mut removed = 0;
            let mut missing = Vec::new();
            for p in paths {
                let abs = std::fs::canonicalize(p)
                    .or_else(|_| std::path::absolute(p))
                    .unwrap_or_else(|_| p.clone());
                let key = crate::scan::walk::display_path(&abs);
                let ids = self.store.ids_under(&key)?;
                if ids.is_empty() {
                    missing.push(crate::scan::walk::display_path(p));
                }
                for id in ids {
                    self.store.remove(id)?;
                    removed += 1;
                }
            }
            Ok((removed, missing))
        })();
        match done {
            Ok(r) => {
                self.store.end().map_err(|e| self.error(e))?;
                Ok(r)
            }
            Err(e) => {
                self.store.rollback();
                Err(self.error(e))
            }
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<(Vec<u8>, Scratch, String)> =
        std::cell::RefCell::new((Vec::new(), Scratch::default(), String::new()));
}

/// Runs `f` with this thread's read buffer and scratch space.
fn with_scratch<T>(f: impl FnOnce(&mut Vec<u8>, &mut Scratch, &mut String) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => {
            let (buf, scratch, norm) = &mut *b;
            let out = f(buf, scratch, norm);
            if buf.capacity() > 4 << 20 {
                *buf = Vec::new();
            }
            out
        }
        Err(_) => f(&mut Vec::new(), &mut Scratch::default(), &mut String::new()),
    })
}
