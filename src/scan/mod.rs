//! `neardup scan`: near-duplicate documents in a corpus.
//!
//! The stages, one file each: [`walk`] lists the files (sorted, filtered);
//! [`read`] loads one file into a per-thread buffer and classifies it;
//! `docsig` turns its text into a MinHash signature in one pass (files are
//! read and signed in parallel, and only the signature, 512 bytes at the
//! default 128 permutations, outlives the text); documents with identical
//! normalised words are folded into one text (`cluster::Texts`); the
//! crate's LSH banding (`lsh`, as for compare's passages) proposes
//! candidate pairs of texts, one band at a time; `verify` checks every
//! candidate against the threshold with the Jaccard estimate of
//! the full signatures, or with exact Jaccard recomputed from the files
//! (`--exact`); `cluster` joins the verified pairs by union-find and lists
//! pairs up to a cap; `histogram` counts all similar pairs into fixed
//! similarity bins (before that cap); [`result`] is the model the reporters
//! render.
//!
//! Determinism: documents are indexed in sorted path order, every parallel
//! step collects in that order, and clusters and pairs are sorted, so the
//! result is byte-identical whatever the thread count or input order.

pub(crate) mod cluster;
pub(crate) mod docsig;
pub mod findings;
pub(crate) mod histogram;
pub mod read;
pub mod result;
pub(crate) mod verify;
pub mod walk;

use rayon::prelude::*;

use crate::config::ScanConfig;
use crate::error::Error;
use crate::format::round4;
use crate::lsh::{self, LshParams};
use crate::minhash::jaccard;
use cluster::{ClusterDraft, Texts};
use docsig::{DocSigner, Scratch};
use read::{Skip, read_document_as};
pub use result::{
    Cluster, HistogramBin, NonUtf8, Pair, ScanResult, ScanSettings, SkipCounts, SkipReason,
    Skipped, Summary,
};
pub use walk::Sources;
use walk::{Corpus, WalkOptions};

/// Stages of a scan, announced to a [`Progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Listing files.
    Walk,
    /// Reading and signing files (`total` = files).
    Sign,
    /// LSH banding (`total` = distinct texts).
    Band,
    /// Verifying candidates (`total` = candidate pairs).
    Verify,
    /// Clustering and building the result.
    Cluster,
}

/// Receives progress from a running scan (from several threads at once).
pub trait Progress: Sync {
    /// A stage starts, with its amount of work.
    fn stage(&self, _stage: Stage, _total: u64) {}
    /// One file was read (`bytes` long) and signed.
    fn file_done(&self, _bytes: u64) {}
    /// Whether to time reading and signing each file apart (two clock reads
    /// more per file; `neardup bench` asks, a plain scan does not).
    fn wants_file_times(&self) -> bool {
        false
    }
    /// Time one worker spent reading one file and signing it (called only
    /// when [`Progress::wants_file_times`]).
    fn file_times(&self, _read: std::time::Duration, _sign: std::time::Duration) {}
    /// The scan is over.
    fn finish(&self) {}
}

/// Borderline pairs re-checked per batch (bounds the shingle sets held).
const RECHECK_CHUNK: usize = 512;

/// A [`Progress`] that shows nothing.
#[derive(Debug, Clone, Copy, Default)]

pub struct Silent;

impl Progress for Silent {}

/// Scans corpora with one set of settings.
#[derive(Debug)]
pub struct Scanner {
    config: ScanConfig,
    signer: DocSigner,
    lsh: LshParams,
}

/// What reading and signing one file gave.
#[derive(Debug)]
enum Outcome {
    /// Signed: the minima are in the arena row of the file.
    Signed {
        words: u32,
        content: u64,
        bytes: u64,
        lossy: bool,
        /// The encoding it was decoded from (WHATWG name).
        encoding: &'static str,
        /// The language detected (`--lang auto` only).
        language: Option<&'static str>,
        /// The shingle set of a short document (at most
        /// [`Scanner::stored_set_max`] shingles), kept so that an exact
        /// check needs no second read.
        set: Option<Box<[u64]>>,
    },
    Skipped(Skip),
}

/// How the documents were read: the files decoded lossily or from
/// another encoding than UTF-8, and the languages detected.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    /// Paths decoded lossily.
    pub decoded_lossily: Vec<String>,
    /// Documents not in UTF-8.
    pub non_utf8: Vec<NonUtf8>,
    /// Documents per language detected.
    pub languages: std::collections::BTreeMap<String, usize>,
}

/// The verified similarity graph over texts, with what describing it
/// needs: a document's words (the representative's tie-break) and path.
struct Verified<'a> {
    texts: &'a Texts,
    edges: &'a [cluster::Edge],
    words: &'a dyn Fn(u32) -> u32,
    path: &'a dyn Fn(u32) -> String,
}

/// What verifying candidate pairs of texts needs: the files, their
/// grouping into texts, what signing each gave and each text's signature.
#[derive(Clone, Copy)]
struct Candidates<'a> {
    files: &'a [walk::CorpusFile],
    texts: &'a Texts,
    outcomes: &'a [Outcome],
    sigs: &'a [&'a [u32]],
    sets: &'a StoredSets,
}

/// The shingle sets kept from signing (short documents), one row per
/// text in one allocation: an exact check reads two neighbouring slices
/// instead of chasing a box per document.
struct StoredSets {
    /// `values[offsets[t]..offsets[t + 1]]` is text `t`'s set; empty when
    /// not kept (a signed document has at least one shingle).
    offsets: Vec<usize>,
    values: Vec<u64>,
}

impl StoredSets {
    /// Moves the sets out of the outcomes of the texts' first documents.
    fn take(texts: &Texts, outcomes: &mut [Outcome]) -> Self {
        let mut offsets = Vec::with_capacity(texts.len() + 1);
        let mut values = Vec::new();
        offsets.push(0);
        for t in 0..texts.len() {
            if let Outcome::Signed { set, .. } = &mut outcomes[texts.first(t) as usize] {
                values.extend_from_slice(set.take().as_deref().unwrap_or_default());
            }
            offsets.push(values.len());
        }
        StoredSets { offsets, values }
    }

    /// The set of text `t`, when kept.
    fn get(&self, t: u32) -> Option<&[u64]> {
        let (from, to) = (self.offsets[t as usize], self.offsets[t as usize + 1]);
        (from < to).then(|| &self.values[from..to])
    }
}

/// The files of a corpus once read and signed, sorted into documents and
/// skipped files.
struct Tally {
    /// The counts so far (files, documents, bytes, what the walk left out).
    summary: Summary,
    /// Files skipped by the walk or when read.
    skipped: Vec<Skipped>,
    /// How the documents were read (lossily, other encodings, languages).
    reading: Reading,
    /// (content hash, document index) of every signed document.
    keyed: Vec<(u64, u32)>,
}

/// Counts the outcomes of reading and signing `corpus`'s files, and moves
/// the files the walk skipped into the tally.
fn tally(corpus: &mut Corpus, outcomes: &[Outcome]) -> Tally {
    let mut t = Tally {
        summary: Summary {
            // Every path met once: each file is a document or skipped, and
            // so is each entry the walk could not take.
            files: corpus.files.len() + corpus.skipped.len(),
            hidden_ignored: corpus.hidden_ignored,
            symlinks_ignored: corpus.symlinks_ignored,
            excluded_by_ext: corpus.excluded_by_ext,
            ..Summary::default()
        },
        skipped: std::mem::take(&mut corpus.skipped),
        reading: Reading::default(),
        keyed: Vec::new(),
    };
    for (i, (file, outcome)) in corpus.files.iter().zip(outcomes).enumerate() {
        match outcome {
            Outcome::Signed {
                content,
                bytes,
                lossy,
                encoding,
                language,
                ..
            } => {
                t.summary.documents += 1;
                t.summary.bytes += bytes;
                t.keyed.push((*content, i as u32));
                if *lossy {
                    t.reading.decoded_lossily.push(file.display.clone());
                }
                if *encoding != "UTF-8" {
                    t.reading.non_utf8.push(NonUtf8 {
                        path: file.display.clone(),
                        encoding: encoding.to_string(),
                    });
                }
                if let Some(language) = language {
                    *t.reading.languages.entry(language.to_string()).or_default() += 1;
                }
            }
            Outcome::Skipped(skip) => t.skipped.push(Skipped {
                path: file.display.clone(),
                reason: skip.reason,
                detail: skip.detail.clone(),
            }),
        }
    }
    t
}

impl Scanner {
    /// Validates `config` and chooses the LSH bands and rows.
    pub fn new(config: ScanConfig) -> Result<Self, Error> {
        config.validate()?;
        let signer = DocSigner::new(&config)?;
        let lsh = LshParams::optimal(
            config.threshold,
            config.perms,
            config.fp_weight,
            config.fn_weight,
        );
        Ok(Scanner {
            config,
            signer,
            lsh,
        })
    }

    /// The settings.
    pub fn config(&self) -> &ScanConfig {
        &self.config
    }

    /// The LSH bands and rows in use.
    pub fn lsh_params(&self) -> LshParams {
        self.lsh
    }

    /// Probability that LSH does not propose a pair exactly at the threshold.
    pub fn miss_rate_at_threshold(&self) -> f64 {
        1.0 - self.lsh.probability(self.config.threshold)
    }

    /// Walks `sources` and scans what it finds. Fails only on a missing
    /// command-line path; bad files are reported in the result.
    pub fn scan(&self, sources: &Sources, progress: &dyn Progress) -> Result<ScanResult, Error> {
        progress.stage(Stage::Walk, 0);
        let opts = WalkOptions {
            extensions: self.config.extensions.clone(),
            hidden: self.config.hidden,
            follow: self.config.follow,
        };
        let corpus = walk::walk(sources, &opts)?;
        Ok(self.scan_corpus(corpus, progress))
    }

    /// Scans the files of a walked corpus.
    pub fn scan_corpus(&self, mut corpus: Corpus, progress: &dyn Progress) -> ScanResult {
        let (arena, mut outcomes) = self.sign_all(&corpus.files, progress);
        let Tally {
            mut summary,
            skipped,
            reading,
            keyed,
        } = tally(&mut corpus, &outcomes);
        let texts = Texts::group(keyed);
        // Every grouped document was signed: its row holds its minima.
        let k = self.signer.num_perm();
        let row = |doc: u32| &arena[doc as usize * k..(doc as usize + 1) * k];
        let sigs: Vec<&[u32]> = (0..texts.len()).map(|t| row(texts.first(t))).collect();
        let sets = StoredSets::take(&texts, &mut outcomes);

        progress.stage(Stage::Band, sigs.len() as u64);
        let banded = lsh::self_candidates_once(&sigs, self.lsh, self.config.bucket_cap);
        summary.candidate_pairs = banded.pairs.len();
        summary.oversized_buckets = banded.oversized_buckets;

        progress.stage(Stage::Verify, banded.pairs.len() as u64);
        let candidates = Candidates {
            files: &corpus.files,
            texts: &texts,
            outcomes: &outcomes,
            sigs: &sigs,
            sets: &sets,
        };
        let (edges, changed) = self.verify(&candidates, banded.pairs, &mut summary);
        drop(sets);

        progress.stage(Stage::Cluster, edges.len() as u64);
        let words = |doc: u32| match &outcomes[doc as usize] {
            Outcome::Signed { words, .. } => *words,
            Outcome::Skipped(_) => 0,
        };
        let path = |doc: u32| corpus.files[doc as usize].display.clone();
        summary.distinct_texts = texts.len();
        let mut result = self.finish(
            Verified {
                texts: &texts,
                edges: &edges,
                words: &words,
                path: &path,
            },
            summary,
            skipped,
            reading,
        );
        result.summary.changed_during_scan = changed.len();
        result.changed_during_scan = changed;
        progress.finish();
        result
    }

    /// Reads and signs every file in parallel: the minima of file `i` in
    /// row `i` of the returned arena, and what came of each file.
    fn sign_all(
        &self,
        files: &[walk::CorpusFile],
        progress: &dyn Progress,
    ) -> (Vec<u32>, Vec<Outcome>) {
        progress.stage(Stage::Sign, files.len() as u64);
        // One row of minima per file in one allocation: no per-document
        // allocation, and 4 bytes per permutation is all a document costs.
        let k = self.signer.num_perm();
        let timed = progress.wants_file_times();
        let mut arena = vec![0u32; files.len() * k];
        let outcomes: Vec<Outcome> = arena
            .par_chunks_mut(k)
            .zip(files.par_iter())
            .map(|(mins, file)| {
                let outcome = with_buffers(|buf, scratch| {
                    self.read_and_sign(file.path(), buf, scratch, mins, timed.then_some(progress))
                });
                let bytes = match &outcome {
                    Outcome::Signed { bytes, .. } => *bytes,
                    Outcome::Skipped(_) => 0,
                };
                progress.file_done(bytes);
                outcome
            })
            .collect();
        (arena, outcomes)
    }

    /// Verifies the candidate pairs of texts as the settings ask (the
    /// estimate, an exact check of every pair, or of the borderline ones);
    /// returns the edges at or above the threshold, in the order of
    /// `pairs`, and the paths of the files that changed while the scan
    /// read them. Exact checks of two short documents are made at once,
    /// from the sets kept from signing (a templated corpus puts millions
    /// of pairs there); the others wait for a read of their files, in
    /// batches of [`RECHECK_CHUNK`] pairs so that only a bounded number of
    /// shingle sets read again is held at once.
    fn verify(
        &self,
        c: &Candidates<'_>,
        pairs: Vec<(u32, u32)>,
        summary: &mut Summary,
    ) -> (Vec<cluster::Edge>, Vec<String>) {
        let cutoffs = self.cutoffs();
        let threshold = self.config.threshold;
        let sets = c.sets;
        let judged = verify::judge(c.sigs, &pairs, cutoffs, threshold, |a, b| {
            Some(jaccard(sets.get(a)?, sets.get(b)?))
        });
        drop(pairs);
        if cutoffs.mode == verify::Mode::Recheck {
            summary.rechecked_pairs = judged.rechecked;
        }
        let mut edges = judged.edges;
        let mut changed = Vec::new();
        for chunk in judged.deferred.chunks(RECHECK_CHUNK) {
            edges.extend(self.exact_edges(c, chunk, &mut changed));
        }
        let mut changed: Vec<String> = changed
            .into_iter()
            .map(|t| c.files[c.texts.first(t as usize) as usize].display.clone())
            .collect();
        changed.sort();
        changed.dedup();
        (edges, changed)
    }

    /// Clusters the verified edges between texts and builds the result;
    /// `summary` arrives with the counts of the stages before.
    fn finish(
        &self,
        v: Verified<'_>,
        mut summary: Summary,
        mut skipped: Vec<Skipped>,
        reading: Reading,
    ) -> ScanResult {
        let Reading {
            mut decoded_lossily,
            mut non_utf8,
            languages,
        } = reading;
        decoded_lossily.sort();
        non_utf8.sort();
        let drafts = cluster::build(v.texts, v.edges, v.words, self.config.max_pairs);
        let (clusters, pairs) = describe(&drafts, v.path, &mut summary);
        let mut similarity_histogram =
            histogram::bins(self.config.threshold, self.config.exact, self.config.perms);
        histogram::count(&mut similarity_histogram, v.texts, v.edges);
        skipped.sort();
        for s in &skipped {
            summary.skipped.add(s.reason);
        }
        summary.decoded_lossily = decoded_lossily.len();
        summary.non_utf8 = non_utf8.len();
        summary.languages = languages;
        ScanResult {
            summary,
            settings: self.settings(),
            similarity_histogram,
            clusters,
            pairs,
            skipped,
            decoded_lossily,
            non_utf8,
            changed_during_scan: Vec::new(),
        }
    }

    /// How candidates are verified, as cutoffs on equal minima.
    pub(crate) fn cutoffs(&self) -> verify::Cutoffs {
        let mode = if self.config.exact {
            verify::Mode::Exact
        } else if self.config.recheck {
            verify::Mode::Recheck
        } else {
            verify::Mode::Estimate
        };
        verify::Cutoffs::new(mode, self.config.threshold, self.config.perms)
    }

    /// The document signer (shared with `neardup sign`).
    pub(crate) fn signer(&self) -> &DocSigner {
        &self.signer
    }

    /// Reads and signs one file; reports the time of each half to `timer`.
    fn read_and_sign(
        &self,
        path: &std::path::Path,
        buf: &mut Vec<u8>,
        scratch: &mut Scratch,
        mins: &mut [u32],
        timer: Option<&dyn Progress>,
    ) -> Outcome {
        let start = timer.map(|_| std::time::Instant::now());
        let read = read_document_as(path, self.config.max_size, self.config.decoding, buf);
        let read_at = timer.map(|_| std::time::Instant::now());
        let outcome = match read {
            Err(skip) => Outcome::Skipped(skip),
            Ok(loaded) => {
                let d = self.signer.sign_into(&loaded.text, scratch, mins);
                if d.shingles > 0 {
                    let short = d.shingles <= self.stored_set_max();
                    let set = short.then(|| {
                        self.signer
                            .shingle_set(&loaded.text, scratch)
                            .into_boxed_slice()
                    });
                    Outcome::Signed {
                        words: d.words,
                        content: d.content,
                        bytes: loaded.bytes,
                        lossy: loaded.lossy_at.is_some(),
                        encoding: loaded.encoding,
                        language: d.language,
                        set,
                    }
                } else {
                    Outcome::Skipped(self.too_short(d.words))
                }
            }
        };
        if let (Some(timer), Some(start), Some(read_at)) = (timer, start, read_at) {
            timer.file_times(read_at - start, read_at.elapsed());
        }
        // A huge file should not pin its buffer for the rest of the scan.
        if buf.capacity() > 4 << 20 {
            *buf = Vec::new();
        }
        outcome
    }

    pub(crate) fn too_short(&self, words: u32) -> Skip {
        if words == 0 {
            Skip {
                reason: SkipReason::Empty,
                detail: "no words".into(),
            }
        } else {
            let unit = if words == 1 { "word" } else { "words" };
            Skip {
                reason: SkipReason::TooShort,
                detail: format!(
                    "{words} {unit}: too short for one {} shingle",
                    self.signer.spec()
                ),
            }
        }
    }

    /// The most shingles of a document whose shingle set is kept from
    /// signing for exact checks (none when nothing is checked exactly):
    /// half the permutations, so the set (8 bytes a shingle) takes no more
    /// memory than the signature (4 bytes a permutation). Short documents
    /// are where near-threshold pairs crowd (a templated corpus of one-line
    /// files): their checks then cost no reads at all.
    fn stored_set_max(&self) -> u64 {
        if self.config.exact || self.config.recheck {
            (self.config.perms / 2) as u64
        } else {
            0
        }
    }

    /// The pairs of `pairs` whose exact Jaccard reaches the threshold.
    /// Shingle sets come from signing (short documents) or are recomputed
    /// from the files; a file that cannot be read again, or whose content
    /// is no longer what was signed, has changed during the scan: its
    /// text goes to `changed` and its pairs are decided from the
    /// signatures, as without a re-check.
    fn exact_edges(
        &self,
        c: &Candidates<'_>,
        pairs: &[(u32, u32)],
        changed: &mut Vec<u32>,
    ) -> Vec<cluster::Edge> {
        let Candidates {
            files,
            texts,
            outcomes,
            sigs,
            sets,
        } = *c;
        let signed = |t: u32| match &outcomes[texts.first(t as usize) as usize] {
            Outcome::Signed { content, .. } => (*content, sets.get(t)),
            Outcome::Skipped(_) => (0, None),
        };
        let mut involved: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        involved.sort_unstable();
        involved.dedup();
        involved.retain(|&t| signed(t).1.is_none());
        let reread: Vec<(u32, Option<Vec<u64>>)> = involved
            .par_iter()
            .map(|&t| {
                let file = &files[texts.first(t as usize) as usize];
                let set = with_buffers(|buf, scratch| {
                    let loaded = read_document_as(
                        file.path(),
                        self.config.max_size,
                        self.config.decoding,
                        buf,
                    )
                    .ok()?;
                    let (set, content) = self.signer.shingle_set_and_content(&loaded.text, scratch);
                    (content == signed(t).0).then_some(set)
                });
                (t, set)
            })
            .collect();
        let lost: Vec<u32> = reread
            .iter()
            .filter(|(_, set)| set.is_none())
            .map(|&(t, _)| t)
            .collect();
        changed.extend_from_slice(&lost);
        let set = |t: u32| {
            signed(t).1.or_else(|| {
                reread
                    .binary_search_by_key(&t, |r| r.0)
                    .ok()
                    .and_then(|i| reread[i].1.as_deref())
            })
        };
        let intact = |&&(a, b): &&(u32, u32)| {
            lost.binary_search(&a).is_err() && lost.binary_search(&b).is_err()
        };
        let (checked, unchecked): (Vec<_>, Vec<_>) = pairs.iter().partition(intact);
        let mut edges = verify::exact(set, &checked, self.config.threshold);
        edges.extend(verify::estimated(sigs, &unchecked, self.config.threshold));
        edges
    }

    /// The settings as echoed in every result.
    pub fn settings(&self) -> ScanSettings {
        let c = &self.config;
        ScanSettings {
            shingle: c.shingle.to_string(),
            lang: self.signer.language().to_string(),
            keep_stop_words: c.keep_stop_words,
            perms: c.perms,
            seed: c.seed,
            sketch: c.sketch.name().to_string(),
            threshold: c.threshold,
            exact: c.exact,
            recheck: c.recheck && !c.exact,
            bands: self.lsh.bands,
            rows: self.lsh.rows,
            miss_rate_at_threshold: round4(self.miss_rate_at_threshold()),
            fp_weight: c.fp_weight,
            fn_weight: c.fn_weight,
            max_pairs: c.max_pairs,
            bucket_cap: c.bucket_cap,
            max_size: c.max_size,
            extensions: c.extensions.clone(),
            hidden: c.hidden,
            follow: c.follow,
        }
    }
}

thread_local! {
    /// Each worker thread's file buffer and signing scratch, reused from file
    /// to file so that a scan allocates per thread, not per file.
    static BUFFERS: std::cell::RefCell<(Vec<u8>, Scratch)> = std::cell::RefCell::new((Vec::new(), Scratch::default()));
}

pub(crate) fn with_buffers<T>(f: impl FnOnce(&mut Vec<u8>, &mut Scratch) -> T) -> T {
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => {
            let (buf, scratch) = &mut *b;
            f(buf, scratch)
        }
        // Only if `f` itself scanned on this thread: use fresh buffers.
        Err(_) => f(&mut Vec::new(), &mut Scratch::default()),
    })
}

/// Attaches paths and ids to the drafts; fills the cluster counts of
/// `summary`.
fn describe(
    drafts: &[ClusterDraft],
    path: &dyn Fn(u32) -> String,
    summary: &mut Summary,
) -> (Vec<Cluster>, Vec<Pair>) {
    let mut clusters = Vec::with_capacity(drafts.len());
    let mut listed: Vec<(u32, u32, f64, usize)> = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let id = i + 1;
        summary.similar_pairs += d.pairs;
        summary.documents_in_clusters += d.members.len();
        listed.extend(d.listed.iter().map(|&(a, b, s)| (a, b, s, id)));
        clusters.push(Cluster {
            id,
            size: d.members.len(),
            representative: path(d.representative),
            members: d.members.iter().map(|&m| path(m)).collect(),
            member_similarity: d.member_similarity.iter().map(|&s| round4(s)).collect(),
            pairs: d.pairs,
            pairs_listed: d.listed.len(),
        });
    }
    listed.sort_unstable_by_key(|p| (p.0, p.1));
    summary.clusters = clusters.len();
    summary.redundant_documents = summary.documents_in_clusters - clusters.len();
    summary.pairs_listed = listed.len();
    let pairs = listed
        .into_iter()
        .map(|(a, b, s, cluster)| Pair {
            a: path(a),
            b: path(b),
            similarity: round4(s),
            cluster,
        })
        .collect();
    (clusters, pairs)
}
