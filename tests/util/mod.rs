//! Test harness: runs the real `neardup` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo(rel: &str) -> PathBuf {
    root().join(rel)
}

/// A finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// Runs `neardup ARGS` in `dir` with extra environment variables.
pub fn neardup_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_neardup"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let run: Run = cmd.output().expect("binary runs").into();
    assert!(
        !run.stderr.contains("panicked"),
        "neardup panicked: {}",
        run.stderr
    );
    run
}

/// Runs `neardup ARGS` from the repository root.
pub fn neardup(args: &[&str]) -> Run {
    neardup_env(&root(), args, &[])
}

/// Reads a file under the repository root.
pub fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The gold pairs of a gold.tsv (header skipped).
pub fn gold(rel: &str) -> Vec<(String, String)> {
    read(rel)
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (a, b) = l.split_once('\t').expect("two columns");
            (a.to_string(), b.to_string())
        })
        .collect()
}

/// Byte span of `needle` in `hay` at or after `from`.
pub fn span_of(hay: &str, needle: &str, from: usize) -> (usize, usize) {
    let at = hay[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("not found: {needle}"))
        + from;
    (at, at + needle.len())
}

/// Runs `neardup ARGS` in the repository root with its stdout on a
/// pseudo-terminal — a terminal as far as the binary can tell — and
/// returns what it printed there (line ends as the terminal turns them:
/// `\r\n`). The variables that decide colour are those of a plain
/// colour terminal (`TERM=xterm`, no `NO_COLOR`, `CLICOLOR` or
/// `CLICOLOR_FORCE`) before `env` is applied.
#[cfg(unix)]
pub fn neardup_on_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;
    use std::process::Stdio;

    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(std::ffi::OsStr::from_bytes(name.as_bytes()))
        .expect("the terminal side of the pseudo-terminal");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_neardup"));
    cmd.current_dir(root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(terminal)
        .stderr(Stdio::null());
    for k in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(k);
    }
    cmd.env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("neardup runs");
    // The child now holds the only other end: reading stops when it exits.
    drop(cmd);
    let mut out = Vec::new();
    let mut reader = std::fs::File::from(master);
    let mut buf = [0u8; 4096];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            // Linux reports the other end closing as EIO.
            Err(_) => break,
        }
    }
    child.wait().expect("neardup exits");
    String::from_utf8(out).expect("terminal output is UTF-8")
}
