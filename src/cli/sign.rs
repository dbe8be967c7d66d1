//! `neardup sign`: documents (walked files, or a stream on stdin) into
//! signature records (Arrow IPC, Parquet or JSON lines), with a warning
//! line for the documents that could not be signed.

use std::io::{BufRead, BufReader, IsTerminal, Write};

use anyhow::{Result, bail};
use neardup::scan::SkipReason;
use neardup::scan::read::Skip;
use neardup::scan::walk::{Sources, WalkOptions, walk};
use neardup::sign::jsonl::{JsonlDocs, JsonlSink};
use neardup::sign::{BATCH_ROWS, Record, RecordSink, Signer};

use super::args::{SignArgs, SignFormatArg, SignInputArg};
use super::progress::Bar;
use super::shared::{FOUND, read_path_list};

/// Runs `neardup sign`; returns the exit status.
pub fn sign(args: SignArgs) -> Result<u8> {
    match run(&args) {
        Err(e) if is_broken_pipe(&e) => Ok(FOUND),
        other => other,
    }
}

fn run(args: &SignArgs) -> Result<u8> {
    let config = args.signature.config(None);
    let signer = Signer::new(config.clone(), args.shingles)?;
    let files = !args.paths.is_empty() || args.files_from.is_some();
    let input = match (args.input_format, files) {
        (SignInputArg::Auto, true) | (SignInputArg::Files, true) => SignInputArg::Files,
        (SignInputArg::Files, false) => {
            bail!("--input-format files needs PATHs or --files-from FILE")
        }
        (_, true) => bail!(
            "PATHs and --files-from are files; --input-format jsonl and arrow read standard input (drop one)"
        ),
        (format, false) => {
            if std::io::stdin().is_terminal() {
                bail!(
                    "nothing to sign: give folders or files (neardup sign corpus/), --files-from FILE, or pipe an Arrow IPC stream or JSON lines into standard input"
                );
            }
            format
        }
    };
    let mut sink = output(args, &signer)?;
    let mut tally = Tally::default();
    match input {
        SignInputArg::Files => sign_files(args, &signer, &mut *sink, &mut tally)?,
        format => {
            let mut stdin = BufReader::with_capacity(1 << 20, std::io::stdin().lock());
            let jsonl = match format {
                SignInputArg::Jsonl => true,
                SignInputArg::Arrow => false,
                _ => starts_like_json(&mut stdin)?,
            };
            if jsonl {
                // A JSON string escapes a byte in at most 6.
                let max_line = config.max_size.saturating_mul(6).saturating_add(1 << 16);
                let mut docs = JsonlDocs::new(stdin, &args.id_field, &args.text_field, max_line);
                loop {
                    let batch = docs.next_batch(BATCH_ROWS)?;
                    if batch.is_empty() {
                        break;
                    }
                    write(&mut *sink, &signer.sign_batch(&batch), &mut tally)?;
                }
            } else {
                sign_arrow(stdin, args, &signer, &mut *sink, &mut tally)?;
            }
        }
    }
    sink.finish()?;
    if !args.quiet {
        tally.warn();
    }
    Ok(FOUND)
}

#[cfg(feature = "arrow")]
fn sign_arrow(
    input: impl std::io::Read,
    args: &SignArgs,
    signer: &Signer,
    sink: &mut dyn RecordSink,
    tally: &mut Tally,
) -> Result<()> {
    let mut docs = neardup::sign::arrow::IpcDocs::new(input, &args.id_field, &args.text_field)?;
    while let Some(batch) = docs.next_batch()? {
        let records = signer.sign_batch(&docs.documents(&batch)?);
        write(sink, &records, tally)?;
    }
    Ok(())
}

#[cfg(not(feature = "arrow"))]
fn sign_arrow(
    _: impl std::io::Read,
    _: &SignArgs,
    _: &Signer,
    _: &mut dyn RecordSink,
    _: &mut Tally,
) -> Result<()> {
    bail!("this neardup was built without the `arrow` feature: give --input-format jsonl")
}

/// Walks the PATHs and signs the files in path order, a batch at a time.
fn sign_files(
    args: &SignArgs,
    signer: &Signer,
    sink: &mut dyn RecordSink,
    tally: &mut Tally,
) -> Result<()> {
    let listed = match &args.files_from {
        Some(list) => read_path_list(list)?,
        None => Vec::new(),
    };
    let sources = Sources {
        roots: args.paths.clone(),
        listed,
    };
    let opts = WalkOptions {
        extensions: args.extensions(),
        hidden: args.hidden,
        follow: args.follow,
    };
    let corpus = walk(&sources, &opts)?;
    let bar = Bar::new(!args.no_progress && std::io::stderr().is_terminal());
    bar.start_files(corpus.files.len() as u64, "signing");
    for chunk in corpus.files.chunks(BATCH_ROWS) {
        write(sink, &signer.sign_files(chunk), tally)?;
        bar.add(chunk.len() as u64);
    }
    bar.clear();
    // Folders that could not be walked are records too: nothing is lost.
    let skipped: Vec<Record> = corpus
        .skipped
        .into_iter()
        .map(|s| {
            let skip = Skip {
                reason: s.reason,
                detail: s.detail,
            };
            Record::skipped(s.path, skip, 0, 0, false)
        })
        .collect();
    if !skipped.is_empty() {
        write(sink, &skipped, tally)?;
    }
    Ok(())
}

fn write(sink: &mut dyn RecordSink, records: &[Record], tally: &mut Tally) -> Result<()> {
    for r in records {
        tally.add(r);
    }
    sink.write(records)?;
    Ok(())
}

/// The sink for `--format`.
fn output(args: &SignArgs, signer: &Signer) -> Result<Box<dyn RecordSink>> {
    let stdout = || std::io::BufWriter::with_capacity(1 << 20, super::shared::Stdout);
    if args.out.is_some() && args.format != SignFormatArg::Parquet {
        bail!(
            "--out DIR is for --format parquet; arrow and jsonl go to standard output (redirect it: > FILE)"
        );
    }
    match args.format {
        SignFormatArg::Jsonl => Ok(Box::new(JsonlSink::new(stdout()))),
        SignFormatArg::Arrow | SignFormatArg::Parquet => arrow_output(args, signer, stdout),
    }
}

#[cfg(feature = "arrow")]
fn arrow_output<W: Write + 'static>(
    args: &SignArgs,
    signer: &Signer,
    stdout: impl FnOnce() -> W,
) -> Result<Box<dyn RecordSink>> {
    use neardup::sign::arrow::{IpcSink, ParquetSink, schema};
    let schema = schema(&signer.params().signature, signer.emits_shingles());
    if args.format == SignFormatArg::Parquet {
        let Some(dir) = &args.out else {
            bail!("--format parquet writes files: name a new or empty folder with --out DIR");
        };
        return Ok(Box::new(ParquetSink::new(dir, schema)?));
    }
    if super::shared::stdout_is_terminal() {
        bail!(
            "the Arrow stream is binary: redirect it (> sigs.arrow), or give --format jsonl to read the records"
        );
    }
    Ok(Box::new(IpcSink::new(stdout(), schema)?))
}

#[cfg(not(feature = "arrow"))]
fn arrow_output<W: Write + 'static>(
    _: &SignArgs,
    _: &Signer,
    _: impl FnOnce() -> W,
) -> Result<Box<dyn RecordSink>> {
    bail!("this neardup was built without the `arrow` feature: give --format jsonl")
}

/// Whether the input, after blank space, starts with `{` (JSON lines).
fn starts_like_json(input: &mut impl BufRead) -> Result<bool> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return Ok(buf[i] == b'{'),
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

/// Documents signed and not, by reason.
#[derive(Default)]
struct Tally {
    documents: usize,
    problems: std::collections::BTreeMap<&'static str, usize>,
}

impl Tally {
    fn add(&mut self, r: &Record) {
        self.documents += 1;
        if let Some(reason) = r.skip.filter(|s| s.is_problem()) {
            *self.problems.entry(SkipReason::name(reason)).or_default() += 1;
        }
    }

    /// One warning line for the documents that could not be read.
    fn warn(&self) {
        let bad: usize = self.problems.values().sum();
        if bad > 0 {
            let reasons: Vec<String> = self
                .problems
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            eprintln!(
                "neardup: warning: {bad} of {} documents not signed ({}); their records say why (columns skip, detail)",
                self.documents,
                reasons.join(", ")
            );
        }
    }
}

/// Whether `e` is a write to a closed pipe (`| head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| match c.downcast_ref::<neardup::Error>() {
        Some(neardup::Error::Write { error, .. }) => error.kind() == std::io::ErrorKind::BrokenPipe,
        _ => c
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe),
    })
}
