//! The one file reader of the library: every text the library reads from
//! disk (compare's inputs, the scan's documents, PAN corpora) goes through
//! `read_bytes`, which never holds more than the size limit plus one
//! byte, whatever the file claims or does while it is read. Callers turn
//! what it refuses into their own outcome: `compare` into a clear error
//! ([`read_file`]: a directory, a binary file or an oversized file names
//! the file), the scan into a skipped file and a warning. Bytes become text
//! in [`crate::decode`] (byte-order marks, UTF-16, legacy encodings), on top
//! of the capped read; a NUL character after decoding means binary. A UTF-8
//! byte-order mark is kept (offsets stay file offsets) and skipped by the
//! passage splitter.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::decode::{Decoding, StoredOffsets, decode};
use crate::error::Error;

/// Default size limit for one input file: 1 GiB.
pub const DEFAULT_MAX_SIZE: u64 = 1 << 30;

/// Why [`read_bytes`] read nothing.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The file could not be opened or read.
    Unreadable(std::io::Error),
    /// A directory.
    Directory,
    /// Neither a regular file nor a directory (a pipe, a device), when
    /// only regular files are wanted.
    NotRegular,
    /// Over the limit: the size `fstat` gave, or the bytes read when the
    /// file grew past the limit while it was read.
    TooLarge(u64),
    /// A pipe or device that went on past the limit: reading stopped
    /// there (one byte past it).
    StreamTooLarge,
    /// A NUL byte at this offset, when NUL means binary.
    Binary(usize),
}

/// What [`read_bytes`] accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadRules {
    /// Largest file read, in bytes.
    pub max_size: u64,
    /// Refuse pipes and devices (a corpus walk); `compare` reads them
    /// (`neardup compare <(curl ...) b.txt`).
    pub regular_only: bool,
    /// A NUL byte makes the file binary (PAN's texts hold stray NULs whose
    /// offsets must count, so PAN turns this off; the scan checks NULs
    /// itself, in the one rule for a document's bytes). Reading stops at
    /// the first block that holds one, so a binary stream (`/dev/zero`,
    /// `/dev/urandom`) costs one block, not the size limit.
    pub nul_is_binary: bool,
}

/// Reads the file at `path` into `buf` (cleared first) under `rules`.
pub(crate) fn read_bytes(path: &Path, rules: ReadRules, buf: &mut Vec<u8>) -> Result<(), Refused> {
    buf.clear();
    let mut file = File::open(path).map_err(Refused::Unreadable)?;
    let meta = file.metadata().map_err(Refused::Unreadable)?;
    if meta.is_dir() {
        return Err(Refused::Directory);
    }
    if rules.regular_only && !meta.is_file() {
        return Err(Refused::NotRegular);
    }
    if meta.len() > rules.max_size {
        return Err(Refused::TooLarge(meta.len()));
    }
    let nul = fill(&mut file, meta.len(), rules, buf).map_err(Refused::Unreadable)?;
    if let Some(offset) = nul {
        return Err(Refused::Binary(offset));
    }
    if buf.len() as u64 > rules.max_size {
        return Err(if meta.is_file() {
            Refused::TooLarge(buf.len() as u64)
        } else {
            Refused::StreamTooLarge
        });
    }
    Ok(())
}

/// A text file as read: its text, the encoding it was decoded from, and
/// the map from offsets in the text to offsets in the file.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// The text (a UTF-8 byte-order mark is kept).
    pub text: String,
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Text offsets → offsets in the file as stored (the identity for
    /// UTF-8).
    pub offsets: StoredOffsets,
}

/// Reads `path` as text no larger than `max_size` bytes, decoded as `how`
/// says (the encoding detected with [`Decoding::Auto`]).
pub fn read_file(path: &Path, max_size: u64, how: Decoding) -> Result<TextFile, Error> {
    // A binary stream stops at its first NUL block, unless the file starts
    // like UTF-16 (see `fill`) or is read as UTF-16: there NUL bytes are
    // text, and binary means a NUL character once decoded.
    let utf16 = matches!(how, Decoding::Forced(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    let rules = ReadRules {
        max_size,
        regular_only: false,
        nul_is_binary: !utf16,
    };
    let bytes = read_checked(path, rules)?;
    let decoded = decode(&bytes, how);
    if let Some(offset) = decoded.nul_at(&bytes) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    if let (Some(offset), Decoding::Forced(e)) = (decoded.malformed_at, how) {
        if e == encoding_rs::UTF_8 {
            return Err(Error::NotUtf8 {
                path: path.to_path_buf(),
                offset,
            });
        }
    }
    let offsets = StoredOffsets::new(&bytes, &decoded);
    let encoding = decoded.encoding.name();
    let text = match decoded.text {
        std::borrow::Cow::Borrowed(_) => {
            drop(decoded);
            // Valid UTF-8: the bytes are the text, no copy.
            String::from_utf8(bytes).expect("validated by decode")
        }
        std::borrow::Cow::Owned(t) => t,
    };
    Ok(TextFile {
        text,
        encoding,
        offsets,
    })
}

/// Reads `path` as text no larger than `max_size` bytes, in the encoding
/// detected ([`read_file`] with [`Decoding::Auto`]).
pub fn read_text(path: &Path, max_size: u64) -> Result<String, Error> {
    read_file(path, max_size, Decoding::Auto).map(|f| f.text)
}

/// Reads `path` as UTF-8 without the binary check (at most
/// [`DEFAULT_MAX_SIZE`] bytes): for corpora whose texts may hold stray NUL
/// bytes (PAN's do) and whose offsets must count them.
pub fn read_utf8(path: &Path) -> Result<String, Error> {
    let rules = ReadRules {
        max_size: DEFAULT_MAX_SIZE,
        regular_only: false,
        nul_is_binary: false,
    };
    read_string(path, rules)
}

/// Reads the bytes of `path`, at most `max_size` of them (for files that
/// are not text: neardup's own outputs, checked before they are replaced).
pub fn read_bytes_limited(path: &Path, max_size: u64) -> Result<Vec<u8>, Error> {
    let rules = ReadRules {
        max_size,
        regular_only: true,
        nul_is_binary: false,
    };
    read_checked(path, rules)
}

/// Whether `error` says the file does not exist (an optional file, such
/// as a PAN pair's gold XML, may be missing; any other failure is one).
pub fn is_not_found(error: &Error) -> bool {
    matches!(error, Error::Read { error, .. } if error.kind() == std::io::ErrorKind::NotFound)
}

fn read_string(path: &Path, rules: ReadRules) -> Result<String, Error> {
    let bytes = read_checked(path, rules)?;
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

fn read_checked(path: &Path, rules: ReadRules) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let path_buf = || path.to_path_buf();
    read_bytes(path, rules, &mut bytes).map_err(|refused| match refused {
        Refused::Unreadable(error) => Error::Read {
            path: path_buf(),
            error,
        },
        Refused::Directory | Refused::NotRegular => Error::IsDirectory { path: path_buf() },
        Refused::TooLarge(size) => Error::TooLarge {
            path: path_buf(),
            size,
            limit: rules.max_size,
        },
        Refused::StreamTooLarge => Error::StreamTooLarge {
            path: path_buf(),
            limit: rules.max_size,
        },
        Refused::Binary(offset) => Error::Binary {
            path: path_buf(),
            offset,
        },
    })?;
    Ok(bytes)
}

/// Reads the whole file into `buf`, but at most `max_size + 1` bytes. The
/// size from `fstat` sizes the buffer, so a file is usually read with one
/// `read` (`read_to_end` would also `fstat` and `lseek` again, and read
/// once more to meet the end); a file whose size is unknown, or changes
/// while it is read, is read until `read` returns 0. With
/// `rules.nul_is_binary`, each block is searched for a NUL byte as it
/// arrives and reading stops at the first one: its offset is returned —
/// unless the first block looks like UTF-16 (a byte-order mark, or the
/// pattern [`crate::decode`] recognises), whose NUL bytes are text.
fn fill(
    file: &mut File,
    size_hint: u64,
    rules: ReadRules,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<usize>> {
    let limit = rules.max_size.saturating_add(1);
    let want = size_hint.saturating_add(1).min(limit) as usize;
    buf.clear();
    buf.resize(want.max(1), 0);
    let mut filled = 0;
    let mut nul_stops = rules.nul_is_binary;
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
                if nul_stops && filled == 0 && crate::decode::may_be_utf16(&buf[..k]) {
                    nul_stops = false;
                }
                if nul_stops {
                    if let Some(at) = buf[filled..filled + k].iter().position(|&b| b == 0) {
                        buf.truncate(filled + k);
                        return Ok(Some(filled + at));
                    }
                }
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
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn classifies_bad_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        assert!(matches!(read_text(&p, 100), Err(Error::Read { .. })));
        assert!(matches!(
            read_text(dir.path(), 100),
            Err(Error::IsDirectory { .. })
        ));
        fs::write(&p, b"ab\0cd").unwrap();
        assert!(matches!(
            read_text(&p, 100),
            Err(Error::Binary { offset: 2, .. })
        ));
        fs::write(&p, b"caf\xe9").unwrap();
        assert_eq!(
            read_text(&p, 100).unwrap(),
            "café",
            "legacy text is decoded"
        );
        let utf8 = Decoding::Forced(encoding_rs::UTF_8);
        assert!(matches!(
            read_file(&p, 100, utf8),
            Err(Error::NotUtf8 { offset: 3, .. })
        ));
        fs::write(&p, b"\xff\xfea\0\0\0").unwrap();
        assert!(
            matches!(read_text(&p, 100), Err(Error::Binary { offset: 4, .. })),
            "a NUL character in UTF-16 text, at its file offset"
        );
        fs::write(&p, b"0123456789").unwrap();
        assert!(matches!(
            read_text(&p, 5),
            Err(Error::TooLarge { size: 10, .. })
        ));
        assert_eq!(read_text(&p, 100).unwrap(), "0123456789");
        fs::write(&p, b"a\0b").unwrap();
        assert_eq!(read_utf8(&p).unwrap(), "a\0b", "PAN texts keep their NULs");
    }

    #[test]
    fn reads_at_most_one_byte_past_the_limit() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f");
        let big: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        fs::write(&p, &big).unwrap();
        let mut buf = Vec::new();
        // A file whose size is not known in advance (size hint 0).
        let rules = |max_size| ReadRules {
            max_size,
            regular_only: false,
            nul_is_binary: true,
        };
        let mut f = File::open(&p).unwrap();
        assert_eq!(fill(&mut f, 0, rules(1 << 20), &mut buf).unwrap(), None);
        assert_eq!(buf, big);
        let mut f = File::open(&p).unwrap();
        fill(&mut f, 0, rules(5000), &mut buf).unwrap();
        assert_eq!(buf.len(), 5001, "one byte past the limit, to notice it");
    }

    #[cfg(unix)]
    #[test]
    fn binary_stream_stops_at_its_first_block() {
        // /dev/zero never ends: without the per-block NUL check this read
        // would fill the whole (huge) limit before saying "binary".
        let rules = ReadRules {
            max_size: u64::MAX / 2,
            regular_only: false,
            nul_is_binary: true,
        };
        let mut buf = Vec::new();
        let refused = read_bytes(Path::new("/dev/zero"), rules, &mut buf).unwrap_err();
        assert!(matches!(refused, Refused::Binary(0)), "{refused:?}");
        assert!(buf.len() <= 1 << 16, "read {} bytes", buf.len());
    }

    #[cfg(unix)]
    #[test]
    fn endless_text_stream_stops_one_byte_past_the_limit() {
        let rules = ReadRules {
            max_size: 10_000,
            regular_only: false,
            nul_is_binary: true,
        };
        let mut child = std::process::Command::new("yes")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&stdout));
        let mut buf = Vec::new();
        let refused = read_bytes(Path::new(&path), rules, &mut buf);
        drop(stdout);
        child.kill().ok();
        child.wait().ok();
        assert!(
            matches!(refused, Err(Refused::StreamTooLarge)),
            "{refused:?}"
        );
        assert_eq!(buf.len(), 10_001);
        let e = read_text(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
    }
}
