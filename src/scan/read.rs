//! The document reader: one file into a reusable buffer, classified.
//!
//! A file over the size limit, one holding a NUL byte (binary) or one that
//! cannot be opened is a [`Skip`] with a one-line reason; invalid UTF-8 is
//! decoded lossily (U+FFFD) and flagged, so the caller can warn and still
//! scan it. The buffer is the caller's and is reused across files, so a scan
//! allocates per thread, not per file, and never holds more than one text
//! per thread.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::result::SkipReason;

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
    /// Invalid UTF-8 was replaced; the offset of the first bad byte.
    pub lossy_at: Option<usize>,
}

/// Reads `path` (at most `max_size` bytes) into `buf`.
pub fn read_document<'a>(
    path: &Path,
    max_size: u64,
    buf: &'a mut Vec<u8>,
) -> Result<Loaded<'a>, Skip> {
    let unreadable = |e: std::io::Error| Skip {
        reason: SkipReason::Unreadable,
        detail: format!("cannot read: {e}"),
    };
    let mut file = File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Skip {
            reason: SkipReason::Unreadable,
            detail: "not a regular file".into(),
        });
    }
    if meta.len() > max_size {
        return Err(too_large(meta.len(), max_size));
    }
    fill(&mut file, meta.len(), max_size, buf).map_err(unreadable)?;
    classify(buf, max_size)
}

/// Classifies the bytes of one document: over `max_size`, holding a NUL
/// byte (binary), or text, decoded lossily when it is not UTF-8. The rule
/// for a file's bytes and for a document handed over in memory (`neardup
/// sign` reading a stream).
pub fn classify(buf: &[u8], max_size: u64) -> Result<Loaded<'_>, Skip> {
    if buf.len() as u64 > max_size {
        return Err(too_large(buf.len() as u64, max_size));
    }
    if let Some(offset) = buf.iter().position(|&b| b == 0) {
        return Err(Skip {
            reason: SkipReason::Binary,
            detail: format!("binary file (NUL byte at offset {offset})"),
        });
    }
    let bytes = buf.len() as u64;
    match std::str::from_utf8(buf) {
        Ok(text) => Ok(Loaded {
            text: Cow::Borrowed(text),
            bytes,
            lossy_at: None,
        }),
        Err(e) => Ok(Loaded {
            lossy_at: Some(e.valid_up_to()),
            text: Cow::Owned(String::from_utf8_lossy(buf).into_owned()),
            bytes,
        }),
    }
}

/// The skip of a document of `size` bytes over the `max_size` limit.
pub fn too_large(size: u64, max_size: u64) -> Skip {
    Skip {
        reason: SkipReason::TooLarge,
        detail: format!("{size} bytes, over the {max_size}-byte limit (raise it with --max-size)"),
    }
}

/// Reads the whole file into `buf`, but at most `max_size + 1` bytes. The
/// size from `fstat` sizes the buffer, so a file is usually read with one
/// `read` (`read_to_end` would also `fstat` and `lseek` again, and read
/// once more to meet the end); a file whose size is unknown, or changes
/// while it is read, is read until `read` returns 0.
fn fill(file: &mut File, size_hint: u64, max_size: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let limit = max_size.saturating_add(1);
    let want = size_hint.saturating_add(1).min(limit) as usize;
    buf.clear();
    buf.resize(want.max(1), 0);
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            if filled as u64 >= limit {
                break;
            }
            let grow = (buf.len() as u64).min(limit - filled as u64).max(4096) as usize;
            buf.resize(filled + grow, 0);
        }
        let asked = buf.len() - filled;
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(k) => {
                filled += k;
                // A regular file returns less than asked only at its end:
                // when that end is where `fstat` put it, skip the read that
                // would return 0 (one system call in four per file).
                if k < asked && size_hint > 0 && filled as u64 == size_hint {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled.min(limit as usize));
    Ok(())
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
        assert_eq!(l.lossy_at, Some(3));
        assert_eq!(l.text, "caf\u{FFFD} au lait");
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
        // A file whose size is not known in advance (size hint 0).
        let mut f = File::open(&p).unwrap();
        fill(&mut f, 0, 1 << 20, &mut buf).unwrap();
        assert_eq!(buf, big);
        let mut f = File::open(&p).unwrap();
        fill(&mut f, 0, 5000, &mut buf).unwrap();
        assert_eq!(buf.len(), 5001, "one byte past the limit, to notice it");
        std::fs::write(&p, "déjà vu").unwrap();
        let l = read_document(&p, 100, &mut buf).unwrap();
        assert!(matches!(l.text, Cow::Borrowed("déjà vu")));
        assert_eq!(l.bytes, 9);
    }
}
