//! Document signatures: text → words → shingles → MinHash, in one pass.
//!
//! The default features (word n-grams of normalised words, no language
//! rules) take a fast path: [`for_each_word_hash`](crate::shingle::for_each_word_hash) hashes each normalised
//! word without building strings; each word then yields the hash of the
//! n-gram ending at it, from a rolling hash (below), and every block of
//! shingles goes through the vectorised [`MinHasher::update_wide`]. Nothing
//! is sorted or de-duplicated: a minimum over a multiset equals the minimum
//! over its set. Any other setting (a language, character shingles) takes
//! the general path through [`Analyzer`] and [`Shingler`], as in
//! `neardup compare`.
//!
//! Word and n-gram hashes are those of [`crate::shingle`] (the one copy of
//! each rule, shared with `neardup compare`): the n-gram hash rolls, so an
//! n-gram costs one mix whatever n. The tests check the streamed values
//! against the definitions applied to compare's words (`word_spans`).
//!
//! Each document also gets a 64-bit content hash: the wrapping sum of its
//! shingle hashes (fast path) or the hash of its sorted shingle set. Equal
//! content hashes mean equal shingle sets (up to a 2^-64 accident), so the
//! scan treats such documents as one text.

use crate::config::ScanConfig;
use crate::error::Error;
use crate::hash::{combine, mix64};
use crate::minhash::{MinHasher, Signature, Sketch};
use crate::shingle::{Kind, NgramRoller, ShingleSpec, Shingler};
use crate::text::Span;
use crate::text::detect::Analyzers;

use crate::shingle::for_each_word_hash;

/// Shingles hashed between two MinHash updates on the fast path.
const BLOCK: usize = 2048;

/// Signs documents with one set of settings.
#[derive(Debug)]
pub struct DocSigner {
    hasher: MinHasher,
    spec: ShingleSpec,
    lang: &'static str,
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    /// Word n-grams of normalised words, streamed.
    Words { min: usize, max: usize },
    /// Anything else, through the compare pipeline's analyser (one
    /// language, or `auto`: each document's own, detected).
    Analyzed {
        analyzers: Analyzers,
        shingler: Shingler,
    },
}

/// The signature of one document and what the scan needs besides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSignature {
    /// MinHash of the shingle set; `None` when there is no shingle (empty or
    /// too short), so such documents never match anything.
    pub signature: Option<Signature>,
    /// Words read (terms, on the general path).
    pub words: u32,
    /// Equal for documents with equal shingle sets.
    pub content: u64,
}

/// Buffers reused from document to document by one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    shingles: Vec<u64>,
    norm: String,
}

/// What [`DocSigner::sign_into`] learnt besides the minima.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignSummary {
    /// Words read (terms, on the general path).
    pub words: u32,
    /// Shingles hashed (with repeats on the fast path); 0 means no
    /// signature.
    pub shingles: u64,
    /// Equal for documents with equal shingle sets.
    pub content: u64,
    /// The language detected, under `--lang auto` (an ISO 639-1 code, or
    /// `und` for a text without letters); `None` otherwise.
    pub language: Option<&'static str>,
}

impl DocSigner {
    /// The signer for `config` (its shingle, language and MinHash settings).
    pub fn new(config: &ScanConfig) -> Result<Self, Error> {
        let analyzers = Analyzers::new(&config.lang)?;
        let code = analyzers.setting();
        let mode = match config.shingle.kind() {
            Kind::Word { min, max } if code == "none" => Mode::Words { min, max },
            _ => Mode::Analyzed {
                analyzers,
                shingler: Shingler::new(config.shingle, config.keep_stop_words),
            },
        };
        Ok(DocSigner {
            hasher: MinHasher::with_sketch(config.perms, config.seed, config.sketch),
            spec: config.shingle,
            lang: code,
            mode,
        })
    }

    /// The shingle spec.
    pub fn spec(&self) -> ShingleSpec {
        self.spec
    }

    /// The language code (`none` when words are only normalised, `auto`
    /// when each document's is detected).
    pub fn language(&self) -> &'static str {
        self.lang
    }

    /// Whether the fast path is in use.
    pub fn is_fast(&self) -> bool {
        matches!(self.mode, Mode::Words { .. })
    }

    /// Signs `text`.
    pub fn sign(&self, text: &str, scratch: &mut Scratch) -> DocSignature {
        let mut mins = vec![0; self.hasher.num_perm()];
        let d = self.sign_into(text, scratch, &mut mins);
        DocSignature {
            signature: (d.shingles > 0).then(|| Signature::from_mins(mins)),
            words: d.words,
            content: d.content,
        }
    }

    /// Signs `text` into `mins` (as long as the signature; `u32::MAX`
    /// everywhere when there is no shingle), without allocating.
    pub fn sign_into(&self, text: &str, scratch: &mut Scratch, mins: &mut [u32]) -> SignSummary {
        mins.fill(u32::MAX);
        let (words, shingles, content, language) = match &self.mode {
            Mode::Words { min, max } => {
                let (w, s, c) = self.sign_words(text, *min, *max, scratch, mins);
                (w, s, c, None)
            }
            Mode::Analyzed {
                analyzers,
                shingler,
            } => {
                let a = analyzed_set(analyzers, shingler, text);
                self.hasher.update_wide(mins, &a.set);
                let content = a
                    .set
                    .iter()
                    .fold(mix64(a.set.len() as u64), |acc, &h| combine(acc, h));
                (a.words as u64, a.set.len() as u64, content, a.detected)
            }
        };
        if shingles > 0 {
            self.hasher.finish(mins);
        }
        SignSummary {
            words: words.min(u32::MAX as u64) as u32,
            shingles,
            content,
            language,
        }
    }

    /// The signature length.
    pub fn num_perm(&self) -> usize {
        self.hasher.num_perm()
    }

    /// How signatures are computed.
    pub fn sketch(&self) -> Sketch {
        self.hasher.sketch()
    }

    /// The sorted, de-duplicated shingle set of `text` (for exact Jaccard).
    pub fn shingle_set(&self, text: &str, scratch: &mut Scratch) -> Vec<u64> {
        self.shingle_set_and_content(text, scratch).0
    }

    /// [`Self::shingle_set`] and the content hash [`Self::sign_into`] gives
    /// the same text: a re-read file whose hash differs has changed.
    pub fn shingle_set_and_content(&self, text: &str, scratch: &mut Scratch) -> (Vec<u64>, u64) {
        match &self.mode {
            Mode::Words { min, max } => {
                let mut set = Vec::new();
                let mut sum = 0u64;
                for_each_shingle(text, *min, *max, &mut scratch.norm, |_, h| {
                    sum = sum.wrapping_add(h);
                    set.push(h);
                });
                let content = mix64(sum ^ mix64(set.len() as u64));
                set.sort_unstable();
                set.dedup();
                (set, content)
            }
            Mode::Analyzed {
                analyzers,
                shingler,
            } => {
                let set = analyzed_set(analyzers, shingler, text).set;
                let content = set
                    .iter()
                    .fold(mix64(set.len() as u64), |acc, &h| combine(acc, h));
                (set, content)
            }
        }
    }

    /// The fast path: returns (words, shingles, content hash).
    fn sign_words(
        &self,
        text: &str,
        min: usize,
        max: usize,
        s: &mut Scratch,
        mins: &mut [u32],
    ) -> (u64, u64, u64) {
        let Scratch { shingles, norm } = s;
        shingles.clear();
        let (mut total, mut sum) = (0u64, 0u64);
        let words = for_each_shingle(text, min, max, norm, |_, h| {
            sum = sum.wrapping_add(h);
            shingles.push(h);
            if shingles.len() == BLOCK {
                self.hasher.update_wide(mins, shingles);
                total += BLOCK as u64;
                shingles.clear();
            }
        });
        self.hasher.update_wide(mins, shingles);
        total += shingles.len() as u64;
        (words, total, mix64(sum ^ mix64(total)))
    }
}

/// Calls `emit(n, hash)` for every word n-gram of `text` (`min ≤ n ≤ max`,
/// at most 32) in the fast path's hashing; returns the number of words.
#[inline]
fn for_each_shingle(
    text: &str,
    min: usize,
    max: usize,
    norm: &mut String,
    mut emit: impl FnMut(usize, u64),
) -> u64 {
    let mut roller = NgramRoller::new(min, max);
    for_each_word_hash(text, norm, |h| roller.push(h, &mut emit));
    roller.words()
}

/// What the general path makes of one text.
struct AnalyzedSet {
    /// The shingle set, sorted.
    set: Vec<u64>,
    /// Terms read.
    words: usize,
    /// The language detected (`--lang auto` only).
    detected: Option<&'static str>,
}

/// The general path: the text read in its language (given, or detected on
/// its first 4 KiB under `auto`), then shingled.
fn analyzed_set(analyzers: &Analyzers, shingler: &Shingler, text: &str) -> AnalyzedSet {
    let (analyzer, language) = analyzers.for_text(text);
    let terms = analyzer.terms(text, Span::new(0, text.len()));
    AnalyzedSet {
        set: shingler.shingles(&terms),
        words: terms.len(),
        detected: matches!(analyzers, Analyzers::Auto(_)).then_some(language),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use crate::shingle::{ngram_hash, word_hash};
    use crate::text::normalize::normalize_word;
    use crate::text::tokenize::word_spans;

    fn config(spec: &str) -> ScanConfig {
        ScanConfig {
            shingle: spec.parse().unwrap(),
            perms: 64,
            ..ScanConfig::default()
        }
    }

    /// The one-line version: compare's words (UAX #29, dictionary words
    /// for Han, kana, Thai, ...), `normalize_word`, the word hash, the
    /// n-gram hash from its definition (no rolling), sort, dedup.
    fn oracle_set(text: &str, min: usize, max: usize) -> Vec<u64> {
        let mut norm = String::new();
        let words: Vec<u64> = word_spans(text)
            .iter()
            .map(|w| {
                normalize_word(&text[w.start..w.end], &mut norm);
                word_hash(norm.as_bytes())
            })
            .collect();
        let mut set = Vec::new();
        for n in min..=max {
            for win in words.windows(n) {
                if n == 1 {
                    set.push(win[0]);
                    continue;
                }
                set.push(ngram_hash(win));
            }
        }
        set.sort_unstable();
        set.dedup();
        set
    }

    fn random_text(rng: &mut SplitMix64, words: usize) -> String {
        const VOCAB: &[&str] = &[
            "the",
            "The",
            "CAT",
            "cat's",
            "dogs'",
            "sat",
            "on",
            "mat",
            "4.3",
            "1,000",
            "U.S.",
            "don't",
            "café",
            "Straße",
            "ﬁnance",
            "naïve",
            "—",
            "x_y",
            "a",
            "verylongwordthatexceedsthethirtytwobytebuffer",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA's",
            "France’s",
            "日本語",
            "北京市地铁",
            "กรุงเทพมหานคร",
            ",",
            ".",
            "\n\n",
        ];
        (0..words)
            .map(|_| VOCAB[(rng.next() % VOCAB.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn fast_path_equals_the_general_hashes_and_minhash() {
        let mut rng = SplitMix64::new(3);
        for (spec, sketch) in [
            ("word:5", Sketch::MinHash),
            ("word:1", Sketch::MinHash),
            ("word:2-4", Sketch::MinHash),
            ("word:3", Sketch::MinHash),
            ("word:32", Sketch::MinHash),
            ("word:1-3", Sketch::MinHash),
            ("word:5", Sketch::Oph),
            ("word:1-3", Sketch::Oph),
        ] {
            let cfg = ScanConfig {
                sketch,
                ..config(spec)
            };
            let signer = DocSigner::new(&cfg).unwrap();
            assert!(signer.is_fast());
            assert_eq!(signer.sketch(), sketch);
            let Kind::Word { min, max } = cfg.shingle.kind() else {
                unreachable!()
            };
            let mh = MinHasher::with_sketch(cfg.perms, cfg.seed, sketch);
            let mut scratch = Scratch::default();
            for len in [0, 1, 3, 4, 5, 6, 40, BLOCK + 3, 3 * BLOCK + 17] {
                let mut text = random_text(&mut rng, len);
                if len % 2 == 1 {
                    text = text
                        .replace('é', "e")
                        .replace("’", "'")
                        .replace("日本語", "x")
                        .replace("北京市地铁", "y")
                        .replace("กรุงเทพมหานคร", "z");
                    text.retain(|c| c.is_ascii());
                }
                let want = oracle_set(&text, min, max);
                assert_eq!(
                    signer.shingle_set(&text, &mut scratch),
                    want,
                    "{spec} {len}"
                );
                let got = signer.sign(&text, &mut scratch);
                assert_eq!(got.signature, mh.sign(&want), "{spec} {sketch} {len}");
                assert_eq!(got.words as usize, word_spans(&text).len());
            }
        }
    }

    #[test]
    fn shingle_set_content_is_the_signature_content() {
        for spec in ["word:5", "word:1-2", "char:5"] {
            let signer = DocSigner::new(&config(spec)).unwrap();
            let mut scratch = Scratch::default();
            for text in [
                "",
                "one",
                "The cat sat on the mat and the cat sat again.",
                "a b c d e f g",
            ] {
                let d = signer.sign(text, &mut scratch);
                let (set, content) = signer.shingle_set_and_content(text, &mut scratch);
                assert_eq!(content, d.content, "{spec} {text:?}");
                assert_eq!(set, signer.shingle_set(text, &mut scratch));
            }
        }
    }

    #[test]
    fn content_hash_follows_the_words_not_the_layout() {
        let signer = DocSigner::new(&ScanConfig::default()).unwrap();
        let mut s = Scratch::default();
        let a = signer.sign("One two three four five six.", &mut s);
        let b = signer.sign("ONE two,\n\nthree  four five six", &mut s);
        let c = signer.sign("One two three four five seven.", &mut s);
        assert_eq!(a, b);
        assert_ne!(a.content, c.content);
    }

    #[test]
    fn short_and_empty_texts_have_no_signature() {
        let signer = DocSigner::new(&ScanConfig::default()).unwrap();
        let mut s = Scratch::default();
        for (text, words) in [("", 0), ("  \n ... ", 0), ("one two three four", 4)] {
            let d = signer.sign(text, &mut s);
            assert_eq!(d.signature, None, "{text:?}");
            assert_eq!(d.words, words);
        }
    }

    #[test]
    fn general_path_uses_the_analyzer() {
        let cfg = ScanConfig {
            shingle: "char:4".parse().unwrap(),
            ..ScanConfig::default()
        };
        let signer = DocSigner::new(&cfg).unwrap();
        assert!(!signer.is_fast());
        let mut s = Scratch::default();
        let oph = DocSigner::new(&ScanConfig {
            sketch: Sketch::Oph,
            ..cfg.clone()
        })
        .unwrap();
        let text = "Nearly the same words, in a sentence of some length";
        let set = oph.shingle_set(text, &mut s);
        assert_eq!(
            oph.sign(text, &mut s).signature,
            MinHasher::with_sketch(cfg.perms, cfg.seed, Sketch::Oph).sign(&set)
        );
        let a = signer.sign("Nearly the same words", &mut s);
        let b = signer.sign("nearly  THE same words!", &mut s);
        assert_eq!(a, b);
        assert!(a.signature.is_some());
        let stemmed = DocSigner::new(&ScanConfig {
            lang: "en".into(),
            ..ScanConfig::default()
        })
        .unwrap();
        assert!(!stemmed.is_fast());
        let x = stemmed.sign("The cats were running across the gardens today", &mut s);
        let y = stemmed.sign("the cat was run across the garden today", &mut s);
        assert_eq!(x.signature, y.signature);
    }
}
