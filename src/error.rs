//! The library's error type: one variant per way a call can fail, each with
//! the message a user needs (the file, and the fix). The binary adds
//! context and maps every error to exit status 2 (`src/cli/shared.rs`,
//! the one place exit statuses are decided).

use std::path::PathBuf;

use crate::paths::display_given;

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
    /// A PAN XML document that does not parse, or lacks what PAN's format
    /// requires (a `<document reference>`, a feature's offsets).
    #[error("{}line {line}, column {column}: {cause}", path.as_ref().map(|p| format!("'{}' ", display_given(p))).unwrap_or_default())]
    PanXml {
        /// The file, when the XML was read from one.
        path: Option<PathBuf>,
        /// The line of the problem, from 1.
        line: u32,
        /// Its column, from 1 (in characters).
        column: u32,
        /// What is wrong.
        cause: String,
    },
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
    /// A stream of records (`neardup sign`'s input or output, `neardup
    /// cluster`'s findings) is malformed or cannot be written; the message
    /// names the stream and the record.
    #[error("{stream}{at}: {cause}")]
    Stream {
        /// Which stream.
        stream: StreamKind,
        /// Where in it the problem is.
        at: StreamPosition,
        /// What is wrong.
        cause: String,
    },
}

/// A stream of records, as [`Error::Stream`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamKind {
    /// `neardup sign`'s input (JSON lines or Arrow IPC).
    Input,
    /// `neardup sign`'s output (Arrow IPC or Parquet).
    Output,
    /// `neardup cluster`'s findings (JSON lines).
    Findings,
}

impl std::fmt::Display for StreamKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StreamKind::Input => "input",
            StreamKind::Output => "output",
            StreamKind::Findings => "findings",
        })
    }
}

/// Where in a stream an [`Error::Stream`] is: lines and batches count
/// from 1, rows from 0 (as Arrow and Spark number them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamPosition {
    /// The stream as a whole (its schema, a record missing at its end).
    Whole,
    /// A line of a JSON-lines stream.
    Line(usize),
    /// An Arrow batch that could not be read, after the rows before it.
    Batch {
        /// The batch.
        batch: usize,
        /// The rows of the batches before it.
        after_row: usize,
    },
    /// A row of an Arrow batch.
    Row {
        /// The batch.
        batch: usize,
        /// The row in the batch, counting from 0.
        row: usize,
        /// The row in the stream, counting from 0.
        stream_row: usize,
    },
}

impl std::fmt::Display for StreamPosition {
    /// The position as it follows the stream's name (`input line 3`):
    /// empty for the whole stream.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            StreamPosition::Whole => Ok(()),
            StreamPosition::Line(n) => write!(f, " line {n}"),
            StreamPosition::Batch { batch, after_row } => {
                write!(f, " batch {batch} (after row {after_row})")
            }
            StreamPosition::Row {
                batch,
                row,
                stream_row,
            } => write!(
                f,
                " batch {batch}, row {row} (row {stream_row} of the stream, counting from 0)"
            ),
        }
    }
}

impl Error {
    /// An [`Error::Stream`] at `at` in `stream`.
    pub(crate) fn stream(stream: StreamKind, at: StreamPosition, cause: impl Into<String>) -> Self {
        Error::Stream {
            stream,
            at,
            cause: cause.into(),
        }
    }

    /// A [`Error::Setting`] for the flag `name`.
    pub(crate) fn setting(name: &'static str, message: impl Into<String>) -> Self {
        Error::Setting {
            name,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pan_xml_errors_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("suspicious-source.xml");
        let xml = "<document reference=\"s.txt\">\n  <feature name=\"plagiarism\" this_offset=\"5\"/>\n</document>\n";
        std::fs::write(&file, xml).unwrap();
        let e = crate::pan::read_gold(&file).unwrap_err();
        let Error::PanXml {
            path,
            line,
            column,
            cause,
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(
            (path.as_deref(), *line, *column, cause.as_str()),
            (Some(file.as_path()), 2, 3, "<feature> lacks this_length")
        );
        assert_eq!(
            e.to_string(),
            format!(
                "'{}' line 2, column 3: <feature> lacks this_length",
                display_given(&file)
            )
        );
        // A syntax error: the parser's position, not repeated in the cause.
        let e = crate::pan::read_xml("<document>\n  </feature>", "plagiarism").unwrap_err();
        assert!(
            matches!(
                &e,
                Error::PanXml {
                    path: None,
                    line: 2,
                    column: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "line 2, column 3: expected 'document' tag, not 'feature'"
        );
        // A missing file is a pair without cases.
        assert!(
            crate::pan::read_gold(&dir.path().join("none.xml"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn stream_errors_name_the_stream_and_the_record() {
        use crate::scan::findings::Findings;
        let e = Findings::read_jsonl(&b"{\"lossy\": \"d/b\"}\n{\"edge\": 3}\n"[..]).unwrap_err();
        let Error::Stream { stream, at, cause } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            (*stream, *at),
            (StreamKind::Findings, StreamPosition::Line(2))
        );
        assert!(e.to_string().starts_with("findings line 2: "), "{e}");
        assert!(e.to_string().ends_with(cause.as_str()));
        let e = Findings::read_jsonl(&b""[..]).unwrap_err();
        assert_eq!(e.to_string(), "findings: no {\"counts\": ...} line");
        let row = Error::stream(
            StreamKind::Input,
            StreamPosition::Row {
                batch: 3,
                row: 1,
                stream_row: 9,
            },
            "the id is null",
        );
        assert_eq!(
            row.to_string(),
            "input batch 3, row 1 (row 9 of the stream, counting from 0): the id is null"
        );
        let batch = StreamPosition::Batch {
            batch: 2,
            after_row: 4,
        };
        let e = Error::stream(StreamKind::Input, batch, "malformed");
        assert_eq!(e.to_string(), "input batch 2 (after row 4): malformed");
    }
}
