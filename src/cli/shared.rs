//! What the commands share: exit statuses, writing to stdout, reading a
//! list of paths.

use std::io::Write;

use std::path::Path;

use anyhow::{Context, Result};
use neardup::report::sanitize::terminal_line;

/// Exit status when something was found.
pub const FOUND: u8 = 0;
/// Exit status when nothing was found.
pub const NOT_FOUND: u8 = 1;
/// Exit status on an error.
pub const ERROR: u8 = 2;

/// The exit status of a command that failed. Every error — a bad flag or
/// setting, an unreadable or invalid input, a failed write — exits with
/// [`ERROR`]; the library's errors are typed (`neardup::Error`), so a finer
/// mapping, if one is ever documented, belongs here and nowhere else.
pub fn exit_code(_error: &anyhow::Error) -> u8 {
    ERROR
}

/// Prints a failed command's error on stderr as one line, escaped for the
/// terminal (a path may hold control characters).
pub fn report_error(error: &anyhow::Error) {
    eprintln!("neardup: error: {}", terminal_line(&format!("{error:#}")));
}

/// A path as shown on the terminal: escaped (see [`terminal_line`]).
pub fn shown(path: &Path) -> String {
    terminal_line(&path.display().to_string())
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Paths listed one per line (or NUL-separated) in `list`, `-` for stdin.
pub fn read_path_list(list: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
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

/// The peak resident set of this process in bytes: `VmHWM` from
/// `/proc/self/status` (Linux); `None` elsewhere or when unreadable.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_bytes() {
        let status = "Name:\tneardup\nVmPeak:\t  10000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t1 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(2048 * 1024));
        assert_eq!(parse_vm_hwm("Name: x\n"), None);
        if cfg!(target_os = "linux") {
            assert!(peak_rss_bytes().is_some_and(|b| b > 0));
        }
    }
}
