//! The word scanner on real text, before and after the per-stretch fast
//! path (issue 12), beside unicode-segmentation:
//!
//! - `words/<input>/per-stretch`: `for_each_word`, the scanner every word
//!   split of the crate goes through: the SSE2 block scanner over each ASCII
//!   stretch, UAX #29 (unicode-segmentation) only around non-ASCII
//!   characters;
//! - `words/<input>/before-whole-document`: the rule it replaced: the block
//!   scanner when the whole document is ASCII, else unicode-segmentation
//!   for all of it;
//! - `words/<input>/baseline-unicode-segmentation`: `unicode_word_indices`
//!   for every document.
//!
//! - `words/<input>/sign`: the whole fast path of the scan (words, 5-gram
//!   hashes, MinHash) per document, to show what the scanner's share is.
//!
//! Inputs, each a list of documents scanned one by one: `real-mixed` (BBC
//! News, then PAN 13's source documents — Gutenberg books — up to 10 MB:
//! curly quotes, dashes, accents in a large share of the documents),
//! `real-ascii` (Reuters, 5 MB, pure ASCII: the fast path must not cost
//! anything there), and two adversarial generated inputs: `accented` (an
//! accented letter in one word out of three) and `cjk` (ideographs and kana
//! between ASCII spaces and punctuation). The real inputs come from
//! `../shared/data` (see `support::shared_data`); without it only the
//! generated ones run. The lines printed first give each input's share of
//! non-ASCII documents.
//!
//! Run with `cargo bench --bench words`.

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::ScanConfig;
use neardup::internals::{DocSigner, Scratch, SplitMix64, ascii_words, for_each_word};
use neardup::synth::WordModel;
use support::{describe, real_documents, shared_data};
use unicode_segmentation::UnicodeSegmentation;

fn inputs() -> Vec<(&'static str, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(data) = shared_data() {
        let mut mixed = real_documents(&data, "bbc-news", 5_000_000);
        let have: usize = mixed.iter().map(String::len).sum();
        mixed.extend(real_documents(
            &data,
            "pan13-text-alignment-training/src",
            10_000_000 - have,
        ));
        out.push(("real-mixed", mixed));
        out.push((
            "real-ascii",
            real_documents(&data, "reuters21578-apte", 5_000_000),
        ));
    }
    out.push(("accented", generated(3, &["é", "ü", "ñ", "ø", "ç"])));
    out.push((
        "cjk",
        generated(1, &["日本語", "漢字", "カタカナ", "中文", "ー"]),
    ));
    for (name, docs) in &out {
        eprintln!("{}", describe(name, docs));
    }
    out
}

/// 2 MB of 4 kB documents of generated words, one word in `every` with
/// one of `wide` inserted.
fn generated(every: u64, wide: &[&str]) -> Vec<String> {
    let model = WordModel::new(20_000, 12);
    let mut rng = SplitMix64::new(every);
    (0..500)
        .map(|_| {
            let plain = model.document(4_000, &mut rng);
            let mut doc = String::with_capacity(plain.len() * 2);
            for (i, word) in plain.split(' ').enumerate() {
                if i > 0 {
                    doc.push(' ');
                }
                if rng.next() % every == 0 {
                    let cut = word.len() / 2;
                    if word.is_char_boundary(cut) {
                        doc.push_str(&word[..cut]);
                        doc.push_str(wide[(rng.next() % wide.len() as u64) as usize]);
                        doc.push_str(&word[cut..]);
                        continue;
                    }
                }
                doc.push_str(word);
            }
            doc
        })
        .collect()
}

fn words(c: &mut Criterion) {
    let signer = DocSigner::new(&ScanConfig::default()).expect("valid");
    for (name, docs) in inputs() {
        let mut g = c.benchmark_group(format!("words/{name}"));
        support::configure(&mut g, 10);
        let bytes: usize = docs.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter("per-stretch"),
            &docs,
            |b, docs| {
                b.iter(|| {
                    let mut acc = 0usize;
                    for d in docs {
                        for_each_word(d, |sp| acc ^= sp.start ^ sp.end);
                    }
                    black_box(acc)
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::from_parameter("before-whole-document"),
            &docs,
            |b, docs| {
                b.iter(|| {
                    let mut acc = 0usize;
                    for d in docs {
                        if d.is_ascii() {
                            ascii_words(d.as_bytes(), |s, e| acc ^= s ^ e);
                        } else {
                            for (s, w) in d.unicode_word_indices() {
                                acc ^= s ^ (s + w.len());
                            }
                        }
                    }
                    black_box(acc)
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::from_parameter("baseline-unicode-segmentation"),
            &docs,
            |b, docs| {
                b.iter(|| {
                    let mut acc = 0usize;
                    for d in docs {
                        for (s, w) in d.unicode_word_indices() {
                            acc ^= s ^ (s + w.len());
                        }
                    }
                    black_box(acc)
                })
            },
        );
        g.bench_with_input(BenchmarkId::from_parameter("sign"), &docs, |b, docs| {
            let mut s = Scratch::default();
            b.iter(|| {
                let mut n = 0usize;
                for d in docs {
                    n += usize::from(signer.sign(d, &mut s).signature.is_some());
                }
                black_box(n)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, words);
criterion_main!(benches);
