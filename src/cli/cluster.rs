//! `neardup cluster`: another engine's findings (JSON lines on stdin) into
//! the scan's own report, clustered by the scan's own code.

use anyhow::{Context, Result, bail};
use neardup::Scanner;
use neardup::report;
use neardup::scan::findings::Findings;

use super::args::ClusterArgs;
use super::shared::{FOUND, NOT_FOUND, write_stdout};

/// Runs `neardup cluster`; returns the exit status.
pub fn cluster(args: ClusterArgs) -> Result<u8> {
    use std::io::IsTerminal;
    let format = match args.format {
        super::args::ScanFormatArg::Terminal => report::ScanFormat::Terminal,
        super::args::ScanFormatArg::Json => report::ScanFormat::Json,
        super::args::ScanFormatArg::Jsonl => report::ScanFormat::Jsonl,
        super::args::ScanFormatArg::Csv => report::ScanFormat::Csv,
        super::args::ScanFormatArg::Html => {
            bail!("--format html needs the documents: run `neardup scan --format html` on them")
        }
    };
    let scanner = Scanner::new(args.signature.config(Some(&args.verify)))?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        bail!(
            "cluster reads findings as JSON lines on standard input (docs/spark.md); pipe them in"
        );
    }
    let findings =
        Findings::read_jsonl(stdin.lock()).context("cannot read the findings on standard input")?;
    let result = scanner.report(findings)?;
    write_stdout(&report::render_scan(&result, format, args.color.enabled()))?;
    Ok(if result.clusters.is_empty() {
        NOT_FOUND
    } else {
        FOUND
    })
}
