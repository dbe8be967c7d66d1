//! `neardup eval pan --retrieve`: source retrieval on a PAN text-alignment
//! corpus, without the pair list.
//!
//! Every source document (`src/`) is added to an index; every suspicious
//! document that any sub-corpus lists is given to `find`, which must
//! retrieve its sources among all of them and align each. Scored against
//! the gold of every sub-corpus (a suspicious document belongs to one):
//! **source recall** is the share of gold pairs with a case whose source is
//! reported; **source precision** the share of reported (suspicious,
//! source) pairs that are gold pairs with a case; and PAN's character
//! measures over all detections, a detection against a source outside the
//! sub-corpus's pairs counting as a false positive.
//!
//! With a sample (`--sample N`), only every N-th suspicious document of
//! each sub-corpus (in name order, from the first) is queried, and only
//! its pairs are scored: a quicker, approximate run for iteration.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::compare::Comparator;
use crate::error::Error;
use crate::index::{AddOptions, FindOptions, Index, IndexOptions};
use crate::pan::measures::{Annotation, PanScores, score};
use crate::pan::{CharOffsets, detections, pair_file_name, read_gold};

use super::pan::{SubCorpus, discover};

/// Retrieval scores of one sub-corpus (or of all).
#[derive(Debug, Clone, Serialize)]
pub struct RetrievalScore {
    /// Sub-corpus name, or `overall`.
    pub name: String,
    /// Suspicious documents queried.
    pub queries: usize,
    /// Gold (suspicious, source) pairs with at least one case.
    pub gold_pairs: usize,
    /// Of those, pairs whose source was reported.
    pub gold_found: usize,
    /// `gold_found / gold_pairs`.
    pub source_recall: f64,
    /// (suspicious, source) pairs reported.
    pub reported: usize,
    /// Of those, gold pairs with a case.
    pub reported_gold: usize,
    /// `reported_gold / reported`.
    pub source_precision: f64,
    /// Reported pairs that are not gold pairs but whose best match scores
    /// at least 0.8 (near-verbatim): reuse the corpus does not list (PAN
    /// 2013's training pairs are a sample of each suspicious document's
    /// sources).
    pub unlisted_near_verbatim: usize,
    /// Reported pairs that are not gold pairs and whose detections lie at
    /// least half outside every gold case of the query (in characters of
    /// the query): query text the gold annotates nowhere, so reuse of an
    /// unlisted source (or a chance match) rather than a second source of
    /// an annotated passage.
    pub unlisted_outside_cases: usize,
    /// Candidates aligned per query, on average.
    pub candidates_per_query: f64,
    /// PAN's character measures of all detections (a detection against a
    /// source outside the sub-corpus's pairs is a false positive).
    pub scores: PanScores,
    /// The same, counting only detections against the sub-corpus's listed
    /// pairs (as `eval pan` on the given pairs sees them): how well the
    /// retrieved sources are aligned.
    pub listed_scores: PanScores,
}

#[derive(Default)]
struct Tally {
    queries: usize,
    candidates: usize,
    gold: BTreeSet<(String, String)>,
    reported: BTreeSet<(String, String)>,
    listed: BTreeSet<(String, String)>,
    near_verbatim: BTreeSet<(String, String)>,
    outside_cases: BTreeSet<(String, String)>,
    cases: Vec<Annotation>,
    dets: Vec<Annotation>,
}

impl Tally {
    fn absorb(&mut self, o: &Tally) {
        self.queries += o.queries;
        self.candidates += o.candidates;
        self.gold.extend(o.gold.iter().cloned());
        self.reported.extend(o.reported.iter().cloned());
        self.listed.extend(o.listed.iter().cloned());
        self.near_verbatim.extend(o.near_verbatim.iter().cloned());
        self.outside_cases.extend(o.outside_cases.iter().cloned());
        self.cases.extend(o.cases.iter().cloned());
        self.dets.extend(o.dets.iter().cloned());
    }

    fn score(&self, name: &str) -> RetrievalScore {
        let gold_found = self.gold.intersection(&self.reported).count();
        let listed_dets: Vec<Annotation> = self
            .dets
            .iter()
            .filter(|d| {
                self.listed
                    .contains(&(d.suspicious.clone(), d.source.clone()))
            })
            .cloned()
            .collect();
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        RetrievalScore {
            name: name.to_string(),
            queries: self.queries,
            gold_pairs: self.gold.len(),
            gold_found,
            source_recall: ratio(gold_found, self.gold.len()),
            reported: self.reported.len(),
            reported_gold: gold_found,
            source_precision: ratio(gold_found, self.reported.len()),
            unlisted_near_verbatim: self.near_verbatim.difference(&self.gold).count(),
            unlisted_outside_cases: self.outside_cases.difference(&self.gold).count(),
            candidates_per_query: ratio(self.candidates, self.queries),
            scores: score(&self.cases, &self.dets),
            listed_scores: score(&self.cases, &listed_dets),
        }
    }
}

/// Indexes `root/src` into `index_path` (a new file), finds the sources of
/// every `sample`-th suspicious document of each sub-corpus (1: all) and
/// scores them. `progress(done, total)` is called after each query.
pub fn evaluate(
    cmp: &Comparator,
    root: &Path,
    index_path: &Path,
    opts: &FindOptions,
    sample: usize,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<RetrievalScore>, Error> {
    if sample == 0 {
        return Err(Error::setting(
            "--sample",
            "--sample must be at least 1 (1: every suspicious document, 10: every tenth)"
                .to_string(),
        ));
    }
    let subs = discover(root)?;
    if index_path.exists() {
        return Err(Error::setting(
            "--index",
            format!(
                "'{}' exists: --index takes a new file name (the evaluation builds its own index)",
                index_path.display()
            ),
        ));
    }
    let index = Index::open_or_create(index_path, &IndexOptions::default())?;
    index.add(
        &[root.join("src")],
        &[],
        &AddOptions::default(),
        &crate::scan::Silent,
    )?;
    let (mut tallies, queries) = gold(&subs, sample)?;
    let total = queries.len();
    for (done, (susp, sub)) in queries.iter().enumerate() {
        let tally = tallies.entry(sub.clone()).or_default();
        query(&index, cmp, opts, &root.join("susp"), susp, tally)?;
        progress(done + 1, total);
    }
    let mut out = Vec::new();
    let mut all = Tally::default();
    for (name, t) in &tallies {
        out.push(t.score(name));
        all.absorb(t);
    }
    out.push(all.score("overall"));
    Ok(out)
}

/// Each sub-corpus's listed pairs and gold cases, and the sub-corpus of
/// every suspicious document listed; only every `sample`-th suspicious
/// document of a sub-corpus (in name order, from the first) and its pairs.
#[allow(clippy::type_complexity)]
fn gold(
    subs: &[SubCorpus],
    sample: usize,
) -> Result<(BTreeMap<String, Tally>, BTreeMap<String, String>), Error> {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut queries: BTreeMap<String, String> = BTreeMap::new();
    for sub in subs {
        let tally = tallies.entry(sub.name.clone()).or_default();
        let named: BTreeSet<&String> = sub.pairs.iter().map(|(susp, _)| susp).collect();
        let kept: BTreeSet<&String> = named.into_iter().step_by(sample).collect();
        for (susp, src) in sub.pairs.iter().filter(|(susp, _)| kept.contains(susp)) {
            queries.insert(susp.clone(), sub.name.clone());
            tally.listed.insert((susp.clone(), src.clone()));
            let gold = read_gold(&sub.dir.join(pair_file_name(susp, src)))?;
            if !gold.is_empty() {
                tally.gold.insert((susp.clone(), src.clone()));
            }
            tally.cases.extend(gold);
        }
    }
    Ok((tallies, queries))
}

/// Finds the sources of the suspicious document `susp` (in `dir`) and
/// counts what was reported, and the detections, into `tally`.
fn query(
    index: &Index,
    cmp: &Comparator,
    opts: &FindOptions,
    dir: &Path,
    susp: &str,
    tally: &mut Tally,
) -> Result<(), Error> {
    let text = crate::input::read_utf8(&dir.join(susp))?;
    let doc = crate::compare::Document {
        path: susp.to_string(),
        text,
    };
    let found = index.find(&doc, None, cmp, opts)?;
    tally.queries += 1;
    tally.candidates += found.candidates;
    let susp_chars = CharOffsets::new(&doc.text);
    let cases: Vec<std::ops::Range<usize>> = tally
        .cases
        .iter()
        .filter(|c| c.suspicious == susp)
        .map(|c| c.this.clone())
        .collect();
    for s in &found.sources {
        let name = Path::new(&s.path)
            .file_name()
            .map_or(s.path.clone(), |n| n.to_string_lossy().into_owned());
        tally.reported.insert((susp.to_string(), name.clone()));
        if s.score >= 0.8 {
            tally.near_verbatim.insert((susp.to_string(), name.clone()));
        }
        let src_chars = CharOffsets::new(&s.text);
        let dets = detections(&s.comparison, susp, &name, &susp_chars, &src_chars);
        let detected: usize = dets.iter().map(|d| d.this.len()).sum();
        let inside: usize = dets.iter().map(|d| covered(&d.this, &cases)).sum();
        if 2 * inside < detected {
            tally.outside_cases.insert((susp.to_string(), name.clone()));
        }
        tally.dets.extend(dets);
    }
    Ok(())
}

/// How many positions of `r` some range of `cases` covers.
fn covered(r: &std::ops::Range<usize>, cases: &[std::ops::Range<usize>]) -> usize {
    let mut cut: Vec<(usize, usize)> = cases
        .iter()
        .map(|c| (c.start.max(r.start), c.end.min(r.end)))
        .filter(|(a, b)| a < b)
        .collect();
    cut.sort_unstable();
    let (mut total, mut reach) = (0, r.start);
    for (a, b) in cut {
        let a = a.max(reach);
        if b > a {
            total += b - a;
            reach = b;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covered_counts_overlapping_cases_once() {
        assert_eq!(covered(&(10..20), &[]), 0);
        assert_eq!(covered(&(10..20), &[(0..12), (11..15), (18..30)]), 7);
        assert_eq!(covered(&(10..20), &[(20..30), (0..10)]), 0);
        assert_eq!(covered(&(10..20), &[(0..100), (5..6)]), 10);
    }
}
