//! Per-stage benchmarks of `neardup scan`, each beside a baseline, at
//! several sizes: word hashing (fused ASCII path vs tokenizer +
//! `normalize_word` + XXH3), document signing (fast path vs the compare
//! pipeline's analyser), the MinHash inner loop (vectorised vs scalar) and
//! LSH banding (vs all pairs). Run with `cargo bench --bench scan`; whole-tool
//! throughput is measured with the binary (see the README).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::ScanConfig;
use neardup::hash::{SplitMix64, hash_bytes};
use neardup::lsh::LshParams;
use neardup::minhash::{DEFAULT_SEED, MinHasher, Signature};
use neardup::scan::band;
use neardup::scan::docsig::{DocSigner, Scratch};
use neardup::scan::words::for_each_word_hash;
use neardup::text::normalize::normalize_word;
use neardup::text::tokenize::for_each_word;

/// Prose-like ASCII text of about `bytes` bytes.
fn text(bytes: usize, seed: u64) -> String {
    let mut rng = SplitMix64::new(seed);
    let lex: Vec<String> = (0..4000)
        .map(|_| {
            let len = 2 + (rng.next() % 8) as usize;
            (0..len)
                .map(|_| (b'a' + (rng.next() % 26) as u8) as char)
                .collect()
        })
        .collect();
    let mut s = String::with_capacity(bytes + 16);
    while s.len() < bytes {
        let w = &lex[(rng.next() % lex.len() as u64) as usize];
        match rng.next() % 16 {
            0 => s.push_str(". "),
            1 => s.push_str(", "),
            2 => s.push('\n'),
            _ => s.push(' '),
        }
        if rng.next() % 10 == 0 {
            s.push_str(&w.to_uppercase());
        } else {
            s.push_str(w);
        }
    }
    s
}

const SIZES: [usize; 3] = [1 << 10, 64 << 10, 1 << 20];

fn words(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan/word-hashes");
    for size in SIZES {
        let t = text(size, 1);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("fused", size), &t, |b, t| {
            let mut norm = String::new();
            b.iter(|| {
                let mut acc = 0u64;
                for_each_word_hash(t, &mut norm, |h| acc ^= h);
                black_box(acc)
            })
        });
        g.bench_with_input(
            BenchmarkId::new("baseline-tokenize-normalize-xxh3", size),
            &t,
            |b, t| {
                let mut norm = String::new();
                b.iter(|| {
                    let mut acc = 0u64;
                    for_each_word(t, |sp| {
                        normalize_word(&t[sp.start..sp.end], &mut norm);
                        acc ^= hash_bytes(norm.as_bytes());
                    });
                    black_box(acc)
                })
            },
        );
    }
    g.finish();
}

fn signing(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan/sign");
    let fast = DocSigner::new(&ScanConfig::default()).expect("valid");
    let analysed = DocSigner::new(&ScanConfig {
        lang: "en".into(),
        ..ScanConfig::default()
    })
    .expect("valid");
    for size in SIZES {
        let t = text(size, 2);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("fast-path", size), &t, |b, t| {
            let mut s = Scratch::default();
            b.iter(|| black_box(fast.sign(t, &mut s)))
        });
        g.bench_with_input(
            BenchmarkId::new("baseline-analyser-path", size),
            &t,
            |b, t| {
                let mut s = Scratch::default();
                b.iter(|| black_box(analysed.sign(t, &mut s)))
            },
        );
    }
    g.finish();
}

fn minhash(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan/minhash-128");
    let mh = MinHasher::new(128, DEFAULT_SEED);
    let mut rng = SplitMix64::new(3);
    for n in [100usize, 10_000] {
        let set: Vec<u64> = (0..n).map(|_| rng.next()).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("update_wide", n), &set, |b, set| {
            let mut mins = vec![u32::MAX; 128];
            b.iter(|| {
                mh.update_wide(&mut mins, set);
                black_box(mins[0])
            })
        });
        g.bench_with_input(BenchmarkId::new("baseline-update", n), &set, |b, set| {
            let mut mins = vec![u32::MAX; 128];
            b.iter(|| {
                mh.update(&mut mins, set);
                black_box(mins[0])
            })
        });
    }
    g.finish();
}

fn banding(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan/candidates");
    let mh = MinHasher::new(128, DEFAULT_SEED);
    let params = LshParams::optimal(0.8, 128, 0.1, 0.9);
    let mut rng = SplitMix64::new(4);
    for n in [500usize, 2000] {
        // Families of 5 near-duplicates among random documents.
        let sigs: Vec<Signature> = (0..n)
            .map(|i| {
                let family = (i / 5) as u64;
                let mut set: Vec<u64> = (0..300).map(|k| family * 1000 + k).collect();
                set.extend((0..10).map(|_| rng.next()));
                mh.sign(&set).expect("non-empty")
            })
            .collect();
        let refs: Vec<&[u32]> = sigs.iter().map(Signature::values).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("lsh-bands", n), &refs, |b, refs| {
            b.iter(|| black_box(band::candidates(refs, params, 200).pairs.len()))
        });
        g.bench_with_input(
            BenchmarkId::new("baseline-all-pairs", n),
            &refs,
            |b, refs| {
                b.iter(|| {
                    let mut hits = 0;
                    for i in 0..refs.len() {
                        for j in i + 1..refs.len() {
                            let equal = refs[i].iter().zip(refs[j]).filter(|(x, y)| x == y).count();
                            hits += usize::from(equal as f64 / 128.0 >= 0.8);
                        }
                    }
                    black_box(hits)
                })
            },
        );
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! { name = benches; config = config(); targets = words, signing, minhash, banding }
criterion_main!(benches);
