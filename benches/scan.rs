//! Per-stage benchmarks of `neardup scan` on 1, 10 and 100 MB of generated
//! text (a Zipf word model; see `support`), each beside a baseline:
//!
//! - `scan/tokenize`: the fused word hashes of the scan (SSE2 block scan,
//!   lower-casing in a register) vs `compare`'s tokenizer, `normalize_word`
//!   and XXH3 vs plain unicode-segmentation word splitting, `to_lowercase`
//!   and XXH3;
//! - `scan/shingle`: word 5-gram hashes rolled from the word hashes vs
//!   `compare`'s `word_ngrams` (mixes every word of every window) vs hashing
//!   the joined 5-word strings;
//! - `scan/minhash-128`: the vectorised `update_wide` vs the scalar `update`
//!   over the text's 5-gram hashes;
//! - `scan/sketch-128`: one signature per document (the corpus's 4 kB
//!   documents, and real text from `../shared/data` when present: BBC News
//!   and PAN 13 sources, 10 MB) with one-permutation hashing and optimal
//!   densification (`--sketch oph`) vs classic MinHash (`update_wide`, the
//!   default);
//! - `scan/sign`: the whole fast path (text to signature) vs the analyser
//!   path (stemming, stop words, numbers; 1 and 10 MB);
//! - `scan/lsh`: candidate pairs among the signatures of a generated corpus
//!   of 4 kB documents (about 250, 2,500 and 25,000) vs all pairs (1 and
//!   10 MB: brute force is quadratic);
//! - `scan/end-to-end`: `Scanner::scan` over the corpus files vs naive
//!   exact Jaccard of every pair of shingle sets (1 MB).
//!
//! Run with `cargo bench --bench scan` (`NEARDUP_BENCH_MB=1,10` for less);
//! whole-process figures come from `neardup bench` (see docs/benchmarks.md).

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::ScanConfig;
use neardup::internals::{
    DocSigner, LshParams, MinHasher, NgramRoller, OverCap, Scratch, candidates, estimate,
    for_each_word, for_each_word_hash, hash_bytes, jaccard, normalize_word, word_ngrams,
};
use neardup::scan::{Scanner, Silent, Sources};
use neardup::{DEFAULT_SEED, Sketch};
use support::{
    configure, corpus, corpus_texts, describe, label, real_documents, shared_data, sizes, text,
};
use unicode_segmentation::UnicodeSegmentation;

fn word_hashes(t: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for_each_word_hash(t, &mut String::new(), |h| out.push(h));
    out
}

fn shingles(t: &str) -> Vec<u64> {
    let mut roller = NgramRoller::new(5, 5);
    let mut out = Vec::new();
    for h in word_hashes(t) {
        roller.push(h, |_, s| out.push(s));
    }
    out
}

fn tokenize(c: &mut Criterion) {
    for mb in sizes() {
        let mut g = c.benchmark_group("scan/tokenize");
        configure(&mut g, mb);
        let t = text(mb);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("fused", label(mb)), t, |b, t| {
            let mut norm = String::new();
            b.iter(|| {
                let mut acc = 0u64;
                for_each_word_hash(t, &mut norm, |h| acc ^= h);
                black_box(acc)
            })
        });
        g.bench_with_input(
            BenchmarkId::new("compare-tokenizer", label(mb)),
            t,
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
        g.bench_with_input(
            BenchmarkId::new("baseline-unicode-segmentation", label(mb)),
            t,
            |b, t| {
                b.iter(|| {
                    let mut acc = 0u64;
                    for w in t.unicode_words() {
                        acc ^= hash_bytes(w.to_lowercase().as_bytes());
                    }
                    black_box(acc)
                })
            },
        );
        g.finish();
    }
}

fn shingle(c: &mut Criterion) {
    for mb in sizes() {
        let mut g = c.benchmark_group("scan/shingle");
        configure(&mut g, mb);
        let t = text(mb);
        let hashes = word_hashes(t);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("rolling-5gram", label(mb)),
            &hashes,
            |b, hashes| {
                b.iter(|| {
                    let mut roller = NgramRoller::new(5, 5);
                    let mut acc = 0u64;
                    for &h in hashes {
                        roller.push(h, |_, s| acc ^= s);
                    }
                    black_box(acc)
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("compare-word_ngrams", label(mb)),
            &hashes,
            |b, hashes| b.iter(|| black_box(word_ngrams(hashes, 5, 5).len())),
        );
        let mut norm = String::new();
        let words: Vec<String> = t
            .unicode_words()
            .map(|w| {
                normalize_word(w, &mut norm);
                norm.clone()
            })
            .collect();
        g.bench_with_input(
            BenchmarkId::new("baseline-joined-strings", label(mb)),
            &words,
            |b, words| {
                b.iter(|| {
                    let mut acc = 0u64;
                    let mut joined = String::new();
                    for win in words.windows(5) {
                        joined.clear();
                        for (i, w) in win.iter().enumerate() {
                            if i > 0 {
                                joined.push(' ');
                            }
                            joined.push_str(w);
                        }
                        acc ^= hash_bytes(joined.as_bytes());
                    }
                    black_box(acc)
                })
            },
        );
        g.finish();
    }
}

fn minhash(c: &mut Criterion) {
    let mh = MinHasher::new(128, DEFAULT_SEED);
    for mb in sizes() {
        let mut g = c.benchmark_group("scan/minhash-128");
        configure(&mut g, mb);
        let set = shingles(text(mb));
        g.throughput(Throughput::Elements(set.len() as u64));
        g.bench_with_input(BenchmarkId::new("update_wide", label(mb)), &set, |b, s| {
            let mut mins = vec![u32::MAX; 128];
            b.iter(|| {
                mh.update_wide(&mut mins, s);
                black_box(mins[0])
            })
        });
        g.bench_with_input(
            BenchmarkId::new("baseline-update", label(mb)),
            &set,
            |b, s| {
                let mut mins = vec![u32::MAX; 128];
                b.iter(|| {
                    mh.update(&mut mins, s);
                    black_box(mins[0])
                })
            },
        );
        g.finish();
    }
}

fn sign(c: &mut Criterion) {
    let fast = DocSigner::new(&ScanConfig::default()).expect("valid");
    let analysed = DocSigner::new(&ScanConfig {
        lang: "en".into(),
        ..ScanConfig::default()
    })
    .expect("valid");
    for mb in sizes() {
        let mut g = c.benchmark_group("scan/sign");
        configure(&mut g, mb);
        let t = text(mb);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("fast-path", label(mb)), t, |b, t| {
            let mut s = Scratch::default();
            b.iter(|| black_box(fast.sign(t, &mut s)))
        });
        if mb <= 10 {
            g.bench_with_input(
                BenchmarkId::new("baseline-analyser-path", label(mb)),
                t,
                |b, t| {
                    let mut s = Scratch::default();
                    b.iter(|| black_box(analysed.sign(t, &mut s)))
                },
            );
        }
        g.finish();
    }
}

fn lsh(c: &mut Criterion) {
    let signer = DocSigner::new(&ScanConfig::default()).expect("valid");
    let params = LshParams::optimal(0.8, 128, 0.1, 0.9);
    for mb in sizes() {
        let mut g = c.benchmark_group("scan/lsh");
        configure(&mut g, mb);
        let mut scratch = Scratch::default();
        let sigs: Vec<_> = corpus_texts(mb)
            .iter()
            .filter_map(|t| signer.sign(t, &mut scratch).signature)
            .collect();
        let refs: Vec<&[u32]> = sigs.iter().map(|s| s.values()).collect();
        g.throughput(Throughput::Elements(refs.len() as u64));
        g.bench_with_input(BenchmarkId::new("bands", label(mb)), &refs, |b, refs| {
            b.iter(|| {
                black_box(
                    candidates(refs, None, params, 200, OverCap::Star)
                        .pairs
                        .len(),
                )
            })
        });
        if mb <= 10 {
            g.bench_with_input(
                BenchmarkId::new("baseline-all-pairs", label(mb)),
                &refs,
                |b, refs| {
                    b.iter(|| {
                        let mut hits = 0usize;
                        for i in 0..refs.len() {
                            for j in i + 1..refs.len() {
                                hits += usize::from(estimate(refs[i], refs[j]) >= 0.8);
                            }
                        }
                        black_box(hits)
                    })
                },
            );
        }
        g.finish();
    }
}

fn end_to_end(c: &mut Criterion) {
    let scanner = Scanner::new(ScanConfig::default()).expect("valid");
    let signer = DocSigner::new(&ScanConfig::default()).expect("valid");
    for mb in sizes() {
        let mut g = c.benchmark_group("scan/end-to-end");
        configure(&mut g, mb);
        let dir = corpus(mb);
        let bytes: u64 = corpus_texts(mb).iter().map(|t| t.len() as u64).sum();
        let sources = Sources {
            roots: vec![dir.to_path_buf()],
            listed: Vec::new(),
        };
        g.throughput(Throughput::Bytes(bytes));
        g.bench_with_input(BenchmarkId::new("scanner", label(mb)), &sources, |b, s| {
            b.iter(|| black_box(scanner.scan(s, &Silent).expect("scanned").pairs.len()))
        });
        if mb <= 1 {
            g.bench_function(
                BenchmarkId::new("baseline-all-pairs-exact", label(mb)),
                |b| {
                    b.iter(|| {
                        let mut scratch = Scratch::default();
                        let sets: Vec<Vec<u64>> = corpus_texts(mb)
                            .iter()
                            .map(|t| signer.shingle_set(t, &mut scratch))
                            .collect();
                        let mut hits = 0usize;
                        for i in 0..sets.len() {
                            for j in i + 1..sets.len() {
                                hits += usize::from(jaccard(&sets[i], &sets[j]) >= 0.8);
                            }
                        }
                        black_box(hits)
                    })
                },
            );
        }
        g.finish();
    }
}

/// The 5-gram sets of documents, one per document.
fn document_sets(docs: &[String]) -> Vec<Vec<u64>> {
    docs.iter().map(|d| shingles(d)).collect()
}

fn sketch(c: &mut Criterion) {
    let oph = MinHasher::with_sketch(128, DEFAULT_SEED, Sketch::Oph);
    let classic = MinHasher::with_sketch(128, DEFAULT_SEED, Sketch::MinHash);
    let mut inputs: Vec<(String, Vec<Vec<u64>>, usize)> = sizes()
        .into_iter()
        .filter(|&mb| mb <= 10)
        .map(|mb| (label(mb), document_sets(&corpus_texts(mb)), mb))
        .collect();
    if let Some(data) = shared_data() {
        let mut docs = real_documents(&data, "bbc-news", 5_000_000);
        docs.extend(real_documents(
            &data,
            "pan13-text-alignment-training/src",
            5_000_000,
        ));
        eprintln!("{}", describe("sketch real-mixed", &docs));
        inputs.push(("real-mixed-10MB".into(), document_sets(&docs), 10));
    }
    for (name, sets, mb) in &inputs {
        let mut g = c.benchmark_group("scan/sketch-128");
        configure(&mut g, *mb);
        g.throughput(Throughput::Elements(
            sets.iter().map(|s| s.len() as u64).sum(),
        ));
        for (id, mh) in [("oph", &oph), ("baseline-minhash", &classic)] {
            g.bench_with_input(BenchmarkId::new(id, name), sets, |b, sets| {
                let mut mins = vec![u32::MAX; 128];
                b.iter(|| {
                    let mut acc = 0u32;
                    for s in sets {
                        mins.fill(u32::MAX);
                        mh.update_wide(&mut mins, s);
                        mh.finish(&mut mins);
                        acc ^= mins[0];
                    }
                    black_box(acc)
                })
            });
        }
        g.finish();
    }
}

criterion_group!(
    benches, tokenize, shingle, minhash, sketch, sign, lsh, end_to_end
);
criterion_main!(benches);
