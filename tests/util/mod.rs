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
    cmd.current_dir(dir).args(args).env_remove("NO_COLOR");
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
