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
#[derive(Default)]
struct Stems {
    code: &'static str,
    words: ahash::AHashMap<Box<str>, (Box<str>, bool)>,
}

impl Stems {
    /// Words kept at most (a few MB).
    const MAX: usize = 1 << 16;

    /// This memo, emptied unless it is for `lang`.
    fn of(&mut self, lang: &Language) -> &mut Self {
        if self.code != lang.code() {
            self.words.clear();
            self.code = lang.code();
        }
        self
    }

    /// The key and stop-word flag of the normalised `word`: exactly
    /// `(lang.stem(word), false)`, or `(word, true)` for a stop word.
    fn key(&mut self, lang: &Language, word: &str) -> (String, bool) {
        if let Some((key, stop)) = self.words.get(word) {
            return (String::from(&**key), *stop);
        }
        if self.words.len() >= Self::MAX {
            self.words.clear();
        }
        let stop = lang.is_stop(word);
        let key = if stop {
            word.to_string()
        } else {
            lang.stem(word).into_owned()
        };
        self.words.insert(word.into(), (key.as_str().into(), stop));
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
        let words = [
            "the", "running", "runs", "die", "häuser", "häuser", "und", "running", "nations",
            "national", "",
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
        }
        assert!(memo.words.len() <= Stems::MAX);
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
