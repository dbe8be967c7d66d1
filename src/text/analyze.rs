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
        let mut buf = String::new();
        let norms: Vec<String> = spans
            .iter()
            .map(|s| {
                normalize_word(&slice[s.start..s.end], &mut buf);
                buf.clone()
            })
            .collect();
        let refs: Vec<&str> = norms.iter().map(String::as_str).collect();
        let runs = fold_numbers(&refs, self.lang.number_words());
        let mut out = Vec::with_capacity(spans.len());
        let mut runs = runs.into_iter().peekable();
        let mut i = 0;
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
            let norm = &norms[i];
            let stop = self.lang.is_stop(norm);
            let key = if stop {
                norm.clone()
            } else {
                self.lang.stem(norm).into_owned()
            };
            out.push(Term {
                key,
                span: Span::new(within.start + spans[i].start, within.start + spans[i].end),
                stop,
            });
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
