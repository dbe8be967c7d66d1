//! Terms: the normalised, stemmed, number-folded words of a text, each with
//! the byte span of the original words it came from.

use super::lang::Language;
use super::normalize::normalize_word;
use super::numbers::{fold_numbers, format_value};
use super::tokenize::{Span, word_spans};

/// One analysed word (or number phrase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// What is hashed: the stem of the normalised word, or the canonical
    /// value of a number phrase (`1000000` for `one million`).
    pub key: String,
    /// Where the word (or the whole number phrase) is in the original text.
    pub span: Span,
    /// True for a stop word of the language.
    pub stop: bool,
}

/// Turns text into [`Term`]s for one language.
#[derive(Debug)]
pub struct Analyzer {
    lang: Language,
}

impl Analyzer {
    /// An analyser for `lang`.
    pub fn new(lang: Language) -> Self {
        Analyzer { lang }
    }

    /// The language analysed.
    pub fn language(&self) -> &Language {
        &self.lang
    }

    /// The terms of `text[within]`, with spans into `text`.
    pub fn terms(&self, text: &str, within: Span) -> Vec<Term> {
        let slice = &text[within.start..within.end];
        let spans = word_spans(slice);
        // The normalised words, one after the other in one buffer.
        let mut word = String::new();
        let mut all = String::with_capacity(slice.len());
        let mut bounds = Vec::with_capacity(spans.len());
        for s in &spans {
            normalize_word(&slice[s.start..s.end], &mut word);
            let from = all.len();
            all.push_str(&word);
            bounds.push((from, all.len()));
        }
        let norms: Vec<&str> = bounds.iter().map(|&(a, b)| &all[a..b]).collect();
        let runs = fold_numbers(&norms, self.lang.number_words());
        let mut out = Vec::with_capacity(spans.len());
        let mut runs = runs.into_iter().peekable();
        let mut i = 0;
        STEMS.with_borrow_mut(|stems| {
            let stems = stems.of(&self.lang);
            while i < spans.len() {
                if let Some(run) = runs.next_if(|r| r.first == i) {
                    out.push(Term {
                        key: format_value(run.value),
                        span: Span::new(
                            within.start + spans[run.first].start,
                            within.start + spans[run.last].end,
                        ),
                        stop: false,
                    });
                    i = run.last + 1;
                    continue;
                }
                let (key, stop) = stems.key(&self.lang, norms[i]);
                out.push(Term {
                    key,
                    span: Span::new(within.start + spans[i].start, within.start + spans[i].end),
                    stop,
                });
                i += 1;
            }
        });
        out
    }
}

// Each thread's memo of stems: real text repeats its words, and the
// Snowball stemmer was the largest cost of analysis when called for every
// word.
thread_local! {
    static STEMS: std::cell::RefCell<Stems> = std::cell::RefCell::new(Stems::default());
}

/// A memo from normalised words to their key (the stem, or the word
/// itself for a stop word) and stop-word flag, for one language at a time.
/// It is cleared when the language changes or when it holds
/// [`Stems::MAX`] words, so its memory stays bounded.
///
/// Most words are short: up to 15 bytes a word is looked up as one 128-bit
/// integer (its bytes and its length), which hashes and compares in a few
/// instructions where a string key costs a call to `memcmp`.
#[derive(Default)]
struct Stems {
    code: &'static str,
    short: ahash::AHashMap<u128, (Box<str>, bool)>,
    long: ahash::AHashMap<Box<str>, (Box<str>, bool)>,
}

/// Longest word [`Stems`] packs into an integer.
const PACKED: usize = 15;

/// `word` (at most [`PACKED`] bytes) as one integer: its bytes, then its
/// length in the top byte, so that two words pack alike only when equal.
fn pack(word: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    b[..word.len()].copy_from_slice(word);
    b[15] = word.len() as u8;
    u128::from_le_bytes(b)
}

impl Stems {
    /// Words kept at most (a few MB).
    const MAX: usize = 1 << 16;

    /// This memo, emptied unless it is for `lang`.
    fn of(&mut self, lang: &Language) -> &mut Self {
        if self.code != lang.code() {
            self.clear();
            self.code = lang.code();
        }
        self
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// The key and stop-word flag of the normalised `word`: exactly
    /// `(lang.stem(word), false)`, or `(word, true)` for a stop word.
    fn key(&mut self, lang: &Language, word: &str) -> (String, bool) {
        let packed = (word.len() <= PACKED).then(|| pack(word.as_bytes()));
        let found = match packed {
            Some(p) => self.short.get(&p),
            None => self.long.get(word),
        };
        if let Some((key, stop)) = found {
            return (String::from(&**key), *stop);
        }
        if self.len() >= Self::MAX {
            self.clear();
        }
        let stop = lang.is_stop(word);
        let key = if stop {
            word.to_string()
        } else {
            lang.stem(word).into_owned()
        };
        let entry = (key.as_str().into(), stop);
        match packed {
            Some(p) => self.short.insert(p, entry),
            None => self.long.insert(word.into(), entry),
        };
        (key, stop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memo gives what the stemmer and stop list give, whatever the
    /// language before, and after it is cleared for being full.
    #[test]
    fn stem_memo_equals_stemming_each_word() {
        let (en, de) = (Language::english(), Language::from_name("de").unwrap());
        // Short and long words (packed into an integer up to 15 bytes),
        // words that differ only in length or in their last byte.
        let words = [
            "the",
            "running",
            "runs",
            "die",
            "häuser",
            "häuser",
            "und",
            "running",
            "nations",
            "national",
            "",
            "internationalis",
            "internationalise",
            "internationalisation",
            "internationalisations",
            "a",
            "a\0",
            "nationalistical",
            "nationalisticals",
        ];
        let mut memo = Stems::default();
        for round in 0..3 {
            for lang in [&en, &de, &en] {
                for w in words {
                    let want = if lang.is_stop(w) {
                        (w.to_string(), true)
                    } else {
                        (lang.stem(w).into_owned(), false)
                    };
                    assert_eq!(memo.of(lang).key(lang, w), want, "{round} {w}");
                }
            }
        }
        for k in 0..Stems::MAX + 10 {
            let w = format!("word{k}s");
            assert_eq!(memo.of(&en).key(&en, &w).0, en.stem(&w));
            let w = format!("longer-compound-word{k}s");
            assert_eq!(memo.of(&en).key(&en, &w).0, en.stem(&w));
        }
        assert!(memo.len() <= Stems::MAX);
    }

    #[test]
    fn terms_keep_spans_and_fold_numbers() {
        let a = Analyzer::new(Language::english());
        let text = "Microsoft will train one million people in France’s regions.";
        let terms = a.terms(text, Span::new(0, text.len()));
        let keys: Vec<&str> = terms
            .iter()
            .filter(|t| !t.stop)
            .map(|t| t.key.as_str())
            .collect();
        assert_eq!(
            keys,
            ["microsoft", "train", "1000000", "peopl", "franc", "region"]
        );
        let million = terms.iter().find(|t| t.key == "1000000").unwrap();
        assert_eq!(&text[million.span.start..million.span.end], "one million");
        let france = terms.iter().find(|t| t.key == "franc").unwrap();
        assert_eq!(&text[france.span.start..france.span.end], "France’s");
    }
}
