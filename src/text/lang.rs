//! Language-specific analysis: Snowball stemmer, stop words, number words.
//!
//! Stemming uses the Snowball algorithms of `rust-stemmers`; stop words are
//! NLTK's lists (from the `stop-words` crate). English also spells numbers
//! in words (see [`super::numbers`]). `none` turns stemming and stop words
//! off, for text in a language neither supports; Chinese, Japanese, Thai,
//! Lao, Khmer and Burmese are read that way too (each letter or ideograph
//! is a word, see [`super::passage`]), under their own codes so that
//! compare can choose their shingles (character bigrams).

use std::borrow::Cow;
use std::fmt;

use ahash::AHashSet;
use rust_stemmers::{Algorithm, Stemmer};

use crate::error::Error;

/// (code, name, stemmer) of every language with a stemmer.
const LANGUAGES: &[(&str, &str, Algorithm)] = &[
    ("ar", "arabic", Algorithm::Arabic),
    ("da", "danish", Algorithm::Danish),
    ("de", "german", Algorithm::German),
    ("el", "greek", Algorithm::Greek),
    ("en", "english", Algorithm::English),
    ("es", "spanish", Algorithm::Spanish),
    ("fi", "finnish", Algorithm::Finnish),
    ("fr", "french", Algorithm::French),
    ("hu", "hungarian", Algorithm::Hungarian),
    ("it", "italian", Algorithm::Italian),
    ("nl", "dutch", Algorithm::Dutch),
    ("no", "norwegian", Algorithm::Norwegian),
    ("pt", "portuguese", Algorithm::Portuguese),
    ("ro", "romanian", Algorithm::Romanian),
    ("ru", "russian", Algorithm::Russian),
    ("sv", "swedish", Algorithm::Swedish),
    ("ta", "tamil", Algorithm::Tamil),
    ("tr", "turkish", Algorithm::Turkish),
];

/// Languages written without spaces between words: read without stemmer
/// or stop words.
const UNSPACED: &[(&str, &str)] = &[
    ("zh", "chinese"),
    ("ja", "japanese"),
    ("th", "thai"),
    ("lo", "lao"),
    ("km", "khmer"),
    ("my", "burmese"),
];

/// The language-dependent part of text analysis.
pub struct Language {
    code: &'static str,
    stemmer: Option<Stemmer>,
    stop_words: AHashSet<&'static str>,
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Language")
            .field("code", &self.code)
            .finish()
    }
}

impl Language {
    /// Looks a language up by ISO 639-1 code (`en`) or English name
    /// (`english`), case-insensitively; `none` disables stemming and stop
    /// words.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "none" {
            return Ok(Language {
                code: "none",
                stemmer: None,
                stop_words: AHashSet::new(),
            });
        }
        if let Some(&(code, _)) = UNSPACED.iter().find(|(c, n)| *c == lower || *n == lower) {
            return Ok(Language {
                code,
                stemmer: None,
                stop_words: AHashSet::new(),
            });
        }
        let Some(&(code, _, algorithm)) = LANGUAGES
            .iter()
            .find(|(c, n, _)| *c == lower || *n == lower)
        else {
            return Err(Error::UnknownLanguage {
                name: name.to_string(),
                known: Self::known().join(", "),
            });
        };
        let stop_words = stop_words::lookup(code)
            .unwrap_or(&[])
            .iter()
            .copied()
            .collect();
        Ok(Language {
            code,
            stemmer: Some(Stemmer::create(algorithm)),
            stop_words,
        })
    }

    /// English, the default.
    #[cfg(test)]
    pub fn english() -> Self {
        Self::from_name("en").expect("English is always available")
    }

    /// Every accepted code, `none` included.
    pub fn known() -> Vec<&'static str> {
        let mut v: Vec<&str> = LANGUAGES.iter().map(|l| l.0).collect();
        v.extend(UNSPACED.iter().map(|l| l.0));
        v.push("none");
        v
    }

    /// True for a language written without spaces between words (Chinese,
    /// Japanese, Thai, Lao, Khmer, Burmese).
    pub fn is_unspaced(code: &str) -> bool {
        UNSPACED.iter().any(|(c, _)| *c == code)
    }

    /// The ISO 639-1 code (or `none`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// True for a stop word (the word must already be normalised).
    pub fn is_stop(&self, word: &str) -> bool {
        self.stop_words.contains(word)
    }

    /// The stem of a normalised word.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.stemmer {
            Some(s) => s.stem(word),
            None => Cow::Borrowed(word),
        }
    }

    /// Whether numbers spelled in words are recognised (English only).
    pub fn number_words(&self) -> bool {
        self.code == "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems_and_stop_words() {
        let en = Language::english();
        assert_eq!(en.stem("commitments"), "commit");
        assert_eq!(en.stem("investing"), "invest");
        assert!(en.is_stop("the"));
        assert!(!en.is_stop("france"));
    }

    #[test]
    fn lookup_by_name_and_code() {
        assert_eq!(Language::from_name("French").unwrap().code(), "fr");
        assert_eq!(Language::from_name("de").unwrap().code(), "de");
        assert!(Language::from_name("none").unwrap().stem("running") == "running");
        let err = Language::from_name("klingon").unwrap_err().to_string();
        assert!(err.contains("klingon") && err.contains("en"), "{err}");
    }
}
