//! `neardup scan`: read the path list, run the scanner with a progress bar
//! on a terminal, print one warning per bad file, write the report.

use anyhow::{Context, Result};
use neardup::report;
use neardup::report::scan_progress::ScanProgress;
use neardup::scan::{Scanner, Sources};

use crate::cli::ScanArgs;

/// Runs `neardup scan`; returns the exit status.
pub fn scan(args: ScanArgs) -> Result<u8> {
    use std::io::IsTerminal;
    if args.paths.is_empty() && args.files_from.is_none() {
        anyhow::bail!(
            "nothing to scan: give a folder or file PATH (neardup scan corpus/) or a list (--files-from FILE)"
        );
    }
    let scanner = Scanner::new(args.config())?;
    let listed = match &args.files_from {
        Some(list) => read_path_list(list)?,
        None => Vec::new(),
    };
    let sources = Sources {
        roots: args.paths.clone(),
        listed,
    };
    if args.verbose {
        let p = scanner.lsh_params();
        eprintln!(
            "neardup: LSH {} bands x {} rows for Jaccard >= {} ({} permutations): a pair at the threshold is missed with probability {:.3}",
            p.bands,
            p.rows,
            args.threshold,
            args.perms,
            scanner.miss_rate_at_threshold()
        );
    }
    let progress = ScanProgress::new(
        !args.no_progress && std::io::stderr().is_terminal(),
        args.verbose,
    );
    let result = scanner.scan(&sources, &progress)?;
    if !args.quiet {
        for s in result.skipped.iter().filter(|s| s.reason.is_problem()) {
            eprintln!(
                "neardup: warning: '{}': {}",
                report::sanitize::terminal_line(&s.path),
                s.detail
            );
        }
        for p in &result.decoded_lossily {
            eprintln!(
                "neardup: warning: '{}': invalid UTF-8, decoded lossily (bad bytes read as U+FFFD)",
                report::sanitize::terminal_line(p)
            );
        }
    }
    crate::run::write_stdout(&report::render_scan(
        &result,
        args.format(),
        args.color.enabled(),
    ))?;
    Ok(if result.clusters.is_empty() {
        crate::run::NOT_FOUND
    } else {
        crate::run::FOUND
    })
}

/// Paths listed one per line (or NUL-separated) in `list`, `-` for stdin.
fn read_path_list(list: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    if list.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read the path list from standard input")?;
    } else {
        bytes = std::fs::read(list)
            .with_context(|| format!("cannot read --files-from '{}'", list.display()))?;
    }
    let sep = if bytes.contains(&0) { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .map(path_from_bytes)
        .collect())
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(bytes).into()
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> std::path::PathBuf {
    String::from_utf8_lossy(bytes).into_owned().into()
}
