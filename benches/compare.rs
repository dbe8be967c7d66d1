//! `neardup compare` on generated article pairs of 0.1, 1 and 10 MB: an
//! original from a Zipf word model and a spun rewrite of it (reworded,
//! split, merged, dropped and reordered sentences, 40% new material). The
//! cost should grow near-linearly with size: candidates come from LSH, never
//! from all pairs of sentences. The baseline, at 0.1 MB only (it is
//! quadratic), prepares both texts the same way and verifies every pair of
//! passages with exact Jaccard instead of asking LSH.
//!
//! Run: `cargo bench --bench compare`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::internals::jaccard;
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

criterion_group!(benches, compare);
criterion_main!(benches);
