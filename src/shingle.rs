//! Shingles: the hashed features whose sets are compared.
//!
//! A [`ShingleSpec`] says which features: word n-grams over analysed terms
//! (`word:1`, `word:1-2`, `word:5`) or character n-grams over the normalised
//! text (`char:5`). A [`Shingler`] turns a slice of [`Term`]s into a sorted,
//! de-duplicated `Vec<u64>` of stable hashes (see [`crate::hash`]). A text
//! with fewer words (or characters) than the smallest n has no shingles.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::hash::{combine, hash_bytes, mix64};
use crate::text::Term;

/// Which features to hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShingleSpec {
    /// Word n-grams for every n in `min..=max`.
    Word {
        /// Smallest n.
        min: usize,
        /// Largest n.
        max: usize,
    },
    /// Character n-grams (Unicode scalar values) of the normalised words
    /// joined by single spaces.
    Char {
        /// n.
        n: usize,
    },
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
        if min == 0 || max < min || max > 32 {
            return Err(bad("need 1 <= min <= max <= 32"));
        }
        match kind.trim() {
            "word" => Ok(ShingleSpec::Word { min, max }),
            "char" if min == max => Ok(ShingleSpec::Char { n: min }),
            "char" => Err(bad("char shingles take one n")),
            _ => Err(bad("KIND must be word or char")),
        }
    }
}

impl fmt::Display for ShingleSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ShingleSpec::Word { min, max } if min == max => write!(f, "word:{min}"),
            ShingleSpec::Word { min, max } => write!(f, "word:{min}-{max}"),
            ShingleSpec::Char { n } => write!(f, "char:{n}"),
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
        let mut out = match self.spec {
            ShingleSpec::Word { min, max } => {
                let hashes: Vec<u64> = kept.map(|t| hash_bytes(t.key.as_bytes())).collect();
                word_ngrams(&hashes, min, max)
            }
            ShingleSpec::Char { n } => {
                let joined = kept.map(|t| t.key.as_str()).collect::<Vec<_>>().join(" ");
                char_ngrams(&joined, n)
            }
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Hashes of the word n-grams of a sequence of word hashes, n in
/// `min..=max`. A unigram's hash is its word's hash, so `word:1` sets are
/// the word sets themselves; longer n-grams are seeded by n.
pub fn word_ngrams(hashes: &[u64], min: usize, max: usize) -> Vec<u64> {
    let mut out = Vec::new();
    for n in min..=max {
        if n == 1 {
            out.extend_from_slice(hashes);
            continue;
        }
        for w in hashes.windows(n) {
            out.push(w.iter().fold(mix64(n as u64), |acc, &h| combine(acc, h)));
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn terms(words: &[&str]) -> Vec<Term> {
        words
            .iter()
            .map(|w| Term {
                key: w.to_string(),
                span: Span::new(0, 0),
                stop: *w == "the",
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
    fn word_shingles_count_and_stop_words() {
        let t = terms(&["the", "cat", "sat", "the", "mat"]);
        let uni = Shingler::new(ShingleSpec::Word { min: 1, max: 1 }, false).shingles(&t);
        assert_eq!(uni.len(), 3);
        let bi = Shingler::new(ShingleSpec::Word { min: 2, max: 2 }, true).shingles(&t);
        assert_eq!(bi.len(), 4);
        let too_short = Shingler::new(ShingleSpec::Word { min: 5, max: 5 }, false).shingles(&t);
        assert!(too_short.is_empty());
    }

    #[test]
    fn char_shingles() {
        let t = terms(&["abc", "de"]);
        let s = Shingler::new(ShingleSpec::Char { n: 3 }, false).shingles(&t);
        assert_eq!(s.len(), 4); // "abc" "bc " "c d" " de"
        assert!(
            Shingler::new(ShingleSpec::Char { n: 7 }, false)
                .shingles(&t)
                .is_empty()
        );
    }
}
