//! The word scanner: UAX #29 word boundaries, with the ASCII subset of the
//! rules run 64 bytes at a time. It serves every word split of the crate
//! through [`for_each_word`](super::tokenize::for_each_word) and
//! [`word_bounds`] — compare's spans and the scan's fused word hashes
//! alike — so the rule lives here once.
//!
//! **Per stretch, not per document.** Real text is mostly ASCII with a curly
//! quote, a dash or an accented letter here and there. [`word_bounds`]
//! finds the next non-ASCII byte (64 bytes per check) and runs the block
//! scanner up to it; only the few bytes around each non-ASCII character go
//! through unicode-segmentation. The region handed to it starts at the last
//! *hard* ASCII byte before that character and ends at the first one after
//! it. A hard byte is an ASCII character of word-break class Other, CR, LF,
//! Newline or WSegSpace (anything but letters, digits, `_` `.` `:` `'` `,`
//! `;` `"`): no UAX #29 rule joins it to its left neighbour, none joins it to
//! a right neighbour that a word could start with, and the contextual rules
//! (WB6/7, WB7b/c, WB11/12, which look two characters ahead or behind) stop
//! at it. So the words of the text are the words of its pieces, cut at hard
//! bytes; the region keeps its first hard byte because Extend characters
//! right after it attach to it (WB4). The tests check the whole against
//! unicode-segmentation on Unicode's own WordBreakTest data (each case also
//! inside ASCII context) and on random mixed text.
//!
//! **The block scanner.** SSE2 compares (a byte-class table elsewhere) give
//! bit masks of letters, digits and mid-word punctuation; the rules
//! (`[A-Za-z0-9_]` runs are words, WB5, WB8-WB10, WB13a/b; a letter, then
//! `:` `.` or `'`, then a letter stays one word, WB6/WB7; a digit, then `,`
//! `;` `.` or `'`, then a digit stays one word, WB11/WB12; runs of
//! underscores alone are not words) become a few shifts and ands, and words
//! are the runs of ones, found with `trailing_zeros` instead of a branch per
//! byte. The tests check the SSE2 masks against the table.

use unicode_segmentation::UnicodeSegmentation;

/// Calls `emit(start, end, ascii)` with the byte range of every UAX #29 word
/// of `text` (segments holding a letter or digit, as
/// `unicode_word_indices` gives them), in order. `ascii` is true for words
/// the block scanner found, whose bytes are all ASCII; a word from a
/// Unicode region may be ASCII too.
#[inline]
pub(crate) fn word_bounds(text: &str, mut emit: impl FnMut(usize, usize, bool)) {
    let b = text.as_bytes();
    let mut pos = 0;
    while pos < b.len() {
        let Some(wide) = next_non_ascii(b, pos) else {
            ascii_words(&b[pos..], |s, e| emit(pos + s, pos + e, true));
            return;
        };
        // The region: from the last hard byte before the character (or
        // `pos`, itself a hard byte or the start) to the first after it.
        let start = b[pos..wide]
            .iter()
            .rposition(|&c| is_hard(c))
            .map_or(pos, |i| pos + i);
        if start > pos {
            ascii_words(&b[pos..start], |s, e| emit(pos + s, pos + e, true));
        }
        let end = b[wide..]
            .iter()
            .position(|&c| is_hard(c))
            .map_or(b.len(), |i| wide + i);
        // `start` and `end` sit on ASCII bytes (or the ends): char boundaries.
        for (s, w) in text[start..end].unicode_word_indices() {
            emit(start + s, start + s + w.len(), false);
        }
        pos = end;
    }
}

/// The first non-ASCII byte at or after `from`, 64 bytes per check.
#[inline]
fn next_non_ascii(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 64 <= b.len() {
        if !b[i..i + 64].is_ascii() {
            break;
        }
        i += 64;
    }
    b[i..].iter().position(|&c| c >= 0x80).map(|k| i + k)
}

/// An ASCII byte that always separates words (see the module docs); false
/// for non-ASCII bytes.
#[inline(always)]
fn is_hard(c: u8) -> bool {
    c.is_ascii() && class(c) & (WORD | MID_LETTER | MID_NUM) == 0 && c != b'"'
}

const WORD: u8 = 1;
const ALNUM: u8 = 2;
const ALPHA: u8 = 4;
const DIGIT: u8 = 8;
/// `:` `.` `'`: joins two letters (WB6/WB7).
const MID_LETTER: u8 = 16;
/// `,` `;` `.` `'`: joins two digits (WB11/WB12).
const MID_NUM: u8 = 32;

static CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = WORD | ALNUM | ALPHA;
        } else if c.is_ascii_digit() {
            t[b] = WORD | ALNUM | DIGIT;
        } else if c == b'_' {
            t[b] = WORD;
        }
        if matches!(c, b':' | b'.' | b'\'') {
            t[b] |= MID_LETTER;
        }
        if matches!(c, b',' | b';' | b'.' | b'\'') {
            t[b] |= MID_NUM;
        }
        b += 1;
    }
    t
}

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// Byte classes of a block of up to 64 bytes, one bit per byte (bit `i` is
/// byte `i`; bytes past the end are 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    word: u64,
    alpha: u64,
    digit: u64,
    mid_letter: u64,
    mid_num: u64,
}

/// The classes of `block` (at most 64 bytes) from the table, byte by byte
/// and without branches: the portable path, and the tests' reference.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn block_masks_table(block: &[u8]) -> Masks {
    let mut m = Masks::default();
    for (i, &b) in block.iter().enumerate() {
        let c = class(b) as u64;
        m.word |= (c & WORD as u64) << i;
        m.alpha |= ((c & ALPHA as u64) >> 2) << i;
        m.digit |= ((c & DIGIT as u64) >> 3) << i;
        m.mid_letter |= ((c & MID_LETTER as u64) >> 4) << i;
        m.mid_num |= ((c & MID_NUM as u64) >> 5) << i;
    }
    m
}

/// The classes of `block` (at most 64 bytes), 16 bytes per SSE2 compare.
#[cfg(target_arch = "x86_64")]
#[allow(unused_unsafe)]
fn block_masks(block: &[u8]) -> Masks {
    use std::arch::x86_64::*;
    let mut padded = [0u8; 64];
    let src: &[u8; 64] = match <&[u8; 64]>::try_from(block) {
        Ok(full) => full,
        Err(_) => {
            let n = block.len().min(64);
            padded[..n].copy_from_slice(&block[..n]);
            &padded
        }
    };
    let mut m = Masks::default();
    // SAFETY: SSE2 is part of the x86_64 baseline, so these instructions
    // always exist; each load reads 16 bytes inside the 64-byte `src`.
    unsafe {
        let splat = |b: u8| _mm_set1_epi8(b as i8);
        let range = |x: __m128i, lo: u8, hi: u8| {
            _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(x, splat(lo)), splat(hi)), x)
        };
        let bits = |v: __m128i| _mm_movemask_epi8(v) as u32 as u64 & 0xffff;
        for k in 0..4 {
            let x = _mm_loadu_si128(src.as_ptr().add(16 * k).cast::<__m128i>());
            let alpha = range(_mm_or_si128(x, splat(0x20)), b'a', b'z');
            let digit = range(x, b'0', b'9');
            let under = _mm_cmpeq_epi8(x, splat(b'_'));
            let dot_apos = _mm_or_si128(
                _mm_cmpeq_epi8(x, splat(b'.')),
                _mm_cmpeq_epi8(x, splat(b'\'')),
            );
            let mid_letter = _mm_or_si128(dot_apos, _mm_cmpeq_epi8(x, splat(b':')));
            let mid_num = _mm_or_si128(
                dot_apos,
                _mm_or_si128(
                    _mm_cmpeq_epi8(x, splat(b',')),
                    _mm_cmpeq_epi8(x, splat(b';')),
                ),
            );
            let shift = 16 * k as u32;
            m.word |= bits(_mm_or_si128(_mm_or_si128(alpha, digit), under)) << shift;
            m.alpha |= bits(alpha) << shift;
            m.digit |= bits(digit) << shift;
            m.mid_letter |= bits(mid_letter) << shift;
            m.mid_num |= bits(mid_num) << shift;
        }
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
fn block_masks(block: &[u8]) -> Masks {
    block_masks_table(block)
}

/// `u64::MAX << pos`, and 0 for `pos ≥ 64`.
#[inline(always)]
fn from_bit(pos: u32) -> u64 {
    u64::MAX.checked_shl(pos).unwrap_or(0)
}

/// Calls `emit(start, end)` for each word of the ASCII text `b`, in order.
/// Each 64-byte block becomes
/// bit masks of its byte classes; a mid-word character (`.` `'` `:`
/// between letters, `.` `'` `,` `;` between digits) joins its neighbours
/// when the bytes on both sides qualify; words are the runs of ones, found
/// with `trailing_zeros`, so there is no branch per byte to mispredict.
#[inline(always)]
pub fn ascii_words(b: &[u8], mut emit: impl FnMut(usize, usize)) {
    let n = b.len();
    let mut open: Option<usize> = None;
    let (mut prev_alpha, mut prev_digit) = (0u64, 0u64);
    let mut base = 0;
    while base < n {
        let len = (n - base).min(64);
        let m = block_masks(&b[base..base + len]);
        let valid = if len == 64 {
            u64::MAX
        } else {
            (1u64 << len) - 1
        };
        let (next_alpha, next_digit) = match b.get(base + 64) {
            Some(&c) => (
                u64::from(class(c) & ALPHA != 0),
                u64::from(class(c) & DIGIT != 0),
            ),
            None => (0, 0),
        };
        let alpha_before = (m.alpha << 1) | prev_alpha;
        let alpha_after = (m.alpha >> 1) | (next_alpha << 63);
        let digit_before = (m.digit << 1) | prev_digit;
        let digit_after = (m.digit >> 1) | (next_digit << 63);
        let joins =
            (m.mid_letter & alpha_before & alpha_after) | (m.mid_num & digit_before & digit_after);
        let run = (m.word | joins) & valid;
        let mut pos = 0;
        loop {
            if let Some(start) = open {
                let ends = !run & valid & from_bit(pos);
                if ends == 0 {
                    break;
                }
                pos = ends.trailing_zeros();
                emit_word(b, start, base + pos as usize, &mut emit);
                open = None;
            }
            let starts = run & from_bit(pos);
            if starts == 0 {
                break;
            }
            pos = starts.trailing_zeros();
            open = Some(base + pos as usize);
        }
        prev_alpha = m.alpha >> 63;
        prev_digit = m.digit >> 63;
        base += len;
    }
    if let Some(start) = open {
        emit_word(b, start, n, &mut emit);
    }
}

/// Emits the run `b[start..end]` unless it is underscores only (UAX #29
/// words hold at least one letter or digit).
#[inline(always)]
fn emit_word(b: &[u8], start: usize, end: usize, emit: &mut impl FnMut(usize, usize)) {
    if b[start] != b'_' || b[start..end].iter().any(u8::is_ascii_alphanumeric) {
        emit(start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use unicode_segmentation::UnicodeSegmentation;

    fn oracle(text: &str) -> Vec<(usize, usize)> {
        text.unicode_word_indices()
            .map(|(s, w)| (s, s + w.len()))
            .collect()
    }

    fn fast(text: &str) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        ascii_words(text.as_bytes(), |s, e| v.push((s, e)));
        v
    }

    #[test]
    fn equals_unicode_segmentation_on_random_ascii_text() {
        let alphabet = b"aZk09_ .,;:'\"-\n\r\t$%()!?/S";
        let mut rng = SplitMix64::new(7);
        for round in 0..30_000 {
            let len = (rng.next() % 150) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize] as char)
                .collect();
            assert_eq!(fast(&s), oracle(&s), "round {round}: {s:?}");
        }
    }

    #[test]
    fn prose() {
        let s = "It's 4.3 billion (1,000,000 people) at U.S. firms: a_b __ x:y end.";
        assert_eq!(fast(s), oracle(s));
        let words: Vec<&str> = fast(s).iter().map(|&(a, b)| &s[a..b]).collect();
        assert!(words.contains(&"It's"));
        assert!(words.contains(&"1,000,000"));
        assert!(words.contains(&"4.3"));
    }

    fn all_words(text: &str) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        word_bounds(text, |s, e, ascii| {
            assert!(!ascii || text[s..e].is_ascii(), "{text:?} {s}..{e}");
            v.push((s, e))
        });
        v
    }

    /// Unicode's WordBreakTest.txt: each test string and its segments.
    fn word_break_tests() -> Vec<(String, Vec<String>)> {
        let data = include_str!("testdata/WordBreakTest.txt");
        let tests: Vec<(String, Vec<String>)> = data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|line| {
                let mut segments = vec![String::new()];
                for field in line.split_whitespace() {
                    match field {
                        "÷" => segments.push(String::new()),
                        "×" => {}
                        hex => {
                            let c = u32::from_str_radix(hex, 16).expect("hex code point");
                            let c = char::from_u32(c).expect("a scalar value");
                            segments.last_mut().expect("one segment").push(c);
                        }
                    }
                }
                segments.retain(|s| !s.is_empty());
                (segments.concat(), segments)
            })
            .collect();
        assert_eq!(tests.len(), 1944, "the whole file was read");
        tests
    }

    #[test]
    fn equals_unicodes_word_break_test_data() {
        for (text, segments) in word_break_tests() {
            // Unicode's words: the segments holding a letter or a digit.
            let mut want = Vec::new();
            let mut at = 0;
            for seg in &segments {
                if seg.chars().any(char::is_alphanumeric) {
                    want.push((at, at + seg.len()));
                }
                at += seg.len();
            }
            assert_eq!(all_words(&text), want, "{text:?}");
            assert_eq!(want, oracle(&text), "{text:?}");
        }
    }

    #[test]
    fn equals_unicode_segmentation_on_word_break_tests_in_ascii_context() {
        let pad = "w ".repeat(35);
        let contexts: [(&str, &str); 9] = [
            ("abc ", " def"),
            ("x", "y"),
            ("a.", ".b"),
            ("1,", ",2"),
            ("it's ", "'s"),
            ("\"", "\""),
            ("a-", "-b"),
            (&pad, &pad),
            ("", "\r\nend"),
        ];
        for (text, _) in word_break_tests() {
            for (before, after) in contexts {
                let s = format!("{before}{text}{after}");
                assert_eq!(all_words(&s), oracle(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn equals_unicode_segmentation_on_random_mixed_text() {
        // Mostly ASCII (as real text is), with the characters that take part
        // in the word rules: Extend, Format, ZWJ, Hebrew letters and quotes,
        // Katakana, ideographs, other scripts' digits and letters, curly
        // quotes, no-break and other spaces, Newline, emoji, flags.
        let ascii = b"aZk09_ .,;:'\"-\n\r\t$%()!?/";
        let wide = [
            "é",
            "\u{301}",
            "\u{200d}",
            "\u{ad}",
            "\u{200b}",
            "א",
            "ב",
            "カ",
            "ー",
            "日",
            "٣",
            "١",
            "’",
            "‘",
            "“",
            "”",
            "—",
            "…",
            "\u{a0}",
            "\u{202f}",
            "\u{3000}",
            "\u{85}",
            "\u{2028}",
            "🇦",
            "🇫",
            "👍",
            "\u{1f3fb}",
            "ﬁ",
            "Ａ",
            "ß",
            "\u{fe0f}",
            "\u{2060}",
            "·",
        ];
        let mut rng = SplitMix64::new(29);
        for round in 0..40_000 {
            let len = (rng.next() % 160) as usize;
            let rare = 1 + rng.next() % 40;
            let mut s = String::new();
            for _ in 0..len {
                if rng.next() % rare == 0 {
                    s.push_str(wide[(rng.next() % wide.len() as u64) as usize]);
                } else {
                    s.push(ascii[(rng.next() % ascii.len() as u64) as usize] as char);
                }
            }
            assert_eq!(all_words(&s), oracle(&s), "round {round}: {s:?}");
        }
    }

    #[test]
    fn non_ascii_bytes_are_never_hard() {
        // Regression: a non-ASCII byte counted as hard ended a region where
        // it started, and `word_bounds` looped for ever on any non-ASCII text.
        for c in 0x80..=0xffu8 {
            assert!(!is_hard(c), "{c:#x}");
        }
        let hard: Vec<u8> = (0..0x80u8).filter(|&c| is_hard(c)).collect();
        assert!(hard.contains(&b' ') && hard.contains(&b'\n') && hard.contains(&b'-'));
        assert!(!hard.iter().any(|c| b"aZ09_.:',;\"".contains(c)));
        assert_eq!(all_words("é"), [(0, 2)]);
    }

    #[test]
    fn regions_stay_small_in_ascii_text() {
        // One curly quote in a long ASCII text: the block scanner does the
        // rest (the words are still right, and ASCII words say so).
        let s = format!(
            "{} don’t {}",
            "plain words here ".repeat(20),
            "more text ".repeat(20)
        );
        let mut unicode = Vec::new();
        word_bounds(&s, |a, b, ascii| {
            if !ascii {
                unicode.push(&s[a..b]);
            }
        });
        assert_eq!(unicode, ["don’t"]);
        assert_eq!(all_words(&s), oracle(&s));
    }

    #[test]
    fn simd_block_masks_equal_the_table() {
        let alphabet = b"aZk09_ .,;:'\"-\n\r\t$%()!?/S@[`{";
        let mut rng = SplitMix64::new(12);
        for _ in 0..5_000 {
            let len = (rng.next() % 65) as usize;
            let block: Vec<u8> = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(
                block_masks(&block),
                block_masks_table(&block),
                "{:?}",
                String::from_utf8_lossy(&block)
            );
        }
        let all: Vec<u8> = (0u8..128).collect();
        for chunk in all.chunks(64) {
            assert_eq!(block_masks(chunk), block_masks_table(chunk));
        }
    }

    #[test]
    fn words_across_block_boundaries() {
        // Words and mid-word characters straddling the 64-byte blocks.
        for pad in 55..70 {
            for tail in ["abc.def", "12,345", "x'y", "_a_", "__", "a.", ".b", "1.a"] {
                let s = format!("{}{tail} end", "w ".repeat(pad / 2) + &"z".repeat(pad % 2));
                assert_eq!(fast(&s), oracle(&s), "{s:?}");
            }
        }
        let long = "word".repeat(100);
        assert_eq!(fast(&long), oracle(&long));
    }
}
