//! The library's error type: one variant per way a call can fail, each with
//! the message a user needs (the file, and the fix). The binary adds
//! context and maps every error to exit status 2 (`src/cli/shared.rs`,
//! the one place exit statuses are decided).

use std::path::PathBuf;

use crate::scan::walk::display_given;

/// Everything the library can fail with. New variants may come in any
/// release: match with a wildcard arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened or read.
    #[error("cannot read '{}': {error}", display_given(path))]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error (shown in the message, not chained as a
        /// source, so that `{:#}` prints it once).
        error: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write '{}': {error}", display_given(path))]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        error: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error(
        "'{}' is a directory; compare takes files (use `neardup scan {}` for folders)",
        display_given(path),
        display_given(path)
    )]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The file holds binary data (a NUL byte).
    #[error(
        "'{}' looks like a binary file (NUL byte at offset {offset}); neardup compares text",
        display_given(path)
    )]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file is not valid in the encoding it was forced to read in
    /// (`--encoding utf-8`).
    #[error(
        "'{}' is not valid UTF-8 (first bad byte at offset {offset}); leave --encoding at auto to detect the encoding, or name it (e.g. --encoding windows-1252)",
        display_given(path)
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The file is larger than the configured limit.
    #[error(
        "'{}' is {size} bytes, over the {limit}-byte limit; raise it with --max-size",
        display_given(path)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A pipe or device that went on past the limit; reading stopped there.
    #[error(
        "'{}' goes on past the {limit}-byte limit (a stream is read up to the limit and no further); raise it with --max-size",
        display_given(path)
    )]
    StreamTooLarge {
        /// The stream.
        path: PathBuf,
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
    /// A setting is out of range or unknown.
    #[error("{message}")]
    Setting {
        /// The setting, named as its command-line flag (`--threshold`).
        name: &'static str,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A folder or file given to scan cannot be opened.
    #[error("cannot scan '{}': {error}; check the path", display_given(path))]
    ScanRoot {
        /// The path given.
        path: PathBuf,
        /// Why it cannot be opened.
        error: std::io::Error,
    },
    /// A line of a data file (gold TSV, MRPC TSV) that does not parse.
    #[error("line {line}: expected {expected}")]
    BadLine {
        /// Its number, from 1.
        line: usize,
        /// What the line should hold.
        expected: &'static str,
    },
    /// A data file (a PAN pairs list or XML document) that does not parse.
    #[error("{}: {reason}", display_given(path))]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A PAN XML document that does not parse.
    #[error("{0}")]
    PanXml(String),
    /// A folder that is not laid out as a PAN corpus.
    #[error("'{}' {problem}", display_given(path))]
    PanLayout {
        /// The folder.
        path: PathBuf,
        /// What is missing (`has no src/ folder: ...`).
        problem: String,
    },
    /// A gold sentence that is not in its document.
    #[error("{pair}: gold sentence not in {side}: {sentence}")]
    GoldNotFound {
        /// The pair (its folder).
        pair: String,
        /// `original` or `rewrite`.
        side: &'static str,
        /// The sentence.
        sentence: String,
    },
    /// An index file cannot be used (not an index, a newer format, other
    /// settings, being written): the message names the file and the fix.
    #[error("{0}")]
    Index(String),
    /// A stream of records (`neardup sign`'s input, `neardup cluster`'s
    /// findings) is malformed; the message names the record.
    #[error("{0}")]
    Stream(String),
}

impl Error {
    /// A [`Error::Setting`] for the flag `name`.
    pub(crate) fn setting(name: &'static str, message: impl Into<String>) -> Self {
        Error::Setting {
            name,
            message: message.into(),
        }
    }
}
