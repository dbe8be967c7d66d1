//! `neardup compare ORIGINAL [REWRITE]`: read the inputs, compare, write
//! the report; `--pairs FILE` is handed to [`super::pairs`].

use anyhow::Result;
use neardup::report::Format;
use neardup::{Comparator, Document, report};

use super::args::{CompareArgs, FormatArg};
use super::shared::{FOUND, NOT_FOUND, is_stdin, read_input, shown, write_stdout};

/// Runs `neardup compare`; returns the exit status.
pub fn compare(args: CompareArgs) -> Result<u8> {
    if let Some(pairs) = &args.pairs {
        return super::pairs::compare_pairs(&args, pairs);
    }
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
    let comparator = Comparator::new(args.engine.config())?;
    let read = |p: &std::path::Path| -> Result<Document> {
        let (text, path) = read_input(p, args.max_size)?;
        if text.trim().is_empty() {
            eprintln!(
                "neardup: warning: '{}' is empty: nothing to match",
                shown(p)
            );
        }
        Ok(Document { path, text })
    };
    let Some(original_path) = &args.original else {
        anyhow::bail!("give ORIGINAL [REWRITE], or --pairs FILE");
    };
    if is_stdin(original_path) && args.rewrite.as_deref().is_some_and(is_stdin) {
        anyhow::bail!("ORIGINAL and REWRITE are both '-': only one can be standard input");
    }
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
