//! The study that chose the index's candidate retrieval (docs/index.md):
//! three means of finding the source of a reused passage, measured on the
//! PAN 2013 text-alignment training corpus for recall of the gold sources
//! among the top-K candidates, against index size (postings per source
//! document) and query time. An evaluation, not a test: it runs only when
//! asked, and skips without the corpus.
//!
//! ```text
//! NEARDUP_PAN=../shared/data/pan13-text-alignment-training \
//!   cargo test --release --lib index::study -- --ignored --nocapture
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use ahash::AHashMap;
use rayon::prelude::*;

use crate::hash::{combine, hash_bytes, mix64};
use crate::minhash::MinHasher;
use crate::shingle::{NgramRoller, for_each_word_hash};
use crate::text::{Analyzer, Language, PassageRules, Span, passages};

/// One way of turning a document into index keys.
#[derive(Debug, Clone, Copy)]
enum Means {
    /// Stemmed content words (stop words dropped), a 1-in-`sample` hash
    /// sample; the query drops keys found in more than `cap` of documents
    /// and ranks by the summed idf of shared keys.
    Terms { sample: u64, cap: f64 },
    /// Normalised (unstemmed) words that are not stop words, from the
    /// scan's fast word hashes; ranked like `Terms`.
    Words { cap: f64 },
    /// Winnowed word `n`-grams of normalised words (window `w`); ranked by
    /// shared fingerprints.
    Winnow { n: usize, w: usize },
    /// MinHash LSH band keys of windows of `w` consecutive sentences
    /// (stemmed content words), every `stride` sentences; ranked by shared
    /// keys.
    Windows {
        w: usize,
        stride: usize,
        bands: usize,
        rows: usize,
    },
}

struct Extractor {
    stop: ahash::AHashSet<u64>,
    analyzer: Analyzer,
    hasher: MinHasher,
}

impl Extractor {
    fn content_terms(&self, text: &str, span: Span) -> Vec<u64> {
        self.analyzer
            .terms(text, span)
            .iter()
            .filter(|t| !t.stop)
            .map(|t| hash_bytes(t.key.as_bytes()))
            .collect()
    }

    fn keys(&self, means: Means, text: &str) -> Vec<u64> {
        let mut keys = match means {
            Means::Terms { sample, .. } => {
                let mut k = self.content_terms(text, Span::new(0, text.len()));
                k.retain(|h| mix64(*h) % sample == 0);
                k
            }
            Means::Words { .. } => {
                let mut k = Vec::new();
                let mut norm = String::new();
                for_each_word_hash(text, &mut norm, |h| {
                    if !self.stop.contains(&h) {
                        k.push(h)
                    }
                });
                k
            }
            Means::Winnow { n, w } => {
                let mut grams = Vec::new();
                let mut roller = NgramRoller::new(n, n);
                let mut norm = String::new();
                for_each_word_hash(text, &mut norm, |h| roller.push(h, |_, g| grams.push(g)));
                winnow(&grams, w)
            }
            Means::Windows {
                w,
                stride,
                bands,
                rows,
            } => {
                let spans = passages(text, PassageRules::default());
                let sets: Vec<Vec<u64>> =
                    spans.iter().map(|&s| self.content_terms(text, s)).collect();
                let mut out = Vec::new();
                let last = sets.len().saturating_sub(w);
                let mut start = 0;
                loop {
                    let end = (start + w).min(sets.len());
                    let mut set: Vec<u64> = sets[start..end].concat();
                    set.sort_unstable();
                    set.dedup();
                    if let Some(sig) = self.hasher.sign(&set) {
                        let v = sig.values();
                        for b in 0..bands {
                            let key = v[b * rows..(b + 1) * rows]
                                .iter()
                                .fold(mix64(b as u64), |acc, &m| combine(acc, m as u64));
                            out.push(key);
                        }
                    }
                    if start >= last {
                        break;
                    }
                    start = (start + stride).min(last);
                }
                out
            }
        };
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// Winnowing (Schleimer, Wilkerson & Aiken 2003): the rightmost minimum of
/// every window of `w` consecutive hashes.
fn winnow(hashes: &[u64], w: usize) -> Vec<u64> {
    if hashes.len() <= w {
        return hashes.iter().min().copied().into_iter().collect();
    }
    let mut out = Vec::new();
    let mut last = usize::MAX;
    for start in 0..=hashes.len() - w {
        let win = &hashes[start..start + w];
        let mut at = 0;
        for (i, &h) in win.iter().enumerate() {
            if h <= win[at] {
                at = i;
            }
        }
        if start + at != last {
            last = start + at;
            out.push(hashes[last]);
        }
    }
    out
}

fn stop_hashes() -> ahash::AHashSet<u64> {
    stop_words::lookup("en")
        .unwrap_or(&[])
        .iter()
        .map(|w| {
            let mut norm = String::new();
            crate::text::normalize::normalize_word(w, &mut norm);
            crate::shingle::word_hash(norm.as_bytes())
        })
        .collect()
}

struct Corpus {
    sources: Vec<String>,
    source_names: Vec<String>,
    /// Suspicious documents: (sub-corpus, name, text).
    queries: Vec<(String, String, String)>,
    /// (suspicious, source) pairs with at least one case.
    gold: BTreeSet<(String, String)>,
}

fn load(root: &Path) -> Corpus {
    let mut source_names: Vec<String> = std::fs::read_dir(root.join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    source_names.sort();
    let sources = source_names
        .par_iter()
        .map(|n| crate::input::read_utf8(&root.join("src").join(n)).unwrap())
        .collect();
    let subs = crate::eval::pan::discover(root).unwrap();
    let mut gold = BTreeSet::new();
    let mut queries = BTreeMap::new();
    for sub in &subs {
        for (susp, src) in &sub.pairs {
            queries.insert(susp.clone(), sub.name.clone());
            let xml = sub.dir.join(crate::pan::pair_file_name(susp, src));
            let xml = std::fs::read_to_string(xml).unwrap_or_default();
            if xml.contains("name=\"plagiarism\"") {
                gold.insert((susp.clone(), src.clone()));
            }
        }
    }
    let queries = queries
        .into_par_iter()
        .map(|(name, sub)| {
            let text = crate::input::read_utf8(&root.join("susp").join(&name)).unwrap();
            (sub, name, text)
        })
        .collect();
    Corpus {
        sources,
        source_names,
        queries,
        gold,
    }
}

/// How a query is cut and how many candidates each piece proposes.
#[derive(Debug, Clone, Copy)]
struct Chunking {
    /// Sentences per query window.
    w: usize,
    /// Sentences between window starts.
    stride: usize,
    /// Candidates kept per window.
    k: usize,
    /// Least score a candidate needs.
    min_score: f64,
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    queries: usize,
    candidates: usize,
}

/// One means' postings (key → source documents) and its document
/// frequency cap.
type MeansIndex = (Means, AHashMap<u64, Vec<u32>>, usize);

fn run(c: &Corpus, ex: &Extractor, all_means: &[Means], ch: Chunking) {
    let t = Instant::now();
    let (indexes, n_post) = build(c, ex, all_means);
    let build = t.elapsed();
    let t = Instant::now();
    let ranked: Vec<(String, String, BTreeSet<u32>, usize)> = c
        .queries
        .par_iter()
        .map(|(sub, name, text)| {
            let (found, read) = search(c, ex, &indexes, ch, text);
            (sub.clone(), name.clone(), found, read)
        })
        .collect();
    let query = t.elapsed();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut read_total = 0;
    for (sub, name, found, read) in &ranked {
        read_total += read;
        let tally = tallies.entry(sub.clone()).or_default();
        tally.queries += 1;
        tally.candidates += found.len();
        for (susp, src) in c.gold.range((name.clone(), String::new())..) {
            if susp != name {
                break;
            }
            tally.gold += 1;
            if found.iter().any(|&d| &c.source_names[d as usize] == src) {
                tally.found += 1;
            }
        }
    }
    let n = c.sources.len() as f64;
    let mut line = format!(
        "{all_means:?} {ch:?}\n  postings/doc {:.0}, build {:.1}s, query {:.1} ms/doc, postings read/query {:.0}\n",
        n_post as f64 / n,
        build.as_secs_f64(),
        query.as_secs_f64() * 1000.0 / c.queries.len() as f64,
        read_total as f64 / c.queries.len() as f64
    );
    for (sub, t) in &tallies {
        line.push_str(&format!(
            "  {sub:<28} gold {:>5}  recall {:.3}  candidates/query {:.1}\n",
            t.gold,
            t.found as f64 / t.gold.max(1) as f64,
            t.candidates as f64 / t.queries as f64
        ));
    }
    println!("{line}");
}

/// The postings of every means over the sources, and the postings count.
fn build(c: &Corpus, ex: &Extractor, all_means: &[Means]) -> (Vec<MeansIndex>, usize) {
    let mut indexes = Vec::new();
    let mut n_post = 0;
    let n = c.sources.len() as f64;
    for &means in all_means {
        let doc_keys: Vec<Vec<u64>> = c.sources.par_iter().map(|s| ex.keys(means, s)).collect();
        let mut postings: AHashMap<u64, Vec<u32>> = AHashMap::new();
        for (d, keys) in doc_keys.iter().enumerate() {
            for &k in keys {
                postings.entry(k).or_default().push(d as u32);
            }
        }
        n_post += doc_keys.iter().map(Vec::len).sum::<usize>();
        let cap = match means {
            Means::Terms { cap, .. } | Means::Words { cap } => (cap * n).max(2.0) as usize,
            _ => usize::MAX,
        };
        indexes.push((means, postings, cap));
    }
    (indexes, n_post)
}

/// The sources found for a query: each window's top `k` per means; and
/// the postings read.
fn search(
    c: &Corpus,
    ex: &Extractor,
    indexes: &[MeansIndex],
    ch: Chunking,
    text: &str,
) -> (BTreeSet<u32>, usize) {
    let n = c.sources.len() as f64;
    let mut found = BTreeSet::new();
    let mut read = 0;
    for span in super::find::windows(text, ch.w, ch.stride) {
        for (means, postings, cap) in indexes {
            let (means, cap) = (*means, *cap);
            let keys = ex.keys(means, &text[span.start..span.end]);
            let mut score: AHashMap<u32, f64> = AHashMap::new();
            for k in &keys {
                let Some(docs) = postings.get(k) else {
                    continue;
                };
                if docs.len() > cap {
                    continue;
                }
                read += docs.len();
                let w = match means {
                    Means::Terms { .. } | Means::Words { .. } => (n / docs.len() as f64).ln(),
                    _ => 1.0,
                };
                for &d in docs {
                    *score.entry(d).or_default() += w;
                }
            }
            let mut v: Vec<(u32, f64)> =
                score.into_iter().filter(|x| x.1 >= ch.min_score).collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            found.extend(v.iter().take(ch.k).map(|x| x.0));
        }
    }
    (found, read)
}

#[test]
#[ignore = "an evaluation on the PAN corpus (see the module docs)"]
fn retrieval_means_on_pan() {
    let root = PathBuf::from(
        std::env::var("NEARDUP_PAN")
            .unwrap_or_else(|_| "../shared/data/pan13-text-alignment-training".into()),
    );
    if !root.join("src").is_dir() {
        eprintln!("skipped: no PAN corpus at {}", root.display());
        return;
    }
    let c = load(&root);
    let ex = Extractor {
        stop: stop_hashes(),
        analyzer: Analyzer::new(Language::english()),
        hasher: MinHasher::new(64, crate::minhash::DEFAULT_SEED),
    };
    let only = std::env::var("NEARDUP_STUDY").unwrap_or_default();
    let chunk = |w, stride, k, min_score| Chunking {
        w,
        stride,
        k,
        min_score,
    };
    let terms = Means::Terms {
        sample: 1,
        cap: 0.01,
    };
    let words = Means::Words { cap: 0.01 };
    let win3 = Means::Winnow { n: 3, w: 4 };
    let winnow4 = Means::Winnow { n: 4, w: 8 };
    let windows = Means::Windows {
        w: 5,
        stride: 2,
        bands: 32,
        rows: 2,
    };
    let sampled = Means::Terms {
        sample: 4,
        cap: 0.01,
    };
    // The rows of the table in docs/index.md, in its order.
    let all: Vec<(Vec<Means>, Chunking)> = vec![
        (vec![terms], chunk(6, 3, 2, 0.0)),
        (vec![sampled], chunk(6, 3, 2, 0.0)),
        (vec![words], chunk(6, 3, 2, 0.0)),
        (vec![win3], chunk(6, 3, 2, 2.0)),
        (vec![winnow4], chunk(6, 3, 2, 2.0)),
        (vec![windows], chunk(6, 3, 2, 1.0)),
        (vec![win3, words], chunk(4, 2, 2, 2.0)),
        (vec![win3, words], chunk(6, 3, 3, 2.0)),
    ];
    for (i, (m, ch)) in all.iter().enumerate() {
        if only.is_empty() || only.split(',').any(|s| s == i.to_string()) {
            run(&c, &ex, m, *ch);
        }
    }
}

/// The pre-filter before alignment (docs/index.md, "Query cost"): every
/// candidate of every third suspicious document is aligned, and each
/// threshold pair is scored by the candidates it would have skipped and
/// the sources (candidates with a match; gold ones apart) it would have
/// lost.
#[test]
#[ignore = "an evaluation on the PAN corpus (see the module docs)"]
fn prefilter_on_pan() {
    use crate::index::{AddOptions, FindOptions, Index, IndexOptions};
    let root = PathBuf::from(
        std::env::var("NEARDUP_PAN")
            .unwrap_or_else(|_| "../shared/data/pan13-text-alignment-training".into()),
    );
    if !root.join("src").is_dir() {
        eprintln!("skipped: no PAN corpus at {}", root.display());
        return;
    }
    let subs = crate::eval::pan::discover(&root).unwrap();
    let mut gold = BTreeSet::new();
    let mut queries = BTreeSet::new();
    for sub in &subs {
        for (susp, src) in &sub.pairs {
            queries.insert(susp.clone());
            let file = sub.dir.join(crate::pan::pair_file_name(susp, src));
            if !crate::pan::read_gold(&file).unwrap().is_empty() {
                gold.insert((susp.clone(), src.clone()));
            }
        }
    }
    let d = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&d.path().join("pan.ndx"), &IndexOptions::default()).unwrap();
    index
        .add(
            &[root.join("src")],
            &[],
            &AddOptions::default(),
            &crate::scan::Silent,
        )
        .unwrap();
    let cmp = crate::compare::Comparator::new(crate::config::Preset::Pan.config()).unwrap();
    let all = FindOptions {
        min_word_share: 0.0,
        min_fingerprints: 0,
        ..FindOptions::default()
    };
    // (evidence, is a source, is a gold source) of every candidate.
    let mut seen = Vec::new();
    let start = Instant::now();
    for susp in queries.iter().step_by(3) {
        let text = crate::input::read_utf8(&root.join("susp").join(susp)).unwrap();
        let doc = crate::compare::Document {
            path: susp.clone(),
            text,
        };
        let evidence = index.evidence(&doc.text, &all).unwrap();
        let found = index.find(&doc, None, &cmp, &all).unwrap();
        let name = |p: &str| p.rsplit('/').next().unwrap().to_string();
        let sources: BTreeSet<String> = found.sources.iter().map(|s| name(&s.path)).collect();
        for (path, ev) in evidence {
            let src = name(&path);
            let is_source = sources.contains(&src);
            let is_gold = is_source && gold.contains(&(susp.clone(), src));
            seen.push((ev, is_source, is_gold));
        }
    }
    eprintln!(
        "{} candidates of {} queries, {} sources, {} gold sources ({:.0?})",
        seen.len(),
        queries.len().div_ceil(3),
        seen.iter().filter(|s| s.1).count(),
        seen.iter().filter(|s| s.2).count(),
        start.elapsed()
    );
    eprintln!("min_word_share min_fingerprints | aligned | sources lost | gold sources lost");
    for share in [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4] {
        for fps in [2usize, 3, 4, 6, 1000] {
            let o = FindOptions {
                min_word_share: share,
                min_fingerprints: fps,
                ..FindOptions::default()
            };
            let kept = |s: &&(super::find::Evidence, bool, bool)| s.0.passes(&o);
            let aligned = seen.iter().filter(kept).count();
            let lost = seen.iter().filter(|s| s.1 && !s.0.passes(&o)).count();
            let lost_gold = seen.iter().filter(|s| s.2 && !s.0.passes(&o)).count();
            eprintln!(
                "{share:.2} {fps} | {aligned} ({:.1}%) | {lost} | {lost_gold}",
                100.0 * aligned as f64 / seen.len().max(1) as f64
            );
        }
    }
}
