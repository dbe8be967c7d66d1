//! Where a command's report goes: standard output, or the file named by
//! `-o, --output FILE`. Every command writes its report through
//! [`write`] (or the [`Stdout`] writer), so `--output` works the same for
//! all of them.
//!
//! `--output` writes a *new* file: an existing FILE is refused before any
//! work is done (neardup never replaces a file it did not write; the shell's
//! `> FILE` is the way to overwrite on purpose). The report is written to a
//! hidden temporary file beside FILE and renamed to FILE only when the
//! command succeeded (exit 0 or 1), so FILE never holds half a report; on
//! an error the temporary file is removed.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

use neardup::report::sanitize::terminal_line;

/// A path as shown on the terminal: one-to-one for names that are not
/// UTF-8 (`display_given`), then escaped (see [`terminal_line`]).
/// Defined here, the lowest of the files the commands share (progress,
/// output, shared: each imports only those before it), and re-exported by
/// `shared`.
pub fn shown(path: &Path) -> String {
    terminal_line(&neardup::scan::walk::display_given(path))
}

/// The report file being written, when `--output FILE` was given.
struct ReportFile {
    file: BufWriter<NamedTempFile>,
    path: PathBuf,
}

static REPORT: Mutex<Option<ReportFile>> = Mutex::new(None);

fn report() -> MutexGuard<'static, Option<ReportFile>> {
    // A panic while holding the lock aborts the command anyway; the data
    // behind it is still a valid writer.
    REPORT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Sends the report to `path` instead of standard output (`-` keeps
/// standard output). Refuses an existing file and a folder that cannot
/// take a new file, before any work is done.
pub fn open(path: Option<&Path>) -> Result<()> {
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        return Ok(());
    };
    if path.symlink_metadata().is_ok() {
        bail!(
            "--output '{}' exists; neardup writes a new file and never replaces one: remove it first, or redirect instead (> {})",
            shown(path),
            shown(path)
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".neardup-")
        .suffix(".part")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "cannot write --output '{}' (its folder must exist and be writable)",
                shown(path)
            )
        })?;
    *report() = Some(ReportFile {
        file: BufWriter::with_capacity(1 << 16, temp),
        path: path.to_path_buf(),
    });
    Ok(())
}

/// Moves the finished report to its name (a no-op without `--output`).
/// The rename never replaces a file that appeared meanwhile.
pub fn finish() -> Result<()> {
    let Some(ReportFile { file, path }) = report().take() else {
        return Ok(());
    };
    let cannot = || format!("cannot write --output '{}'", shown(&path));
    let temp = file
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(cannot)?;
    temp.as_file().sync_all().with_context(cannot)?;
    temp.persist_noclobber(&path)
        .map_err(|e| e.error)
        .with_context(|| {
            format!(
                "cannot write --output '{}' (did it appear while neardup ran? it was not replaced)",
                shown(&path)
            )
        })?;
    Ok(())
}

/// Drops an unfinished report (the command failed): its temporary file is
/// removed and FILE is never created.
pub fn discard() {
    drop(report().take());
}

/// Whether the report goes to a terminal (never when `--output` is set):
/// colour and binary-output checks ask this, not `stdout` directly.
pub fn is_terminal() -> bool {
    report().is_none() && std::io::stdout().is_terminal()
}

/// Writes `s` to the report; a closed pipe (`| head`) is not an error.
pub fn write(s: &str) -> Result<()> {
    super::progress::end_step();
    let mut out = Stdout;
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// A writer to the report: standard output, or the `--output` file.
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match report().as_mut() {
            Some(r) => r.file.write(buf),
            None => std::io::stdout().lock().write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match report().as_mut() {
            Some(r) => r.file.write_all(buf),
            None => std::io::stdout().lock().write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match report().as_mut() {
            Some(r) => r.file.flush(),
            None => std::io::stdout().lock().flush(),
        }
    }
}
