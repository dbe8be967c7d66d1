//! Bad input gets a clear one-line message naming the file and a documented
//! exit status (2 = error, 1 = nothing found), never a panic.

use std::fs;

use crate::util::*;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("good.txt"),
        "The council approved the new budget on Tuesday after a long debate.\n",
    )
    .unwrap();
    fs::write(p.join("empty.txt"), "").unwrap();
    fs::write(p.join("blank.txt"), "\n\n   \n").unwrap();
    fs::write(p.join("word.txt"), "budget\n").unwrap();
    fs::write(
        p.join("binary.bin"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00garbage",
    )
    .unwrap();
    fs::write(
        p.join("latin1.txt"),
        b"Caf\xe9 au lait costs more this year.\n",
    )
    .unwrap();
    fs::create_dir(p.join("folder")).unwrap();
    dir
}

fn one_line_error(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "no report on error: {}", run.stdout);
    let line = run.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "one line: {line}");
    assert!(line.starts_with("neardup: error:"), "{line}");
    for n in needles {
        assert!(line.contains(n), "{line:?} should mention {n:?}");
    }
}

#[test]
fn missing_file() {
    let d = setup();
    let run = neardup_env(d.path(), &["compare", "nope.txt", "good.txt"], &[]);
    one_line_error(&run, &["nope.txt", "No such file"]);
}

#[test]
fn directory_instead_of_file() {
    let d = setup();
    let run = neardup_env(d.path(), &["compare", "good.txt", "folder"], &[]);
    one_line_error(&run, &["folder", "is a directory", "neardup scan"]);
}

#[test]
fn binary_file() {
    let d = setup();
    let run = neardup_env(d.path(), &["compare", "binary.bin", "good.txt"], &[]);
    one_line_error(&run, &["binary.bin", "binary"]);
}

#[test]
fn invalid_utf8_when_utf8_is_forced() {
    let d = setup();
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "latin1.txt", "--encoding", "utf-8"],
        &[],
    );
    one_line_error(
        &run,
        &["latin1.txt", "not valid UTF-8", "offset 3", "--encoding"],
    );
}

#[test]
fn latin1_is_decoded_by_default() {
    let d = setup();
    let run = neardup_env(
        d.path(),
        &["compare", "latin1.txt", "latin1.txt", "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["original"]["encoding"], "windows-1252");
    assert_eq!(json["original"]["bytes"], 35, "bytes of the file as stored");
}

#[test]
fn unknown_encoding_names_the_flag() {
    let d = setup();
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "good.txt", "--encoding", "klingon"],
        &[],
    );
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    assert!(run.stderr.contains("--encoding") && run.stderr.contains("klingon"));
    assert!(
        run.stderr.contains("windows-1252"),
        "suggests labels: {}",
        run.stderr
    );
}

#[test]
fn too_large() {
    let d = setup();
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "good.txt", "--max-size", "10"],
        &[],
    );
    one_line_error(&run, &["good.txt", "--max-size"]);
}

#[test]
fn empty_files_match_nothing_and_say_so() {
    let d = setup();
    for args in [
        &["compare", "empty.txt", "empty.txt", "--format", "json"][..],
        &["compare", "blank.txt", "empty.txt", "--format", "json"],
        &["compare", "empty.txt", "--format", "json"],
    ] {
        let run = neardup_env(d.path(), args, &[]);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("is empty"), "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(json["matches"].as_array().unwrap().len(), 0);
        assert_eq!(json["original_reused"], 0.0);
    }
}

#[test]
fn one_word_files_match_as_a_one_word_passage() {
    let d = setup();
    // A one-word file is odd but valid text: it is one passage and matches
    // an identical one-word file (Jaccard 1), and nothing else.
    let run = neardup_env(
        d.path(),
        &["compare", "word.txt", "word.txt", "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["matches"][0]["original"]["text"], "budget");
    let run = neardup_env(d.path(), &["compare", "word.txt", "good.txt"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("0 matches"), "{}", run.stdout);
}

#[test]
fn bad_flags_name_the_flag() {
    let d = setup();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["compare", "good.txt", "good.txt", "--threshold", "1.5"],
            &["--threshold"],
        ),
        (
            &["compare", "good.txt", "good.txt", "--threshold", "abc"],
            &["--threshold"],
        ),
        (
            &["compare", "good.txt", "good.txt", "--perms", "0"],
            &["--perms"],
        ),
        (
            &["compare", "good.txt", "good.txt", "--shingle", "byte:3"],
            &["byte:3", "word:1"],
        ),
        (
            &["compare", "good.txt", "good.txt", "--lang", "xx"],
            &["xx", "en"],
        ),
        (
            &["compare", "good.txt", "good.txt", "--format", "xml"],
            &["--format", "json"],
        ),
    ];
    for (args, needles) in cases {
        let run = neardup_env(d.path(), args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        for n in *needles {
            assert!(
                run.stderr.contains(n),
                "{args:?}: {:?} should mention {n}",
                run.stderr
            );
        }
    }
}

#[test]
fn pairs_file_with_a_byte_order_mark() {
    // Before: the BOM became part of the first path ('\u{feff}good.txt').
    let d = setup();
    fs::write(d.path().join("pairs.tsv"), "\u{feff}good.txt\tgood.txt\n").unwrap();
    let run = neardup_env(d.path(), &["compare", "--pairs", "pairs.tsv"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["original"]["path"], "good.txt", "{}", run.stdout);
}

#[test]
fn pairs_file_with_a_third_column() {
    // Before: the third column was glued onto the rewrite path.
    let d = setup();
    fs::write(d.path().join("pairs.tsv"), "good.txt\tgood.txt\tnote\n").unwrap();
    let run = neardup_env(d.path(), &["compare", "--pairs", "pairs.tsv"], &[]);
    one_line_error(&run, &["pairs.tsv", "line 1", "two tab-separated columns"]);
}

#[test]
fn base_without_pairs() {
    // Before: silently ignored.
    let d = setup();
    let run = neardup_env(
        d.path(),
        &["compare", "good.txt", "good.txt", "--base", "folder"],
        &[],
    );
    one_line_error(&run, &["--base", "--pairs"]);
}
