//! Passages: the units the aligner matches — sentences (UAX #29), with
//! blank-line paragraphs respected, a title line kept on its own, and
//! fragments (a lone `”.`, `Mr.`, two-word pieces) attached to a neighbour.
//!
//! Thai, Lao, Khmer and Myanmar text has no sentence punctuation and no
//! spaces between words: a space between two letters of these scripts is
//! where a writer ends a sentence or a clause, so a sentence is split
//! there too ([`unspaced_script`]). UAX #29 counts each of their letters
//! as a word, so such a piece must have [`UNSPACED_CHARS_PER_WORD`] times
//! `min_words` letters to stand alone.

use unicode_segmentation::UnicodeSegmentation;

pub use super::segment::unspaced_script;
use super::tokenize::{Span, word_spans};

/// Passage segmentation settings.
#[derive(Debug, Clone, Copy)]
pub struct PassageRules {
    /// A sentence with fewer words than this is attached to a neighbour in
    /// the same paragraph (unless it is the paragraph's only sentence).
    pub min_words: usize,
}

impl Default for PassageRules {
    fn default() -> Self {
        PassageRules { min_words: 3 }
    }
}

/// Splits `text` into passages; returns their byte spans, in order, trimmed
/// of surrounding whitespace.
pub fn passages(text: &str, rules: PassageRules) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        let pieces: Vec<Span> = sentences(text, para)
            .into_iter()
            .flat_map(|s| clauses(text, s))
            .collect();
        merge_fragments(text, &pieces, rules.min_words, &mut out);
    }
    out
}

/// Paragraph spans: runs of non-blank lines. The document's first line is a
/// paragraph of its own when it reads as a title (no closing punctuation).
fn paragraphs(text: &str) -> Vec<Span> {
    let mut paras = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    let mut first_line = true;
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                paras.push(Span::new(s, line_start));
            }
            continue;
        }
        if first_line {
            first_line = false;
            if looks_like_title(line) && starts_sentence(&text[pos..]) {
                paras.push(Span::new(line_start, pos));
                continue;
            }
        }
        if start.is_none() {
            start = Some(line_start);
        }
    }
    if let Some(s) = start {
        paras.push(Span::new(s, text.len()));
    }
    paras
}

/// True when the next non-blank text starts like a sentence (a capital, a
/// digit or an opening quote), as after a title and not after a hard wrap.
fn starts_sentence(rest: &str) -> bool {
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘'(".contains(c))
}

fn looks_like_title(line: &str) -> bool {
    let t = line.trim();
    let last = t.chars().last().unwrap_or('.');
    t.len() <= 200
        && !matches!(
            last,
            '.' | '!' | '?' | '…' | ':' | ';' | ',' | '"' | '”' | '\'' | '’'
        )
}

/// UAX #29 sentences of one paragraph; line breaks inside a paragraph are
/// read as spaces (hard-wrapped text), so only punctuation ends a sentence.
/// An ASCII paragraph takes [`ascii_sentence_breaks`], the same rules
/// without a copy of the paragraph or a table look-up per character.
fn sentences(text: &str, para: Span) -> Vec<Span> {
    let p = &text[para.start..para.end];
    let trim = |off: usize, s: &str| {
        let blank = |c: char| c.is_whitespace() || c == '\u{FEFF}';
        let lead = s.len() - s.trim_start_matches(blank).len();
        let trimmed = s.trim_matches(blank);
        (!trimmed.is_empty()).then(|| {
            let start = para.start + off + lead;
            Span::new(start, start + trimmed.len())
        })
    };
    if p.is_ascii() {
        // A line break is read as the space it stands for: both are
        // whitespace, so each piece trims alike.
        let breaks = ascii_sentence_breaks(p.as_bytes());
        return breaks
            .windows(2)
            .filter_map(|w| trim(w[0], &p[w[0]..w[1]]))
            .collect();
    }
    let flat: String = p
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    flat.split_sentence_bound_indices()
        .filter_map(|(off, s)| trim(off, s))
        .collect()
}

/// UAX #29 sentence classes of the ASCII characters, with CR and LF read
/// as spaces (as [`sentences`] reads line breaks). ASCII has no `Extend`,
/// `Format`, `OLetter` or `Sep` character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SentenceClass {
    ATerm,
    Close,
    Lower,
    Numeric,
    Other,
    SContinue,
    STerm,
    Sp,
    Upper,
}

fn sentence_class(b: u8) -> SentenceClass {
    use SentenceClass::*;
    match b {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => Sp,
        b'!' | b'?' => STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Close,
        b',' | b'-' | b':' | b';' => SContinue,
        b'.' => ATerm,
        b'0'..=b'9' => Numeric,
        b'A'..=b'Z' => Upper,
        b'a'..=b'z' => Lower,
        _ => Other,
    }
}

/// What the sentence-break state machine remembers of one character (or
/// of a run of `Close` or of `Sp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The sentence boundaries of an ASCII text whose line breaks are read as
/// spaces: 0, each break, and the length (nothing for an empty text).
/// The rules and their order are unicode-segmentation's (its forward
/// iterator over the last four parts, `SB8` looking ahead), restricted to
/// ASCII; `ascii_sentences_equal_unicode_segmentation` holds them to it.
fn ascii_sentence_breaks(text: &[u8]) -> Vec<usize> {
    use SentenceClass as C;
    let mut out = Vec::with_capacity(text.len() / 64 + 2);
    if text.is_empty() {
        return out;
    }
    out.push(0);
    let mut state = [Part::Sot; 4];
    // Looking back over `Sp+` then `Close+`: the part that ends a sentence.
    let terminal = |p: &[Part; 4], skip_sp: bool| {
        let mut i = if skip_sp && p[3] == Part::SpPlus {
            2
        } else {
            3
        };
        if p[i] == Part::ClosePlus {
            i -= 1;
        }
        p[i]
    };
    for (i, &b) in text.iter().enumerate() {
        let before = state;
        let class = sentence_class(b);
        state = match (before[3], class) {
            (Part::ClosePlus, C::Close) | (Part::SpPlus, C::Sp) => before,
            _ => [
                before[1],
                before[2],
                before[3],
                match class {
                    C::ATerm => Part::ATerm,
                    C::Upper | C::Lower => Part::UpperLower,
                    C::Close => Part::ClosePlus,
                    C::Sp => Part::SpPlus,
                    C::STerm => Part::STerm,
                    _ => Part::Other,
                },
            ],
        };
        if i == 0 {
            continue;
        }
        let ends = |p: Part| matches!(p, Part::STerm | Part::ATerm);
        // SB6, SB7.
        if class == C::Numeric && before[3] == Part::ATerm
            || class == C::Upper && before[2] == Part::UpperLower && before[3] == Part::ATerm
        {
            continue;
        }
        // SB8: after `.` (closes and spaces), a lower-case letter ahead
        // before any letter or terminator continues the sentence.
        if terminal(&before, true) == Part::ATerm {
            let lower_ahead = text[i..]
                .iter()
                .map(|&b| sentence_class(b))
                .find(|c| matches!(c, C::Lower | C::Upper | C::STerm | C::ATerm))
                == Some(C::Lower);
            if lower_ahead {
                continue;
            }
        }
        let after_terminal = ends(terminal(&before, true));
        // SB8a, SB9, SB10.
        if matches!(class, C::SContinue | C::STerm | C::ATerm) && after_terminal
            || matches!(class, C::Close | C::Sp) && ends(terminal(&before, false))
            || class == C::Sp && after_terminal
        {
            continue;
        }
        // SB11.
        if after_terminal {
            out.push(i);
        }
    }
    out.push(text.len());
    out
}

/// Letters of an unspaced script per "word" when a piece's length is
/// checked against `min_words` (a Thai word averages about four letters).
pub const UNSPACED_CHARS_PER_WORD: usize = 4;

/// A sentence split at every run of spaces between two characters of an
/// unspaced script (the sentence itself when there is none).
fn clauses(text: &str, sentence: Span) -> Vec<Span> {
    let s = &text[sentence.start..sentence.end];
    // The unspaced scripts are all outside ASCII: an ASCII sentence is
    // checked a block of bytes at a time, not a character at a time.
    if s.is_ascii() || !s.chars().any(unspaced_script) {
        return vec![sentence];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut gap: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if gap.is_none() {
                gap = Some(i);
            }
            continue;
        }
        if let (Some(g), Some(p)) = (gap.take(), prev) {
            if unspaced_script(p) && unspaced_script(c) {
                out.push(Span::new(sentence.start + start, sentence.start + g));
                start = i;
            }
        }
        prev = Some(c);
    }
    out.push(Span::new(sentence.start + start, sentence.end));
    out
}

/// How many words a piece counts as against `min_words`: UAX #29 words,
/// with the letters of an unspaced script counted
/// [`UNSPACED_CHARS_PER_WORD`] to a word.
fn word_count(piece: &str, words: &[Span]) -> usize {
    if piece.is_ascii() {
        return words.len();
    }
    let unspaced = piece.chars().filter(|&c| unspaced_script(c)).count();
    if unspaced == 0 {
        return words.len();
    }
    let other = words
        .iter()
        .filter(|w| !piece[w.start..w.end].chars().any(unspaced_script))
        .count();
    other + unspaced / UNSPACED_CHARS_PER_WORD
}

/// Attaches pieces shorter than `min_words` to a neighbour: an abbreviation
/// such as `Mr.` to the next piece, anything else to the previous one.
fn merge_fragments(text: &str, pieces: &[Span], min_words: usize, out: &mut Vec<Span>) {
    let first_out = out.len();
    let mut carry: Option<usize> = None;
    for (k, piece) in pieces.iter().enumerate() {
        let cur = Span::new(carry.take().unwrap_or(piece.start), piece.end);
        let words = word_spans(&text[cur.start..cur.end]);
        let n_words = word_count(&text[cur.start..cur.end], &words);
        let has_next = k + 1 < pieces.len();
        let has_prev = out.len() > first_out;
        if has_next && ends_with_abbreviation(text, cur, &words) {
            carry = Some(cur.start);
        } else if n_words >= min_words || (!has_next && !has_prev) {
            out.push(cur);
        } else if has_next && !has_prev {
            carry = Some(cur.start);
        } else if let Some(last) = out.last_mut().filter(|_| has_prev) {
            last.end = cur.end;
        } else {
            out.push(cur);
        }
    }
}

/// Abbreviations that precede a name and so rarely end a sentence.
const NAME_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt",
    "Rev", "Hon", "Pres", "Mt", "Sr", "Jr", "Messrs", "Mme", "Mlle",
];

/// The piece ends with `Mr.`, `Dr.` or an initial (`John F.`), so the UAX #29
/// break after it is not a sentence end.
fn ends_with_abbreviation(text: &str, piece: Span, words: &[Span]) -> bool {
    let Some(w) = words.last() else { return false };
    let word = &text[piece.start + w.start..piece.start + w.end];
    let after = text[piece.start + w.end..piece.end].trim();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    after == "." && (initial || NAME_ABBREVIATIONS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        passages(text, PassageRules::default())
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    /// The UAX #29 sentence boundaries of `text` read with line breaks
    /// as spaces, by unicode-segmentation.
    fn uax29_sentence_breaks(text: &str) -> Vec<usize> {
        let flat = text.replace(['\n', '\r'], " ");
        let mut out: Vec<usize> = flat
            .split_sentence_bound_indices()
            .map(|(off, _)| off)
            .collect();
        if !flat.is_empty() {
            out.push(flat.len());
        }
        out
    }

    #[test]
    fn ascii_sentences_equal_unicode_segmentation() {
        // Every class of the rules, several times over: letters, digits,
        // terminators, closes, continuations, spaces and line breaks.
        let alphabet = b"aAbZz09.!?.\"'()[]{},-:;  \t\n\r\x0B\x0C#$_/";
        let words = [
            "Mr.",
            "U.S.",
            "etc.",
            "e.g.",
            "He said.",
            "3.5",
            "\"Yes.\"",
            "(see p. 4)",
            "? ",
            "...",
            "A.",
            "no.",
            "end.)  the",
        ];
        let mut rng = crate::hash::SplitMix64::new(29);
        for round in 0..100_000 {
            let len = (rng.next() % 30) as usize;
            let mut s = String::new();
            for _ in 0..len {
                if rng.next() % 4 == 0 {
                    s.push_str(words[(rng.next() % words.len() as u64) as usize]);
                } else {
                    s.push(alphabet[(rng.next() % alphabet.len() as u64) as usize] as char);
                }
            }
            assert_eq!(
                ascii_sentence_breaks(s.as_bytes()),
                uax29_sentence_breaks(&s),
                "round {round}: {s:?}"
            );
        }
    }

    #[test]
    fn ascii_sentences_equal_unicode_segmentation_on_the_corpus() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut paragraphs = 0;
        for entry in walkdir(std::path::Path::new(dir)) {
            let Ok(text) = std::fs::read_to_string(&entry) else {
                continue;
            };
            for para in text.split("\n\n").filter(|p| p.is_ascii()) {
                assert_eq!(
                    ascii_sentence_breaks(para.as_bytes()),
                    uax29_sentence_breaks(para),
                    "{}: {para:?}",
                    entry.display()
                );
                paragraphs += 1;
            }
        }
        assert!(paragraphs > 100, "{paragraphs} ASCII paragraphs");
    }

    fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = e.path();
            if path.is_dir() {
                out.extend(walkdir(&path));
            } else if path.extension().is_some_and(|x| x == "txt") {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn title_line_is_its_own_passage() {
        let t = "Big news today\nThe company said it would grow. It hired staff.\n";
        assert_eq!(
            texts(t),
            [
                "Big news today",
                "The company said it would grow.",
                "It hired staff."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let t = "The company said it\nwould grow quickly. Then it\nhired staff.";
        assert_eq!(
            texts(t),
            [
                "The company said it\nwould grow quickly.",
                "Then it\nhired staff."
            ]
        );
    }

    #[test]
    fn quote_closing_fragment_attaches_to_previous() {
        let t = "Support for startups to grow with our technology. “.\n\nNext paragraph here now.";
        assert_eq!(
            texts(t),
            [
                "Support for startups to grow with our technology. “.",
                "Next paragraph here now."
            ]
        );
    }

    #[test]
    fn abbreviation_attaches_to_next() {
        let t = "They met Mr. Smith at noon. He agreed to all terms.";
        assert_eq!(
            texts(t),
            ["They met Mr. Smith at noon.", "He agreed to all terms."]
        );
    }

    #[test]
    fn short_piece_attaches_to_previous_and_lone_short_paragraph_stays() {
        let t = "The deal was signed on Monday. Nobody objected.\n\nscroll to top";
        assert_eq!(
            texts(t),
            [
                "The deal was signed on Monday. Nobody objected.",
                "scroll to top"
            ]
        );
    }

    #[test]
    fn byte_order_mark_is_not_part_of_a_passage() {
        let t = "\u{FEFF}First sentence is here. Second one is too.";
        assert_eq!(texts(t), ["First sentence is here.", "Second one is too."]);
    }

    #[test]
    fn empty_and_blank_text() {
        assert!(texts("").is_empty());
        assert!(texts("\n\n  \n").is_empty());
        assert_eq!(texts("word"), ["word"]);
    }

    #[test]
    fn thai_splits_at_spaces_between_thai_letters() {
        // "The city opened a new park on Monday. The park has fifty rai of
        // land. The governor said entry is free. Parking 25 baht." The
        // short "Bangkok" attaches to the next piece.
        let t = "กรุงเทพฯ เปิดสวนใหม่เมื่อวันจันทร์ สวนแห่งนี้มีพื้นที่ห้าสิบไร่ \
                 ผู้ว่าราชการกล่าวว่าประชาชนเข้าฟรี ค่าจอดรถ 25 บาท";
        assert_eq!(
            texts(t),
            [
                "กรุงเทพฯ เปิดสวนใหม่เมื่อวันจันทร์",
                "สวนแห่งนี้มีพื้นที่ห้าสิบไร่",
                "ผู้ว่าราชการกล่าวว่าประชาชนเข้าฟรี",
                "ค่าจอดรถ 25 บาท"
            ]
        );
        // Byte offsets are exact: every passage is a slice of the text.
        for s in passages(t, PassageRules::default()) {
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
        }
    }

    #[test]
    fn spaces_next_to_other_scripts_do_not_split() {
        let t = "ราคา 25 บาท iPhone รุ่นใหม่";
        assert_eq!(texts(t), [t]);
    }
}
