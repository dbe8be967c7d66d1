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

/// The shared real-text data sets (20 Newsgroups, Reuters, BBC News,
/// Gutenberg, PAN 13): `NEARDUP_SHARED_DATA`, else `../shared/data` beside
/// the checkout (or beside its parent, for a worktree under `wt/`). `None`
/// on a fresh clone: the real-text benches then say so and are skipped.
pub fn shared_data() -> Option<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("NEARDUP_SHARED_DATA").map(std::path::PathBuf::from),
        Some(root.join("../shared/data")),
        Some(root.join("../../shared/data")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("real-text benches skipped: no ../shared/data (set NEARDUP_SHARED_DATA)");
    }
    found
}

/// The UTF-8 text files under `data/sub` (every file but the data sets'
/// README, SOURCE.md and category lists; invalid UTF-8 skipped), in path
/// order, until `max_bytes` are taken.
pub fn real_documents(data: &Path, sub: &str, max_bytes: usize) -> Vec<String> {
    let mut paths = Vec::new();
    let mut stack = vec![data.join(sub)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let skip = ["SOURCE.md", "README", "README.TXT", "cats.txt"];
    let mut out = Vec::new();
    let mut taken = 0;
    for p in paths {
        if taken >= max_bytes {
            break;
        }
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if skip.contains(&name) || name.ends_with(".xml") {
            continue;
        }
        if let Ok(t) = std::fs::read_to_string(&p) {
            taken += t.len();
            out.push(t);
        }
    }
    out
}

/// A line for the bench log: documents, bytes, and the share of documents
/// and bytes that hold a non-ASCII character.
pub fn describe(name: &str, docs: &[String]) -> String {
    let bytes: usize = docs.iter().map(String::len).sum();
    let wide: Vec<&String> = docs.iter().filter(|d| !d.is_ascii()).collect();
    let wide_bytes: usize = wide.iter().map(|d| d.len()).sum();
    format!(
        "{name}: {} documents, {:.1} MB; {:.0}% of the documents ({:.0}% of the bytes) hold a non-ASCII character",
        docs.len(),
        bytes as f64 / 1e6,
        100.0 * wide.len() as f64 / docs.len().max(1) as f64,
        100.0 * wide_bytes as f64 / bytes.max(1) as f64,
    )
}
