//! Which language a document is in, and so which analyser reads it.
//!
//! `--lang auto` (compare's default) detects each document's language with
//! whatlang (trigram profiles of 70 languages, script detection first) on
//! the first 4 KiB of its text, so the cost is bounded whatever the size.
//! A detected language the stemmer supports gets its stemmer, stop words
//! and (English) number words; any other gets none of them (words are
//! compared as they are, which is right for names and numbers in any
//! language). A Latin-script text too short or too mixed for a reliable
//! guess is read as English, the default before detection existed, so
//! short English sentences read as they always did. Accuracy and cost are
//! measured in docs/languages.md.

use super::analyze::Analyzer;
use super::lang::Language;
use crate::error::Error;

/// Bytes of a text the detector looks at, at most.
const SAMPLE: usize = 4096;

/// What detection decided for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The language reported: an ISO 639-1 code (`en`, `ja`, `zh` for
    /// Mandarin), `und` without letters.
    pub language: &'static str,
    /// The analyser used: a code `--lang` accepts, or `none`.
    pub analysis: &'static str,
}

/// Detects the language of `text`.
pub fn detect(text: &str) -> Detected {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let Some(info) = whatlang::detect(&text[..end]) else {
        return Detected {
            language: "und",
            analysis: "none",
        };
    };
    if !info.is_reliable() && info.script() == whatlang::Script::Latin {
        return Detected {
            language: "en",
            analysis: "en",
        };
    }
    let language = iso639_1(info.lang());
    let analysis = if Language::known().contains(&language) {
        language
    } else {
        "none"
    };
    Detected { language, analysis }
}

/// The ISO 639-1 code of a whatlang language (`zh` for Mandarin); every
/// language whatlang knows has one.
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Afr => "af",
        Aka => "ak",
        Amh => "am",
        Ara => "ar",
        Aze => "az",
        Bel => "be",
        Ben => "bn",
        Bul => "bg",
        Cat => "ca",
        Ces => "cs",
        Cym => "cy",
        Dan => "da",
        Deu => "de",
        Ell => "el",
        Eng => "en",
        Epo => "eo",
        Est => "et",
        Fin => "fi",
        Fra => "fr",
        Guj => "gu",
        Heb => "he",
        Hin => "hi",
        Hrv => "hr",
        Hun => "hu",
        Hye => "hy",
        Ind => "id",
        Ita => "it",
        Jav => "jv",
        Jpn => "ja",
        Cmn => "zh",
        Kan => "kn",
        Kat => "ka",
        Khm => "km",
        Kor => "ko",
        Lat => "la",
        Lav => "lv",
        Lit => "lt",
        Mal => "ml",
        Mar => "mr",
        Mkd => "mk",
        Mya => "my",
        Nep => "ne",
        Nld => "nl",
        Nob => "no",
        Ori => "or",
        Pan => "pa",
        Pes => "fa",
        Pol => "pl",
        Por => "pt",
        Ron => "ro",
        Rus => "ru",
        Sin => "si",
        Slk => "sk",
        Slv => "sl",
        Sna => "sn",
        Spa => "es",
        Srp => "sr",
        Swe => "sv",
        Tam => "ta",
        Tel => "te",
        Tgl => "tl",
        Tha => "th",
        Tuk => "tk",
        Tur => "tr",
        Ukr => "uk",
        Urd => "ur",
        Uzb => "uz",
        Vie => "vi",
        Yid => "yi",
        Zul => "zu",
    }
}

/// The analysers of a comparator: one fixed language, or one per language
/// the stemmer supports, chosen per document by [`detect`].
#[derive(Debug)]
pub enum Analyzers {
    /// `--lang CODE` (or `none`): every document is read in it.
    Fixed(Analyzer),
    /// `--lang auto`: every supported language, and `none`.
    Auto(Vec<Analyzer>),
}

impl Analyzers {
    /// The analysers for `--lang NAME` (`auto`, a code, a name, `none`).
    pub fn new(name: &str) -> Result<Self, Error> {
        if name.trim().eq_ignore_ascii_case("auto") {
            let all = Language::known()
                .into_iter()
                .map(|code| Language::from_name(code).map(Analyzer::new))
                .collect::<Result<_, _>>()?;
            return Ok(Analyzers::Auto(all));
        }
        Ok(Analyzers::Fixed(Analyzer::new(Language::from_name(name)?)))
    }

    /// `--lang` as reports echo it: `auto`, or the fixed language's code.
    pub fn setting(&self) -> &'static str {
        match self {
            Analyzers::Fixed(a) => a.language().code(),
            Analyzers::Auto(_) => "auto",
        }
    }

    /// The analyser of the language `code` (as [`Self::for_text`]
    /// reports it), if it is one of these.
    pub fn for_code(&self, code: &str) -> Option<&Analyzer> {
        match self {
            Analyzers::Fixed(a) => (a.language().code() == code).then_some(a),
            Analyzers::Auto(all) => all.iter().find(|a| a.language().code() == code),
        }
    }

    /// The analyser for `text` and the language reported for it.
    pub fn for_text(&self, text: &str) -> (&Analyzer, &'static str) {
        match self {
            Analyzers::Fixed(a) => (a, a.language().code()),
            Analyzers::Auto(all) => {
                let d = detect(text);
                let a = all
                    .iter()
                    .find(|a| a.language().code() == d.analysis)
                    .unwrap_or(&all[all.len() - 1]);
                (a, d.language)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sentences_are_detected() {
        for (text, language, analysis) in [
            (
                "The government announced on Thursday a reform of public hospitals.",
                "en",
                "en",
            ),
            (
                "Le gouvernement a annoncé jeudi une réforme des hôpitaux publics.",
                "fr",
                "fr",
            ),
            (
                "Die Regierung kündigte am Donnerstag eine Reform der öffentlichen Krankenhäuser an.",
                "de",
                "de",
            ),
            (
                "Правительство объявило в четверг о реформе государственных больниц.",
                "ru",
                "ru",
            ),
            ("政府は木曜日、公立病院の改革を発表した。", "ja", "ja"),
            ("政府周四宣布了公立医院的改革。", "zh", "zh"),
            ("รัฐบาลประกาศปฏิรูปโรงพยาบาลของรัฐเมื่อวันพฤหัสบดี", "th", "th"),
        ] {
            assert_eq!(detect(text), Detected { language, analysis }, "{text}");
        }
    }

    #[test]
    fn no_letters_and_short_latin_text_have_defaults() {
        assert_eq!(detect("1234 5678 — 42").analysis, "none");
        assert_eq!(detect("").language, "und");
        assert_eq!(detect("ok").analysis, "en");
    }

    #[test]
    fn auto_picks_the_analyser_and_fixed_does_not() {
        let auto = Analyzers::new("auto").unwrap();
        let fr = "Le gouvernement a annoncé jeudi une réforme des hôpitaux publics.";
        let (a, language) = auto.for_text(fr);
        assert_eq!((a.language().code(), language), ("fr", "fr"));
        let fixed = Analyzers::new("en").unwrap();
        assert_eq!(fixed.for_text(fr).1, "en");
        assert!(Analyzers::new("klingon").is_err());
    }
}
