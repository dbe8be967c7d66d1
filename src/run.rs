//! Running a parsed command: read inputs, call the library, write the report.

use std::io::Write;

use anyhow::Result;
use neardup::report::Format;
use neardup::{Comparator, Document, input, report};

use crate::cli::{Command, CompareArgs, FormatArg};

/// Exit status when something was found.
pub const FOUND: u8 = 0;
/// Exit status when nothing was found.
pub const NOT_FOUND: u8 = 1;
/// Exit status on an error.
pub const ERROR: u8 = 2;

/// Runs `command`; returns the exit status.
pub fn run(command: Command) -> Result<u8> {
    match command {
        Command::Compare(args) => compare(args),
        Command::Eval(args) => crate::eval_cmd::eval(args.target),
        Command::Scan(args) => crate::scan_cmd::scan(args),
        Command::Bench(args) => crate::bench_cmd::bench(args),
        Command::Index(args) => crate::index_cmd::index(args.action),
        Command::Find(args) => crate::find_cmd::find(args),
    }
}

fn compare(args: CompareArgs) -> Result<u8> {
    if let Some(pairs) = &args.pairs {
        return crate::pairs_cmd::compare_pairs(&args, pairs);
    }
    if args.out.is_some() {
        anyhow::bail!(
            "--out DIR is for --pairs; one comparison is written to stdout (redirect it: > FILE)"
        );
    }
    let comparator = Comparator::new(args.engine.config())?;
    let read = |p: &std::path::Path| -> Result<Document> {
        let text = input::read_text(p, args.max_size)?;
        if text.trim().is_empty() {
            eprintln!(
                "neardup: warning: '{}' is empty: nothing to match",
                p.display()
            );
        }
        Ok(Document {
            path: p.display().to_string(),
            text,
        })
    };
    let Some(original_path) = &args.original else {
        anyhow::bail!("give ORIGINAL [REWRITE], or --pairs FILE");
    };
    let original = read(original_path)?;
    let rewrite = match &args.rewrite {
        Some(r) => Some(read(r)?),
        None => None,
    };
    let result = match &rewrite {
        Some(r) => comparator.compare(&original, r),
        None => comparator.compare_within(&original),
    };
    let rewrite = rewrite.as_ref().unwrap_or(&original);
    let sources = report::Sources {
        original: &original.text,
        rewrite: &rewrite.text,
    };
    let render = |format: Format, color: bool| report::render(&result, sources, format, color);
    let out = match args.format() {
        FormatArg::Terminal => render(Format::Terminal, args.color.enabled()),
        FormatArg::Json => render(Format::Json, false),
        FormatArg::Csv => render(Format::Csv, false),
        FormatArg::Html => render(Format::Html, false),
        FormatArg::Jsonl => report::json::render_line(&result),
        FormatArg::Pan => neardup::pan::PairDetections::new(&result, &original, rewrite).xml(),
    };
    write_stdout(&out)?;
    Ok(if result.matches.is_empty() {
        NOT_FOUND
    } else {
        FOUND
    })
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
