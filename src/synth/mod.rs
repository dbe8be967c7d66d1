//! Deterministic synthetic text for benchmarks: documents drawn from a
//! word-frequency model, and "spun" rewrites of them with known structure.
//!
//! The vocabulary is English function words (the most frequent ranks)
//! followed by generated pseudo-words; word ranks follow a Zipf law
//! (exponent 1.0), as in natural text. Everything derives from a seed, so a
//! benchmark input is the same on every machine.

pub mod corpus;
pub mod draft;
pub mod real;

use crate::hash::SplitMix64;

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
    "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there",
    "been", "if", "more", "when", "will", "would", "who", "so", "no", "said",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ten", "ra", "vo", "sel", "dar", "in", "po", "que", "stra", "ne", "bel",
    "cor", "ti", "mun", "gal", "fe", "sho", "pra", "lis", "ven", "do", "ru", "ham", "ost", "ce",
    "lu", "vix",
];

/// A Zipf word-frequency model over a fixed vocabulary.
#[derive(Debug, Clone)]
pub struct WordModel {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl WordModel {
    /// A vocabulary of `size` words (function words first), Zipf-weighted.
    pub fn new(size: usize, seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        let mut seen: std::collections::BTreeSet<String> = words.iter().cloned().collect();
        while words.len() < size.max(FUNCTION_WORDS.len() + 1) {
            let n = 1 + (rng.next() % 4) as usize;
            let w: String = (0..n)
                .map(|_| SYLLABLES[(rng.next() % SYLLABLES.len() as u64) as usize])
                .collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut acc = 0.0;
        let cumulative = (1..=words.len())
            .map(|r| {
                acc += 1.0 / r as f64;
                acc
            })
            .collect();
        WordModel { words, cumulative }
    }

    /// A model of real text: the words of `texts` (normalised as the scan
    /// normalises them: lower case, no possessive), each drawn with its
    /// observed frequency. The `max_words` most frequent words are kept
    /// (ties in alphabetical order); `None` when the texts hold no word.
    pub fn from_texts<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        max_words: usize,
    ) -> Option<Self> {
        use crate::text::normalize::normalize_word;
        use crate::text::tokenize::for_each_word;
        let mut counts: ahash::AHashMap<String, u64> = ahash::AHashMap::new();
        let mut norm = String::new();
        for text in texts {
            for_each_word(text, |span| {
                normalize_word(&text[span.start..span.end], &mut norm);
                if !norm.is_empty() {
                    *counts.entry(norm.clone()).or_insert(0) += 1;
                }
            });
        }
        let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(max_words.max(1));
        if ranked.is_empty() {
            return None;
        }
        let mut acc = 0.0;
        let cumulative = ranked
            .iter()
            .map(|(_, c)| {
                acc += *c as f64;
                acc
            })
            .collect();
        Some(WordModel {
            words: ranked.into_iter().map(|(w, _)| w).collect(),
            cumulative,
        })
    }

    /// Number of words in the vocabulary.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the vocabulary is empty (never, for a built model).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The word of rank `i` (0 is the most frequent).
    pub fn word_at(&self, i: usize) -> &str {
        &self.words[i]
    }

    /// Draws the rank of one word.
    pub fn draw(&self, rng: &mut SplitMix64) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|&c| c < x)
            .min(self.words.len() - 1)
    }

    /// Draws one word.
    pub fn word(&self, rng: &mut SplitMix64) -> &str {
        &self.words[self.draw(rng)]
    }

    /// A sentence of 8-30 words, capitalised, ending with a full stop.
    pub fn sentence(&self, rng: &mut SplitMix64) -> String {
        let n = 8 + (rng.next() % 23) as usize;
        let words: Vec<&str> = (0..n).map(|_| self.word(rng)).collect();
        capitalise(&words.join(" ")) + "."
    }

    /// A document of about `bytes` bytes: paragraphs of 3-6 sentences
    /// separated by blank lines.
    pub fn document(&self, bytes: usize, rng: &mut SplitMix64) -> String {
        let mut out = String::with_capacity(bytes + 256);
        while out.len() < bytes {
            let n = 3 + (rng.next() % 4) as usize;
            let para: Vec<String> = (0..n).map(|_| self.sentence(rng)).collect();
            out.push_str(&para.join(" "));
            out.push_str("\n\n");
        }
        out
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// How a rewrite is spun from an original.
#[derive(Debug, Clone, Copy)]
pub struct Spin {
    /// Share of original sentences kept (paraphrased); the rest are dropped.
    pub keep: f64,
    /// Share of each kept sentence's words replaced by other words.
    pub reword: f64,
    /// Share of kept sentences split in two.
    pub split: f64,
    /// Share of kept sentences merged with the next one.
    pub merge: f64,
    /// New sentences inserted per original sentence.
    pub new_material: f64,
}

impl Default for Spin {
    fn default() -> Self {
        Spin {
            keep: 0.7,
            reword: 0.2,
            split: 0.1,
            merge: 0.1,
            new_material: 0.4,
        }
    }
}

/// Spins a rewrite of `original` (a document from [`WordModel::document`]):
/// sentences reworded, clauses rotated, some split, merged or dropped, new
/// sentences added, and paragraphs reordered within a window of four.
pub fn spin(original: &str, model: &WordModel, s: Spin, rng: &mut SplitMix64) -> String {
    let chance =
        |rng: &mut SplitMix64, p: f64| (rng.next() >> 11) as f64 / (1u64 << 53) as f64 <= p;
    let mut paragraphs: Vec<String> = Vec::new();
    for para in original.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let sentences: Vec<&str> = para.split_inclusive(". ").map(str::trim).collect();
        let mut out: Vec<String> = Vec::new();
        let mut carry: Option<Vec<String>> = None;
        for sent in sentences {
            if chance(rng, s.new_material) {
                out.push(model.sentence(rng));
            }
            if !chance(rng, s.keep) {
                continue;
            }
            let mut words: Vec<String> = sent
                .trim_end_matches('.')
                .split(' ')
                .map(|w| {
                    if chance(rng, s.reword) {
                        model.word(rng).to_string()
                    } else {
                        w.to_lowercase()
                    }
                })
                .collect();
            let cut = (rng.next() % words.len().max(1) as u64) as usize;
            words.rotate_left(cut / 2);
            if let Some(mut prev) = carry.take() {
                prev.push("and".into());
                prev.extend(words);
                words = prev;
            } else if chance(rng, s.merge) {
                carry = Some(words);
                continue;
            }
            if words.len() >= 8 && chance(rng, s.split) {
                let half = words.len() / 2;
                out.push(capitalise(&words[..half].join(" ")) + ".");
                out.push(capitalise(&words[half..].join(" ")) + ".");
            } else {
                out.push(capitalise(&words.join(" ")) + ".");
            }
        }
        if let Some(words) = carry {
            out.push(capitalise(&words.join(" ")) + ".");
        }
        if !out.is_empty() {
            paragraphs.push(out.join(" "));
        }
    }
    for chunk in paragraphs.chunks_mut(4) {
        let k = (rng.next() % chunk.len() as u64) as usize;
        chunk.rotate_left(k);
    }
    paragraphs.join("\n\n") + "\n"
}

/// An original of about `bytes` bytes and its spun rewrite, from `seed`.
pub fn article_pair(bytes: usize, seed: u64) -> (String, String) {
    let model = WordModel::new(20_000, seed);
    let mut rng = SplitMix64::new(seed ^ 0x5eed);
    let original = model.document(bytes, &mut rng);
    let rewrite = spin(&original, &model, Spin::default(), &mut rng);
    (original, rewrite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let (a, b) = article_pair(20_000, 1);
        assert_eq!((a.clone(), b.clone()), article_pair(20_000, 1));
        assert!(a.len() >= 20_000 && a.len() < 22_000);
        assert!(b.len() > 10_000);
        assert_ne!(a, b);
    }

    #[test]
    fn a_model_of_real_text_draws_its_words_by_frequency() {
        let m = WordModel::from_texts(["The cat's hat. THE CAT sat.", "the end"], 10).unwrap();
        assert_eq!(m.len(), 5);
        assert_eq!(m.word_at(0), "the");
        assert_eq!(m.word_at(1), "cat");
        let mut rng = SplitMix64::new(9);
        let the = (0..10_000).filter(|_| m.word(&mut rng) == "the").count();
        // "the" is 3 of 8 words.
        assert!((3400..4100).contains(&the), "{the}");
        assert!(WordModel::from_texts(["... !"], 10).is_none());
        assert_eq!(WordModel::from_texts(["a b c d"], 2).unwrap().len(), 2);
    }

    #[test]
    fn rewrite_is_found_in_the_original() {
        use crate::{Comparator, Document};
        let (a, b) = article_pair(30_000, 3);
        // Sentence by sentence: the long-document rules would bridge the
        // dropped sentences between kept ones.
        let cmp = Comparator::new(crate::config::Preset::Article.config()).unwrap();
        let r = cmp.compare(
            &Document {
                path: "a".into(),
                text: a,
            },
            &Document {
                path: "b".into(),
                text: b,
            },
        );
        // About 70% of the sentences are kept, reworded lightly.
        assert!(
            r.original_reused > 0.5 && r.original_reused < 0.9,
            "{}",
            r.original_reused
        );
        assert!(r.rewrite_derived > 0.5, "{}", r.rewrite_derived);
    }
}
