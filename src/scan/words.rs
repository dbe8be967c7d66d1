//! Word hashes for the scan's fast path: the hash of every normalised word
//! of a text, in order, without building strings.
//!
//! Pure-ASCII text (most of a typical corpus) is scanned 64 bytes at a
//! time: SSE2 compares (a byte-class table elsewhere) give bit masks of
//! letters, digits and mid-word punctuation, the ASCII subset of the UAX #29
//! word rules (the same rules as [`crate::text::tokenize`]'s fast path)
//! becomes a few shifts and ands, and words are the runs of ones, found with
//! `trailing_zeros` instead of a branch per byte. A word of up to 8 bytes
//! is loaded as one little-endian `u64`, lower-cased eight bytes at a time,
//! stripped of a possessive and hashed without touching memory again; longer
//! words (lower-cased into a buffer) and non-ASCII text (through
//! [`for_each_word`] and [`normalize_word`]) take slower paths. Either way the value is [`word_hash`] of the
//! normalised word over unicode-segmentation's words; the tests check it on
//! random text.
//!
//! [`word_hash`] is built from the SplitMix64 finaliser ([`mix64`]): a word
//! of at most 8 bytes is one `u64` mixed with a per-length constant (no two
//! such words collide); a longer word chains 8-byte chunks. It is stable
//! across platforms and versions (pinned by a test), like everything in
//! [`crate::hash`].

use crate::hash::mix64;
use crate::text::normalize::normalize_word;
use crate::text::tokenize::for_each_word;

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

/// Calls `emit` with `word_hash(normalize_word(w))` for each word `w` of
/// `text`, in order. `norm` is scratch space for non-ASCII words.
#[inline]
pub fn for_each_word_hash(text: &str, norm: &mut String, mut emit: impl FnMut(u64)) {
    if text.is_ascii() {
        ascii_word_hashes(text.as_bytes(), &mut emit);
    } else {
        for_each_word(text, |span| {
            let w = &text.as_bytes()[span.start..span.end];
            if w.is_ascii() {
                emit(hash_ascii_word(text.as_bytes(), span.start, span.end));
            } else {
                normalize_word(&text[span.start..span.end], norm);
                emit(word_hash(norm.as_bytes()));
            }
        });
    }
}

/// The stable hash of a normalised word (see the module docs).
pub fn word_hash(w: &[u8]) -> u64 {
    if w.len() <= 8 {
        let mut a = [0u8; 8];
        a[..w.len()].copy_from_slice(w);
        return short_hash(u64::from_le_bytes(a), w.len());
    }
    let mut h = LONG_SEED ^ w.len() as u64;
    for chunk in w.chunks(8) {
        let mut a = [0u8; 8];
        a[..chunk.len()].copy_from_slice(chunk);
        h = mix64(h ^ u64::from_le_bytes(a));
    }
    h
}

#[inline(always)]
fn short_hash(c: u64, len: usize) -> u64 {
    mix64(c ^ LENGTH_KEYS[len])
}

const LONG_SEED: u64 = 0x6e65_6172_6475_705f;

/// One random constant per short-word length (SplitMix64 from a fixed seed).
static LENGTH_KEYS: [u64; 9] = length_keys();

const fn length_keys() -> [u64; 9] {
    let mut keys = [0u64; 9];
    let mut state: u64 = 0x776f_7264; // "word"
    let mut i = 0;
    while i < 9 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        keys[i] = z ^ (z >> 31);
        i += 1;
    }
    keys
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

/// The ASCII word scanner, fused with hashing. Each 64-byte block becomes
/// bit masks of its byte classes; a mid-word character (`.` `'` `:`
/// between letters, `.` `'` `,` `;` between digits) joins its neighbours
/// when the bytes on both sides qualify; words are the runs of ones, found
/// with `trailing_zeros`, so there is no branch per byte to mispredict.
#[inline(always)]
fn ascii_word_hashes(b: &[u8], emit: &mut impl FnMut(u64)) {
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
                emit_word(b, start, base + pos as usize, emit);
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
        emit_word(b, start, n, emit);
    }
}

/// Emits the run `b[start..end]` unless it is underscores only (UAX #29
/// words hold at least one letter or digit).
#[inline(always)]
fn emit_word(b: &[u8], start: usize, end: usize, emit: &mut impl FnMut(u64)) {
    if b[start] != b'_' || b[start..end].iter().any(u8::is_ascii_alphanumeric) {
        emit(hash_ascii_word(b, start, end));
    }
}

/// `word_hash(normalize_word(w))` for the ASCII word `w = text[start..end]`:
/// lower-case, then drop a possessive (`x's` → `x`, `xs'` → `xs`).
#[inline(always)]
fn hash_ascii_word(text: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if len <= 8 && start + 8 <= text.len() {
        let mut a = [0u8; 8];
        a.copy_from_slice(&text[start..start + 8]);
        let c = lower_ascii(u64::from_le_bytes(a) & low_bytes(len));
        let byte = |c: u64, i: usize| (c >> (8 * i)) as u8;
        let len = if len > 2 && byte(c, len - 2) == b'\'' && byte(c, len - 1) == b's' {
            len - 2
        } else if len > 1 && byte(c, len - 1) == b'\'' {
            len - 1
        } else {
            len
        };
        return short_hash(c & low_bytes(len), len);
    }
    let mut lower = text[start..end].to_vec();
    lower.make_ascii_lowercase();
    word_hash(strip_possessive(&lower))
}

/// A mask of the low `len` bytes (`len ≤ 8`).
#[inline(always)]
fn low_bytes(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// Lower-cases eight ASCII bytes at once: a byte `b < 0x80` is upper-case
/// when `b + 0x3f` reaches 0x80 (b ≥ 'A') and `b + 0x25` does not (b ≤ 'Z');
/// no sum carries into the next byte.
#[inline(always)]
fn lower_ascii(c: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = c.wrapping_add(0x3f * ONES);
    let gt_z = c.wrapping_add(0x25 * ONES);
    let upper = ge_a & !gt_z & (0x80 * ONES);
    c | (upper >> 2)
}

fn strip_possessive(w: &[u8]) -> &[u8] {
    let n = w.len();
    if n > 2 && w.ends_with(b"'s") {
        &w[..n - 2]
    } else if n > 1 && w[n - 1] == b'\'' {
        &w[..n - 1]
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use unicode_segmentation::UnicodeSegmentation;

    fn oracle(text: &str) -> Vec<u64> {
        let mut norm = String::new();
        text.unicode_words()
            .map(|w| {
                normalize_word(w, &mut norm);
                word_hash(norm.as_bytes())
            })
            .collect()
    }

    fn fast(text: &str) -> Vec<u64> {
        let mut v = Vec::new();
        for_each_word_hash(text, &mut String::new(), |h| v.push(h));
        v
    }

    #[test]
    fn equals_unicode_segmentation_and_normalize_word_on_random_text() {
        let ascii = b"aZk09_ .,;:'\"-\n\r\t$%()!?/S";
        let mut rng = SplitMix64::new(11);
        for round in 0..30_000 {
            let len = (rng.next() % 150) as usize;
            let mut s: String = (0..len)
                .map(|_| ascii[(rng.next() % ascii.len() as u64) as usize] as char)
                .collect();
            if round % 3 == 0 {
                s.push_str(["é", "’s", "ﬁ", "Ａ", "—"][round % 5]);
                s.push_str("x's");
            }
            assert_eq!(fast(&s), oracle(&s), "round {round}: {s:?}");
        }
    }

    #[test]
    fn long_words_possessives_and_prose() {
        let s = "The CAT's whiskers, the dogs' bowls; 4.3 and 1,000,000 at U.S. firms. \
                 Pneumonoultramicroscopicsilicovolcanoconiosis's length __ a_b x:y";
        assert_eq!(fast(s), oracle(s));
        assert_eq!(fast("CAT's"), fast("cat"));
        // Words at the very end of a text take the byte-by-byte path.
        assert_eq!(fast("x Ab's"), oracle("x Ab's"));
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
            for tail in [
                "abc.def", "12,345", "x'y", "_a_", "__", "a.", ".b", "Straße", "1.a",
            ] {
                let s = format!("{}{tail} end", "w ".repeat(pad / 2) + &"z".repeat(pad % 2));
                assert_eq!(fast(&s), oracle(&s), "{s:?}");
            }
        }
        let long = "word".repeat(100);
        assert_eq!(fast(&long), oracle(&long));
    }

    #[test]
    fn lower_ascii_equals_the_byte_rule() {
        for b in 0u8..128 {
            let c = u64::from_le_bytes([b, b'A', b'Z', b'@', b'[', b'a', b'z', b'0']);
            let want = u64::from_le_bytes([
                b.to_ascii_lowercase(),
                b'a',
                b'z',
                b'@',
                b'[',
                b'a',
                b'z',
                b'0',
            ]);
            assert_eq!(lower_ascii(c), want, "{b}");
        }
    }

    #[test]
    fn word_hash_is_stable_and_short_words_never_collide() {
        // Pinned: if these change, every signature of every scan changes.
        assert_eq!(word_hash(b"the"), GOLDEN_THE);
        assert_eq!(word_hash(b"deduplication"), GOLDEN_LONG);
        let mut seen = std::collections::HashSet::new();
        for w in [
            "",
            "a",
            "a\0",
            "ab",
            "b",
            "ba",
            "abcdefgh",
            "abcdefg",
            "abcdefghi",
        ] {
            assert!(seen.insert(word_hash(w.as_bytes())), "{w:?}");
        }
    }

    // Computed independently (a few lines of Python with 64-bit wrap-around).
    const GOLDEN_THE: u64 = 0x5ec1_a46a_3704_4244;
    const GOLDEN_LONG: u64 = 0x0371_27da_3ebd_d04e;
}
