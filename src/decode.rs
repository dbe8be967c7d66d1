//! Bytes → text: which encoding a file is in, its text, and the way back
//! from offsets in that text to offsets in the file as stored.
//!
//! [`Decoding::Auto`] (the default everywhere) decides as browsers do:
//! a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE); then text with NUL
//! bytes in every other position is UTF-16 without a mark; then valid UTF-8
//! is UTF-8 (borrowed, no copy: the common case costs one validation, as
//! before); anything else goes to chardetng, Firefox's detector for legacy
//! web content, which names a legacy encoding (windows-1252 for Western
//! European text, windows-1251 or KOI8-R for Russian, Shift_JIS, GBK, ...)
//! and encoding_rs decodes it. [`Decoding::Forced`] (`--encoding LABEL`,
//! any WHATWG label such as `latin1`, `utf-16le`, `shift_jis`) skips the
//! guess. A single-byte guess resting on fewer than 4 non-ASCII bytes is
//! replaced by windows-1252 (one `£` byte is otherwise guessed windows-1250).
//!
//! Binary detection happens after decoding (a NUL *character* means
//! binary), so UTF-16 text is text.
//!
//! A UTF-8 byte-order mark stays in the text, so offsets into UTF-8 files
//! are file offsets as they always were. For any other encoding the text is
//! a UTF-8 transcoding, and [`StoredOffsets`] maps an offset in it back to
//! the byte offset in the file as stored (a UTF-16 character takes 2 or 4
//! bytes there, a Latin-1 one 1 byte): reports give file offsets.

use std::borrow::Cow;

use encoding_rs::{Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::Error;

/// How the bytes of a file become text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Decoding {
    /// Byte-order mark, UTF-16 pattern, UTF-8, else chardetng's guess.
    #[default]
    Auto,
    /// This encoding (a byte-order mark for it is dropped).
    Forced(&'static Encoding),
}

impl Decoding {
    /// `auto`, or any WHATWG encoding label (`utf-8`, `utf-16le`,
    /// `windows-1252`, `latin1`, `koi8-r`, `shift_jis`, ...).
    pub fn from_label(label: &str) -> Result<Self, Error> {
        let l = label.trim();
        if l.eq_ignore_ascii_case("auto") {
            return Ok(Decoding::Auto);
        }
        Encoding::for_label(l.as_bytes())
            .map(Decoding::Forced)
            .ok_or_else(|| {
                Error::setting(
                    "--encoding",
                    format!(
                        "unknown encoding '{label}'; use auto (the default) or a label such as \
                         utf-8, utf-16le, utf-16be, windows-1252, latin1, koi8-r, shift_jis, gbk"
                    ),
                )
            })
    }

    /// `auto` or the encoding's name.
    pub fn name(&self) -> &'static str {
        match self {
            Decoding::Auto => "auto",
            Decoding::Forced(e) => e.name(),
        }
    }
}

/// A decoded file.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text (borrowed when the file was valid UTF-8).
    pub text: Cow<'a, str>,
    /// The encoding it was read in.
    pub encoding: &'static Encoding,
    /// Bytes of a byte-order mark left out of `text` (a UTF-8 one is kept,
    /// so 0 for UTF-8).
    pub bom: usize,
    /// File offset of the first byte that was not valid in `encoding` and
    /// became U+FFFD, if any.
    pub malformed_at: Option<usize>,
}

impl Decoded<'_> {
    /// True when `text` is the file's own bytes (offsets are file offsets).
    pub fn is_utf8(&self) -> bool {
        self.encoding == UTF_8
    }

    /// The file offset of the first NUL character (binary content), if any.
    pub fn nul_at(&self, bytes: &[u8]) -> Option<usize> {
        let at = self.text.find('\0')?;
        Some(if self.is_utf8() {
            at
        } else {
            StoredOffsets::new(bytes, self).stored(at)
        })
    }
}

/// Bytes fed to chardetng at most: plenty for a guess.
const SNIFF: usize = 256 << 10;

/// Below this many non-ASCII bytes, chardetng's guess of a single-byte
/// encoding other than windows-1252 rests on too little evidence, and
/// windows-1252 is taken instead: one `0xA3` byte (`£` in windows-1252)
/// in an English file is guessed windows-1250 (`Ł`), and so are two.
/// A text in a Central European or Cyrillic encoding has far more.
const LITTLE_EVIDENCE: usize = 4;

/// chardetng's guess, or windows-1252 when a single-byte guess rests on
/// fewer than [`LITTLE_EVIDENCE`] non-ASCII bytes of `sniff`.
fn guess_legacy(sniff: &[u8], all: bool) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sniff, all);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let evidence = sniff
        .iter()
        .filter(|&&b| b >= 0x80)
        .take(LITTLE_EVIDENCE)
        .count();
    if guess.is_single_byte() && evidence < LITTLE_EVIDENCE {
        WINDOWS_1252
    } else {
        guess
    }
}

/// Decodes `bytes` as `how` says.
pub fn decode(bytes: &[u8], how: Decoding) -> Decoded<'_> {
    match how {
        Decoding::Forced(enc) => {
            let bom = match Encoding::for_bom(bytes) {
                Some((e, n)) if e == enc && enc != UTF_8 => n,
                _ => 0,
            };
            transcode(bytes, enc, bom)
        }
        Decoding::Auto => {
            if let Some((enc, n)) = Encoding::for_bom(bytes) {
                return transcode(bytes, enc, if enc == UTF_8 { 0 } else { n });
            }
            if let Some(enc) = utf16_without_bom(bytes) {
                return transcode(bytes, enc, 0);
            }
            if let Ok(text) = std::str::from_utf8(bytes) {
                return Decoded {
                    text: Cow::Borrowed(text),
                    encoding: UTF_8,
                    bom: 0,
                    malformed_at: None,
                };
            }
            // ISO-2022-JP is 7-bit, so valid UTF-8 and never reaches here.
            let sniff = &bytes[..bytes.len().min(SNIFF)];
            transcode(bytes, guess_legacy(sniff, sniff.len() == bytes.len()), 0)
        }
    }
}

/// Whether a file starting with `head` may be UTF-16 text (a UTF-16
/// byte-order mark, or the pattern of [`utf16_without_bom`]): its NUL
/// bytes are then no sign of a binary file.
pub(crate) fn may_be_utf16(head: &[u8]) -> bool {
    matches!(Encoding::for_bom(head), Some((e, _)) if e != UTF_8)
        || utf16_without_bom(head).is_some()
}

/// UTF-16 without a byte-order mark: in the first 4 KiB (at least 8
/// characters), at least 40% of the bytes at one parity are NUL and almost
/// none (< 2%) at the other, and no character is a control character
/// other than tab, line feed, form feed and carriage return — what Latin,
/// Cyrillic or Greek text saved as UTF-16 looks like, and what a binary
/// file (or a short text with a stray NUL) does not.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 16 || !head.contains(&0) {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let (much, little) = (pairs * 2 / 5, pairs / 50);
    let (enc, unit): (_, fn([u8; 2]) -> u16) = if odd >= much && even <= little {
        (UTF_16LE, u16::from_le_bytes)
    } else if even >= much && odd <= little {
        (UTF_16BE, u16::from_be_bytes)
    } else {
        return None;
    };
    let text_like = head
        .chunks_exact(2)
        .map(|p| unit([p[0], p[1]]))
        .all(|u| u >= 0x20 || matches!(u, 0x09 | 0x0A | 0x0C | 0x0D));
    text_like.then_some(enc)
}

/// Decodes `bytes[bom..]` with `enc` (UTF-8 is borrowed when valid).
fn transcode<'a>(bytes: &'a [u8], enc: &'static Encoding, bom: usize) -> Decoded<'a> {
    let body = &bytes[bom..];
    if enc == UTF_8 {
        if let Ok(text) = std::str::from_utf8(body) {
            return Decoded {
                text: Cow::Borrowed(text),
                encoding: UTF_8,
                bom,
                malformed_at: None,
            };
        }
    }
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    let malformed_at = had_errors.then(|| bom + first_malformed(body, enc));
    Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: enc,
        bom,
        malformed_at,
    }
}

/// Offset in `body` of the first byte `enc` cannot decode.
fn first_malformed(body: &[u8], enc: &'static Encoding) -> usize {
    if enc == UTF_8 {
        return std::str::from_utf8(body)
            .err()
            .map_or(0, |e| e.valid_up_to());
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = [0u8; 64];
    let mut read_total = 0;
    let mut src = body;
    loop {
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(src, &mut out, true);
        match result {
            encoding_rs::DecoderResult::Malformed(bad, _) => {
                return (read_total + read).saturating_sub(bad as usize);
            }
            encoding_rs::DecoderResult::InputEmpty => return body.len(),
            encoding_rs::DecoderResult::OutputFull => {
                read_total += read;
                src = &src[read..];
            }
        }
    }
}

/// Maps byte offsets in a decoded text to byte offsets in the file as
/// stored. The identity for UTF-8 files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredOffsets {
    /// Runs of characters of equal sizes, in text order; empty for the
    /// identity. The last run is an end marker (its units are 0).
    runs: Vec<Run>,
}

/// From `text` on, each character takes `text_unit` bytes in the text and
/// `stored_unit` bytes in the file, starting at `stored`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    text: usize,
    stored: usize,
    text_unit: u8,
    stored_unit: u8,
}

impl StoredOffsets {
    /// The identity: the text is the file.
    pub fn identity() -> Self {
        StoredOffsets::default()
    }

    /// The map for `decoded`, the decoding of `bytes`.
    pub fn new(bytes: &[u8], decoded: &Decoded<'_>) -> Self {
        if decoded.is_utf8() && decoded.malformed_at.is_none() {
            return Self::identity();
        }
        let mut map = StoredOffsets { runs: Vec::new() };
        let text: &str = &decoded.text;
        let mut text_pos = 0;
        let mut stored_pos = decoded.bom;
        if decoded.encoding.is_single_byte() {
            for c in text.chars() {
                map.push(text_pos, stored_pos, c.len_utf8() as u8, 1);
                text_pos += c.len_utf8();
                stored_pos += 1;
            }
        } else {
            // Feed the decoder one byte at a time: each character it emits
            // ends at the byte just fed, so its stored size is exact, for
            // UTF-16 surrogate pairs, multi-byte legacy encodings and
            // malformed sequences alike.
            let mut decoder = decoded.encoding.new_decoder_without_bom_handling();
            let body = &bytes[decoded.bom..];
            let mut emit = |decoder: &mut Decoder, src: &[u8], last: bool, end: usize| {
                let mut out = [0u8; 32];
                let (_, _, written, _) = decoder.decode_to_utf8(src, &mut out, last);
                if let Ok(s) = std::str::from_utf8(&out[..written]) {
                    let n = s.chars().count();
                    for (k, c) in s.chars().enumerate() {
                        // Several characters at once (a replacement, then a
                        // character): all but the last take no stored bytes.
                        let size = if k + 1 == n { end - stored_pos } else { 0 };
                        map.push(text_pos, stored_pos, c.len_utf8() as u8, size as u8);
                        text_pos += c.len_utf8();
                        stored_pos += size;
                    }
                }
            };
            for i in 0..body.len() {
                emit(&mut decoder, &body[i..i + 1], false, decoded.bom + i + 1);
            }
            emit(&mut decoder, &[], true, bytes.len());
        }
        map.runs.push(Run {
            text: text_pos,
            stored: bytes.len(),
            text_unit: 0,
            stored_unit: 0,
        });
        map
    }

    fn push(&mut self, text: usize, stored: usize, text_unit: u8, stored_unit: u8) {
        if let Some(last) = self.runs.last() {
            if last.text_unit == text_unit && last.stored_unit == stored_unit {
                return;
            }
        }
        self.runs.push(Run {
            text,
            stored,
            text_unit,
            stored_unit,
        });
    }

    /// True when offsets need no mapping.
    pub fn is_identity(&self) -> bool {
        self.runs.is_empty()
    }

    /// The file offset of text offset `at` (a character boundary; an offset
    /// inside a character maps to its start).
    pub fn stored(&self, at: usize) -> usize {
        if self.runs.is_empty() {
            return at;
        }
        let k = self
            .runs
            .partition_point(|r| r.text <= at)
            .saturating_sub(1);
        let r = self.runs[k];
        if r.text_unit == 0 {
            return r.stored;
        }
        r.stored + (at - r.text) / r.text_unit as usize * r.stored_unit as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{WINDOWS_1250, WINDOWS_1251, WINDOWS_1252};

    fn utf16(s: &str, big: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for u in s.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    /// The oracle: re-encode the text before `at` and count its bytes.
    fn stored_by_reencoding(text: &str, at: usize, enc: &'static Encoding, bom: usize) -> usize {
        let head = &text[..at];
        bom + if enc == UTF_16LE || enc == UTF_16BE {
            head.encode_utf16().count() * 2
        } else {
            enc.encode(head).0.len()
        }
    }

    #[test]
    fn byte_order_marks_decide() {
        let s = "Naïve café — 日本 𝄞 end";
        for (big, enc) in [(false, UTF_16LE), (true, UTF_16BE)] {
            let bytes = utf16(s, big, true);
            let d = decode(&bytes, Decoding::Auto);
            assert_eq!((d.text.as_ref(), d.encoding, d.bom), (s, enc, 2));
            assert_eq!(d.nul_at(&bytes), None, "UTF-16 text is text");
        }
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(s.as_bytes());
        let d = decode(&bytes, Decoding::Auto);
        assert_eq!(
            d.text,
            format!("\u{FEFF}{s}"),
            "a UTF-8 BOM stays in the text"
        );
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn utf16_without_bom_is_recognised_and_binary_is_not() {
        let s = "Plain English text saved by an old Windows tool.";
        let le = utf16(s, false, false);
        let d = decode(&le, Decoding::Auto);
        assert_eq!((d.text.as_ref(), d.encoding), (s, UTF_16LE));
        let be = utf16(s, true, false);
        let d = decode(&be, Decoding::Auto);
        assert_eq!((d.text.as_ref(), d.encoding), (s, UTF_16BE));
        let binary = [
            0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, b'I', b'H', 0, 1, 2, 0,
        ];
        let d = decode(&binary, Decoding::Auto);
        assert!(d.nul_at(&binary).is_some(), "{:?}", d.encoding);
        // Small integers stored as 16-bit values: NUL at one parity, but
        // control characters once read as UTF-16.
        let numbers: Vec<u8> = (0u16..64).flat_map(|n| (n % 20).to_le_bytes()).collect();
        assert_eq!(decode(&numbers, Decoding::Auto).encoding, UTF_8);
        assert!(decode(&numbers, Decoding::Auto).nul_at(&numbers).is_some());
        for short in [&b"ab\0c"[..], b"ab\0cd", b"a\0b\0c\0"] {
            let d = decode(short, Decoding::Auto);
            assert_eq!(
                (d.encoding, d.nul_at(short)),
                (UTF_8, short.iter().position(|&b| b == 0))
            );
        }
    }

    #[test]
    fn legacy_encodings_are_guessed() {
        let fr = "Le gouvernement a annoncé jeudi une réforme des hôpitaux publics, \
                  très attendue après des années de déficit. Les élus régionaux ont salué \
                  une décision « historique » pour l’accès aux soins.";
        let (bytes, _, _) = WINDOWS_1252.encode(fr);
        let d = decode(&bytes, Decoding::Auto);
        assert_eq!((d.text.as_ref(), d.encoding), (fr, WINDOWS_1252));
        let ru = "Правительство объявило в четверг о реформе больниц, которую ждали \
                  много лет. Депутаты назвали решение историческим.";
        let (bytes, _, _) = WINDOWS_1251.encode(ru);
        let d = decode(&bytes, Decoding::Auto);
        assert_eq!((d.text.as_ref(), d.encoding), (ru, WINDOWS_1251));
    }

    #[test]
    fn a_few_non_ascii_bytes_are_read_as_windows_1252() {
        // chardetng alone guesses windows-1250 for one or two pound signs
        // (as in bbc-news sport/199.txt) or one `Œ`.
        let base = "The club said the fee was about 5 million and the player \
                    would join next week after a medical.";
        for extra in ["£5m", "£5m and £3m", "Œuvre", "café", "€5 “quoted”"] {
            let text = format!("{base} {extra} {base}");
            let (bytes, _, _) = WINDOWS_1252.encode(&text);
            let d = decode(&bytes, Decoding::Auto);
            assert_eq!((d.text.as_ref(), d.encoding), (text.as_str(), WINDOWS_1252));
        }
        // Enough evidence keeps chardetng's guess.
        let cz = "Příliš žluťoučký kůň úpěl ďábelské ódy.";
        let (bytes, _, _) = WINDOWS_1250.encode(cz);
        assert_eq!(decode(&bytes, Decoding::Auto).encoding, WINDOWS_1250);
        let ru = "Привет";
        let (bytes, _, _) = WINDOWS_1251.encode(ru);
        assert_eq!(decode(&bytes, Decoding::Auto).text, ru);
    }

    #[test]
    fn valid_utf8_is_borrowed_and_forced_labels_win() {
        let d = decode("déjà vu".as_bytes(), Decoding::Auto);
        assert!(matches!(d.text, Cow::Borrowed("déjà vu")));
        let latin1 = Decoding::from_label("latin1").unwrap();
        let d = decode("déjà".as_bytes(), latin1);
        assert_eq!(d.text, "dÃ©jÃ\u{a0}");
        assert!(Decoding::from_label("klingon").is_err());
        assert_eq!(Decoding::from_label("AUTO").unwrap(), Decoding::Auto);
        let d = decode(b"caf\xe9", Decoding::Forced(UTF_8));
        assert_eq!((d.text.as_ref(), d.malformed_at), ("caf\u{FFFD}", Some(3)));
    }

    #[test]
    fn stored_offsets_equal_reencoding_at_every_boundary() {
        let s = "A naïve café — 日本 𝄞, «ok» Ωmega\nline two é";
        let cases: Vec<(Vec<u8>, &'static Encoding, usize)> = vec![
            (utf16(s, false, true), UTF_16LE, 2),
            (utf16(s, true, true), UTF_16BE, 2),
            (utf16(s, false, false), UTF_16LE, 0),
            (
                encoding_rs::GBK.encode(s).0.into_owned(),
                encoding_rs::GBK,
                0,
            ),
            (
                encoding_rs::SHIFT_JIS
                    .encode("日本の ニュース abc")
                    .0
                    .into_owned(),
                encoding_rs::SHIFT_JIS,
                0,
            ),
        ];
        for (bytes, enc, bom) in cases {
            let d = decode(&bytes, Decoding::Forced(enc));
            let map = StoredOffsets::new(&bytes, &d);
            for (at, _) in d.text.char_indices().chain([(d.text.len(), ' ')]) {
                assert_eq!(
                    map.stored(at),
                    stored_by_reencoding(&d.text, at, enc, bom),
                    "{} at {at}",
                    enc.name()
                );
            }
        }
        let latin = "Ça coûte 5 € à Zürich";
        let bytes = WINDOWS_1252.encode(latin).0.into_owned();
        let d = decode(&bytes, Decoding::Forced(WINDOWS_1252));
        let map = StoredOffsets::new(&bytes, &d);
        for (at, _) in latin.char_indices() {
            assert_eq!(map.stored(at), latin[..at].chars().count());
        }
        assert_eq!(map.stored(latin.len()), bytes.len());
        assert!(StoredOffsets::new(b"abc", &decode(b"abc", Decoding::Auto)).is_identity());
    }
}
