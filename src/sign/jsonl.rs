//! JSON lines: signature records out (one object per document, the
//! fields of [`Record`], hashes as `int64`), and documents in
//! (`{"id": ..., "text": ...}` per line, field names configurable).

use std::borrow::Cow;
use std::io::{BufRead, Write};

use serde::Serialize;

use super::{Body, Input, Record, RecordSink};
use crate::error::{Error, StreamKind, StreamPosition};
use crate::scan::SkipReason;

/// Writes one JSON object per record.
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    /// Records to `out`.
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }
}

/// A record as written: hashes as `int64` with the same bits.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    n: u32,
    words: u32,
    bytes: u64,
    content: i64,
    sig: &'a [u32],
    bands: Vec<i64>,
    skip: Option<SkipReason>,
    detail: Option<&'a str>,
    lossy: bool,
    encoding: Option<&'a str>,
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sh: Option<Vec<i64>>,
}

impl<W: Write> RecordSink for JsonlSink<W> {
    fn write(&mut self, records: &[Record]) -> Result<(), Error> {
        let mut buf = Vec::with_capacity(records.len() * 1024);
        for r in records {
            let line = Line {
                id: &r.id,
                n: r.n,
                words: r.words,
                bytes: r.bytes,
                content: r.content as i64,
                sig: &r.sig,
                bands: r.bands.iter().map(|&b| b as i64).collect(),
                skip: r.skip,
                detail: r.detail.as_deref(),
                lossy: r.lossy,
                encoding: r.encoding,
                language: r.language,
                sh: r.sh.as_ref().map(|s| s.iter().map(|&h| h as i64).collect()),
            };
            serde_json::to_writer(&mut buf, &line).expect("records always serialise");
            buf.push(b'\n');
        }
        self.out.write_all(&buf).map_err(write_error)
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.out.flush().map_err(write_error)
    }
}

fn write_error(e: std::io::Error) -> Error {
    Error::Write {
        path: "standard output".into(),
        error: e,
    }
}

/// Reads documents from JSON lines, a batch at a time.
pub struct JsonlDocs<R: BufRead> {
    input: R,
    id_field: String,
    text_field: String,
    max_line: u64,
    line: usize,
}

impl<R: BufRead> JsonlDocs<R> {
    /// Documents from `input`, whose lines hold `id_field` (a string or a
    /// whole number) and `text_field` (a string, or null for a document
    /// without text). A line longer than `max_line` bytes is an error (it
    /// would be read whole to find its id).
    pub fn new(input: R, id_field: &str, text_field: &str, max_line: u64) -> Self {
        JsonlDocs {
            input,
            id_field: id_field.to_string(),
            text_field: text_field.to_string(),
            max_line,
            line: 0,
        }
    }

    /// The next `rows` documents (fewer at the end; empty when done).
    pub fn next_batch(&mut self, rows: usize) -> Result<Vec<Input<'static>>, Error> {
        let mut out = Vec::with_capacity(rows);
        let mut buf = Vec::new();
        while out.len() < rows {
            buf.clear();
            let limit = self.max_line.saturating_add(2);
            let n = std::io::Read::take(&mut self.input, limit)
                .read_until(b'\n', &mut buf)
                .map_err(|e| self.bad(format!("cannot read: {e}")))?;
            if n == 0 {
                break;
            }
            self.line += 1;
            if n as u64 >= limit && buf.last() != Some(&b'\n') {
                return Err(self.bad(format!(
                    "longer than {} bytes (raise --max-size)",
                    self.max_line
                )));
            }
            let text = std::str::from_utf8(&buf)
                .map_err(|e| self.bad(format!("not UTF-8: {e}")))?
                .trim();
            if text.is_empty() {
                continue;
            }
            out.push(self.parse(text)?);
        }
        Ok(out)
    }

    fn parse(&self, line: &str) -> Result<Input<'static>, Error> {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| self.bad(e.to_string()))?;
        let obj = value
            .as_object()
            .ok_or_else(|| self.bad("not a JSON object".into()))?;
        let id = match obj.get(&self.id_field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            _ => {
                return Err(self.bad(format!(
                    "no \"{}\" string (the id; set its name with --id-field)",
                    self.id_field
                )));
            }
        };
        let body = match obj.get(&self.text_field) {
            Some(serde_json::Value::String(s)) => Body::Bytes(Cow::Owned(s.clone().into_bytes())),
            Some(serde_json::Value::Null) => Body::Missing { length: None },
            _ => {
                return Err(self.bad(format!(
                    "no \"{}\" string (the text; set its name with --text-field)",
                    self.text_field
                )));
            }
        };
        Ok(Input {
            id: Cow::Owned(id),
            body,
        })
    }

    fn bad(&self, what: String) -> Error {
        Error::stream(StreamKind::Input, StreamPosition::Line(self.line), what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_read_in_batches_and_errors_name_the_line() {
        let text = "{\"id\": \"a\", \"text\": \"x y\"}\n\n{\"id\": 7, \"text\": null}\n{\"id\": \"c\", \"text\": \"z\"}";
        let mut docs = JsonlDocs::new(text.as_bytes(), "id", "text", 1000);
        let first = docs.next_batch(2).unwrap();
        assert_eq!(first[0].id, "a");
        assert_eq!(first[0].body, Body::Bytes(Cow::Borrowed(b"x y")));
        assert_eq!(first[1].id, "7");
        assert_eq!(first[1].body, Body::Missing { length: None });
        assert_eq!(docs.next_batch(2).unwrap().len(), 1);
        assert!(docs.next_batch(2).unwrap().is_empty());

        let bad = "{\"id\": \"a\", \"text\": \"x\"}\n{\"name\": \"b\", \"text\": \"y\"}\n";
        let e = JsonlDocs::new(bad.as_bytes(), "id", "text", 1000)
            .next_batch(10)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("--id-field"), "{e}");
        let long = format!("{{\"id\": \"a\", \"text\": \"{}\"}}\n", "x".repeat(100));
        let e = JsonlDocs::new(long.as_bytes(), "id", "text", 50)
            .next_batch(10)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1") && e.contains("--max-size"), "{e}");
    }
}
