//! Word tokens with byte spans: UAX #29 word boundaries.
//!
//! [`word_spans`] returns the byte ranges of the words of a text, exactly as
//! `unicode_segmentation::UnicodeSegmentation::unicode_word_indices` would
//! (segments holding at least one alphanumeric character). Pure-ASCII text
//! takes a hand-written fast path that implements the ASCII subset of the
//! UAX #29 rules; the tests check it against unicode-segmentation on random
//! inputs, so the two can never disagree.

use unicode_segmentation::UnicodeSegmentation;

/// A half-open byte range `[start, end)` into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Calls `f` with the byte span of every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(Span)) {
    if text.is_ascii() {
        ascii_words(text.as_bytes(), f);
    } else {
        for (start, word) in text.unicode_word_indices() {
            f(Span::new(start, start + word.len()));
        }
    }
}

/// The byte spans of the words of `text`.
pub fn word_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for_each_word(text, |s| out.push(s));
    out
}

#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// UAX #29 on ASCII: `[A-Za-z0-9_]` runs are words (WB5, WB8-WB10, WB13a/b);
/// a letter, then `:` `.` or `'`, then a letter stays one word (WB6/WB7); a
/// digit, then `,` `;` `.` or `'`, then a digit stays one word (WB11/WB12).
/// Runs of underscores alone are not words (no alphanumeric character).
fn ascii_words(b: &[u8], mut f: impl FnMut(Span)) {
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut has_alnum = false;
        loop {
            if i < n && is_word_byte(b[i]) {
                has_alnum |= b[i] != b'_';
                i += 1;
                continue;
            }
            if i + 1 < n && i > start {
                let (prev, mid, next) = (b[i - 1], b[i], b[i + 1]);
                let letters = prev.is_ascii_alphabetic()
                    && next.is_ascii_alphabetic()
                    && matches!(mid, b':' | b'.' | b'\'');
                let digits = prev.is_ascii_digit()
                    && next.is_ascii_digit()
                    && matches!(mid, b',' | b';' | b'.' | b'\'');
                if letters || digits {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        if has_alnum {
            f(Span::new(start, i));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;

    fn oracle(text: &str) -> Vec<Span> {
        text.unicode_word_indices()
            .map(|(s, w)| Span::new(s, s + w.len()))
            .collect()
    }

    fn fast(text: &str) -> Vec<Span> {
        let mut v = Vec::new();
        ascii_words(text.as_bytes(), |s| v.push(s));
        v
    }

    #[test]
    fn ascii_fast_path_matches_unicode_segmentation_on_random_text() {
        let alphabet = b"aZk09_ .,;:'\"-\n\r\t$%()!?/";
        let mut rng = SplitMix64::new(7);
        for round in 0..20_000 {
            let len = (rng.next() % 24) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize] as char)
                .collect();
            assert_eq!(fast(&s), oracle(&s), "round {round}: {s:?}");
        }
    }

    #[test]
    fn ascii_fast_path_on_prose() {
        let s = "It's 4.3 billion (1,000,000 people) at U.S. firms: a_b __ x:y end.";
        assert_eq!(fast(s), oracle(s));
        let words: Vec<&str> = fast(s).iter().map(|sp| &s[sp.start..sp.end]).collect();
        assert!(words.contains(&"It's"));
        assert!(words.contains(&"1,000,000"));
        assert!(words.contains(&"4.3"));
    }

    #[test]
    fn non_ascii_uses_unicode_rules() {
        let s = "France’s “Choose France” — café déjà-vu";
        let words: Vec<&str> = word_spans(s)
            .iter()
            .map(|sp| &s[sp.start..sp.end])
            .collect();
        assert_eq!(
            words,
            ["France’s", "Choose", "France", "café", "déjà", "vu"]
        );
    }
}
