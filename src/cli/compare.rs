//! `neardup compare ORIGINAL [REWRITE]`: read the inputs, compare, write
//! the report; `--pairs FILE` is handed to [`super::pairs`].

use std::io::IsTerminal;

use anyhow::Result;
use neardup::report::Format;
use neardup::report::stored::{Stored, to_stored};
use neardup::{Comparator, Comparison, Document, input, report};

use super::args::{CompareArgs, FormatArg};
use super::progress::Bar;
use super::shared::{FOUND, NOT_FOUND, is_stdin, read_input, shown, write_stdout};

/// Inputs from this size up (both together) get a spinner on a terminal.
const PROGRESS_BYTES: usize = 1 << 20;

/// Runs `neardup compare`; returns the exit status.
pub fn compare(args: CompareArgs) -> Result<u8> {
    if let Some(pairs) = &args.pairs {
        return super::pairs::compare_pairs(&args, pairs);
    }
    check_single(&args)?;
    let comparator = Comparator::new(args.engine.config())?;
    let Some(original_path) = &args.original else {
        anyhow::bail!("give ORIGINAL [REWRITE], or --pairs FILE");
    };
    if is_stdin(original_path) && args.rewrite.as_deref().is_some_and(is_stdin) {
        anyhow::bail!("ORIGINAL and REWRITE are both '-': only one can be standard input");
    }
    let (original, original_file) = read(&args, original_path)?;
    let rewrite = match &args.rewrite {
        Some(r) => Some(read(&args, r)?),
        None => None,
    };
    // A large comparison runs for a while in one call: a spinner with the
    // time elapsed says so (on a terminal only).
    let bytes = original.text.len() + rewrite.as_ref().map_or(0, |r| r.0.text.len());
    let _bar = Bar::step(
        bytes >= PROGRESS_BYTES && std::io::stderr().is_terminal(),
        &format!("comparing {:.1} MB", bytes as f64 / 1e6),
    );
    let mut result = match &rewrite {
        Some((r, _)) => comparator.compare(&original, r),
        None => comparator.compare_within(&original),
    };
    // Never drop quietly: on stderr whatever the format (CSV has no other
    // place for it).
    if let Some(note) = report::skipped_buckets_note(&result) {
        eprintln!("neardup: warning: {note}");
    }
    let rewrite = match &rewrite {
        Some((r, f)) => (r, f),
        None => (&original, &original_file),
    };
    if args.explain {
        comparator.explain(&original.text, &rewrite.0.text, &mut result);
    }
    write_stdout(&render(
        &args,
        &result,
        (&original, &original_file),
        rewrite,
    ))?;
    Ok(if result.matches.is_empty() {
        NOT_FOUND
    } else {
        FOUND
    })
}

/// Rejects the flags of `--pairs` given without it.
fn check_single(args: &CompareArgs) -> Result<()> {
    if args.base.is_some() {
        // (clap's `requires` is not checked when ORIGINAL, which conflicts
        // with --pairs, is given)
        anyhow::bail!(
            "--base DIR resolves the paths listed in --pairs FILE; without --pairs, give ORIGINAL and REWRITE as paths"
        );
    }
    if args.out.is_some() {
        anyhow::bail!(
            "--out DIR is for --pairs; one comparison is written to stdout (redirect it: > FILE)"
        );
    }
    Ok(())
}

/// Reads one input (`-` is standard input) as a document, with what the
/// file's offsets need; an empty one is a warning.
fn read(args: &CompareArgs, p: &std::path::Path) -> Result<(Document, input::TextFile)> {
    let (mut file, path) = read_input(p, args.max_size, args.encoding)?;
    if file.text.trim().is_empty() {
        eprintln!(
            "neardup: warning: '{}' is empty: nothing to match",
            shown(p)
        );
    }
    let doc = Document {
        path,
        text: std::mem::take(&mut file.text),
    };
    Ok((doc, file))
}

/// The report in the chosen format. JSON, JSONL, CSV and the terminal
/// count offsets in the files as stored; HTML shows the text and PAN XML
/// counts characters.
fn render(
    args: &CompareArgs,
    result: &Comparison,
    (original, original_file): (&Document, &input::TextFile),
    (rewrite, rewrite_file): (&Document, &input::TextFile),
) -> String {
    let in_file = to_stored(result, stored(original_file), stored(rewrite_file));
    let sources = report::Sources {
        original: &original.text,
        rewrite: &rewrite.text,
    };
    match args.format() {
        FormatArg::Terminal => {
            report::terminal::render_with(result, &in_file, args.color.enabled())
        }
        FormatArg::Json => report::render(&in_file, sources, Format::Json, false),
        FormatArg::Csv => report::render(&in_file, sources, Format::Csv, false),
        FormatArg::Html => report::render(
            &report::html::with_stored_names(result, &in_file),
            sources,
            Format::Html,
            false,
        ),
        FormatArg::Jsonl => report::json::render_line(&in_file),
        FormatArg::Pan => neardup::pan::PairDetections::new(result, original, rewrite).xml(),
    }
}

fn stored(f: &input::TextFile) -> Stored<'_> {
    Stored {
        encoding: f.encoding,
        offsets: &f.offsets,
    }
}
