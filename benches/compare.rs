//! `neardup compare` on generated article pairs of 0.1, 1 and 10 MB: an
//! original from a Zipf word model and a spun rewrite of it (reworded,
//! split, merged, dropped and reordered sentences, 40% new material). The
//! cost should grow near-linearly with size: candidates come from LSH, never
//! from all pairs of sentences. The baseline, at 0.1 MB only (it is
//! quadratic), prepares both texts the same way and verifies every pair of
//! passages with exact Jaccard instead of asking LSH.
//!
//! With the shared data (`../shared/data` or `NEARDUP_SHARED_DATA`), the
//! `compare-real` group times real text too: an original of 1 and 10 MB of
//! Gutenberg and BBC News paragraphs, and a rewrite that drops 10% of them,
//! rewords 20% (a fifth of their words replaced), inserts 5% from
//! elsewhere and swaps a twentieth of them two by two — the recipe of
//! `benches/compare_pair.py`, which writes such a pair for timing the
//! whole process.
//!
//! Run: `cargo bench --bench compare` (`-- compare-real` for real text only).

mod support;

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::internals::{SplitMix64, jaccard};
use neardup::synth::article_pair;
use neardup::{Comparator, CompareConfig, Document};

fn compare(c: &mut Criterion) {
    let cmp = Comparator::new(CompareConfig::default()).expect("default config is valid");
    let threshold = cmp.config().threshold;
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    for (name, bytes) in [
        ("0.1MB", 100_000usize),
        ("1MB", 1 << 20),
        ("10MB", 10 << 20),
    ] {
        let (a, b) = article_pair(bytes, 7);
        let (a, b) = (
            Document {
                path: "original".into(),
                text: a,
            },
            Document {
                path: "rewrite".into(),
                text: b,
            },
        );
        group.throughput(Throughput::Bytes((a.text.len() + b.text.len()) as u64));
        group.bench_with_input(
            BenchmarkId::new("pair", name),
            &(a.clone(), b.clone()),
            |bench, (a, b)| bench.iter(|| cmp.compare(a, b)),
        );
        if bytes <= 100_000 {
            group.bench_with_input(
                BenchmarkId::new("baseline-all-passage-pairs", name),
                &(a, b),
                |bench, (a, b)| {
                    bench.iter(|| {
                        let (pa, pb) = (cmp.prepare(&a.text), cmp.prepare(&b.text));
                        let mut links = 0usize;
                        for x in &pa.sets {
                            for y in &pb.sets {
                                links += usize::from(jaccard(x, y) >= threshold);
                            }
                        }
                        black_box(links)
                    })
                },
            );
        }
    }
    group.finish();
}

/// Paragraphs (over 40 bytes) of the Gutenberg selection and of the first
/// 2,000 BBC News articles, files in name order.
fn real_paragraphs(data: &Path) -> Vec<String> {
    let files = |sub: &str, depth: usize| {
        let mut dirs = vec![data.join(sub)];
        for _ in 1..depth {
            dirs = dirs
                .iter()
                .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
        }
        let mut out: Vec<_> = dirs
            .iter()
            .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        out.sort();
        out
    };
    let mut paths = files("gutenberg-nltk-selection", 1);
    paths.extend(files("bbc-news", 2).into_iter().take(2_000));
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .flat_map(|t| {
            t.split("\n\n")
                .filter(|p| p.len() > 40)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// An original of about `bytes` bytes of `paras` and its rewrite (see the
/// module docs).
fn real_pair(paras: &[String], bytes: usize, seed: u64) -> (String, String) {
    let mut rng = SplitMix64::new(seed);
    let mut chance = move || (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    let mut original = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < bytes {
        let mut p = paras[i % paras.len()].clone();
        if i >= paras.len() {
            // No exact repeat when the paragraphs run out.
            p = p.replacen("the", "that", 1);
        }
        size += p.len() + 2;
        original.push(p);
        i += 1;
    }
    let words: Vec<&str> = paras
        .iter()
        .take(3_000)
        .flat_map(|p| p.split_whitespace())
        .collect();
    let pick = |n: usize, c: f64| (c * n as f64) as usize % n;
    let mut rewrite = Vec::new();
    for p in &original {
        let r = chance();
        if r < 0.1 {
            continue;
        }
        if r < 0.3 {
            let reworded: Vec<&str> = p
                .split_whitespace()
                .map(|w| {
                    if chance() < 0.2 {
                        words[pick(words.len(), chance())]
                    } else {
                        w
                    }
                })
                .collect();
            rewrite.push(reworded.join(" "));
        } else {
            rewrite.push(p.clone());
        }
        if chance() < 0.05 {
            rewrite.push(paras[pick(paras.len(), chance())].clone());
        }
    }
    for _ in 0..rewrite.len() / 20 {
        let (a, b) = (pick(rewrite.len(), chance()), pick(rewrite.len(), chance()));
        rewrite.swap(a, b);
    }
    (original.join("\n\n"), rewrite.join("\n\n"))
}

fn compare_real(c: &mut Criterion) {
    let Some(data) = support::shared_data() else {
        return;
    };
    let paras = real_paragraphs(&data);
    if paras.is_empty() {
        eprintln!(
            "compare-real skipped: no Gutenberg or BBC News text under {}",
            data.display()
        );
        return;
    }
    let cmp = Comparator::new(CompareConfig::default()).expect("default config is valid");
    let mut group = c.benchmark_group("compare-real");
    for mb in [1, 10] {
        support::configure(&mut group, mb);
        let (a, b) = real_pair(&paras, mb * 1_000_000, 7);
        let pair = (
            Document {
                path: "original".into(),
                text: a,
            },
            Document {
                path: "rewrite".into(),
                text: b,
            },
        );
        eprintln!(
            "compare-real {mb}MB: {} + {} bytes",
            pair.0.text.len(),
            pair.1.text.len()
        );
        group.throughput(Throughput::Bytes(
            (pair.0.text.len() + pair.1.text.len()) as u64,
        ));
        group.bench_with_input(
            BenchmarkId::new("pair", format!("{mb}MB")),
            &pair,
            |bench, (a, b)| bench.iter(|| cmp.compare(a, b)),
        );
    }
    group.finish();
}

criterion_group!(benches, compare, compare_real);
criterion_main!(benches);
