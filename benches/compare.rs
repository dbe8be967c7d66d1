//! `neardup compare` on generated article pairs of 1 MB and 10 MB: an
//! original from a Zipf word model and a spun rewrite of it (reworded,
//! split, merged, dropped and reordered sentences, 40% new material). The
//! cost should grow near-linearly with size: candidates come from LSH, never
//! from all pairs of sentences.
//!
//! Run: `cargo bench --bench compare`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::synth::article_pair;
use neardup::{Comparator, CompareConfig, Document};

fn compare(c: &mut Criterion) {
    let cmp = Comparator::new(CompareConfig::default()).expect("default config is valid");
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    for mb in [1usize, 10] {
        let (a, b) = article_pair(mb << 20, 7);
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
            BenchmarkId::new("pair", format!("{mb}MB")),
            &(a, b),
            |bench, (a, b)| bench.iter(|| cmp.compare(a, b)),
        );
    }
    group.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
