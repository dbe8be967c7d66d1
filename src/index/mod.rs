//! Archive search: a persistent index that finds where a rewrite came from.
//!
//! An [`Index`] is one SQLite file (`store.rs`) that grows as documents are
//! added ([`add`](mod@add)). Per document it keeps its path, content hash
//! and whole-document MinHash signature (the scan's, for near-duplicates),
//! and keys (`keys.rs`) that let a *part* of it be found: winnowed word 3-gram
//! fingerprints and its rare words. [`find`](mod@find) cuts a query into
//! windows of sentences, looks their keys up, ranks candidate sources per
//! window, and aligns each candidate with the query through the
//! [`Comparator`](crate::Comparator), so every reported source comes with
//! its passages exactly as `neardup compare` reports them
//! ([`result`]). [`against`] finds the near-duplicates of new documents
//! among the indexed ones, as a scan result. The settings are stored in the
//! index ([`settings`]); other settings are refused.
//!
//! ```no_run
//! use neardup::index::{AddOptions, Index, IndexOptions};
//! use neardup::{Comparator, CompareConfig};
//!
//! let index = Index::open_or_create("archive.ndx".as_ref(), &IndexOptions::default())?;
//! index.add(&["archive/".into()], &[], &AddOptions::default(), &neardup::scan::Silent)?;
//! let cmp = Comparator::new(CompareConfig::default())?;
//! let found = index.find_files(&["suspect.txt".into()], &cmp, &Default::default())?;
//! for source in &found.queries[0].sources {
//!     println!("{} {}", source.path, source.score);
//! }
//! # Ok::<(), neardup::Error>(())
//! ```

pub mod add;
pub mod against;

pub mod find;
pub(crate) mod keys;
pub mod result;
pub mod settings;
pub(crate) mod store;
#[cfg(test)]
mod study;

use std::path::Path;

use serde::Serialize;

use crate::error::Error;
use crate::scan::docsig::DocSigner;
pub use add::{AddOptions, AddProgress, AddReport};
pub use find::{FindOptions, Query, StoredFile};
use keys::KeyMaker;
pub use result::{FindResult, QueryResult, SourceMatch};
pub use settings::{FORMAT_VERSION, IndexOptions, IndexSettings};
use store::Store;

/// An open index.
#[derive(Debug)]
pub struct Index {
    store: Store,
    settings: IndexSettings,
    extractor: Extractor,
}

/// What turns a text into stored values (shared by the threads of an add
/// or a find; the SQLite connection is not).
#[derive(Debug)]
struct Extractor {
    keys: KeyMaker,
    signer: DocSigner,
    settings: IndexSettings,
}

/// What `neardup index stats` shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// The index file.
    pub path: String,
    /// Documents indexed.
    pub documents: u64,
    /// Bytes of the documents indexed.
    pub bytes: u64,
    /// Words of the documents indexed.
    pub words: u64,
    /// Size of the index on disk (the file and its WAL), in bytes.
    pub size_on_disk: u64,
    /// Segments of the inverted file.
    pub segments: usize,
    /// Postings in them (removed documents' included until merged away).
    pub postings: u64,
    /// Removed or replaced documents whose postings may remain.
    pub removed: usize,
    /// The settings, with the format version.
    pub settings: IndexSettings,
}

impl Index {
    /// Opens the index at `path`, creating it with `opts` if there is no
    /// file; an existing index must have been built with what `opts` asks.
    pub fn open_or_create(path: &Path, opts: &IndexOptions) -> Result<Self, Error> {
        let fresh = IndexSettings::new(opts)?;
        let store = Store::open(path, Some(&fresh)).map_err(Error::Index)?;
        Self::from_store(store, opts)
    }

    /// Opens an existing index; refused if it was built with other
    /// settings than `opts` asks for.
    pub fn open(path: &Path, opts: &IndexOptions) -> Result<Self, Error> {
        let store = Store::open(path, None).map_err(Error::Index)?;
        Self::from_store(store, opts)
    }

    fn from_store(store: Store, opts: &IndexOptions) -> Result<Self, Error> {
        let settings = store.settings().map_err(Error::Index)?;
        settings.check(opts, &store.path().display().to_string())?;
        let signer = DocSigner::new(&settings.scan_config()?)?;
        Ok(Index {
            extractor: Extractor {
                keys: KeyMaker::new(),
                signer,
                settings: settings.clone(),
            },
            store,
            settings,
        })
    }

    /// The settings the index was built with.
    pub fn settings(&self) -> &IndexSettings {
        &self.settings
    }

    /// Counts and settings.
    pub fn stats(&self) -> Result<Stats, Error> {
        let e = |m| self.error(m);
        self.store.begin_read().map_err(e)?;
        let (documents, bytes, words) = self.store.totals().map_err(e)?;
        let segments = self.store.segments().map_err(e)?;
        let removed = self.store.removed().map_err(e)?.len();
        self.store.end().map_err(e)?;
        let path = self.store.path();
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Stats {
            path: crate::scan::walk::display_path(path),
            documents,
            bytes,
            words,
            size_on_disk: size(path) + size(Path::new(&wal)),
            segments: segments.len(),
            postings: segments.iter().map(|s| s.postings).sum(),
            removed,
            settings: self.settings.clone(),
        })
    }

    fn error(&self, message: String) -> Error {
        Error::Index(message)
    }
}
