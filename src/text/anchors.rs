//! Anchors: what a passage says that reads the same in every language —
//! numbers, dates and names.
//!
//! Two documents in different languages share no words, but a translation
//! keeps its names (`Adina Valean`), its numbers (`3.2 billion` =
//! `3,2 milliards` = `3,2 Milliarden`, `twelve` = `douze` = `zwölf`) and its
//! dates (`Tuesday` = `mardi`, `March` = `März`). [`anchors`] reads them from
//! a passage with the conventions of its language (decimal comma, `12 000`
//! with a space, number words, month and weekday names from
//! [`super::number_words`]) and gives each a key that is the same in every
//! language: a number's value, a month's or weekday's number, a name's
//! letters in lower case without accents. Nothing is translated: a name
//! spelled differently (`Poland` / `Pologne`) is no anchor.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::lang::Language;
use super::normalize::normalize_word;
use super::number_words::{Calendar, NumberWord, calendar_word, decimal_comma, number_word};
use super::numbers::format_value;
use super::tokenize::{Span, word_spans};

/// What an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnchorKind {
    /// A number (digits or number words, as its value).
    Number,
    /// A month or a day of the week.
    Date,
    /// A capitalised word (a name), or a word of letters and digits (`A320`).
    Name,
}

/// One anchor of a passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// The same in every language: `#3200000000`, `@month3`, `valean`.
    pub key: String,
    /// What it is.
    pub kind: AnchorKind,
    /// Where it is written (the whole phrase of a number in words).
    pub span: Span,
    /// Index of its first word in the passage (names next to each other
    /// are one name, a date is one).
    pub word: usize,
    /// Index of its last word (`billion` of `3.2 billion`).
    pub last: usize,
}

/// The anchors of `text[within]`, read as the language `lang`, in text
/// order, with spans into `text`.
pub fn anchors(text: &str, within: Span, lang: &Language) -> Vec<Anchor> {
    let code = lang.code();
    let slice = &text[within.start..within.end];
    let spans = word_spans(slice);
    let mut norm = String::new();
    let mut out = Vec::new();
    let mut run = NumberRun::default();
    let mut i = 0;
    while i < spans.len() {
        let (mut s, mut raw) = (spans[i], &slice[spans[i].start..spans[i].end]);
        normalize_word(raw, &mut norm);
        if let Some(cut) = elision(code, &norm) {
            // `d'Airbus` is `Airbus`: the cut is in bytes of the
            // normalised word, which keeps the raw word's apostrophe.
            if let Some(k) = raw.char_indices().nth(cut).map(|(k, _)| k) {
                raw = &raw[k..];
                s.start += k;
                norm = norm.chars().skip(cut).collect();
            }
        }
        let at = Span::new(within.start + s.start, within.start + s.end);
        if norm.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(mut v) = digits(code, &norm) {
                // `12 000` (French, and every language with a decimal
                // comma): a group of three digits after one space.
                let (mut end, first) = (at.end, i);
                while v.fract() == 0.0
                    && decimal_comma(code)
                    && i + 1 < spans.len()
                    && is_group(&slice[spans[i + 1].start..spans[i + 1].end])
                    && thin_gap(&slice[spans[i].end..spans[i + 1].start])
                    && v < 1000.0 * (1u64 << 40) as f64
                {
                    i += 1;
                    v = v * 1000.0
                        + slice[spans[i].start..spans[i].end]
                            .parse::<f64>()
                            .unwrap_or(0.0);
                    end = within.start + spans[i].end;
                }
                run.push(
                    &mut out,
                    Item::Value(v, true),
                    Span::new(at.start, end),
                    first,
                );
                run.last_word = i;
            } else {
                run.finish(&mut out);
                if norm.chars().any(char::is_alphabetic) {
                    out.push(name(&norm, at, i));
                }
            }
            i += 1;
            continue;
        }
        match number_word(code, &norm) {
            Some(NumberWord::Value(v)) => run.push(&mut out, Item::Value(v, false), at, i),
            Some(NumberWord::Hundred) => run.push(&mut out, Item::Hundred, at, i),
            Some(NumberWord::Scale(v)) => run.push(&mut out, Item::Scale(v), at, i),
            Some(NumberWord::Article) => run.push(&mut out, Item::Article, at, i),
            Some(NumberWord::And) => run.push(&mut out, Item::And, at, i),
            None => {
                run.finish(&mut out);
                let capital = raw.chars().next().is_some_and(char::is_uppercase);
                match calendar_word(code, &norm) {
                    // English months and weekdays are capitalised; `may`
                    // is a verb.
                    Some(c) if capital || code != "en" => out.push(Anchor {
                        key: match c {
                            Calendar::Month(m) => format!("@month{m}"),
                            Calendar::Weekday(d) => format!("@day{d}"),
                        },
                        kind: AnchorKind::Date,
                        span: at,
                        word: i,
                        last: i,
                    }),
                    _ if capital
                        && norm.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !lang.is_stop(&norm) =>
                    {
                        out.push(name(&norm, at, i))
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    run.finish(&mut out);
    out
}

/// A name anchor: letters in lower case without accents.
fn name(norm: &str, span: Span, word: usize) -> Anchor {
    let mut key = String::with_capacity(norm.len());
    for c in norm.nfd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'ß' => key.push_str("ss"),
            c => key.push(c),
        }
    }
    Anchor {
        key,
        kind: AnchorKind::Name,
        span,
        word,
        last: word,
    }
}

/// Characters of an elided article or preposition before an apostrophe
/// (`l'`, `d'`, `qu'`, `dell'`) in French or Italian, to cut.
fn elision(code: &str, norm: &str) -> Option<usize> {
    if !matches!(code, "fr" | "it") {
        return None;
    }
    let (head, tail) = norm.split_once('\'')?;
    const HEADS: &[&str] = &[
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "dell", "dall",
        "nell", "sull", "all", "quell", "un",
    ];
    (!tail.is_empty() && HEADS.contains(&head)).then(|| head.chars().count() + 1)
}

/// True for a group of exactly three ASCII digits (`000` of `12 000`).
fn is_group(w: &str) -> bool {
    w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit())
}

/// True for one space between digit groups (ASCII, no-break or thin).
fn thin_gap(gap: &str) -> bool {
    matches!(gap, " " | "\u{a0}" | "\u{202f}" | "\u{2009}")
}

/// The value of a word of digits in the language `code`: `3.2` (English)
/// or `3,2` (French) is 3.2, `1,200` (English) or `1.200` (Spanish) is
/// 1200, `5.6bn` is 5.6 billion, `1st` and `1er` are 1.
fn digits(code: &str, w: &str) -> Option<f64> {
    let (body, scale) = split_suffix(code, w)?;
    let bytes = body.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_digit() || !bytes[bytes.len() - 1].is_ascii_digit() {
        return None;
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
    {
        return None;
    }
    let (commas, dots) = (body.matches(',').count(), body.matches('.').count());
    let decimal = match (commas, dots) {
        (0, 0) => None,
        // Both: the last one is the decimal mark.
        (_, _) if commas > 0 && dots > 0 => Some(if body.rfind(',') > body.rfind('.') {
            ','
        } else {
            '.'
        }),
        (c, d) => {
            let sep = if c > 0 { ',' } else { '.' };
            let own = if decimal_comma(code) { ',' } else { '.' };
            let after = body.len() - body.rfind(sep).unwrap_or(0) - 1;
            if c + d > 1 || (sep != own && after == 3) {
                None
            } else {
                Some(sep)
            }
        }
    };
    let parts: Vec<&str> = body.split([',', '.']).collect();
    // The decimal mark, when there is one, is the last separator.
    let decimals = decimal.map(|_| parts.len() - 1);
    let mut plain = String::with_capacity(body.len());
    for (k, part) in parts.iter().enumerate() {
        if Some(k) == decimals {
            plain.push('.');
        } else if k > 0 && part.len() != 3 {
            return None;
        }
        plain.push_str(part);
    }
    plain.parse::<f64>().ok().map(|v| v * scale)
}

/// A word of digits without its suffix (`5.6bn` → `5.6` times a billion,
/// `1st` → `1`), or `None` when the letters are no known suffix.
fn split_suffix<'w>(code: &str, w: &'w str) -> Option<(&'w str, f64)> {
    let cut = w
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_ascii_digit())
        .last()
        .map_or(w.len(), |(k, _)| k);
    let (body, suffix) = w.split_at(cut);
    let scale = match (code, suffix) {
        (_, "") => 1.0,
        ("en", "bn") => 1e9,
        ("en", "m" | "mn") => 1e6,
        ("en", "tn") => 1e12,
        ("en", "st" | "nd" | "rd" | "th") => 1.0,
        ("fr", "e" | "er" | "re" | "ème" | "eme") => 1.0,
        ("es" | "it" | "pt", "º" | "ª" | "o" | "a") => 1.0,
        _ => return None,
    };
    Some((body, scale))
}

/// One item of a number phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    /// A value; `true` when written in digits.
    Value(f64, bool),
    Hundred,
    Scale(f64),
    Article,
    And,
}

/// The number phrase being read.
#[derive(Debug, Default)]
struct NumberRun {
    /// Total of the completed scales (`2 million` of `2 million 300`).
    total: f64,
    /// The group being read.
    current: f64,
    /// The largest scale seen.
    scale: f64,
    /// A value, hundred or scale has been read (an article alone is not a
    /// number).
    valued: bool,
    /// The last item that belongs to the phrase.
    last: Option<Item>,
    /// An `and` or article waiting for what follows.
    pending: Option<(Item, Span, usize)>,
    /// Bytes and first word of the phrase.
    span: Option<(Span, usize)>,
    /// Its last word.
    last_word: usize,
}

impl NumberRun {
    /// Adds `item` at `span` (word `word`), ending the phrase before it when
    /// it cannot continue it.
    fn push(&mut self, out: &mut Vec<Anchor>, item: Item, span: Span, word: usize) {
        let pending = self.pending.take();
        match item {
            Item::And => {
                if self.valued
                    && matches!(
                        self.last,
                        Some(Item::Value(_, false) | Item::Hundred | Item::Scale(_))
                    )
                {
                    self.pending = Some((item, span, word));
                } else {
                    self.finish(out);
                }
                return;
            }
            Item::Article => {
                // `vingt et un`: one after `and`.
                if matches!(pending, Some((Item::And, ..))) {
                    self.add(1.0, span, word);
                    return;
                }
                self.finish(out);
                self.pending = Some((item, span, word));
                return;
            }
            _ => {}
        }
        let after_article = matches!(pending, Some((Item::Article, ..)));
        // `a hundred`, `un million`: the article is one; `a two-year plan`:
        // it is not.
        let article = after_article && matches!(item, Item::Hundred | Item::Scale(_));
        let fits = match (self.last, item) {
            (None, _) => true,
            (Some(Item::Value(_, true)), Item::Value(..)) => false,
            (Some(Item::Value(_, true)), Item::Hundred) => false,
            (Some(Item::Value(..)), Item::Value(_, true)) => false,
            (Some(_), Item::Value(_, true)) => false,
            // `ten seven` no, `dix-sept` yes; `twenty five`, `quatre-vingt`.
            (Some(Item::Value(u, false)), Item::Value(v, false)) => {
                (u == 10.0 && v < 10.0)
                    || ((20.0..100.0).contains(&u) && u % 10.0 == 0.0 && v < 20.0)
                    || (u == 4.0 && v == 20.0)
                    || (u >= 100.0 && u % 100.0 == 0.0 && v < 100.0)
            }
            (Some(Item::Hundred), Item::Value(v, false)) => v < 100.0,
            (Some(Item::Scale(s)), Item::Value(v, false)) => v < s,
            (Some(Item::Hundred), Item::Hundred) => false,
            (Some(_), Item::Hundred) => true,
            (Some(_), Item::Scale(_)) => true,
            _ => false,
        };
        if !fits || after_article {
            self.finish(out);
        }
        let start = match pending {
            Some((Item::Article, at, w)) if article => Some((at, w)),
            _ => None,
        };
        if self.span.is_none() {
            self.span = Some(start.unwrap_or((span, word)));
        }
        if article {
            // `un million`, `a hundred`: the article is one.
            self.current = 1.0;
            self.valued = true;
        }
        match item {
            Item::Value(v, _) => {
                if self.last == Some(Item::Value(4.0, false)) && v == 20.0 {
                    self.current += 76.0;
                } else {
                    self.current += v;
                }
                self.valued = true;
            }
            Item::Hundred => {
                if !self.valued {
                    // `cent`, `hundred` alone.
                    self.current = 1.0;
                }
                self.current = self.current.max(1.0) * 100.0;
                self.valued = true;
            }
            Item::Scale(s) => {
                if !self.valued && s != 1e3 {
                    // `millions of people`: no number (but `mil`, `mille`
                    // and `tausend` alone are a thousand).
                    self.span = None;
                    return;
                }
                self.valued = true;
                if s > self.scale {
                    // `mil millones`: a thousand millions.
                    let base = self.total + self.current;
                    self.total = if base == 0.0 { 1.0 } else { base } * s;
                    self.scale = s;
                } else {
                    self.total += self.current.max(1.0) * s;
                }
                self.current = 0.0;
            }
            _ => {}
        }
        self.last = Some(item);
        self.extend(span, word);
    }

    /// Adds `v` to the group (the one of `vingt et un`).
    fn add(&mut self, v: f64, span: Span, word: usize) {
        self.current += v;
        self.last = Some(Item::Value(v, false));
        self.extend(span, word);
    }

    fn extend(&mut self, span: Span, word: usize) {
        if let Some((s, _)) = &mut self.span {
            s.end = span.end;
        }
        self.last_word = word;
    }

    /// Ends the phrase, adding its anchor to `out` when it is a number
    /// other than a lone `one` in words.
    fn finish(&mut self, out: &mut Vec<Anchor>) {
        let run = std::mem::take(self);
        let Some((span, word)) = run.span else {
            return;
        };
        if !run.valued {
            return;
        }
        let value = run.total + run.current;
        out.push(Anchor {
            key: format!("#{}", format_value(value)),
            kind: AnchorKind::Number,
            span,
            word,
            last: run.last_word.max(word),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(code: &str, text: &str) -> Vec<String> {
        let lang = Language::from_name(code).unwrap();
        anchors(text, Span::new(0, text.len()), &lang)
            .into_iter()
            .map(|a| a.key)
            .collect()
    }

    #[test]
    fn numbers_read_the_same_in_four_languages() {
        assert_eq!(
            keys("en", "It costs 3.2 billion euros and 12,000 jobs"),
            ["#3200000000", "#12000"]
        );
        assert_eq!(
            keys("fr", "il coûte 3,2 milliards d'euros et 12 000 emplois"),
            ["#3200000000", "#12000"]
        );
        assert_eq!(
            keys("de", "es kostet 3,2 Milliarden Euro und 12.000 Stellen"),
            // German nouns are capitalised: names to this reader, which
            // is harmless (an anchor must be in both documents).
            ["#3200000000", "euro", "#12000", "stellen"]
        );
        assert_eq!(
            keys("es", "cuesta 3.200 millones de euros y 12.000 empleos"),
            ["#3200000000", "#12000"]
        );
        assert_eq!(keys("en", "twenty five"), ["#25"]);
        assert_eq!(
            keys("fr", "vingt et un ou quatre-vingt-dix ou dix-sept"),
            ["#21", "#90", "#17"]
        );
        assert_eq!(keys("fr", "soixante-douze"), ["#72"]);
        assert_eq!(keys("es", "treinta y tres"), ["#33"]);
        assert_eq!(keys("de", "dreiundzwanzig"), ["#23"]);
        assert_eq!(keys("en", "a million people"), ["#1000000"]);
        assert_eq!(keys("fr", "un million de personnes"), ["#1000000"]);
        assert_eq!(keys("es", "mil millones"), ["#1000000000"]);
        assert_eq!(keys("en", "5.6bn and the 1st"), ["#5600000000", "#1"]);
        assert_eq!(keys("de", "1,3 Mrd"), ["#1300000000"]);
    }

    #[test]
    fn articles_and_vague_quantities_are_no_numbers() {
        assert!(keys("en", "one of the men bought a car").is_empty());
        assert!(keys("fr", "un homme et une femme").is_empty());
        assert!(keys("de", "ein Mann und eine Frau").len() == 2); // Mann, Frau (nouns)
        assert!(keys("en", "millions of people").is_empty());
        assert_eq!(keys("en", "a two-year plan"), ["#2"]);
        assert_eq!(keys("en", "a hundred and five"), ["#105"]);
    }

    #[test]
    fn dates_and_names() {
        assert_eq!(
            keys("en", "On Tuesday, 14 March, Adina Valean spoke in Zürich."),
            ["@day2", "#14", "@month3", "adina", "valean", "zurich"]
        );
        assert_eq!(
            keys(
                "fr",
                "Mardi 14 mars, Adina Valean a parlé à Zurich d'Airbus."
            ),
            [
                "@day2", "#14", "@month3", "adina", "valean", "zurich", "airbus"
            ]
        );
        // `may` is a verb in English, `The` a stop word.
        assert_eq!(keys("en", "The plan may pass in May"), ["@month5"]);
        assert_eq!(keys("en", "The A320 flew"), ["a320"]);
    }
}
