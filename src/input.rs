//! Reading input files as text, with the checks a user needs: a directory,
//! a binary file, invalid UTF-8 or an oversized file is a clear error that
//! names the file. A UTF-8 byte-order mark is kept (offsets stay file
//! offsets) and skipped by the passage splitter.

use std::fs;
use std::path::Path;

use crate::error::Error;

/// Default size limit for one input file: 1 GiB.
pub const DEFAULT_MAX_SIZE: u64 = 1 << 30;

/// Reads `path` as UTF-8 text no larger than `max_size` bytes.
pub fn read_text(path: &Path, max_size: u64) -> Result<String, Error> {
    let read_err = |error| Error::Read {
        path: path.to_path_buf(),
        error,
    };
    let meta = fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > max_size {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: max_size,
        });
    }
    let bytes = fs::read(path).map_err(read_err)?;
    decode(path, bytes)
}

/// Reads `path` as UTF-8 without the binary check: for corpora whose
/// texts may hold stray NUL bytes (PAN's do) and whose offsets must count
/// them.
pub fn read_utf8(path: &Path) -> Result<String, Error> {
    let bytes = fs::read(path).map_err(|error| Error::Read {
        path: path.to_path_buf(),
        error,
    })?;
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Checks `bytes` read from `path` are text and decodes them.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches!(
            read_text(&p, 100),
            Err(Error::NotUtf8 { offset: 3, .. })
        ));
        fs::write(&p, b"0123456789").unwrap();
        assert!(matches!(
            read_text(&p, 5),
            Err(Error::TooLarge { size: 10, .. })
        ));
        assert_eq!(read_text(&p, 100).unwrap(), "0123456789");
    }
}
