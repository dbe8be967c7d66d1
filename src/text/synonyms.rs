//! Synonym groups: words that can stand for one another in a paraphrase
//! ("buy" / "purchase", "big" / "large").
//!
//! A spun rewrite swaps words for thesaurus entries, so two sentences that
//! say the same thing can share few words. The table gives each word the
//! groups it belongs to; the scorer ([`crate::compare::score`]) counts a
//! word of one side whose group has a word on the other side as a weaker
//! shared word.
//!
//! English only, from WordNet 3.0 (Princeton University; licence in
//! `synonyms/LICENSE-WordNet`): for each single-word lemma's two most
//! frequent senses (so rare senses, "buy" as "bribe", do not link everyday
//! words), a group of the sense's synonyms, the more general words it is a
//! kind of ("jury" / "panel"), the adjectives it is similar to ("huge" /
//! "large"), and its derivations ("decide" / "decision"). About 72,000
//! groups; `synonyms/make.py` rebuilds `synonyms/en.txt` from the Debian
//! package `wordnet-base` (how the groups are chosen is in its header).
//! Words are keyed by the same analysis as the text (stemmed), so
//! "purchased" is found; irregular verb forms a stemmer leaves alone
//! ("bought", "sank"), unless they are words of their own ("fed", "rose"),
//! take the groups of their base from WordNet's exception list
//! (`synonyms/en-irregular.txt`, built by the same `make.py`).

use std::sync::OnceLock;

use ahash::AHashMap;

use super::lang::Language;

/// The synonym groups of one language.
#[derive(Debug, Default)]
pub struct Synonyms {
    groups: AHashMap<String, Vec<u32>>,
}

/// One group per line, words separated by spaces.
const ENGLISH: &str = include_str!("synonyms/en.txt");
/// Irregular forms, one `form base` per line (WordNet's exception lists).
const ENGLISH_IRREGULAR: &str = include_str!("synonyms/en-irregular.txt");

impl Synonyms {
    /// The table for a language code (`en`), if there is one.
    pub fn for_language(code: &str) -> Option<&'static Synonyms> {
        static EN: OnceLock<Synonyms> = OnceLock::new();
        match code {
            "en" => Some(EN.get_or_init(|| {
                let en = Language::from_name("en").expect("English is always available");
                Synonyms::parse(ENGLISH, &en).with_irregular(ENGLISH_IRREGULAR, &en)
            })),
            _ => None,
        }
    }

    /// Reads groups (one per line) keyed by `lang`'s analysis of each word;
    /// stop words and lines starting with `#` are skipped.
    pub fn parse(table: &str, lang: &Language) -> Synonyms {
        // Words recur across groups: each is analysed once.
        let mut by_word: AHashMap<&str, Vec<u32>> = AHashMap::new();
        let lines = table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        for (id, line) in lines.enumerate() {
            for word in line.split_whitespace() {
                by_word.entry(word).or_default().push(id as u32);
            }
        }
        // A stem stands for the shortest table words it comes from: "case"
        // and "casing" both stem to "case", and the groups of "casing"
        // (a covering) would make "case" a synonym of "cover".
        let mut groups: AHashMap<String, (usize, Vec<u32>)> = AHashMap::new();
        for (word, ids) in by_word {
            if lang.is_stop(word) {
                continue;
            }
            let entry = groups
                .entry(lang.stem(word).into_owned())
                .or_insert((usize::MAX, Vec::new()));
            if word.len() < entry.0 {
                *entry = (word.len(), ids);
            } else if word.len() == entry.0 {
                entry.1.extend(ids);
            }
        }
        let groups = groups
            .into_iter()
            .map(|(stem, (_, mut ids))| {
                ids.sort_unstable();
                ids.dedup();
                (stem, ids)
            })
            .collect();
        Synonyms { groups }
    }

    /// Gives each irregular form (one `form base` per line; `#` lines
    /// skipped) that is no word of the table itself the groups of its
    /// base: a stemmer leaves "bought" and "sank" as they are, so without
    /// this "bought" is no synonym of "purchased". A form that is a word
    /// of its own keeps only its own groups ("fed" as in "the Feds" is no
    /// synonym of "provide", nor "rose" of "climbed").
    pub fn with_irregular(mut self, table: &str, lang: &Language) -> Synonyms {
        let lines = table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        for line in lines {
            let mut words = line.split_whitespace();
            let (Some(form), Some(base)) = (words.next(), words.next()) else {
                continue;
            };
            if lang.is_stop(form) {
                continue;
            }
            let Some(ids) = self.groups.get(lang.stem(base).as_ref()).cloned() else {
                continue;
            };
            self.groups
                .entry(lang.stem(form).into_owned())
                .or_insert(ids);
        }
        self
    }

    /// The groups of a term key (empty when the word has no synonym).
    pub fn groups(&self, key: &str) -> &[u32] {
        self.groups.get(key).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_groups_link_synonyms_by_stem() {
        let syn = Synonyms::for_language("en").unwrap();
        let en = Language::english();
        let shares = |a: &str, b: &str| {
            let (ga, gb) = (syn.groups(&en.stem(a)), syn.groups(&en.stem(b)));
            ga.iter().any(|g| gb.contains(g))
        };
        assert!(shares("purchased", "buy"));
        // Irregular forms stand for their base.
        assert!(shares("bought", "purchased"));
        assert!(shares("sank", "dropped"));
        // A form that is a word of its own keeps its own meaning.
        assert!(!shares("feds", "provide"));
        assert!(shares("large", "big"));
        assert!(shares("praise", "kudos"));
        assert!(!shares("buy", "sell"));
        assert!(!shares("large", "small"));
        assert!(syn.groups("the").is_empty());
        assert!(Synonyms::for_language("de").is_none());
    }

    #[test]
    fn parse_skips_comments_and_stop_words() {
        let syn = Synonyms::parse(
            "# header\nquick fast the\n\nslow sluggish\ncase casing\ncasing covering\n",
            &Language::english(),
        );
        assert_eq!(syn.groups("quick"), [0]);
        assert_eq!(syn.groups("fast"), [0]);
        assert_eq!(syn.groups("slow"), [1]);
        // "casing" stems to "case": the stem keeps the groups of "case".
        assert_eq!(syn.groups("case"), [2]);
        assert!(syn.groups("the").is_empty());
    }

    #[test]
    fn irregular_forms_take_their_base_groups() {
        let en = Language::english();
        let syn = Synonyms::parse("rise climb\nrose flower\n", &en)
            .with_irregular("# header\nrose rise\nrisen rise\nwent go\n", &en);
        assert_eq!(syn.groups("risen"), [0]);
        // A word of its own keeps its groups; a base without groups adds
        // nothing.
        assert_eq!(syn.groups("rose"), [1]);
        assert!(syn.groups("went").is_empty());
    }
}
