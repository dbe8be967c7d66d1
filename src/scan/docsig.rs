//! Document signatures: text → words → shingles → MinHash, in one pass.
//!
//! The default features (word n-grams of normalised words, no language
//! rules) take a fast path: words come from the tokenizer's ASCII fast path,
//! an ASCII word is lower-cased and hashed from a stack buffer (only other
//! words go through [`normalize_word`]), n-grams are hashed as the words
//! stream by, and every block of shingles goes through the vectorised
//! [`MinHasher::update_wide`]. Nothing is sorted or de-duplicated: a minimum
//! over a multiset equals the minimum over its set. The hashes are exactly
//! those of the general path ([`normalize_word`], [`hash_bytes`],
//! [`word_ngrams`]); the tests hold the two to it. Any other setting (a
//! language, character shingles) takes the general path through
//! [`Analyzer`] and [`Shingler`], as in `neardup compare`.
//!
//! Each document also gets a 64-bit content hash: the hash of its word
//! sequence (fast path) or of its sorted shingle set (general path).
//! Documents with equal content hashes have equal shingle sets, so the scan
//! can treat them as one text.

use crate::config::ScanConfig;
use crate::error::Error;
use crate::hash::{combine, hash_bytes, mix64};
use crate::minhash::{MinHasher, Signature};
use crate::shingle::{ShingleSpec, Shingler};
#[cfg(doc)]
use crate::shingle::word_ngrams;
use crate::text::normalize::normalize_word;
use crate::text::tokenize::for_each_word;
use crate::text::{Analyzer, Language, Span};

/// Shingles hashed between two MinHash updates on the fast path.
const BLOCK: usize = 2048;

/// Signs documents with one set of settings.
#[derive(Debug)]
pub struct DocSigner {
    hasher: MinHasher,
    spec: ShingleSpec,
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    /// Word n-grams of normalised words, streamed.
    Words { min: usize, max: usize },
    /// Anything else, through the compare pipeline's analyser.
    Analyzed { analyzer: Analyzer, shingler: Shingler },
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
    words: Vec<u64>,
    shingles: Vec<u64>,
    mins: Vec<u32>,
    norm: String,
}

impl DocSigner {
    /// The signer for `config` (its shingle, language and MinHash settings).
    pub fn new(config: &ScanConfig) -> Result<Self, Error> {
        let lang = Language::from_name(&config.lang)?;
        let mode = match config.shingle {
            ShingleSpec::Word { min, max } if lang.code() == "none" => Mode::Words { min, max },
            spec => Mode::Analyzed { analyzer: Analyzer::new(lang), shingler: Shingler::new(spec, config.keep_stop_words) },
        };
        Ok(DocSigner { hasher: MinHasher::new(config.perms, config.seed), spec: config.shingle, mode })
    }

    /// The shingle spec.
    pub fn spec(&self) -> ShingleSpec {
        self.spec
    }

    /// Whether the fast path is in use.
    pub fn is_fast(&self) -> bool {
        matches!(self.mode, Mode::Words { .. })
    }

    /// Signs `text`.
    pub fn sign(&self, text: &str, scratch: &mut Scratch) -> DocSignature {
        scratch.mins.clear();
        scratch.mins.resize(self.hasher.num_perm(), u32::MAX);
        let (words, shingles, content) = match &self.mode {
            Mode::Words { min, max } => self.sign_words(text, *min, *max, scratch),
            Mode::Analyzed { analyzer, shingler } => {
                let (set, words) = analyzed_set(analyzer, shingler, text);
                self.hasher.update_wide(&mut scratch.mins, &set);
                let content = set.iter().fold(mix64(set.len() as u64), |acc, &h| combine(acc, h));
                (words as u64, set.len() as u64, content)
            }
        };
        let signature = (shingles > 0).then(|| Signature::from_mins(scratch.mins.clone()));
        DocSignature { signature, words: words.min(u32::MAX as u64) as u32, content }
    }

    /// The sorted, de-duplicated shingle set of `text` (for exact Jaccard).
    pub fn shingle_set(&self, text: &str, scratch: &mut Scratch) -> Vec<u64> {
        match &self.mode {
            Mode::Words { min, max } => {
                word_hashes(text, &mut scratch.words, &mut scratch.norm);
                let mut set = Vec::new();
                ngrams_ending_in(&scratch.words, 0, *min, *max, &mut set);
                set.sort_unstable();
                set.dedup();
                set
            }
            Mode::Analyzed { analyzer, shingler } => analyzed_set(analyzer, shingler, text).0,
        }
    }

    /// The fast path: returns (words, shingles, content hash).
    fn sign_words(&self, text: &str, min: usize, max: usize, s: &mut Scratch) -> (u64, u64, u64) {
        let Scratch { words, shingles, mins, norm } = s;
        words.clear();
        shingles.clear();
        let (mut total_words, mut total_shingles, mut content) = (0u64, 0u64, mix64(0x5eed));
        // `words` holds the last `max - 1` words of the previous block (whose
        // n-grams are done) followed by new ones.
        let mut done = 0;
        let mut flush = |words: &mut Vec<u64>, done: &mut usize, shingles: &mut Vec<u64>, mins: &mut Vec<u32>| {
            ngrams_ending_in(words, *done, min, max, shingles);
            total_shingles += shingles.len() as u64;
            self.hasher.update_wide(mins, shingles);
            shingles.clear();
            let keep = (max - 1).min(words.len());
            words.drain(..words.len() - keep);
            *done = words.len();
        };
        let bytes = text.as_bytes();
        let ascii = text.is_ascii();
        let mut lower = [0u8; 32];
        for_each_word(text, |span| {
            let w = &bytes[span.start..span.end];
            let h = if (ascii || w.is_ascii()) && w.len() <= lower.len() {
                let l = &mut lower[..w.len()];
                for (d, &c) in l.iter_mut().zip(w) {
                    *d = c.to_ascii_lowercase();
                }
                hash_bytes(strip_possessive(l))
            } else {
                normalize_word(&text[span.start..span.end], norm);
                hash_bytes(norm.as_bytes())
            };
            content = combine(content, h);
            total_words += 1;
            words.push(h);
            if words.len() >= BLOCK + max {
                flush(words, &mut done, shingles, mins);
            }
        });
        flush(words, &mut done, shingles, mins);
        (total_words, total_shingles, mix64(content ^ total_words))
    }
}

/// The general path: the shingle set and the number of terms.
fn analyzed_set(analyzer: &Analyzer, shingler: &Shingler, text: &str) -> (Vec<u64>, usize) {
    let terms = analyzer.terms(text, Span::new(0, text.len()));
    (shingler.shingles(&terms), terms.len())
}

/// `normalize_word`'s possessive rule on lower-case ASCII: `x's` → `x`,
/// `xs'` → `xs`.
#[inline]
fn strip_possessive(w: &[u8]) -> &[u8] {
    let n = w.len();
    if n > 2 && w.ends_with(b"'s") {
        &w[..n - 2]
    } else if n > 1 && w[n - 1] == b'\'' {
        &w[..n - 1]
    } else {
        w
    }
}

/// Hashes of the normalised words of `text`, in order.
fn word_hashes(text: &str, out: &mut Vec<u64>, norm: &mut String) {
    out.clear();
    for_each_word(text, |span| {
        normalize_word(&text[span.start..span.end], norm);
        out.push(hash_bytes(norm.as_bytes()));
    });
}

/// Appends the hashes of the n-grams (`min ≤ n ≤ max`) of `words` that end
/// at an index `≥ from`, with the values of [`word_ngrams`].
fn ngrams_ending_in(words: &[u64], from: usize, min: usize, max: usize, out: &mut Vec<u64>) {
    for end in from..words.len() {
        for n in min..=max.min(end + 1) {
            let window = &words[end + 1 - n..=end];
            out.push(if n == 1 { window[0] } else { window.iter().fold(mix64(n as u64), |acc, &h| combine(acc, h)) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use crate::shingle::word_ngrams;
    use unicode_segmentation::UnicodeSegmentation;

    fn config(spec: &str) -> ScanConfig {
        ScanConfig { shingle: spec.parse().unwrap(), perms: 64, ..ScanConfig::default() }
    }

    /// The one-line version: UAX #29 words, `normalize_word`, XXH3,
    /// `word_ngrams`, sort, dedup.
    fn oracle_set(text: &str, min: usize, max: usize) -> Vec<u64> {
        let mut norm = String::new();
        let hashes: Vec<u64> = text
            .unicode_words()
            .map(|w| {
                normalize_word(w, &mut norm);
                hash_bytes(norm.as_bytes())
            })
            .collect();
        let mut set = word_ngrams(&hashes, min, max);
        set.sort_unstable();
        set.dedup();
        set
    }

    fn random_text(rng: &mut SplitMix64, words: usize) -> String {
        const VOCAB: &[&str] = &[
            "the", "The", "CAT", "cat's", "dogs'", "sat", "on", "mat", "4.3", "1,000", "U.S.", "don't", "café",
            "Straße", "ﬁnance", "naïve", "—", "x_y", "a", "verylongwordthatexceedsthethirtytwobytebuffer",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA's", "France’s", "日本語", ",", ".", "\n\n",
        ];
        (0..words).map(|_| VOCAB[(rng.next() % VOCAB.len() as u64) as usize]).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn fast_path_equals_the_general_hashes_and_minhash() {
        let mut rng = SplitMix64::new(3);
        for spec in ["word:5", "word:1", "word:2-4", "word:3"] {
            let cfg = config(spec);
            let signer = DocSigner::new(&cfg).unwrap();
            assert!(signer.is_fast());
            let ShingleSpec::Word { min, max } = cfg.shingle else { unreachable!() };
            let mh = MinHasher::new(cfg.perms, cfg.seed);
            let mut scratch = Scratch::default();
            for len in [0, 1, 3, 4, 5, 6, 40, BLOCK + 3, 3 * BLOCK + 17] {
                let mut text = random_text(&mut rng, len);
                if len % 2 == 1 {
                    text = text.replace('é', "e").replace("’", "'").replace("日本語", "x");
                    text.retain(|c| c.is_ascii());
                }
                let want = oracle_set(&text, min, max);
                assert_eq!(signer.shingle_set(&text, &mut scratch), want, "{spec} {len}");
                let got = signer.sign(&text, &mut scratch);
                assert_eq!(got.signature, mh.sign(&want), "{spec} {len}");
                assert_eq!(got.words as usize, text.unicode_words().count());
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
        let cfg = ScanConfig { shingle: "char:4".parse().unwrap(), ..ScanConfig::default() };
        let signer = DocSigner::new(&cfg).unwrap();
        assert!(!signer.is_fast());
        let mut s = Scratch::default();
        let a = signer.sign("Nearly the same words", &mut s);
        let b = signer.sign("nearly  THE same words!", &mut s);
        assert_eq!(a, b);
        assert!(a.signature.is_some());
        let stemmed = DocSigner::new(&ScanConfig { lang: "en".into(), ..ScanConfig::default() }).unwrap();
        assert!(!stemmed.is_fast());
        let x = stemmed.sign("The cats were running across the gardens today", &mut s);
        let y = stemmed.sign("the cat was run across the garden today", &mut s);
        assert_eq!(x.signature, y.signature);
    }
}
