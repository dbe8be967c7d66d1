//! Running a parsed command: read inputs, call the library, write the report.

use std::io::Write;

use anyhow::Result;
use neardup::{Comparator, Document, input, report};

use crate::cli::{Command, CompareArgs};

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
    }
}

fn compare(args: CompareArgs) -> Result<u8> {
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
    let original = read(&args.original)?;
    let rewrite = args.rewrite.as_deref().map(&read).transpose()?;
    let result = match &rewrite {
        Some(r) => comparator.compare(&original, r),
        None => comparator.compare_within(&original),
    };
    let sources = report::Sources {
        original: &original.text,
        rewrite: rewrite.as_ref().map_or(&original.text, |r| &r.text),
    };
    write_stdout(&report::render(
        &result,
        sources,
        args.format(),
        args.color.enabled(),
    ))?;
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
