//! Inputs shared by the benches: generated text and corpora of 1, 10 and
//! 100 MB (override with `NEARDUP_BENCH_MB=1,10`), made once per process,
//! and criterion settings that keep the 100 MB runs to a few seconds each.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use criterion::{BenchmarkGroup, measurement::WallTime};
use neardup::internals::SplitMix64;
use neardup::synth::WordModel;
use neardup::synth::corpus::{CorpusSpec, Generator};

/// Input sizes in MB (10^6 bytes): `NEARDUP_BENCH_MB`, or 1, 10 and 100.
pub fn sizes() -> Vec<usize> {
    std::env::var("NEARDUP_BENCH_MB")
        .ok()
        .map(|v| {
            v.split(',')
                .filter_map(|x| x.trim().parse().ok())
                .filter(|&mb| mb > 0)
                .collect::<Vec<usize>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec![1, 10, 100])
}

/// The label of a size.
pub fn label(mb: usize) -> String {
    format!("{mb}MB")
}

/// Fewer, shorter samples for the big inputs (criterion's minimum is 10
/// samples).
pub fn configure(g: &mut BenchmarkGroup<'_, WallTime>, mb: usize) {
    let (samples, secs) = match mb {
        0..=1 => (20, 2),
        2..=10 => (10, 3),
        _ => (10, 5),
    };
    g.sample_size(samples)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(secs));
}

static TEXTS: Mutex<BTreeMap<usize, &'static str>> = Mutex::new(BTreeMap::new());

/// About `mb` MB of English-like text: sentences of a Zipf word model
/// (function words, then generated words), paragraphs, capitals.
pub fn text(mb: usize) -> &'static str {
    let mut cache = TEXTS.lock().expect("no panic while generating");
    cache.entry(mb).or_insert_with(|| {
        let model = WordModel::new(20_000, 11);
        let mut rng = SplitMix64::new(mb as u64);
        Box::leak(model.document(mb * 1_000_000, &mut rng).into_boxed_str())
    })
}

static CORPORA: Mutex<BTreeMap<usize, &'static Path>> = Mutex::new(BTreeMap::new());

/// A folder holding about `mb` MB of generated documents of 4 kB on
/// average, 20% of them planted near-duplicates (as `neardup bench` makes
/// them). It is written once under cargo's `target/tmp` and reused by
/// later runs (the generator is deterministic).
pub fn corpus(mb: usize) -> &'static Path {
    let mut cache = CORPORA.lock().expect("no panic while generating");
    cache.entry(mb).or_insert_with(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-corpus-{mb}MB"));
        let done = root.join("complete");
        if !done.exists() {
            let _ = std::fs::remove_dir_all(&root);
            let spec = CorpusSpec {
                size: mb as u64 * 1_000_000,
                ..CorpusSpec::default()
            };
            let g = Generator::new(spec, WordModel::new(20_000, 1)).expect("valid spec");
            g.write_part(&root, 1, &|_| {}).expect("corpus written");
            std::fs::write(&done, "").expect("marker written");
        }
        Box::leak(root.join("p1").into_boxed_path())
    })
}

/// The texts of the documents of [`corpus`]`(mb)`, in path order.
pub fn corpus_texts(mb: usize) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(corpus(mb))
        .expect("corpus listed")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 document"))
        .collect()
}
