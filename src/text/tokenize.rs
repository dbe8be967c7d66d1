//! Word tokens with byte spans.
//!
//! [`for_each_word`] gives UAX #29 word boundaries, exactly as
//! `unicode_segmentation::UnicodeSegmentation::unicode_word_indices` would
//! (segments holding at least one alphanumeric character). The scanner of
//! [`words`](super::words) runs the ASCII subset of the UAX #29 rules over
//! every ASCII stretch and unicode-segmentation only around non-ASCII
//! characters; its tests check it against unicode-segmentation on Unicode's
//! own test data and on random mixed text. The scan's word hashes go
//! through it.
//!
//! [`word_spans`] — compare's terms and passages — is the same, except that
//! the runs of Han, kana, Thai, Lao, Khmer and Myanmar letters, which UAX
//! #29 leaves one letter a word, are split into dictionary words by
//! [`segment`](super::segment).

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
    super::words::word_bounds(text, |start, end, _| f(Span::new(start, end)));
}

/// The byte spans of the words of `text`: UAX #29 words, with the runs of
/// unspaced scripts split by a dictionary ([`segment`](super::segment)).
pub fn word_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut runs = super::segment::Runs::new(text, |start, end| out.push(Span::new(start, end)));
    super::words::word_bounds(text, |start, end, ascii| runs.push(start, end, ascii));
    runs.finish();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use unicode_segmentation::UnicodeSegmentation;

    fn uax29(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        for_each_word(text, |s| out.push(s));
        out
    }

    fn oracle(text: &str) -> Vec<Span> {
        text.unicode_word_indices()
            .map(|(s, w)| Span::new(s, s + w.len()))
            .collect()
    }

    #[test]
    fn words_equal_unicode_segmentation_on_random_mixed_text() {
        let ascii = b"aZk09_ .,;:'\"-\n\r\t$%()!?/";
        let mut rng = SplitMix64::new(7);
        for round in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let mut s: String = (0..len)
                .map(|_| ascii[(rng.next() % ascii.len() as u64) as usize] as char)
                .collect();
            if round % 2 == 0 {
                s.push_str(["é", "’s", "ﬁ", "Ａ", "—", "日本"][round % 6]);
                s.push_str("x's 1,5");
            }
            assert_eq!(uax29(&s), oracle(&s), "round {round}: {s:?}");
            if !s.contains("日本") {
                assert_eq!(word_spans(&s), oracle(&s), "round {round}: {s:?}");
            }
        }
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
