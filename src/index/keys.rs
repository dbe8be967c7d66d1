//! Index keys: what of a document is stored so that a *part* of it can be
//! found again, and what a query looks up.
//!
//! Two families of keys, both from the scan's fast word hashes
//! ([`for_each_word_hash`]: normalised words, no strings built), chosen by
//! the study in docs/index.md:
//!
//! - **fingerprints**: word 3-grams (stop words kept), winnowed with a
//!   window of 4 (Schleimer, Wilkerson & Aiken 2003, as MOSS does): every
//!   run of 6 words shared verbatim is guaranteed a shared fingerprint, and
//!   lightly edited text keeps many. They find copies and light rewrites.
//! - **words**: the distinct words that are not stop words. Ranked by their
//!   rarity (idf) with a document-frequency cap, as passim does, they find
//!   summaries and translations, which keep names and rare words but few
//!   word sequences.
//!
//! A third family, **bands**, holds the LSH band keys of the whole-document
//! MinHash signature (the scan's), for near-duplicate documents.
//!
//! Each family's hashes are mixed with a family constant so that the three
//! share one posting table without meeting.

use ahash::AHashSet;

use crate::hash::mix64;
use crate::shingle::{NgramRoller, for_each_word_hash, word_hash};
use crate::text::normalize::normalize_word;

/// A family of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// Winnowed word n-grams.
    Fingerprint,
    /// Distinct words that are not stop words.
    Word,
    /// LSH band keys of the document signature.
    Band,
}

impl Family {
    /// Mixes a hash into this family's key space.
    pub fn key(self, h: u64) -> u64 {
        let salt = match self {
            Family::Fingerprint => 0x6669_6e67_6572_7072, // "fingerpr"
            Family::Word => 0x776f_7264_7377_6f72,        // "wordswor"
            Family::Band => 0x6261_6e64_7362_616e,        // "bandsban"
        };
        mix64(h ^ salt)
    }
}

/// Words per fingerprint n-gram.
pub const NGRAM: usize = 3;
/// Winnowing window (in n-grams).
pub const WINDOW: usize = 4;

/// Extracts fingerprint and word keys.
#[derive(Debug)]
pub struct KeyMaker {
    stop: AHashSet<u64>,
}

impl Default for KeyMaker {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyMaker {
    /// The key maker with NLTK's English stop words.
    pub fn new() -> Self {
        let mut norm = String::new();
        // The list `--lang en` uses (NLTK's, from the stop-words crate).
        let stop = stop_words::lookup("en")
            .unwrap_or(&[])
            .iter()
            .map(|w| {
                normalize_word(w, &mut norm);
                word_hash(norm.as_bytes())
            })
            .collect();
        KeyMaker { stop }
    }

    /// The fingerprint and word keys of `text`, each sorted and without
    /// repeats; `words` counts the words read.
    pub fn keys(&self, text: &str, norm: &mut String) -> Keys {
        let mut grams = Vec::new();
        let mut words = Vec::new();
        let mut roller = NgramRoller::new(NGRAM, NGRAM);
        for_each_word_hash(text, norm, |h| {
            roller.push(h, |_, g| grams.push(g));
            if !self.stop.contains(&h) {
                words.push(Family::Word.key(h));
            }
        });
        let mut fingerprints: Vec<u64> = winnow(&grams, WINDOW)
            .into_iter()
            .map(|g| Family::Fingerprint.key(g))
            .collect();
        fingerprints.sort_unstable();
        fingerprints.dedup();
        words.sort_unstable();
        words.dedup();
        Keys {
            fingerprints,
            words,
            word_count: roller.words(),
        }
    }
}

/// The keys of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Winnowed n-gram keys, sorted.
    pub fingerprints: Vec<u64>,
    /// Word keys, sorted.
    pub words: Vec<u64>,
    /// Words read.
    pub word_count: u64,
}

/// Winnowing: the rightmost minimum of every window of `w` consecutive
/// hashes, each position once. A text shorter than one window keeps its
/// minimum.
pub fn winnow(hashes: &[u64], w: usize) -> Vec<u64> {
    if hashes.len() <= w {
        return hashes.iter().min().copied().into_iter().collect();
    }
    let mut out = Vec::new();
    let mut last = usize::MAX;
    for start in 0..=hashes.len() - w {
        let win = &hashes[start..start + w];
        let mut at = 0;
        for (i, &h) in win.iter().enumerate() {
            if h <= win[at] {
                at = i;
            }
        }
        if start + at != last {
            last = start + at;
            out.push(hashes[last]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;

    /// The one-line version: the minimum of each window (rightmost on
    /// ties), collected as a set of positions.
    fn oracle(h: &[u64], w: usize) -> Vec<u64> {
        if h.len() <= w {
            return h.iter().min().copied().into_iter().collect();
        }
        let mut pos: Vec<usize> = h
            .windows(w)
            .enumerate()
            .map(|(s, win)| {
                let m = *win.iter().min().unwrap();
                s + win.iter().rposition(|&x| x == m).unwrap()
            })
            .collect();
        pos.dedup();
        pos.iter().map(|&p| h[p]).collect()
    }

    #[test]
    fn winnowing_equals_the_oracle_and_keeps_every_shared_run() {
        let mut rng = SplitMix64::new(5);
        for len in [0, 1, 3, 4, 5, 17, 300] {
            let h: Vec<u64> = (0..len).map(|_| rng.next() % 50).collect();
            assert_eq!(winnow(&h, 4), oracle(&h, 4), "{len}");
        }
        // Any run of w hashes shared by two sequences yields a shared
        // fingerprint (the guarantee).
        let shared: Vec<u64> = (0..4).map(|_| rng.next()).collect();
        let a: Vec<u64> = (0..20).map(|_| rng.next()).chain(shared.clone()).collect();
        let b: Vec<u64> = shared
            .iter()
            .copied()
            .chain((0..9).map(|_| rng.next()))
            .collect();
        let (fa, fb) = (winnow(&a, 4), winnow(&b, 4));
        assert!(fa.iter().any(|x| fb.contains(x)));
    }

    #[test]
    fn keys_ignore_case_and_stop_words() {
        let k = KeyMaker::new();
        let mut n = String::new();
        let a = k.keys("The Cat sat on the mat with a hat", &mut n);
        let b = k.keys("the cat SAT on the mat, with a hat!", &mut n);
        assert_eq!(a, b);
        assert_eq!(a.word_count, 9);
        // cat, sat, mat, hat: "the", "on", "with", "a" are stop words.
        assert_eq!(a.words.len(), 4);
        assert!(!a.fingerprints.is_empty());
        let empty = k.keys("", &mut n);
        assert!(empty.words.is_empty() && empty.fingerprints.is_empty());
    }
}
