//! Arrow: signature records as an Arrow IPC stream or Parquet files, and
//! documents from an Arrow IPC stream — the Spark job's data path
//! (`mapInArrow` hands a partition over as a stream of record batches).
//!
//! The schema ([`schema`]) uses only types Spark reads back from Arrow:
//! `int64`, not `uint64`, and `list`, not `fixed_size_list`. Its metadata
//! holds the [`SignatureParams`] under [`METADATA_KEY`], in the IPC stream
//! and in each Parquet file (which also stores it as a key of its own).
//! Input columns are found by name, other columns are ignored: the id
//! (`utf8`, `large_utf8`, `utf8_view` or an integer), the text (the same
//! string types or `binary`, `large_binary`, `binary_view`, decoded as the
//! scan decodes a file), and an optional `length` (`int64`): with a null
//! text, a document over the size limit (Spark lists a big file without
//! reading it). Each input batch gives one output batch, rows in order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_ipc::reader::StreamReader;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::params::{METADATA_KEY, SignatureParams};
use super::{Body, Input, Record, RecordSink};
use crate::error::{Error, StreamKind, StreamPosition};

/// The output schema: `id`, `n`, `words`, `bytes`, `content`, `sig`,
/// `bands`, `skip`, `detail`, `lossy`, `encoding`, `language`, and `sh`
/// when shingle sets are
/// written; the signature params in the metadata.
pub fn schema(params: &SignatureParams, shingles: bool) -> SchemaRef {
    let list = || DataType::List(Arc::new(Field::new_list_field(DataType::Int64, true)));
    let mut fields = vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("n", DataType::Int32, false),
        Field::new("words", DataType::Int32, false),
        Field::new("bytes", DataType::Int64, false),
        Field::new("content", DataType::Int64, false),
        Field::new("sig", list(), false),
        Field::new("bands", list(), false),
        Field::new("skip", DataType::Utf8, true),
        Field::new("detail", DataType::Utf8, true),
        Field::new("lossy", DataType::Boolean, false),
        Field::new("encoding", DataType::Utf8, true),
        Field::new("language", DataType::Utf8, true),
    ];
    if shingles {
        fields.push(Field::new("sh", list(), true));
    }
    let metadata = HashMap::from([(METADATA_KEY.to_string(), params.to_json())]);
    Arc::new(Schema::new_with_metadata(fields, metadata))
}

/// The records as one batch of `schema`.
pub fn to_batch(records: &[Record], schema: &SchemaRef) -> Result<RecordBatch, Error> {
    let rows = records.len();
    let mut id = StringBuilder::with_capacity(rows, rows * 32);
    let mut n = Int32Builder::with_capacity(rows);
    let mut words = Int32Builder::with_capacity(rows);
    let mut bytes = Int64Builder::with_capacity(rows);
    let mut content = Int64Builder::with_capacity(rows);
    let mut sig = ListBuilder::new(Int64Builder::new());
    let mut bands = ListBuilder::new(Int64Builder::new());
    let mut skip = StringBuilder::new();
    let mut detail = StringBuilder::new();
    let mut lossy = BooleanBuilder::with_capacity(rows);
    let mut encoding = StringBuilder::new();
    let mut language = StringBuilder::new();
    let mut sh = ListBuilder::new(Int64Builder::new());
    let clamp = |x: u32| x.min(i32::MAX as u32) as i32;
    for r in records {
        id.append_value(&r.id);
        n.append_value(clamp(r.n));
        words.append_value(clamp(r.words));
        bytes.append_value(r.bytes.min(i64::MAX as u64) as i64);
        content.append_value(r.content as i64);
        for &m in &r.sig {
            sig.values().append_value(m as i64);
        }
        sig.append(true);
        for &b in &r.bands {
            bands.values().append_value(b as i64);
        }
        bands.append(true);
        skip.append_option(r.skip.map(|s| s.name()));
        detail.append_option(r.detail.as_deref());
        lossy.append_value(r.lossy);
        encoding.append_option(r.encoding);
        language.append_option(r.language);
        match &r.sh {
            Some(set) => {
                for &h in set {
                    sh.values().append_value(h as i64);
                }
                sh.append(true);
            }
            None => sh.append(false),
        }
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(n.finish()),
        Arc::new(words.finish()),
        Arc::new(bytes.finish()),
        Arc::new(content.finish()),
        Arc::new(sig.finish()),
        Arc::new(bands.finish()),
        Arc::new(skip.finish()),
        Arc::new(detail.finish()),
        Arc::new(lossy.finish()),
        Arc::new(encoding.finish()),
        Arc::new(language.finish()),
    ];
    if schema.fields().len() > columns.len() {
        columns.push(Arc::new(sh.finish()));
    }
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| {
        Error::stream(
            StreamKind::Output,
            StreamPosition::Whole,
            format!("cannot build an Arrow batch: {e}"),
        )
    })
}

/// Writes records as an Arrow IPC stream.
pub struct IpcSink<W: Write> {
    writer: StreamWriter<W>,
    schema: SchemaRef,
}

impl<W: Write> IpcSink<W> {
    /// A stream of `schema` on `out` (the schema is written at once, so an
    /// empty input still gives a valid stream).
    pub fn new(out: W, schema: SchemaRef) -> Result<Self, Error> {
        let writer = StreamWriter::try_new(out, &schema).map_err(arrow_write)?;
        Ok(IpcSink { writer, schema })
    }
}

impl<W: Write> RecordSink for IpcSink<W> {
    fn write(&mut self, records: &[Record]) -> Result<(), Error> {
        let batch = to_batch(records, &self.schema)?;
        self.writer.write(&batch).map_err(arrow_write)?;
        // Each batch goes out at once: the reader may be waiting for it.
        self.writer.flush().map_err(arrow_write)
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.writer.finish().map_err(arrow_write)
    }
}

fn arrow_write(e: arrow_schema::ArrowError) -> Error {
    match e {
        arrow_schema::ArrowError::IoError(_, error) => Error::Write {
            path: "standard output".into(),
            error,
        },
        e => Error::stream(
            StreamKind::Output,
            StreamPosition::Whole,
            format!("cannot write the Arrow stream: {e}"),
        ),
    }
}

/// Writes records as Parquet files `part-00000.parquet`, ... in a folder.
pub struct ParquetSink {
    dir: PathBuf,
    schema: SchemaRef,
    props: WriterProperties,
    writer: Option<(PathBuf, ArrowWriter<File>)>,
    rows_in_file: usize,
    files: usize,
}

/// Rows per Parquet file (a new file is started past it).
pub const PARQUET_FILE_ROWS: usize = 1 << 18;

impl ParquetSink {
    /// Files of `schema` in `dir`, which must not exist or be empty: no
    /// file neardup did not write is ever overwritten.
    pub fn new(dir: &Path, schema: SchemaRef) -> Result<Self, Error> {
        let write_err = |error| Error::Write {
            path: dir.to_path_buf(),
            error,
        };
        match std::fs::read_dir(dir) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(Error::setting(
                        "--out",
                        format!(
                            "the --out folder '{}' is not empty; give a new or empty folder",
                            dir.display()
                        ),
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(write_err)?;
            }
            Err(e) => return Err(write_err(e)),
        }
        let params = schema.metadata().get(METADATA_KEY).cloned();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(1 << 16))
            .set_key_value_metadata(Some(vec![KeyValue::new(METADATA_KEY.to_string(), params)]))
            .build();
        Ok(ParquetSink {
            dir: dir.to_path_buf(),
            schema,
            props,
            writer: None,
            rows_in_file: 0,
            files: 0,
        })
    }

    fn open(&mut self) -> Result<(), Error> {
        let path = self.dir.join(format!("part-{:05}.parquet", self.files));
        let file = File::create_new(&path).map_err(|error| Error::Write {
            path: path.clone(),
            error,
        })?;
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
            .map_err(|e| parquet_write(&path, e))?;
        self.writer = Some((path, writer));
        self.files += 1;
        self.rows_in_file = 0;
        Ok(())
    }

    fn close(&mut self) -> Result<(), Error> {
        if let Some((path, writer)) = self.writer.take() {
            writer.close().map_err(|e| parquet_write(&path, e))?;
        }
        Ok(())
    }
}

fn parquet_write(path: &Path, e: parquet::errors::ParquetError) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        error: std::io::Error::other(e.to_string()),
    }
}

impl RecordSink for ParquetSink {
    fn write(&mut self, records: &[Record]) -> Result<(), Error> {
        if self.writer.is_none() || self.rows_in_file >= PARQUET_FILE_ROWS {
            self.close()?;
            self.open()?;
        }
        let batch = to_batch(records, &self.schema)?;
        if let Some((path, writer)) = &mut self.writer {
            writer.write(&batch).map_err(|e| parquet_write(path, e))?;
        }
        self.rows_in_file += records.len();
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        // An empty input still gives one file, with the schema.
        if self.files == 0 {
            self.open()?;
        }
        self.close()
    }
}

/// Reads documents from an Arrow IPC stream, one batch at a time.
pub struct IpcDocs<R: Read> {
    reader: StreamReader<R>,
    id_field: String,
    text_field: String,
    batch: usize,
    rows: usize,
}

impl<R: Read> IpcDocs<R> {
    /// Documents from the stream on `input`, whose columns `id_field` and
    /// `text_field` hold the ids and texts. Fails when the stream has no
    /// valid schema or lacks a column.
    pub fn new(input: R, id_field: &str, text_field: &str) -> Result<Self, Error> {
        let reader = StreamReader::try_new(input, None).map_err(|e| {
            Error::stream(
                StreamKind::Input,
                StreamPosition::Whole,
                format!("not an Arrow IPC stream ({e}); give --input-format jsonl for JSON lines"),
            )
        })?;
        let schema = reader.schema();
        for (name, flag, what) in [
            (id_field, "--id-field", "ids"),
            (text_field, "--text-field", "texts"),
        ] {
            if schema.column_with_name(name).is_none() {
                return Err(Error::stream(
                    StreamKind::Input,
                    StreamPosition::Whole,
                    format!(
                        "the Arrow stream has no column '{name}' for the {what} (its columns: {}); name it with {flag}",
                        column_names(&schema)
                    ),
                ));
            }
        }
        Ok(IpcDocs {
            reader,
            id_field: id_field.to_string(),
            text_field: text_field.to_string(),
            batch: 0,
            rows: 0,
        })
    }

    /// The next batch of the stream (`None` at its end). An error names the
    /// batch (counted from 1) and the rows before it.
    pub fn next_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        self.batch += 1;
        match self.reader.next() {
            None => Ok(None),
            Some(Ok(b)) => {
                self.rows += b.num_rows();
                Ok(Some(b))
            }
            Some(Err(e)) => Err(Error::stream(
                StreamKind::Input,
                StreamPosition::Batch {
                    batch: self.batch,
                    after_row: self.rows,
                },
                format!("malformed Arrow IPC stream: {e}"),
            )),
        }
    }

    /// The documents of `batch` (the last one read), borrowed from it.
    pub fn documents<'b>(&self, batch: &'b RecordBatch) -> Result<Vec<Input<'b>>, Error> {
        let first_row = self.rows - batch.num_rows();
        let bad = |row: usize, what: String| {
            let at = StreamPosition::Row {
                batch: self.batch,
                row,
                stream_row: first_row + row,
            };
            Error::stream(StreamKind::Input, at, what)
        };
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| bad(0, format!("no column '{name}'")))
        };
        let ids = column(&self.id_field)?;
        let texts = column(&self.text_field)?;
        let lengths = batch.column_by_name("length");
        let mut out = Vec::with_capacity(batch.num_rows());
        for row in 0..batch.num_rows() {
            let id = string_at(ids, row)
                .ok_or_else(|| bad(row, type_or_null(ids, row, &self.id_field, "id")))?;
            let body = if texts.is_null(row) {
                let length = lengths.and_then(|l| int_at(l, row));
                Body::Missing {
                    length: length.map(|n| n.max(0) as u64),
                }
            } else {
                let bytes = bytes_at(texts, row)
                    .ok_or_else(|| bad(row, type_or_null(texts, row, &self.text_field, "text")))?;
                Body::Bytes(Cow::Borrowed(bytes))
            };
            out.push(Input { id, body });
        }
        Ok(out)
    }
}

fn column_names(schema: &Schema) -> String {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    names.join(", ")
}

fn type_or_null(array: &ArrayRef, row: usize, name: &str, what: &str) -> String {
    if array.is_null(row) {
        format!("the {what} ('{name}') is null")
    } else {
        format!(
            "the {what} column '{name}' has type {}; use a string{} type",
            array.data_type(),
            if what == "text" { " or binary" } else { "" }
        )
    }
}

/// The string at `row` of a string or integer column.
fn string_at(array: &ArrayRef, row: usize) -> Option<Cow<'_, str>> {
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Utf8 => Cow::Borrowed(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Cow::Borrowed(array.as_string::<i64>().value(row)),
        DataType::Utf8View => Cow::Borrowed(array.as_string_view().value(row)),
        DataType::Int64 => Cow::Owned(array.as_primitive::<Int64Type>().value(row).to_string()),
        DataType::Int32 => Cow::Owned(array.as_primitive::<Int32Type>().value(row).to_string()),
        _ => return None,
    })
}

/// The bytes at `row` of a string or binary column.
fn bytes_at(array: &ArrayRef, row: usize) -> Option<&[u8]> {
    Some(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).as_bytes(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).as_bytes(),
        DataType::Utf8View => array.as_string_view().value(row).as_bytes(),
        DataType::Binary => array.as_binary::<i32>().value(row),
        DataType::LargeBinary => array.as_binary::<i64>().value(row),
        DataType::BinaryView => array.as_binary_view().value(row),
        _ => return None,
    })
}

fn int_at(array: &ArrayRef, row: usize) -> Option<i64> {
    if array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Int64 => Some(array.as_primitive::<Int64Type>().value(row)),
        DataType::Int32 => Some(array.as_primitive::<Int32Type>().value(row) as i64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScanConfig;
    use crate::sign::Signer;
    use arrow_array::{BinaryArray, StringArray};

    fn stream(batches: &[RecordBatch]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = StreamWriter::try_new(&mut out, &batches[0].schema()).unwrap();
        for b in batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
        drop(w);
        out
    }

    #[test]
    fn binary_and_string_texts_sign_alike_and_round_trip() {
        let text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa.";
        let ids = Arc::new(StringArray::from(vec!["x", "y"])) as ArrayRef;
        let s = RecordBatch::try_from_iter([
            ("id", ids.clone()),
            (
                "text",
                Arc::new(StringArray::from(vec![text, "short"])) as ArrayRef,
            ),
        ])
        .unwrap();
        let b = RecordBatch::try_from_iter([
            (
                "text",
                Arc::new(BinaryArray::from(vec![text.as_bytes(), b"a\0b"])) as ArrayRef,
            ),
            ("id", ids),
        ])
        .unwrap();
        let signer = Signer::new(ScanConfig::default(), false).unwrap();
        let mut all = Vec::new();
        for batch in [s, b] {
            let bytes = stream(std::slice::from_ref(&batch));
            let mut docs = IpcDocs::new(bytes.as_slice(), "id", "text").unwrap();
            let batch = docs.next_batch().unwrap().unwrap();
            all.push(signer.sign_batch(&docs.documents(&batch).unwrap()));
            assert!(docs.next_batch().unwrap().is_none());
        }
        assert_eq!(all[0][0].sig, all[1][0].sig);
        assert_eq!(all[1][1].skip, Some(crate::scan::SkipReason::Binary));

        let schema = schema(&signer.params().signature, false);
        let batch = to_batch(&all[0], &schema).unwrap();
        assert_eq!(batch.num_rows(), 2);
        let sig = batch.column_by_name("sig").unwrap().as_list::<i32>();
        assert_eq!(sig.value(0).len(), 128);
        assert_eq!(sig.value(1).len(), 0);
        assert!(schema.metadata().contains_key(METADATA_KEY));
    }

    #[test]
    fn null_ids_and_wrong_types_name_batch_and_row() {
        let batch = RecordBatch::try_from_iter([
            (
                "id",
                Arc::new(StringArray::from(vec![Some("a"), None])) as ArrayRef,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec!["x", "y"])) as ArrayRef,
            ),
        ])
        .unwrap();
        let bytes = stream(&[batch.clone(), batch]);
        let mut docs = IpcDocs::new(bytes.as_slice(), "id", "text").unwrap();
        let _ = docs.next_batch().unwrap().unwrap();
        let second = docs.next_batch().unwrap().unwrap();
        let e = docs.documents(&second).unwrap_err().to_string();
        assert!(
            e.contains("batch 2, row 1") && e.contains("row 3 of the stream"),
            "{e}"
        );
        let missing = IpcDocs::new(bytes.as_slice(), "doc_id", "text")
            .err()
            .unwrap();
        assert!(missing.to_string().contains("--id-field"), "{missing}");
        let truncated = &bytes[..bytes.len() - 20];
        let mut docs = IpcDocs::new(truncated, "id", "text").unwrap();
        let mut err = None;
        while err.is_none() {
            match docs.next_batch() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => err = Some(e.to_string()),
            }
        }
        let e = err.expect("a truncated stream is an error");
        assert!(e.contains("input batch 2 (after row 2)"), "{e}");
    }
}
