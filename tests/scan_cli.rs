//! `neardup scan` through the real binary: flags, exit codes, bad input,
//! walking rules, path lists, and the shape of every output format.

use std::fs;

use crate::scan_support::*;

const PARAGRAPH: &str = "The committee met on Tuesday to review the budget for the coming year, \
    and after a long discussion it agreed to fund the new library wing, to repair the roof of the \
    town hall, and to hire two more teachers for the primary school before the autumn term begins.\n";

const OTHER: &str = "A quick brown fox jumps over the lazy dog while the farmer sleeps under an \
    old oak tree, dreaming of rain, of green fields and of the market where he will sell his apples \
    and his pears on Saturday morning if the weather holds and the cart is mended in time.\n";

fn two_copies(dir: &std::path::Path) {
    fs::write(dir.join("a.txt"), PARAGRAPH).unwrap();
    fs::write(dir.join("b.txt"), PARAGRAPH).unwrap();
    fs::write(dir.join("c.txt"), OTHER).unwrap();
}

#[test]
fn exit_codes_found_nothing_found_and_error() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("dups")).unwrap();
    two_copies(&d.path().join("dups"));
    fs::create_dir(d.path().join("clean")).unwrap();
    fs::write(d.path().join("clean/a.txt"), PARAGRAPH).unwrap();
    fs::write(d.path().join("clean/c.txt"), OTHER).unwrap();
    assert_eq!(neardup(d.path(), &["scan", "dups"]).code, 0);
    let clean = neardup(d.path(), &["scan", "clean"]);
    assert_eq!(clean.code, 1);
    assert!(
        clean.stdout.contains("No near-duplicates"),
        "{}",
        clean.stdout
    );
    assert_eq!(
        clean.stderr, "",
        "no progress bar or noise when stderr is not a terminal"
    );
    let missing = neardup(d.path(), &["scan", "nope"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("'nope'"), "{}", missing.stderr);
}

#[test]
fn bad_flags_name_the_flag_and_exit_2() {
    let d = tempfile::tempdir().unwrap();
    two_copies(d.path());
    for (args, flag) in [
        (vec!["scan", "."], ""),
        (vec!["scan", ".", "--threshold", "1.5"], "--threshold"),
        (vec!["scan", ".", "--threshold", "0"], "--threshold"),
        (vec!["scan", ".", "--perms", "0"], "--perms"),
        (vec!["scan", ".", "--max-pairs", "0"], "--max-pairs"),
        (vec!["scan", ".", "--bucket-cap", "1"], "--bucket-cap"),
        (vec!["scan", ".", "--shingle", "word:0"], "word:0"),
        (vec!["scan", ".", "--lang", "klingon"], "klingon"),
        (vec!["scan", ".", "--format", "xml"], "xml"),
        (
            vec!["scan", ".", "--files-from", "missing-list.txt"],
            "missing-list.txt",
        ),
        (vec!["scan"], "PATH"),
    ] {
        let run = neardup(d.path(), &args);
        if flag.is_empty() {
            assert_eq!(run.code, 0, "{args:?}");
            continue;
        }
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(flag), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

#[test]
fn empty_and_short_documents_are_skipped_and_never_match_each_other() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..3 {
        fs::write(d.path().join(format!("empty{i}.txt")), "").unwrap();
        fs::write(d.path().join(format!("blank{i}.txt")), " \n\t\n ... !!\n").unwrap();
        fs::write(
            d.path().join(format!("short{i}.txt")),
            "just four words here",
        )
        .unwrap();
    }
    fs::write(d.path().join("one-word.txt"), "word").unwrap();
    let run = neardup(d.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let r = json(&run);
    assert_eq!(r["clusters"].as_array().unwrap().len(), 0);
    assert_eq!(r["summary"]["skipped"]["empty"], 6);
    assert_eq!(r["summary"]["skipped"]["too_short"], 4);
    assert_eq!(r["summary"]["documents"], 0);
    let short = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == "short0.txt")
        .unwrap();
    assert_eq!(short["reason"], "too_short");
    assert!(
        short["detail"].as_str().unwrap().contains("4 words"),
        "{short}"
    );
    assert_eq!(
        run.stderr, "",
        "short and empty files are counted, not warned about"
    );
    // With 1-word shingles the short documents are long enough, and match.
    let run = neardup(
        d.path(),
        &["scan", ".", "--shingle", "word:1", "--format", "json"],
    );
    assert_eq!(run.code, 0);
    let r = json(&run);
    assert_eq!(
        r["clusters"][0]["members"],
        serde_json::json!(["short0.txt", "short1.txt", "short2.txt"])
    );
}

#[test]
fn bad_files_are_warnings_and_counts_never_aborts() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    two_copies(p);
    fs::write(p.join("binary.dat"), b"PK\x03\x04\0\0binary").unwrap();
    let mut latin1 = PARAGRAPH.replace("committee", "comit\u{e9}").into_bytes();
    for b in latin1.iter_mut() {
        if *b == 0xc3 {
            *b = b'e';
        } else if *b == 0xa9 {
            *b = 0xe9;
        }
    }
    fs::write(p.join("latin1.txt"), &latin1).unwrap();
    // UTF-16 with a lone surrogate in the middle: the one thing the
    // automatic decoding cannot read cleanly.
    let mut units: Vec<u16> = PARAGRAPH.encode_utf16().collect();
    let space = PARAGRAPH[PARAGRAPH.len() / 2..].find(' ').unwrap() + PARAGRAPH.len() / 2;
    units.insert(space + 1, 0xD800);
    let broken: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_le_bytes()))
        .collect();
    fs::write(p.join("broken-utf16.txt"), &broken).unwrap();
    fs::write(p.join("huge.txt"), PARAGRAPH.repeat(50)).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(p, p.join("loop")).unwrap();
        std::os::unix::fs::symlink(p.join("gone.txt"), p.join("dangling.txt")).unwrap();
    }
    let run = neardup(
        p,
        &[
            "scan",
            ".",
            "--follow",
            "--max-size",
            "5000",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = json(&run);
    let s = &r["summary"]["skipped"];
    assert_eq!(s["binary"], 1);
    assert_eq!(s["too_large"], 1);
    assert_eq!(
        r["decoded_lossily"],
        serde_json::json!(["broken-utf16.txt"])
    );
    // The Latin-1 copy is decoded (only one word differs) and the lossily
    // decoded copy still matches.
    let members = r["clusters"][0]["members"].as_array().unwrap();
    for m in ["latin1.txt", "broken-utf16.txt"] {
        assert!(members.contains(&serde_json::json!(m)), "{members:?}");
    }
    for needle in [
        "'binary.dat': binary file (NUL byte at offset 4)",
        "'huge.txt'",
        "--max-size",
        "'broken-utf16.txt': bytes invalid in its encoding",
    ] {
        assert!(
            run.stderr.contains(needle),
            "missing {needle:?} in {}",
            run.stderr
        );
    }
    #[cfg(unix)]
    {
        assert_eq!(s["symlink_loop"], 1);
        assert_eq!(s["unreadable"], 1);
        assert!(
            run.stderr.contains("'loop': symbolic link loop"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("'dangling.txt': broken symbolic link"),
            "{}",
            run.stderr
        );
    }
    for line in run.stderr.lines() {
        assert!(
            line.starts_with("neardup: warning: '"),
            "one line per warning, naming the file: {line}"
        );
    }
    let quiet = neardup(p, &["scan", ".", "--follow", "--max-size", "5000", "-q"]);
    assert_eq!(quiet.stderr, "");
    assert!(
        quiet.stdout.contains("skipped (1 binary, 1 too large"),
        "{}",
        quiet.stdout
    );
}

#[test]
fn hidden_files_and_symlinks_are_skipped_by_default() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    fs::create_dir(p.join("docs")).unwrap();
    fs::write(p.join("docs/a.txt"), PARAGRAPH).unwrap();
    fs::write(p.join("docs/.b.txt"), PARAGRAPH).unwrap();
    fs::create_dir(p.join("docs/.git")).unwrap();
    fs::write(p.join("docs/.git/c.txt"), PARAGRAPH).unwrap();
    fs::write(p.join("outside.txt"), PARAGRAPH).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(p.join("outside.txt"), p.join("docs/link.txt")).unwrap();
    let run = neardup(p, &["scan", "docs", "--format", "json"]);
    assert_eq!(run.code, 1);
    let r = json(&run);
    assert_eq!(r["summary"]["hidden_ignored"], 2);
    let hidden = json(&neardup(
        p,
        &["scan", "docs", "--hidden", "--format", "json"],
    ));
    assert_eq!(
        hidden["clusters"][0]["members"],
        serde_json::json!(["docs/.b.txt", "docs/.git/c.txt", "docs/a.txt"])
    );
    #[cfg(unix)]
    {
        assert_eq!(r["summary"]["symlinks_ignored"], 1);
        let follow = json(&neardup(
            p,
            &["scan", "docs", "--follow", "--format", "json"],
        ));
        assert_eq!(
            follow["clusters"][0]["members"],
            serde_json::json!(["docs/a.txt", "docs/link.txt"])
        );
    }
}

#[test]
fn ext_filter_and_path_lists() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    fs::write(p.join("a.txt"), PARAGRAPH).unwrap();
    fs::write(p.join("b.MD"), PARAGRAPH).unwrap();
    fs::write(p.join("c.html"), PARAGRAPH).unwrap();
    let r = json(&neardup(
        p,
        &["scan", ".", "--ext", "txt,.md", "--format", "json"],
    ));
    assert_eq!(
        r["clusters"][0]["members"],
        serde_json::json!(["a.txt", "b.MD"])
    );
    assert_eq!(r["summary"]["excluded_by_ext"], 1);
    assert_eq!(
        r["settings"]["extensions"],
        serde_json::json!(["txt", "md"])
    );

    fs::write(p.join("list.txt"), "a.txt\r\nc.html\n\nmissing.txt\n").unwrap();
    let run = neardup(p, &["scan", "--files-from", "list.txt", "--format", "json"]);
    assert_eq!(run.code, 0);
    let r = json(&run);
    assert_eq!(
        r["clusters"][0]["members"],
        serde_json::json!(["a.txt", "c.html"])
    );
    assert!(
        run.stderr.contains("'missing.txt': cannot read"),
        "{}",
        run.stderr
    );
    let stdin = neardup_env(
        p,
        &["scan", "--files-from", "-", "--format", "json"],
        &[],
        Some("b.MD\nc.html\n"),
    );
    assert_eq!(
        json(&stdin)["clusters"][0]["members"],
        serde_json::json!(["b.MD", "c.html"])
    );
}

#[test]
fn json_schema() {
    let d = tempfile::tempdir().unwrap();
    two_copies(d.path());
    fs::write(d.path().join("empty.txt"), "").unwrap();
    let r = json(&neardup(d.path(), &["scan", ".", "--format", "json"]));
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&r);
    top.sort();
    assert_eq!(
        top,
        [
            "changed_during_scan",
            "clusters",
            "decoded_lossily",
            "non_utf8",
            "pairs",
            "settings",
            "similarity_histogram",
            "skipped",
            "summary"
        ]
    );
    let bins = r["similarity_histogram"].as_array().unwrap();
    assert_eq!(
        bins.len(),
        26,
        "one bin per possible estimate from 103/128, and 1"
    );
    assert_eq!(
        bins[0],
        serde_json::json!({"from": 0.8047, "to": 0.8125, "pairs": 0})
    );
    assert_eq!(
        bins[25],
        serde_json::json!({"from": 1.0, "to": 1.0, "pairs": 1})
    );
    assert_eq!(
        r["pairs"],
        serde_json::json!([{"a": "a.txt", "b": "b.txt", "similarity": 1.0, "cluster": 1}])
    );
    assert_eq!(
        r["clusters"],
        serde_json::json!([{
            "id": 1, "size": 2, "representative": "a.txt", "members": ["a.txt", "b.txt"],
            "member_similarity": [1.0, 1.0], "pairs": 1, "pairs_listed": 1
        }])
    );
    assert_eq!(
        r["skipped"],
        serde_json::json!([{"path": "empty.txt", "reason": "empty", "detail": "no words"}])
    );
    let s = &r["summary"];
    for k in [
        "files",
        "documents",
        "bytes",
        "decoded_lossily",
        "changed_during_scan",
        "hidden_ignored",
        "symlinks_ignored",
        "excluded_by_ext",
        "distinct_texts",
        "candidate_pairs",
        "oversized_buckets",
        "similar_pairs",
        "pairs_listed",
        "clusters",
        "documents_in_clusters",
        "redundant_documents",
    ] {
        assert!(s[k].is_u64(), "summary.{k} = {}", s[k]);
    }
    for k in [
        "empty",
        "too_short",
        "binary",
        "too_large",
        "unreadable",
        "symlink_loop",
    ] {
        assert!(s["skipped"][k].is_u64(), "summary.skipped.{k}");
    }
    assert_eq!(s["files"], 4);
    assert_eq!(s["documents"], 3);
    assert_eq!(s["redundant_documents"], 1);
    let st = &r["settings"];
    assert_eq!(st["shingle"], "word:5");
    assert_eq!(st["perms"], 128);
    assert_eq!(st["threshold"], 0.8);
    assert_eq!(st["exact"], false);
    assert_eq!(
        (st["bands"].as_u64().unwrap(), st["rows"].as_u64().unwrap()),
        (14, 9)
    );
    let miss = st["miss_rate_at_threshold"].as_f64().unwrap();
    assert!(
        (miss - (1.0 - 0.8f64.powi(9)).powi(14)).abs() < 1e-4,
        "{miss}"
    );
    for k in [
        "lang",
        "keep_stop_words",
        "seed",
        "sketch",
        "fp_weight",
        "fn_weight",
        "max_pairs",
        "bucket_cap",
        "max_size",
        "hidden",
        "follow",
    ] {
        assert!(!st[k].is_null(), "settings.{k}");
    }
}

#[test]
fn jsonl_and_csv_carry_the_same_result() {
    let d = tempfile::tempdir().unwrap();
    two_copies(d.path());
    fs::write(d.path().join("b, \"quoted\".txt"), PARAGRAPH).unwrap();
    fs::write(d.path().join("empty.txt"), "").unwrap();
    let r = json(&neardup(d.path(), &["scan", ".", "--format", "json"]));
    let jsonl = neardup(d.path(), &["scan", ".", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let types: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "settings", "summary", "cluster", "pair", "pair", "pair", "skipped"
        ]
    );
    assert!(jsonl.stdout.lines().all(|l| l.starts_with("{\"type\":")));
    assert_eq!(lines[1]["similar_pairs"], r["summary"]["similar_pairs"]);
    assert_eq!(lines[2]["members"], r["clusters"][0]["members"]);
    assert_eq!(lines[3]["a"], r["pairs"][0]["a"]);

    let csv = neardup(d.path(), &["scan", ".", "--format", "csv"]);
    assert_eq!(
        csv.stdout,
        "cluster,a,b,similarity\n1,a.txt,\"b, \"\"quoted\"\".txt\",1\n1,a.txt,b.txt,1\n1,\"b, \"\"quoted\"\".txt\",b.txt,1\n"
    );
}

#[test]
fn verbose_reports_the_lsh_choice_and_timings_on_stderr_only() {
    let d = tempfile::tempdir().unwrap();
    two_copies(d.path());
    let run = neardup(
        d.path(),
        &[
            "scan",
            ".",
            "--verbose",
            "--format",
            "json",
            "--threshold",
            "0.5",
        ],
    );
    assert_eq!(run.code, 0);
    json(&run);
    assert!(run.stderr.contains("bands x"), "{}", run.stderr);
    assert!(
        run.stderr.contains("missed with probability"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("MB/s end to end"), "{}", run.stderr);
    if cfg!(target_os = "linux") {
        assert!(run.stderr.contains("MB (VmHWM"), "{}", run.stderr);
    }
}

#[test]
fn help_teaches_with_examples() {
    let d = tempfile::tempdir().unwrap();
    let run = neardup(d.path(), &["scan", "--help"]);
    assert_eq!(run.code, 0);
    for needle in [
        "Examples:",
        "--files-from",
        "--exact",
        "Exit status",
        "RAYON_NUM_THREADS",
    ] {
        assert!(run.stdout.contains(needle), "missing {needle}");
    }
}

/// The histogram counts every similar pair, listed or not: with
/// `--max-pairs 1` it is the same as the histogram of the full listing,
/// binned here from the listed similarities.
#[test]
fn similarity_histogram_counts_pairs_beyond_the_listing_cap() {
    let d = tempfile::tempdir().unwrap();
    let mut rng = neardup::internals::SplitMix64::new(11);
    let lex = lexicon(&mut rng, 400);
    let base = Doc::random(&mut rng, &lex, 600);
    let mut files = Vec::new();
    // Three copies of the base, two copies of each of two edited versions:
    // one cluster of 7 documents, 21 pairs, at several similarities.
    for k in 0..3 {
        files.push((format!("base-{k}.txt"), base.text().into_bytes()));
    }
    for (v, edits) in [(1, 4), (2, 9)] {
        let text = base.edited(&mut rng, &lex, edits).text();
        for k in 0..2 {
            files.push((format!("edit{v}-{k}.txt"), text.clone().into_bytes()));
        }
    }
    write_corpus(d.path(), &files);
    for exact in [false, true] {
        let mut args = vec!["scan", ".", "--format", "json", "--threshold", "0.5"];
        if exact {
            args.push("--exact");
        }
        let full = json(&neardup(d.path(), &args));
        args.extend(["--max-pairs", "1"]);
        let capped = json(&neardup(d.path(), &args));
        assert_eq!(full["summary"]["similar_pairs"], 21, "exact {exact}");
        assert_eq!(full["pairs"].as_array().unwrap().len(), 21);
        assert_eq!(capped["pairs"].as_array().unwrap().len(), 1);
        let hist = &capped["similarity_histogram"];
        assert_eq!(hist, &full["similarity_histogram"], "exact {exact}");
        // The oracle: the full listing binned by the histogram's bounds.
        let bins = hist.as_array().unwrap();
        let mut want = vec![0u64; bins.len()];
        for p in full["pairs"].as_array().unwrap() {
            let s = p["similarity"].as_f64().unwrap();
            let at = bins
                .iter()
                .position(|b| {
                    let (from, to) = (b["from"].as_f64().unwrap(), b["to"].as_f64().unwrap());
                    (from <= s && s < to) || (from == 1.0 && s == 1.0)
                })
                .unwrap_or_else(|| panic!("{s} is in no bin"));
            want[at] += 1;
        }
        let got: Vec<u64> = bins.iter().map(|b| b["pairs"].as_u64().unwrap()).collect();
        assert_eq!(got, want, "exact {exact}");
        assert_eq!(got.last(), Some(&(3 + 1 + 1)), "copies are at exactly 1");
        assert!(
            got.iter().filter(|&&n| n > 0).count() >= 3,
            "the pairs spread over several bins: {got:?}"
        );
        // Bins are contiguous, from the threshold up.
        assert!(bins[0]["from"].as_f64().unwrap() >= 0.5);
        for w in bins[..bins.len() - 1].windows(2) {
            assert_eq!(w[0]["to"], w[1]["from"]);
        }
    }
}

#[cfg(unix)]
#[test]
fn every_path_met_is_counted_once() {
    // Before: a FIFO inside a walked folder was dropped and counted
    // nowhere; an unlistable folder and a missing listed path counted as
    // skipped but not as files, so files != documents + skipped.
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    fs::create_dir(p.join("c")).unwrap();
    two_copies(&p.join("c"));
    fs::write(p.join("c/empty.txt"), "").unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(p.join("c/pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    fs::create_dir(p.join("c/locked")).unwrap();
    fs::write(p.join("c/locked/x.txt"), PARAGRAPH).unwrap();
    fs::set_permissions(p.join("c/locked"), fs::Permissions::from_mode(0o000)).unwrap();
    // Root lists any folder: then `locked` is walked like any other.
    let locked = fs::read_dir(p.join("c/locked")).is_err();
    fs::write(p.join("list"), "missing.txt\n").unwrap();
    let run = neardup(p, &["scan", "c", "--files-from", "list", "-f", "json"]);
    fs::set_permissions(p.join("c/locked"), fs::Permissions::from_mode(0o755)).unwrap();
    let r = json(&run);
    let s = &r["summary"];
    let skipped: u64 = s["skipped"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(
        s["files"].as_u64().unwrap(),
        s["documents"].as_u64().unwrap() + skipped,
        "{s}"
    );
    let skipped_paths: Vec<&str> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["path"].as_str().unwrap())
        .collect();
    assert!(skipped_paths.contains(&"missing.txt"), "{skipped_paths:?}");
    let mut want_files = 3 + 1 + 1; // a b c, empty, missing.txt
    if made {
        assert!(skipped_paths.contains(&"c/pipe.txt"), "{skipped_paths:?}");
        assert!(run.stderr.contains("c/pipe.txt"), "{}", run.stderr);
        want_files += 1;
    }
    if locked {
        assert!(skipped_paths.contains(&"c/locked"), "{skipped_paths:?}");
        want_files += 1;
    } else {
        want_files += 1; // locked/x.txt, read as root
    }
    assert_eq!(s["files"], want_files, "{s}");
}

/// Issue 10, defect 5: `x\xff.txt` and `x\xfe.txt` were both shown as
/// `x\u{fffd}.txt`, so JSON, JSON lines and CSV named two files alike and a
/// pair came out with `a == b`. Invalid bytes are now shown as `\xHH`, and a
/// UTF-8 name that reads like such an escape has its backslash doubled.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_do_not_collide() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    for name in [&b"x\xff.txt"[..], b"x\xfe.txt", b"x\\xFF.txt"] {
        fs::write(d.path().join(OsStr::from_bytes(name)), PARAGRAPH).unwrap();
    }
    let names = ["x\\\\xFF.txt", "x\\xFE.txt", "x\\xFF.txt"];
    let expected_pairs = [(0, 1), (0, 2), (1, 2)];

    let r = json(&neardup(d.path(), &["scan", ".", "--format", "json"]));
    assert_eq!(r["summary"]["documents"], 3, "{r}");
    assert_eq!(r["clusters"][0]["members"], serde_json::json!(names), "{r}");
    let pairs: Vec<(&str, &str)> = r["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["a"].as_str().unwrap(), p["b"].as_str().unwrap()))
        .collect();
    let want: Vec<(&str, &str)> = expected_pairs
        .iter()
        .map(|&(a, b)| (names[a], names[b]))
        .collect();
    assert_eq!(pairs, want);
    assert!(pairs.iter().all(|(a, b)| a < b), "a < b: {pairs:?}");

    let jsonl = neardup(d.path(), &["scan", ".", "--format", "jsonl"]);
    let listed: Vec<(String, String)> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["type"] == "pair")
        .map(|p| (p["a"].to_string(), p["b"].to_string()))
        .collect();
    assert_eq!(listed.len(), 3, "{}", jsonl.stdout);
    assert!(listed.iter().all(|(a, b)| a != b), "{listed:?}");

    let csv = neardup(d.path(), &["scan", ".", "--format", "csv"]);
    let rows: String = expected_pairs
        .iter()
        .map(|&(a, b)| format!("1,{},{},1\n", names[a], names[b]))
        .collect();
    assert_eq!(csv.stdout, format!("cluster,a,b,similarity\n{rows}"));

    let terminal = neardup(d.path(), &["scan", "."]);
    for name in names {
        assert_eq!(
            terminal.stdout.matches(name).count(),
            1,
            "{name} once in:\n{}",
            terminal.stdout
        );
    }
    assert!(!terminal.stdout.contains('\u{fffd}'), "{}", terminal.stdout);
}
