//! `neardup scan`: read the path list, run the scanner with a progress bar
//! on a terminal, print one warning per bad file, write the report.

use anyhow::Result;
use neardup::report;
use neardup::scan::{ScanResult, Scanner, Sources};

use super::args::ScanArgs;
use super::out_dir::OutDir;
use super::progress::ScanProgress;
use super::shared::{FOUND, NOT_FOUND, read_path_list, shown, write_stdout};

/// Runs `neardup scan`; returns the exit status.
pub fn scan(args: ScanArgs) -> Result<u8> {
    use std::io::IsTerminal;
    if args.paths.is_empty() && args.files_from.is_none() {
        anyhow::bail!(
            "nothing to scan: give a folder or file PATH (neardup scan corpus/) or a list (--files-from FILE)"
        );
    }
    let scanner = Scanner::new(args.config())?;
    let out_dir = output_dir(&args)?;
    let listed = match &args.files_from {
        Some(list) => read_path_list(list)?,
        None => Vec::new(),
    };
    let sources = Sources {
        roots: args.paths.clone(),
        listed,
    };
    if args.verbose {
        explain_lsh(&scanner, &args);
    }
    let progress = ScanProgress::new(
        !args.no_progress && std::io::stderr().is_terminal(),
        args.verbose,
    );
    let result = match &args.against {
        Some(index) => {
            let index = neardup::index::Index::open(index, &Default::default())?;
            index.scan_against(args.config(), &sources, &progress)?
        }
        None => scanner.scan(&sources, &progress)?,
    };
    if !args.quiet {
        warn_bad_files(&result);
    }
    match args.format() {
        Some(format) => write_stdout(&report::render_scan(&result, format, args.color.enabled()))?,
        None => {
            let missing = super::scan_views::write(
                &result,
                &inputs(&args),
                out_dir.as_ref(),
                &args.lang,
                args.encoding,
            );
            // On an error the folder is left as is: its manifest lists
            // the earlier run's files and the ones written so far.
            let missing = missing?;
            if let Some(dir) = out_dir {
                let path = dir.path().to_path_buf();
                dir.finish()?;
                report_views(&result, &path, missing, args.quiet);
            }
        }
    }
    Ok(if result.clusters.is_empty() {
        NOT_FOUND
    } else {
        FOUND
    })
}

/// With `--verbose`: the LSH bands and rows chosen, and the chance of
/// missing a pair at the threshold.
fn explain_lsh(scanner: &Scanner, args: &ScanArgs) {
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

/// One warning per file skipped as a problem, decoded lossily or changed
/// during the scan (the report counts them; stderr names them).
fn warn_bad_files(result: &ScanResult) {
    for s in result.skipped.iter().filter(|s| s.reason.is_problem()) {
        eprintln!(
            "neardup: warning: '{}': {}",
            report::sanitize::terminal_line(&s.path),
            s.detail
        );
    }
    for p in &result.decoded_lossily {
        eprintln!(
            "neardup: warning: '{}': bytes invalid in its encoding, decoded lossily (read as U+FFFD)",
            report::sanitize::terminal_line(p)
        );
    }
    for p in &result.changed_during_scan {
        eprintln!(
            "neardup: warning: '{}': changed during the scan; its pairs were decided from the signatures, not re-checked",
            report::sanitize::terminal_line(p)
        );
    }
}

/// The folder `--out` names, opened for writing (see [`OutDir`]); `None`
/// without it. Refused unless the format is html, which writes a page per
/// pair there.
fn output_dir(args: &ScanArgs) -> Result<Option<OutDir>> {
    let Some(dir) = &args.out else {
        return Ok(None);
    };
    if args.format().is_some() {
        anyhow::bail!(
            "--out DIR is for --format html (a page per pair and index.html); --format {} writes to stdout (redirect it: > FILE)",
            args.format_name()
        );
    }
    let out = OutDir::open(dir, "scan --format html", args.force)?;
    // Refused before the scan rather than after it.
    out.claim([report::html::INDEX_FILE])?;
    if !args.quiet {
        warn_if_walked(args, dir);
    }
    Ok(Some(out))
}

/// Warns when the `--out` folder lies inside a folder being scanned, where
/// this walk (pages of an earlier run) or the next one would read its
/// pages as documents. Not when the walk leaves it out anyway: hidden, or
/// `--ext` without `html`.
fn warn_if_walked(args: &ScanArgs, dir: &std::path::Path) {
    if !args.ext.is_empty()
        && !args.ext.iter().any(|e| {
            e.trim()
                .trim_start_matches('.')
                .eq_ignore_ascii_case("html")
        })
    {
        return;
    }
    let Ok(out) = dir.canonicalize() else {
        return;
    };
    for root in &args.paths {
        let Ok(root_abs) = root.canonicalize() else {
            continue;
        };
        let Ok(inside) = out.strip_prefix(&root_abs) else {
            continue;
        };
        let hidden = inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if root_abs.is_dir() && (args.hidden || !hidden) {
            eprintln!(
                "neardup: warning: the --out folder '{}' is inside '{}', which is scanned: \
                 its pages would be read as documents (put it elsewhere, or scan with --ext)",
                shown(dir),
                shown(root),
            );
            return;
        }
    }
}

/// What was scanned, as the page names it: the paths as given, and the
/// list of `--files-from`.
fn inputs(args: &ScanArgs) -> Vec<String> {
    let mut out: Vec<String> = args
        .paths
        .iter()
        .map(|p| neardup::scan::walk::display_path(p))
        .collect();
    if let Some(list) = &args.files_from {
        out.push(format!(
            "--files-from {}",
            neardup::scan::walk::display_path(list)
        ));
    }
    out
}

/// Says where the pages went (on a terminal), and how many pairs have no
/// view (unless `quiet`).
fn report_views(result: &neardup::ScanResult, dir: &std::path::Path, missing: usize, quiet: bool) {
    use std::io::IsTerminal;
    let index = dir.join(report::html::INDEX_FILE);
    if std::io::stderr().is_terminal() {
        eprintln!(
            "neardup: cluster page and {} side-by-side views: open {}",
            result.pairs.len() - missing,
            shown(&index)
        );
    }
    if missing > 0 && !quiet {
        eprintln!(
            "neardup: note: {missing} of {} listed pairs have no side-by-side view; {} says why",
            result.pairs.len(),
            shown(&index)
        );
    }
}
