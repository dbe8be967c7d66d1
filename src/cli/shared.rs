//! What the commands share: exit statuses, writing to stdout, reading a
//! list of paths.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};

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

/// Prints a command-line error from clap in neardup's style (the first
/// line `neardup: error: ...`, then clap's tip and usage) and returns the
/// exit status: 0 for `--help` and `--version` (printed on stdout), 2
/// otherwise.
pub fn report_usage_error(error: &clap::Error) -> u8 {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe (`neardup --help | head`) is not an error.
            let _ = error.print();
            FOUND
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ERROR
        }
        _ => {
            eprint!("{}", usage_error_text(&error.render().to_string()));
            ERROR
        }
    }
}

/// clap's rendered error with neardup's prefix on its first line.
fn usage_error_text(rendered: &str) -> String {
    let body = rendered.strip_prefix("error: ").unwrap_or(rendered);
    format!("neardup: error: {body}")
}

/// How a document read from standard input (`-`) is named in reports.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a text input (`-` is standard input) through the library's one
/// bounded reader: the same size limit, binary and encoding rules for a
/// pipe as for a file. Returns the text as read and the name reports give
/// it.
pub fn read_input(
    path: &Path,
    max_size: u64,
    how: neardup::decode::Decoding,
) -> Result<(neardup::input::TextFile, String)> {
    if !is_stdin(path) {
        let file = neardup::input::read_file(path, max_size, how)?;
        return Ok((file, neardup::scan::walk::display_given(path)));
    }
    if cfg!(not(unix)) {
        anyhow::bail!(
            "'-' (standard input) is read on Unix only; save the text to a file and name it"
        );
    }
    if std::io::stdin().is_terminal() {
        eprintln!("neardup: reading standard input ('-'); end it with Ctrl-D");
    }
    let file = neardup::input::read_file(Path::new("/dev/stdin"), max_size, how)
        .context("cannot read standard input ('-')")?;
    Ok((file, STDIN_NAME.to_string()))
}

/// A path as shown on the terminal: one-to-one for names that are not
/// UTF-8 (`display_given`), then escaped (see
/// [`terminal_line`](neardup::report::sanitize::terminal_line)).
pub use super::output::shown;

/// Writes to the report: stdout, or the `--output` file; a closed pipe
/// (`| head`) is not an error.
pub fn write_stdout(s: &str) -> Result<()> {
    super::output::write(s)
}

/// Where a report goes: a writer to stdout or to the `--output` file, and
/// whether that is a terminal (never with `--output`).
pub use super::output::{Stdout, is_terminal as stdout_is_terminal};

/// The most bytes read from a list of paths (`--files-from`): a list is
/// read as a stream, entry by entry, and reading stops here (1 GiB, some
/// ten million paths), so `--files-from /dev/zero` ends with an error.
pub const PATH_LIST_MAX: u64 = 1 << 30;

/// Paths listed one per line (or NUL-separated) in `list`, `-` for stdin.
pub fn read_path_list(list: &Path) -> Result<Vec<PathBuf>> {
    let (name, reader): (String, Box<dyn Read>) = if list.as_os_str() == "-" {
        ("standard input".into(), Box::new(std::io::stdin().lock()))
    } else {
        let file = std::fs::File::open(list)
            .with_context(|| format!("cannot read --files-from '{}'", shown(list)))?;
        (format!("'{}'", shown(list)), Box::new(file))
    };
    parse_path_list(reader, PATH_LIST_MAX)
        .with_context(|| format!("cannot read the --files-from list from {name}"))
}

/// The entries of a path list read from `input`, no more than `max` bytes
/// of it. NUL-separated when its first block holds a NUL (`find -print0`),
/// else one path a line (a trailing CR dropped); empty entries are skipped.
fn parse_path_list(input: impl Read, max: u64) -> Result<Vec<PathBuf>> {
    const FIRST_BLOCK: u64 = 1 << 16;
    let mut input = BufReader::with_capacity(1 << 16, input.take(max.saturating_add(1)));
    let mut first = Vec::new();
    (&mut input).take(FIRST_BLOCK).read_to_end(&mut first)?;
    let sep = if first.contains(&0) { b'\0' } else { b'\n' };
    let mut entries = std::io::Cursor::new(first).chain(input);
    let (mut paths, mut read, mut entry) = (Vec::new(), 0u64, Vec::new());
    loop {
        entry.clear();
        let n = entries.read_until(sep, &mut entry)?;
        if n == 0 {
            break;
        }
        read += n as u64;
        if read > max {
            anyhow::bail!(
                "it goes on past {max} bytes (a list is read up to that and no further); give a shorter list, or pass folders as PATHs"
            );
        }
        let line = entry.strip_suffix(&[sep]).unwrap_or(&entry);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() {
            paths.push(path_from_bytes(line));
        }
    }
    Ok(paths)
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(bytes).into()
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    String::from_utf8_lossy(bytes).into_owned().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lists_split_on_newlines_or_nuls() {
        let parse = |bytes: &[u8]| parse_path_list(bytes, 1000).unwrap();
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(parse(b"a b\r\n\nc\n"), [p("a b"), p("c")]);
        assert_eq!(parse(b"a\nb\0c\0\0"), [p("a\nb"), p("c")]);
        assert_eq!(parse(b"last"), [p("last")]);
        assert!(parse(b"").is_empty());
    }

    #[test]
    fn endless_path_list_stops_at_the_limit() {
        // An endless stream of NULs (`--files-from /dev/zero`): every entry
        // is empty, so nothing is kept, and reading stops at the limit.
        let e = parse_path_list(std::io::repeat(0), 1 << 20).unwrap_err();
        assert!(e.to_string().contains("goes on past 1048576 bytes"), "{e}");
        let e = parse_path_list(std::io::repeat(b'x'), 1 << 20).unwrap_err();
        assert!(e.to_string().contains("goes on past"), "{e}");
    }
}
