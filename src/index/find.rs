//! Finding the sources of a query document.
//!
//! Retrieval works per window of the query — `window` consecutive passages
//! every `stride` passages — because a query may reuse several sources,
//! each in one region (and a summary of a source fills only a few
//! sentences). For each window the indexed documents are ranked twice: by
//! the fingerprints they share with it (at least two), and by the summed
//! rarity (idf, `ln(N/df)`) of the words they share with it; keys found in
//! more than `df_cap` of the documents carry no evidence and are skipped.
//! The `per_window` best of each ranking become candidates (and a few more
//! when they score close to the best), as do the
//! documents whose whole-document signature shares an LSH band with the
//! query's (near-duplicates). Only the posting blobs of the query's keys
//! and the rows of the candidates are read.
//!
//! Each candidate's file is read again (its content hash must be the one
//! indexed, else it is reported as stale) and aligned with the query by the
//! comparator; a candidate with at least one match is a source.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;

use crate::compare::{Comparator, Document};
use crate::decode::{Decoding, StoredOffsets, decode};
use crate::error::Error;
use crate::report::stored::{Stored, to_stored};
use crate::scan::read::read_document_as;
use crate::scan::walk::path_of_display;
use crate::text::{PassageRules, Span, passages};

use super::keys::Family;
use super::result::{FindResult, QueryResult, SourceMatch};
use super::store::Segment;
use super::{Extractor, Index};

/// How candidates are retrieved.
#[derive(Debug, Clone)]
pub struct FindOptions {
    /// Passages per query window (default 4).
    pub window: usize,
    /// Passages between window starts (default 2).
    pub stride: usize,
    /// Candidates each ranking keeps per window (default 2)...
    pub per_window: usize,
    /// ...and up to this many (default 6) while they score at least
    /// `close` times the window's best: when several indexed documents hold
    /// the same text (a compilation and its parts), the parts still get a
    /// place.
    pub per_window_max: usize,
    /// See `per_window_max` (default 0.25).
    pub close: f64,
    /// Most candidates aligned per query (default 200).
    pub max_candidates: usize,
    /// Keys in more than this share of the documents are skipped (default
    /// 0.01)...
    pub df_cap: f64,
    /// ...but never those in at most this many (default 20).
    pub min_df_cap: usize,
    /// The pre-filter before alignment: a candidate is aligned when it
    /// holds at least this share of the summed rarity of one window's
    /// words (default 0: every candidate is aligned)...
    pub min_word_share: f64,
    /// ...or shares at least this many fingerprints with one window
    /// (default 0); near-duplicates (a shared LSH band) are always aligned.
    pub min_fingerprints: usize,
    /// Query and source files larger than this are refused (bytes).
    pub max_size: u64,
}

impl Default for FindOptions {
    fn default() -> Self {
        FindOptions {
            window: 4,
            stride: 2,
            per_window: 2,
            per_window_max: 6,
            close: 0.25,
            max_candidates: 200,
            df_cap: 0.01,
            min_df_cap: 20,
            min_word_share: 0.0,
            min_fingerprints: 0,
            max_size: crate::input::DEFAULT_MAX_SIZE,
        }
    }
}

impl FindOptions {
    /// Checks every value is in range.
    pub fn validate(&self) -> Result<(), Error> {
        if self.window == 0 || self.stride == 0 || self.per_window == 0 {
            return Err(Error::Index(
                "--window, --stride and --per-window must be at least 1".into(),
            ));
        }
        if self.max_candidates == 0 {
            return Err(Error::Index(
                "--max-candidates must be at least 1 (default 200)".into(),
            ));
        }
        crate::config::check_unit("--df-cap", self.df_cap, false)
    }
}

/// The state of the index a batch of queries reads.
struct Snapshot {
    segments: Vec<Segment>,
    removed: AHashSet<u32>,
    documents: u64,
}

/// Why a document is a candidate: its best showing in any query window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evidence {
    /// Its best rank in a window's ranking (0 = top).
    pub rank: usize,
    /// Its score at that rank.
    pub score: f64,
    /// Most fingerprints it shares with one window.
    pub fingerprints: f64,
    /// Largest share of one window's word rarity (summed idf of the
    /// window's words under the df cap) its shared words hold.
    pub word_share: f64,
    /// It shares an LSH band of the whole-document signature.
    pub near_duplicate: bool,
}

impl Evidence {
    /// Whether the pre-filter lets it be aligned.
    pub fn passes(&self, opts: &FindOptions) -> bool {
        self.near_duplicate
            || self.word_share >= opts.min_word_share
            || self.fingerprints >= opts.min_fingerprints as f64
    }
}

/// A query document for [`Index::find_queries`].
#[derive(Debug, Clone)]
pub struct Query {
    /// The document; its `path` is the name reports give it.
    pub doc: Document,
    /// Its path as the index would hold it, when it is a file: an indexed
    /// query is never its own source.
    pub own_path: Option<String>,
    /// How its file was stored: the encoding it was read in and the map
    /// from text offsets to file offsets (UTF-8 and the identity unless
    /// [`Query::stored_as`] says otherwise). JSON offsets count bytes of
    /// the file as stored, as `compare` does.
    pub stored: StoredFile,
}

/// How a document's file was stored: what turns offsets into its decoded
/// text into offsets into the file (docs/languages.md, "Offsets in the
/// files as stored").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// The encoding it was read in (`UTF-8`, `UTF-16LE`, `KOI8-R`, ...).
    pub encoding: &'static str,
    /// Text offsets → file offsets (the identity for UTF-8).
    pub offsets: StoredOffsets,
}

impl Default for StoredFile {
    fn default() -> Self {
        StoredFile {
            encoding: "UTF-8",
            offsets: StoredOffsets::identity(),
        }
    }
}

impl StoredFile {
    fn view(&self) -> Stored<'_> {
        Stored {
            encoding: self.encoding,
            offsets: &self.offsets,
        }
    }
}

impl Query {
    /// The file `path`, whose text is `text` (read as UTF-8; see
    /// [`Query::stored_as`]).
    pub fn file(path: &Path, text: String) -> Query {
        Query {
            doc: Document {
                path: path.display().to_string(),
                text,
            },
            own_path: std::fs::canonicalize(path)
                .ok()
                .map(|a| crate::scan::walk::display_path(&a)),
            stored: StoredFile::default(),
        }
    }

    /// A text that is no file (standard input, a string), named `name`.
    pub fn text(name: &str, text: String) -> Query {
        Query {
            doc: Document {
                path: name.to_string(),
                text,
            },
            own_path: None,
            stored: StoredFile::default(),
        }
    }

    /// The same query, whose text was decoded from `encoding` with the
    /// offset map `offsets` ([`crate::input::TextFile`] has both).
    pub fn stored_as(mut self, encoding: &'static str, offsets: StoredOffsets) -> Query {
        self.stored = StoredFile { encoding, offsets };
        self
    }
}

impl Index {
    /// Finds the sources of each file of `paths` (read as text by
    /// [`crate::input::read_text`]; an unreadable query is an error naming
    /// it).
    pub fn find_files(
        &self,
        paths: &[PathBuf],
        cmp: &Comparator,
        opts: &FindOptions,
    ) -> Result<FindResult, Error> {
        let mut queries = Vec::with_capacity(paths.len());
        for p in paths {
            let text = crate::input::read_text(p, opts.max_size)?;
            queries.push(Query::file(p, text));
        }
        self.find_queries(&queries, cmp, opts)
    }

    /// Finds the sources of each query, in order.
    pub fn find_queries(
        &self,
        queries: &[Query],
        cmp: &Comparator,
        opts: &FindOptions,
    ) -> Result<FindResult, Error> {
        let mut found = Vec::with_capacity(queries.len());
        for q in queries {
            found.push(self.find_stored(&q.doc, q.own_path.as_deref(), &q.stored, cmp, opts)?);
        }
        Ok(FindResult {
            index: crate::scan::walk::display_path(self.store.path()),
            documents: self.store.totals().map_err(|e| self.error(e))?.0,
            queries: found,
        })
    }

    /// Finds the sources of `query`. `own_path`, when the query is itself
    /// an indexed file, keeps it from being reported as its own source.
    pub fn find(
        &self,
        query: &Document,
        own_path: Option<&str>,
        cmp: &Comparator,
        opts: &FindOptions,
    ) -> Result<QueryResult, Error> {
        self.find_stored(query, own_path, &StoredFile::default(), cmp, opts)
    }

    /// [`Index::find`] for a query whose file was stored as `stored` says.
    fn find_stored(
        &self,
        query: &Document,
        own_path: Option<&str>,
        stored: &StoredFile,
        cmp: &Comparator,
        opts: &FindOptions,
    ) -> Result<QueryResult, Error> {
        opts.validate()?;
        let e = |m| self.error(m);
        self.store.begin_read().map_err(e)?;
        let found = self.candidate_rows(&query.text, own_path, opts);
        self.store.end().map_err(e)?;
        let rows = found?;
        let prepared_query = cmp.prepare(&query.text);
        let aligned: Vec<Result<SourceMatch, String>> = rows
            .par_iter()
            .map(|row| {
                let mut buf = Vec::new();
                // Read as `add` read it: in the encoding it was given, if any.
                let decoding = match &row.encoding {
                    Some(label) => Decoding::from_label(label).map_err(|_| row.path.clone())?,
                    None => Decoding::Auto,
                };
                let loaded = read_document_as(
                    &path_of_display(&row.path),
                    opts.max_size,
                    decoding,
                    &mut buf,
                )
                .map_err(|_| row.path.clone())?;
                if crate::hash::hash_bytes(loaded.text.as_bytes()) != row.content_hash {
                    return Err(row.path.clone());
                }
                let decoded_copy = matches!(loaded.text, Cow::Owned(_));
                let encoding = loaded.encoding;
                let source = Document {
                    path: row.path.clone(),
                    text: loaded.text.into_owned(),
                };
                // Valid UTF-8 is the file itself; a decoded text needs the
                // map to the file's offsets (decoding it again costs one
                // pass, for these files only).
                let source_file = StoredFile {
                    encoding,
                    offsets: if decoded_copy {
                        StoredOffsets::new(&buf, &decode(&buf, decoding))
                    } else {
                        StoredOffsets::identity()
                    },
                };
                let prepared = cmp.prepare(&source.text);
                let comparison = cmp.compare_prepared(&source, &prepared, query, &prepared_query);
                let in_file = to_stored(&comparison, source_file.view(), stored.view());
                let score = comparison
                    .matches
                    .iter()
                    .map(|m| m.score)
                    .fold(0.0, f64::max);
                Ok(SourceMatch {
                    path: row.path.clone(),
                    score,
                    comparison,
                    in_file,
                    text: source.text,
                })
            })
            .collect();
        let mut sources = Vec::new();
        let mut stale = Vec::new();
        for a in aligned {
            match a {
                Ok(s) if !s.comparison.matches.is_empty() => sources.push(s),
                Ok(_) => {}
                Err(path) => stale.push(path),
            }
        }
        sources.sort_by(|a, b| {
            b.rewrite_derived()
                .total_cmp(&a.rewrite_derived())
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.path.cmp(&b.path))
        });
        stale.sort();
        Ok(QueryResult {
            path: query.path.clone(),
            bytes: stored.offsets.stored(query.text.len()),
            encoding: (!stored.offsets.is_identity()).then(|| stored.encoding.to_string()),
            candidates: rows.len(),
            sources,
            text: query.text.clone(),
            stale,
        })
    }

    /// Every candidate of `text` (before the pre-filter) with its path and
    /// evidence, best first: for the pre-filter study.
    #[cfg(test)]
    pub(crate) fn evidence(
        &self,
        text: &str,
        opts: &FindOptions,
    ) -> Result<Vec<(String, Evidence)>, Error> {
        let e = |m| self.error(m);
        self.store.begin_read().map_err(e)?;
        let snap = Snapshot {
            segments: self.store.segments().map_err(e)?,
            removed: self.store.removed().map_err(e)?,
            documents: self.store.totals().map_err(e)?.0,
        };
        let mut out = Vec::new();
        for (id, ev) in self.candidates(text, &snap, opts)? {
            if let Some(row) = self.store.doc(id).map_err(e)? {
                out.push((row.path, ev));
            }
        }
        self.store.end().map_err(e)?;
        Ok(out)
    }

    /// The document rows of the candidates for `text`, best first.
    fn candidate_rows(
        &self,
        text: &str,
        own_path: Option<&str>,
        opts: &FindOptions,
    ) -> Result<Vec<super::store::DocRow>, Error> {
        let e = |m| self.error(m);
        let mut snap = Snapshot {
            segments: self.store.segments().map_err(e)?,
            removed: self.store.removed().map_err(e)?,
            documents: self.store.totals().map_err(e)?.0,
        };
        // The query itself, when indexed, is no candidate (and must not
        // take a candidate's place).
        if let Some(own) = own_path {
            if let Some((id, _)) = self.store.find_path(own).map_err(e)? {
                snap.removed.insert(id);
            }
        }
        let ids = self.candidates(text, &snap, opts)?;
        let mut rows = Vec::with_capacity(ids.len());
        for (id, evidence) in ids {
            if !evidence.passes(opts) {
                continue;
            }
            if let Some(row) = self.store.doc(id).map_err(e)? {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// Candidate document ids for `text`, best first, with their
    /// evidence (before the pre-filter).
    fn candidates(
        &self,
        text: &str,
        snap: &Snapshot,
        opts: &FindOptions,
    ) -> Result<Vec<(u32, Evidence)>, Error> {
        let wins = windows(text, opts.window, opts.stride);
        let ex = &self.extractor;
        let win_keys: Vec<super::keys::Keys> = wins
            .par_iter()
            .map(|s| ex.keys.keys(&text[s.start..s.end], &mut String::new()))
            .collect();
        let bands = band_keys(ex, text);
        let mut all: Vec<u64> = win_keys
            .iter()
            .flat_map(|k| k.fingerprints.iter().chain(&k.words))
            .chain(&bands)
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        let postings = self.postings(snap, &all)?;
        let n = snap.documents.max(1) as f64;
        let cap = ((opts.df_cap * n) as usize).max(opts.min_df_cap);
        // A candidate's best showing (rank within its window, -score), and
        // its evidence over all windows.
        let mut best: BTreeMap<u32, Evidence> = BTreeMap::new();
        // Per document: most fingerprints shared with a window, largest
        // share of a window's word rarity.
        let mut shown: AHashMap<u32, (f64, f64)> = AHashMap::new();
        for k in &win_keys {
            let mut fp: AHashMap<u32, f64> = AHashMap::new();
            for key in &k.fingerprints {
                let docs = &postings[key];
                if docs.len() <= cap {
                    for &d in docs {
                        *fp.entry(d).or_default() += 1.0;
                    }
                }
            }
            let mut words: AHashMap<u32, f64> = AHashMap::new();
            let mut rarity = 0.0;
            for key in &k.words {
                let docs = &postings[key];
                if !docs.is_empty() && docs.len() <= cap {
                    let idf = (n / docs.len() as f64).ln();
                    rarity += idf;
                    for &d in docs {
                        *words.entry(d).or_default() += idf;
                    }
                }
            }
            propose(&mut best, &fp, 2.0, opts);
            propose(&mut best, &words, f64::MIN_POSITIVE, opts);
            for (&d, &f) in &fp {
                let e = shown.entry(d).or_default();
                e.0 = e.0.max(f);
            }
            if rarity > 0.0 {
                for (&d, &w) in &words {
                    let e = shown.entry(d).or_default();
                    e.1 = e.1.max(w / rarity);
                }
            }
        }
        for (d, e) in &mut best {
            (e.fingerprints, e.word_share) = shown.get(d).copied().unwrap_or_default();
        }
        for key in &bands {
            for &d in &postings[key] {
                let e = best.entry(d).or_insert(Evidence {
                    rank: 0,
                    score: -1.0,
                    fingerprints: 0.0,
                    word_share: 0.0,
                    near_duplicate: true,
                });
                (e.rank, e.score, e.near_duplicate) = (0, -1.0, true);
            }
        }
        let mut ranked: Vec<(u32, Evidence)> = best.into_iter().collect();
        ranked.sort_by(|a, b| {
            a.1.rank
                .cmp(&b.1.rank)
                .then(a.1.score.total_cmp(&b.1.score))
                .then(a.0.cmp(&b.0))
        });
        ranked.truncate(opts.max_candidates);
        Ok(ranked)
    }

    /// The documents of each of `keys` (sorted, once each), without the
    /// removed ones.
    fn postings(&self, snap: &Snapshot, keys: &[u64]) -> Result<AHashMap<u64, Vec<u32>>, Error> {
        let looked = self
            .store
            .lookup(&snap.segments, keys)
            .map_err(|m| self.error(m))?;
        Ok(looked
            .into_iter()
            .map(|(k, mut docs)| {
                docs.retain(|d| !snap.removed.contains(d));
                docs.sort_unstable();
                docs.dedup();
                (k, docs)
            })
            .collect())
    }
}

/// Proposes a window's best-scoring documents (at least `min`): the first
/// `per_window`, and up to `per_window_max` of those within `close` of the
/// top score; each keeps its best (rank, -score) in `best`.
fn propose(
    best: &mut BTreeMap<u32, Evidence>,
    scores: &AHashMap<u32, f64>,
    min: f64,
    opts: &FindOptions,
) {
    let mut v: Vec<(u32, f64)> = scores
        .iter()
        .map(|(&d, &s)| (d, s))
        .filter(|x| x.1 >= min)
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top = v.first().map_or(0.0, |x| x.1);
    let kept = v.into_iter().enumerate().take_while(|(rank, (_, s))| {
        *rank < opts.per_window || (*rank < opts.per_window_max && *s >= opts.close * top)
    });
    for (rank, (d, s)) in kept {
        let e = best.entry(d).or_insert(Evidence {
            rank,
            score: -s,
            fingerprints: 0.0,
            word_share: 0.0,
            near_duplicate: false,
        });
        if (rank, -s) < (e.rank, e.score) {
            (e.rank, e.score) = (rank, -s);
        }
    }
}

/// The LSH band keys of the whole-document signature of `text`.
fn band_keys(ex: &Extractor, text: &str) -> Vec<u64> {
    let sig = ex.signer.sign(text, &mut Default::default());
    let lsh = ex.settings.lsh();
    match sig.signature {
        Some(s) => (0..lsh.bands)
            .map(|b| Family::Band.key(crate::lsh::band_key(s.values(), b, lsh.rows)))
            .collect(),
        None => Vec::new(),
    }
}

/// Query windows: runs of `w` passages every `stride` passages (one window
/// over everything when there are fewer).
pub fn windows(text: &str, w: usize, stride: usize) -> Vec<Span> {
    let spans = passages(text, PassageRules::default());
    if spans.is_empty() {
        return Vec::new();
    }
    let last = spans.len().saturating_sub(w);
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + w).min(spans.len());
        out.push(Span::new(spans[start].start, spans[end - 1].end));
        if start >= last {
            break;
        }
        start = (start + stride).min(last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_passage() {
        let text = "One two three. Four five six. Seven eight nine. Ten eleven twelve. \
                    Thirteen fourteen fifteen.";
        let w = windows(text, 2, 1);
        assert_eq!(w.len(), 4);
        assert_eq!(w[0].start, 0);
        assert_eq!(w[3].end, text.len());
        let one = windows(text, 10, 2);
        assert_eq!(one, [Span::new(0, text.len())]);
        assert!(windows("", 4, 2).is_empty());
    }
}
