//! Shingles: the hashed features whose sets are compared.
//!
//! A [`ShingleSpec`] says which features: word n-grams over analysed terms
//! (`word:1`, `word:1-2`, `word:5`) or character n-grams over the normalised
//! text (`char:5`). A [`Shingler`] turns a slice of [`Term`]s into a sorted,
//! de-duplicated `Vec<u64>` of stable hashes (see [`crate::hash`]). A text
//! with fewer words (or characters) than the smallest n has no shingles.
//!
//! The hash of a word ([`word_hash`]) is the one rule for compare and scan
//! alike. The scan's fast path gets it without building strings
//! ([`for_each_word_hash`]): a word of up to 8 ASCII bytes is loaded as one
//! little-endian `u64`, lower-cased eight bytes at a time, stripped of a
//! possessive and hashed in a register; longer words are lower-cased into a
//! buffer, and non-ASCII words go through [`normalize_word`]. Runs of
//! Han, kana, Thai, Lao, Khmer and Myanmar letters, which UAX #29 leaves one
//! letter a word, are split into dictionary words first
//! ([`crate::text::segment`]), as compare reads them. The tests check the
//! fused path against `word_spans` and `normalize_word` on random text.
//!
//! [`word_hash`] is built from the SplitMix64 finaliser ([`mix64`]): a word
//! of at most 8 bytes is one `u64` mixed with a per-length constant (no two
//! such words collide); a longer word chains 8-byte chunks. It is stable
//! across platforms and versions (pinned by a test), like everything in
//! [`crate::hash`].

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::hash::{hash_bytes, mix64};
use crate::text::Term;
use crate::text::normalize::{normalize_word, possessive_len};
use crate::text::segment::{dictionary_script, split_run};
use crate::text::words::word_bounds;

/// Which features to hash: word n-grams for every n in `min..=max`, or
/// character n-grams. Valid by construction: `1 ≤ min ≤ max ≤ 32` (and
/// `1 ≤ n ≤ 32`), checked by [`ShingleSpec::words`], [`ShingleSpec::chars`]
/// and parsing (`word:5`, `word:1-2`, `char:5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShingleSpec(Kind);

/// The two kinds of feature, with their (checked) sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Word n-grams for every n in `min..=max`.
    Word { min: usize, max: usize },
    /// Character n-grams (Unicode scalar values) of the normalised words
    /// as written: one space where the text has a gap between two words,
    /// none where two words touch (in Chinese, Japanese and Thai each
    /// ideograph or letter is a word of its own, so `char:2` is bigrams of
    /// the text, not of single characters padded with spaces).
    Char { n: usize },
}

impl ShingleSpec {
    /// The longest n-gram: the rolling hash keeps this many words.
    pub const MAX_N: usize = 32;

    /// Compare's default for a language written without spaces between
    /// words (see [`crate::config::CompareConfig::shingle_for`]), measured
    /// in docs/languages.md ("Default shingles"): character bigrams for
    /// Chinese and Japanese (`zh`, `ja`), pairs of dictionary words for
    /// Thai, Lao, Khmer and Burmese (`th`, `lo`, `km`, `my`); `None` for any
    /// other code.
    pub fn unspaced_default(code: &str) -> Option<ShingleSpec> {
        if !crate::text::Language::is_unspaced(code) {
            return None;
        }
        Some(if matches!(code, "zh" | "ja") {
            ShingleSpec(Kind::Char { n: 2 })
        } else {
            ShingleSpec::word(2)
        })
    }

    /// Word n-grams for every n in `min..=max`; `1 ≤ min ≤ max ≤ 32`.
    pub fn words(min: usize, max: usize) -> Result<Self, Error> {
        Self::checked(Kind::Word { min, max })
    }

    /// Character n-grams of the normalised words joined by single spaces;
    /// `1 ≤ n ≤ 32`.
    pub fn chars(n: usize) -> Result<Self, Error> {
        Self::checked(Kind::Char { n })
    }

    /// Word n-grams of one size, for defaults (`n` must be in range).
    pub(crate) const fn word(n: usize) -> Self {
        assert!(n >= 1 && n <= Self::MAX_N);
        ShingleSpec(Kind::Word { min: n, max: n })
    }

    /// The kind and its sizes.
    pub(crate) fn kind(self) -> Kind {
        self.0
    }

    fn checked(kind: Kind) -> Result<Self, Error> {
        let (min, max) = match kind {
            Kind::Word { min, max } => (min, max),
            Kind::Char { n } => (n, n),
        };
        if min == 0 || max < min || max > Self::MAX_N {
            return Err(Error::ShingleSpec {
                spec: ShingleSpec(kind).to_string(),
                reason: "need 1 <= min <= max <= 32".into(),
            });
        }
        Ok(ShingleSpec(kind))
    }
}

impl FromStr for ShingleSpec {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = |reason: &str| Error::ShingleSpec {
            spec: s.to_string(),
            reason: reason.to_string(),
        };
        let (kind, range) = s.split_once(':').ok_or_else(|| bad("expected KIND:N"))?;
        let parse = |x: &str| -> Result<usize, Error> {
            x.trim()
                .parse::<usize>()
                .map_err(|_| bad("N must be a whole number"))
        };
        let (min, max) = match range.split_once('-') {
            Some((a, b)) => (parse(a)?, parse(b)?),
            None => {
                let n = parse(range)?;
                (n, n)
            }
        };
        if min == 0 || max < min || max > Self::MAX_N {
            return Err(bad("need 1 <= min <= max <= 32"));
        }
        match kind.trim() {
            "word" => Ok(ShingleSpec(Kind::Word { min, max })),
            "char" if min == max => Ok(ShingleSpec(Kind::Char { n: min })),
            "char" => Err(bad("char shingles take one n")),
            _ => Err(bad("KIND must be word or char")),
        }
    }
}

impl fmt::Display for ShingleSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::Word { min, max } if min == max => write!(f, "word:{min}"),
            Kind::Word { min, max } => write!(f, "word:{min}-{max}"),
            Kind::Char { n } => write!(f, "char:{n}"),
        }
    }
}

/// Turns terms into shingle hashes.
#[derive(Debug, Clone, Copy)]
pub struct Shingler {
    spec: ShingleSpec,
    keep_stop_words: bool,
}

impl Shingler {
    /// A shingler for `spec`; stop words are dropped unless `keep_stop_words`.
    pub fn new(spec: ShingleSpec, keep_stop_words: bool) -> Self {
        Shingler {
            spec,
            keep_stop_words,
        }
    }

    /// Whether stop words are kept.
    pub fn keeps_stop_words(&self) -> bool {
        self.keep_stop_words
    }

    /// The sorted, de-duplicated shingle hashes of `terms`.
    pub fn shingles(&self, terms: &[Term]) -> Vec<u64> {
        let kept = terms.iter().filter(|t| self.keep_stop_words || !t.stop);
        let mut out = match self.spec.kind() {
            Kind::Word { min, max } => {
                let hashes: Vec<u64> = kept.map(|t| word_hash(t.key.as_bytes())).collect();
                word_ngrams(&hashes, min, max)
            }
            Kind::Char { n } => {
                let mut joined = String::new();
                let mut prev_end: Option<usize> = None;
                for t in kept {
                    if prev_end.is_some_and(|e| e != t.span.start) {
                        joined.push(' ');
                    }
                    joined.push_str(&t.key);
                    prev_end = Some(t.span.end);
                }
                char_ngrams(&joined, n)
            }
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Hashes of the word n-grams of a sequence of word hashes, n in
/// `min..=max` (at most 32), in the order [`NgramRoller`] streams them.
pub fn word_ngrams(hashes: &[u64], min: usize, max: usize) -> Vec<u64> {
    let mut out = Vec::new();
    let mut roller = NgramRoller::new(min, max);
    for &h in hashes {
        roller.push(h, |_, g| out.push(g));
    }
    out
}

/// The hash of the word n-gram with word hashes `words` (n = its length):
/// a unigram is its word's hash; for `w_0 … w_{n-1}`,
/// `X = ⊕_i rotl(w_i, 13·(n-1-i))` and the n-gram is `mix64(X ⊕ mix64(n))`.
/// `X` rolls, `X' = rotl(X, 13) ⊕ w_new ⊕ rotl(w_old, 13·n)`, which is how
/// [`NgramRoller`] streams it; this is the definition its tests check.
#[cfg(test)]
pub fn ngram_hash(words: &[u64]) -> u64 {
    let n = words.len();
    if n == 1 {
        return words[0];
    }
    let x = words.iter().enumerate().fold(0u64, |x, (i, w)| {
        x ^ w.rotate_left((13 * (n - 1 - i)) as u32)
    });
    mix64(x ^ mix64(n as u64))
}

/// Word n-gram hashes (`ngram_hash`) rolled one word hash at a time:
/// each n-gram costs one mix, whatever n.
#[derive(Debug, Clone)]
pub struct NgramRoller {
    /// The last [`RING`] word hashes (zeros before the text starts).
    ring: [u64; RING],
    /// The rolling `X` of each n.
    rolling: [u64; RING + 1],
    words: usize,
    min: usize,
    max: usize,
}

impl NgramRoller {
    /// A roller for n-grams with `min ≤ n ≤ max` (`1 ≤ min ≤ max ≤ 32`).
    pub fn new(min: usize, max: usize) -> Self {
        assert!(
            1 <= min && min <= max && max <= RING,
            "n-grams of 1 to {RING} words"
        );
        NgramRoller {
            ring: [0; RING],
            rolling: [0; RING + 1],
            words: 0,
            min,
            max,
        }
    }

    /// Adds the next word's hash; calls `emit(n, hash)` for each n-gram
    /// ending at it.
    #[inline]
    pub fn push(&mut self, h: u64, mut emit: impl FnMut(usize, u64)) {
        let p = self.words;
        for n in self.min..=self.max {
            if n == 1 {
                emit(1, h);
                continue;
            }
            let old = self.ring[(p + RING - n) % RING];
            let x = self.rolling[n].rotate_left(13) ^ h ^ old.rotate_left((13 * n) as u32);
            self.rolling[n] = x;
            if p + 1 >= n {
                emit(n, mix64(x ^ mix64(n as u64)));
            }
        }
        self.ring[p % RING] = h;
        self.words += 1;
    }

    /// Words pushed so far.
    pub fn words(&self) -> u64 {
        self.words as u64
    }
}

/// Longest n-gram of the fast path (the shingle spec's limit).
const RING: usize = 32;

fn char_ngrams(s: &str, n: usize) -> Vec<u64> {
    let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    if bounds.len() <= n {
        return Vec::new();
    }
    bounds
        .windows(n + 1)
        .map(|w| hash_bytes(&s.as_bytes()[w[0]..w[n]]))
        .collect()
}

/// Calls `emit` with `word_hash(normalize_word(w))` for each word `w` of
/// `text`, in order: the words compare reads (`text::tokenize::word_spans`:
/// UAX #29 words, with runs of Han, kana, Thai, Lao, Khmer and Myanmar
/// letters split into dictionary words). `norm` is scratch space for
/// non-ASCII words. An ASCII word costs one more well-predicted branch
/// than UAX #29 alone (is a dictionary run waiting?).
#[inline]
pub fn for_each_word_hash(text: &str, norm: &mut String, mut emit: impl FnMut(u64)) {
    let b = text.as_bytes();
    // The run of touching dictionary-script words not yet split.
    let mut run: Option<(usize, usize)> = None;
    let hash_words = |run: (usize, usize), norm: &mut String, emit: &mut dyn FnMut(u64)| {
        split_run(text, run.0, run.1, &mut |s, e| {
            normalize_word(&text[s..e], norm);
            emit(word_hash(norm.as_bytes()));
        })
    };
    word_bounds(text, |start, end, ascii| {
        if ascii || b[start..end].is_ascii() {
            if let Some(r) = run.take() {
                hash_words(r, norm, &mut emit);
            }
            emit(hash_ascii_word(b, start, end));
        } else if text[start..end].starts_with(dictionary_script) {
            match run.as_mut() {
                Some(r) if r.1 == start => r.1 = end,
                _ => {
                    if let Some(r) = run.replace((start, end)) {
                        hash_words(r, norm, &mut emit);
                    }
                }
            }
        } else {
            if let Some(r) = run.take() {
                hash_words(r, norm, &mut emit);
            }
            normalize_word(&text[start..end], norm);
            emit(word_hash(norm.as_bytes()));
        }
    });
    if let Some(r) = run {
        hash_words(r, norm, &mut emit);
    }
}

/// The stable hash of a normalised word (see the module docs).
pub fn word_hash(w: &[u8]) -> u64 {
    if w.len() <= 8 {
        let mut a = [0u8; 8];
        a[..w.len()].copy_from_slice(w);
        return short_hash(u64::from_le_bytes(a), w.len());
    }
    let mut h = LONG_SEED ^ w.len() as u64;
    for chunk in w.chunks(8) {
        let mut a = [0u8; 8];
        a[..chunk.len()].copy_from_slice(chunk);
        h = mix64(h ^ u64::from_le_bytes(a));
    }
    h
}

#[inline(always)]
fn short_hash(c: u64, len: usize) -> u64 {
    mix64(c ^ LENGTH_KEYS[len])
}

const LONG_SEED: u64 = 0x6e65_6172_6475_705f;

/// One random constant per short-word length (SplitMix64 from a fixed seed).
static LENGTH_KEYS: [u64; 9] = length_keys();

const fn length_keys() -> [u64; 9] {
    let mut keys = [0u64; 9];
    let mut state: u64 = 0x776f_7264; // "word"
    let mut i = 0;
    while i < 9 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        keys[i] = z ^ (z >> 31);
        i += 1;
    }
    keys
}

/// `word_hash(normalize_word(w))` for the ASCII word `w = text[start..end]`:
/// lower-case, then drop a possessive (`x's` → `x`, `xs'` → `xs`).
#[inline(always)]
fn hash_ascii_word(text: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if len <= 8 && start + 8 <= text.len() {
        let mut a = [0u8; 8];
        a.copy_from_slice(&text[start..start + 8]);
        let c = lower_ascii(u64::from_le_bytes(a) & low_bytes(len));
        let len = possessive_len(&c.to_le_bytes()[..len]);
        return short_hash(c & low_bytes(len), len);
    }
    let mut lower = text[start..end].to_vec();
    lower.make_ascii_lowercase();
    word_hash(&lower[..possessive_len(&lower)])
}

/// A mask of the low `len` bytes (`len ≤ 8`).
#[inline(always)]
fn low_bytes(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// Lower-cases eight ASCII bytes at once: a byte `b < 0x80` is upper-case
/// when `b + 0x3f` reaches 0x80 (b ≥ 'A') and `b + 0x25` does not (b ≤ 'Z');
/// no sum carries into the next byte.
#[inline(always)]
fn lower_ascii(c: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = c.wrapping_add(0x3f * ONES);
    let gt_z = c.wrapping_add(0x25 * ONES);
    let upper = ge_a & !gt_z & (0x80 * ONES);
    c | (upper >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use crate::text::Span;

    /// Terms of the words written with one space between them.
    fn terms(words: &[&str]) -> Vec<Term> {
        let mut at = 0;
        words
            .iter()
            .map(|w| {
                let span = Span::new(at, at + w.len());
                at = span.end + 1;
                Term {
                    key: w.to_string(),
                    span,
                    stop: *w == "the",
                }
            })
            .collect()
    }

    #[test]
    fn parses_and_prints_specs() {
        for s in ["word:1", "word:1-2", "word:5", "char:5"] {
            assert_eq!(s.parse::<ShingleSpec>().unwrap().to_string(), s);
        }
        for bad in ["word", "word:0", "word:3-1", "char:2-3", "byte:3", "word:x"] {
            let e = bad.parse::<ShingleSpec>().unwrap_err().to_string();
            assert!(e.contains(bad), "{e}");
        }
    }

    #[test]
    fn specs_that_would_panic_cannot_be_built() {
        for (min, max) in [(0, 0), (0, 3), (3, 2), (40, 40), (1, 33)] {
            assert!(ShingleSpec::words(min, max).is_err(), "{min}-{max}");
        }
        assert!(ShingleSpec::chars(0).is_err() && ShingleSpec::chars(33).is_err());
        assert_eq!(ShingleSpec::words(1, 32).unwrap().to_string(), "word:1-32");
        assert_eq!(ShingleSpec::chars(5).unwrap(), "char:5".parse().unwrap());
        let e = ShingleSpec::words(40, 40).unwrap_err().to_string();
        assert!(e.contains("word:40"), "{e}");
    }

    #[test]
    fn word_shingles_count_and_stop_words() {
        let t = terms(&["the", "cat", "sat", "the", "mat"]);
        let uni = Shingler::new(ShingleSpec::word(1), false).shingles(&t);
        assert_eq!(uni.len(), 3);
        let bi = Shingler::new(ShingleSpec::word(2), true).shingles(&t);
        assert_eq!(bi.len(), 4);
        let too_short = Shingler::new(ShingleSpec::word(5), false).shingles(&t);
        assert!(too_short.is_empty());
    }

    #[test]
    fn char_shingles() {
        let t = terms(&["abc", "de"]);
        let s = Shingler::new(ShingleSpec::chars(3).unwrap(), false).shingles(&t);
        assert_eq!(s.len(), 4); // "abc" "bc " "c d" " de"
        assert!(
            Shingler::new(ShingleSpec::chars(7).unwrap(), false)
                .shingles(&t)
                .is_empty()
        );
    }

    #[test]
    fn char_shingles_of_unspaced_text_are_ngrams_of_the_text() {
        // The words of "北京地铁" (北京, 地铁: dictionary words) touch in
        // the text, so char:2 hashes the bigrams of "北京地铁" as written,
        // across the word boundary too.
        let text = "北京地铁 ok";
        let a = crate::text::Analyzer::new(crate::text::Language::from_name("zh").unwrap());
        let t = a.terms(text, Span::new(0, text.len()));
        assert_eq!(t.len(), 3);
        let got = Shingler::new(ShingleSpec::chars(2).unwrap(), true).shingles(&t);
        let mut want: Vec<u64> = ["北京", "京地", "地铁", "铁 ", " o", "ok"]
            .iter()
            .map(|g| hash_bytes(g.as_bytes()))
            .collect();
        want.sort_unstable();
        assert_eq!(got, want);
    }

    fn oracle(text: &str) -> Vec<u64> {
        let mut norm = String::new();
        crate::text::tokenize::word_spans(text)
            .iter()
            .map(|w| {
                normalize_word(&text[w.start..w.end], &mut norm);
                word_hash(norm.as_bytes())
            })
            .collect()
    }

    fn word_hashes(text: &str) -> Vec<u64> {
        let mut v = Vec::new();
        for_each_word_hash(text, &mut String::new(), |h| v.push(h));
        v
    }

    #[test]
    fn equals_word_spans_and_normalize_word_on_random_text() {
        let ascii = b"aZk09_ .,;:'\"-\n\r\t$%()!?/S";
        let mut rng = SplitMix64::new(11);
        for round in 0..30_000 {
            let len = (rng.next() % 150) as usize;
            let mut s: String = (0..len)
                .map(|_| ascii[(rng.next() % ascii.len() as u64) as usize] as char)
                .collect();
            if round % 4 == 1 {
                // Dictionary runs, touching ASCII words or not.
                let at = (rng.next() as usize % (s.len() + 1)).min(s.len());
                let piece = [
                    "北京市地铁",
                    "東京都は",
                    "กรุงเทพมหานคร",
                    "中",
                    "abc日本語",
                    "ສະບາຍດີ",
                ][round % 6];
                s.insert_str(at, piece);
                s.push_str(piece);
            }
            if round % 3 == 0 {
                s.push_str(["é", "’s", "ﬁ", "Ａ", "—"][round % 5]);
                s.push_str("x's");
            }
            assert_eq!(word_hashes(&s), oracle(&s), "round {round}: {s:?}");
        }
    }

    #[test]
    fn long_words_possessives_and_prose() {
        let s = "The CAT's whiskers, the dogs' bowls; 4.3 and 1,000,000 at U.S. firms. \
                 Pneumonoultramicroscopicsilicovolcanoconiosis's length __ a_b x:y";
        assert_eq!(word_hashes(s), oracle(s));
        assert_eq!(word_hashes("CAT's"), word_hashes("cat"));
        // Words at the very end of a text take the byte-by-byte path.
        assert_eq!(word_hashes("x Ab's"), oracle("x Ab's"));
    }

    #[test]
    fn word_hashes_across_block_boundaries() {
        for pad in 55..70 {
            for tail in ["abc.def", "Ab's", "x'", "Straße", "CAT's"] {
                let s = format!("{}{tail} end", "w ".repeat(pad / 2) + &"z".repeat(pad % 2));
                assert_eq!(word_hashes(&s), oracle(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn lower_ascii_equals_the_byte_rule() {
        for b in 0u8..128 {
            let c = u64::from_le_bytes([b, b'A', b'Z', b'@', b'[', b'a', b'z', b'0']);
            let want = u64::from_le_bytes([
                b.to_ascii_lowercase(),
                b'a',
                b'z',
                b'@',
                b'[',
                b'a',
                b'z',
                b'0',
            ]);
            assert_eq!(lower_ascii(c), want, "{b}");
        }
    }

    #[test]
    fn word_hash_is_stable_and_short_words_never_collide() {
        // Pinned: if these change, every signature of every scan changes.
        assert_eq!(word_hash(b"the"), GOLDEN_THE);
        assert_eq!(word_hash(b"deduplication"), GOLDEN_LONG);
        let mut seen = std::collections::HashSet::new();
        for w in [
            "",
            "a",
            "a\0",
            "ab",
            "b",
            "ba",
            "abcdefgh",
            "abcdefg",
            "abcdefghi",
        ] {
            assert!(seen.insert(word_hash(w.as_bytes())), "{w:?}");
        }
    }

    // Computed independently (a few lines of Python with 64-bit wrap-around).
    const GOLDEN_THE: u64 = 0x5ec1_a46a_3704_4244;
    const GOLDEN_LONG: u64 = 0x0371_27da_3ebd_d04e;

    #[test]
    fn rolled_ngrams_equal_the_definition() {
        let mut rng = SplitMix64::new(21);
        let words: Vec<u64> = (0..200).map(|_| rng.next() % 50).collect();
        for (min, max) in [(1, 1), (2, 2), (5, 5), (1, 3), (2, 4), (32, 32), (1, 32)] {
            let mut want = Vec::new();
            for end in 1..=words.len() {
                for n in min..=max.min(end) {
                    want.push(ngram_hash(&words[end - n..end]));
                }
            }
            assert_eq!(word_ngrams(&words, min, max), want, "{min}-{max}");
        }
        assert!(word_ngrams(&words[..4], 5, 5).is_empty());
    }
}
