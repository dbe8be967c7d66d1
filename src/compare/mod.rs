//! The pair comparator: which passages of a rewrite paraphrase which
//! passages of an original.
//!
//! Each document is prepared once ([`Prepared`]): passages, then per passage
//! its terms, shingle set and MinHash signature, in parallel. The shingles
//! follow the document's language unless `--shingle` is given
//! ([`CompareConfig::shingle_for`]); a pair whose two documents were
//! prepared with different ones is re-prepared with the pair's choice. LSH banding
//! proposes candidate passage pairs; the aligner ([`mod@align`]) verifies them
//! with exact Jaccard and builds matches; the result is a [`Comparison`].

pub mod align;
mod batch;
mod cross;
mod edges;
mod explain;
mod fold;
mod link;
mod merge;
pub mod result;
pub mod score;
mod sharing;
mod sides;

use rayon::prelude::*;

use crate::config::{CompareConfig, Mode, THRESHOLD_PER_DECADE};
use crate::error::Error;
use crate::format::round4;
use crate::lsh::{Candidates, LshParams};
use crate::minhash::{MinHasher, Signature};
use crate::shingle::word_hash;
use crate::shingle::{ShingleSpec, Shingler};
use crate::text::compound::{Splits, Vocabulary, is_compounding};
use crate::text::detect::Analyzers;
use crate::text::synonyms::Synonyms;
use crate::text::{Analyzer, LineIndex, PassageRules, Span, Term, passages};
use align::{AlignParams, Group, align};
pub use explain::{Explanation, Parts};
pub use result::{Comparison, DocumentInfo, LinkInfo, Location, Match, Settings};
use score::{Bag, Kind, Weights};

/// A document as read: a display path and its text.
#[derive(Debug, Clone)]
pub struct Document {
    /// How the document is named in reports.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// A document prepared for comparison.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Passage spans.
    pub passages: Vec<Span>,
    /// Sorted shingle hashes per passage.
    pub sets: Vec<Vec<u64>>,
    /// MinHash signature per passage, of its content-word shingles (`None`
    /// without any).
    pub signatures: Vec<Option<Signature>>,
    /// The language the text was read in (detected with `--lang auto`).
    pub language: &'static str,
    /// The shingles of `sets` and `signatures`.
    pub shingle: ShingleSpec,
    /// The words of each passage as the scorer sees them (without synonym
    /// groups when the document is read by rules that do not weigh them).
    pub bags: Vec<Bag>,
    /// In a language that writes compounds as one word (German, Dutch,
    /// ...): the words a compound of the other document may split into,
    /// and this document's own compounds (`text::compound`).
    pub vocabulary: Option<Box<Vocabulary>>,
}

impl Prepared {
    /// The aligner's view of this document.
    pub fn side(&self) -> align::Side<'_> {
        align::Side {
            sets: &self.sets,
            bags: &self.bags,
        }
    }
}

/// Compares documents with one set of settings.
#[derive(Debug)]
pub struct Comparator {
    config: CompareConfig,
    analyzers: Analyzers,
    hasher: MinHasher,
    lsh: LshParams,
}

impl Comparator {
    /// Validates `config` and builds the pipeline.
    pub fn new(config: CompareConfig) -> Result<Self, Error> {
        config.validate()?;
        let analyzers = Analyzers::new(&config.lang)?;
        let hasher = MinHasher::new(config.perms, config.seed);
        // Candidates are verified exactly, so misses cost more than extra
        // candidates: weight false negatives 9:1.
        let lsh = LshParams::optimal(config.threshold, config.perms, 0.1, 0.9);
        Ok(Comparator {
            config,
            analyzers,
            hasher,
            lsh,
        })
    }

    /// The settings.
    pub fn config(&self) -> &CompareConfig {
        &self.config
    }

    /// The LSH bands and rows in use.
    pub fn lsh_params(&self) -> LshParams {
        self.lsh
    }

    /// The passage spans of a text (what link indices refer to).
    pub fn passages(&self, text: &str) -> Vec<Span> {
        passages(
            text,
            PassageRules {
                min_words: self.config.min_words,
            },
        )
    }

    /// Exact Jaccard similarity of the shingle sets of two texts, each
    /// analysed as one passage.
    pub fn similarity(&self, a: &str, b: &str) -> f64 {
        let ((analyzer_a, lang_a), (analyzer_b, lang_b)) =
            (self.analyzers.for_text(a), self.analyzers.for_text(b));
        let shingler = Shingler::new(
            self.config.shingle_for(&[lang_a, lang_b]),
            self.config.keep_stop_words,
        );
        let set_a = shingler.shingles(&analyzer_a.terms(a, Span::new(0, a.len())));
        let set_b = shingler.shingles(&analyzer_b.terms(b, Span::new(0, b.len())));
        crate::minhash::jaccard(&set_a, &set_b)
    }

    /// Segments, analyses, shingles and signs a text, with the shingles of
    /// its language.
    pub fn prepare(&self, text: &str) -> Prepared {
        self.prepare_with(text, None, &Splits::default())
    }

    /// [`Comparator::prepare`] with the shingles `spec` (default: those of
    /// the text's language), reading the compounds of `splits` as their
    /// parts.
    fn prepare_with(&self, text: &str, spec: Option<ShingleSpec>, splits: &Splits) -> Prepared {
        let passages = self.passages(text);
        let (analyzer, language) = self.analyzers.for_text(text);
        let compounding = is_compounding(analyzer.language().code());
        let shingle = spec.unwrap_or_else(|| self.config.shingle_for(&[language]));
        let shingler = Shingler::new(shingle, self.config.keep_stop_words);
        let content_shingler = Shingler::new(shingle, false);
        // Synonym groups only where the rules that will read this document
        // weigh them: a document long enough for the long-document rules is
        // read by them in every pair (the longer side decides), and their
        // scores leave synonyms out.
        let synonyms = (self.weights(self.mode_for(passages.len())).synonym > 0.0)
            .then(|| Synonyms::for_language(language))
            .flatten();
        // Candidates come from content words only: two passages that share
        // nothing but "the", "of" and "and" are not worth verifying, and on
        // long inputs such pairs would make the candidate count grow with
        // the square of the input.
        type Passage = (Vec<u64>, Vec<u64>, Bag, Option<Vocabulary>);
        let prepared: Vec<Passage> = passages
            .par_iter()
            .map(|&span| {
                let terms = analyzer.terms(text, span);
                // The vocabulary is of the words as written, before any
                // compound is split.
                let vocabulary = compounding.then(|| Vocabulary::of(analyzer, text, &terms));
                let terms = splits.apply(terms);
                let set = shingler.shingles(&terms);
                let content = if shingler.keeps_stop_words() {
                    content_shingler.shingles(&terms)
                } else {
                    set.clone()
                };
                (set, content, bag(text, &terms, synonyms), vocabulary)
            })
            .collect();
        let mut sets = Vec::with_capacity(prepared.len());
        let mut content = Vec::with_capacity(prepared.len());
        let mut bags = Vec::with_capacity(prepared.len());
        let mut vocabulary: Option<Box<Vocabulary>> = None;
        for (s, c, b, v) in prepared {
            sets.push(s);
            content.push(c);
            bags.push(b);
            if let Some(v) = v {
                vocabulary.get_or_insert_default().extend(v);
            }
        }
        let content = drop_common(content);
        let signatures = content.par_iter().map(|c| self.hasher.sign(c)).collect();
        Prepared {
            passages,
            sets,
            signatures,
            bags,
            language,
            shingle,
            vocabulary,
        }
    }

    /// The compounds of each document of a pair that the other spells out
    /// in parts (both in the same compounding language; else none).
    fn compound_splits(&self, po: &Prepared, pr: &Prepared) -> (Splits, Splits) {
        let (Some(vo), Some(vr)) = (&po.vocabulary, &pr.vocabulary) else {
            return Default::default();
        };
        match self.analyzers.for_code(po.language) {
            Some(analyzer) if po.language == pr.language => (
                vo.splits_against(vr, analyzer),
                vr.splits_against(vo, analyzer),
            ),
            _ => Default::default(),
        }
    }

    /// [`Self::compound_splits`] from the texts, each with its analyser
    /// and language (for explanations, which re-read passages).
    fn text_splits(
        &self,
        (ao, lo, original): (&Analyzer, &str, &str),
        (ar, lr, rewrite): (&Analyzer, &str, &str),
    ) -> (Splits, Splits) {
        let code = ao.language().code();
        if lo != lr || !is_compounding(code) || ar.language().code() != code {
            return Default::default();
        }
        let vocabulary =
            |text: &str| Vocabulary::of(ao, text, &ao.terms(text, Span::new(0, text.len())));
        let (vo, vr) = (vocabulary(original), vocabulary(rewrite));
        (vo.splits_against(&vr, ao), vr.splits_against(&vo, ao))
    }

    /// Which passages of `rewrite` paraphrase passages of `original`.
    pub fn compare(&self, original: &Document, rewrite: &Document) -> Comparison {
        let (po, pr) = rayon::join(
            || self.prepare(&original.text),
            || self.prepare(&rewrite.text),
        );
        self.compare_prepared(original, &po, rewrite, &pr)
    }

    /// [`Comparator::compare`] on documents already prepared with
    /// [`Comparator::prepare`] (to prepare a document used in many pairs
    /// once).
    pub fn compare_prepared(
        &self,
        original: &Document,
        po: &Prepared,
        rewrite: &Document,
        pr: &Prepared,
    ) -> Comparison {
        // Both sides must be hashed alike: a Chinese original and an
        // English rewrite are both read in character bigrams.
        // A compound one side spells out in parts is read as its parts.
        let spec = self.config.shingle_for(&[po.language, pr.language]);
        let (split_o, split_r) = self.compound_splits(po, pr);
        let (redo_o, redo_r);
        let po = if po.shingle == spec && split_o.is_empty() {
            po
        } else {
            redo_o = self.prepare_with(&original.text, Some(spec), &split_o);
            &redo_o
        };
        let pr = if pr.shingle == spec && split_r.is_empty() {
            pr
        } else {
            redo_r = self.prepare_with(&rewrite.text, Some(spec), &split_r);
            &redo_r
        };
        let pairs = po.passages.len() * pr.passages.len();
        // Short documents: every pair is a candidate, and those that may
        // share content are verified (the others cannot link).
        let (cands, counted) = if pairs <= ALL_PAIRS {
            let pairs_sharing = sharing::content_pairs(po.side(), pr.side(), false);
            (
                Candidates {
                    pairs: pairs_sharing,
                    oversized_buckets: 0,
                },
                pairs,
            )
        } else {
            let c = fold::cross(
                &po.signatures,
                &pr.signatures,
                self.lsh,
                self.config.bucket_cap,
            );
            let n = c.pairs.len();
            (c, n)
        };
        let run = |mode: Mode| {
            let mut groups = align(
                po.side(),
                pr.side(),
                &cands.pairs,
                self.align_params(mode, pairs),
                false,
            );
            self.drop_short(mode, &mut groups, &po.passages, &pr.passages);
            groups
        };
        let mut mode = self.mode_for(po.passages.len().max(pr.passages.len()));
        let mut groups = run(mode);
        // Under `auto`, short documents of which the article rules align
        // little are not a rewrite of each other: what they share is a
        // reused passage inside otherwise unrelated text (or nothing),
        // which the long-document rules detect, merge and bound better.
        if self.config.mode == Mode::Auto
            && mode == Mode::Article
            && po.passages.len().min(pr.passages.len()) >= ARTICLE_MIN_PASSAGES
            && linked_share(&groups, pr.passages.len()) < ARTICLE_MIN_SHARE
        {
            mode = Mode::Long;
            groups = run(mode);
        }
        // Documents read in different languages: passages may also be
        // linked on the names, numbers and dates they share (`cross`).
        let cross = self.across_languages(po, pr).map(|(lo, lr)| {
            cross::link(
                cross::Side {
                    text: &original.text,
                    passages: &po.passages,
                    language: lo,
                },
                cross::Side {
                    text: &rewrite.text,
                    passages: &pr.passages,
                    language: lr,
                },
                &groups,
            )
        });
        if let Some(c) = &cross {
            groups = c.merged(groups);
        }
        let mut comparison = self.result(
            (original, po),
            (rewrite, pr),
            &groups,
            (counted, cands.oversized_buckets),
            mode,
        );
        if let Some(c) = &cross {
            c.annotate(&mut comparison);
        }
        comparison
    }

    /// The languages of a pair read in two different languages (each
    /// detected under `--lang auto`; a text without letters has none).
    fn across_languages<'a>(
        &'a self,
        po: &Prepared,
        pr: &Prepared,
    ) -> Option<(&'a crate::text::Language, &'a crate::text::Language)> {
        if po.language == pr.language || po.language == "und" || pr.language == "und" {
            return None;
        }
        let language = |code| self.analyzers.for_code(code).map(Analyzer::language);
        Some((language(po.language)?, language(pr.language)?))
    }

    /// Passages repeated or paraphrased later within one document.
    pub fn compare_within(&self, doc: &Document) -> Comparison {
        let p = self.prepare(&doc.text);
        let n = p.passages.len();
        let (cands, counted) = if n * n / 2 <= ALL_PAIRS {
            let pairs_sharing = sharing::content_pairs(p.side(), p.side(), true);
            (
                Candidates {
                    pairs: pairs_sharing,
                    oversized_buckets: 0,
                },
                n * n.saturating_sub(1) / 2,
            )
        } else {
            let c = fold::within(&p.signatures, self.lsh, self.config.bucket_cap);
            let n = c.pairs.len();
            (c, n)
        };
        let mode = self.mode_for(n);
        let mut groups = align(
            p.side(),
            p.side(),
            &cands.pairs,
            self.align_params(mode, n * n.saturating_sub(1) / 2),
            true,
        );
        self.drop_short(mode, &mut groups, &p.passages, &p.passages);
        self.result(
            (doc, &p),
            (doc, &p),
            &groups,
            (counted, cands.oversized_buckets),
            mode,
        )
    }

    /// The rules for a pair whose longer document has `passages` passages:
    /// [`Mode::Article`] or [`Mode::Long`].
    pub fn mode_for(&self, passages: usize) -> Mode {
        match self.config.mode {
            Mode::Auto if passages > self.config.long_passages => Mode::Long,
            Mode::Auto => Mode::Article,
            m => m,
        }
    }

    /// Drops matches shorter than `min_bytes` on either side.
    fn drop_short(&self, mode: Mode, groups: &mut Vec<Group>, po: &[Span], pr: &[Span]) {
        let min = match mode {
            Mode::Long => self.config.long.min_bytes,
            _ => self.config.min_bytes,
        };
        let len =
            |p: &[Span], r: &std::ops::RangeInclusive<usize>| p[*r.end()].end - p[*r.start()].start;
        groups.retain(|g| len(po, &g.original) >= min && len(pr, &g.rewrite) >= min);
    }

    /// The article threshold for `pairs` passage pairs compared.
    pub fn threshold_for(&self, pairs: usize) -> f64 {
        let t = self.config.threshold + THRESHOLD_PER_DECADE * (pairs.max(1) as f64).log10();
        t.min(1.0)
    }

    /// How evidence is weighed under `mode`'s rules.
    fn weights(&self, mode: Mode) -> Weights {
        match mode {
            Mode::Long => Weights::LONG,
            _ => Weights::ARTICLE,
        }
    }

    fn align_params(&self, mode: Mode, pairs: usize) -> AlignParams {
        let c = &self.config;
        match mode {
            Mode::Long => AlignParams {
                threshold: c.long.threshold,
                // Below the threshold only splits and merges (runs and
                // absorbed pieces) are taken: best partners among hundreds
                // of unrelated passages are chance.
                floor: c.long.threshold,
                margin: c.margin,
                relative: c.long.relative,
                containment: c.long.containment,
                max_gap: c.long.max_gap,
                summary_ratio: c.long.summary_ratio,
                exclusive: c.long.exclusive,
                gap_evidence: false,
                runs_need_related: false,
                weights: self.weights(mode),
            },
            _ => AlignParams {
                threshold: self.threshold_for(pairs),
                floor: c.floor,
                margin: c.margin,
                relative: c.relative,
                containment: c.containment,
                max_gap: c.max_gap,
                summary_ratio: c.summary_ratio,
                exclusive: c.exclusive,
                gap_evidence: true,
                runs_need_related: true,
                weights: self.weights(mode),
            },
        }
    }

    fn result(
        &self,
        (od, po): (&Document, &Prepared),
        (rd, pr): (&Document, &Prepared),
        groups: &[Group],
        (candidates, skipped_buckets): (usize, usize),
        mode: Mode,
    ) -> Comparison {
        let (lo, lr) = (LineIndex::new(&od.text), LineIndex::new(&rd.text));
        // Under the long-document rules a passage may run past the reused
        // text (a source cut mid-sentence, a missed sentence break): each
        // match ends where the words the other side shares end.
        let (ao, ar) = match mode {
            Mode::Long => (
                self.analyzers.for_code(po.language),
                self.analyzers.for_code(pr.language),
            ),
            _ => (None, None),
        };
        // Each match's edges are found on its own (in parallel; collected
        // in group order).
        let matches = groups
            .par_iter()
            .map(|g| {
                // Links on anchors (documents in different languages)
                // share no words: their passages are reported whole.
                let anchored = g.links.iter().all(|l| l.support == link::Support::Anchors);
                let (ao, ar) = if anchored { (None, None) } else { (ao, ar) };
                Match {
                    original: location(
                        &od.text,
                        &lo,
                        (*g.original.start(), *g.original.end()),
                        edges::shared_bounds(ao, (&od.text, po), &g.original, (pr, &g.rewrite)),
                    ),
                    rewrite: location(
                        &rd.text,
                        &lr,
                        (*g.rewrite.start(), *g.rewrite.end()),
                        edges::shared_bounds(ar, (&rd.text, pr), &g.rewrite, (po, &g.original)),
                    ),
                    score: round4(g.score),
                    links: g
                        .links
                        .iter()
                        .map(|l| LinkInfo {
                            original: l.original,
                            rewrite: l.rewrite,
                            score: round4(l.score),
                            support: l.support.name(),
                            original_start: po.passages[l.original].start,
                            original_end: po.passages[l.original].end,
                            rewrite_start: pr.passages[l.rewrite].start,
                            rewrite_end: pr.passages[l.rewrite].end,
                            anchors: None,
                            explain: None,
                        })
                        .collect(),
                }
            })
            .collect();
        let covered_o = coverage(&po.passages, groups.iter().map(|g| g.original.clone()));
        let covered_r = coverage(&pr.passages, groups.iter().map(|g| g.rewrite.clone()));
        let c = &self.config;
        Comparison {
            original: DocumentInfo {
                path: od.path.clone(),
                bytes: od.text.len(),
                passages: po.passages.len(),
                language: po.language.to_string(),
                encoding: None,
            },
            rewrite: DocumentInfo {
                path: rd.path.clone(),
                bytes: rd.text.len(),
                passages: pr.passages.len(),
                language: pr.language.to_string(),
                encoding: None,
            },
            matches,
            original_reused: round4(covered_o),
            rewrite_derived: round4(covered_r),
            settings: Settings {
                shingle: po.shingle.to_string(),
                keep_stop_words: c.keep_stop_words,
                lang: self.analyzers.setting().to_string(),
                perms: c.perms,
                seed: c.seed,
                threshold: match mode {
                    Mode::Long => c.long.threshold,
                    _ => c.threshold,
                },
                mode: mode.name(),
                bands: self.lsh.bands,
                rows: self.lsh.rows,
                candidates,
                skipped_buckets,
            },
            cross_language: None,
        }
    }
}

/// Up to this many passage pairs, every pair is scored (exact, and cheap
/// at this size); above it, LSH proposes the candidates.
const ALL_PAIRS: usize = 250_000;

/// The scorer's view of a passage's terms: each word hashed, with its
/// kind. A capitalised word that does not open the passage is a name,
/// unless most of the passage's words are capitalised (a title).
fn bag(text: &str, terms: &[Term], synonyms: Option<&Synonyms>) -> Bag {
    let kinds = kinds(text, terms);
    let hashes: Vec<u64> = terms.iter().map(|t| word_hash(t.key.as_bytes())).collect();
    let mut groups = Vec::new();
    if let Some(table) = synonyms {
        for ((t, kind), &h) in terms.iter().zip(&kinds).zip(&hashes) {
            if *kind == Kind::Word {
                groups.extend(table.groups(&t.key).iter().map(|&g| (g, h)));
            }
        }
    }
    Bag::new(hashes.into_iter().zip(kinds)).with_synonyms(groups)
}

/// What each term of a passage is: a stop word, a number (digit key), a
/// name (a capitalised word after the first, unless most words of the
/// passage are capitalised, as in a title) or another word.
fn kinds(text: &str, terms: &[Term]) -> Vec<Kind> {
    let capital = |t: &Term| {
        text[t.span.start..t.span.end]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let words = terms.iter().filter(|t| !t.stop).count();
    let capitals = terms.iter().filter(|t| !t.stop && capital(t)).count();
    let title = 2 * capitals > words;
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if t.stop {
                Kind::Stop
            } else if t
                .key
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                Kind::Number
            } else if i > 0 && !title && capital(t) {
                Kind::Name
            } else {
                Kind::Word
            }
        })
        .collect()
}

/// In a long document, a shingle found in more than 1% of its passages
/// (and in more than 64) carries little evidence of paraphrase and makes
/// LSH buckets grow with the input: it is left out of the candidate sets
/// (never out of the exact similarity). Short documents are unaffected. A
/// passage left with nothing keeps its full set.
fn drop_common(mut sets: Vec<Vec<u64>>) -> Vec<Vec<u64>> {
    let cutoff = (sets.len() / 100).max(64);
    if sets.len() <= cutoff {
        return sets;
    }
    let mut df: ahash::AHashMap<u64, u32> = ahash::AHashMap::new();
    for s in &sets {
        for &h in s {
            *df.entry(h).or_insert(0) += 1;
        }
    }
    for s in &mut sets {
        let kept: Vec<u64> = s
            .iter()
            .copied()
            .filter(|h| df[h] as usize <= cutoff)
            .collect();
        if !kept.is_empty() {
            *s = kept;
        }
    }
    sets
}

/// Where a match lies: passages `first..=last`, bytes `start..end`.
fn location(
    text: &str,
    lines: &LineIndex,
    (first, last): (usize, usize),
    (start, end): (usize, usize),
) -> Location {
    Location {
        start,
        end,
        line: lines.line_of(start),
        end_line: lines.line_of(end.saturating_sub(1).max(start)),
        first_passage: first,
        last_passage: last,
        text: text[start..end].to_string(),
    }
}

/// Share of passage bytes inside the given passage ranges.
fn coverage(
    passages: &[Span],
    ranges: impl Iterator<Item = std::ops::RangeInclusive<usize>>,
) -> f64 {
    let total: usize = passages.iter().map(Span::len).sum();
    if total == 0 {
        return 0.0;
    }
    let mut hit = vec![false; passages.len()];
    for r in ranges {
        hit[r].iter_mut().for_each(|h| *h = true);
    }
    let covered: usize = passages
        .iter()
        .zip(&hit)
        .filter(|(_, h)| **h)
        .map(|(p, _)| p.len())
        .sum();
    covered as f64 / total as f64
}

/// Under `auto`, a pair whose rewrite has less than this share of its
/// passages aligned by the article rules is aligned by the long-document
/// rules instead (measured on the PAN 2013 training corpus and
/// corpus/pairs: at 0.2 plagdet 0.866, 0.3 0.878, 0.4 0.880 but the
/// article pairs lose recall, 0.611 -> 0.589; docs/accuracy.md).
const ARTICLE_MIN_SHARE: f64 = 0.3;

/// ... unless a document has fewer passages than this (a sentence and its
/// paraphrase, split in two or three).
const ARTICLE_MIN_PASSAGES: usize = 4;

/// Share of the `n` rewrite passages that lie in a group.
fn linked_share(groups: &[Group], n: usize) -> f64 {
    let mut covered = vec![false; n];
    for g in groups {
        for k in g.rewrite.clone() {
            covered[k] = true;
        }
    }
    covered.iter().filter(|&&c| c).count() as f64 / n.max(1) as f64
}
