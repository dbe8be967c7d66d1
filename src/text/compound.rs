//! Compounds split by the words of the other document of a pair.
//!
//! German, Dutch and the Scandinavian languages write a compound as one
//! word (`Krankenhausfinanzierungsreform`) where a paraphrase may spell out
//! its parts (`Reform der Finanzierung der Krankenhäuser`): the two share
//! no word, hence no shingle. No dictionary is shipped; the parts are
//! learnt from the pair itself: a long word of one document that is the
//! concatenation of words (or stems) the other document uses, with the
//! linking elements these languages put between parts (Fugen: `s`, `es`,
//! `n`, `en`, `e`), is read as those parts. Each part becomes a term with
//! the stem its language gives it and the byte span of the whole compound,
//! so offsets stay true. A word the other document also uses, or one whose
//! parts it does not use, is left as it is, so a pair without split forms
//! reads exactly as before.

use ahash::{AHashMap, AHashSet};

use super::analyze::{Analyzer, Term};
use super::normalize::normalize_word;

/// Languages that write compounds as one word.
const COMPOUNDING: &[&str] = &["de", "nl", "sv", "da", "no"];

/// Shortest word tried as a compound, in characters.
const MIN_COMPOUND: usize = 8;
/// Shortest part, in characters (`Amt`, `Tag`, `Bau` are parts).
const MIN_PART: usize = 3;
/// Longest word tried (longer ones are left whole: the search is
/// quadratic in the length).
const MAX_COMPOUND: usize = 64;
/// Linking elements allowed between two parts, tried in this order.
const LINKS: &[&str] = &["", "s", "es", "n", "en", "e"];

/// True for a language whose compounds are split ([`Vocabulary`]).
pub fn is_compounding(code: &str) -> bool {
    COMPOUNDING.contains(&code)
}

/// The words of one document a part may be: its normalised words and
/// their stems (stop words left out), and its long words, the candidates
/// for splitting.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: AHashSet<String>,
    stems: AHashSet<String>,
    /// (normalised word, its term key) of the words long enough to split.
    long: Vec<(String, String)>,
}

/// How to read some compounds: a compound's term key → the keys of its
/// parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Splits(AHashMap<String, Vec<String>>);

impl Splits {
    /// True when no compound is split.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many compounds are split.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The terms with every split compound replaced by its parts, each
    /// with the compound's span.
    pub fn apply(&self, terms: Vec<Term>) -> Vec<Term> {
        if self.0.is_empty() {
            return terms;
        }
        let mut out = Vec::with_capacity(terms.len());
        for t in terms {
            match self.0.get(&t.key).filter(|_| !t.stop) {
                Some(parts) => out.extend(parts.iter().map(|key| Term {
                    key: key.clone(),
                    span: t.span,
                    stop: false,
                })),
                None => out.push(t),
            }
        }
        out
    }
}

impl Vocabulary {
    /// The vocabulary of `terms` (of `text`), read by `analyzer`.
    pub fn of(analyzer: &Analyzer, text: &str, terms: &[Term]) -> Self {
        let mut v = Vocabulary::default();
        let mut norm = String::new();
        let mut seen_long = AHashSet::new();
        for t in terms.iter().filter(|t| !t.stop) {
            normalize_word(&text[t.span.start..t.span.end], &mut norm);
            if !norm.chars().all(char::is_alphabetic) {
                continue; // numbers, number phrases, hyphenated words
            }
            let chars = norm.chars().count();
            if chars >= MIN_PART {
                v.stems.insert(analyzer.language().stem(&norm).into_owned());
                v.words.insert(norm.clone());
            }
            if (MIN_COMPOUND..=MAX_COMPOUND).contains(&chars) && seen_long.insert(norm.clone()) {
                v.long.push((norm.clone(), t.key.clone()));
            }
        }
        v
    }

    /// Adds the vocabulary of more terms of the same document.
    pub fn extend(&mut self, other: Vocabulary) {
        self.words.extend(other.words);
        self.stems.extend(other.stems);
        for (w, k) in other.long {
            if !self.long.iter().any(|(x, _)| *x == w) {
                self.long.push((w, k));
            }
        }
        self.long.sort();
    }

    /// The compounds of this document whose parts `other` uses (and whose
    /// whole it does not), read by `analyzer`.
    pub fn splits_against(&self, other: &Vocabulary, analyzer: &Analyzer) -> Splits {
        let mut splits = AHashMap::new();
        for (word, key) in &self.long {
            if other.stems.contains(key) || other.words.contains(word) {
                continue;
            }
            if let Some(parts) = split(word, other, analyzer) {
                let keys = parts
                    .iter()
                    .map(|p| analyzer.language().stem(p).into_owned())
                    .collect();
                splits.insert(key.clone(), keys);
            }
        }
        Splits(splits)
    }
}

/// The fewest parts `word` splits into, each a word or stem of `other`
/// (of at least [`MIN_PART`] characters, not a stop word), with linking
/// elements between them; `None` for fewer than two.
fn split(word: &str, other: &Vocabulary, analyzer: &Analyzer) -> Option<Vec<String>> {
    let lang = analyzer.language();
    // Byte offsets of the character boundaries.
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    let n = bounds.len() - 1;
    let is_known = |s: &str| {
        !lang.is_stop(s) && (other.words.contains(s) || other.stems.contains(lang.stem(s).as_ref()))
    };
    // The form of a part the other text knows: as written, or (Dutch) with
    // the voiced final consonant its inflected forms take (`ziekenhuis` →
    // `ziekenhuiz`, as in `ziekenhuizen`; `brief` → `briev`, `brieven`).
    let known = |s: &str| -> Option<String> {
        if is_known(s) {
            return Some(s.to_string());
        }
        if lang.code() != "nl" {
            return None;
        }
        let voiced = match s.as_bytes().last() {
            Some(b's') => 'z',
            Some(b'f') => 'v',
            _ => return None,
        };
        let variant = format!("{}{voiced}", &s[..s.len() - 1]);
        is_known(&variant).then_some(variant)
    };
    // best[i]: the fewest parts covering word[..bounds[i]], with the start
    // and the form of the last part; parts may be followed by a link
    // before the next one starts.
    let mut best: Vec<Option<(usize, String, usize)>> = vec![None; n + 1];
    // reach[i]: a split of word[..bounds[i]] ends there (after its link),
    // with its count of parts.
    let mut reach: Vec<Option<usize>> = vec![None; n + 1];
    reach[0] = Some(0);
    for start in 0..n {
        let Some(count) = reach[start] else { continue };
        for end in start + MIN_PART..=n {
            let Some(form) = known(&word[bounds[start]..bounds[end]]) else {
                continue;
            };
            // After the part, each link that fits (the last part takes
            // none: it ends the word).
            for link in LINKS {
                let after = end + link.chars().count();
                if after > n || !word[bounds[end]..].starts_with(link) {
                    continue;
                }
                if after != n && after + MIN_PART > n {
                    continue;
                }
                if after == n && !link.is_empty() {
                    continue;
                }
                if reach[after].is_none_or(|c| count + 1 < c) {
                    reach[after] = Some(count + 1);
                    best[after] = Some((start, form.clone(), count + 1));
                }
            }
        }
    }
    let parts = best[n].as_ref()?.2;
    if parts < 2 {
        return None;
    }
    let mut out = Vec::with_capacity(parts);
    let mut at = n;
    while at > 0 {
        let (start, form, _) = best[at].clone()?;
        out.push(form);
        at = start;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Language, Span};

    fn german() -> Analyzer {
        Analyzer::new(Language::from_name("de").unwrap())
    }

    fn vocabulary(a: &Analyzer, text: &str) -> Vocabulary {
        Vocabulary::of(a, text, &a.terms(text, Span::new(0, text.len())))
    }

    #[test]
    fn a_compound_splits_into_the_words_of_the_other_text() {
        let de = german();
        let a = "Bundestag beschliesst Krankenhausfinanzierungsreform.";
        let b = "Reform der Finanzierung der Krankenhäuser im Bundestag beschlossen.";
        let (va, vb) = (vocabulary(&de, a), vocabulary(&de, b));
        let parts = split("krankenhausfinanzierungsreform", &vb, &de).unwrap();
        assert_eq!(parts, ["krankenhaus", "finanzierung", "reform"]);
        let splits = va.splits_against(&vb, &de);
        assert_eq!(splits.len(), 1);
        assert!(vb.splits_against(&va, &de).is_empty(), "nothing to split");
        // The parts take the compound's span and the stems of the other
        // text's words.
        let terms = splits.apply(de.terms(a, Span::new(0, a.len())));
        let b_keys: AHashSet<String> = de
            .terms(b, Span::new(0, b.len()))
            .into_iter()
            .map(|t| t.key)
            .collect();
        let parts: Vec<&Term> = terms.iter().filter(|t| t.span.start == 22).collect();
        assert_eq!(parts.len(), 3);
        for p in parts {
            assert_eq!(
                &a[p.span.start..p.span.end],
                "Krankenhausfinanzierungsreform"
            );
            assert!(b_keys.contains(&p.key), "{} not in {b_keys:?}", p.key);
        }
    }

    #[test]
    fn links_and_inflected_last_parts() {
        let de = german();
        let other = vocabulary(
            &de,
            "Die Kosten der Verwaltung, der Minister für Gesundheit, die Versorgung der Patienten.",
        );
        for (word, want) in [
            ("verwaltungskosten", vec!["verwaltung", "kosten"]),
            ("gesundheitsminister", vec!["gesundheit", "minister"]),
            // `patient` + `en` and `patienten` stem alike; the first found
            // is kept.
            ("patientenversorgung", vec!["patient", "versorgung"]),
        ] {
            assert_eq!(split(word, &other, &de).unwrap(), want, "{word}");
        }
    }

    #[test]
    fn swedish_and_danish_compounds_split_too() {
        for (code, compound, other, parts) in [
            (
                "sv",
                "sjukhusfinansieringen",
                "Finansieringen av sjukhusen godkänns av riksdagen.",
                vec!["sjukhus", "finansieringen"],
            ),
            (
                "da",
                "hospitalsfinansieringen",
                "Finansieringen af hospitalerne vedtages af Folketinget.",
                vec!["hospital", "finansieringen"],
            ),
        ] {
            let a = Analyzer::new(Language::from_name(code).unwrap());
            let got = split(compound, &vocabulary(&a, other), &a).unwrap();
            assert_eq!(got, parts, "{code}");
        }
    }

    #[test]
    fn dutch_parts_take_the_voiced_stem_of_their_plurals() {
        let nl = Analyzer::new(Language::from_name("nl").unwrap());
        let other = vocabulary(
            &nl,
            "De financiering van de ziekenhuizen is door het parlement goedgekeurd.",
        );
        let parts = split("ziekenhuisfinanciering", &other, &nl).unwrap();
        assert_eq!(parts, ["ziekenhuiz", "financiering"]);
        let keys: AHashSet<String> = nl
            .terms("ziekenhuizen", Span::new(0, 12))
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert!(keys.contains(nl.language().stem("ziekenhuiz").as_ref()));
        // Other languages take no such variant.
        let de = german();
        let other = vocabulary(&de, "Die Finanzierung der Ziekenhuizen.");
        assert_eq!(split("ziekenhuisfinanzierung", &other, &de), None);
    }

    #[test]
    fn words_are_not_split_without_their_parts() {
        let de = german();
        let other = vocabulary(&de, "Der Minister sprach von einer Reform der Regierung.");
        // One known part is not a split; stop words are not parts.
        assert_eq!(split("gesundheitsminister", &other, &de), None);
        assert_eq!(split("dieminister", &other, &de), None);
        // A word the other text also uses is not split.
        let a = vocabulary(&de, "Der Regierungsminister und die Regierung.");
        let b = vocabulary(&de, "Die Regierung und der Regierungsminister.");
        assert!(a.splits_against(&b, &de).is_empty());
        assert!(is_compounding("de") && !is_compounding("en"));
    }
}
