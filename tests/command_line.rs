//! The command-line conventions every command shares: `-` for standard
//! input (compare, --pairs, find), `-o/--output FILE`, `--threads N`,
//! shell completions and man pages, clap's errors in neardup's style,
//! negative numbers as values.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::*;

/// Runs `neardup ARGS` in `dir` with `input` on standard input.
fn neardup_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neardup"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().unwrap();
    // The binary may stop reading early (an error): a closed pipe is fine.
    let _ = stdin.write_all(input);
    drop(stdin);
    let run: Run = child.wait_with_output().expect("binary runs").into();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

const ORIGINAL: &str = "corpus/seed/original.txt";
const REWRITE: &str = "corpus/seed/rewrite.txt";

#[test]
fn dash_reads_the_original_or_the_rewrite_from_standard_input() {
    let files = neardup(&["compare", ORIGINAL, REWRITE, "-f", "json"]);
    assert_eq!(files.code, 0, "{}", files.stderr);
    let want: serde_json::Value = serde_json::from_str(&files.stdout).unwrap();
    for (args, piped, side) in [
        (["compare", "-", REWRITE], ORIGINAL, "original"),
        (["compare", ORIGINAL, "-"], REWRITE, "rewrite"),
    ] {
        let run = neardup_stdin(
            &root(),
            &[&args[..], &["-f", "json"]].concat(),
            read(piped).as_bytes(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut got: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(got[side]["path"], "<stdin>");
        got[side]["path"] = want[side]["path"].clone();
        assert_eq!(got, want, "compare with {side} on stdin");
    }
}

#[test]
fn dash_for_both_inputs_is_refused() {
    let run = neardup_stdin(&root(), &["compare", "-", "-"], b"some text here");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("only one can be standard input"),
        "{}",
        run.stderr
    );
}

#[test]
fn binary_standard_input_is_an_error_naming_it() {
    let run = neardup_stdin(&root(), &["compare", "-", REWRITE], &[0u8; 64]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("neardup: error: cannot read standard input ('-')"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("binary"), "{}", run.stderr);
}

/// A small index of four articles in a temp folder, and its path.
fn small_index(dir: &Path) -> std::path::PathBuf {
    let docs = dir.join("archive");
    std::fs::create_dir(&docs).unwrap();
    for name in ["seed", "harbury-tram", "ostley-bins", "calder-exoplanet"] {
        let from = if name == "seed" {
            ORIGINAL.to_string()
        } else {
            format!("corpus/pairs/{name}/original.txt")
        };
        std::fs::write(docs.join(format!("{name}.txt")), read(&from)).unwrap();
    }
    let index = dir.join("archive.ndx");
    let add = neardup(&[
        "index",
        "add",
        index.to_str().unwrap(),
        docs.to_str().unwrap(),
    ]);
    assert_eq!(add.code, 0, "{}", add.stderr);
    assert!(add.stdout.starts_with("4 files: 4 added"), "{}", add.stdout);
    index
}

#[test]
fn find_reads_the_query_from_standard_input_as_it_reads_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let index = small_index(dir.path());
    let index = index.to_str().unwrap();
    let query = "corpus/pairs/harbury-tram/rewrite.txt";
    for format in ["terminal", "json"] {
        let file = neardup(&["find", index, query, "-f", format]);
        assert_eq!(file.code, 0, "{}", file.stderr);
        let piped = neardup_stdin(
            &root(),
            &["find", index, "-", "-f", format],
            read(query).as_bytes(),
        );
        assert_eq!(piped.code, 0, "{}", piped.stderr);
        assert_eq!(piped.stderr, "");
        // The same report, but for the query's name.
        assert_eq!(
            piped.stdout,
            file.stdout.replace(query, "<stdin>"),
            "{format}"
        );
        assert_ne!(piped.stdout, file.stdout);
    }
    let run = neardup_stdin(
        &root(),
        &["find", index, "-", "-f", "json"],
        read(query).as_bytes(),
    );
    let got: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let q = &got["queries"][0];
    assert_eq!(q["path"], "<stdin>");
    let best = q["sources"][0]["path"].as_str().unwrap();
    assert!(best.ends_with("harbury-tram.txt"), "{best}");
}

#[test]
fn find_with_empty_standard_input_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = small_index(dir.path());
    for input in [&b""[..], b" \n\n"] {
        let run = neardup_stdin(&root(), &["find", index.to_str().unwrap(), "-"], input);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(
            run.stderr
                .starts_with("neardup: error: standard input ('-') is empty: nothing to look up"),
            "{}",
            run.stderr
        );
    }
    let twice = neardup_stdin(
        &root(),
        &["find", index.to_str().unwrap(), "-", "-"],
        b"text",
    );
    assert_eq!(twice.code, 2);
    assert!(twice.stderr.contains("more than once"), "{}", twice.stderr);
    let binary = neardup_stdin(&root(), &["find", index.to_str().unwrap(), "-"], &[0u8; 64]);
    assert_eq!(binary.code, 2);
    assert!(
        binary
            .stderr
            .starts_with("neardup: error: cannot read standard input ('-')"),
        "{}",
        binary.stderr
    );
    assert!(binary.stderr.contains("binary"), "{}", binary.stderr);
}

#[test]
fn pairs_list_from_standard_input_resolves_against_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("pairs.tsv");
    let line = format!(
        "{}\t{}\n",
        repo(ORIGINAL).display(),
        repo(REWRITE).display()
    );
    std::fs::write(&list, &line).unwrap();
    let from_file = neardup(&["compare", "--pairs", list.to_str().unwrap()]);
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    let from_stdin = neardup_stdin(&root(), &["compare", "--pairs", "-"], line.as_bytes());
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert_eq!(from_stdin.stdout, from_file.stdout);
    // Relative paths: against the current folder.
    let relative = format!("{ORIGINAL}\t{REWRITE}\n");
    let run = neardup_stdin(&root(), &["compare", "--pairs", "-"], relative.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(run.stdout.contains("\"matches\""), "{}", run.stdout);
}

#[test]
fn output_writes_the_report_to_a_new_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let to_stdout = neardup(&["compare", ORIGINAL, REWRITE, "-f", "json"]);
    for (i, args) in [
        vec!["compare", ORIGINAL, REWRITE, "-f", "json", "-o"],
        vec!["--output"],
    ]
    .iter()
    .enumerate()
    {
        let file = dir.path().join(format!("report{i}.json"));
        let file_arg = file.to_str().unwrap();
        // Global flag: after the command, or before it.
        let argv: Vec<&str> = if i == 0 {
            [&args[..], &[file_arg]].concat()
        } else {
            [
                &args[..],
                &[file_arg, "compare", ORIGINAL, REWRITE, "-f", "json"],
            ]
            .concat()
        };
        let run = neardup(&argv);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), to_stdout.stdout);
    }
    // Only the reports: no temporary file left beside them.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report0.json", "report1.json"]);
}

#[test]
fn output_works_for_scan_and_keeps_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scan.json");
    let to_stdout = neardup(&["scan", "corpus/scan-sample", "-f", "json", "-q"]);
    let run = neardup(&[
        "scan",
        "corpus/scan-sample",
        "-f",
        "json",
        "-q",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), to_stdout.stdout);
    // Nothing found (exit 1) still writes the report.
    let none = dir.path().join("none.txt");
    let run = neardup(&[
        "compare",
        "corpus/seed/original.txt",
        "corpus/scan-sample/austen-emma.txt",
        "-o",
        none.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&none)
            .unwrap()
            .contains("0 matches")
    );
}

#[test]
fn output_never_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "my notes").unwrap();
    let run = neardup(&["compare", ORIGINAL, REWRITE, "-o", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
}

#[test]
fn output_of_a_failed_command_is_never_created() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let run = neardup(&[
        "compare",
        "no/such/file.txt",
        REWRITE,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let run = neardup(&["compare", ORIGINAL, REWRITE, "-o", "no/such/folder/r.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no/such/folder/r.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn threads_flag_gives_the_same_report_for_any_count() {
    let args = ["scan", "corpus/scan-sample", "-f", "json", "-q"];
    let default = neardup(&args);
    assert_eq!(default.code, 0, "{}", default.stderr);
    for n in ["1", "2", "3"] {
        let run = neardup(&[&args[..], &["--threads", n]].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, default.stdout, "--threads {n}");
    }
    let compare = neardup(&["compare", ORIGINAL, REWRITE, "-f", "json"]);
    let one = neardup(&["--threads", "1", "compare", ORIGINAL, REWRITE, "-f", "json"]);
    assert_eq!(one.stdout, compare.stdout);
    let zero = neardup(&["scan", "corpus/scan-sample", "--threads", "0"]);
    assert_eq!(zero.code, 2);
    assert!(zero.stderr.contains("--threads"), "{}", zero.stderr);
}

#[test]
fn negative_threshold_names_the_valid_range() {
    for args in [
        vec!["compare", ORIGINAL, REWRITE, "--threshold", "-1"],
        vec!["compare", ORIGINAL, REWRITE, "-t", "-0.5"],
        vec!["scan", "corpus/scan-sample", "--threshold", "-1"],
    ] {
        let run = neardup(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            !run.stderr.contains("unexpected argument"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .starts_with("neardup: error: --threshold must be"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("at most 1"), "{}", run.stderr);
    }
}

#[test]
fn flag_errors_have_the_same_prefix_as_neardups_own() {
    for args in [
        vec!["scan", "--bogus"],
        vec!["compare", ORIGINAL, REWRITE, "--format", "xml"],
        vec!["frobnicate"],
    ] {
        let run = neardup(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.starts_with("neardup: error: "), "{}", run.stderr);
        assert!(!run.stderr.contains("error: error"), "{}", run.stderr);
    }
    // Help and version are not errors, and go to stdout.
    for args in [vec!["--help"], vec!["scan", "--help"], vec!["--version"]] {
        let run = neardup(&args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
        assert!(!run.stdout.is_empty());
    }
}

#[test]
fn completions_are_generated_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _neardup"),
        ("zsh", "#compdef neardup"),
        ("fish", "complete -c neardup"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[neardup]"),
    ] {
        let run = neardup(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: no {marker:?}");
        // Every command and a few options are completed (fish writes
        // `-l threshold`).
        for word in ["compare", "scan", "threshold", "output", "max-size"] {
            assert!(run.stdout.contains(word), "{shell} completes no {word}");
        }
    }
    let bad = neardup(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn man_pages_are_generated_for_neardup_and_each_command() {
    let top = neardup(&["man"]);
    assert_eq!(top.code, 0, "{}", top.stderr);
    assert!(
        top.stdout.contains(".TH neardup 1"),
        "{}",
        &top.stdout[..200]
    );
    for word in ["compare", "scan", "\\-\\-output", "\\-\\-threads"] {
        assert!(top.stdout.contains(word), "man page lacks {word}");
    }
    for (name, option) in [
        ("scan", "\\-\\-threshold"),
        ("compare", "\\-\\-pairs"),
        ("index-add", "\\-\\-batch"),
    ] {
        let run = neardup(&["man", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            run.stdout
                .contains(&format!(".TH neardup\\-{} 1", name.replace('-', "\\-")))
                || run.stdout.contains(&format!(".TH neardup-{name} 1")),
            "{name}: {}",
            &run.stdout[..200]
        );
        assert!(run.stdout.contains(option), "{name} page lacks {option}");
    }
    let bad = neardup(&["man", "nope"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("give one of: compare"),
        "{}",
        bad.stderr
    );
}

#[test]
fn large_compare_draws_no_spinner_off_a_terminal() {
    // Over the 1 MiB from which a terminal gets a spinner; stderr here is
    // a pipe, so nothing may be drawn on it.
    let dir = tempfile::tempdir().unwrap();
    let text = read(ORIGINAL).repeat(1100);
    assert!(text.len() > 1 << 20);
    let big = dir.path().join("big.txt");
    std::fs::write(&big, &text).unwrap();
    let run = neardup(&[
        "compare",
        big.to_str().unwrap(),
        REWRITE,
        "-f",
        "csv",
        "-t",
        "0.9",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}
