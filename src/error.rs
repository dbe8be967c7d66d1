//! The library's error type. The binary adds context and maps each variant
//! to a documented exit code.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read.
    #[error("cannot read '{}': {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error (shown in the message, not chained as a
        /// source, so that `{:#}` prints it once).
        error: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write '{}': {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        error: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("'{}' is a directory; compare takes files (use `neardup scan {}` for folders)", path.display(), path.display())]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The file holds binary data (a NUL byte).
    #[error("'{}' looks like a binary file (NUL byte at offset {offset}); neardup compares text", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file is not valid UTF-8.
    #[error("'{}' is not valid UTF-8 (first bad byte at offset {offset}); convert it first, e.g. `iconv -f latin1 -t utf-8`", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The file is larger than the configured limit.
    #[error("'{}' is {size} bytes, over the {limit}-byte limit; raise it with --max-size", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// `--lang` names a language we cannot analyse.
    #[error("unknown language '{name}'; use one of: {known}")]
    UnknownLanguage {
        /// What the user asked for.
        name: String,
        /// The accepted codes.
        known: String,
    },
    /// `--shingle` could not be parsed.
    #[error("invalid shingle spec '{spec}': {reason} (examples: word:1, word:1-2, word:5, char:5)")]
    ShingleSpec {
        /// What the user gave.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A setting is out of range.
    #[error("{0}")]
    Config(String),
    /// A stream of records (`neardup sign`'s input, `neardup cluster`'s
    /// findings) is malformed; the message names the record.
    #[error("{0}")]
    Stream(String),
}
