//! The scan's document reader: one file into a reusable buffer through the
//! library's one reader ([`crate::input`]), classified for the scan.
//!
//! Bytes become text as [`crate::decode`] decides (byte-order marks,
//! UTF-16, valid UTF-8 borrowed as is, else the legacy encoding chardetng
//! guesses; or the one `--encoding` forces). A file over the size limit,
//! one holding a NUL character after decoding (binary) or one that cannot
//! be opened is a [`Skip`] with a one-line reason; bytes invalid in the
//! encoding (only possible when it is forced, or in broken UTF-16) become
//! U+FFFD and are flagged, so the caller can warn and still scan it. The buffer is the caller's and is reused across files, so a scan
//! allocates per thread, not per file, and never holds more than one text
//! per thread.

use std::borrow::Cow;
use std::path::Path;

use super::result::SkipReason;
use crate::decode::{Decoding, StoredOffsets, decode};
use crate::input::{ReadRules, Refused, read_bytes};

/// A file that will not be scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Why.
    pub reason: SkipReason,
    /// One line for the user.
    pub detail: String,
}

/// A text read from a file.
#[derive(Debug)]
pub struct Loaded<'a> {
    /// The text (borrowed from the buffer when it was valid UTF-8).
    pub text: Cow<'a, str>,
    /// Bytes read.
    pub bytes: u64,
    /// Bytes invalid in the encoding were replaced; the offset of the
    /// first.
    pub lossy_at: Option<usize>,
    /// The encoding the text was decoded from (`UTF-8`, `UTF-16LE`,
    /// `windows-1252`, ...).
    pub encoding: &'static str,
}

/// Reads `path` (at most `max_size` bytes) into `buf`, in the encoding
/// detected.
pub fn read_document<'a>(
    path: &Path,
    max_size: u64,
    buf: &'a mut Vec<u8>,
) -> Result<Loaded<'a>, Skip> {
    read_document_as(path, max_size, Decoding::Auto, buf)
}

/// [`read_document`] decoding as `how` says.
pub fn read_document_as<'a>(
    path: &Path,
    max_size: u64,
    how: Decoding,
    buf: &'a mut Vec<u8>,
) -> Result<Loaded<'a>, Skip> {
    // NUL bytes are the business of `classify`, the one rule for a
    // document's bytes.
    let rules = ReadRules {
        max_size,
        regular_only: true,
        nul_is_binary: false,
    };
    read_bytes(path, rules, buf).map_err(|refused| match refused {
        Refused::Unreadable(e) => Skip {
            reason: SkipReason::Unreadable,
            detail: format!("cannot read: {e}"),
        },
        Refused::Directory | Refused::NotRegular => Skip {
            reason: SkipReason::Unreadable,
            detail: "not a regular file".into(),
        },
        Refused::TooLarge(size) => too_large(size, max_size),
        Refused::StreamTooLarge => too_large(max_size.saturating_add(1), max_size),
        Refused::Binary(offset) => binary(offset),
    })?;
    classify_as(buf, max_size, how)
}

/// Classifies the bytes of one document, in the encoding detected: over
/// `max_size`, binary (a NUL character once decoded), or text. The rule
/// for a file's bytes and for a document handed over in memory (`neardup
/// sign` reading a stream).
pub fn classify(buf: &[u8], max_size: u64) -> Result<Loaded<'_>, Skip> {
    classify_as(buf, max_size, Decoding::Auto)
}

/// [`classify`] decoding as `how` says.
pub fn classify_as(buf: &[u8], max_size: u64, how: Decoding) -> Result<Loaded<'_>, Skip> {
    if buf.len() as u64 > max_size {
        return Err(too_large(buf.len() as u64, max_size));
    }
    let decoded = decode(buf, how);
    // The fast path (valid UTF-8, borrowed) pays one byte search here, as
    // before decoding existed.
    let nul = if decoded.is_utf8() && decoded.malformed_at.is_none() {
        memchr_nul(&decoded.text)
    } else {
        decoded
            .text
            .find('\0')
            .map(|at| StoredOffsets::new(buf, &decoded).stored(at))
    };
    if let Some(offset) = nul {
        return Err(binary(offset));
    }
    Ok(Loaded {
        lossy_at: decoded.malformed_at,
        encoding: decoded.encoding.name(),
        text: decoded.text,
        bytes: buf.len() as u64,
    })
}

fn memchr_nul(text: &str) -> Option<usize> {
    text.bytes().position(|b| b == 0)
}

/// The skip of a document of `size` bytes over the `max_size` limit.
pub fn too_large(size: u64, max_size: u64) -> Skip {
    Skip {
        reason: SkipReason::TooLarge,
        detail: format!("{size} bytes, over the {max_size}-byte limit (raise it with --max-size)"),
    }
}

/// The skip of a binary document (a NUL byte at `offset`).
fn binary(offset: usize) -> Skip {
    Skip {
        reason: SkipReason::Binary,
        detail: format!("binary file (NUL byte at offset {offset})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_files() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f");
        let mut buf = Vec::new();
        assert_eq!(
            read_document(&p, 100, &mut buf).unwrap_err().reason,
            SkipReason::Unreadable
        );
        assert_eq!(
            read_document(d.path(), 100, &mut buf).unwrap_err().reason,
            SkipReason::Unreadable
        );
        std::fs::write(&p, b"ab\0c").unwrap();
        let e = read_document(&p, 100, &mut buf).unwrap_err();
        assert_eq!(e.reason, SkipReason::Binary);
        assert!(e.detail.contains("offset 2"), "{}", e.detail);
        std::fs::write(&p, b"0123456789").unwrap();
        let e = read_document(&p, 5, &mut buf).unwrap_err();
        assert_eq!(e.reason, SkipReason::TooLarge);
        assert!(e.detail.contains("--max-size"));
        std::fs::write(&p, b"caf\xe9 au lait").unwrap();
        let l = read_document(&p, 100, &mut buf).unwrap();
        assert_eq!((l.lossy_at, l.encoding), (None, "windows-1252"));
        assert_eq!(l.text, "café au lait");
        let utf8 = Decoding::Forced(encoding_rs::UTF_8);
        let l = read_document_as(&p, 100, utf8, &mut buf).unwrap();
        assert_eq!(l.lossy_at, Some(3));
        assert_eq!(l.text, "caf\u{FFFD} au lait");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("déjà vu".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        std::fs::write(&p, &utf16).unwrap();
        let l = read_document(&p, 100, &mut buf).unwrap();
        assert_eq!((l.text.as_ref(), l.encoding), ("déjà vu", "UTF-16LE"));
        let big: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&p, &big).unwrap();
        assert_eq!(
            read_document(&p, 1 << 20, &mut buf)
                .unwrap()
                .text
                .as_bytes(),
            &big[..]
        );
        assert_eq!(
            read_document(&p, 99_999, &mut buf).unwrap_err().reason,
            SkipReason::TooLarge
        );
        std::fs::write(&p, "déjà vu").unwrap();
        let l = read_document(&p, 100, &mut buf).unwrap();
        assert!(matches!(l.text, Cow::Borrowed("déjà vu")));
        assert_eq!(l.bytes, 9);
    }
}
