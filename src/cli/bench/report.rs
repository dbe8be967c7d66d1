//! The result model of `neardup bench` — one [`BenchReport`], rendered by
//! [`render`](super::render) as a table or JSON — and the arithmetic that
//! turns measured runs into it: medians, throughput per stage, memory per
//! document, precision and recall against the planted truth.

use std::collections::HashSet;

use neardup::synth::corpus::PlantedPair;

use super::measure::{Machine, RunMeasurement};

/// Everything one `neardup bench` measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchReport {
    /// What was scanned.
    pub corpus: CorpusInfo,
    /// The scan settings and how the runs were made.
    pub settings: BenchSettings,
    /// Where it ran.
    pub machine: Machine,
    /// The x1 corpus with all threads: the per-stage table.
    pub main: RunSummary,
    /// The x1 corpus with 1..N threads.
    pub threads: Vec<RunSummary>,
    /// x1, x2, x4 corpora with N threads: the growth curve.
    pub sizes: Vec<RunSummary>,
}

/// The corpus benchmarked (x1).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CorpusInfo {
    /// `generated` or `folder`.
    pub kind: String,
    /// Where it lies, when kept (`--keep`) or given (`--folder`).
    pub path: Option<String>,
    /// `zipf` (the built-in word model), `words of DIR` (`--text-from`) or
    /// `folder`.
    pub source: String,
    /// Requested size in bytes (generated corpora).
    pub size: Option<u64>,
    /// Requested mean document size in bytes.
    pub doc_size: Option<u64>,
    /// Requested share of planted variants.
    pub dup_rate: Option<f64>,
    /// Seed of the generator.
    pub seed: Option<u64>,
    /// Files in the x1 corpus.
    pub files: usize,
    /// Bytes in the x1 corpus.
    pub bytes: u64,
    /// Families (a base and its variants) in the x1 corpus.
    pub families: Option<usize>,
    /// Pairs inside families (every pair measured).
    pub planted_pairs: Option<usize>,
    /// Of those, pairs at or above the threshold: the truth.
    pub truth_pairs: Option<usize>,
    /// Share of the x1 documents holding a non-ASCII byte (generated and
    /// real corpora).
    pub non_ascii_documents: Option<f64>,
}

/// Settings of the benchmark.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchSettings {
    /// Jaccard threshold of the scan.
    pub threshold: f64,
    /// Shingles.
    pub shingle: String,
    /// MinHash permutations.
    pub perms: usize,
    /// How signatures are computed: `minhash` or `oph` (`--sketch`).
    pub sketch: String,
    /// LSH bands.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Runs per configuration (the median run is reported).
    pub runs: usize,
    /// Largest thread count.
    pub max_threads: usize,
    /// How runs are made: each one in a fresh process.
    pub method: String,
}

/// One configuration (corpus size × threads), from its median run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunSummary {
    /// Corpus size as a multiple of x1 (1, 2, 4).
    pub scale: usize,
    /// Worker threads.
    pub threads: usize,
    /// Documents signed.
    pub documents: usize,
    /// Bytes signed.
    pub bytes: u64,
    /// Per stage: seconds, MB/s and documents/s of the whole corpus.
    pub stages: Vec<StageRow>,
    /// Per-thread throughput of reading (MB per CPU second).
    pub read_mb_per_cpu_s: f64,
    /// Per-thread throughput of signing (MB per CPU second).
    pub sign_mb_per_cpu_s: f64,
    /// Walk to clustering, in the process.
    pub scan_seconds: f64,
    /// The whole process, spawn to exit, as the benchmark saw it.
    pub process_seconds: f64,
    /// Bytes / `process_seconds`, in MB/s (1 MB = 10^6 bytes).
    pub mb_per_s: f64,
    /// Documents / `process_seconds`.
    pub docs_per_s: f64,
    /// `process_seconds` of every run, in run order.
    pub process_seconds_all: Vec<f64>,
    /// Peak resident set of the process (`VmHWM`), bytes.
    pub peak_rss_bytes: Option<u64>,
    /// `peak_rss_bytes / documents`.
    pub peak_rss_per_doc: Option<f64>,
    /// Growth runs: the peak memory added per document added since the
    /// smallest size, `(peak - peak_x1) / (documents - documents_x1)`
    /// (the fixed cost of the process left out).
    pub marginal_rss_per_doc: Option<f64>,
    /// LSH candidate pairs.
    pub candidate_pairs: usize,
    /// Similar pairs reported (counted).
    pub similar_pairs: u64,
    /// Against the planted truth (generated corpora only).
    pub accuracy: Option<Accuracy>,
}

/// One stage of one configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageRow {
    /// `walk`, `read+sign`, `band`, `verify`, `cluster`.
    pub stage: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Corpus MB / seconds.
    pub mb_per_s: f64,
    /// Documents / seconds.
    pub docs_per_s: f64,
}

/// Precision and recall of the reported pairs against the truth.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Accuracy {
    /// Pairs whose exact Jaccard reaches the threshold.
    pub truth_pairs: usize,
    /// Pairs reported.
    pub reported_pairs: usize,
    /// Reported pairs that are in the truth.
    pub true_positives: usize,
    /// `true_positives / truth_pairs` (1 when there is no truth pair).
    pub recall: f64,
    /// `true_positives / reported_pairs` (1 when nothing was reported).
    pub precision: f64,
}

/// Scores `reported` pairs (paths relative to the corpus root) against the
/// planted pairs at or above `threshold`; any pair outside the truth,
/// including one across families, is a false positive.
pub fn score(reported: &[(String, String)], planted: &[PlantedPair], threshold: f64) -> Accuracy {
    let key = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let truth: HashSet<(String, String)> = planted
        .iter()
        .filter(|p| p.jaccard >= threshold)
        .map(|p| key(&p.a, &p.b))
        .collect();
    let got: HashSet<(String, String)> = reported.iter().map(|(a, b)| key(a, b)).collect();
    let hits = got.intersection(&truth).count();
    let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    Accuracy {
        truth_pairs: truth.len(),
        reported_pairs: got.len(),
        true_positives: hits,
        recall: ratio(hits, truth.len()),
        precision: ratio(hits, got.len()),
    }
}

/// Summarises the runs of one configuration by its median run (by process
/// time; the lower middle for an even count). `runs` holds each run's
/// measurement and process seconds; it must not be empty.
pub fn summarize(
    scale: usize,
    runs: &[(RunMeasurement, f64)],
    truth: Option<(&[PlantedPair], f64)>,
) -> Option<RunSummary> {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| runs[a].1.total_cmp(&runs[b].1));
    let (m, process_seconds) = runs.get(*order.get((order.len().saturating_sub(1)) / 2)?)?;
    let mb = m.bytes as f64 / 1e6;
    let docs = m.documents as f64;
    let per = |x: f64, s: f64| if s > 0.0 { x / s } else { 0.0 };
    Some(RunSummary {
        scale,
        threads: m.threads,
        documents: m.documents,
        bytes: m.bytes,
        stages: m
            .stages
            .iter()
            .map(|s| StageRow {
                stage: s.stage.clone(),
                seconds: s.seconds,
                mb_per_s: per(mb, s.seconds),
                docs_per_s: per(docs, s.seconds),
            })
            .collect(),
        read_mb_per_cpu_s: per(mb, m.read_cpu_seconds),
        sign_mb_per_cpu_s: per(mb, m.sign_cpu_seconds),
        scan_seconds: m.scan_seconds,
        process_seconds: *process_seconds,
        mb_per_s: per(mb, *process_seconds),
        docs_per_s: per(docs, *process_seconds),
        process_seconds_all: runs.iter().map(|r| r.1).collect(),
        peak_rss_bytes: m.peak_rss_bytes,
        peak_rss_per_doc: m.peak_rss_bytes.map(|b| per(b as f64, docs)),
        marginal_rss_per_doc: None,
        candidate_pairs: m.candidate_pairs,
        similar_pairs: m.similar_pairs,
        accuracy: truth.map(|(planted, t)| score(&m.pairs, planted, t)),
    })
}

/// Fills `marginal_rss_per_doc` of each growth run after the first
/// (`sizes` sorted by scale).
pub fn add_marginal_memory(sizes: &mut [RunSummary]) {
    let Some((first, rest)) = sizes.split_first_mut() else {
        return;
    };
    for z in rest {
        z.marginal_rss_per_doc = match (z.peak_rss_bytes, first.peak_rss_bytes) {
            (Some(a), Some(b)) if z.documents > first.documents => {
                Some((a as f64 - b as f64) / (z.documents - first.documents) as f64)
            }
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str, j: f64) -> PlantedPair {
        PlantedPair {
            a: a.into(),
            b: b.into(),
            jaccard: j,
            target: None,
            kind: None,
        }
    }

    #[test]
    fn scores_count_pairs_either_way_round() {
        let planted = [
            pair("a", "b", 0.9),
            pair("c", "d", 0.85),
            pair("e", "f", 0.5),
        ];
        let got = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let s = score(&got(&[("b", "a"), ("e", "f"), ("a", "x")]), &planted, 0.8);
        assert_eq!(
            (s.truth_pairs, s.reported_pairs, s.true_positives),
            (2, 3, 1)
        );
        assert_eq!(s.recall, 0.5);
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-12);
        let none = score(&[], &[], 0.8);
        assert_eq!((none.recall, none.precision), (1.0, 1.0));
    }

    #[test]
    fn marginal_memory_leaves_out_the_fixed_cost() {
        let run = |scale: usize, documents: usize, peak: u64| {
            let m = RunMeasurement {
                threads: 2,
                files: documents,
                documents,
                bytes: documents as u64 * 4000,
                stages: Vec::new(),
                read_cpu_seconds: 1.0,
                sign_cpu_seconds: 1.0,
                scan_seconds: 1.0,
                peak_rss_bytes: Some(peak),
                candidate_pairs: 0,
                similar_pairs: 0,
                pairs: Vec::new(),
            };
            summarize(scale, &[(m, 1.5)], None).unwrap()
        };
        let mut sizes = vec![
            run(1, 1000, 5_000_000),
            run(2, 2000, 6_000_000),
            run(4, 4000, 8_000_000),
        ];
        add_marginal_memory(&mut sizes);
        assert_eq!(sizes[0].marginal_rss_per_doc, None);
        assert_eq!(sizes[1].marginal_rss_per_doc, Some(1000.0));
        assert_eq!(sizes[2].marginal_rss_per_doc, Some(1000.0));
        assert_eq!(sizes[2].peak_rss_per_doc, Some(2000.0));
        assert_eq!(sizes[2].mb_per_s, 16.0 / 1.5);
    }

    #[test]
    fn the_median_run_is_reported() {
        let m = |seconds: f64| RunMeasurement {
            threads: 1,
            files: 1,
            documents: 1,
            bytes: 1_000_000,
            stages: Vec::new(),
            read_cpu_seconds: 0.5,
            sign_cpu_seconds: 0.25,
            scan_seconds: seconds,
            peak_rss_bytes: None,
            candidate_pairs: 0,
            similar_pairs: 0,
            pairs: Vec::new(),
        };
        let runs = [(m(3.0), 3.0), (m(1.0), 1.0), (m(2.0), 2.0)];
        let s = summarize(1, &runs, None).unwrap();
        assert_eq!((s.process_seconds, s.scan_seconds), (2.0, 2.0));
        assert_eq!(s.process_seconds_all, [3.0, 1.0, 2.0]);
        assert_eq!((s.read_mb_per_cpu_s, s.sign_mb_per_cpu_s), (2.0, 4.0));
        assert!(summarize(1, &[], None).is_none());
    }
}
