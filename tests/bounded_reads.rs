//! Every input is read under a size limit (`--max-size`, units accepted),
//! streams included, and a binary stream is refused at its first block.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::*;

const TEXT: &str = "The council approved the new budget on Tuesday after a long debate.\n";

fn good() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), TEXT).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn compare_stops_reading_a_binary_stream_at_its_first_block() {
    // Before: /dev/zero was read to the size limit (10 GB in 30 s with no
    // limit) before the binary check ran. A limit of 2G would still cost
    // 2 GB: the run must end at once, on the first NUL.
    let d = good();
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "/dev/zero", "--max-size", "2G"],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/dev/zero") && run.stderr.contains("binary"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn compare_stops_reading_an_endless_stream_at_max_size() {
    let d = good();
    let mut child = Command::new(env!("CARGO_BIN_EXE_neardup"))
        .current_dir(d.path())
        .args(["compare", "good.txt", "/dev/stdin", "--max-size", "1M"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Text without end: the writer stops only when neardup closes the pipe.
    let writer = std::thread::spawn(move || {
        let line = TEXT.repeat(100);
        let mut written = 0u64;
        while stdin.write_all(line.as_bytes()).is_ok() {
            written += line.len() as u64;
            assert!(written < 1 << 30, "neardup kept reading past its limit");
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("goes on past the 1000000-byte limit") && stderr.contains("--max-size"),
        "{stderr}"
    );
}

#[test]
fn every_size_flag_takes_units() {
    let d = good();
    // The file is 69 bytes: over 60B, under 1kB.
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "good.txt", "--max-size", "60B"],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("over the 60-byte limit"),
        "{}",
        run.stderr
    );
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "good.txt", "--max-size", "1kB"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = neardup_env(
        d.path(),
        &["scan", ".", "--max-size", "60", "-f", "json"],
        &[],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["skipped"]["too_large"], 1, "{}", run.stdout);
    for bad in ["0", "12XB", "-1k"] {
        let flag = format!("--max-size={bad}");
        let run = neardup_env(d.path(), &["scan", ".", &flag], &[]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("--max-size"), "{bad}: {}", run.stderr);
    }
}

#[test]
fn pairs_file_is_read_under_max_size() {
    let d = good();
    std::fs::write(
        d.path().join("pairs.tsv"),
        "good.txt\tgood.txt\n".repeat(10),
    )
    .unwrap();
    let run = neardup_env(
        d.path(),
        &["compare", "--pairs", "pairs.tsv", "--max-size", "100"],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("pairs") && run.stderr.contains("--max-size"),
        "{}",
        run.stderr
    );
}
